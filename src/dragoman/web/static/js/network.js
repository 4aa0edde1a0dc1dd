// Who acts on whom: a force-directed graph (Fruchterman-Reingold, deterministic start) of the
// heaviest actor -> recipient edges; edge colour = the commonest type or quad class of the pair.
import { clear, colour, emptyChart, fmt, size, svg } from "./util.js";

const LABELS = 16;
const CHARGE = -60;
const LINK_DISTANCE = 70;
const CENTER = 0.06;

// A small velocity-Verlet simulation in the manner of d3-force (charge, links, pull to the centre),
// run to rest and then scaled to fit the panel.
function layout(nodes, edges, width, height) {
  nodes.forEach((n, i) => {
    const angle = i * 2.399963, r = 10 * Math.sqrt(i + 0.5);
    n.x = r * Math.cos(angle); n.y = r * Math.sin(angle); n.vx = 0; n.vy = 0;
  });
  for (let alpha = 1; alpha > 0.002; alpha *= 0.965) {
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const dx = b.x - a.x, dy = b.y - a.y, d2 = Math.max(1, dx * dx + dy * dy);
        const w = (CHARGE * alpha) / d2;
        a.vx += dx * w; a.vy += dy * w; b.vx -= dx * w; b.vy -= dy * w;
      }
    }
    for (const e of edges) {
      const dx = e.t.x + e.t.vx - e.s.x - e.s.vx, dy = e.t.y + e.t.vy - e.s.y - e.s.vy;
      const d = Math.max(1, Math.hypot(dx, dy)), f = ((d - LINK_DISTANCE) / d) * alpha * 0.4;
      e.t.vx -= dx * f * 0.5; e.t.vy -= dy * f * 0.5; e.s.vx += dx * f * 0.5; e.s.vy += dy * f * 0.5;
    }
    for (const n of nodes) {
      n.vx -= n.x * CENTER * alpha; n.vy -= n.y * CENTER * alpha;
      n.x += (n.vx *= 0.6); n.y += (n.vy *= 0.6);
    }
  }
  fit(nodes, width, height);
}

function fit(nodes, width, height) {
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Stretched to fill the panel (x and y apart): readability matters more than the layout's aspect.
  const sx = Math.min((width - 150) / Math.max(1, x1 - x0), 4), sy = Math.min((height - 40) / Math.max(1, y1 - y0), 4);
  for (const n of nodes) {
    n.x = 30 + (n.x - x0) * sx + (width - 150 - (x1 - x0) * sx) / 2;
    n.y = 20 + (n.y - y0) * sy + (height - 40 - (y1 - y0) * sy) / 2;
  }
}

function curve(e, radius) {
  const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y;
  const d = Math.max(1, Math.hypot(dx, dy));
  const mx = (e.s.x + e.t.x) / 2 - (dy / d) * d * 0.12, my = (e.s.y + e.t.y) / 2 + (dx / d) * d * 0.12;
  const h = Math.max(1, Math.hypot(e.t.x - mx, e.t.y - my));
  const ex = e.t.x - ((e.t.x - mx) / h) * (radius + 2), ey = e.t.y - ((e.t.y - my) / h) * (radius + 2);
  return `M${e.s.x.toFixed(1)},${e.s.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
}

function markers(keys, ontology) {
  return svg("defs", {}, keys.map((key) => svg("marker", { id: `arrow-${key}`, viewBox: "0 0 10 10", refX: 9, refY: 5,
    markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
  svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour(key, ontology) }))));
}

export function drawNetwork(container, data, ontology, onPick) {
  const { width, height } = size(container, 0.6);
  if (!data.edges.length) return emptyChart(container, width, height, "no actor → recipient pairs in this selection");
  const byId = new Map(data.nodes.map((n) => [n.id, { ...n, total: n.in + n.out }]));
  const nodes = [...byId.values()];
  const edges = data.edges.map((e) => ({ ...e, s: byId.get(e.source), t: byId.get(e.target),
    key: Object.keys(e.counts)[0] }));
  layout(nodes, edges, width, height);
  const maxNode = Math.max(...nodes.map((n) => n.total));
  const maxEdge = Math.max(...edges.map((e) => e.weight));
  const radius = (n) => 4 + 10 * Math.sqrt(n.total / maxNode);
  const keys = [...new Set(edges.map((e) => e.key))];
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "actor network" },
    markers(keys, ontology));
  for (const e of edges) {
    const detail = Object.entries(e.counts).map(([k, n]) => `${k} ${n}`).join(", ");
    chart.append(svg("path", { class: "edge", d: curve(e, radius(e.t)), stroke: colour(e.key, ontology),
      "stroke-width": (1 + 5 * Math.sqrt(e.weight / maxEdge)).toFixed(2), "marker-end": `url(#arrow-${e.key})` },
    svg("title", { text: `${e.source} → ${e.target}: ${fmt(e.weight)} (${detail})` })));
  }
  const labelled = new Set([...nodes].sort((a, b) => b.total - a.total).slice(0, LABELS).map((n) => n.id));
  for (const n of nodes) {
    chart.append(svg("circle", { class: "node", cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: radius(n).toFixed(1),
      fill: "#486581", onclick: () => onPick(n.id) },
    svg("title", { text: `${n.id}${n.code ? ` (${n.code})` : ""}: acts ${fmt(n.out)}, receives ${fmt(n.in)}` })));
    if (labelled.has(n.id)) {
      const name = n.id.length > 22 ? `${n.id.slice(0, 21)}…` : n.id;
      chart.append(svg("text", { class: "node-label", x: (n.x + radius(n) + 3).toFixed(1), y: (n.y + 4).toFixed(1), text: name }));
    }
  }
  clear(container).append(chart);
}
