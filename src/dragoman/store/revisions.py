"""The update policy: does a later version of a stored document replace it? (docs/record.md)

Pure functions over two versions of one document (same id, different text); the store applies
the decision and keeps whatever loses in ``document_versions`` and ``mention_versions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEASER_RATIO = 0.6  # a text shorter than this share of the other's length is a summary or teaser of it
SIMILAR_OVERLAP = 0.5  # share of the shorter text's word pairs that a revision keeps
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Version:
    """What the policy looks at: the body text and the publication date (YYYY-MM-DD or None)."""

    text: str
    published: str | None = None


@dataclass(frozen=True)
class Decision:
    """``replace``: the incoming version becomes the stored one; ``reason`` says why (or why not)."""

    replace: bool
    reason: str


def decide(stored: Version, incoming: Version) -> Decision:
    """Whether ``incoming`` replaces ``stored``: a fuller text always does and a teaser never does;
    between texts of comparable length a newer publication date decides, else similar content. The
    same text with another publication date is a correction of that date.

    >>> full = Version("Police arrested three opposition leaders in Bamako on Sunday. " * 5)
    >>> decide(full, Version("Police arrested three opposition leaders ...")).reason
    'shorter'
    >>> decide(Version("Police arrested three leaders."), full).reason
    'fuller'
    >>> decide(full, Version(full.text.replace("three", "four"))).reason
    'revision'
    """
    if incoming.text == stored.text:  # the same text under another date: a correction of its metadata
        return Decision(incoming.published is not None, "redated" if incoming.published else "undated")
    if len(incoming.text) < TEASER_RATIO * len(stored.text):
        return Decision(False, "shorter")
    if len(stored.text) < TEASER_RATIO * len(incoming.text):
        return Decision(True, "fuller")
    if incoming.published and stored.published and incoming.published != stored.published:
        newer = incoming.published > stored.published
        return Decision(newer, "newer" if newer else "older")
    if overlap(stored.text, incoming.text) >= SIMILAR_OVERLAP:
        return Decision(True, "revision")
    return Decision(False, "different")


def overlap(a: str, b: str) -> float:
    """The share of the smaller set of word pairs (single words for one-word texts) found in the other.

    >>> overlap("Russia attacked.", "Russia attacked again.")
    1.0
    """
    pairs_a, pairs_b = word_pairs(a), word_pairs(b)
    if not pairs_a or not pairs_b:
        return float(pairs_a == pairs_b)
    return len(pairs_a & pairs_b) / min(len(pairs_a), len(pairs_b))


def word_pairs(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    if len(words) < 2:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:]))
