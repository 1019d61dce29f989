// The team's advisories: the list, a new draft written in Markdown with its TOML front
// matter, and one advisory's page with the workflow's actions (submit, approve, reject,
// publish, withdraw) through /api/v1/advisories.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { api, get, post, query } from "../api.js";
import { t } from "../i18n.js";
import { useApi, Error, when } from "./common.js";

const TEMPLATE = `+++
title = ""
audience = "pro"            # pro | citizen
kind = "advisory"           # advisory | recommendation | warning
lang = "en"                 # nl | fr | en | de
tlp = "CLEAR"
severity = "high"
cves = []
cvss = []
references = []
+++
`;

export function Advisories() {
  const [data, error, reload] = useApi(() => get("/api/v1/advisories" + query({ limit: 200 })), []);
  const [source, setSource] = useState(TEMPLATE);
  const [problem, setProblem] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    setProblem(null);
    try {
      const a = await post("/api/v1/advisories", { source });
      location.hash = "#/advisories/" + a.id;
    } catch (err) {
      setProblem(err);
    }
  };
  return html`<div>
    <${Error} error=${error} />
    ${data && html`<table class="grid advisories"><thead><tr><th>ID</th><th>${t("status")}</th>
      <th>${t("audience")}</th><th>Lang</th><th>TLP</th><th>${t("subject")}</th><th>${t("published")}</th></tr></thead>
      <tbody>${data.advisories.map((a) => html`<tr><td><a href=${"#/advisories/" + a.id}>${a.tracking_id}</a></td>
        <td>${a.status}</td><td>${a.audience}</td><td>${a.lang}</td><td>${a.tlp}</td><td>${a.title}</td>
        <td>${when(a.published)}</td></tr>`)}</tbody></table>`}
    <form class="advisory-new" onSubmit=${create}>
      <h2>${t("new_advisory")}</h2>
      <textarea name="source" rows="16" value=${source} onInput=${(e) => setSource(e.target.value)}></textarea>
      <button type="submit" data-testid="advisory-create">${t("save_draft")}</button>
      <${Error} error=${problem} />
    </form>
  </div>`;
}

export function AdvisoryPage({ id, me }) {
  const [a, error, reload] = useApi(() => get("/api/v1/advisories/" + encodeURIComponent(id)), [id]);
  const [source, setSource] = useState(null);
  const [problem, setProblem] = useState(null);
  const [note, setNote] = useState("");
  if (error) return html`<${Error} error=${error} />`;
  if (!a) return html`<p class="loading">…</p>`;
  const act = async (action, extra = {}) => {
    setProblem(null);
    setNote("");
    try {
      const done = await post(`/api/v1/advisories/${a.id}/actions`, { action, ...extra });
      setNote(`${action}: ${done.status}`);
      reload();
    } catch (err) {
      setProblem(err);
    }
  };
  const save = async () => {
    setProblem(null);
    try {
      await api("PUT", `/api/v1/advisories/${a.id}`, { source: source ?? a.source });
      setNote(t("saved"));
      reload();
    } catch (err) {
      setProblem(err);
    }
  };
  const draft = a.status === "draft" || a.status === "in-review" || a.status === "approved";
  const published = a.status === "published" || a.status === "withdrawn";
  return html`<div class="advisory">
    <h1>${a.title} <span class="muted">${a.tracking_id}</span></h1>
    <p><span class=${"status " + a.status} data-testid="advisory-status">${a.status}</span>${" · " +
      [a.audience, a.lang, "TLP:" + a.tlp, a.severity, t("author") + " " + a.author,
       a.reviewer && t("reviewer") + " " + a.reviewer].filter(Boolean).join(" · ")}</p>
    ${a.cvss.length > 0 && html`<p>${a.cvss.map((c) => html`<span class="cvss">CVSS ${c.version} ${c.base_score} ${c.severity}</span> `)}</p>`}
    ${published && html`<p><a href=${"/advisories/" + a.tracking_id + ".html"} target="_blank">${t("public_page")}</a></p>`}
    <div class="actions">
      ${a.status === "draft" && html`<button data-testid="advisory-submit" onClick=${() => act("submit")}>${t("submit_review")}</button>`}
      ${(a.status === "draft" || a.status === "in-review") && me.name !== a.author &&
        html`<button data-testid="advisory-approve" onClick=${() => act("approve")}>${t("approve")}</button>
             <button onClick=${() => act("reject", { comment: prompt(t("why")) || "" })}>${t("reject")}</button>`}
      ${draft && html`<button data-testid="advisory-publish" onClick=${() => act("publish")}>${t("publish")}</button>`}
      ${a.status === "published" && html`<button onClick=${() => act("withdraw", { reason: prompt(t("why")) || "" })}>${t("withdraw")}</button>`}
    </div>
    ${note && html`<p class="note" role="status">${note}</p>`}
    <${Error} error=${problem} />
    <textarea name="source" rows="20" readonly=${!draft} value=${source ?? a.source}
      onInput=${(e) => setSource(e.target.value)}></textarea>
    ${draft && html`<button onClick=${save}>${t("save_draft")}</button>`}
    ${published && html`<h2>${t("told")}</h2>${(a.matches || []).length === 0
      ? html`<p class="muted" data-testid="advisory-matches">${t("nobody_told")}</p>`
      : html`<table data-testid="advisory-matches"><tbody>${a.matches.map((m) =>
          html`<tr><td>${m.organisation}</td><td><a href=${"#/tickets/" + m.ticket}>#${m.ticket}</a></td><td>${when(m.at)}</td></tr>`)}</tbody></table>`}`}
    ${a.revisions.length > 0 && html`<h2>${t("revisions")}</h2><ol>${a.revisions.map((r) =>
      html`<li>${when(r.date)} ${r.summary} <span class="muted">${r.actor}</span></li>`)}</ol>`}
  </div>`;
}
