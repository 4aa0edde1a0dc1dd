// Map: equirectangular projection with a graticule, land drawn as dots where the gazetteer has
// towns (/api/basemap), event locations as circles sized by mentions, and country codes as labels.
import { clear, fmt, size, svg } from "./util.js";

function project(lon, lat, width, height) {
  return [((lon + 180) / 360) * width, ((90 - lat) / 180) * height];
}

function graticule(width, height) {
  const parts = [];
  for (let lon = -180; lon <= 180; lon += 30) parts.push(`M${((lon + 180) / 360) * width},0 V${height}`);
  for (let lat = -60; lat <= 60; lat += 30) parts.push(`M0,${((90 - lat) / 180) * height} H${width}`);
  return svg("path", { class: "graticule", d: parts.join(" ") });
}

const landPaths = new Map();  // the land does not change: its path is built once per size

function land(points, step, width, height) {
  const key = `${width}x${height}`;
  if (!landPaths.has(key)) landPaths.set(key, landPath(points, step, width, height));
  return svg("path", { class: "land", d: landPaths.get(key) });
}

function landPath(points, step, width, height) {
  const w = (step / 360) * width, h = (step / 180) * height;
  const d = points.map(([lon, lat]) => {
    const [x, y] = project(lon, lat, width, height);
    return `M${(x - w / 2).toFixed(1)},${(y - h / 2).toFixed(1)}h${w.toFixed(2)}v${h.toFixed(2)}h${(-w).toFixed(2)}z`;
  });
  return d.join("");
}

function countryLabels(items, width, height) {
  const best = new Map();
  for (const p of items) {
    if (p.country_code && (!best.has(p.country_code) || best.get(p.country_code).n < p.n)) best.set(p.country_code, p);
  }
  return [...best.values()].sort((a, b) => b.n - a.n).slice(0, 40).map((p) => {
    const [x, y] = project(p.lon, p.lat, width, height);
    return svg("text", { class: "country-label", x: (x + 6).toFixed(1), y: (y - 6).toFixed(1), text: p.country_code });
  });
}

export function drawMap(container, data, basemap, onPick) {
  const { width, height } = size(container, 0.5);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "map of event locations" },
    svg("rect", { x: 0, y: 0, width, height, fill: "#f8fbff" }), graticule(width, height),
    land(basemap.points, basemap.step, width, height));
  const max = Math.max(1, ...data.items.map((p) => p.n));
  for (const p of [...data.items].sort((a, b) => b.n - a.n)) {
    const [x, y] = project(p.lon, p.lat, width, height);
    chart.append(svg("circle", { class: "place", cx: x.toFixed(1), cy: y.toFixed(1),
      r: (2.5 + 12 * Math.sqrt(p.n / max)).toFixed(1), onclick: () => p.country_code && onPick(p.country_code) },
    svg("title", { text: `${p.name || "?"}${p.country_code ? ` (${p.country_code})` : ""}: ${fmt(p.n)} mentions` })));
  }
  chart.append(...countryLabels(data.items, width, height));
  if (!data.items.length) {
    chart.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty",
      text: "no located events in this selection" }));
  }
  clear(container).append(chart);
}
