// Small DOM, fetch and colour helpers shared by the dashboard's modules (no dependencies).
export const SVG_NS = "http://www.w3.org/2000/svg";

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export async function getJSON(path, params = {}) {
  const response = await fetch(path + query(params), { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

// Quad classes: blue and green for cooperation, orange and red for conflict.
export const QUAD_HUES = { verbal_coop: 205, material_coop: 140, verbal_conflict: 32, material_conflict: 0 };
export const QUAD_ORDER = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"];

export function colour(key, ontology) {
  if (key in QUAD_HUES) return `hsl(${QUAD_HUES[key]}, 62%, 48%)`;
  for (const [quad, types] of Object.entries(ontology.quad_classes)) {
    const i = types.indexOf(key);
    if (i >= 0) return `hsl(${QUAD_HUES[quad]}, 60%, ${32 + (i * 40) / Math.max(1, types.length - 1)}%)`;
  }
  return "#9aa5b1";
}

export function orderKeys(keys, ontology) {
  const order = [...QUAD_ORDER, ...QUAD_ORDER.flatMap((q) => ontology.quad_classes[q] || [])];
  return [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function fmt(n) {
  return Number(n).toLocaleString("en");
}

export function size(container, ratio) {
  const width = Math.max(320, Math.round(container.clientWidth || 600));
  return { width, height: Math.round(width * ratio) };
}

export function emptyChart(container, width, height, message) {
  clear(container).append(svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" },
    svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty", text: message })));
}
