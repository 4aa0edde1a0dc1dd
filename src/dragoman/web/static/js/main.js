// The dashboard: filters -> four views (timeline, network, map, table) read from /api.
import { drawMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { drawTable, showDocument, showEvent } from "./table.js";
import { bucketEnd, drawTimeline } from "./timeline.js";
import { el, fmt, getJSON, query } from "./util.js";

const PAGE = 50;
const NETWORK_EDGES = 80;
const MAP_PLACES = 500;
const EXPORT_MAX = 100000;
const POLL_MS = 10000;
const state = { filters: {}, offset: 0, generation: { table: 0, charts: 0 }, ontology: null, ontologyLoaded: null,
  basemap: null, lastUpdated: null };
const $ = (id) => document.getElementById(id);

// Drawing times, for the benchmark: performance.getEntriesByType("measure").
function timed(name, draw) {
  const start = performance.now();
  draw();
  performance.measure(`draw ${name}`, { start, end: performance.now() });
}

function filterParams() {
  const { type, ...rest } = state.filters;
  if (type && type.startsWith("quad:")) return { ...rest, quad: type.slice(5) };
  return { ...rest, type };
}

function readForm() {
  const form = new FormData($("filters"));
  state.filters = {};
  for (const name of ["since", "until", "actor", "country", "type"]) {
    const value = String(form.get(name) || "").trim();
    if (value) state.filters[name] = name === "country" ? value.toUpperCase() : value;
  }
}

function setFilter(name, value) {
  $("filters").elements[name].value = value;
  readForm();
  state.offset = 0;
  refresh();
}

function showError(err) {
  $("error").textContent = `Could not load the data: ${err.message}`;
  $("error").hidden = false;
}

function showStatus(health) {
  const when = health.last_updated ? `${health.last_updated.replace("T", " ")} UTC` : "never";
  let text = `Data last updated ${when} · ${fmt(health.counts.documents)} documents, ` +
    `${fmt(health.counts.mentions)} event mentions`;
  if (health.snapshot.writer_active) {
    text += ` · an ingest is running: showing the data as of ${health.snapshot.taken_at.replace("T", " ")}`;
  }
  $("status").textContent = text;
}

async function pollHealth() {
  try {
    const health = await getJSON("/api/health");
    showStatus(health);
    $("refresh").hidden = health.last_updated === state.lastUpdated;
  } catch (err) {
    $("status").textContent = `The server did not answer (${err.message}); retrying`;
  }
}

function updateDownloads() {
  for (const format of ["csv", "jsonl"]) {
    $(format).href = `/api/export${query({ ...filterParams(), format, sort: $("sort").value, limit: EXPORT_MAX })}`;
  }
}

async function loadTable(params, generation) {
  const data = await getJSON("/api/events", { ...params, sort: $("sort").value, limit: PAGE, offset: state.offset });
  if (generation !== state.generation.table) return;
  const open = (record) => showEvent($("detail"), $("detail-body"), record, openDocument).catch(showError);
  timed("table", () => drawTable($("events").tBodies[0], data.items, open, openDocument));
  $("summary").textContent = `${fmt(data.total)} event mentions match`;
  const last = Math.min(data.total, state.offset + data.items.length);
  $("page").textContent = data.total ? `${fmt(state.offset + 1)}–${fmt(last)} of ${fmt(data.total)}` : "";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= data.total;
}

function openDocument(record) {
  showDocument($("detail"), $("detail-body"), record).catch(showError);
}

async function loadCharts(params, generation) {
  const [timeline, network, places] = await Promise.all([
    getJSON("/api/timeline", { ...params, interval: $("timeline-interval").value, by: $("timeline-by").value }),
    getJSON("/api/network", { ...params, by: "quad", limit: NETWORK_EDGES }),
    getJSON("/api/locations", { ...params, limit: MAP_PLACES }),
    state.basemap ? null : getJSON("/api/basemap").then((b) => { state.basemap = b; }),
    state.ontologyLoaded,
  ]);
  if (generation !== state.generation.charts) return;
  timed("timeline", () => drawTimeline($("timeline"), $("timeline-legend"), timeline, state.ontology,
    (date, interval) => { $("filters").elements.since.value = date; setFilter("until", bucketEnd(date, interval)); }));
  timed("network", () => drawNetwork($("network"), network, state.ontology, (actor) => setFilter("actor", actor)));
  timed("map", () => drawMap($("map"), places, state.basemap, (code) => setFilter("country", code)));
}

async function refresh(parts = { table: true, charts: true }) {
  const table = parts.table ? ++state.generation.table : null;
  const charts = parts.charts ? ++state.generation.charts : null;
  document.body.dataset.state = "loading";
  updateDownloads();
  const params = filterParams();
  try {
    await Promise.all([table && loadTable(params, table), charts && loadCharts(params, charts)]);
    if (table !== null && table !== state.generation.table) return;
    if (charts !== null && charts !== state.generation.charts) return;
    $("error").hidden = true;
    document.body.dataset.state = "ready";
  } catch (err) {
    showError(err);
    document.body.dataset.state = "error";
  }
}

function fillTypes(ontology) {
  const select = $("filters").elements.type;
  const quads = el("optgroup", { label: "quad class" });
  const types = el("optgroup", { label: "PLOVER type" });
  for (const quad of Object.keys(ontology.quad_classes)) quads.append(el("option", { value: `quad:${quad}`, text: quad.replace("_", " ") }));
  for (const type of ontology.event_types) types.append(el("option", { value: type, text: type }));
  select.append(quads, types);
}

let suggestTimer = null;
function suggestActors(event) {
  clearTimeout(suggestTimer);
  const q = event.target.value.trim();
  suggestTimer = setTimeout(async () => {
    const data = await getJSON("/api/actors", { q, limit: 12 }).catch(() => ({ items: [] }));
    $("actor-names").replaceChildren(...data.items.map((a) => el("option", { value: a.name, text: a.code || "" })));
  }, 250);
}

function wire() {
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); readForm(); state.offset = 0; refresh(); });
  $("filters").addEventListener("reset", () => setTimeout(() => { readForm(); state.offset = 0; refresh(); }));
  $("filters").elements.actor.addEventListener("input", suggestActors);
  $("sort").addEventListener("change", () => { state.offset = 0; refresh({ table: true }); });
  $("timeline-interval").addEventListener("change", () => refresh({ charts: true }));
  $("timeline-by").addEventListener("change", () => refresh({ charts: true }));
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refresh({ table: true }); });
  $("next").addEventListener("click", () => { state.offset += PAGE; refresh({ table: true }); });
  $("refresh").addEventListener("click", async () => {
    $("refresh").hidden = true;
    state.lastUpdated = (await getJSON("/api/health")).last_updated;
    refresh();
  });
}

async function start() {
  // The data is asked for at once; the ontology (for colours and the type list) and status meanwhile.
  state.ontologyLoaded = getJSON("/api/ontology").then((ontology) => { state.ontology = ontology; fillTypes(ontology); });
  wire();
  const loaded = refresh();
  try {
    const health = await getJSON("/api/health");
    state.lastUpdated = health.last_updated;
    showStatus(health);
    await loaded;
    setInterval(pollHealth, POLL_MS);
  } catch (err) {
    showError(err);
    document.body.dataset.state = "error";
  }
}

start();
