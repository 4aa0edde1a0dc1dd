"""Synthetic rows for benchmarks at the scale of millions of mentions, generated in DuckDB SQL."""

from __future__ import annotations

from typing import Sequence

from . import DOCUMENT_COLUMNS, MENTION_COLUMNS, Store

SYNTHETIC_MENTIONS = """
CREATE OR REPLACE TEMP TABLE syn AS
WITH base AS (
    SELECT i, i // $per_doc AS d, (hash(i, 't') % len($types))::INTEGER + 1 AS t,
           floor($n_actors * pow((hash(i, 'a') % 1000003) / 1000003.0, 2.5))::INTEGER AS a,
           floor($n_actors * pow((hash(i, 'r') % 1000003) / 1000003.0, 2.0))::INTEGER AS r,
           floor($n_places * pow((hash(i, 'p') % 1000003) / 1000003.0, 2.0))::INTEGER AS p,
           hash(i, 'n') % 4 = 0 AS alone, round((hash(i, 'c') % 1000) / 1000.0, 3) AS confidence,
           strftime(CAST($start AS DATE) + (hash(i, 'd') % $days)::INTEGER, '%Y-%m-%d') AS date
    FROM range($n) AS r(i)),
named AS (
    SELECT b.*, 'syn-' || b.i AS id, 'syn-doc-' || d AS doc_id, $types[t] AS event_type, x.name AS a_name,
           x.code AS a_code, CASE WHEN alone OR a = r THEN NULL ELSE y.name END AS r_name, y.code AS r_code,
           pl.name AS p_name, pl.code AS p_code, pl.lat + ((hash(b.i, 'y') % 100)::INTEGER - 50) / 500.0 AS lat,
           pl.lon + ((hash(b.i, 'x') % 100)::INTEGER - 50) / 500.0 AS lon
    FROM base b JOIN syn_actor x ON x.i = b.a JOIN syn_actor y ON y.i = b.r JOIN syn_place pl ON pl.i = b.p),
texts AS (
    SELECT *, concat_ws(' ', a_name, $verbs[t], coalesce(r_name, 'the crowd'), 'in', p_name,
                        'on', date || '.') AS text FROM named)
SELECT *, sum(length(text) + 1) OVER (PARTITION BY d ORDER BY i) - length(text) - 1 AS start_char
FROM texts"""

SYNTHETIC_INSERTS = """
INSERT INTO mentions (@MENTIONS@) SELECT id, doc_id, event_type, NULL, []::VARCHAR[], []::VARCHAR[], [a_name], [a_code],
    CASE WHEN r_name IS NULL THEN []::VARCHAR[] ELSE [r_name] END,
    CASE WHEN r_name IS NULL THEN []::VARCHAR[] ELSE [r_code] END, date, NULL, p_name, p_code, lat, lon,
    confidence, text, start_char, start_char + length(text),
    json_object('id', id, 'doc_id', doc_id, 'event_type', event_type, 'mode', NULL, 'modality', '[]'::JSON,
        'context', '[]'::JSON, 'actor', [json_object('text', a_name, 'name', a_name, 'code', a_code,
        'sector', NULL, 'id', NULL)], 'recipient', CASE WHEN r_name IS NULL THEN '[]'::JSON ELSE
        to_json([json_object('text', r_name, 'name', r_name, 'code', r_code, 'sector', NULL, 'id', NULL)]) END,
        'date', date, 'date_text', NULL, 'location', json_object('text', p_name, 'name', p_name,
        'country_code', p_code, 'lat', lat, 'lon', lon, 'geonameid', NULL), 'attribution', '[]'::JSON,
        'quote', NULL, 'text', text, 'start', start_char, 'end', start_char + length(text),
        'confidence', confidence)
FROM syn;
INSERT INTO documents (@DOCUMENTS@) SELECT doc_id, 'https://news.example.org/' || doc_id, 'Synthetic article ' || d,
    'Publisher ' || (d % 40), min(date), 'en', NULL, string_agg(text, ' ' ORDER BY i), md5(doc_id),
    'synthetic', count(*), now()::TIMESTAMP
FROM syn GROUP BY doc_id, d;
DROP TABLE syn;""".replace("@MENTIONS@", MENTION_COLUMNS).replace("@DOCUMENTS@", DOCUMENT_COLUMNS)


def insert_synthetic(store: Store, n_mentions: int, actors: Sequence[tuple[str, str]],
                     places: Sequence[tuple[str, str, float, float]], verbs: dict[str, str],
                     per_doc: int = 5, start: str = "2015-01-01", days: int = 3650) -> None:
    """Add generated documents and mention rows, built in SQL (for benchmarks; minutes -> seconds).

    ``actors``: (name, code); ``places``: (name, country code, lat, lon); ``verbs``: type -> verb.
    Frequent actors and places come first: the draws favour the start of each list.
    """
    con = store.con
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE OR REPLACE TEMP TABLE syn_actor (i INTEGER, name VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO syn_actor VALUES (?, ?, ?)", [(i, *a) for i, a in enumerate(actors)])
    con.execute("CREATE OR REPLACE TEMP TABLE syn_place (i INTEGER, name VARCHAR, code VARCHAR, lat DOUBLE, "
                "lon DOUBLE)")
    con.executemany("INSERT INTO syn_place VALUES (?, ?, ?, ?, ?)", [(i, *p) for i, p in enumerate(places)])
    con.execute(SYNTHETIC_MENTIONS, {"n": n_mentions, "per_doc": per_doc, "n_actors": len(actors),
                                     "n_places": len(places), "types": list(verbs), "verbs": list(verbs.values()),
                                     "start": start, "days": days})
    con.execute(SYNTHETIC_INSERTS)
