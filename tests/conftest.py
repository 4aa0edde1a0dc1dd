"""Shared fixtures: one real pipeline per test session (loading spaCy costs seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "dragoman" / "demo" / "millennium-post-haftar-moscow.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline

    return Pipeline(Config()).setup()


@pytest.fixture(scope="session")
def sample_events(pipeline):
    return pipeline.code_text(SAMPLE.read_text(encoding="utf-8"), published="2020-01-14", doc_id="sample")


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run the real CLI in a subprocess (as a user would)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "dragoman", *args], input=input, cwd=cwd,
                          capture_output=True, env=full_env, timeout=300)
