"""Near-duplicate articles: MinHash fingerprints, the LSH index kept in the database, duplicate_of."""

from __future__ import annotations

import doctest

import pytest

from dragoman import cluster, dedup, exporters
from dragoman.sources import feeds
from dragoman.dedup import BandIndex, DedupSettings, Fingerprint, fingerprint, similarity
from dragoman.records import Actor, Article, Event
from dragoman.store import Store

WIRE = ("Government troops attacked rebel positions near Benghazi on Monday, the army said, in the "
        "heaviest fighting in the east of Libya this year. The United Nations urged both sides to return "
        "to talks in Geneva and called for a ceasefire to let aid reach civilians trapped in the city. "
        "Residents said shelling continued through the night and that hospitals were short of supplies. "
        "A spokesman for the eastern forces said their units had repelled the attack and captured a number "
        "of fighters, a claim that could not be independently verified. Oil exports from the nearby port "
        "were halted as a precaution, the national oil company said in a statement on its website.")
COPY = "BENGHAZI (Reuters) - " + WIRE.replace("Monday, the army said", "Monday, army officials said")
OTHER = ("Police arrested dozens of protesters in Algiers on Sunday after thousands marched against the "
         "government for the third week running, witnesses said. The interior ministry said the march "
         "had not been authorised and that officers had been injured by stones thrown by some youths.")


@pytest.mark.parametrize("module", [dedup, cluster, feeds, exporters])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_similar_texts_have_similar_signatures():
    a, b, c = fingerprint(WIRE), fingerprint(COPY), fingerprint(OTHER)
    assert similarity(a.signature, b.signature) >= 0.8 > similarity(a.signature, c.signature)
    assert set(a.bands) & set(b.bands) and not set(a.bands) & set(c.bands)
    assert Fingerprint.signature_from_bytes(a.to_bytes()) == a.signature
    assert fingerprint(WIRE) == a  # stable across calls (and processes: fixed seed, stable band hash)


def test_band_index_links_to_the_original():
    index = BandIndex(0.8)
    a, b = fingerprint(WIRE), fingerprint(COPY)
    assert index.find("a", a) is None
    index.add("a", a.signature, a.bands)
    assert index.find("b", b) == "a"
    index.add("b", b.signature, b.bands, original="a")
    again = fingerprint(COPY + " More.")
    assert index.find("c", again) == "a"  # a copy of a copy points at the original
    assert index.find("d", fingerprint(OTHER)) is None


def event(doc_id: str) -> Event:
    return Event(id=f"{doc_id}-1", doc_id=doc_id, event_type="ASSAULT", mode=None, modality=(), context=(),
                 actor=(Actor("troops", "troops", "LBY", "MIL"),), recipient=(Actor("rebels", "rebels", "LBY", "REB"),),
                 date="2020-01-13", date_text="Monday", location=None, attribution=(), quote=None,
                 text=WIRE[:98], start=0, end=98, confidence=0.9)


def test_store_links_duplicates_across_batches_and_counts_them_once(tmp_path):
    db = str(tmp_path / "t.duckdb")
    with Store(db) as store:
        store.write_batch([(Article("a", WIRE, published="2020-01-13", publisher="AFP"), [event("a")], None)])
    with Store(db) as store:  # a new process: the index comes from the database
        store.write_batch([
            (Article("b", COPY, published="2020-01-14", publisher="Daily Planet"), [event("b")], None),
            (Article("c", OTHER, published="2020-01-14", publisher="APS"), [], None),
            (Article("d", COPY + " Update.", published="2020-01-14", publisher="Evening Post"), [event("d")], None),
        ])
        links = dict(store.con.execute("SELECT id, duplicate_of FROM documents").fetchall())
        assert links == {"a": None, "b": "a", "c": None, "d": "a"}
        assert store.rebuild_events() == 1
        row = store.con.execute("SELECT n_mentions, n_articles, n_sources FROM events").fetchone()
        assert row == (3, 1, 1)  # three reports, one article: the copies are AFP's


def test_replaced_document_is_fingerprinted_again(tmp_path):
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([(Article("a", WIRE), [], None), (Article("b", OTHER), [], None)])
        store.write_batch([(Article("b", COPY), [], None)])  # b's text changed: now a copy of a
        assert store.con.execute("SELECT duplicate_of FROM documents WHERE id = 'b'").fetchone()[0] == "a"
        bands = dict(store.con.execute("SELECT doc_id, count(*) FROM doc_bands GROUP BY ALL").fetchall())
        assert bands == {"a": 9}  # only originals are indexed: a copy is found through its original


def test_detection_can_be_turned_off(tmp_path):
    off = DedupSettings(threshold=1.1)
    with Store(str(tmp_path / "t.duckdb"), dedup=off) as store:
        store.write_batch([(Article("a", WIRE), [], None), (Article("b", COPY), [], None)])
        assert store.con.execute("SELECT count(duplicate_of) FROM documents").fetchone()[0] == 0
