"""The database: the only package that imports duckdb. Schema, idempotent writes, queries.

``store.api`` holds the REST API's queries and ``store.synthetic`` the benchmark rows; their public
names are re-exported here.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import duckdb

from ..errors import StoreError, UsageError
from ..records import Event, Problem, content_hash

if TYPE_CHECKING:
    from ..cluster import ClusterSettings, EventCluster, MentionRow
    from ..dedup import BandIndex, DedupSettings, Fingerprint

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
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS date_precision VARCHAR;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS location_source VARCHAR;
@FILL_SEARCH@;
ALTER TABLE events ADD COLUMN IF NOT EXISTS modality VARCHAR[];
ALTER TABLE events ADD COLUMN IF NOT EXISTS lat DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS lon DOUBLE;
CREATE TABLE IF NOT EXISTS doc_bands (band_key BIGINT, doc_id VARCHAR);
@VERSIONS@
"""
# Versions of documents that are not (or no longer) the stored one, with their mentions (versions.py).
VERSION_TABLES = """
CREATE TABLE IF NOT EXISTS document_versions (
    id VARCHAR, version_hash VARCHAR, text_hash VARCHAR, raw_hash VARCHAR, url VARCHAR, title VARCHAR,
    publisher VARCHAR, published VARCHAR, text VARCHAR, origin VARCHAR, n_events INTEGER, ingested_at TIMESTAMP,
    status VARCHAR, reason VARCHAR, preferred_version VARCHAR, set_aside_at TIMESTAMP,
    PRIMARY KEY (id, version_hash));
CREATE TABLE IF NOT EXISTS mention_versions (
    id VARCHAR, doc_id VARCHAR, version_hash VARCHAR, event_type VARCHAR, record JSON, set_aside_at TIMESTAMP,
    PRIMARY KEY (id, version_hash));"""
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
SCHEMA = SCHEMA.replace("@EVENTS@", EVENTS_TABLE).replace("@FILL_SEARCH@", FILL_SEARCH).replace(
    "@VERSIONS@", VERSION_TABLES)
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
    "record": "VARCHAR", "location_feature": "VARCHAR", "actor_search": "VARCHAR", "recipient_search": "VARCHAR",
    "date_precision": "VARCHAR", "location_source": "VARCHAR"}
DOCUMENT_COLUMNS = ", ".join(list(DOCUMENT_TYPES)[:12])  # the columns of the first schema
MENTION_COLUMNS = ", ".join(list(MENTION_TYPES)[:21])


@dataclass(frozen=True)
class WriteCounts:
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    events: int = 0
    problems: int = 0  # inputs that could not be stored
    declined: int = 0  # later versions that did not replace the stored one (docs/record.md)
    warnings: int = 0  # problems with a stored document's metadata (an unusable publication date)

    def __add__(self, other: "WriteCounts") -> "WriteCounts":
        return WriteCounts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.added, self.unchanged, self.replaced, self.events, self.problems, self.declined,
                self.warnings)


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
        from ..dedup import DedupSettings

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

    def set_memory_limit(self, limit: str, setting: str = "db_memory_limit") -> None:
        """How much memory DuckDB may use from now on; it evicts its cache down to it at once."""
        self.con.execute(f"SET memory_limit = '{check_memory_limit(limit, setting)}'")

    # --- writing ---------------------------------------------------------------------------------

    def write_batch(self, results: Iterable[tuple]) -> WriteCounts:
        """Write one batch in one transaction: documents with their mentions, and problems.

        Items are (article, events, problem) or (article, events, problem, fingerprint, raw_hash,
        notes); a missing fingerprint is computed here; ``notes`` are problems with a stored document's
        metadata. A later version of a stored document replaces it only as the update policy says
        (``revisions.decide``); the version that loses is kept in ``document_versions``. Near-duplicates
        are linked with ``duplicate_of``. A handful of statements per batch, whatever its size: the
        one writer keeps up with many workers.
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
        """(article, events, problem, fingerprint, raw_hash, notes), the fingerprint computed when missing."""
        article, events, problem, fp, raw_hash, notes = (*item, None, None, ())[:6]
        if fp is None and article is not None and problem is None and self.dedup.enabled:
            from ..dedup import fingerprint

            fp = fingerprint(article.text, self.dedup)
        return article, events, problem, fp, raw_hash, tuple(notes or ())

    def write_items(self, items: list[tuple]) -> WriteCounts:
        problems = [item[2] for item in items if item[2] is not None]
        for problem in problems:
            self.write_problem(problem)
        docs = [item for item in items if item[2] is None and item[0] is not None]
        stored, superseded = stored_versions(self.con, sorted({item[0].doc_id for item in docs}))
        plan = plan_writes(docs, stored, superseded)
        if plan.unchanged:
            self.con.execute("""UPDATE documents SET raw_hash = k.h FROM
                (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS h) k WHERE documents.id = k.id""",
                [[u[0] for u in plan.unchanged], [u[1] for u in plan.unchanged]])
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        keep_replaced(self.con, plan.replaced, now)
        gone = list(plan.replaced)
        for table, key in (("mentions", "doc_id"), ("doc_bands", "doc_id"), ("documents", "id")):
            if gone:
                self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [gone])
        self.insert_documents(list(plan.final.values()))
        insert_set_aside(self.con, list(plan.set_aside.values()), now)
        forget_current(self.con, plan.final)
        warnings = self.write_notes(docs, list(plan.final))
        return plan.counts + WriteCounts(problems=len(problems), warnings=warnings)

    def write_notes(self, docs: list[tuple], written: list[str]) -> int:
        """The metadata problems of a batch's documents, replacing those of the versions they replace."""
        if written:
            self.con.execute("DELETE FROM problems WHERE stage = 'metadata' AND doc_id IN "
                             "(SELECT unnest(?::VARCHAR[]))", [written])
        notes = {content_hash(n.origin, n.stage, n.code): n for item in docs for n in item[5]}
        for note in notes.values():
            self.write_problem(note)
        return len(notes)

    def insert_documents(self, final: list[tuple]) -> None:
        """Documents (linked to the original they copy), their LSH bands and their mentions."""
        index = self.band_index([item[3] for item, _ in final if item[3] is not None])
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        documents, bands, mentions = [], [], {}
        for (article, events, _, fp, raw_hash, _notes), digest in final:
            original = index.find(article.doc_id, fp) if index is not None and fp is not None else None
            if index is not None and fp is not None:
                index.add(article.doc_id, fp.signature, fp.bands, original)
            documents.append([article.doc_id, article.url, article.title, article.publisher, article.published,
                              article.language, article.dateline, article.text, digest, article.origin,
                              len(events), now, original, raw_hash, fp.to_bytes() if fp is not None else None])
            if original is None and fp is not None:  # copies are found through their original
                bands += [[key, article.doc_id] for key in fp.bands]
            mentions.update((e.id, mention_row(e) + scale_columns(e) + placement_columns(e)) for e in events)
        insert_columns(self.con, "documents", as_columns(DOCUMENT_TYPES, documents))
        insert_columns(self.con, "doc_bands", as_columns({"band_key": "BIGINT", "doc_id": "VARCHAR"}, bands))
        insert_columns(self.con, "mentions", as_columns(MENTION_TYPES, list(mentions.values())),
                       verb="INSERT OR REPLACE INTO")

    def band_index(self, fingerprints: Sequence[Fingerprint]) -> BandIndex | None:
        """The stored documents that share an LSH band with any of these fingerprints."""
        from ..dedup import BandIndex, Fingerprint

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
        """Ids among (doc id, raw hash) pairs whose document is stored from exactly that input, or
        whose version from that input was set aside (so re-ingesting a feed of teasers codes nothing)."""
        if not keys:
            return set()
        rows = self.con.execute("""
            WITH k AS (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS h)
            SELECT d.id FROM documents d JOIN k ON d.id = k.id AND d.raw_hash = k.h
            UNION SELECT v.id FROM document_versions v JOIN k ON v.id = k.id AND v.raw_hash = k.h""",
            [[k[0] for k in keys], [k[1] for k in keys]]).fetchall()
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
        from ..cluster import ClusterSettings, cluster_mentions

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
        event.start, event.end, record_json(event),
    ]


def record_json(event: Event) -> str:
    """The stored record of an event mention: CONTRACT.md's JSON."""
    return json.dumps(event.to_dict(), ensure_ascii=False)


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
    from ..cluster import MentionRow, Participant

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


def check_memory_limit(limit: str, setting: str = "db_memory_limit") -> str:
    """A DuckDB memory limit such as "1GB", checked (it is written into a SET statement)."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", limit.strip(), re.IGNORECASE):
        raise UsageError(f"{setting} {limit!r} is not a size; write it like 512MB or 4GB")
    return limit.strip()


def scale_columns(event: Event) -> list[Any]:
    """location_feature, actor_search and recipient_search: lower-cased names for fast --actor filters."""
    return [event.location.feature if event.location else None,
            "|".join(a.name for a in event.actor).lower(), "|".join(a.name for a in event.recipient).lower()]


def placement_columns(event: Event) -> list[Any]:
    """date_precision and location_source: how precise the date is, how the place was tied."""
    return [event.date_precision, event.location.source if event.location else None]


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


from .api import (  # noqa: E402,F401  (re-exported; they import this module's names)
    BUCKETS, SORT_COLUMNS, ApiReader, ReadOnlyDatabase, Selection, connect_read_only, copy_database,
    prepare_snapshot,
)
from .synthetic import insert_synthetic  # noqa: E402,F401
from .versions import forget_current, insert_set_aside, keep_replaced, plan_writes, stored_versions  # noqa: E402
