"""The database: the only module that imports duckdb. Schema, idempotent writes, queries."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import duckdb

from .errors import StoreBusy, StoreError, UsageError
from .ontology import QUAD_CLASS
from .records import Event, Problem, content_hash

if TYPE_CHECKING:
    from .cluster import ClusterSettings, EventCluster, MentionRow
    from .dedup import BandIndex, DedupSettings, Fingerprint

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
CREATE TABLE IF NOT EXISTS @EVENTS@;
CREATE TABLE IF NOT EXISTS event_mentions (event_id VARCHAR, mention_id VARCHAR);
CREATE TABLE IF NOT EXISTS problems (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, origin VARCHAR, stage VARCHAR, code VARCHAR,
    message VARCHAR, seen_at TIMESTAMP);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id);
CREATE INDEX IF NOT EXISTS mentions_type ON mentions (event_type);
ALTER TABLE documents ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS raw_hash VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS minhash BLOB;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS location_feature VARCHAR;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS actor_search VARCHAR;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS recipient_search VARCHAR;
@FILL_SEARCH@;
ALTER TABLE events ADD COLUMN IF NOT EXISTS modality VARCHAR[];
ALTER TABLE events ADD COLUMN IF NOT EXISTS lat DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS lon DOUBLE;
CREATE TABLE IF NOT EXISTS doc_bands (band_key BIGINT, doc_id VARCHAR);
"""
# Rebuilt whole by each clustering (Store.rebuild_events), then indexed on id.
EVENTS_TABLE = """events (
    id VARCHAR, event_type VARCHAR, mode VARCHAR, actor_names VARCHAR[],
    actor_codes VARCHAR[], recipient_names VARCHAR[], recipient_codes VARCHAR[], date VARCHAR,
    location_name VARCHAR, country_code VARCHAR, n_mentions INTEGER, n_articles INTEGER,
    n_sources INTEGER, first_seen VARCHAR, last_seen VARCHAR, modality VARCHAR[], lat DOUBLE, lon DOUBLE)"""
# Rows written before these columns existed, or by bulk SQL (insert_synthetic), get them here.
FILL_SEARCH = """UPDATE mentions SET actor_search = lower(array_to_string(actor_names, '|')),
    recipient_search = lower(array_to_string(recipient_names, '|')) WHERE actor_search IS NULL"""
NEXT_EVENTS = EVENTS_TABLE.replace("events", "events_next", 1)
SCHEMA = SCHEMA.replace("@EVENTS@", EVENTS_TABLE).replace("@FILL_SEARCH@", FILL_SEARCH)
# Column types of the bulk inserts (insert_columns); every insert names its columns, so that
# columns added later (ALTER TABLE above) never break one.
DOCUMENT_TYPES = {
    "id": "VARCHAR", "url": "VARCHAR", "title": "VARCHAR", "publisher": "VARCHAR", "published": "VARCHAR",
    "language": "VARCHAR", "dateline": "VARCHAR", "text": "VARCHAR", "text_hash": "VARCHAR",
    "origin": "VARCHAR", "n_events": "INTEGER", "ingested_at": "TIMESTAMP", "duplicate_of": "VARCHAR",
    "raw_hash": "VARCHAR", "minhash": "BLOB"}
MENTION_TYPES = {
    "id": "VARCHAR", "doc_id": "VARCHAR", "event_type": "VARCHAR", "mode": "VARCHAR", "modality": "VARCHAR[]",
    "context": "VARCHAR[]", "actor_names": "VARCHAR[]", "actor_codes": "VARCHAR[]",
    "recipient_names": "VARCHAR[]", "recipient_codes": "VARCHAR[]", "date": "VARCHAR", "date_text": "VARCHAR",
    "location_name": "VARCHAR", "country_code": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE",
    "confidence": "DOUBLE", "text": "VARCHAR", "start_char": "INTEGER", "end_char": "INTEGER",
    "record": "VARCHAR", "location_feature": "VARCHAR", "actor_search": "VARCHAR", "recipient_search": "VARCHAR"}
DOCUMENT_COLUMNS = ", ".join(list(DOCUMENT_TYPES)[:12])  # the columns of the first schema
MENTION_COLUMNS = ", ".join(list(MENTION_TYPES)[:21])


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

    def __init__(self, path: str, read_only: bool = False, dedup: DedupSettings | None = None,
                 memory_limit: str | None = None) -> None:
        from .dedup import DedupSettings

        self.path = path
        self.dedup = dedup or DedupSettings()
        limit = check_memory_limit(memory_limit) if memory_limit else None
        try:
            self.con = connect_waiting(path, read_only)
        except duckdb.Error as err:
            raise StoreError(f"cannot open database {path} ({err}); check the path, or whether "
                             "another dragoman process is writing to it") from err
        if limit:
            self.con.execute(f"SET memory_limit = '{limit}'")
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

    def write_batch(self, results: Iterable[tuple]) -> WriteCounts:
        """Write one batch in one transaction: documents with their mentions, and problems.

        Items are (article, events, problem) or (article, events, problem, fingerprint, raw_hash); a
        missing fingerprint is computed here. Near-duplicates are linked with ``duplicate_of``. A
        handful of statements per batch, whatever its size: the one writer keeps up with many workers.
        """
        items = [self.complete(item) for item in results]
        self.con.execute("BEGIN TRANSACTION")
        try:
            counts = self.write_items(items)
            self.con.execute("COMMIT")
        except (duckdb.Error, ValueError, TypeError) as err:  # pyarrow's errors are ValueError/TypeError
            self.con.execute("ROLLBACK")
            raise StoreError(f"writing to {self.path} failed ({err}); nothing from this batch was kept") from err
        return counts

    def complete(self, item: tuple) -> tuple:
        """(article, events, problem, fingerprint, raw_hash), the fingerprint computed when missing."""
        article, events, problem, fp, raw_hash = (*item, None, None)[:5]
        if fp is None and article is not None and problem is None and self.dedup.enabled:
            from .dedup import fingerprint

            fp = fingerprint(article.text, self.dedup)
        return article, events, problem, fp, raw_hash

    def write_items(self, items: list[tuple]) -> WriteCounts:
        problems = [item[2] for item in items if item[2] is not None]
        for problem in problems:
            self.write_problem(problem)
        docs = [item for item in items if item[2] is None and item[0] is not None]
        ids = sorted({item[0].doc_id for item in docs})
        known = dict(self.con.execute("SELECT id, text_hash FROM documents WHERE id IN "
                                      "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
        counts, final, unchanged = tally(docs, known)
        if unchanged:
            self.con.execute("""UPDATE documents SET raw_hash = k.h FROM
                (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS h) k WHERE documents.id = k.id""",
                [[u[0] for u in unchanged], [u[1] for u in unchanged]])
        gone = [doc_id for doc_id in final if doc_id in known]
        for table, key in (("mentions", "doc_id"), ("doc_bands", "doc_id"), ("documents", "id")):
            if gone:
                self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [gone])
        self.insert_documents(list(final.values()))
        return counts + WriteCounts(problems=len(problems))

    def insert_documents(self, final: list[tuple]) -> None:
        """Documents (linked to the original they copy), their LSH bands and their mentions."""
        index = self.band_index([item[3] for item, _ in final if item[3] is not None])
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        documents, bands, mentions = [], [], {}
        for (article, events, _, fp, raw_hash), digest in final:
            original = index.find(article.doc_id, fp) if index is not None and fp is not None else None
            if index is not None and fp is not None:
                index.add(article.doc_id, fp.signature, fp.bands, original)
            documents.append([article.doc_id, article.url, article.title, article.publisher, article.published,
                              article.language, article.dateline, article.text, digest, article.origin,
                              len(events), now, original, raw_hash, fp.to_bytes() if fp is not None else None])
            if original is None and fp is not None:  # copies are found through their original
                bands += [[key, article.doc_id] for key in fp.bands]
            mentions.update((e.id, mention_row(e) + scale_columns(e)) for e in events)
        insert_columns(self.con, "documents", as_columns(DOCUMENT_TYPES, documents))
        insert_columns(self.con, "doc_bands", as_columns({"band_key": "BIGINT", "doc_id": "VARCHAR"}, bands))
        insert_columns(self.con, "mentions", as_columns(MENTION_TYPES, list(mentions.values())),
                       verb="INSERT OR REPLACE INTO")

    def band_index(self, fingerprints: Sequence[Fingerprint]) -> BandIndex | None:
        """The stored documents that share an LSH band with any of these fingerprints."""
        from .dedup import BandIndex, Fingerprint

        if not self.dedup.enabled:
            return None
        index = BandIndex(self.dedup.threshold)
        keys = sorted({key for fp in fingerprints for key in fp.bands})
        if not keys:
            return index
        rows = self.con.execute("""
            SELECT d.id, any_value(d.minhash), any_value(d.duplicate_of), list(b.band_key)
            FROM doc_bands b JOIN documents d ON d.id = b.doc_id
            WHERE b.band_key IN (SELECT unnest(?::BIGINT[])) GROUP BY d.id ORDER BY min(d.ingested_at), d.id""",
            [keys]).fetchall()
        for doc_id, minhash, original, bands in rows:
            index.add(doc_id, Fingerprint.signature_from_bytes(minhash or b""), bands, original)
        return index

    def stored_raw(self, keys: Sequence[tuple[str, str]]) -> set[str]:
        """Ids among (doc id, raw hash) pairs whose document is stored from exactly that input."""
        if not keys:
            return set()
        rows = self.con.execute("""
            SELECT d.id FROM documents d JOIN (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS h) k
            ON d.id = k.id AND d.raw_hash = k.h""", [[k[0] for k in keys], [k[1] for k in keys]]).fetchall()
        return {r[0] for r in rows}

    def write_problem(self, problem: Problem) -> None:
        key = content_hash(problem.origin, problem.stage, problem.code)
        self.con.execute(
            "INSERT OR REPLACE INTO problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [key, problem.doc_id, problem.origin, problem.stage, problem.code, problem.message,
             datetime.now(timezone.utc).replace(tzinfo=None)],
        )

    def rebuild_events(self, settings: ClusterSettings | None = None) -> int:
        """Cluster the report-level mentions into events (cluster.py) and replace ``events``.

        The clusters go to events_next and event_mentions_next chunk by chunk (memory stays bounded),
        which replace events and event_mentions in one transaction at the end: a run killed meanwhile
        leaves the previous events, and the next run rebuilds.
        """
        from .cluster import ClusterSettings, cluster_mentions

        reader = self.con.cursor()
        try:
            self.con.execute(FILL_SEARCH)
            self.con.execute(f"DROP TABLE IF EXISTS events_next; CREATE TABLE {NEXT_EVENTS}; "
                             "DROP TABLE IF EXISTS event_mentions_next; "
                             "CREATE TABLE event_mentions_next (event_id VARCHAR, mention_id VARCHAR)")
            chunk: list[EventCluster] = []
            for cluster in cluster_mentions(iter_cluster_rows(reader), settings or ClusterSettings()):
                chunk.append(cluster)
                if len(chunk) >= 20_000:
                    insert_clusters(self.con, chunk, "_next")
                    chunk = []
            insert_clusters(self.con, chunk, "_next")
            self.swap_events()
        except duckdb.Error as err:
            raise StoreError(f"clustering events in {self.path} failed ({err}); the previous events "
                             "are kept, run the ingest again to retry") from err
        finally:
            reader.close()
        return self.con.execute("SELECT count(*) FROM events").fetchone()[0]

    def swap_events(self) -> None:
        """events_next and event_mentions_next become events and event_mentions, in one transaction."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS event_mentions; "
                             "ALTER TABLE events_next RENAME TO events; "
                             "ALTER TABLE event_mentions_next RENAME TO event_mentions; "
                             "CREATE INDEX events_id ON events (id)")
            self.con.execute("COMMIT")
        except duckdb.Error:
            self.con.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------------------

    def query_events(self, flt: EventFilter) -> list[dict[str, Any]]:
        """Event records (CONTRACT.md) matching the filter, by date then document order."""
        where, params = build_where(flt)
        sql = (f"SELECT id FROM mentions {where} ORDER BY date NULLS LAST, doc_id, start_char, id "
               f"LIMIT ? OFFSET ?")
        ids = [r[0] for r in self.con.execute(sql, [*params, int(flt.limit), int(flt.offset)]).fetchall()]
        # the records of the page only: reading every match's record before the sort costs more than the sort
        records = dict(self.con.execute("SELECT id, record FROM mentions WHERE id = ANY(?::VARCHAR[])",
                                        [ids]).fetchall()) if ids else {}
        return [json.loads(records[i]) for i in ids]

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
    for role, value in (("actor", flt.actor), ("recipient", flt.recipient)):
        if value:  # a name containing the value (any case), or a code equal to it
            clauses.append(f"(contains(coalesce({role}_search, lower(array_to_string({role}_names, '|'))), "
                           f"lower(?)) OR list_contains({role}_codes, ?))")
            params += [value, value.upper()]
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


# --- corpus scale: clustering, bulk writes, export ------------------------------------------------

# The day a mention is ordered and windowed by: its full date; else, for a month or a year, the
# publication date when it falls inside, or the first day; else the publication date.
CLUSTER_ROWS = """
WITH rows AS (
    SELECT m.id, coalesce(d.duplicate_of, m.doc_id) AS original, d.published, d.ingested_at,
           m.event_type, list_sort(m.modality) AS modality, m.actor_names, m.actor_codes,
           m.recipient_names, m.recipient_codes, m.date, m.mode, m.location_name, m.country_code,
           m.lat, m.lon, m.location_feature
    FROM mentions m LEFT JOIN documents d ON d.id = m.doc_id
    WHERE m.event_type = $event_type AND NOT list_contains(m.modality, 'negation'))
SELECT r.id, r.original, coalesce(o.publisher, r.original) AS source,
       coalesce(left(r.published, 10), strftime(r.ingested_at, '%Y-%m-%d')) AS seen,
       r.event_type, coalesce(r.modality, []), coalesce(r.actor_names, []),
       list_transform(coalesce(r.actor_codes, []), lambda c: coalesce(c, '')), coalesce(r.recipient_names, []),
       list_transform(coalesce(r.recipient_codes, []), lambda c: coalesce(c, '')),
       coalesce(try_cast(CASE WHEN length(r.date) = 10 THEN r.date END AS DATE),
                CASE WHEN starts_with(r.published, r.date) THEN try_cast(left(r.published, 10) AS DATE) END,
                try_cast(CASE length(r.date) WHEN 7 THEN r.date || '-01' WHEN 4 THEN r.date || '-01-01' END AS DATE),
                try_cast(left(r.published, 10) AS DATE)) AS day,
       r.date, r.mode, r.location_name, r.country_code, r.lat, r.lon, r.location_feature
FROM rows r LEFT JOIN documents o ON o.id = r.original
ORDER BY array_to_string(r.modality, ','), day NULLS LAST, r.id"""


def iter_cluster_rows(con, size: int = 20_000) -> Iterator[MentionRow]:
    """Mention rows for clustering, streamed in the order cluster_mentions needs (one event type at a
    time, so that the database sorts a part of the mentions, not all of them at once)."""
    from .cluster import MentionRow, Participant

    types = [r[0] for r in con.execute("SELECT DISTINCT event_type FROM mentions ORDER BY 1").fetchall()]
    for rows in (chunk for t in types for chunk in fetch_chunks(con, CLUSTER_ROWS, size, {"event_type": t})):
        for (mid, original, source, seen, etype, modality, a_names, a_codes, r_names, r_codes, day,
             date, mode, location, country, lat, lon, feature) in rows:
            yield MentionRow(mid, original, source, seen, etype, tuple(modality),
                             tuple(map(Participant, a_names, a_codes)), tuple(map(Participant, r_names, r_codes)),
                             day, date, mode, location, country, lat, lon, feature)


def fetch_chunks(con, sql: str, size: int, params: dict | None = None) -> Iterator[Iterable[tuple]]:
    """A query's rows in chunks of tuples, streamed: through Arrow when pyarrow is installed (faster)."""
    try:
        import pyarrow  # noqa: F401  (the scale extra)
    except ImportError:
        cur = con.execute(sql, params)
        while rows := cur.fetchmany(size):
            yield rows
        return
    for batch in con.sql(sql, params=params).to_arrow_reader(size):
        yield zip(*(column.to_pylist() for column in batch.columns))


def insert_clusters(con, clusters: Sequence[EventCluster], suffix: str = "") -> None:
    """Events and their mention links, written column-wise (one statement per table)."""
    if not clusters:
        return
    insert_columns(con, "events" + suffix, {
        "id": ("VARCHAR", [c.id for c in clusters]),
        "event_type": ("VARCHAR", [c.event_type for c in clusters]),
        "mode": ("VARCHAR", [c.mode for c in clusters]),
        "modality": ("VARCHAR[]", [list(c.modality) for c in clusters]),
        "actor_names": ("VARCHAR[]", [[p.name for p in c.actors] for c in clusters]),
        "actor_codes": ("VARCHAR[]", [[p.code for p in c.actors] for c in clusters]),
        "recipient_names": ("VARCHAR[]", [[p.name for p in c.recipients] for c in clusters]),
        "recipient_codes": ("VARCHAR[]", [[p.code for p in c.recipients] for c in clusters]),
        "date": ("VARCHAR", [c.date for c in clusters]),
        "location_name": ("VARCHAR", [c.location for c in clusters]),
        "country_code": ("VARCHAR", [c.country for c in clusters]),
        "lat": ("DOUBLE", [c.lat for c in clusters]), "lon": ("DOUBLE", [c.lon for c in clusters]),
        "n_mentions": ("INTEGER", [c.n_mentions for c in clusters]),
        "n_articles": ("INTEGER", [c.n_articles for c in clusters]),
        "n_sources": ("INTEGER", [c.n_sources for c in clusters]),
        "first_seen": ("VARCHAR", [c.first_seen for c in clusters]),
        "last_seen": ("VARCHAR", [c.last_seen for c in clusters]),
    })
    insert_columns(con, "event_mentions" + suffix, {
        "event_id": ("VARCHAR", [c.id for c in clusters for _ in c.mention_ids]),
        "mention_id": ("VARCHAR", [m for c in clusters for m in c.mention_ids]),
    })


def check_memory_limit(limit: str) -> str:
    """A DuckDB memory limit such as "1GB", checked (it is written into a SET statement)."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", limit.strip(), re.IGNORECASE):
        raise UsageError(f"db_memory_limit {limit!r} is not a size; write it like 512MB or 4GB")
    return limit.strip()


def scale_columns(event: Event) -> list[Any]:
    """location_feature, actor_search and recipient_search: lower-cased names for fast --actor filters."""
    return [event.location.feature if event.location else None,
            "|".join(a.name for a in event.actor).lower(), "|".join(a.name for a in event.recipient).lower()]


def tally(docs: list[tuple], known: dict[str, str]) -> tuple[WriteCounts, dict[str, tuple], list[tuple]]:
    """Counts as if written one by one, the last version of each document to write (with its text
    hash), and the (id, raw hash) of unchanged documents."""
    seen, final, unchanged, counts = dict(known), {}, [], WriteCounts()
    for item in docs:
        article, events, raw_hash = item[0], item[1], item[4]
        digest = content_hash(article.text)
        if seen.get(article.doc_id) == digest:
            counts += WriteCounts(unchanged=1)
            if raw_hash and article.doc_id not in final:
                unchanged.append((article.doc_id, raw_hash))
            continue
        counts += WriteCounts(added=int(article.doc_id not in seen), replaced=int(article.doc_id in seen),
                              events=len(events))
        seen[article.doc_id] = digest
        final[article.doc_id] = (item, digest)
    return counts, final, unchanged


def as_columns(types: dict[str, str], rows: list[list]) -> dict[str, tuple[str, list]]:
    """Rows (lists in ``types`` order) as insert_columns' {name: (SQL type, values)}."""
    return {name: (sql_type, [row[i] for row in rows]) for i, (name, sql_type) in enumerate(types.items())}


def insert_columns(con, table: str, columns: dict[str, tuple[str, list]], verb: str = "INSERT INTO") -> None:
    """Insert rows given column by column ({name: (SQL type, values)}) in one statement.

    Through Arrow when pyarrow is installed (the scale extra; about six times faster), else as
    lists bound to parameters.
    """
    names = ", ".join(columns)
    if not next(iter(columns.values()))[1]:
        return
    try:
        import pyarrow as pa
    except ImportError:
        values = ", ".join(f"unnest(?::{sql_type}[])" for sql_type, _ in columns.values())
        con.execute(f"{verb} {table} ({names}) SELECT {values}", [v for _, v in columns.values()])
        return
    kinds = {"VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DOUBLE": pa.float64(),
             "INTEGER": pa.int32(), "BIGINT": pa.int64(), "BLOB": pa.binary(), "TIMESTAMP": pa.timestamp("us")}
    schema = pa.schema([(name, kinds[sql_type]) for name, (sql_type, _) in columns.items()])
    rows = pa.table({name: values for name, (_, values) in columns.items()}, schema=schema)
    con.register("dragoman_rows", rows)
    try:
        con.execute(f"{verb} {table} ({names}) SELECT {names} FROM dragoman_rows")
    finally:
        con.unregister("dragoman_rows")


EXPORT_MENTIONS = """
SELECT m.*, e.event_id, d.url AS source_url, d.title, d.publisher, d.published, d.duplicate_of
FROM mentions m LEFT JOIN event_mentions e ON e.mention_id = m.id LEFT JOIN documents d ON d.id = m.doc_id
ORDER BY m.doc_id, m.start_char, m.id"""

EXPORT_EVENTS = """
WITH first_report AS (
    SELECT em.event_id, arg_min(d.url, coalesce(d.published, '9999') || d.id) AS source_url
    FROM event_mentions em JOIN mentions m ON m.id = em.mention_id JOIN documents d ON d.id = m.doc_id
    GROUP BY em.event_id)
SELECT e.*, f.source_url FROM events e LEFT JOIN first_report f ON f.event_id = e.id
ORDER BY e.first_seen NULLS LAST, e.id"""


def iter_export(store: Store, what: str, size: int = 5_000) -> Iterator[dict[str, Any]]:
    """Rows of ``what`` ("mentions" or "events") as dicts, streamed in a stable order."""
    sql = EXPORT_MENTIONS if what == "mentions" else EXPORT_EVENTS
    cur = store.con.cursor()
    try:
        names = [d[0] for d in cur.execute(f"SELECT * FROM ({sql}) LIMIT 0").description]
        for rows in fetch_chunks(cur, sql, size):
            for row in rows:
                yield dict(zip(names, row))
    finally:
        cur.close()


def copy_parquet(store: Store, what: str, path: str) -> int:
    """Write ``what`` ("mentions" or "events") to a Parquet file; returns the number of rows."""
    sql = EXPORT_MENTIONS if what == "mentions" else EXPORT_EVENTS
    try:
        store.con.execute(f"COPY ({sql}) TO '{path.replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
    except duckdb.Error as err:
        raise StoreError(f"cannot write {path} ({err}); check that its folder exists and is writable") from err
    return store.con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]

# --- API queries -------------------------------------------------------------------------------
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
CHECKPOINT;"""

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


def connect_waiting(path: str, read_only: bool = False, wait: float = 10.0) -> "duckdb.DuckDBPyConnection":
    """duckdb.connect; a writer retries for up to ``wait`` s while another process holds a read lock
    briefly (``dragoman serve`` does while it copies the database). Readers do not wait: the lock they
    meet is a writer's, held for a whole ingest."""
    deadline = time.monotonic() + (0.0 if read_only else wait)
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as err:
            if "lock" not in str(err).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


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
        return {**docs[0], "events": self.records(sorted(page, key=lambda m: order[m["id"]]))}

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
INSERT INTO mentions (@MENTIONS@) SELECT id, doc_id, event_type, NULL, []::VARCHAR[], []::VARCHAR[], [a_name], [a_code],
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
INSERT INTO documents (@DOCUMENTS@) SELECT doc_id, 'https://news.example.org/' || doc_id, 'Synthetic article ' || d,
    'Publisher ' || (d % 40), min(date), 'en', NULL, string_agg(text, ' ' ORDER BY i), md5(doc_id),
    'synthetic', count(*), now()::TIMESTAMP
FROM syn GROUP BY doc_id, d;
DROP TABLE syn;""".replace("@MENTIONS@", MENTION_COLUMNS).replace("@DOCUMENTS@", DOCUMENT_COLUMNS)


def insert_synthetic(store: Store, n_mentions: int, actors: Sequence[tuple[str, str]],
                     places: Sequence[tuple[str, str, float, float]], verbs: dict[str, str],
                     per_doc: int = 5, start: str = "2015-01-01", days: int = 3650) -> None:
    """Add generated documents and mention rows, built in SQL (for benchmarks; minutes -> seconds).

    ``actors``: (name, code); ``places``: (name, country code, lat, lon); ``verbs``: type -> verb.
    Frequent actors and places come first: the draws favour the start of each list.
    """
    con = store.con
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE OR REPLACE TEMP TABLE syn_actor (i INTEGER, name VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO syn_actor VALUES (?, ?, ?)", [(i, *a) for i, a in enumerate(actors)])
    con.execute("CREATE OR REPLACE TEMP TABLE syn_place (i INTEGER, name VARCHAR, code VARCHAR, lat DOUBLE, "
                "lon DOUBLE)")
    con.executemany("INSERT INTO syn_place VALUES (?, ?, ?, ?, ?)", [(i, *p) for i, p in enumerate(places)])
    con.execute(SYNTHETIC_MENTIONS, {"n": n_mentions, "per_doc": per_doc, "n_actors": len(actors),
                                     "n_places": len(places), "types": list(verbs), "verbs": list(verbs.values()),
                                     "start": start, "days": days})
    con.execute(SYNTHETIC_INSERTS)
