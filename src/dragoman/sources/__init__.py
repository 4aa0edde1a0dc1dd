"""Readers: files, directories, JSONL, WARC, RSS/Atom, stdin. Each yields RawDoc or Problem, streaming.

Nothing here parses HTML or text: readers only find documents, bound their size and sniff their type.
``files`` routes each input to its reader (``jsonl``, ``feeds``, ``warc``, or a whole file); every
reader depends on ``items`` only, never on another reader or on this package.
"""

from .files import iter_inputs, read_path, read_stream, sniff_kind
from .items import Item, too_large
from .jsonl import doc_from_json, read_jsonl

__all__ = ["Item", "doc_from_json", "iter_inputs", "read_jsonl", "read_path", "read_stream", "sniff_kind",
           "too_large"]
