"""The pipeline: read -> extract -> nlp -> actors -> events -> when -> where, per batch of documents.

A document that a stage cannot handle becomes a Problem; the run goes on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .config import Config
from .errors import InputError
from .records import Article, DateMention, Event, Place, Problem, RawDoc
from .stages.extract import extract
from .stages.placement import document_focus


@dataclass(frozen=True)
class DocResult:
    """What the pipeline made of one input: an article and its events, or a problem."""

    origin: str
    article: Article | None = None
    events: tuple[Event, ...] = ()
    problem: Problem | None = None


@dataclass
class Pipeline:
    """Builds the stages once per process from a Config (picklable) and runs them."""

    config: Config = field(default_factory=Config)
    _models: dict = field(default_factory=dict, repr=False)

    def setup(self) -> "Pipeline":
        """Load the spaCy model, knowledge base, lexicon and gazetteer (once)."""
        if self._models:
            return self
        from .knowledge import KnowledgeBase
        from .stages.actors import ActorResolver
        from .stages.events import EventCoder
        from .stages.learned import Models
        from .stages.lexicon import Lexicon
        from .stages.nlp import SentenceSelector, load_nlp
        from .stages.language import LanguageIdentifier
        from .stages.where import Gazetteer

        resolver = ActorResolver(KnowledgeBase.load(self.config.actors))
        models = Models.load() if self.config.classifier else None
        lexicon, nlp = Lexicon.load(), load_nlp(self.config.model)
        selector = SentenceSelector(nlp, lexicon) if self.config.select_sentences else None
        self._models.update(nlp=nlp, selector=selector, resolver=resolver, gazetteer=Gazetteer.load(),
                            language=LanguageIdentifier.load(), coder=EventCoder(lexicon, resolver, models))
        return self

    def run(self, items: Iterable[RawDoc | Problem], published: str | None = None,
            url: str | None = None) -> Iterator[DocResult]:
        """Results in input order; ``published``/``url`` fill in what inputs do not carry."""
        self.setup()
        batch: list[RawDoc | Problem] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.config.batch_size:
                yield from self.run_batch(batch, published, url)
                batch = []
        if batch:
            yield from self.run_batch(batch, published, url)

    def run_batch(self, batch: list[RawDoc | Problem], published: str | None,
                  url: str | None) -> Iterator[DocResult]:
        prepared: list[DocResult] = []
        for item in batch:
            prepared.append(self.extract_one(item, published, url))
        articles = [r.article for r in prepared if r.article is not None]
        with self._models["nlp"].memory_zone():  # the batch's new strings are freed after it: memory stays flat
            coded = iter(self.code_parsed(articles, list(self.parse(a.text for a in articles))))
            for result in prepared:
                yield result if result.article is None else dataclasses.replace(result, events=tuple(next(coded)))

    def parse(self, texts: Iterable[str]) -> Iterator:
        """spaCy Docs of the texts, in order; with ``select_sentences`` the sentences that hold no
        trigger word are blanked out first (offsets unchanged) and so not parsed."""
        selector = self._models["selector"]
        if selector is not None:
            texts = (selector.blank(text) for text in texts)
        return iter(self._models["nlp"].pipe(texts, batch_size=self.config.batch_size))

    def extract_one(self, item: RawDoc | Problem, published: str | None, url: str | None) -> DocResult:
        if isinstance(item, Problem):
            return DocResult(origin=item.origin, problem=item)
        if published and not item.published:
            item = dataclasses.replace(item, published=published)
        if url and not item.url:
            item = dataclasses.replace(item, url=url)
        try:
            article = extract(item, self.config.min_chars, self._models.get("language"))
        except InputError as err:
            return DocResult(origin=item.origin, problem=Problem(
                item.doc_id, item.origin, "extract", err.code, err.message))
        return DocResult(origin=item.origin, article=article)

    def code_doc(self, article: Article, doc) -> list[Event]:
        """Events of one parsed article."""
        return self.code_parsed([article], [doc])[0]

    def code_parsed(self, articles: list[Article], docs: list) -> list[list[Event]]:
        """Events of parsed articles, coded together (the trained models run once per batch)."""
        from .stages.events import DocumentInput

        documents = []
        for article, doc in zip(articles, docs):
            state, inputs, focus = self.sentence_inputs(article, doc)
            documents.append(DocumentInput(inputs, state, article.doc_id, article.published, focus))
        floor = self.config.min_confidence
        return [[dataclasses.replace(e, date_precision=date_precision(e, dates_around(e, d.inputs)))
                 for e in events if e.confidence >= floor]
                for d, events in zip(documents, self._models["coder"].code_documents(documents))]

    def sentence_inputs(self, article: Article, doc):
        """(actor memory, the sentences with their dates and places, the document's focus: its
        dateline's place, else the place it names most)."""
        from .stages import when
        from .stages.events import SentenceInput

        resolver, gaz = self._models["resolver"], self._models["gazetteer"]
        state = resolver.start_document(article.text, article.published, article.dateline)
        resolver.note_document(doc, state, article.text)
        dateline = dateline_place(article.dateline, gaz, state.main_country())
        places = locate_places(article.text, doc, gaz, state.main_country(), dateline)
        state.country_counts.update(p.country_code for p in places if p.country_code and p.feature != "country")
        state.place_codes.update((p.start, p.country_code) for p in places if p.country_code)
        names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "FAC", "WORK_OF_ART")]
        places = [p for p in places if not is_demonym(p, gaz) and not inside_name(p, names)]
        text = doc.text  # the sentences' own text: the blanked ones are spaces
        inputs = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            if text[start:end].strip():
                dates = [shift(d, start) for d in when.find_dates(text[start:end], article.published)]
                inputs.append(SentenceInput(sent, dates, [p for p in places if start <= p.start < end]))
        return state, inputs, document_focus(places, dateline)

    def code_articles(self, articles: list[Article]) -> Iterator[list[Event]]:
        """Events of articles that need no extraction (evaluation sentences, clean corpora)."""
        self.setup()
        for start in range(0, len(articles), self.config.batch_size):
            batch = articles[start:start + self.config.batch_size]
            yield from self.code_parsed(batch, list(self.parse(a.text for a in batch)))

    def code_text(self, text: str, published: str | None = None, url: str | None = None,
                  kind: str = "text", doc_id: str | None = None) -> list[Event]:
        """Events of one text or HTML string; raises InputError when it holds no article."""
        from .records import content_hash

        raw = RawDoc(doc_id=doc_id or content_hash(text), content=text.encode("utf-8"),
                     content_type=kind, origin="<string>", url=url, published=published)
        result = next(self.run([raw]))
        if result.problem is not None:
            raise_problem(result.problem)
        return list(result.events)


def raise_problem(problem: Problem) -> None:
    from . import errors

    for cls in vars(errors).values():
        if isinstance(cls, type) and issubclass(cls, InputError) and cls.code == problem.code:
            raise cls(problem.message)
    raise InputError(problem.message)


def locate_places(text: str, doc, gazetteer, main_country: str | None,
                  dateline: "Place | None" = None) -> list[Place]:
    """Toponyms of the document, resolved twice: the second pass knows the document's countries
    and states (the dateline's first, then those named most, then the actors' main country)."""
    from .stages import where

    spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    first = where.find_places(text, gazetteer, spans=spans,
                              context_countries=[dateline.country_code] if dateline else [])
    countries = where.document_countries(first)
    admin1 = where.document_admin1(first, gazetteer)
    if dateline is not None:
        countries.insert(0, dateline.country_code)
        admin1[:0] = where.document_admin1([dateline], gazetteer)
    countries += [main_country] if main_country else []
    countries += [gazetteer.admin1[code].country_code for code in admin1 if code in gazetteer.admin1]
    return where.find_places(text, gazetteer, spans=spans, context_countries=countries,
                             context_admin1=admin1, scan_rest=True)


def is_demonym(place: Place, gazetteer) -> bool:
    """"Syrian", "Serb": a country named by its people, which places actors, not events."""
    return place.feature == "country" and gazetteer.demonym(place.text) is not None \
        and not gazetteer.lookup(place.text)


def inside_name(place: Place, names: list[tuple[int, int]]) -> bool:
    """"Dublin" in "Dublin Arts Council": a place inside a longer name, which says where the
    organisation is from, not where an event happened."""
    return any(start <= place.start and place.end <= end and (start, end) != (place.start, place.end)
               for start, end in names)


def dateline_place(dateline: str | None, gazetteer, main_country: str | None) -> Place | None:
    """The place of an article's dateline ("TRIPOLI, Libya", "Beirut"), or None."""
    from .stages import where

    if not dateline:
        return None
    found = where.find_places(dateline, gazetteer, spans=[(0, len(dateline), "GPE")],
                              context_countries=[main_country] if main_country else [])
    return found[0] if found and found[0].name else None


# The record's date_precision has five values (CONTRACT.md): a season is reported as a quarter (three
# months from its first) and a decade as a year (its first).
EVENT_PRECISION = {"season": "quarter", "decade": "year"}


def dates_around(event: Event, inputs) -> list[DateMention]:
    """The date expressions of the sentence an event comes from."""
    return next((i.dates for i in inputs if i.sent.start_char == event.start), [])


def date_precision(event: Event, dates: list[DateMention]) -> str | None:
    """How precise the event's date is: that of the expression it came from, else (the publication
    date, or a value without its expression) what the value's length says."""
    if event.date is None:
        return None
    for mention in dates:
        if mention.text == event.date_text and mention.value == event.date and mention.precision:
            return EVENT_PRECISION.get(mention.precision, mention.precision)
    return {10: "day", 7: "month", 4: "year"}.get(len(event.date))


def shift(mention: DateMention, offset: int) -> DateMention:
    return dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset)
