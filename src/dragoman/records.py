"""Frozen records that flow between stages. No logic beyond construction helpers and validation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


def content_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hex digest of the given strings.

    >>> content_hash("a", "b") == content_hash("a", "b")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class RawDoc:
    """A document as read from a source, before extraction."""

    doc_id: str
    content: bytes
    content_type: str  # "html" | "text"
    origin: str  # file path, "stdin", "jsonl:<path>:<line>", ...
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Article:
    """The readable body of a document with its metadata."""

    doc_id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    language: str | None = None
    dateline: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Actor:
    """An entity taking part in an event, as written and as resolved."""

    text: str
    name: str
    code: str | None = None
    sector: str | None = None
    id: str | None = None
    implied: bool = False  # the text does not name it: the police behind "50 people were arrested"

    def to_dict(self) -> dict[str, Any]:
        out = {"text": self.text, "name": self.name, "code": self.code, "sector": self.sector, "id": self.id}
        if self.implied:
            out["implied"] = True
        return out


@dataclass(frozen=True)
class Place:
    """A toponym in a text and its gazetteer entry (null fields when unresolved)."""

    text: str
    start: int
    end: int
    name: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None  # "city" | "admin2" | "admin1" | "country" | "region" | None
    source: str | None = None  # how it was tied to an event: "trigger" | "sentence" | "document"

    def to_location(self) -> dict[str, Any]:
        """The record's ``location`` object."""
        return {
            "text": self.text, "name": self.name, "country_code": self.country_code,
            "lat": self.lat, "lon": self.lon, "geonameid": self.geonameid,
            "feature": self.feature, "source": self.source,
        }


@dataclass(frozen=True)
class Span:
    """Words of the body text and their character offsets (an event's trigger)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class DateMention:
    """A temporal expression, its normalised value (ISO date, YYYY-MM, YYYY or None) and how precise
    that value is: "day", "week" (the value is its Monday), "month", "quarter" or "season" (the
    value is its first month), "year" or "decade" (the value is its first year); None with a null
    value."""

    text: str
    start: int
    end: int
    value: str | None
    precision: str | None = None


@dataclass(frozen=True)
class Event:
    """One event mention: the record of CONTRACT.md."""

    id: str
    doc_id: str
    event_type: str
    mode: str | None
    modality: tuple[str, ...]
    context: tuple[str, ...]
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: str | None
    date_text: str | None
    location: Place | None
    attribution: tuple[Actor, ...]
    quote: str | None
    text: str
    start: int
    end: int
    confidence: float
    trigger: Span | None = None
    date_precision: str | None = None  # "day" | "week" | "month" | "quarter" | "year"; None with no date

    def to_dict(self) -> dict[str, Any]:
        """The event as the JSON record of CONTRACT.md."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "modality": list(self.modality),
            "context": list(self.context),
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "date": self.date,
            "date_text": self.date_text,
            "date_precision": self.date_precision,
            "location": self.location.to_location() if self.location else None,
            "attribution": [a.to_dict() for a in self.attribution],
            "quote": self.quote,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger.to_dict() if self.trigger else None,
        }


@dataclass(frozen=True)
class Problem:
    """A document (or input) that a stage could not handle."""

    doc_id: str
    origin: str
    stage: str
    code: str
    message: str
