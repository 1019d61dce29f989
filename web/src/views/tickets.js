// Queues (new reports, mine, overdue, NIS2 deadlines, investigations, unrouted events) and the
// ticket page: fields, links, correspondence, history, reply, comment, one-click investigate.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { get, post, query } from "../api.js";
import { t } from "../i18n.js";
import { useApi, Error, TicketTable, EventTable, when } from "./common.js";

const queues = {
  new: () => ({ queue: "reports", status: "new" }),
  mine: () => ({ owner: "me" }),
  overdue: () => ({ overdue: 1 }),
  incidents: () => ({ queue: "incidents" }),
  investigations: () => ({ queue: "investigations" }),
};

export function Queues({ queue }) {
  const tabs = [["new", t("new_reports")], ["mine", t("mine")], ["overdue", t("overdue")],
    ["nis2", t("nis2")], ["incidents", t("incidents")], ["investigations", t("investigations")],
    ["unrouted", t("unrouted")]];
  return html`<div>
    <nav class="tabs">${tabs.map(([k, label]) => html`<a class=${k === queue ? "on" : ""} href=${"#/queues?q=" + k}>${label}</a>`)}</nav>
    ${queue === "unrouted" ? html`<${Unrouted} />` : html`<${QueueList} queue=${queue} />`}
  </div>`;
}

function QueueList({ queue }) {
  const [data, error] = useApi(async () => {
    if (queue === "nis2") {
      const r = await get("/api/v1/tickets" + query({ queue: "incidents", limit: 500 }));
      return { tickets: r.tickets.filter((k) => k.nis2) };
    }
    return get("/api/v1/tickets" + query({ ...(queues[queue] || queues.new)(), limit: 200 }));
  }, [queue]);
  if (error) return html`<${Error} error=${error} />`;
  if (!data) return html`<p class="loading">…</p>`;
  return html`<${TicketTable} tickets=${data.tickets} />`;
}

function Unrouted() {
  const [data, error] = useApi(async () => {
    const r = await get("/api/v1/events" + query({ since: "7d", limit: 500 }));
    return r.events.filter((e) => e.route === "unrouted" || e.route === "triage");
  }, []);
  if (error) return html`<${Error} error=${error} />`;
  if (!data) return html`<p class="loading">…</p>`;
  return html`<${EventTable} events=${data} />`;
}

function Messages({ messages }) {
  if (!messages.length) return html`<p class="muted">${t("nothing")}</p>`;
  return messages.map((m) => html`<article class=${"message " + m.direction}>
    <header><b>${m.direction}</b> ${when(m.at)} ${m.from || m.actor || ""}${m.to ? " → " + m.to : ""}<br/>${m.subject || ""}</header>
    <pre>${m.body}</pre>
    ${m.attachments.length > 0 && html`<p class="muted">${m.attachments.map((a) => a.name + " (" + a.size + " B)").join(", ")}</p>`}
  </article>`);
}

export function TicketPage({ id, me }) {
  const [data, error, reload] = useApi(() => get("/api/v1/tickets/" + id), [id]);
  const [text, setText] = useState("");
  const [note, setNote] = useState("");
  const [result, setResult] = useState(null);
  if (error) return html`<${Error} error=${error} />`;
  if (!data) return html`<p class="loading">…</p>`;
  const k = data.ticket;
  const act = async (fn) => {
    setNote("");
    try {
      await fn();
      reload();
    } catch (e) {
      setNote(e.message);
    }
  };
  // Share: the ticket's evidence as MISP, STIX, IODEF or X-ARF for a recipient, TLP applied
  // by the server; the document downloads, the note says what went and what TLP kept back.
  const share = (e) => act(async () => {
    e.preventDefault();
    const f = e.target;
    const format = f.format.value;
    const res = await fetch(`/api/v1/share/${format}?ticket=${k.id}&for=${encodeURIComponent(f.recipient.value)}`,
      { credentials: "same-origin", headers: { Accept: "*/*" } });
    if (!res.ok) {
      let message = res.statusText;
      try { message = (await res.json()).error.message; } catch { /* not JSON */ }
      throw new Error(message);
    }
    const blob = await res.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `ticket-${k.id}-${format}.${format === "iodef" ? "xml" : format === "xarf" ? "jsonl" : "json"}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    setNote(t("shared_note").replace("{n}", res.headers.get("X-Shared-Events")).replace("{w}", res.headers.get("X-Withheld-Events")));
  });
  const investigate = () => act(async () => {
    const plan = await post(`/api/v1/tickets/${k.id}/investigate`, {});
    setResult(plan);
    setNote(t("investigate_done"));
  });
  return html`<div class="ticket">
    <h1>${data.tag} ${k.subject}</h1>
    <dl class="fields">
      <dt>${t("status")}</dt><dd>${k.status}</dd><dt>${t("severity")}</dt><dd>${k.severity_label || "–"}</dd>
      <dt>${t("classification")}</dt><dd>${k.classification || "–"}</dd><dt>TLP</dt><dd>${k.tlp}</dd>
      <dt>${t("organisation")}</dt><dd>${k.organisation || "–"}</dd><dt>${t("owner")}</dt><dd>${k.owner || "–"}</dd>
      <dt>${t("created")}</dt><dd>${when(k.created)}</dd><dt>${t("due")}</dt><dd class=${k.overdue ? "overdue" : ""}>${when(k.due) || "–"}</dd>
      <dt>${t("events")}</dt><dd>${data.events}</dd>
    </dl>
    ${me.can_write && html`<p class="actions">
      ${k.queue === "reports" && html`<button data-testid="investigate" onClick=${investigate}>${t("investigate")}</button>`}
    </p>`}
    ${me.can_write && html`<form class="share" data-testid="share" onSubmit=${share}>
      <select name="format" aria-label=${t("format")}>
        <option value="misp">MISP</option><option value="stix">STIX 2.1</option>
        <option value="iodef">IODEF</option><option value="xarf">X-ARF</option>
      </select>
      <input name="recipient" aria-label=${t("recipient")} value="community" title=${t("recipient_hint")} />
      <button type="submit">${t("share")}</button>
    </form>`}
    ${note && html`<p class="note" role="status">${note}</p>`}
    ${result && html`<ul class="plan">${result.targets.map((x) => html`<li>${x.route} ${x.email || ""} ${x.organisation || ""}: ${x.lines} ${x.investigation ? html`→ <a href=${"#/tickets/" + x.investigation}>#${x.investigation}</a>` : ""}</li>`)}</ul>`}
    ${(data.parents.length > 0 || data.children.length > 0) && html`<section><h2>Links</h2><${TicketTable} tickets=${[...data.parents, ...data.children]} /></section>`}
    <section><h2>${t("correspondence")}</h2><${Messages} messages=${data.messages} /></section>
    ${me.can_write && html`<section class="compose">
      <textarea aria-label=${t("reply")} value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
      <button onClick=${() => act(async () => { await post(`/api/v1/tickets/${k.id}/replies`, { text }); setText(""); })}>${t("reply")}</button>
      <button class="secondary" onClick=${() => act(async () => { await post(`/api/v1/tickets/${k.id}/comments`, { text }); setText(""); })}>${t("comment")}</button>
    </section>`}
    <section><h2>${t("history")}</h2><table class="grid"><tbody>${data.history.map((h) => html`<tr>
      <td>${when(h.at)}</td><td>${h.actor}</td><td>${h.action}</td><td>${h.field || ""}</td><td>${h.old || ""}</td><td>${h.new || ""}</td></tr>`)}</tbody></table></section>
  </div>`;
}
