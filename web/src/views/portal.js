// The constituent portal: the organisation's own findings (current, per network, history),
// downloads, feedback on its investigations (fixed, false positive), its own contacts and
// inhibitions within the team's limits, and the advisories meant for it.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { get, post, del, query } from "../api.js";
import { t } from "../i18n.js";
import { useApi, Error, EventTable, when } from "./common.js";

function Findings({ org }) {
  const [network, setNetwork] = useState("");
  const [since, setSince] = useState("30d");
  const [data, error] = useApi(() => get("/api/v1/events" + query({ cidr: network, since, limit: 500 })), [network, since]);
  const [orgData] = useApi(() => get("/api/v1/organisations/" + encodeURIComponent(org)), [org]);
  const nets = orgData ? orgData.networks.filter((n) => n.kind === "ip-range" || n.kind === "route") : [];
  return html`<section>
    <h2>${t("current")}</h2>
    <div class="filters">
      <label>${t("network")}<select value=${network} onChange=${(e) => setNetwork(e.target.value)}>
        <option value="">*</option>${nets.map((n) => html`<option value=${n.key.includes("/") ? n.key : ""}>${n.key}</option>`)}</select></label>
      <label>${t("period")}<select value=${since} onChange=${(e) => setSince(e.target.value)}>
        ${["7d", "30d", "90d", "365d"].map((d) => html`<option value=${d}>${d}</option>`)}</select></label>
      <a class="button secondary" href=${"/api/v1/events" + query({ cidr: network, since, format: "csv" })} download="findings.csv">${t("download")} CSV</a>
      <a class="button secondary" href=${"/api/v1/events" + query({ cidr: network, since, format: "jsonl" })} download="findings.jsonl">${t("download")} JSON</a>
    </div>
    <${Error} error=${error} />
    ${data && html`<${EventTable} events=${data.events} />`}
  </section>`;
}

function Investigations() {
  const [data, error, reload] = useApi(() => get("/api/v1/tickets" + query({ state: "all", limit: 100 })), []);
  const [done, setDone] = useState("");
  const feedback = async (id, kind) => {
    await post(`/api/v1/tickets/${id}/feedback`, { kind });
    setDone(t("feedback_sent"));
    reload();
  };
  return html`<section>
    <h2>${t("investigations")}</h2>
    <${Error} error=${error} />
    ${done && html`<p class="note" role="status">${done}</p>`}
    ${data && (data.tickets.length === 0 ? html`<p class="muted">${t("nothing")}</p>` : html`<table class="grid"><tbody>
      ${data.tickets.map((k) => html`<tr><td>#${k.id}</td><td>${k.subject}</td><td>${k.status}</td><td>${when(k.created)}</td>
        <td>${k.tags.includes("fixed") ? t("fixed") : k.tags.includes("false-positive") ? t("false_positive") : html`
          <button onClick=${() => feedback(k.id, "fixed")}>${t("fixed")}</button>
          <button class="secondary" onClick=${() => feedback(k.id, "false-positive")}>${t("false_positive")}</button>`}</td></tr>`)}
    </tbody></table>`)}
  </section>`;
}

function Contacts({ org }) {
  const [data, error, reload] = useApi(() => get("/api/v1/organisations/" + encodeURIComponent(org)), [org]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("abuse");
  const [problem, setProblem] = useState("");
  const add = async (e) => {
    e.preventDefault();
    setProblem("");
    try {
      await post(`/api/v1/organisations/${encodeURIComponent(org)}/contacts`, { email, role });
      setEmail("");
      reload();
    } catch (err) {
      setProblem(err.message);
    }
  };
  return html`<section>
    <h2>${t("contacts")}</h2>
    <${Error} error=${error} />
    ${data && html`<ul>${data.contacts.map((c) => html`<li>${c.email} <span class="muted">${c.role}</span>
      ${c.editable && html`<button class="link" onClick=${async () => { await del(`/api/v1/organisations/${encodeURIComponent(org)}/contacts/${encodeURIComponent(c.email)}`); reload(); }}>${t("remove")}</button>`}</li>`)}</ul>`}
    ${data && data.portal_max_contacts > 0 && html`<form class="filters" onSubmit=${add}>
      <label>E-mail<input type="email" value=${email} onInput=${(e) => setEmail(e.target.value)} /></label>
      <label>Role<select value=${role} onChange=${(e) => setRole(e.target.value)}>${["abuse", "security", "noc", "management"].map((r) => html`<option>${r}</option>`)}</select></label>
      <button type="submit">${t("add_contact")}</button></form>`}
    ${problem && html`<p class="error">${problem}</p>`}
  </section>`;
}

// What the organisation runs: it is warned when an advisory names one of these.
export function Products({ org, editable }) {
  const base = `/api/v1/organisations/${encodeURIComponent(org)}/products`;
  const [data, error, reload] = useApi(() => get(base), [org]);
  const [form, setForm] = useState({ vendor: "", product: "", version: "" });
  const [problem, setProblem] = useState("");
  const add = async (e) => {
    e.preventDefault();
    setProblem("");
    try {
      await post(base, form);
      setForm({ vendor: "", product: "", version: "" });
      reload();
    } catch (err) {
      setProblem(err.message);
    }
  };
  const remove = async (x) => {
    await del(base + query({ vendor: x.vendor, product: x.product, version: x.version || "" }));
    reload();
  };
  const field = (k, label) => html`<label>${label}<input data-testid=${"product-" + k} value=${form[k]}
    onInput=${(e) => setForm({ ...form, [k]: e.target.value })} /></label>`;
  return html`<section>
    <h2>${t("products")}</h2>
    <${Error} error=${error} />
    ${data && (data.products.length === 0 ? html`<p class="muted">${t("no_products")}</p>` : html`<ul data-testid="products">${data.products.map((x) =>
      html`<li>${x.vendor} ${x.product} ${x.version || ""} <span class="muted">${x.source}${x.cves.length ? " · " + x.cves.join(", ") : ""}</span>
        ${editable && x.source === "declared" && html`<button class="link" onClick=${() => remove(x)}>${t("remove")}</button>`}</li>`)}</ul>`)}
    ${editable && html`<form class="filters" onSubmit=${add}>
      ${field("vendor", t("vendor"))}${field("product", t("product"))}${field("version", t("version"))}
      <button type="submit" data-testid="product-add">${t("add_product")}</button></form>`}
    ${problem && html`<p class="error">${problem}</p>`}
  </section>`;
}

function Inhibitions() {
  const [data, error, reload] = useApi(() => get("/api/v1/inhibitions"), []);
  const [form, setForm] = useState({ network: "", classification: "", until: "14d", reason: "" });
  const [problem, setProblem] = useState("");
  const add = async (e) => {
    e.preventDefault();
    setProblem("");
    try {
      await post("/api/v1/inhibitions", form);
      reload();
    } catch (err) {
      setProblem(err.message);
    }
  };
  return html`<section>
    <h2>${t("inhibitions")}</h2>
    <${Error} error=${error} />
    ${data && html`<ul>${data.inhibitions.map((i) => html`<li>${i.network || "*"} ${i.classification || "*"} → ${when(i.until)} <span class="muted">${i.reason || ""}</span>
      <button class="link" onClick=${async () => { await del("/api/v1/inhibitions/" + i.id); reload(); }}>${t("remove")}</button></li>`)}</ul>`}
    <form class="filters" onSubmit=${add}>
      ${["network", "classification", "until", "reason"].map((f) => html`<label>${t(f) === f ? f : t(f)}<input value=${form[f]} onInput=${(e) => setForm({ ...form, [f]: e.target.value })} /></label>`)}
      <button type="submit">${t("inhibit")}</button></form>
    ${problem && html`<p class="error">${problem}</p>`}
  </section>`;
}

export function Portal({ me }) {
  return html`<div class="portal">
    <h1>${me.organisation}</h1>
    <${Findings} org=${me.organisation} />
    <${Investigations} />
    <div class="row"><${Contacts} org=${me.organisation} /><${Inhibitions} /></div>
    <${Products} org=${me.organisation} editable=${true} />
    <section><h2>${t("advisories")}</h2><p class="muted">${t("no_advisories")}</p></section>
  </div>`;
}
