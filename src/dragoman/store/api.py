"""The REST API's queries: serving tables on a private snapshot, and reads with bounded pages.

Part of the store package, the only code that imports duckdb.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from typing import Any, Sequence

import duckdb

from ..errors import StoreBusy, StoreError
from ..ontology import QUAD_CLASS
from . import VERSION_TABLES, EventFilter, file_signature
from .versions import version_hash

# Read-only queries of the REST API and dashboard (dragoman.web). A server reads its own copy of the
# database (a snapshot), so it never holds the lock an ingest needs; ``prepare_snapshot`` adds to that
# copy the api_* tables that keep queries fast on millions of mentions:
#   api_mentions  one row per mention in the CLI's order (rid), with the filter and sort columns
#   api_names     actor/recipient names with counts; api_roles: (name, mention, role, code), where
#                 role l is the location; api_codes: the mentions of each code
#   api_pairs     actor -> recipient pairs (edge = source nid << 32 | target nid); api_places: places
#   api_texts     lower-cased evidence sentences, uncompressed (fast to check); api_words and
#                 api_vocabulary: which mentions hold which word, to read few sentences per search

SERVING_TABLES = """
SET enable_progress_bar = false;
CREATE OR REPLACE TABLE api_places AS
SELECT (row_number() OVER (ORDER BY location_name, country_code))::INTEGER AS pid, location_name AS name,
       country_code, round(avg(lat), 4) AS lat, round(avg(lon), 4) AS lon
FROM mentions WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY location_name, country_code;
CREATE OR REPLACE TABLE api_mentions AS
SELECT *, CASE WHEN date IS NULL THEN rid ELSE -rid END AS newest FROM (
    SELECT (row_number() OVER (ORDER BY m.date NULLS LAST, m.doc_id, m.start_char, m.id))::INTEGER AS rid,
           m.id, m.doc_id, m.event_type, m.date, try_cast(m.date AS DATE) AS day, m.country_code,
           m.location_name, m.confidence, e.event_id, p.pid
    FROM mentions m
    LEFT JOIN (SELECT mention_id, any_value(event_id) AS event_id FROM event_mentions GROUP BY ALL) e
           ON e.mention_id = m.id
    LEFT JOIN api_places p ON p.name IS NOT DISTINCT FROM m.location_name
           AND p.country_code IS NOT DISTINCT FROM m.country_code AND m.lat IS NOT NULL AND m.lon IS NOT NULL)
ORDER BY rid;
CREATE OR REPLACE TEMP TABLE roles AS
SELECT m.id, 'a' AS role, unnest(m.actor_names) AS name, unnest(m.actor_codes) AS code FROM mentions m
UNION ALL SELECT m.id, 'r', unnest(m.recipient_names), unnest(m.recipient_codes) FROM mentions m;
CREATE OR REPLACE TABLE api_names AS
SELECT (row_number() OVER (ORDER BY count(*) DESC, name))::INTEGER AS nid, name, lower(name) AS name_lower,
       nullif(mode(code), '') AS code, count(*) FILTER (WHERE role = 'a') AS as_actor,
       count(*) FILTER (WHERE role = 'r') AS as_recipient, count(*) AS mentions
FROM roles GROUP BY name ORDER BY nid;
CREATE OR REPLACE TABLE api_roles AS
SELECT * FROM (SELECT n.nid, a.rid, r.role, nullif(r.code, '') AS code
               FROM roles r JOIN api_names n USING (name) JOIN api_mentions a USING (id)
               UNION ALL SELECT NULL, rid, 'l', country_code FROM api_mentions WHERE country_code IS NOT NULL)
ORDER BY nid, rid;
CREATE OR REPLACE TABLE api_codes AS
SELECT DISTINCT code, rid FROM api_roles WHERE code IS NOT NULL ORDER BY code, rid;
CREATE OR REPLACE TABLE api_pairs AS
SELECT s.rid, m.date, m.event_type, (s.nid::BIGINT << 32) | t.nid AS edge
FROM api_roles s JOIN api_roles t ON t.rid = s.rid AND t.role = 'r' AND t.nid <> s.nid
JOIN api_mentions m ON m.rid = s.rid WHERE s.role = 'a' ORDER BY s.rid;
CREATE OR REPLACE TABLE api_edges AS SELECT edge, event_type, count(*) AS n FROM api_pairs GROUP BY ALL;
CREATE OR REPLACE TABLE api_edge_weights AS
SELECT edge, sum(n)::BIGINT AS weight FROM api_edges GROUP BY edge ORDER BY weight DESC, edge;
CREATE OR REPLACE TABLE api_texts (rid INTEGER, text_lower VARCHAR USING COMPRESSION uncompressed);
INSERT INTO api_texts SELECT a.rid, lower(m.text) FROM mentions m JOIN api_mentions a USING (id) ORDER BY a.rid;
CREATE OR REPLACE TABLE api_words AS
SELECT word, rid FROM (SELECT rid, unnest(string_split_regex(text_lower, '[^a-z0-9]+')) AS word FROM api_texts)
WHERE word <> '' ORDER BY word, rid;
CREATE OR REPLACE TABLE api_vocabulary AS SELECT word, count(*) AS df FROM api_words GROUP BY word ORDER BY word;
CREATE INDEX IF NOT EXISTS api_mentions_id ON api_mentions (id);
CREATE INDEX IF NOT EXISTS api_mentions_event ON api_mentions (event_id);
DROP TABLE roles;
@VERSIONS@
CHECKPOINT;""".replace("@VERSIONS@", VERSION_TABLES)  # a database of an older dragoman has no version tables

SORT_COLUMNS = {"date": "rid", "type": "event_type", "confidence": "confidence",
                "country": "country_code", "location": "location_name"}
BUCKETS = ("day", "week", "month")
SOURCE_COLUMNS = ("url", "title", "publisher", "published")
NAME_MATCH = "nid IN (SELECT nid FROM api_names WHERE name_lower LIKE ?)"
WORD_RE = re.compile(r"[^a-z0-9]+")  # the same split as api_words'
MAX_WORDS = 500  # vocabulary words a token may stand for and still narrow the search
MAX_TOKENS = 3  # the rarest tokens whose mentions are intersected


@dataclass(frozen=True)
class Selection(EventFilter):
    """An EventFilter that also takes a set of PLOVER types (a quad class expands to its types)."""

    types: tuple[str, ...] = ()


def role_clause(role: str, value: str) -> tuple[str, list[Any]]:
    """Mentions with an actor (``a``) or recipient (``r``) whose name contains ``value`` or whose code it is."""
    if re.fullmatch(r"[A-Za-z]{3}", value):
        match, params = f"({NAME_MATCH} OR code = ?)", [f"%{value.lower()}%", value.upper()]
    else:  # codes have three letters: anything else can only match a name
        match, params = NAME_MATCH, [f"%{value.lower()}%"]
    return f"rid IN (SELECT rid FROM api_roles WHERE role = '{role}' AND {match})", params


def text_clause(text: str, word_sets: Sequence[Sequence[str]]) -> tuple[str, list[Any]]:
    """Mentions whose sentence contains ``text``. ``word_sets``: for some tokens of ``text``, the
    vocabulary words they may stand for; only mentions indexed under one word of each set are read."""
    # The pattern as a scalar subquery: DuckDB then checks it after the candidate join, not on every row.
    verify, params = "contains(text_lower, (SELECT ?::VARCHAR))", [text.lower()]
    if any(not words for words in word_sets):
        return "FALSE", []
    postings = " INTERSECT ".join(f"SELECT rid FROM api_words WHERE word IN ({', '.join('?' * len(words))})"
                                  for words in word_sets)
    narrow = f"rid IN ({postings}) AND " if word_sets else ""
    return (f"rid IN (SELECT rid FROM api_texts WHERE {narrow}{verify})",
            [*(w for words in word_sets for w in words), *params])


def token_patterns(text: str) -> list[str]:
    """LIKE patterns over api_vocabulary, one per token of ``text``: a sentence that contains ``text``
    has, for each token, a word that fits its pattern (the first token may end a word, the last may
    begin one, a lone token may sit inside one).

    >>> token_patterns("Sanctions on Iran")
    ['%sanctions', 'on', 'iran%']
    """
    tokens = WORD_RE.split(text.lower())
    last = len(tokens) - 1
    return [("%" if i == 0 else "") + token + ("%" if i == last else "") for i, token in enumerate(tokens) if token]


def selection_where(sel: Selection, extra: str = "",
                    word_sets: Sequence[Sequence[str]] = ()) -> tuple[str, list[Any]]:
    """A parameterised WHERE over api_mentions or api_pairs with the CLI's filter semantics (see
    build_where); ``word_sets``: see text_clause."""
    clauses, params = [], []
    for role, value in (("a", sel.actor), ("r", sel.recipient)):
        if value:
            clause, values = role_clause(role, value)
            clauses.append(clause)
            params += values
    types = tuple(t.upper() for t in (*sel.types, *([sel.type] if sel.type else [])))
    if types:
        clauses.append(f"event_type IN ({', '.join('?' * len(types))})")
        params += types
    if sel.country:
        clauses.append("rid IN (SELECT rid FROM api_codes WHERE code = ?)")
        params.append(sel.country.upper())
    for clause, value in (("date >= ?", sel.since), ("date <= ?", sel.until and sel.until + "\uffff")):
        if value:
            clauses.append(clause)
            params.append(value)
    if sel.text:
        clause, values = text_clause(sel.text, word_sets)
        clauses.append(clause)
        params += values
    clauses += [extra] if extra else []
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def order_by(sort: str, descending: bool) -> str:
    """ORDER BY for a SORT_COLUMNS key; ties (and ``date``) in the CLI's order, undated mentions last."""
    if sort == "date":
        return "newest" if descending else "rid"
    return f"{SORT_COLUMNS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, rid"


def group_key(by: str) -> tuple[str, list[Any]]:
    """The SQL expression that groups mentions by PLOVER type (``type``) or quad class (``quad``)."""
    if by == "type":
        return "event_type", []
    whens = " ".join("WHEN ? THEN ?" for _ in QUAD_CLASS)
    return f"(CASE event_type {whens} END)", [v for pair in QUAD_CLASS.items() for v in pair]


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


def prepare_snapshot(path: str) -> None:
    """Add the api_* tables to a private copy of a database (seconds per million mentions)."""
    try:
        with duckdb.connect(path) as con:
            con.execute(SERVING_TABLES)
    except duckdb.Error as err:
        raise StoreError(f"cannot prepare {path} for serving ({err}); is it a dragoman database?") from err


class ReadOnlyDatabase:
    """A prepared snapshot shared by a server's threads; each request reads with its own cursor."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.con = connect_read_only(path)

    def reader(self) -> "ApiReader":
        cursor = self.con.cursor()
        cursor.execute("SET enable_progress_bar = false")
        return ApiReader(cursor)

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

    def where(self, sel: Selection, extra: str = "") -> tuple[str, list[Any]]:
        """selection_where, with the text filter narrowed by the word index."""
        return selection_where(sel, extra, self.text_words(sel.text) if sel.text else ())

    def text_words(self, text: str) -> list[list[str]]:
        """For the rarest tokens of ``text``, the vocabulary words each may stand for."""
        found = []
        for pattern in token_patterns(text):
            words = self.rows("SELECT word, df FROM api_vocabulary WHERE word LIKE ?", [pattern])
            if len(words) <= MAX_WORDS:
                found.append((sum(w["df"] for w in words), [w["word"] for w in words]))
        return [words for _, words in sorted(found)[:MAX_TOKENS]]

    def status(self) -> dict[str, Any]:
        """Row counts, when data last arrived (the newest ``ingested_at``) and the span of event dates."""
        return self.rows("""SELECT (SELECT count(*) FROM documents) AS documents,
            (SELECT count(*) FROM api_mentions) AS mentions, (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM problems) AS problems,
            (SELECT max(ingested_at) FROM documents) AS last_updated,
            (SELECT strftime(min(day), '%Y-%m-%d') FROM api_mentions) AS first_date,
            (SELECT strftime(max(day), '%Y-%m-%d') FROM api_mentions) AS last_date""")[0]

    def count(self, sel: Selection) -> int:
        where, params = self.where(sel)
        return self.rows(f"SELECT count(*) AS n FROM api_mentions {where}", params)[0]["n"]

    def events(self, sel: Selection, sort: str = "date", descending: bool = False) -> dict[str, Any]:
        """How many mentions the selection holds (``total``) and the records of one page of it (``items``,
        in the CLI's order or by ``sort``, with ``event_id`` and ``source``); the filters run once."""
        if not (sel.actor or sel.recipient or sel.country or sel.text):  # cheap filters: count, then top-N
            return {"total": self.count(sel), "items": self.records(self.page(sel, sort, descending))}
        where, params = self.where(sel)
        rows = self.rows(f"""WITH s AS MATERIALIZED (SELECT rid, newest, {SORT_COLUMNS[sort]} FROM api_mentions {where})
                             SELECT rid, (SELECT count(*) FROM s) AS total FROM s
                             ORDER BY {order_by(sort, descending)} LIMIT ? OFFSET ?""",
                         [*params, int(sel.limit), int(sel.offset)])
        total = rows[0]["total"] if rows else self.count(sel)
        return {"total": total, "items": self.records(self.by_rid([r["rid"] for r in rows]))}

    def page(self, sel: Selection, sort: str = "date", descending: bool = False) -> list[dict[str, Any]]:
        """(id, doc_id, event_id) of one page (``sel.limit`` from ``sel.offset``) of the selection."""
        where, params = self.where(sel)
        rids = self.rows(f"SELECT rid FROM api_mentions {where} ORDER BY {order_by(sort, descending)} LIMIT ? OFFSET ?",
                         [*params, int(sel.limit), int(sel.offset)])
        return self.by_rid([r["rid"] for r in rids])

    def by_rid(self, rids: Sequence[int]) -> list[dict[str, Any]]:
        """(id, doc_id, event_id) of mentions by rid, in the given order. Fetched apart from the page
        query so that DuckDB reads these columns for the page only, not for every row it filters."""
        if not rids:
            return []
        found = {r["rid"]: r for r in self.rows(
            f"SELECT rid, id, doc_id, event_id FROM api_mentions WHERE rid IN ({', '.join('?' * len(rids))})", rids)}
        return [found[rid] for rid in rids]

    def mentions_where(self, clause: str, value: Any, limit: int = 1000) -> list[dict[str, Any]]:
        """Mentions by an indexed column, in the CLI's order (sorted here: ORDER BY would keep DuckDB
        from using the index)."""
        found = self.rows(f"SELECT id, doc_id, event_id, rid FROM api_mentions WHERE {clause}", [value])
        return sorted(found, key=lambda m: m["rid"])[:limit]

    def records(self, page: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records of a page of mentions, in its order, with ``event_id`` and ``source``."""
        if not page:
            return []
        ids, doc_ids = [m["id"] for m in page], sorted({m["doc_id"] for m in page})
        stored = {r["id"]: r["record"] for r in self.rows(
            f"SELECT id, record FROM mentions WHERE id IN ({', '.join('?' * len(ids))})", ids)}
        docs = {d["id"]: d for d in self.rows(
            f"SELECT id, {', '.join(SOURCE_COLUMNS)} FROM documents WHERE id IN ({', '.join('?' * len(doc_ids))})",
            doc_ids)}
        return [with_source(stored[m["id"]], m["event_id"], docs.get(m["doc_id"], {})) for m in page
                if m["id"] in stored]

    def event(self, key: str) -> dict[str, Any] | None:
        """An event (cluster) by its id, or by the id of one of its mentions, with all its mentions."""
        event = self.rows("SELECT * FROM events WHERE id = ?", [key])
        if not event:
            mention = self.mentions_where("id = ?", key)
            if not mention:
                return None
            if mention[0]["event_id"] is None:
                return {"event": None, "mentions": self.records(mention)}
            event = self.rows("SELECT * FROM events WHERE id = ?", [mention[0]["event_id"]])
        return {"event": event[0], "mentions": self.records(self.mentions_where("event_id = ?", event[0]["id"]))}

    def document(self, doc_id: str, max_mentions: int = 1000) -> dict[str, Any] | None:
        """A document with its text and its event records in text order."""
        docs = self.rows("""SELECT id, url, title, publisher, published, language, dateline, n_events,
                            ingested_at, text FROM documents WHERE id = ?""", [doc_id])
        if not docs:
            return None
        found = self.rows("SELECT id, start_char FROM mentions WHERE doc_id = ?", [doc_id])  # indexed: no ORDER BY
        ids = [r["id"] for r in sorted(found, key=lambda r: (r["start_char"] or 0, r["id"]))[:max_mentions]]
        page = self.rows(f"SELECT id, doc_id, event_id FROM api_mentions WHERE id IN ({', '.join('?' * len(ids))})",
                         ids) if ids else []
        order = {mention_id: i for i, mention_id in enumerate(ids)}
        return {**docs[0], "events": self.records(sorted(page, key=lambda m: order[m["id"]])),
                "version_hash": version_hash(docs[0]["text"] or "", docs[0]["published"]),
                "versions": self.versions(doc_id)}

    def versions(self, doc_id: str) -> list[dict[str, Any]]:
        """The document's other versions, set aside by the update policy (docs/record.md), oldest first."""
        return self.rows("""SELECT version_hash, status, reason, preferred_version, url, title, published, origin,
                                   n_events, strftime(set_aside_at, '%Y-%m-%dT%H:%M:%S') AS set_aside_at
                            FROM document_versions WHERE id = ? ORDER BY set_aside_at, version_hash""", [doc_id])

    def actors(self, query: str | None, limit: int) -> list[dict[str, Any]]:
        """Actor and recipient names that contain ``query`` (or whose code it is), most frequent first."""
        return self.rows("""SELECT name, code, as_actor, as_recipient, mentions FROM api_names
                            WHERE name_lower LIKE ? OR code = ? ORDER BY nid LIMIT ?""",
                         [f"%{(query or '').lower()}%", (query or "").upper(), int(limit)])

    def network(self, sel: Selection, by: str, limit: int) -> list[dict[str, Any]]:
        """The heaviest actor -> recipient edges, each with its counts per type or quad class."""
        where, params = self.where(sel)  # api_pairs has the columns that filters read: rid, date, event_type
        key, key_params = group_key(by)
        typed, weights = ((f"SELECT edge, event_type, count(*) AS n FROM api_pairs {where} GROUP BY ALL",
                           "SELECT edge, sum(n)::BIGINT AS weight FROM typed GROUP BY edge") if where
                          else ("SELECT * FROM api_edges", "SELECT * FROM api_edge_weights"))  # all: counted before
        return self.rows(f"""
            WITH typed AS ({typed}),
            top AS ({weights} ORDER BY weight DESC, edge LIMIT ?),
            keyed AS (SELECT edge, {key} AS key, sum(n)::BIGINT AS n FROM typed WHERE edge IN (SELECT edge FROM top)
                      GROUP BY ALL)
            SELECT s.name AS source, s.code AS source_code, t.name AS target, t.code AS target_code,
                   top.weight, map(list(k.key ORDER BY k.n DESC, k.key), list(k.n ORDER BY k.n DESC, k.key)) AS counts
            FROM top JOIN keyed k USING (edge) JOIN api_names s ON s.nid = top.edge >> 32
            JOIN api_names t ON t.nid = top.edge & 4294967295
            GROUP BY ALL ORDER BY top.weight DESC, source, target""", [*params, int(limit), *key_params])

    def timeline(self, sel: Selection, bucket: str, by: str) -> list[dict[str, Any]]:
        """Mention counts per day, week (from Monday) or month, per type or quad class (dated ones only)."""
        where, params = self.where(sel, "day IS NOT NULL")
        key, key_params = group_key(by)
        trunc = {"day": "day", "week": "date_trunc('week', day)", "month": "date_trunc('month', day)"}[bucket]
        return self.rows(f"""
            WITH typed AS (SELECT {trunc} AS bucket, event_type, count(*) AS n FROM api_mentions {where}
                           GROUP BY ALL)
            SELECT strftime(bucket, '%Y-%m-%d') AS bucket, {key} AS key, sum(n)::BIGINT AS n FROM typed
            GROUP BY ALL ORDER BY bucket, key""", [*params, *key_params])

    def locations(self, sel: Selection, limit: int) -> list[dict[str, Any]]:
        """Event locations with their mention counts, most frequent first."""
        where, params = self.where(sel, "pid IS NOT NULL")
        return self.rows(f"""
            WITH c AS (SELECT pid, count(*) AS n FROM api_mentions {where} GROUP BY pid ORDER BY n DESC, pid LIMIT ?)
            SELECT p.name, p.country_code, p.lat, p.lon, c.n FROM c JOIN api_places p USING (pid)
            ORDER BY c.n DESC, p.name""", [*params, int(limit)])


def with_source(record: str, event_id: str | None, doc: dict[str, Any]) -> dict[str, Any]:
    """A stored record with its cluster id and its document's url, title, publisher and date."""
    out = json.loads(record)
    out["event_id"] = event_id
    out["source"] = {key: doc.get(key) for key in SOURCE_COLUMNS}
    return out
