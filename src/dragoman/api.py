"""The Python API of CONTRACT.md: code, extract, places, dates. Models load once per process."""

from __future__ import annotations

from functools import lru_cache

from .config import Config
from .pipeline import Pipeline
from .records import Article, DateMention, Event, Place, RawDoc, content_hash


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline(Config()).setup()


def code(text_or_html: str, published: str | None = None, url: str | None = None) -> list[Event]:
    """Events in one article (plain text or HTML).

    >>> [e.event_type for e in code("Police arrested 40 protesters in Lagos on Monday.", "2021-05-04")]  # doctest: +SKIP
    ['COERCE']
    """
    from .sources import sniff_kind

    kind = "html" if sniff_kind(text_or_html.encode("utf-8", "replace")[:8192]) == "html" else "text"
    return default_pipeline().code_text(text_or_html, published=published, url=url, kind=kind)


def extract(html: str, url: str | None = None) -> Article:
    """The article in an HTML page (or scraped text): .title .text .published .publisher .language."""
    from .sources import sniff_kind
    from .stages.extract import extract as extract_article

    data = html.encode("utf-8", "replace")
    kind = "html" if sniff_kind(data[:8192]) == "html" else "text"
    return extract_article(RawDoc(content_hash(html), data, kind, "<string>", url=url))


def places(text: str) -> list[Place]:
    """Toponyms in a text, resolved with the gazetteer and the text's own countries."""
    from .pipeline import locate_places

    pipeline = default_pipeline()
    doc = pipeline._models["nlp"](text)
    return locate_places(text, doc, pipeline._models["gazetteer"], None)


def dates(text: str, published: str | None = None) -> list[DateMention]:
    """Temporal expressions normalised against the publication date (ISO date, YYYY-MM or YYYY)."""
    from .stages.when import find_dates

    return find_dates(text, published)
