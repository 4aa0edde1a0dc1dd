"""Files, directories and standard input: each input is routed to the reader of its kind.

The kind comes from the suffix, else from sniffing the first bytes (JSONL, WARC, feed, HTML, text).
"""

from __future__ import annotations

import io
import itertools
import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..records import Problem, RawDoc, content_hash
from .feeds import is_feed, read_feed
from .items import Item, too_large
from .jsonl import read_jsonl
from .warc import is_warc, read_warc, read_warc_stream

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SNIFF_BYTES = 8192


def iter_inputs(paths: Iterable[str], max_bytes: int, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Yield documents (or problems) from paths; ``-`` reads standard input.

    >>> list(iter_inputs([], 1000))
    []
    """
    for path in paths:
        if path == "-":
            yield from read_stream(stdin or sys.stdin.buffer, "stdin", max_bytes)
            continue
        p = Path(path)
        if p.is_dir():
            for child in walk_files(p):
                yield from read_path(child, max_bytes)
        elif p.exists():
            yield from read_path(p, max_bytes)
        else:
            yield Problem(doc_id="", origin=str(p), stage="read", code="E100",
                          message=f"{p} does not exist; check the path")


def walk_files(folder: Path) -> Iterator[Path]:
    """Files under a folder, depth first in name order, skipping hidden ones; one listing in memory
    at a time, so a folder of millions of files streams too."""
    with os.scandir(folder) as listing:
        entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from walk_files(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def read_path(path: Path, max_bytes: int) -> Iterator[Item]:
    """Documents in one file, chosen by suffix and, failing that, by sniffing its first bytes."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from read_warc(path, max_bytes)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        with path.open("rb") as handle:
            yield from read_jsonl(handle, str(path), max_bytes)
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield too_large(str(path), size, max_bytes)
        return
    data = path.read_bytes()
    kind = "binary" if is_binary(data[:SNIFF_BYTES]) else kind_from_suffix(path.suffix.lower()) or sniff_kind(data)
    if kind != "binary" and path.suffix.lower() in FEED_SUFFIXES - {".xml"}:
        kind = "feed"  # .rss and .atom are feeds whatever their first bytes say; .xml is sniffed
    yield from make_docs(data, kind, str(path), max_bytes)


def read_stream(stream: BinaryIO, origin: str, max_bytes: int) -> Iterator[Item]:
    """Standard input: JSONL, WARC (plain or gzip), a feed, HTML or text, sniffed."""
    head = stream.read(SNIFF_BYTES)
    if is_warc(head):
        yield from read_warc_stream(PrefixedStream(head, stream), origin, max_bytes)
        return
    kind = sniff_kind(head)
    if kind == "jsonl":
        first = io.BytesIO(head + stream.readline())  # complete the line the sniff cut
        yield from read_jsonl(itertools.chain(first, stream), origin, max_bytes)
        return
    rest = stream.read(max_bytes + 1 - len(head)) if len(head) <= max_bytes else b""
    data = head + rest
    if len(data) > max_bytes:
        yield too_large(origin, len(data), max_bytes, at_least=True)
        return
    yield from make_docs(data, kind, origin, max_bytes)


class PrefixedStream(io.RawIOBase):
    """A binary stream that gives back the bytes a sniff read, then the rest of the stream.

    Not seekable, but it tells its position (and "seeks" to where it is), as the WARC reader asks.
    """

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream, self.position = memoryview(head), stream, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
        else:
            data = self.stream.read(len(buffer))
            n = len(data)
            buffer[:n] = data
        self.position += n
        return n

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (whence, offset) in ((io.SEEK_CUR, 0), (io.SEEK_SET, self.position)):
            return self.position
        raise io.UnsupportedOperation("standard input cannot seek")


def make_docs(data: bytes, kind: str, origin: str, max_bytes: int) -> Iterator[Item]:
    """A file's bytes as documents (several for JSONL)."""
    if kind == "jsonl":
        yield from read_jsonl(io.BytesIO(data), origin, max_bytes)
        return
    if kind == "feed":
        yield from read_feed(data, origin, max_bytes)
        return
    if kind == "binary":
        yield Problem("", origin, "read", "E101",
                      f"{origin} looks binary, not text or HTML; give news articles as .html, .txt or .jsonl")
        return
    if not data.strip():
        yield Problem("", origin, "read", "E102", f"{origin} is empty; nothing to code")
        return
    yield RawDoc(doc_id=content_hash(data.decode("latin-1")), content=data, content_type=kind, origin=origin)


def kind_from_suffix(suffix: str) -> str | None:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def sniff_kind(head: bytes) -> str:
    """"html", "jsonl", "feed", "text" or "binary" from the first bytes of a document."""
    sample = head[:SNIFF_BYTES]
    if is_binary(sample):
        return "binary"
    stripped = sample.lstrip().lower()
    if stripped.startswith(b"{"):
        return "jsonl"
    if is_feed(stripped):
        return "feed"
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in stripped \
            or stripped.count(b"<p") + stripped.count(b"<div") >= 2:
        return "html"
    return "text"


def is_binary(sample: bytes) -> bool:
    """NUL bytes or many control characters mean this is no text (UTF-16 text is not supported)."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05

