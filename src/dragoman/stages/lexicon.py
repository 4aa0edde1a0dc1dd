"""The trigger lexicon (knowledge/triggers.yaml) as typed records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge import load_triggers


@dataclass(frozen=True)
class Sense:
    type: str
    mode: str | None
    objects: frozenset[str] | None
    not_objects: frozenset[str]
    particle: str | None
    modifiers: frozenset[str] | None
    not_modifiers: frozenset[str]
    subjects: frozenset[str] | None
    weight: float
    commit: bool = False  # a commitment ("pledged to", "is ready to"): AGREE, or THREATEN for force
    speaker: bool = False  # an evaluation ("unacceptable"): who says it acts


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    adjectives: dict[str, tuple[Sense, ...]]
    irrealis: dict[str, frozenset[str]]
    light_verbs: frozenset[str]
    contexts: dict[str, str]

    @classmethod
    def load(cls) -> "Lexicon":
        data = load_triggers()
        return cls(
            verbs={k: tuple(make_sense(s) for s in v) for k, v in data["verbs"].items() if v},
            nouns={k: tuple(make_sense(s) for s in v) for k, v in data["nouns"].items() if v},
            adjectives={k: tuple(make_sense(s) for s in v) for k, v in (data.get("adjectives") or {}).items() if v},
            irrealis={k: frozenset(v) for k, v in data["irrealis"].items()},
            light_verbs=frozenset(data["light_verbs"]),
            contexts={w: ctx for ctx, words in data.get("contexts", {}).items() for w in words},
        )

    def lemmas(self) -> set[str]:
        """Every trigger word (verbs, nouns, adjectives), for choosing the sentences worth parsing."""
        return set(self.verbs) | set(self.nouns) | set(self.adjectives)


def make_sense(raw: dict[str, Any]) -> Sense:
    return Sense(type=raw["type"], mode=raw.get("mode"),
                 objects=frozenset(raw["objects"]) if raw.get("objects") else None,
                 not_objects=frozenset(raw.get("not_objects") or ()),
                 particle=raw.get("particle"),
                 modifiers=frozenset(raw["modifiers"]) if raw.get("modifiers") else None,
                 not_modifiers=frozenset(raw.get("not_modifiers") or ()),
                 subjects=frozenset(raw["subjects"]) if raw.get("subjects") else None,
                 weight=float(raw.get("weight", 0.8)), commit=bool(raw.get("commit", False)),
                 speaker=bool(raw.get("speaker", False)))
