from dragoman.records import Actor, Article, Event, Problem
from dragoman.store import EventFilter, Store


def event(doc_id: str, n: int, event_type: str = "ASSAULT", actor: str = "Russia") -> Event:
    return Event(id=f"{doc_id}-{n}", doc_id=doc_id, event_type=event_type, mode=None, modality=(),
                 context=(), actor=(Actor(actor, actor, "RUS", "GOV"),), recipient=(), date="2020-01-13",
                 date_text=None, location=None, attribution=(), quote=None, text="Russia attacked.",
                 start=0, end=16, confidence=0.8)


def article(doc_id: str, text: str = "Russia attacked.") -> Article:
    return Article(doc_id=doc_id, text=text, published="2020-01-14")


def test_idempotent_writes_and_replacement(tmp_path):
    db = str(tmp_path / "t.duckdb")
    with Store(db) as store:
        first = store.write_batch([(article("a"), [event("a", 1), event("a", 2)], None)])
        again = store.write_batch([(article("a"), [event("a", 1), event("a", 2)], None)])
        changed = store.write_batch([(article("a", "Russia attacked again."), [event("a", 3)], None)])
        assert (first.added, again.unchanged, changed.replaced) == (1, 1, 1)
        assert store.counts()["mentions"] == 1
        store.write_batch([(None, [], Problem("", "x.bin", "read", "E101", "binary"))] * 2)
        assert store.counts()["problems"] == 1


def test_failed_batch_keeps_earlier_data(tmp_path):
    db = str(tmp_path / "t.duckdb")
    with Store(db) as store:
        store.write_batch([(article("a"), [event("a", 1)], None)])
        bad = event("b", 1)
        object.__setattr__(bad, "start", "not a number")
        try:
            store.write_batch([(article("b"), [bad], None)])
        except Exception:
            pass
        assert store.counts()["documents"] == 1
        assert store.counts()["mentions"] == 1


def test_filters_are_parameterised(tmp_path):
    db = str(tmp_path / "t.duckdb")
    with Store(db) as store:
        store.write_batch([(article("a"), [event("a", 1), event("a", 2, "AGREE", "Turkey")], None)])
        assert len(store.query_events(EventFilter(actor="russ"))) == 1
        assert len(store.query_events(EventFilter(type="agree"))) == 1
        assert store.query_events(EventFilter(actor="'; DROP TABLE mentions; --")) == []
        assert store.counts()["mentions"] == 2
        assert store.rebuild_events() == 2


def test_date_precision_and_location_source_are_stored(tmp_path):
    import dataclasses

    from dragoman.records import Place

    kyiv = Place("Kyiv", 0, 4, "Kyiv", "UKR", 50.45, 30.52, 703448, "city", "document")
    located = dataclasses.replace(event("a", 1), date="2020-01-06", date_precision="week", location=kyiv)
    with Store(str(tmp_path / "t.duckdb")) as store:
        store.write_batch([(article("a"), [located, event("a", 2)], None)])
        rows = store.con.execute("SELECT date_precision, location_feature, location_source FROM mentions "
                                 "ORDER BY id").fetchall()
        [record] = [r for r in store.query_events(EventFilter()) if r["id"] == "a-1"]
    assert rows == [("week", "city", "document"), (None, None, None)]
    assert record["date_precision"] == "week" and record["location"]["source"] == "document"
