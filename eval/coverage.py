"""Coverage on real news: the share of asserted events (no modality) that get an actor with a code
or a sector, and a location; how those locations were found, and how precise their dates are.

Reads ``../shared/corpus/newswire.jsonl`` (the first 300 articles by default; AFP and Xinhua, with
their datelines) and ``../shared/corpus/voa.jsonl`` (89 VOA stories, no datelines). Neither is in
the repository; each is skipped, saying so, when absent.

    python eval/coverage.py [--newswire N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def read_articles(path: Path, limit: int | None):
    from dragoman.records import Article

    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:limit]
    return [Article(doc_id=r["id"], text=r["text"], title=r.get("title"), published=r.get("published"),
                    publisher=r.get("source"), dateline=r.get("dateline") or None, origin=str(path))
            for r in rows]


def coverage(pipeline, articles) -> dict:
    asserted = [e for events in pipeline.code_articles(articles) for e in events if not e.modality]
    located = [e for e in asserted if e.location is not None]
    coded = [e for e in asserted if any(a.code or a.sector for a in e.actor)]
    return {"articles": len(articles), "asserted_events": len(asserted),
            "with_coded_actor": round(len(coded) / max(1, len(asserted)), 3),
            "with_any_actor": round(sum(1 for e in asserted if e.actor) / max(1, len(asserted)), 3),
            "implied_actor": sum(1 for e in asserted if any(a.implied for a in e.actor)),
            "with_location": round(len(located) / max(1, len(asserted)), 3),
            "location_source": dict(Counter(e.location.source for e in located)),
            "location_feature": dict(Counter(e.location.feature for e in located)),
            "date_precision": dict(Counter(e.date_precision for e in asserted))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--newswire", type=int, default=300, help="newswire articles to code")
    args = parser.parse_args()
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline

    pipeline = Pipeline(Config()).setup()
    out = {}
    for name, limit in (("newswire", args.newswire), ("voa", None)):
        path = args.corpus / f"{name}.jsonl"
        out[name] = coverage(pipeline, read_articles(path, limit)) if path.is_file() else {
            "skipped": f"{path} is absent (not in the repository)"}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
