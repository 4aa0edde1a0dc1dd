"""Exports of the database: PLOVER JSONL, CSV, Parquet and a GDELT-style TSV (docs/export.md).

Rows are streamed from the store, so an export of millions of mentions runs in bounded memory.
``mentions`` are the report-level records (one per sentence that reports an event); ``events`` are
the clusters of mentions that report the same event, with their mention, article and source counts.
"""

from __future__ import annotations

import csv
import json
from typing import Any, Iterable, TextIO

from .errors import UsageError
from .ontology import CAMEO_ROOT, INTERNATIONAL_CODES, QUAD_CLASS, plover_type
from .output import CSV_COLUMNS, flat_row

FORMATS = ("plover-jsonl", "csv", "parquet", "gdelt-tsv")
TABLES = ("mentions", "events")
QUAD_NUMBER = {"verbal_coop": 1, "material_coop": 2, "verbal_conflict": 3, "material_conflict": 4}
SOURCE_FIELDS = ("url", "title", "publisher", "published", "duplicate_of")
EVENT_CSV_COLUMNS = ("id", "event_type", "mode", "modality", "actor", "actor_code", "recipient",
                     "recipient_code", "date", "location", "country_code", "lat", "lon", "n_mentions",
                     "n_articles", "n_sources", "first_seen", "last_seen", "source_url")
ACTOR_COLUMNS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GEO_COLUMNS = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in ACTOR_COLUMNS), *(f"Actor2{c}" for c in ACTOR_COLUMNS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in GEO_COLUMNS), *(f"Actor2Geo_{c}" for c in GEO_COLUMNS),
    *(f"ActionGeo_{c}" for c in GEO_COLUMNS), "DATEADDED", "SOURCEURL",
)


def check_choice(fmt: str, table: str | None) -> str:
    """The table to export for this format (events for gdelt-tsv, else mentions by default)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "gdelt-tsv":
        if table not in (None, "events"):
            raise UsageError("gdelt-tsv exports events (one row per event cluster); drop --table or use events")
        return "events"
    return table or "mentions"


def export_database(db: str, fmt: str, out: str, table: str | None = None,
                    stdout: TextIO | None = None) -> int:
    """Export ``table`` of the database ``db`` to ``out`` (a file, or - for ``stdout``); returns rows.

    >>> export_database("x.duckdb", "xml", "out.xml")
    Traceback (most recent call last):
    dragoman.errors.UsageError: [E001] unknown export format 'xml'; use one of plover-jsonl, csv, parquet, gdelt-tsv
    """
    from .store import Store, copy_parquet, iter_export

    table = check_choice(fmt, table)
    if fmt == "parquet" and out == "-":
        raise UsageError("Parquet cannot go to standard output; give --out FILE.parquet")
    with Store(db, read_only=True) as store:
        if fmt == "parquet":
            return copy_parquet(store, table, out)
        if out == "-":
            return export_text(iter_export(store, table), fmt, table, stdout)
        try:
            stream = open(out, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise UsageError(f"cannot write {out} ({err.strerror}); check the folder and its permissions") from err
        with stream:
            return export_text(iter_export(store, table), fmt, table, stream)


def export_text(rows: Iterable[dict[str, Any]], fmt: str, table: str, stream: TextIO) -> int:
    """Write stored rows as plover-jsonl, csv or gdelt-tsv; returns how many were written."""
    if fmt == "plover-jsonl":
        lines = (as_plover(mention_record(r) if table == "mentions" else event_record(r)) for r in rows)
        return write_lines((json.dumps(x, ensure_ascii=False) for x in lines), stream)
    if fmt == "gdelt-tsv":  # the layout cannot say "did not happen": asserted events only
        asserted = (r for r in rows if not r.get("modality"))
        return write_table((gdelt_row(r) for r in asserted), GDELT_COLUMNS, stream, delimiter="\t")
    if table == "mentions":
        flat = ({**flat_row(mention_record(r)), "event_id": r.get("event_id") or ""} for r in rows)
        return write_table(flat, (*CSV_COLUMNS, "event_id"), stream)
    return write_table((event_csv_row(r) for r in rows), EVENT_CSV_COLUMNS, stream)


def write_lines(lines: Iterable[str], stream: TextIO) -> int:
    count = 0
    for line in lines:
        stream.write(line + "\n")
        count += 1
    return count


def write_table(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], stream: TextIO,
                delimiter: str = ",") -> int:
    if delimiter == "\t":  # GDELT files: tabs, no quoting; tabs and line breaks in values become spaces
        writer = csv.DictWriter(stream, fieldnames=columns, delimiter="\t", quoting=csv.QUOTE_NONE,
                                escapechar=None, lineterminator="\n")
        rows = ({k: tsv_value(v) for k, v in row.items()} for row in rows)
    else:
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def tsv_value(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def mention_record(row: dict[str, Any]) -> dict[str, Any]:
    """The CONTRACT.md record of a stored mention, with its event cluster id and source article."""
    record = json.loads(row["record"])
    record["event_id"] = row.get("event_id")
    record["source"] = {"url": row.get("source_url"), **{k: row.get(k) for k in SOURCE_FIELDS[1:]}}
    return record


def as_plover(record: dict[str, Any]) -> dict[str, Any]:
    """The record with the type and mode the PLOVER manual gives it: announced future cooperation
    is AGREE, announced future force or sanctions THREATEN (``ontology.plover_type``)."""
    record["event_type"], record["mode"] = plover_type(record["event_type"], record["mode"],
                                                       record.get("modality") or [])
    return record


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """An event cluster as a JSON object (actors as in the record: text, name, code)."""
    return {
        "id": row["id"], "event_type": row["event_type"], "mode": row["mode"],
        "modality": list(row.get("modality") or []),
        "actor": actors(row["actor_names"], row["actor_codes"]),
        "recipient": actors(row["recipient_names"], row["recipient_codes"]),
        "date": row["date"],
        "location": {"name": row["location_name"], "country_code": row["country_code"],
                     "lat": row.get("lat"), "lon": row.get("lon")} if row["location_name"] else None,
        "n_mentions": row["n_mentions"], "n_articles": row["n_articles"], "n_sources": row["n_sources"],
        "first_seen": row["first_seen"], "last_seen": row["last_seen"], "source_url": row.get("source_url"),
    }


def actors(names: list[str] | None, codes: list[str] | None) -> list[dict[str, Any]]:
    return [{"name": n, "code": c or None} for n, c in zip(names or [], codes or [])]


def event_csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "event_type": row["event_type"], "mode": row["mode"] or "",
        "modality": ";".join(row.get("modality") or []), "actor": "; ".join(row["actor_names"] or []),
        "actor_code": "; ".join(row["actor_codes"] or []), "recipient": "; ".join(row["recipient_names"] or []),
        "recipient_code": "; ".join(row["recipient_codes"] or []), "date": row["date"] or "",
        "location": row["location_name"] or "", "country_code": row["country_code"] or "",
        "lat": blank(row.get("lat")), "lon": blank(row.get("lon")), "n_mentions": row["n_mentions"],
        "n_articles": row["n_articles"], "n_sources": row["n_sources"], "first_seen": row["first_seen"] or "",
        "last_seen": row["last_seen"] or "", "source_url": row.get("source_url") or "",
    }


def gdelt_row(row: dict[str, Any]) -> dict[str, Any]:
    """One event cluster in the GDELT 1.0 event layout (docs/export.md lists each column's source)."""
    day = row["date"] if row["date"] and len(row["date"]) == 10 else row["first_seen"]
    out: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    out.update(GLOBALEVENTID=row["id"], **gdelt_dates(day))
    out.update(gdelt_actor("Actor1", row["actor_names"], row["actor_codes"]))
    out.update(gdelt_actor("Actor2", row["recipient_names"], row["recipient_codes"]))
    root = CAMEO_ROOT.get(row["event_type"], "")
    out.update(EventCode=root, EventBaseCode=root, EventRootCode=root,
               QuadClass=QUAD_NUMBER.get(QUAD_CLASS.get(row["event_type"], ""), ""),
               NumMentions=row["n_mentions"], NumSources=row["n_sources"], NumArticles=row["n_articles"],
               ActionGeo_FullName=row["location_name"] or "", ActionGeo_CountryCode=row["country_code"] or "",
               ActionGeo_Lat=blank(row.get("lat")), ActionGeo_Long=blank(row.get("lon")),
               DATEADDED=(row["first_seen"] or "").replace("-", ""), SOURCEURL=row.get("source_url") or "")
    return out


def gdelt_dates(day: str | None) -> dict[str, Any]:
    """SQLDATE, MonthYear, Year and FractionDate of an ISO date (blank when unknown)."""
    if not day or len(day) < 10:
        return {}
    from datetime import date

    parsed = date.fromisoformat(day[:10])
    fraction = parsed.year + (parsed.timetuple().tm_yday - 1) / 365
    return {"SQLDATE": parsed.strftime("%Y%m%d"), "MonthYear": parsed.strftime("%Y%m"),
            "Year": parsed.year, "FractionDate": f"{fraction:.4f}"}


def gdelt_actor(prefix: str, names: list[str] | None, codes: list[str] | None) -> dict[str, Any]:
    """The first (most often named) participant as GDELT's Code, Name, CountryCode or KnownGroupCode."""
    if not names:
        return {}
    code = (codes or [""])[0] or ""
    group = code if code in INTERNATIONAL_CODES else ""
    return {f"{prefix}Code": code, f"{prefix}Name": names[0].upper(),
            f"{prefix}CountryCode": "" if group else code, f"{prefix}KnownGroupCode": group}


def blank(value: Any) -> Any:
    return "" if value is None else value
