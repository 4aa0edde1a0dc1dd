"""JSONL: one document per line, {"id", "text" | "html", "url"?, "title"?, "published"?, "source"?}."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from ..records import Problem, RawDoc, content_hash
from .items import Item, opt_str, too_large


def read_jsonl(handle: Iterable[bytes], origin: str, max_bytes: int) -> Iterator[Item]:
    """The documents of a JSONL stream, one per non-empty line; a bad line is a Problem."""
    for lineno, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        if len(line) > max_bytes:
            yield too_large(where, len(line), max_bytes)
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield Problem("", where, "read", "E105", f"{where} is not valid JSON ({err.__class__.__name__}); "
                          "each line must be one JSON object")
            continue
        yield doc_from_json(obj, where)


def doc_from_json(obj: object, where: str) -> Item:
    """A RawDoc from one parsed JSONL object, or a Problem saying which field is missing.

    >>> doc_from_json({"id": "a", "text": "Talks ended."}, "x:1").content_type
    'text'
    """
    if not isinstance(obj, dict):
        return Problem("", where, "read", "E105", f"{where} is not a JSON object")
    body = obj.get("html") if isinstance(obj.get("html"), str) else obj.get("text")
    if not isinstance(body, str):
        return Problem(str(obj.get("id") or ""), where, "read", "E105",
                       f'{where} has no "text" or "html" string field')
    kind = "html" if isinstance(obj.get("html"), str) else "text"
    doc_id = str(obj.get("id") or content_hash(body))
    return RawDoc(doc_id=doc_id, content=body.encode("utf-8", "replace"), content_type=kind,
                  origin=where, url=opt_str(obj.get("url")), title=opt_str(obj.get("title")),
                  published=opt_str(obj.get("published")), source=opt_str(obj.get("source")))
