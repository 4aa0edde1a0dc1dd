"""The update policy (docs/record.md): which version of a document the store keeps, and the others' trace."""

from __future__ import annotations

import pytest

from dragoman.records import Actor, Article, Event
from dragoman.store import Store
from dragoman.store.revisions import Version, decide

FULL = ("Police in Mali arrested three opposition leaders in Bamako on Sunday after thousands of people "
        "marched through the capital to demand elections, their party said. Riot police fired tear gas at "
        "protesters near the Independence Monument. The United Nations urged the authorities to release "
        "everyone held for taking part in peaceful protests.")
TEASER = FULL[:120] + " ..."
REVISED = FULL.replace("three opposition leaders", "four opposition leaders") + " A judge will hear them on Tuesday."
OTHER = ("Japan sent two planes of emergency aid to Bangladesh on Wednesday as floods in the north killed at "
         "least 40 people. India also pledged help, and the government asked the United Nations for food for "
         "the families in relief camps, while hundreds of villagers protested outside the district office.")

POLICY = [
    # (stored, incoming, replaces, reason)
    (Version(FULL, "2024-03-11"), Version(TEASER, "2024-03-13"), False, "shorter"),  # a teaser, even newer
    (Version(TEASER, "2024-03-13"), Version(FULL, "2024-03-11"), True, "fuller"),  # the article, even older
    (Version(FULL, "2024-03-11"), Version(REVISED, "2024-03-11"), True, "revision"),
    (Version(FULL, None), Version(REVISED, None), True, "revision"),
    (Version(FULL, "2024-03-11"), Version(OTHER, "2024-03-12"), True, "newer"),
    (Version(FULL, "2024-03-12"), Version(REVISED, "2024-03-11"), False, "older"),  # an old capture, later
    (Version(FULL, "2024-03-11"), Version(OTHER, "2024-03-11"), False, "different"),
    (Version(FULL, None), Version(OTHER, None), False, "different"),
    (Version(FULL, None), Version(FULL, "2024-03-11"), True, "redated"),  # a date corrected
    (Version(FULL, "2024-03-11"), Version(FULL, None), False, "undated"),
]


@pytest.mark.parametrize("stored, incoming, replaces, reason", POLICY,
                         ids=[f"{r}" for *_, r in POLICY])
def test_policy(stored, incoming, replaces, reason):
    decision = decide(stored, incoming)
    assert (decision.replace, decision.reason) == (replaces, reason)


def event(doc_id: str, n: int) -> Event:
    return Event(id=f"{doc_id}-{n}", doc_id=doc_id, event_type="COERCE", mode=None, modality=(), context=(),
                 actor=(Actor("police", "police", "MLI", "COP"),), recipient=(), date="2024-03-10",
                 date_text=None, location=None, attribution=(), quote=None, text="Police arrested.", start=0,
                 end=16, confidence=0.8)


def item(text: str, events: int, raw: str, published: str | None = "2024-03-11") -> tuple:
    return (Article("a", text, published=published), [event("a", n) for n in range(events)], None, None, raw)


def versions(store: Store) -> list[tuple]:
    return store.con.execute("SELECT status, reason, n_events, raw_hash FROM document_versions "
                             "ORDER BY set_aside_at, raw_hash").fetchall()


def kept(store: Store) -> tuple:
    text = store.con.execute("SELECT text FROM documents WHERE id = 'a'").fetchone()[0]
    return text, store.con.execute("SELECT count(*) FROM mentions").fetchone()[0]


def test_a_teaser_is_set_aside_with_its_mentions_and_not_coded_again(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([item(FULL, 3, "crawl")])
        counts = store.write_batch([item(TEASER, 1, "feed", "2024-03-13")])
        assert (counts.declined, counts.replaced, counts.events) == (1, 0, 0)
        assert kept(store) == (FULL, 3)
        assert versions(store) == [("declined", "shorter", 1, "feed")]
        assert store.con.execute("SELECT id FROM mention_versions").fetchall() == [("a-0",)]
        assert store.stored_raw([("a", "feed"), ("a", "crawl"), ("a", "other")]) == {"a"}
        assert len(store.stored_raw([("a", "other")])) == 0


def test_a_replaced_version_keeps_its_mentions_and_never_comes_back(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([item(TEASER, 1, "feed")])
        assert store.write_batch([item(FULL, 3, "crawl")]).replaced == 1
        assert kept(store) == (FULL, 3)
        assert versions(store) == [("superseded", "fuller", 1, "feed")]
        assert store.write_batch([item(REVISED, 2, "crawl-2")]).replaced == 1  # a true revision
        assert kept(store) == (REVISED, 2)
        again = store.write_batch([item(FULL, 3, "crawl-again")])  # the first capture, seen again
        assert (again.declined, again.replaced) == (1, 0)
        assert kept(store) == (REVISED, 2)
        statuses = store.con.execute("SELECT status, reason FROM document_versions ORDER BY status, reason").fetchall()
        assert statuses == [("superseded", "fuller"), ("superseded", "revision")]  # the second FULL adds no row
        assert store.con.execute("SELECT count(*) FROM mention_versions").fetchone()[0] == 1 + 3


def test_one_batch_applies_the_policy_in_order(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        counts = store.write_batch([item(TEASER, 1, "feed"), item(FULL, 3, "crawl"), item(TEASER, 1, "feed-2")])
        assert (counts.added, counts.replaced, counts.declined, counts.events) == (1, 1, 1, 4)
        assert kept(store) == (FULL, 3)
        # the teaser was superseded within the batch: the same version arriving again is declined
        assert versions(store) == [("superseded", "fuller", 1, "feed")]


def test_a_corrected_date_replaces_and_a_declined_version_that_wins_later_leaves_the_versions(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([item(FULL, 3, "undated", None)])
        assert store.write_batch([item(FULL, 2, "dated", "2024-03-11")]).replaced == 1
        assert store.con.execute("SELECT published FROM documents").fetchone()[0] == "2024-03-11"
        assert store.write_batch([item(OTHER, 1, "other", "2024-03-11")]).declined == 1  # different content
        assert store.write_batch([item(OTHER, 1, "other-later", "2024-03-12")]).replaced == 1  # now newer
        assert kept(store) == (OTHER, 1)
        rows = store.con.execute("SELECT reason, published FROM document_versions ORDER BY set_aside_at").fetchall()
        assert rows == [("redated", None), ("different", "2024-03-11"), ("newer", "2024-03-11")]
