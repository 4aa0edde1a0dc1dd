"""Inputs built by the tests: WARC records, RSS feeds and the crawl of tests/data/crawl."""

from __future__ import annotations

import html
import re
from pathlib import Path

CRAWL = Path(__file__).resolve().parent / "data" / "crawl"
CRAWL_URL = "https://times.example/news/"
TEASER_CHARS = 600
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Police arrest protesters</title><id>urn:atom:1</id>
<link href="https://atom.example/1"/><updated>2020-02-03T08:00:00Z</updated>
<content type="html">&lt;p&gt;Police arrested dozens of protesters in Algiers on Sunday, witnesses said.&lt;/p&gt;</content>
</entry></feed>"""


def warc_record(uri: str, payload: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
                record_type: str = "response", number: int = 1) -> bytes:
    """One WARC/1.0 record with an HTTP response envelope, as Common Crawl writes them."""
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n\r\n"
            ).encode() + payload
    head = (f"WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2020-01-14T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0000-{number}>\r\n"
            f"Content-Type: application/http; msgtype={record_type}\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def crawl_pages() -> dict[str, str]:
    """URL -> HTML of the three stories of tests/data/crawl (written for these tests)."""
    return {CRAWL_URL + path.stem: path.read_text(encoding="utf-8") for path in sorted(CRAWL.glob("story-*.html"))}


def crawl_warc(pages: dict[str, str]) -> bytes:
    return b"".join(warc_record(url, page.encode(), number=n) for n, (url, page) in enumerate(pages.items(), 1))


def teaser(page: str, chars: int = TEASER_CHARS) -> str:
    """The first ``chars`` characters of a page's paragraphs, as a feed's description gives them."""
    paragraphs = [re.sub(r"\s+", " ", html.unescape(p)) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
    return " ".join(paragraphs)[:chars].rsplit(" ", 1)[0] + " ..."


def rss_feed(pages: dict[str, str], pub_date: str = "Wed, 13 Mar 2024 18:00:00 GMT") -> str:
    """An RSS 2.0 feed linking the pages, guid = link (a permalink), a teaser as description."""
    items = "".join(
        f"<item><title>{html.escape(re.search(r'<title>(.*?)</title>', page).group(1))}</title>"
        f"<link>{url}</link><guid isPermaLink=\"true\">{url}</guid><pubDate>{pub_date}</pubDate>"
        f"<description>{html.escape(teaser(page))}</description></item>"
        for url, page in pages.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Times</title>'
            f"<link>https://times.example/</link><description>News</description>{items}</channel></rss>")
