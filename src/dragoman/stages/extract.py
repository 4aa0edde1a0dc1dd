"""Extract: RawDoc -> Article. trafilatura + htmldate for HTML; line rules for scraped plain text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..errors import BinaryInput, EmptyInput, NoArticle, NotEnglish
from ..records import Article, RawDoc
from .language import LanguageIdentifier

# Trailing lines that scraped pages carry after the article body.
BOILERPLATE_LINE = re.compile(
    r"^(next story|previous story|share it|share this( article| story)?|share|tweet|print|email|"
    r"read more|read also|also read|related( stories| articles| news)?|advertisement|"
    r"subscribe.*|follow us.*|comments?|leave a comment|click here.*|sign up.*|"
    r"copyright.*|©.*|all rights reserved.*|tags?:.*|top stories|trending( now)?|more from .*|"
    r"you may also like|recommended( for you)?|back to top|home|menu)\s*[:.!»>|]*\s*$",
    re.IGNORECASE,
)
# "Tripoli:", "TRIPOLI, Jan 14 (Reuters) -", "NEW DELHI (AFP) --", "Kabul -"
DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Za-z'.-]+|[A-Z]{2,})(?: [A-Z][A-Za-z'.-]+| [A-Z]{2,}){0,3})"
    r"(?P<rest>(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([A-Za-z .]+\))?)"
    r"\s*(?::|--|—|–| -)\s+(?=[A-Z\"'‘“])"
)


def extract(raw: RawDoc, min_chars: int = 20, identifier: LanguageIdentifier | None = None) -> Article:
    """The article in a RawDoc; raises an InputError subclass when there is none, or when the text
    is confidently in another language than English (``identifier``: the process's by default).

    >>> doc = RawDoc("d1", b"Reuters\\n\\nTalks end\\n\\nKABUL: The two sides met on Monday and agreed to talk again.", "text", "x")
    >>> a = extract(doc); a.dateline, a.text[:12]
    ('KABUL', 'The two side')
    """
    if raw.content_type == "html":
        article = extract_html(raw)
    else:
        article = extract_text(raw)
    if len(article.text.strip()) < min_chars:
        raise EmptyInput(f"{raw.origin} has no article text ({len(article.text.strip())} characters "
                         f"after extraction, need {min_chars})")
    guess = (identifier or LanguageIdentifier.load()).guess(f"{article.title or ''}\n{article.text}")
    if not guess.is_english:
        raise NotEnglish(f"{raw.origin} is not in English (it reads as language '{guess.language}', "
                         "ISO 639-1); dragoman codes English news only")
    return article


def decode_bytes(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1; NUL-laden data is refused."""
    if b"\x00" in data[:8192]:
        raise BinaryInput(f"{origin} looks binary, not text")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    raise BinaryInput(f"{origin} is in an unknown text encoding; convert it to UTF-8")  # unreachable: latin-1


def extract_text(raw: RawDoc) -> Article:
    """Scraped plain text: drop the publisher line and headline at the top and navigation at the end."""
    text = decode_bytes(raw.content, raw.origin)
    paragraphs = split_paragraphs(text)
    paragraphs = strip_trailing_boilerplate(paragraphs)
    publisher, title, body = split_header(paragraphs, has_title=raw.title is not None)
    if not body:
        raise NoArticle(f"{raw.origin} has no article body after removing headers and navigation")
    dateline, first = split_dateline(body[0])
    body = [first, *body[1:]] if first else body[1:]
    return Article(doc_id=raw.doc_id, text="\n\n".join(body), url=raw.url,
                   title=raw.title or title, published=normalise_published(raw.published),
                   publisher=raw.source or publisher, language="en", dateline=dateline,
                   origin=raw.origin)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks separated by blank lines, inner line breaks joined with spaces."""
    blocks = re.split(r"\n\s*\n", text)
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(len(line) < 60 for line in lines):
            out.extend(lines)  # short lines stacked: headers, menus, not one paragraph
        else:
            out.append(re.sub(r"\s+", " ", " ".join(lines)))
    return out


def strip_trailing_boilerplate(paragraphs: list[str]) -> list[str]:
    end = len(paragraphs)
    while end and (BOILERPLATE_LINE.match(paragraphs[end - 1]) or len(paragraphs[end - 1]) < 3):
        end -= 1
    return [p for p in paragraphs[:end] if not BOILERPLATE_LINE.match(p)]


def split_header(paragraphs: list[str], has_title: bool) -> tuple[str | None, str | None, list[str]]:
    """(publisher, headline, body) from the leading short lines of a scraped page."""
    head: list[str] = []
    rest = list(paragraphs)
    while rest and len(rest) > 1 and is_header_line(rest[0]) and len(head) < 3:
        head.append(rest.pop(0))
    if not head:
        return None, None, rest
    if len(head) == 1:
        return (None, head[0], rest) if len(head[0].split()) > 4 else (head[0], None, rest)
    return head[0], head[-1], rest


def is_header_line(line: str) -> bool:
    """A line that reads like a publisher name or a headline: short, no sentence-final period."""
    words = line.split()
    return 0 < len(words) <= 25 and not line.rstrip().endswith((".", "?", "!", '."', ".'", ".”")) \
        and not DATELINE.match(line)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """("Tripoli", rest) for "Tripoli: Libya's ...", else (None, paragraph)."""
    match = DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    place = match.group("place")
    if len(place) > 40:
        return None, paragraph
    return place.title() if place.isupper() else place, paragraph[match.end():]


def extract_html(raw: RawDoc) -> Article:
    """Body text with trafilatura, publication date with htmldate (metadata first, then the page)."""
    import trafilatura  # loaded on first use: importing it costs time

    html = decode_bytes(raw.content, raw.origin)
    document = trafilatura.bare_extraction(html, url=raw.url, with_metadata=True,
                                           include_comments=False, include_tables=False)
    if document is None or not (document.text or "").strip():
        raise NoArticle(f"{raw.origin} is an HTML page with no article text that could be extracted")
    published = normalise_published(raw.published) or normalise_published(document.date) \
        or find_html_date(html)
    paragraphs = strip_trailing_boilerplate(split_paragraphs(document.text.replace("\n", "\n\n")))
    if not paragraphs:
        raise NoArticle(f"{raw.origin} is an HTML page whose text is all navigation or boilerplate")
    dateline, first = split_dateline(paragraphs[0])
    body = [first, *paragraphs[1:]] if first else paragraphs[1:]
    return Article(doc_id=raw.doc_id, text="\n\n".join(body), url=raw.url or document.url,
                   title=raw.title or document.title, published=published,
                   publisher=raw.source or document.sitename, language="en",
                   dateline=dateline, origin=raw.origin)


def find_html_date(html: str) -> str | None:
    """The publication date htmldate finds in the page's markup, never from file times."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True)
    except ValueError:  # htmldate raises on markup it cannot parse; the date stays unknown
        return None
    return normalise_published(found)


def normalise_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from an ISO date or datetime string; None when unusable."""
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def guess_language(text: str) -> str:
    """"en", unless the text is confidently in another language: then that language's code.

    >>> guess_language("Police arrested 40 protesters in Lagos on Monday."), guess_language("Die Regierung hat heute beschlossen, die Steuern zu senken.")
    ('en', 'de')
    """
    guess = LanguageIdentifier.load().guess(text)
    return "en" if guess.is_english else guess.language
