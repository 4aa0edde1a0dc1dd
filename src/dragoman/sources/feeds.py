"""RSS and Atom feeds: each entry becomes a document (title, link, published, content as HTML).

A feed file is parsed whole by feedparser, so it must fit the per-document size limit; its entries
are then yielded one by one. An entry's id is a hash of its guid (else its link), so the same
entry in a later fetch of the feed is recognised and not coded twice.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any, Iterator

from ..records import Problem, RawDoc, content_hash
from .items import too_large

FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]|<html[\s>]")


def is_feed(head: bytes) -> bool:
    """True when the first bytes of a file look like an RSS, RDF or Atom feed.

    >>> is_feed(b'<?xml version="1.0"?><rss version="2.0">'), is_feed(b"<html><p>feedback</p>")
    (True, False)
    """
    match = FEED_ROOT.search(head[:2048].lower())
    return match is not None and not match.group().startswith(b"<html")


def read_feed(data: bytes, origin: str, max_bytes: int) -> Iterator[RawDoc | Problem]:
    """The entries of one feed, in feed order."""
    try:
        import feedparser
    except ImportError:
        yield Problem("", origin, "read", "E107", f"{origin} is a news feed and reading feeds needs "
                      "the scale extra; run `pip install 'dragoman[scale]'`")
        return
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as err:  # feedparser's own failures on malformed bytes (found by tests/fuzz)
        yield Problem("", origin, "read", "E107", f"{origin} is not a readable RSS or Atom feed "
                      f"({err.__class__.__name__}: {err}); check the file or fetch it again")
        return
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield Problem("", origin, "read", "E107", f"{origin} is not an RSS or Atom feed with entries"
                      f"{reason}; give feeds as .rss, .atom or .xml files")
        return
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield entry_to_item(entry, f"{origin}#{number}", source, max_bytes)


def entry_to_item(entry: Any, origin: str, source: str | None, max_bytes: int) -> RawDoc | Problem:
    """One feed entry as a RawDoc, or a Problem when it carries no text or too much."""
    body = entry_body(entry)
    title = entry.get("title") or None
    link = entry.get("link") or None
    if not body.strip():
        return Problem("", origin, "read", "E102", f"{origin} ({link or title or 'untitled'}) has no "
                       "content or summary; nothing to code")
    kind = "html" if "<" in body else "text"
    content = wrap_html(title, body) if kind == "html" else body
    data = content.encode("utf-8", "replace")
    if len(data) > max_bytes:
        return too_large(origin, len(data), max_bytes)
    key = entry.get("id") or link or content_hash(title or "", body)
    return RawDoc(doc_id=content_hash(key), content=data, content_type=kind, origin=origin,
                  url=link, title=title, published=entry_date(entry), source=source)


def entry_body(entry: Any) -> str:
    """The longest full content of an entry, else its summary."""
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    return best if best.strip() else (entry.get("summary") or "")


def wrap_html(title: str | None, body: str) -> str:
    """An HTML fragment as a page that article extraction can read."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) date as YYYY-MM-DD, in UTC."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None
