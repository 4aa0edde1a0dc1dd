"""The store at scale: batched writes, skip keys, the --actor filter columns, the memory limit."""

from __future__ import annotations

import pytest

from dragoman.errors import UsageError
from dragoman.records import Actor, Article, Event
from dragoman.store import EventFilter, Store


def event(doc_id: str, n: int, actor: str = "Russia", code: str = "RUS") -> Event:
    return Event(id=f"{doc_id}-{n}", doc_id=doc_id, event_type="ASSAULT", mode=None, modality=(), context=(),
                 actor=(Actor(actor, actor, code, "GOV"),), recipient=(), date="2020-01-13", date_text=None,
                 location=None, attribution=(), quote=None, text=f"{actor} attacked.", start=0, end=9,
                 confidence=0.8)


def test_one_batch_counts_as_if_written_one_by_one(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        counts = store.write_batch([
            (Article("a", "First version of the story."), [event("a", 1)], None),
            (Article("a", "First version of the story."), [event("a", 1)], None),
            (Article("a", "Second version of the story."), [event("a", 2)], None),
            (Article("b", "Another story altogether here."), [event("b", 1), event("b", 1)], None),
        ])
        assert (counts.added, counts.unchanged, counts.replaced) == (2, 1, 1)
        rows = store.con.execute("SELECT id, doc_id FROM mentions ORDER BY id").fetchall()
        assert rows == [("a-2", "a"), ("b-1", "b")]  # the last version of a; b's repeated event once
        assert store.con.execute("SELECT text FROM documents WHERE id = 'a'").fetchone()[0].startswith("Second")


def test_skip_keys_follow_the_raw_input(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([(Article("a", "Some story text."), [], None, None, "raw-1")])
        assert store.stored_raw([("a", "raw-1"), ("a", "raw-2"), ("b", "raw-1")]) == {"a"}
        store.write_batch([(Article("a", "Some story text."), [], None, None, "raw-2")])  # same text
        assert store.stored_raw([("a", "raw-2")]) == {"a"}


def test_actor_filter_is_literal_and_case_blind(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([(Article("a", "Story one."), [event("a", 1, "Khalifa Haftar", "LBY")], None),
                           (Article("b", "Story two."), [event("b", 1, "100% Group", "")], None)])
        assert [r["id"] for r in store.query_events(EventFilter(actor="HAFTAR"))] == ["a-1"]
        assert [r["id"] for r in store.query_events(EventFilter(actor="lby"))] == ["a-1"]
        assert [r["id"] for r in store.query_events(EventFilter(actor="100%"))] == ["b-1"]
        assert store.query_events(EventFilter(actor="_")) == []


def test_memory_limit_is_checked(tmp_path):
    with Store(str(tmp_path / "t.duckdb"), memory_limit="256MB") as store:
        assert "MiB" in store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with pytest.raises(UsageError, match="not a size"):
        Store(str(tmp_path / "u.duckdb"), memory_limit="1GB'; DROP TABLE mentions; --")
