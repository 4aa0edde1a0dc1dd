"""A small database written through the store, without models: three documents, eight mentions."""

from __future__ import annotations

from dragoman.records import Actor, Article, Event, Place
from dragoman.store import Store

RUS, UKR, TUR = Actor("Russia", "Russia", "RUS", "GOV"), Actor("Ukraine", "Ukraine", "UKR", "GOV"), \
    Actor("Turkey", "Turkey", "TUR", "GOV")
POLICE, PROTESTERS = Actor("police", "police", "NGA", "COP"), Actor("protesters", "protesters", "NGA", "CVL")
FRANCE, IRAN = Actor("France", "France", "FRA", "GOV"), Actor("Iran", "Iran", "IRN", "GOV")
KYIV = Place("Kyiv", 0, 4, "Kyiv", "UKR", 50.45, 30.52, 703448)
MOSCOW = Place("Moscow", 0, 6, "Moscow", "RUS", 55.75, 37.62, 524901)
LAGOS = Place("Lagos", 0, 5, "Lagos", "NGA", 6.45, 3.39, 2332459)


def event(doc: str, n: int, kind: str, actor, recipient, date, place, text, modality=()) -> Event:
    return Event(id=f"{doc}-{n}", doc_id=doc, event_type=kind, mode=None, modality=modality, context=(),
                 actor=actor, recipient=recipient, date=date, date_text=None, location=place, attribution=(),
                 quote=None, text=text, start=n * 100, end=n * 100 + len(text), confidence=0.5 + n / 10)


DOCS = [
    (Article("a", "Russia attacked Ukraine. Turkey agreed with Russia.", url="https://news.example.org/a",
             title="War news", publisher="Example News", published="2020-01-14"),
     [event("a", 1, "ASSAULT", (RUS,), (UKR,), "2020-01-13", KYIV, "Russia attacked Ukraine near Kyiv."),
      event("a", 2, "AGREE", (TUR,), (RUS,), "2020-01-14", MOSCOW, "Turkey agreed with Russia in Moscow."),
      event("a", 3, "REJECT", (RUS,), (TUR,), "2020-01-14", MOSCOW, "Russia did not reject Turkey.",
            modality=("negation",))]),
    (Article("b", "Police arrested protesters in Lagos.", title="Lagos", published="2020-02-11"),
     [event("b", 1, "COERCE", (POLICE,), (PROTESTERS,), "2020-02-10", LAGOS, "Police arrested protesters in Lagos."),
      event("b", 2, "PROTEST", (PROTESTERS,), (POLICE,), "2020-02-09", LAGOS, "Protesters marched against police."),
      event("b", 3, "ASSAULT", (RUS,), (UKR,), "2020-02-10", KYIV, "Russia shelled Ukraine again.")]),
    (Article("c", "France sanctioned Iran.", title="Sanctions", published="2021-06-01"),
     [event("c", 1, "SANCTION", (FRANCE,), (IRAN,), None, None, "France imposed sanctions on Iran."),
      event("c", 2, "ACCUSE", (IRAN,), (FRANCE,), "2021-05-30", None, "Iran accused France of lying.")]),
]


def write_docs(db: str, docs=DOCS) -> None:
    with Store(db) as store:
        store.write_batch([(article, events, None) for article, events in docs])
        store.rebuild_events()
