"""The database: the only module that imports duckdb. Schema, idempotent writes, queries."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

import duckdb

from .errors import StoreBusy, StoreError
from .ontology import QUAD_CLASS
from .records import Article, Event, Problem, content_hash

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, publisher VARCHAR, published VARCHAR,
    language VARCHAR, dateline VARCHAR, text VARCHAR, text_hash VARCHAR, origin VARCHAR,
    n_events INTEGER, ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS mentions (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, event_type VARCHAR, mode VARCHAR,
    modality VARCHAR[], context VARCHAR[],
    actor_names VARCHAR[], actor_codes VARCHAR[], recipient_names VARCHAR[], recipient_codes VARCHAR[],
    date VARCHAR, date_text VARCHAR, location_name VARCHAR, country_code VARCHAR,
    lat DOUBLE, lon DOUBLE, confidence DOUBLE, text VARCHAR, start_char INTEGER, end_char INTEGER,
    record JSON);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, event_type VARCHAR, mode VARCHAR, actor_names VARCHAR[],
    actor_codes VARCHAR[], recipient_names VARCHAR[], recipient_codes VARCHAR[], date VARCHAR,
    location_name VARCHAR, country_code VARCHAR, n_mentions INTEGER, n_articles INTEGER,
    n_sources INTEGER, first_seen VARCHAR, last_seen VARCHAR);
CREATE TABLE IF NOT EXISTS event_mentions (event_id VARCHAR, mention_id VARCHAR);
CREATE TABLE IF NOT EXISTS problems (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, origin VARCHAR, stage VARCHAR, code VARCHAR,
    message VARCHAR, seen_at TIMESTAMP);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id);
CREATE INDEX IF NOT EXISTS mentions_type ON mentions (event_type);
"""


@dataclass(frozen=True)
class WriteCounts:
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    events: int = 0
    problems: int = 0

    def __add__(self, other: "WriteCounts") -> "WriteCounts":
        return WriteCounts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.added, self.unchanged, self.replaced, self.events, self.problems)


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    limit: int = 100
    offset: int = 0


class Store:
    """One DuckDB database file. Use as a context manager; one writer at a time."""

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.path = path
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(f"cannot open database {path} ({err}); check the path, or whether "
                             "another dragoman process is writing to it") from err
        if not read_only:
            self.con.execute(SCHEMA)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # --- writing ---------------------------------------------------------------------------------

    def write_batch(self, results: Iterable[tuple[Article | None, Sequence[Event], Problem | None]]) -> WriteCounts:
        """Write one batch in one transaction: documents with their mentions, and problems."""
        counts = WriteCounts()
        self.con.execute("BEGIN TRANSACTION")
        try:
            for article, events, problem in results:
                if problem is not None:
                    self.write_problem(problem)
                    counts += WriteCounts(problems=1)
                elif article is not None:
                    counts += self.write_document(article, events)
            self.con.execute("COMMIT")
        except duckdb.Error as err:
            self.con.execute("ROLLBACK")
            raise StoreError(f"writing to {self.path} failed ({err}); nothing from this batch was kept") from err
        return counts

    def write_document(self, article: Article, events: Sequence[Event]) -> WriteCounts:
        digest = content_hash(article.text)
        row = self.con.execute("SELECT text_hash FROM documents WHERE id = ?", [article.doc_id]).fetchone()
        if row is not None and row[0] == digest:
            return WriteCounts(unchanged=1)
        if row is not None:
            self.con.execute("DELETE FROM mentions WHERE doc_id = ?", [article.doc_id])
            self.con.execute("DELETE FROM documents WHERE id = ?", [article.doc_id])
        self.con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article.doc_id, article.url, article.title, article.publisher, article.published,
             article.language, article.dateline, article.text, digest, article.origin,
             len(events), datetime.now(timezone.utc).replace(tzinfo=None)],
        )
        if events:
            self.con.executemany(
                "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [mention_row(e) for e in events],
            )
        return WriteCounts(added=int(row is None), replaced=int(row is not None), events=len(events))

    def write_problem(self, problem: Problem) -> None:
        key = content_hash(problem.origin, problem.stage, problem.code)
        self.con.execute(
            "INSERT OR REPLACE INTO problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [key, problem.doc_id, problem.origin, problem.stage, problem.code, problem.message,
             datetime.now(timezone.utc).replace(tzinfo=None)],
        )

    def rebuild_events(self) -> int:
        """Group report-level mentions that share type, participants and date into events."""
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM events")
        self.con.execute("DELETE FROM event_mentions")
        self.con.execute("""
            CREATE OR REPLACE TEMP TABLE keyed AS
            SELECT m.id AS mention_id, m.*, d.publisher,
                   md5(concat_ws('|', m.event_type, array_to_string(list_sort(m.actor_names), ';'),
                       array_to_string(list_sort(m.recipient_names), ';'), coalesce(m.date, ''))) AS event_id
            FROM mentions m JOIN documents d ON d.id = m.doc_id
            WHERE NOT list_contains(m.modality, 'negation')""")
        self.con.execute("""
            INSERT INTO events
            SELECT event_id, any_value(event_type), mode(mode), any_value(actor_names),
                   any_value(actor_codes), any_value(recipient_names), any_value(recipient_codes),
                   any_value(date), mode(location_name), mode(country_code), count(*),
                   count(DISTINCT doc_id), count(DISTINCT coalesce(publisher, doc_id)),
                   min(date), max(date)
            FROM keyed GROUP BY event_id""")
        self.con.execute("INSERT INTO event_mentions SELECT event_id, mention_id FROM keyed")
        self.con.execute("COMMIT")
        return self.con.execute("SELECT count(*) FROM events").fetchone()[0]

    # --- reading ---------------------------------------------------------------------------------

    def query_events(self, flt: EventFilter) -> list[dict[str, Any]]:
        """Event records (CONTRACT.md) matching the filter, by date then document order."""
        where, params = build_where(flt)
        sql = (f"SELECT record FROM mentions {where} ORDER BY date NULLS LAST, doc_id, start_char "
               f"LIMIT ? OFFSET ?")
        rows = self.con.execute(sql, [*params, int(flt.limit), int(flt.offset)]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "mentions", "events", "problems")
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def problems(self) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT origin, stage, code, message FROM problems ORDER BY seen_at").fetchall()
        return [dict(zip(("origin", "stage", "code", "message"), r)) for r in rows]


def mention_row(event: Event) -> list[Any]:
    loc = event.location
    return [
        event.id, event.doc_id, event.event_type, event.mode, list(event.modality), list(event.context),
        [a.name for a in event.actor], [a.code or "" for a in event.actor],
        [a.name for a in event.recipient], [a.code or "" for a in event.recipient],
        event.date, event.date_text, loc.name if loc else None, loc.country_code if loc else None,
        loc.lat if loc else None, loc.lon if loc else None, event.confidence, event.text,
        event.start, event.end, json.dumps(event.to_dict(), ensure_ascii=False),
    ]


def build_where(flt: EventFilter) -> tuple[str, list[Any]]:
    """A parameterised WHERE clause; user values never enter the SQL text."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.actor:
        clauses.append("(array_to_string(actor_names, '|') ILIKE ? OR list_contains(actor_codes, ?))")
        params += [f"%{flt.actor}%", flt.actor.upper()]
    if flt.recipient:
        clauses.append("(array_to_string(recipient_names, '|') ILIKE ? OR list_contains(recipient_codes, ?))")
        params += [f"%{flt.recipient}%", flt.recipient.upper()]
    if flt.type:
        clauses.append("event_type = ?")
        params.append(flt.type.upper())
    if flt.country:
        code = flt.country.upper()
        clauses.append("(list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?) OR country_code = ?)")
        params += [code, code, code]
    if flt.since:
        clauses.append("date >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("date <= ?")
        params.append(flt.until + "\uffff")
    if flt.text:
        clauses.append("text ILIKE ?")
        params.append(f"%{flt.text}%")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


# --- API queries -------------------------------------------------------------------------------
# Read-only queries of the REST API and dashboard (dragoman.web). A server reads its own copy of
# the database (a snapshot, see dragoman.web.snapshots) so that it never holds the lock an ingest needs.

SORT_COLUMNS = {"date": "date", "type": "event_type", "confidence": "confidence",
                "country": "country_code", "location": "location_name"}
BUCKETS = ("day", "week", "month")
SOURCE_COLUMNS = ("url", "title", "publisher", "published")


@dataclass(frozen=True)
class Selection(EventFilter):
    """An EventFilter that also takes a set of PLOVER types (a quad class expands to its types)."""

    types: tuple[str, ...] = ()


def selection_where(sel: Selection, extra: str = "") -> tuple[str, list[Any]]:
    """build_where plus the type set and an ``extra`` clause of the caller's own (no user values)."""
    where, params = build_where(sel)
    clauses = [where.removeprefix("WHERE ")] if where else []
    if sel.types:
        clauses.append(f"event_type IN ({', '.join('?' * len(sel.types))})")
        params = [*params, *sel.types]
    if extra:
        clauses.append(extra)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def group_key(by: str) -> tuple[str, list[Any]]:
    """The SQL expression that groups mentions by PLOVER type (``type``) or quad class (``quad``)."""
    if by == "type":
        return "event_type", []
    whens = " ".join("WHEN ? THEN ?" for _ in QUAD_CLASS)
    return f"(CASE event_type {whens} END)", [v for pair in QUAD_CLASS.items() for v in pair]


def file_signature(path: str) -> tuple[int, ...]:
    """(mtime, size) of a database file and of its write-ahead log: it changes when the data may have."""
    parts: list[int] = []
    for name in (path, path + ".wal"):
        try:
            info = os.stat(name)
            parts += [info.st_mtime_ns, info.st_size]
        except FileNotFoundError:
            parts += [0, 0]
    return tuple(parts)


def connect_read_only(path: str) -> "duckdb.DuckDBPyConnection":
    """A read-only connection; StoreBusy when another process holds the write lock."""
    try:
        return duckdb.connect(path, read_only=True)
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise StoreBusy(f"database {path} is being written by another process (an ingest?); "
                            "retry when it has finished") from err
        raise StoreError(f"cannot open database {path} ({err}); check the path") from err
    except duckdb.Error as err:
        raise StoreError(f"cannot open database {path} ({err}); is it a dragoman database?") from err


def copy_database(src: str, dst: str) -> tuple[int, ...]:
    """Copy a database (and its write-ahead log) while holding a read lock, so no writer changes it.

    Returns the source's ``file_signature`` at the time of the copy; StoreBusy when it is being written.
    """
    con = connect_read_only(src)
    try:
        signature = file_signature(src)
        shutil.copyfile(src, dst)
        if os.path.exists(src + ".wal"):
            shutil.copyfile(src + ".wal", dst + ".wal")
    finally:
        con.close()
    return signature


class ReadOnlyDatabase:
    """A read-only database shared by a server's threads; each request reads with its own cursor."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.con = connect_read_only(path)

    def reader(self) -> "ApiReader":
        return ApiReader(self.con.cursor())

    def close(self) -> None:
        self.con.close()


class ApiReader:
    """The queries of the REST API on one cursor. Every user value reaches DuckDB as a parameter."""

    def __init__(self, con: "duckdb.DuckDBPyConnection") -> None:
        self.con = con

    def close(self) -> None:
        self.con.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            cur = self.con.execute(sql, list(params))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]
        except duckdb.Error as err:
            raise StoreError(f"query failed ({err}); is the database from another dragoman version?") from err

    def status(self) -> dict[str, Any]:
        """Row counts and when data last arrived (the newest document's ``ingested_at``)."""
        return self.rows("""SELECT (SELECT count(*) FROM documents) AS documents,
            (SELECT count(*) FROM mentions) AS mentions, (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM problems) AS problems,
            (SELECT max(ingested_at) FROM documents) AS last_updated""")[0]

    def count(self, sel: Selection) -> int:
        where, params = selection_where(sel)
        return self.rows(f"SELECT count(*) AS n FROM mentions {where}", params)[0]["n"]

    def events(self, sel: Selection, sort: str = "date", descending: bool = False) -> list[dict[str, Any]]:
        """A page of event records, each with ``event_id`` (its cluster) and ``source`` (its document)."""
        where, params = selection_where(sel)
        order = f"{SORT_COLUMNS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, doc_id, start_char, id"
        page = self.rows(f"SELECT id FROM mentions {where} ORDER BY {order} LIMIT ? OFFSET ?",
                         [*params, int(sel.limit), int(sel.offset)])
        return self.records([r["id"] for r in page])

    def records(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The records of these mention ids, in this order, with ``event_id`` and ``source``."""
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = self.rows(f"""
            SELECT m.id, m.record, e.event_id, d.url, d.title, d.publisher, d.published
            FROM mentions m LEFT JOIN event_mentions e ON e.mention_id = m.id
            LEFT JOIN documents d ON d.id = m.doc_id WHERE m.id IN ({marks})""", list(ids))
        by_id = {r["id"]: with_source(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def event(self, key: str) -> dict[str, Any] | None:
        """An event (cluster) by its id or by the id of one of its mentions, with all its mentions."""
        link = self.rows("SELECT event_id FROM event_mentions WHERE event_id = ? OR mention_id = ? LIMIT 1",
                         [key, key])
        if not link:
            records = self.records([key])
            return {"event": None, "mentions": records} if records else None
        event_id = link[0]["event_id"]
        event = self.rows("SELECT * FROM events WHERE id = ?", [event_id])
        ids = self.rows("SELECT mention_id FROM event_mentions WHERE event_id = ? ORDER BY mention_id LIMIT 1000",
                        [event_id])
        return {"event": event[0] if event else None, "mentions": self.records([r["mention_id"] for r in ids])}

    def document(self, doc_id: str, max_mentions: int = 1000) -> dict[str, Any] | None:
        """A document with its text and its event records in text order."""
        docs = self.rows("""SELECT id, url, title, publisher, published, language, dateline, n_events,
                            ingested_at, text FROM documents WHERE id = ?""", [doc_id])
        if not docs:
            return None
        ids = self.rows("SELECT id FROM mentions WHERE doc_id = ? ORDER BY start_char, id LIMIT ?",
                        [doc_id, max_mentions])
        return {**docs[0], "events": self.records([r["id"] for r in ids])}

    def actors(self, query: str | None, limit: int) -> list[dict[str, Any]]:
        """Actors and recipients whose name contains ``query`` (or code equals it), most frequent first."""
        pattern = f"%{query}%" if query else "%"
        code = (query or "").upper()
        side = """SELECT unnest({r}_names) AS name, unnest({r}_codes) AS code, {a} AS as_actor
                  FROM mentions WHERE array_to_string({r}_names, '|') ILIKE ? OR list_contains({r}_codes, ?)"""
        return self.rows(f"""
            WITH names AS ({side.format(r='actor', a=1)} UNION ALL {side.format(r='recipient', a=0)})
            SELECT name, nullif(mode(code), '') AS code, sum(as_actor)::BIGINT AS as_actor,
                   (count(*) - sum(as_actor))::BIGINT AS as_recipient, count(*) AS mentions
            FROM names WHERE name ILIKE ? OR code = ?
            GROUP BY name ORDER BY mentions DESC, name LIMIT ?""",
            [pattern, code, pattern, code, pattern, code, int(limit)])

    def network(self, sel: Selection, by: str, limit: int) -> list[dict[str, Any]]:
        """The heaviest actor -> recipient edges, each with its counts per type or quad class."""
        where, params = selection_where(sel, "len(actor_names) > 0 AND len(recipient_names) > 0")
        key, key_params = group_key(by)
        return self.rows(f"""
            WITH a AS (SELECT unnest(actor_names) AS source, unnest(actor_codes) AS source_code,
                              recipient_names, recipient_codes, {key} AS key FROM mentions {where}),
            pairs AS (SELECT source, source_code, unnest(recipient_names) AS target,
                             unnest(recipient_codes) AS target_code, key FROM a),
            keyed AS (SELECT source, target, any_value(source_code) AS source_code,
                             any_value(target_code) AS target_code, key, count(*) AS n
                      FROM pairs WHERE source <> target GROUP BY source, target, key)
            SELECT source, nullif(any_value(source_code), '') AS source_code, target,
                   nullif(any_value(target_code), '') AS target_code, sum(n)::BIGINT AS weight,
                   map(list(key ORDER BY n DESC, key), list(n ORDER BY n DESC, key)) AS counts
            FROM keyed GROUP BY source, target ORDER BY weight DESC, source, target LIMIT ?""",
            [*key_params, *params, int(limit)])

    def timeline(self, sel: Selection, bucket: str, by: str) -> list[dict[str, Any]]:
        """Mention counts per day, week (from Monday) or month, per type or quad class (dated ones only)."""
        where, params = selection_where(sel, "try_cast(date AS DATE) IS NOT NULL")
        key, key_params = group_key(by)
        return self.rows(f"""
            SELECT strftime(date_trunc(?, try_cast(date AS DATE)), '%Y-%m-%d') AS bucket, {key} AS key,
                   count(*) AS n FROM mentions {where} GROUP BY ALL ORDER BY bucket, key""",
            [bucket, *key_params, *params])

    def locations(self, sel: Selection, limit: int) -> list[dict[str, Any]]:
        """Event locations with their mention counts and most frequent type, most frequent first."""
        where, params = selection_where(sel, "lat IS NOT NULL AND lon IS NOT NULL")
        return self.rows(f"""
            SELECT location_name AS name, country_code, round(avg(lat), 4) AS lat, round(avg(lon), 4) AS lon,
                   count(*) AS n, mode(event_type) AS top_type FROM mentions {where}
            GROUP BY location_name, country_code, round(lat, 1), round(lon, 1)
            ORDER BY n DESC, name LIMIT ?""", [*params, int(limit)])


def with_source(row: dict[str, Any]) -> dict[str, Any]:
    """A stored record with its cluster id and its document's url, title, publisher and date."""
    record = json.loads(row["record"])
    record["event_id"] = row.get("event_id")
    record["source"] = {key: row.get(key) for key in SOURCE_COLUMNS}
    return record


SYNTHETIC_MENTIONS = """
CREATE OR REPLACE TEMP TABLE syn AS
WITH base AS (
    SELECT i, i // $per_doc AS d, (hash(i, 't') % len($types))::INTEGER + 1 AS t,
           floor($n_actors * pow((hash(i, 'a') % 1000003) / 1000003.0, 2.5))::INTEGER AS a,
           floor($n_actors * pow((hash(i, 'r') % 1000003) / 1000003.0, 2.0))::INTEGER AS r,
           floor($n_places * pow((hash(i, 'p') % 1000003) / 1000003.0, 2.0))::INTEGER AS p,
           hash(i, 'n') % 4 = 0 AS alone, round((hash(i, 'c') % 1000) / 1000.0, 3) AS confidence,
           strftime(CAST($start AS DATE) + (hash(i, 'd') % $days)::INTEGER, '%Y-%m-%d') AS date
    FROM range($n) AS r(i)),
named AS (
    SELECT b.*, 'syn-' || b.i AS id, 'syn-doc-' || d AS doc_id, $types[t] AS event_type, x.name AS a_name,
           x.code AS a_code, CASE WHEN alone OR a = r THEN NULL ELSE y.name END AS r_name, y.code AS r_code,
           pl.name AS p_name, pl.code AS p_code, pl.lat + ((hash(b.i, 'y') % 100)::INTEGER - 50) / 500.0 AS lat,
           pl.lon + ((hash(b.i, 'x') % 100)::INTEGER - 50) / 500.0 AS lon
    FROM base b JOIN syn_actor x ON x.i = b.a JOIN syn_actor y ON y.i = b.r JOIN syn_place pl ON pl.i = b.p),
texts AS (
    SELECT *, concat_ws(' ', a_name, $verbs[t], coalesce(r_name, 'the crowd'), 'in', p_name,
                        'on', date || '.') AS text FROM named)
SELECT *, sum(length(text) + 1) OVER (PARTITION BY d ORDER BY i) - length(text) - 1 AS start_char
FROM texts"""

SYNTHETIC_INSERTS = """
INSERT INTO mentions SELECT id, doc_id, event_type, NULL, []::VARCHAR[], []::VARCHAR[], [a_name], [a_code],
    CASE WHEN r_name IS NULL THEN []::VARCHAR[] ELSE [r_name] END,
    CASE WHEN r_name IS NULL THEN []::VARCHAR[] ELSE [r_code] END, date, NULL, p_name, p_code, lat, lon,
    confidence, text, start_char, start_char + length(text),
    json_object('id', id, 'doc_id', doc_id, 'event_type', event_type, 'mode', NULL, 'modality', '[]'::JSON,
        'context', '[]'::JSON, 'actor', [json_object('text', a_name, 'name', a_name, 'code', a_code,
        'sector', NULL, 'id', NULL)], 'recipient', CASE WHEN r_name IS NULL THEN '[]'::JSON ELSE
        to_json([json_object('text', r_name, 'name', r_name, 'code', r_code, 'sector', NULL, 'id', NULL)]) END,
        'date', date, 'date_text', NULL, 'location', json_object('text', p_name, 'name', p_name,
        'country_code', p_code, 'lat', lat, 'lon', lon, 'geonameid', NULL), 'attribution', '[]'::JSON,
        'quote', NULL, 'text', text, 'start', start_char, 'end', start_char + length(text),
        'confidence', confidence)
FROM syn;
INSERT INTO documents SELECT doc_id, 'https://news.example.org/' || doc_id, 'Synthetic article ' || d,
    'Publisher ' || (d % 40), min(date), 'en', NULL, string_agg(text, ' ' ORDER BY i), md5(doc_id),
    'synthetic', count(*), now()::TIMESTAMP
FROM syn GROUP BY doc_id, d;
DROP TABLE syn;"""


def insert_synthetic(store: Store, n_mentions: int, actors: Sequence[tuple[str, str]],
                     places: Sequence[tuple[str, str, float, float]], verbs: dict[str, str],
                     per_doc: int = 5, start: str = "2015-01-01", days: int = 3650) -> None:
    """Add generated documents and mention rows, built in SQL (for benchmarks; minutes -> seconds).

    ``actors``: (name, code); ``places``: (name, country code, lat, lon); ``verbs``: type -> verb.
    Frequent actors and places come first: the draws favour the start of each list.
    """
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE syn_actor (i INTEGER, name VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO syn_actor VALUES (?, ?, ?)", [(i, *a) for i, a in enumerate(actors)])
    con.execute("CREATE OR REPLACE TEMP TABLE syn_place (i INTEGER, name VARCHAR, code VARCHAR, lat DOUBLE, "
                "lon DOUBLE)")
    con.executemany("INSERT INTO syn_place VALUES (?, ?, ?, ?, ?)", [(i, *p) for i, p in enumerate(places)])
    con.execute(SYNTHETIC_MENTIONS, {"n": n_mentions, "per_doc": per_doc, "n_actors": len(actors),
                                     "n_places": len(places), "types": list(verbs), "verbs": list(verbs.values()),
                                     "start": start, "days": days})
    con.execute(SYNTHETIC_INSERTS)
