"""Versions of a document: which one a batch stores (revisions.decide) and where the others are kept.

A version that loses, whether it was stored and is replaced ("superseded") or arrives and is not
taken ("declined"), goes to ``document_versions`` with its text and metadata, and its event
mentions to ``mention_versions``: nothing a run has coded is deleted without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

from ..records import content_hash
from . import WriteCounts
from .revisions import Decision, Version, decide

VERSION_COLUMNS = ("id, version_hash, text_hash, raw_hash, url, title, publisher, published, text, origin, "
                   "n_events, ingested_at, status, reason, preferred_version, set_aside_at")
KEEP_REPLACED = f"""
INSERT OR REPLACE INTO document_versions ({VERSION_COLUMNS})
SELECT d.id, k.version, d.text_hash, d.raw_hash, d.url, d.title, d.publisher, d.published, d.text, d.origin,
       d.n_events, d.ingested_at, 'superseded', k.reason, k.preferred, $now
FROM documents d JOIN (SELECT unnest($ids::VARCHAR[]) AS id, unnest($versions::VARCHAR[]) AS version,
                              unnest($reasons::VARCHAR[]) AS reason, unnest($preferred::VARCHAR[]) AS preferred) k
ON d.id = k.id"""
KEEP_REPLACED_MENTIONS = """
INSERT OR REPLACE INTO mention_versions (id, doc_id, version_hash, event_type, record, set_aside_at)
SELECT m.id, m.doc_id, k.version, m.event_type, m.record, $now
FROM mentions m JOIN (SELECT unnest($ids::VARCHAR[]) AS id, unnest($versions::VARCHAR[]) AS version) k
ON m.doc_id = k.id"""
FORGET_CURRENT = """
DELETE FROM {table} USING (SELECT unnest($ids::VARCHAR[]) AS id, unnest($versions::VARCHAR[]) AS v) k
WHERE {table}.{key} = k.id AND {table}.version_hash = k.v"""


def version_hash(text: str, published: str | None) -> str:
    """A version of a document is its text and its publication date (which anchors its events' dates)."""
    return content_hash(text, published or "")


@dataclass(frozen=True)
class Stored:
    """The version of a document that is stored (or will be, once the batch is written)."""

    text_hash: str
    version: Version

    @property
    def key(self) -> str:
        return version_hash(self.version.text, self.version.published)


@dataclass(frozen=True)
class SetAside:
    """A version of this batch that is not stored: declined on arrival, or superseded within the batch."""

    item: tuple  # the coded item: (article, events, problem, fingerprint, raw_hash, notes)
    text_hash: str
    status: str  # "declined" | "superseded"
    reason: str  # revisions.decide's, or "superseded" for a version that was replaced before
    preferred_version: str  # the version hash of the version stored instead

    @property
    def key(self) -> str:
        return version_hash(self.item[0].text, self.item[0].published)


@dataclass(frozen=True)
class Replaced:
    """A stored version that a version of this batch replaces."""

    key: str
    reason: str
    preferred_version: str


@dataclass
class WritePlan:
    """What one batch does to the documents, counted as if its items were written one by one."""

    counts: WriteCounts = WriteCounts()
    final: dict[str, tuple[tuple, str]] = field(default_factory=dict)  # id -> (item, text hash) to store
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (id, raw hash) of unchanged documents
    set_aside: dict[tuple[str, str], SetAside] = field(default_factory=dict)  # by (id, version hash)
    replaced: dict[str, Replaced] = field(default_factory=dict)  # by stored id


def plan_writes(docs: Sequence[tuple], stored: dict[str, Stored], superseded: set[tuple[str, str]]) -> WritePlan:
    """The plan for a batch's documents, given the stored versions of their ids and the (id, version
    hash) of versions already superseded (those never come back)."""
    plan, current, superseded = WritePlan(), dict(stored), set(superseded)
    for item in docs:
        place(plan, current, superseded, item)
    return plan


def place(plan: WritePlan, current: dict[str, Stored], superseded: set[tuple[str, str]], item: tuple) -> None:
    article = item[0]
    digest, held = content_hash(article.text), current.get(article.doc_id)
    incoming = Version(article.text, article.published)
    if held is not None and held.text_hash == digest and article.published in (None, held.version.published):
        plan.counts += WriteCounts(unchanged=1)  # the same text, and no other date: nothing to do
        if item[4] and article.doc_id not in plan.final:
            plan.unchanged.append((article.doc_id, item[4]))
        return
    key = version_hash(article.text, article.published)
    decision = judge(held, incoming, (article.doc_id, key) in superseded)
    if not decision.replace:
        if decision.reason != "superseded":  # a version replaced before keeps its row as it was
            plan.set_aside[(article.doc_id, key)] = SetAside(item, digest, "declined", decision.reason, held.key)
        plan.counts += WriteCounts(declined=1)
        return
    if held is not None:
        set_aside_held(plan, held, article.doc_id, decision.reason, key)
        superseded.add((article.doc_id, held.key))
    plan.final[article.doc_id] = (item, digest)
    current[article.doc_id] = Stored(digest, incoming)
    plan.counts += WriteCounts(added=int(held is None), replaced=int(held is not None), events=len(item[1]))


def set_aside_held(plan: WritePlan, held: Stored, doc_id: str, reason: str, preferred: str) -> None:
    """The version held so far (stored, or from earlier in this batch) is superseded."""
    earlier = plan.final.get(doc_id)
    if earlier is None:
        plan.replaced.setdefault(doc_id, Replaced(held.key, reason, preferred))
    else:
        plan.set_aside[(doc_id, held.key)] = SetAside(earlier[0], earlier[1], "superseded", reason, preferred)


def judge(held: Stored | None, incoming: Version, was_superseded: bool) -> Decision:
    if held is None:
        return Decision(True, "new")
    if was_superseded:
        return Decision(False, "superseded")
    return decide(held.version, incoming)


def stored_versions(con, ids: Sequence[str]) -> tuple[dict[str, Stored], set[tuple[str, str]]]:
    """The stored versions of these ids, and the (id, version hash) of their superseded versions."""
    rows = con.execute("SELECT id, text_hash, text, published FROM documents WHERE id IN "
                       "(SELECT unnest(?::VARCHAR[]))", [list(ids)]).fetchall()
    gone = con.execute("SELECT id, version_hash FROM document_versions WHERE status = 'superseded' AND id IN "
                       "(SELECT unnest(?::VARCHAR[]))", [list(ids)]).fetchall()
    return {r[0]: Stored(r[1], Version(r[2] or "", r[3])) for r in rows}, {(r[0], r[1]) for r in gone}


def keep_replaced(con, replaced: dict[str, Replaced], now: datetime) -> None:
    """Copy the stored documents about to be replaced, and their mentions, to the version tables."""
    if not replaced:
        return
    ids = list(replaced)
    versions = [replaced[i].key for i in ids]
    con.execute(KEEP_REPLACED, {"ids": ids, "versions": versions, "reasons": [replaced[i].reason for i in ids],
                                "preferred": [replaced[i].preferred_version for i in ids], "now": now})
    con.execute(KEEP_REPLACED_MENTIONS, {"ids": ids, "versions": versions, "now": now})


def insert_set_aside(con, set_aside: Sequence[SetAside], now: datetime) -> None:
    """The batch's versions that are not stored, with their mentions, into the version tables."""
    from . import insert_columns, record_json

    if not set_aside:
        return
    rows = [version_row(s, now) for s in set_aside]
    insert_columns(con, "document_versions", {name: (kind, [row[name] for row in rows])
                                              for name, kind in VERSION_TYPES.items()}, verb="INSERT OR REPLACE INTO")
    mentions = {(e.id, s.key): (e, s.key) for s in set_aside for e in s.item[1]}
    insert_columns(con, "mention_versions", {
        "id": ("VARCHAR", [e.id for e, _ in mentions.values()]),
        "doc_id": ("VARCHAR", [e.doc_id for e, _ in mentions.values()]),
        "version_hash": ("VARCHAR", [key for _, key in mentions.values()]),
        "event_type": ("VARCHAR", [e.event_type for e, _ in mentions.values()]),
        "record": ("VARCHAR", [record_json(e) for e, _ in mentions.values()]),
        "set_aside_at": ("TIMESTAMP", [now] * len(mentions)),
    }, verb="INSERT OR REPLACE INTO")


VERSION_TYPES = {
    "id": "VARCHAR", "version_hash": "VARCHAR", "text_hash": "VARCHAR", "raw_hash": "VARCHAR", "url": "VARCHAR", "title": "VARCHAR",
    "publisher": "VARCHAR", "published": "VARCHAR", "text": "VARCHAR", "origin": "VARCHAR", "n_events": "INTEGER",
    "ingested_at": "TIMESTAMP", "status": "VARCHAR", "reason": "VARCHAR", "preferred_version": "VARCHAR",
    "set_aside_at": "TIMESTAMP"}


def version_row(s: SetAside, now: datetime) -> dict[str, Any]:
    article = s.item[0]
    return {"id": article.doc_id, "version_hash": s.key, "text_hash": s.text_hash, "raw_hash": s.item[4], "url": article.url,
            "title": article.title, "publisher": article.publisher, "published": article.published,
            "text": article.text, "origin": article.origin, "n_events": len(s.item[1]), "ingested_at": now,
            "status": s.status, "reason": s.reason, "preferred_version": s.preferred_version, "set_aside_at": now}


def forget_current(con, final: dict[str, tuple[tuple, str]]) -> None:
    """Versions that are stored again (a declined one that now wins) leave the version tables."""
    if not final:
        return
    ids = list(final)
    params = {"ids": ids, "versions": [version_hash(final[i][0][0].text, final[i][0][0].published) for i in ids]}
    for table, key in (("document_versions", "id"), ("mention_versions", "doc_id")):
        con.execute(FORGET_CURRENT.format(table=table, key=key), params)
