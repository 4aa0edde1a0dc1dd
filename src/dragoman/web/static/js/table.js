// The event table (evidence sentence with trigger, actor and recipient highlighted, link to the source) and
// the detail dialog: one event with all its mentions, or one document with the evidence marked.
import { clear, el, getJSON } from "./util.js";

function names(list) {
  return (list || []).map((a) => a.name || a.text).join(", ");
}

function ranges(text, record) {
  const found = [];
  const trigger = record.trigger;
  if (trigger && trigger.text && record.start != null) {
    const at = trigger.start - record.start;  // trigger offsets are in the body text, the sentence's too
    if (text.slice(at, at + trigger.text.length) === trigger.text) found.push([at, at + trigger.text.length, "trigger"]);
  }
  for (const [role, list] of [["actor", record.actor], ["recipient", record.recipient]]) {
    for (const who of list || []) {
      for (const needle of new Set([who.text, who.name].filter((s) => s && s.length > 1))) {
        for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
          found.push([i, i + needle.length, role]);
        }
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  for (const r of found) if (!kept.length || r[0] >= kept[kept.length - 1][1]) kept.push(r);
  return kept;
}

export function highlight(text, record) {
  const parts = [];
  let at = 0;
  for (const [start, end, role] of ranges(text, record)) {
    parts.push(text.slice(at, start), el("mark", { class: role, title: role, text: text.slice(start, end) }));
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

function sourceCell(record, openDocument) {
  const source = record.source || {};
  const label = source.publisher || "source";
  return el("td", {},
    source.url ? el("a", { href: source.url, target: "_blank", rel: "noopener noreferrer", text: label }) : label,
    el("br"), el("a", { href: `#doc=${encodeURIComponent(record.doc_id)}`, class: "muted", text: "document",
      onclick: (event) => { event.preventDefault(); event.stopPropagation(); openDocument(record); } }));
}

export function drawTable(tbody, items, openEvent, openDocument) {
  clear(tbody);
  for (const r of items) {
    const place = r.location ? `${r.location.name || r.location.text}${r.location.country_code ? ` (${r.location.country_code})` : ""}` : "";
    tbody.append(el("tr", { "data-id": r.id, onclick: (event) => { if (event.target.tagName !== "A") openEvent(r); } },
      el("td", { text: r.date || "—" }),
      el("td", {}, el("span", { class: "type", text: r.event_type }),
        (r.modality || []).map((m) => el("span", { class: "modality", text: m }))),
      el("td", { text: `${names(r.actor) || "?"} → ${names(r.recipient) || "—"}` }),
      el("td", { text: place }),
      el("td", { class: "evidence" }, highlight(r.text, r)),
      sourceCell(r, openDocument)));
  }
  if (!items.length) tbody.append(el("tr", {}, el("td", { colspan: 6, class: "muted", text: "no events match" })));
}

function mentionBlock(r, openDocument) {
  const source = r.source || {};
  return el("div", { class: "mention" },
    el("div", { class: "muted", text: `${r.date || "undated"} · ${r.event_type} · ${source.title || r.doc_id}` +
      `${source.publisher ? ` · ${source.publisher}` : ""}` }),
    el("p", {}, highlight(r.text, r)),
    el("div", {}, source.url ? el("a", { href: source.url, target: "_blank", rel: "noopener noreferrer", text: "open source" }) : null,
      source.url ? " · " : null,
      el("a", { href: "#", text: "read the document", onclick: (e) => { e.preventDefault(); openDocument(r); } })));
}

export async function showEvent(dialog, body, record, openDocument) {
  const data = await getJSON(`/api/events/${encodeURIComponent(record.id)}`);
  const e = data.event;
  clear(body).append(
    el("h2", { text: `${record.event_type}: ${names(record.actor) || "?"} → ${names(record.recipient) || "—"}` }),
    el("p", { class: "muted", text: e ? `${e.date || "undated"} · ${e.location_name || "no location"} · ` +
      `${e.n_mentions} mentions in ${e.n_articles} articles from ${e.n_sources} sources`
      : "this mention is not part of an event (negated mentions are not clustered)" }),
    ...data.mentions.map((m) => mentionBlock(m, openDocument)));
  if (!dialog.open) dialog.showModal();
}

export async function showDocument(dialog, body, record) {
  const doc = await getJSON(`/api/documents/${encodeURIComponent(record.doc_id)}`);
  const text = doc.text || "";
  const start = Math.max(0, Math.min(text.length, record.start)), end = Math.max(start, Math.min(text.length, record.end));
  clear(body).append(...[
    el("h2", { text: doc.title || doc.id }),
    el("p", { class: "muted", text: [doc.publisher, doc.published, `ingested ${doc.ingested_at}`].filter(Boolean).join(" · ") }),
    doc.url ? el("p", {}, el("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer", text: doc.url })) : null,
    el("div", { class: "doc-text" }, text.slice(0, start),
      el("mark", { class: "evidence", text: text.slice(start, end) }), text.slice(end)),
  ].filter(Boolean));
  if (!dialog.open) dialog.showModal();
  const mark = body.querySelector("mark.evidence");
  if (mark) mark.scrollIntoView({ block: "center" });
}
