"""Event clusters: the rules of docs/clustering.md, case by case, and the store round trip."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dragoman.cluster import ClusterSettings, MentionRow, Participant, cluster_mentions

RUS, TUR, UKR = Participant("Russia", "RUS"), Participant("Turkey", "TUR"), Participant("Ukraine", "UKR")
KYIV = dict(location="Kyiv", country="UKR", lat=50.45, lon=30.52, feature="city")
LVIV = dict(location="Lviv", country="UKR", lat=49.84, lon=24.03, feature="city")
BROVARY = dict(location="Brovary", country="UKR", lat=50.51, lon=30.79, feature="city")
UKRAINE = dict(location="Ukraine", country="UKR", lat=49.0, lon=32.0, feature="country")
MOSCOW = dict(location="Moscow", country="RUS", lat=55.75, lon=37.62, feature="city")


def row(mid: str, day: int | None = 13, event_type: str = "ASSAULT", actors=(RUS,), recipients=(UKR,),
        source: str | None = None, original: str | None = None, modality=(), **place) -> MentionRow:
    when = date(2022, 3, day) if day else None
    return MentionRow(id=mid, original=original or f"doc-{mid}", source=source or f"pub-{mid}",
                      seen=when.isoformat() if when else None, event_type=event_type,
                      modality=tuple(modality), actors=tuple(actors), recipients=tuple(recipients),
                      day=when, date=when.isoformat() if when else None, **place)


def clusters(rows, **settings):
    ordered = sorted(rows, key=lambda r: (r.event_type, ",".join(r.modality), r.day is None,
                                          r.day or date.min, r.id))
    return sorted((sorted(c.mention_ids) for c in cluster_mentions(ordered, ClusterSettings(**settings))))


CASES = [
    ("same event, two sources", [row("a"), row("b", day=14)], [["a", "b"]]),
    ("another type", [row("a"), row("b", event_type="COERCE")], [["a"], ["b"]]),
    ("beyond the window", [row("a", day=1), row("b", day=9)], [["a"], ["b"]]),
    ("window is from the first day", [row("a", day=1), row("b", day=3), row("c", day=5)], [["a", "b"], ["c"]]),
    ("no shared participant", [row("a", recipients=()), row("b", actors=(TUR,), recipients=())], [["a"], ["b"]]),
    ("contradicting recipients", [row("a"), row("b", recipients=(TUR,))], [["a"], ["b"]]),
    ("one side unknown", [row("a"), row("b", actors=())], [["a", "b"]]),
    ("codes disagree", [row("a"), row("b", actors=(Participant("Russia", "USA"),))], [["a"], ["b"]]),
    ("symmetric roles swapped", [row("a", event_type="CONSULT", actors=(RUS,), recipients=(TUR,)),
                                 row("b", event_type="CONSULT", actors=(TUR,), recipients=(RUS,))], [["a", "b"]]),
    ("directed roles swapped", [row("a", actors=(RUS,), recipients=(UKR,)),
                                row("b", actors=(UKR,), recipients=(RUS,))], [["a"], ["b"]]),
    ("towns close", [row("a", **KYIV), row("b", **BROVARY)], [["a", "b"]]),
    ("towns far apart", [row("a", **KYIV), row("b", **LVIV)], [["a"], ["b"]]),
    ("country and town in it", [row("a", **UKRAINE), row("b", **LVIV)], [["a", "b"]]),
    ("other country", [row("a", **KYIV), row("b", **MOSCOW)], [["a"], ["b"]]),
    ("modality differs", [row("a"), row("b", modality=("future",))], [["a"], ["b"]]),
    ("undated apart from dated", [row("a"), row("b", day=None)], [["a"], ["b"]]),
    ("undated together", [row("a", day=None), row("b", day=None)], [["a", "b"]]),
    ("no participants, same place", [row("a", actors=(), recipients=(), **KYIV),
                                     row("b", actors=(), recipients=(), **KYIV)], [["a", "b"]]),
    ("no participants, no place", [row("a", actors=(), recipients=()), row("b", actors=(), recipients=())],
     [["a"], ["b"]]),
]


@pytest.mark.parametrize("rows,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(rows, expected):
    assert clusters(rows) == expected


def test_settings_change_the_rules():
    assert clusters([row("a", day=1), row("b", day=9)], window_days=10) == [["a", "b"]]
    assert clusters([row("a", **KYIV), row("b", **LVIV)], max_km=600) == [["a", "b"]]


def test_counts_do_not_count_copies_twice():
    rows = [row("a", source="AFP"), row("b", source="AFP", original="doc-a"),  # a wire copy of a
            row("c", source="TASS", day=14), row("d", source="TASS", original="doc-c", day=14)]
    [event] = list(cluster_mentions(rows))
    assert (event.n_mentions, event.n_articles, event.n_sources) == (4, 2, 2)
    assert (event.first_seen, event.last_seen, event.date) == ("2022-03-13", "2022-03-14", "2022-03-13")


def test_cluster_summary():
    rows = [row("a", **KYIV), row("b", actors=(RUS, TUR), **KYIV), row("c", actors=(), day=14, **UKRAINE)]
    [event] = list(cluster_mentions(rows))
    assert [p.name for p in event.actors] == ["Russia", "Turkey"]
    assert (event.location, event.country, event.n_mentions) == ("Kyiv", "UKR", 3)
    assert event.id == list(cluster_mentions([rows[0]]))[0].id  # named after its first mention


def test_memory_is_bounded_by_the_window():
    """A long stream: only the clusters of the last few days stay open."""
    from dragoman.cluster import _Window

    window = _Window(ClusterSettings(window_days=2))
    emitted = 0
    for day in range(1, 29):
        for k in range(50):
            r = replace(row(f"{day}-{k}", day=day), actors=(Participant(f"A{k}"),))
            emitted += len(list(window.expire(r.day)))
            window.place(r)
        assert len(window.open) <= 3 * 50 and len(window.index) <= 51  # 50 actors and Ukraine
    assert emitted + len(list(window.flush())) == 50 * len(range(1, 29, 3))  # one cluster per 3 days


def test_store_round_trip(tmp_path):
    from dragoman.records import Actor, Article, Event, Place
    from dragoman.store import Store

    def event(doc: str, n: int, place: Place | None) -> Event:
        return Event(id=f"{doc}-{n}", doc_id=doc, event_type="ASSAULT", mode=None, modality=(), context=(),
                     actor=(Actor("Russia", "Russia", "RUS", "GOV"),), recipient=(Actor("Ukraine", "Ukraine", "UKR"),),
                     date="2022-03-13", date_text=None, location=place, attribution=(), quote=None,
                     text="Russia attacked Ukraine.", start=0, end=24, confidence=0.9)

    kyiv = Place("Kyiv", 0, 4, "Kyiv", "UKR", 50.45, 30.52, 703448, "city")
    lviv = Place("Lviv", 0, 4, "Lviv", "UKR", 49.84, 24.03, 702550, "city")
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([
            (Article("a", "Russia attacked Ukraine near Kyiv.", published="2022-03-13", publisher="AFP"),
             [event("a", 1, kyiv)], None),
            (Article("b", "Russian forces struck targets around Kyiv.", published="2022-03-14", publisher="TASS"),
             [event("b", 1, kyiv)], None),
            (Article("c", "Missiles hit Lviv in the west.", published="2022-03-14", publisher="AFP"),
             [event("c", 1, lviv)], None),
        ])
        assert store.rebuild_events() == 2
        rows = store.con.execute("SELECT location_name, n_mentions, n_articles, n_sources, first_seen, "
                                 "last_seen FROM events ORDER BY location_name").fetchall()
        assert rows == [("Kyiv", 2, 2, 2, "2022-03-13", "2022-03-14"), ("Lviv", 1, 1, 1, "2022-03-14", "2022-03-14")]
        assert store.con.execute("SELECT count(*) FROM event_mentions").fetchone()[0] == 3
