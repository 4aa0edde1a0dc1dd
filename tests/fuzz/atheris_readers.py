"""Coverage-guided fuzzing (atheris, libFuzzer) of the readers and extraction, behind `make fuzz`.

    .venv/bin/python tests/fuzz/atheris_readers.py -max_total_time=60 -seed=1234

Every input is read as standard input would be (WARC, JSONL, feed, HTML or text, sniffed), and each
document found is extracted. A reader may refuse an input only with a coded problem and extraction
only with a coded InputError; anything else is a crash, saved by libFuzzer (``crash-*`` under
``-artifact_prefix``) so that ``atheris_readers.py CRASH_FILE`` replays it. The seed corpus is the
valid inputs of test_fuzz_readers.py; libFuzzer prints its ``-seed`` at start.
"""

from __future__ import annotations

import atexit
import io
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: builders and the seed inputs

with atheris.instrument_imports(include=["dragoman"]):
    from dragoman import errors
    from dragoman.records import Problem, RawDoc
    from dragoman.sources import read_stream
    from dragoman.stages.extract import extract

from fuzz.test_fuzz_readers import CODES, MAX_BYTES, SEEDS  # noqa: E402


def one_input(data: bytes) -> None:
    for item in read_stream(io.BytesIO(data), "stdin", MAX_BYTES):
        if isinstance(item, Problem):
            assert item.code in CODES and "stdin" in item.message, item
            continue
        assert isinstance(item, RawDoc), item
        try:
            extract(item)
        except errors.InputError as err:
            assert err.code in CODES, err


def seed_corpus() -> str:
    folder = Path(tempfile.mkdtemp(prefix="dragoman-fuzz-corpus-"))
    atexit.register(shutil.rmtree, folder, True)
    for suffix, seeds in SEEDS.items():
        for n, seed in enumerate(seeds):
            (folder / f"seed-{n}{suffix}").write_bytes(seed)
    return str(folder)


def main() -> None:
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura logs every page it cannot parse
    args = sys.argv + ([seed_corpus()] if not any(Path(a).exists() for a in sys.argv[1:]) else [])
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
