"""Near-duplicate articles (wire copies, syndication) by MinHash over word shingles.

An article's ``Fingerprint`` is its MinHash signature and the LSH band keys cut from it. Two
articles whose estimated Jaccard similarity reaches the threshold are near-duplicates; the later
one is linked to the earlier one's original (``documents.duplicate_of``). The band keys of each
original are stored (copies are found through their original), so the index lives in the database
and is never held in memory whole: for each batch the writer loads only the documents that share a
band key with it (``BandIndex``). docs/clustering.md has the details.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupSettings:
    """How near-duplicates are found (config: dedup_threshold, dedup_shingle, dedup_perm)."""

    threshold: float = 0.8
    shingle: int = 5
    num_perm: int = 128
    seed: int = 1

    @classmethod
    def from_config(cls, config) -> "DedupSettings":
        return cls(threshold=config.dedup_threshold, shingle=config.dedup_shingle,
                   num_perm=config.dedup_perm)

    @property
    def enabled(self) -> bool:
        return self.threshold <= 1.0

    @property
    def bands(self) -> tuple[int, int]:
        """(number of bands, rows per band) for this threshold and signature length."""
        return lsh_params(self.threshold, self.num_perm)


@dataclass(frozen=True)
class Fingerprint:
    """An article's MinHash signature (uint32 values) and its LSH band keys (signed 64-bit)."""

    signature: tuple[int, ...]
    bands: tuple[int, ...] = field(repr=False)

    def to_bytes(self) -> bytes:
        return b"".join(v.to_bytes(4, "little") for v in self.signature)

    @staticmethod
    def signature_from_bytes(data: bytes) -> tuple[int, ...]:
        return tuple(int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4))


def shingles(text: str, size: int) -> set[bytes]:
    """Overlapping ``size``-word sequences of the lower-cased words (the words themselves when fewer).

    >>> sorted(shingles("A b, C d", 3))
    [b'a b c', b'b c d']
    """
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def fingerprint(text: str, settings: DedupSettings = DedupSettings()) -> Fingerprint:
    """The Fingerprint of an article body.

    >>> a = fingerprint("Troops attacked rebel positions near Benghazi on Monday, the army said.")
    >>> b = fingerprint("Troops attacked rebel positions near Benghazi on Monday, the army said .")
    >>> similarity(a.signature, b.signature)
    1.0
    """
    from datasketch import MinHash

    perms = permutations(settings.num_perm, settings.seed)
    sketch = MinHash(num_perm=settings.num_perm, permutations=perms, scheme="affine32")
    sketch.update_batch(sorted(shingles(text, settings.shingle)) or [b""])
    signature = tuple(int(v) for v in sketch.hashvalues)
    return Fingerprint(signature, band_keys(signature, *settings.bands))


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int):
    """The permutation parameters for (num_perm, seed), made once per process."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations


def band_keys(signature: tuple[int, ...], bands: int, rows: int) -> tuple[int, ...]:
    """One stable 64-bit key per band: a hash of the band's number, shape and values."""
    keys = []
    for band in range(bands):
        part = signature[band * rows:(band + 1) * rows]
        data = f"{band}:{bands}x{rows}:".encode() + b"".join(v.to_bytes(4, "little") for v in part)
        keys.append(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True))
    return tuple(keys)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The Jaccard similarity estimate: the share of equal signature values."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


@lru_cache(maxsize=16)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm that best separate pairs above and below threshold.

    Minimises the sum of the false-positive and false-negative probability mass, as datasketch's
    MinHashLSH does.

    >>> lsh_params(0.8, 128)
    (9, 13)
    """
    threshold = min(max(threshold, 0.01), 0.99)
    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            error = _integral(bands, rows, 0.0, threshold, below=True) + \
                _integral(bands, rows, threshold, 1.0, below=False)
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


def _integral(bands: int, rows: int, lo: float, hi: float, below: bool, steps: int = 64) -> float:
    """Probability mass of candidates below the threshold (below=True) or misses above it."""
    width = (hi - lo) / steps
    total = 0.0
    for i in range(steps):
        s = lo + (i + 0.5) * width
        p = 1.0 - (1.0 - s ** rows) ** bands
        total += (p if below else 1.0 - p) * width
    return total


class BandIndex:
    """The documents that may be near-duplicates of one batch: loaded from the store per batch.

    ``add`` registers a document (with its original, when it is itself a copy); ``find`` returns
    the original of the most similar registered document at or above the threshold.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._by_band: dict[int, list[str]] = {}
        self._docs: dict[str, tuple[tuple[int, ...], str | None]] = {}

    def add(self, doc_id: str, signature: tuple[int, ...], bands: Iterable[int],
            original: str | None = None) -> None:
        self._docs[doc_id] = (signature, original)
        for key in bands:
            self._by_band.setdefault(key, []).append(doc_id)

    def find(self, doc_id: str, fp: Fingerprint) -> str | None:
        """The id of the original this document copies, or None when it is an original itself."""
        best, best_score = None, self.threshold
        seen: set[str] = set()
        for key in fp.bands:
            for other in self._by_band.get(key, ()):
                if other == doc_id or other in seen:
                    continue
                seen.add(other)
                signature, original = self._docs[other]
                score = similarity(fp.signature, signature)
                if score >= best_score and (best is None or score > best_score):
                    best, best_score = original or other, score
        return best
