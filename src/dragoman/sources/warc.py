"""WARC reader: HTML responses of a .warc or .warc.gz file (Common Crawl news style), streamed.

Only response and resource records with a 2xx status (or no HTTP envelope) and an HTML or plain
text payload are documents; requests, metadata, revisits, redirects, images and PDFs are not, and
are passed over. Each record is read on its own, so memory stays bounded by the largest document.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from ..records import Problem, RawDoc, content_hash
from .items import too_large

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


def is_warc(head: bytes) -> bool:
    """True when the first bytes are a WARC record, plain or gzip-compressed.

    >>> is_warc(b"WARC/1.0\\r\\n"), is_warc(b"<html>")
    (True, False)
    """
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDoc | Problem]:
    """Documents of one WARC file; a damaged file yields what came before and one problem.

    Each document's id is a hash of its target URI, so a later capture of the same page replaces
    the earlier one in the database instead of adding a copy.
    """
    yield from read_records(str(path), str(path), max_bytes)


def read_warc_stream(stream: BinaryIO, origin: str, max_bytes: int) -> Iterator[RawDoc | Problem]:
    """Documents of a WARC (or WARC.gz) read from a binary stream, e.g. standard input."""
    yield from read_records(stream, origin, max_bytes)


def read_records(source: str | BinaryIO, origin: str, max_bytes: int) -> Iterator[RawDoc | Problem]:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        yield Problem("", origin, "read", "E107", f"{origin} is a WARC file and reading WARC needs "
                      "the scale extra; run `pip install 'dragoman[scale]'`")
        return
    kinds = WarcRecordType.response | WarcRecordType.resource
    count = 0
    try:
        records = ArchiveIterator(source, record_types=kinds, parse_http=True, auto_decode="all",
                                  fsspec_args=False)
        for record in records:
            count += 1
            item = record_to_item(record, f"{origin}#{count}", max_bytes)
            if item is not None:
                yield item
    except (OSError, ValueError) as err:
        yield Problem("", f"{origin}#{count + 1}", "read", "E108",
                      f"{origin} is damaged after {count} records ({err}); the records before were read, "
                      "check the download or re-fetch the file")


def record_to_item(record, origin: str, max_bytes: int) -> RawDoc | Problem | None:
    """A RawDoc for an HTML or text payload, a Problem when it is too large, None otherwise."""
    if record.headers.get("Content-Length") is None:
        return Problem("", origin, "read", "E108", f"{origin} is a damaged WARC record (no "
                       "Content-Length header); check the download or re-fetch the file")
    if record.is_http and not 200 <= (record.http_headers.status_code or 0) < 300:
        return None
    kind = payload_kind(record)
    if kind is None:
        return None
    uri = record.headers.get("WARC-Target-URI") or None
    where = f"{origin} {uri}" if uri else origin
    if record.content_length > max_bytes:
        return too_large(where, record.content_length, max_bytes)
    data = record.reader.read(max_bytes + 1)
    if is_truncated(record, len(data)):
        return Problem("", where, "read", "E108", f"{where} is cut short ({len(data):,} of "
                       f"{record.content_length:,} bytes); check the download or re-fetch the file")
    data = recode(data, record.http_charset)
    if not data.strip():
        return None
    doc_id = content_hash(uri) if uri else content_hash(record.record_id or origin)
    return RawDoc(doc_id=doc_id, content=data, content_type=kind, origin=where, url=uri)


def is_truncated(record, n_read: int) -> bool:
    """Fewer bytes than the record announced (only checkable when the payload was not decoded)."""
    encoding = (record.http_headers.get("Content-Encoding") or "") if record.is_http else ""
    return encoding.lower() in ("", "identity") and n_read < record.content_length


def payload_kind(record) -> str | None:
    """"html", "text" or None from the HTTP Content-Type (or the WARC one for resource records)."""
    if record.is_http:
        ctype = (record.http_content_type or "").lower()
    else:
        ctype = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype in HTML_TYPES:
        return "html"
    if ctype in TEXT_TYPES:
        return "text"
    return None


def recode(data: bytes, charset: str | None) -> bytes:
    """The payload as UTF-8 when the server named another charset that decodes it."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii"):
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data  # extraction falls back to UTF-8, then Windows-1252
