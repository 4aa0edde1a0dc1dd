"""PLOVER ontology: event types, modes, contexts, sectors, quad classes and the CAMEO back-mapping.

This module is the only copy of these lists; docs and validation read them from here.
"""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# PLOVER modes per event type (our reading of the PLOVER manual; empty tuple: the type has none).
# AGREE's modes name what is agreed or promised: the promised action's type in lower case.
MODES: dict[str, tuple[str, ...]] = {
    "AGREE": ("consult", "support", "concede", "cooperate", "aid", "retreat", "request", "reject"),
    "CONSULT": ("visit", "host", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": ("release", "policy", "disarm", "resign", "return"),
    "COOPERATE": ("economic", "military", "intelligence", "judicial"),
    "AID": ("economic", "military", "humanitarian", "asylum"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "open"),
    "REQUEST": (),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": (),
    "THREATEN": ("force", "sanction", "restrict", "arrest", "ultimatum"),
    "PROTEST": ("demonstrate", "riot", "strike", "hunger", "boycott"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue", "economic"),
    "MOBILIZE": ("troops", "police", "weapons", "militia"),
    "COERCE": ("seize", "restrict", "ban", "arrest", "deport", "censor", "cyber"),
    "ASSAULT": ("beat", "firearms", "explode", "aerial", "kill", "primitive", "cbrn"),
}

MODALITIES: tuple[str, ...] = ("negation", "future", "hypothetical", "historical")

CONTEXTS: tuple[str, ...] = (
    "diplomatic", "military", "political", "economic", "humanitarian", "legal", "territory",
    "terrorism", "election", "human_rights", "cyber", "migration", "health", "environment",
    "resources", "ceasefire", "peacekeeping", "protest",
)

SECTORS: dict[str, str] = {
    "GOV": "government", "MIL": "military", "REB": "rebels and armed opposition",
    "INS": "insurgents", "OPP": "political opposition", "PTY": "political party",
    "COP": "police", "JUD": "judiciary", "LEG": "legislature", "SPY": "intelligence",
    "IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
    "JRN": "media and journalists", "BUS": "business", "CVL": "civilians", "EDU": "education",
    "HLH": "health", "REL": "religious", "REF": "refugees and displaced", "CRM": "criminals",
    "LAB": "labour", "ENV": "environmental", "UAF": "unidentified armed forces",
}

# Codes used in place of a country for international actors.
INTERNATIONAL_CODES: dict[str, str] = {
    "IGO": "intergovernmental organisation", "UNO": "United Nations bodies",
    "EUR": "European Union institutions", "NGO": "non-governmental organisation",
    "ISM": "international/transnational social movement", "IMG": "international militant group",
    "MNC": "multinational corporation",
}

# Quad classes: verbal/material x cooperation/conflict.
QUAD_CLASS: dict[str, str] = {
    "AGREE": "verbal_coop", "CONSULT": "verbal_coop", "SUPPORT": "verbal_coop",
    "REQUEST": "verbal_coop", "CONCEDE": "material_coop", "COOPERATE": "material_coop",
    "AID": "material_coop", "RETREAT": "material_coop", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict", "ASSAULT": "material_conflict",
}

# CAMEO root codes (two-digit) used when exporting GDELT-style rows; a back-mapping only.
CAMEO_ROOT: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "CONCEDE": "08", "COOPERATE": "06",
    "AID": "07", "RETREAT": "08", "REQUEST": "02", "ACCUSE": "11", "REJECT": "12",
    "THREATEN": "13", "PROTEST": "14", "SANCTION": "16", "MOBILIZE": "15", "COERCE": "17",
    "ASSAULT": "19",
}


COOPERATIVE: frozenset[str] = frozenset(("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"))
# What a threat threatens, by the type of the threatened action.
THREAT_MODES: dict[str, str] = {"ASSAULT": "force", "MOBILIZE": "force", "SANCTION": "sanction",
                                "COERCE": "restrict"}


def plover_type(event_type: str, mode: str | None, modality: list[str] | tuple[str, ...]) -> tuple[str, str | None]:
    """The type and mode the PLOVER manual gives an event: a future cooperative action announced
    by its actor is a commitment (AGREE, with the action as mode), future force or sanctions a
    threat (THREATEN); everything else keeps its type.

    >>> plover_type("CONSULT", "host", ["future"]), plover_type("SANCTION", "economic", ["future"])
    (('AGREE', 'consult'), ('THREATEN', 'sanction'))
    """
    if "future" not in modality or "negation" in modality:
        return event_type, mode
    if event_type in COOPERATIVE and event_type != "AGREE":
        return "AGREE", event_type.lower()
    if event_type in THREAT_MODES:
        return "THREATEN", THREAT_MODES[event_type]
    return event_type, mode


def is_event_type(value: str) -> bool:
    """True when ``value`` is one of the 16 PLOVER event types.

    >>> is_event_type("ASSAULT"), is_event_type("FIGHT")
    (True, False)
    """
    return value in MODES


def is_mode(event_type: str, mode: str | None) -> bool:
    """True when ``mode`` is null or a mode of ``event_type``."""
    return mode is None or mode in MODES.get(event_type, ())
