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
        selector = SentenceSelector(nlp, lexicon.lemmas()) if self.config.select_sentences else None
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
            docs = self.parse(a.text for a in articles)
            for result in prepared:
                if result.article is None:
                    yield result
                    continue
                doc = next(docs)
                yield dataclasses.replace(result, events=tuple(self.code_doc(result.article, doc)))

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
        state, inputs, dateline = self.sentence_inputs(article, doc)
        events = self._models["coder"].code_document(inputs, state, article.doc_id, article.published, dateline)
        floor = self.config.min_confidence
        return [e for e in events if e.confidence >= floor]

    def sentence_inputs(self, article: Article, doc):
        """(actor memory, the sentences with their dates and places, the dateline's place)."""
        from .stages import when
        from .stages.events import SentenceInput

        resolver, gaz = self._models["resolver"], self._models["gazetteer"]
        state = resolver.start_document(article.text, article.published, article.dateline)
        resolver.note_document(doc, state, article.text)
        places = locate_places(article.text, doc, gaz, state.main_country())
        state.country_counts.update(p.country_code for p in places if p.country_code and p.feature != "country")
        state.place_codes.update((p.start, p.country_code) for p in places if p.country_code)
        dateline = dateline_place(article.dateline, gaz, state.main_country())
        inputs = [SentenceInput(sent, [shift(d, sent.start_char) for d in when.find_dates(sent.text, article.published)],
                                [p for p in places if sent.start_char <= p.start < sent.end_char])
                  for sent in doc.sents if sent.text.strip()]
        return state, inputs, dateline

    def code_articles(self, articles: list[Article]) -> Iterator[list[Event]]:
        """Events of articles that need no extraction (evaluation sentences, clean corpora)."""
        self.setup()
        docs = self.parse(a.text for a in articles)
        for article, doc in zip(articles, docs):
            yield self.code_doc(article, doc)

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


def locate_places(text: str, doc, gazetteer, main_country: str | None) -> list[Place]:
    """Toponyms of the document, resolved twice: the second pass knows the document's countries."""
    from .stages import where

    spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents
             if e.label_ in ("GPE", "LOC", "FAC", "NORP", "ORG")]
    first = where.find_places(text, gazetteer, spans=spans)
    context = list(where.document_countries(first))
    if main_country and main_country not in context:
        context.append(main_country)
    return where.find_places(text, gazetteer, spans=spans, context_countries=context)


def dateline_place(dateline: str | None, gazetteer, main_country: str | None) -> Place | None:
    from .stages import where

    if not dateline:
        return None
    found = where.find_places(dateline, gazetteer, spans=[(0, len(dateline), "GPE")],
                              context_countries=[main_country] if main_country else [])
    return found[0] if found and found[0].name else None


def shift(mention: DateMention, offset: int) -> DateMention:
    return dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset)
