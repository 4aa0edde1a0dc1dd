"""Human-readable output of event records: a rich table and CSV."""

from __future__ import annotations

import csv
from typing import Any, Iterable, TextIO

CSV_COLUMNS = ("id", "doc_id", "event_type", "mode", "modality", "actor", "actor_code", "recipient",
               "recipient_code", "date", "date_text", "location", "country_code", "lat", "lon",
               "confidence", "text", "date_precision", "location_feature", "location_source")


def names(actors: Iterable[dict[str, Any]]) -> str:
    return "; ".join(a.get("name") or a.get("text") or "" for a in actors)


def codes(actors: Iterable[dict[str, Any]]) -> str:
    return "; ".join(a.get("code") or "" for a in actors)


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    loc = record.get("location") or {}
    return {
        "id": record["id"], "doc_id": record["doc_id"], "event_type": record["event_type"],
        "mode": record.get("mode") or "", "modality": ";".join(record.get("modality") or []),
        "actor": names(record["actor"]), "actor_code": codes(record["actor"]),
        "recipient": names(record["recipient"]), "recipient_code": codes(record["recipient"]),
        "date": record.get("date") or "", "date_text": record.get("date_text") or "",
        "location": loc.get("name") or loc.get("text") or "", "country_code": loc.get("country_code") or "",
        "lat": loc.get("lat") if loc.get("lat") is not None else "",
        "lon": loc.get("lon") if loc.get("lon") is not None else "",
        "confidence": record.get("confidence"), "text": record["text"],
        "date_precision": record.get("date_precision") or "", "location_feature": loc.get("feature") or "",
        "location_source": loc.get("source") or "",
    }


def print_csv(records: Iterable[dict[str, Any]], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow(flat_row(record))


def print_table(records: list[dict[str, Any]], title: str | None = None) -> None:
    """One line per event: type, actor -> recipient, date, place, and the evidence sentence."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    table = Table(title=title, show_lines=False, expand=True, pad_edge=False)
    table.add_column("type", no_wrap=True, max_width=26)
    table.add_column("actor -> recipient", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("date", no_wrap=True)
    table.add_column("place", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("evidence", ratio=5, no_wrap=True, overflow="ellipsis")
    for record in records:
        row = flat_row(record)
        kind = row["event_type"] + (f" ({row['modality']})" if row["modality"] else "")
        who = f"{row['actor'] or '?'} -> {row['recipient'] or '-'}"
        table.add_row(kind, who, row["date"], row["location"], " ".join(record["text"].split()))
    console.print(table)
