// Small pieces the views share.
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";
import { t } from "../i18n.js";

// Loads `path` (again when `deps` change): [data, error, reload].
export function useApi(fetcher, deps) {
  const [state, setState] = useState({ data: null, error: null });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    fetcher()
      .then((data) => live && setState({ data, error: null }))
      .catch((error) => live && setState({ data: null, error }));
    return () => (live = false);
  }, [...deps, n]);
  return [state.data, state.error, () => setN((x) => x + 1)];
}

export const Error = ({ error }) =>
  error ? html`<p class="error" role="alert">${error.message}</p>` : null;

export const when = (iso) => (iso ? iso.replace("T", " ").slice(0, 16) : "");  // UTC, to the minute

export function TicketTable({ tickets }) {
  if (!tickets || tickets.length === 0) return html`<p class="muted">${t("nothing")}</p>`;
  return html`<table class="grid tickets">
    <thead><tr><th>#</th><th>${t("subject")}</th><th>${t("status")}</th><th>${t("severity")}</th>
      <th>${t("organisation")}</th><th>${t("owner")}</th><th>${t("due")}</th></tr></thead>
    <tbody>${tickets.map((k) => html`<tr class=${k.overdue ? "overdue" : ""}>
      <td><a href=${"#/tickets/" + k.id}>${k.id}</a></td>
      <td><a href=${"#/tickets/" + k.id}>${k.subject}</a></td>
      <td>${k.status}</td><td>${k.severity_label || ""}</td><td>${k.organisation || ""}</td>
      <td>${k.owner || ""}</td><td>${when(k.due)}</td></tr>`)}</tbody>
  </table>`;
}

export function EventTable({ events }) {
  if (!events || events.length === 0) return html`<p class="muted">${t("nothing")}</p>`;
  return html`<table class="grid events">
    <thead><tr><th>${t("time")}</th><th>${t("address")}</th><th>${t("type")}</th>
      <th>identifier</th><th>${t("feed")}</th><th>${t("route")}</th><th>${t("organisation")}</th></tr></thead>
    <tbody>${events.map((x) => {
      const e = x.event;
      return html`<tr>
        <td>${when(e["time.source"])}</td>
        <td>${e["source.ip"] || e["source.fqdn"] || ""}${e["source.port"] ? ":" + e["source.port"] : ""}</td>
        <td>${e["classification.type"] || ""}</td><td>${e["classification.identifier"] || e["malware.name"] || ""}</td>
        <td>${e["feed.name"] || ""}</td><td>${x.route}</td><td>${x.organisation || ""}</td></tr>`;
    })}</tbody>
  </table>`;
}
