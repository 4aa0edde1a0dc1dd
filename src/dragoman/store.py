"""The database: the only module that imports duckdb. Schema, idempotent writes, queries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

import duckdb

from .errors import StoreError
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
