// Timeline: stacked bars of mention counts per day, week or month, on a true time axis.
import { clear, colour, el, emptyChart, fmt, orderKeys, size, svg } from "./util.js";

const DAY = 86400000;
const SPAN = { day: DAY, week: 7 * DAY, month: 30.5 * DAY };
const PAD = { left: 44, right: 12, top: 10, bottom: 24 };

function axisTicks(start, end, count) {
  const ticks = [];
  for (let i = 0; i <= count; i++) ticks.push(start + ((end - start) * i) / count);
  return ticks;
}

export function drawTimeline(container, legend, data, ontology, onPick) {
  const { width, height } = size(container, 0.22);
  clear(legend);
  if (!data.buckets.length) return emptyChart(container, width, height, "no dated events in this selection");
  const keys = orderKeys(data.keys, ontology);
  const times = data.buckets.map((b) => Date.parse(b.date));
  const start = Math.min(...times);
  const end = Math.max(...times) + SPAN[data.interval];
  const max = Math.max(...data.buckets.map((b) => b.total));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - start) / (end - start)) * plotW;
  const y = (n) => PAD.top + plotH - (n / max) * plotH;
  const barW = Math.max(1, (SPAN[data.interval] / (end - start)) * plotW - 1);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "timeline" });
  for (const n of new Set([0, Math.round(max / 2), max])) {
    chart.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y(n), y2: y(n), class: "gridline" }),
      svg("text", { x: PAD.left - 6, y: y(n) + 4, "text-anchor": "end", class: "axis", text: fmt(Math.round(n)) }));
  }
  for (const t of axisTicks(start, end - SPAN[data.interval], Math.min(6, data.buckets.length))) {
    chart.append(svg("text", { x: x(t), y: height - 6, "text-anchor": "middle", class: "axis",
      text: new Date(t).toISOString().slice(0, data.interval === "month" ? 7 : 10) }));
  }
  data.buckets.forEach((bucket, i) => {
    let base = 0;
    const group = svg("g", { class: "bar", onclick: () => onPick(bucket.date, data.interval) },
      svg("title", { text: `${bucket.date} (${data.interval}): ${fmt(bucket.total)} mentions` }));
    for (const key of keys) {
      const n = bucket.counts[key] || 0;
      if (!n) continue;
      group.append(svg("rect", { x: x(times[i]), y: y(base + n), width: barW, height: Math.max(0.5, y(base) - y(base + n)),
        fill: colour(key, ontology) }));
      base += n;
    }
    chart.append(group);
  });
  clear(container).append(chart);
  for (const key of keys) {
    legend.append(el("span", {}, el("span", { class: "swatch" }), key.replace("_", " ")));
    legend.lastChild.firstChild.style.background = colour(key, ontology);
  }
}

export function bucketEnd(date, interval) {
  const d = new Date(`${date}T00:00:00Z`);
  if (interval === "day") return date;
  if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
  else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}
