// Organisations of the constituency, one organisation's page (networks, contacts, open
// investigations, recent findings) and the feeds' status.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { get, query } from "../api.js";
import { t } from "../i18n.js";
import { useApi, Error, TicketTable, EventTable, when } from "./common.js";
import { Products } from "./portal.js";

export function Organisations() {
  const [q, setQ] = useState("");
  const [data, error] = useApi(() => get("/api/v1/organisations" + query({ q })), [q]);
  return html`<div>
    <input class="wide" placeholder=${t("search")} value=${q} onInput=${(e) => setQ(e.target.value)} />
    <${Error} error=${error} />
    ${data && html`<table class="grid"><thead><tr><th>Handle</th><th>${t("organisation")}</th><th>Sector</th><th>NIS2</th><th>Country</th></tr></thead>
      <tbody>${data.organisations.map((o) => html`<tr><td><a href=${"#/organisations/" + encodeURIComponent(o.handle)}>${o.handle}</a></td>
        <td>${o.name}</td><td>${o.sector || ""}</td><td>${o.entity_class || ""}</td><td>${o.country || ""}</td></tr>`)}</tbody></table>`}
  </div>`;
}

export function OrganisationPage({ handle }) {
  const [data, error] = useApi(() => get("/api/v1/organisations/" + encodeURIComponent(handle)), [handle]);
  const [events] = useApi(() => get("/api/v1/events" + query({ organisation: handle, since: "30d", limit: 50 })), [handle]);
  if (error) return html`<${Error} error=${error} />`;
  if (!data) return html`<p class="loading">…</p>`;
  const o = data.organisation;
  return html`<div>
    <h1>${o.name} <span class="muted">${o.handle}</span></h1>
    <p>${o.sector || ""} ${o.entity_class ? "· NIS2 " + o.entity_class : ""} ${o.country ? "· " + o.country : ""}</p>
    <div class="row">
      <section class="card"><h2>${t("networks")}</h2><ul>${data.networks.map((n) => html`<li><a href=${"#/events?cidr=" + encodeURIComponent(n.key)}>${n.key}</a> <span class="muted">${n.kind}</span></li>`)}</ul></section>
      <section class="card"><h2>${t("contacts")}</h2><ul>${data.contacts.map((c) => html`<li>${c.email} <span class="muted">${c.role} ${c.language || ""} ${c.format || ""}</span></li>`)}</ul></section>
    </div>
    <${Products} org=${handle} editable=${false} />
    <section><h2>${t("open_findings")}</h2><${TicketTable} tickets=${data.investigations} /></section>
    <section><h2>${t("events")}</h2>${events ? html`<${EventTable} events=${events.events} />` : "…"}</section>
  </div>`;
}

export function Feeds() {
  const [data, error] = useApi(() => get("/api/v1/feeds"), []);
  if (error) return html`<${Error} error=${error} />`;
  if (!data) return html`<p class="loading">…</p>`;
  return html`<table class="grid"><thead><tr><th>${t("feed")}</th><th>${t("status")}</th><th>${t("last_success")}</th>
    <th>${t("next_run")}</th><th>${t("events")}</th><th>${t("last_error")}</th></tr></thead>
    <tbody>${data.feeds.map((f) => html`<tr class=${f.status === "failing" ? "overdue" : ""}><td>${f.feed}</td><td>${f.status}</td>
      <td>${when(f.last_success)}</td><td>${when(f.next_run)}</td><td>${f.last_events}</td><td>${f.last_error || ""}</td></tr>`)}</tbody></table>`;
}
