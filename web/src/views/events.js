// Event search: filters, pages by cursor, CSV and JSON-lines export of the same search.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { get, query } from "../api.js";
import { t } from "../i18n.js";
import { Error, EventTable } from "./common.js";

const fields = ["ip", "cidr", "asn", "type", "feed", "organisation", "since", "until"];

export function EventSearch({ initial }) {
  const [filters, setFilters] = useState({ since: "30d", ...initial });
  const [events, setEvents] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const run = async (more) => {
    setError(null);
    try {
      const r = await get("/api/v1/events" + query({ ...filters, limit: 100, cursor: more ? cursor : "" }));
      setEvents(more ? [...events, ...r.events] : r.events);
      setCursor(r.next_cursor);
    } catch (e) {
      setError(e);
    }
  };
  const exportUrl = (format) => "/api/v1/events" + query({ ...filters, format });
  return html`<div>
    <form class="filters" onSubmit=${(e) => { e.preventDefault(); run(false); }}>
      ${fields.map((f) => html`<label>${f}<input name=${f} value=${filters[f] || ""}
        onInput=${(e) => setFilters({ ...filters, [f]: e.target.value })} /></label>`)}
      <button type="submit">${t("search")}</button>
      <a class="button secondary" href=${exportUrl("csv")} download="events.csv">${t("export_csv")}</a>
      <a class="button secondary" href=${exportUrl("jsonl")} download="events.jsonl">${t("export_json")}</a>
    </form>
    <${Error} error=${error} />
    ${events && html`<${EventTable} events=${events} />`}
    ${cursor && html`<button class="secondary" onClick=${() => run(true)}>${t("more")}</button>`}
  </div>`;
}
