"""Browser tests: Debian's chromium (installed with apt when missing, never downloaded by Playwright),
the demo database coded with the session's pipeline, and `dragoman serve` on a free local port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from importlib import resources

import pytest

from .chromium import CHROMIUM, CHROMIUM_ARGS, install_chromium


@pytest.fixture(scope="session")
def browser():
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    reason = install_chromium()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, pipeline) -> str:
    """What `dragoman demo` builds, coded with the session's (already loaded) pipeline."""
    from dragoman.sources import iter_inputs
    from dragoman.store import Store

    folder = resources.files("dragoman") / "demo"
    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    inputs = (([str(folder / "millennium-post-haftar-moscow.txt")], "2020-01-14"), ([str(folder / "articles.jsonl")], None))
    with Store(db) as store:
        for paths, published in inputs:
            results = pipeline.run(iter_inputs(paths, pipeline.config.max_bytes), published, None)
            store.write_batch([(r.article, r.events, r.problem) for r in results])
        store.rebuild_events()
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory):
    """`dragoman serve` on the demo database; yields its base URL."""
    import httpx

    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dragoman", "serve", "--db", demo_db, "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dragoman serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture()
def page(browser, server):
    """A fresh page that records console errors, uncaught errors and every URL it requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.errors, tab.requested = [], []
    tab.on("console", lambda msg: msg.type == "error" and tab.errors.append(msg.text))
    tab.on("pageerror", lambda err: tab.errors.append(str(err)))
    tab.on("request", lambda request: tab.requested.append(request.url))
    yield tab
    context.close()
