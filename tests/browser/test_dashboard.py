"""The dashboard in Debian's chromium on the demo database: it draws, filters, explains, downloads."""

from __future__ import annotations

import json

from .chromium import ARTIFACTS

READY = "body[data-state=ready]"


def load(page, server):
    page.goto(server + "/")
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Data last updated')")


def apply(page, action):
    """Do what changes the selection, then wait for every panel to be drawn again."""
    page.evaluate("document.body.dataset.state = 'stale'")
    action()
    page.wait_for_selector(READY, timeout=30_000)


def views(page) -> dict:
    return page.evaluate("""() => ({
        summary: document.getElementById('summary').textContent,
        rows: [...document.querySelectorAll('#events tbody tr')].map(r => r.querySelector('.type')?.textContent),
        bars: document.querySelectorAll('#timeline svg .bar').length,
        total: [...document.querySelectorAll('#timeline svg .bar title')].map(t => t.textContent).join('|'),
        nodes: [...document.querySelectorAll('#network svg .node title')].map(t => t.textContent).sort().join('|'),
        places: [...document.querySelectorAll('#map svg .place title')].map(t => t.textContent).sort().join('|'),
        status: document.getElementById('status').textContent,
    })""")


def test_dashboard_draws_and_filters(page, server):
    load(page, server)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
    before = views(page)
    assert before["status"].startswith("Data last updated 20") and "event mentions" in before["status"]
    assert len(before["rows"]) == 50 and before["bars"] > 5 and before["nodes"] and before["places"]
    assert page.locator("#events tbody mark.actor").count() > 0  # evidence with the actor highlighted
    assert page.locator("#events tbody mark.trigger").count() > 0  # and the words of the event

    apply(page, lambda: (page.select_option("select[name=type]", "ASSAULT"), page.click("button[type=submit]")))
    after = views(page)
    page.screenshot(path=str(ARTIFACTS / "dashboard-assault.png"), full_page=True)
    assert after["summary"] != before["summary"] and set(after["rows"]) == {"ASSAULT"}
    assert after["total"] != before["total"] and after["nodes"] != before["nodes"]
    assert after["places"] != before["places"]
    assert page.get_attribute("#csv", "href").count("type=ASSAULT") == 1

    apply(page, lambda: page.click("button[type=reset]"))
    assert views(page)["summary"] == before["summary"]
    assert page.errors == []
    assert all(url.startswith(server) or url.startswith("data:") for url in page.requested), page.requested


def test_event_detail_document_and_download(page, server):
    load(page, server)
    page.fill("input[name=actor]", "Haftar")
    apply(page, lambda: page.click("button[type=submit]"))
    first = page.locator("#events tbody tr").first
    assert "Haftar" in first.inner_text()
    first.locator("td.evidence").click()
    page.wait_for_selector("dialog#detail[open] .mention")
    assert page.locator("dialog#detail .mention mark").count() > 0
    page.locator("dialog#detail .mention a", has_text="read the document").first.click()
    page.wait_for_selector("dialog#detail[open] .doc-text mark.evidence")
    page.screenshot(path=str(ARTIFACTS / "dashboard-document.png"))
    page.keyboard.press("Escape")

    csv_url = page.get_attribute("#csv", "href")
    jsonl = page.request.get(server + page.get_attribute("#jsonl", "href")).text()
    records = [json.loads(line) for line in jsonl.splitlines()]
    summary = int(page.text_content("#summary").split()[0].replace(",", ""))
    assert len(records) == summary and all("Haftar" in json.dumps(r["actor"]) for r in records)
    assert page.request.get(server + csv_url).text().startswith("id,doc_id,event_type")
    assert page.errors == []


def test_offline_api_docs(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    assert "/api/events" in page.inner_text("body")
    assert page.errors == []
    assert all(url.startswith(server) or url.startswith("data:") for url in page.requested), page.requested
