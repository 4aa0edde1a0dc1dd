import io
import json

from dragoman.records import Problem, RawDoc
from dragoman.sources import iter_inputs, read_stream, sniff_kind


def test_sniffing():
    assert sniff_kind(b"<!DOCTYPE html><html><body><p>x</p>") == "html"
    assert sniff_kind(b'{"id": "a", "text": "b"}\n') == "jsonl"
    assert sniff_kind(b"Plain words here.") == "text"
    assert sniff_kind(b"\x89PNG\r\n\x1a\n\x00\x00") == "binary"


def test_directory_mixed_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("Police arrested ten people in Lagos on Monday.")
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "c.txt").write_text("")
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "x1", "text": "Hello there."}) + "\nnot json\n")
    items = list(iter_inputs([str(tmp_path)], max_bytes=10_000))
    docs = [i for i in items if isinstance(i, RawDoc)]
    problems = {p.code for p in items if isinstance(p, Problem)}
    assert {d.doc_id for d in docs} >= {"x1"}
    assert len(docs) == 2
    assert problems == {"E101", "E102", "E105"}


def test_size_limit_is_checked_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    [problem] = list(iter_inputs([str(big)], max_bytes=5_000_000))
    assert problem.code == "E103"
    assert "--max-bytes" in problem.message and "5,000,000" in problem.message


def test_stdin_jsonl_streams():
    data = b"\n".join(json.dumps({"id": f"n{i}", "text": "Some text."}).encode() for i in range(3))
    items = list(read_stream(io.BytesIO(data), "stdin", 10_000))
    assert [i.doc_id for i in items] == ["n0", "n1", "n2"]


def test_jsonl_without_id_gets_content_hash():
    data = json.dumps({"text": "Some text."}).encode()
    [doc] = list(read_stream(io.BytesIO(data), "stdin", 10_000))
    [again] = list(read_stream(io.BytesIO(data), "stdin", 10_000))
    assert doc.doc_id == again.doc_id and len(doc.doc_id) == 16
