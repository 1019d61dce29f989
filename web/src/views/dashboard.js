// The dashboard: SLA status, events per day by classification, infected hosts per malware
// family over time with the campaigns' annotations, most affected organisations and sectors.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { html } from "../html.js";
import { get } from "../api.js";
import { t } from "../i18n.js";
import { useApi, Error } from "./common.js";

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];

// Vertical lines and labels at the annotations' dates (campaigns, takedowns).
function annotationsPlugin(days, notes) {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        for (const n of notes) {
          const i = days.indexOf(n.date);
          if (i < 0) continue;
          const x = Math.round(u.valToPos(u.data[0][i], "x", true));
          ctx.save();
          ctx.strokeStyle = "#444";
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillStyle = "#222";
          ctx.font = `${12 * devicePixelRatio}px sans-serif`;
          ctx.fillText(n.text, x + 4, u.bbox.top + 14 * devicePixelRatio);
          ctx.restore();
        }
      },
    },
  };
}

function Chart({ title, days, series, notes, testid }) {
  const ref = useRef(null);
  useEffect(() => {
    if (!ref.current || !days) return;
    const names = Object.keys(series || {});
    const xs = days.map((d) => Date.parse(d + "T00:00:00Z") / 1000);
    const data = [xs, ...names.map((n) => series[n])];
    const plot = new uPlot(
      {
        width: Math.max(320, ref.current.clientWidth || 640),
        height: 260,
        series: [{}, ...names.map((n, i) => ({ label: n, stroke: palette[i % palette.length], width: 2 }))],
        axes: [{}, { size: 50 }],
        plugins: [annotationsPlugin(days, notes || [])],
      },
      data,
      ref.current,
    );
    return () => plot.destroy();
  }, [days, series, notes]);
  return html`<section class="card chart"><h2>${title}</h2><div ref=${ref} data-testid=${testid}></div></section>`;
}

function Sla({ sla }) {
  const queues = Object.keys(sla.active);
  return html`<section class="card"><h2>${t("sla")}</h2>
    <table class="grid"><thead><tr><th></th>${queues.map((q) => html`<th>${q}</th>`)}<th>NIS2</th></tr></thead>
    <tbody><tr><th>${t("active")}</th>${queues.map((q) => html`<td>${sla.active[q]}</td>`)}<td>${sla.nis2_open}</td></tr>
    <tr class="overdue"><th>${t("overdue")}</th>${queues.map((q) => html`<td><a href=${"#/queues?q=overdue"}>${sla.overdue[q]}</a></td>`)}<td>${sla.nis2_overdue}</td></tr></tbody></table>
  </section>`;
}

export function Dashboard() {
  const [data, error] = useApi(() => get("/api/v1/dashboard"), []);
  if (error) return html`<${Error} error=${error} />`;
  if (!data) return html`<p class="loading">…</p>`;
  const c = data.charts;
  return html`<div class="dashboard">
    <${Sla} sla=${data.sla} />
    ${c && html`
      <${Chart} title=${t("events_per_day")} days=${c.days} series=${c.by_classification} notes=${c.annotations} testid="chart-classification" />
      <${Chart} title=${t("infected_per_family")} days=${c.days} series=${c.infected_by_family} notes=${c.annotations} testid="chart-infected" />
      <div class="row">
        <section class="card"><h2>${t("top_orgs")}</h2><ol>${c.top_organisations.map((o) =>
          html`<li><a href=${"#/organisations/" + encodeURIComponent(o.handle)}>${o.name}</a> <span class="muted">${o.sector}</span> — ${o.events}</li>`)}</ol></section>
        <section class="card"><h2>${t("top_sectors")}</h2><ol>${c.top_sectors.map((s) => html`<li>${s.sector} — ${s.events}</li>`)}</ol></section>
      </div>`}
  </div>`;
}
