"""The dashboard in a real headless Chromium against a real `sismo serve` on 127.0.0.1.

A temporary DuckDB file is filled by `sismo ingest` from the example article and from one
hostile document (markup in its title and text), `sismo serve` runs on a free port, and Debian's
Chromium, driven by Playwright, loads `/`. Every check compares what the page drew with what
the API answers, so a panel that draws nothing, or draws the wrong thing, fails. A missing
browser is a failure, not a skip: `make browser` installs it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "otan-iran-2020-01.txt"
CHROMIUM = Path(os.environ.get("SISMO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE_TITLE = 'Alerte <img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = (
    "<script>window.__pwned = 2</script> <b>Dépêche</b>\nL'OTAN exhorte l'Iran à la retenue.\n"
)
SERVER_START_TIMEOUT = 180.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sismo(*args: str) -> list[str]:
    """The sismo CLI of this interpreter (the worktree's source when PYTHONPATH points there)."""
    return [sys.executable, "-m", "sismo.cli", *args]


def get_json(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`sismo serve` on a DuckDB file ingested by `sismo ingest`; yields its base URL."""
    tmp = tmp_path_factory.mktemp("dashboard")
    db = tmp / "dashboard.duckdb"
    hostile = tmp / "hostile.jsonl"
    doc = {
        "id": "hostile",
        "date": "2020-02-03",
        "lang": "fr",
        "title": HOSTILE_TITLE,
        "url": "javascript:window.__pwned=3",
        "text": HOSTILE_TEXT,
    }
    hostile.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest = subprocess.run(
        _sismo("ingest", str(EXAMPLE), str(hostile), "--db", str(db)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr
    port = _free_port()
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen(
        _sismo("serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"sismo serve exited: {(tmp / 'serve.log').read_text()}")
            try:
                get_json(base, "api/stats")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"sismo serve did not answer: {(tmp / 'serve.log').read_text()}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def open_dashboard(page: Page, base: str) -> None:
    page.goto(base)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)


def trigger_head(event: dict[str, Any]) -> str:
    """The trigger's words at its offsets, cut from the sentence (offsets are in code points)."""
    start = event["trigger_start"] - event["start"]
    return str(event["sentence"][start : event["trigger_end"] - event["start"]])


def test_dashboard_draws_the_stored_events(server: str, page: Page, tmp_path: Path) -> None:
    open_dashboard(page, server)
    stats = get_json(server, "api/stats")
    assert f"{stats['documents']} documents" in page.inner_text("#stats")

    # timeline: one stacked bar per QuadClass and period, heights from the buckets' counts
    buckets = get_json(server, "api/timeline?interval=month")["buckets"]
    drawn = page.eval_on_selector_all(
        "#timeline rect.bar", "els => els.map(e => Number(e.dataset.count))"
    )
    assert len(drawn) > 0
    assert sum(drawn) == sum(b["total"] for b in buckets) == stats["events"]
    periods = page.eval_on_selector_all(
        "#timeline g.bucket",
        "els => els.filter(e => e.dataset.total > 0).map(e => e.dataset.period)",
    )
    assert periods == [b["period"] for b in buckets]

    # by week: the example article is dated by month only, so its events have no week
    page.select_option('#filters select[name="interval"]', "week")
    page.wait_for_function("location.hash.includes('interval=week')")
    weeks = get_json(server, "api/timeline?interval=week")["buckets"]
    in_weeks = sum(b["total"] for b in weeks)
    page.wait_for_function(
        "[...document.querySelectorAll('#timeline rect.bar')]"
        f".reduce((s, e) => s + Number(e.dataset.count), 0) === {in_weeks}"
    )
    assert 0 < in_weeks < stats["events"]
    caption = page.inner_text("#timeline-caption")
    assert f"{stats['events'] - in_weeks} events dated only by month or year" in caption
    page.select_option('#filters select[name="interval"]', "month")
    page.wait_for_function(
        "[...document.querySelectorAll('#timeline rect.bar')]"
        f".reduce((s, e) => s + Number(e.dataset.count), 0) === {stats['events']}"
    )
    page.wait_for_function(
        f"document.querySelectorAll('#events tbody tr.event').length === {stats['events']}"
    )

    # network: one edge per API edge, the example's NATO -> IRN among them
    network = get_json(server, "api/network?limit=60")
    edges = page.eval_on_selector_all(
        "#network g.edge", "els => els.map(e => [e.dataset.source, e.dataset.target])"
    )
    assert len(edges) > 0
    assert sorted(map(tuple, edges)) == sorted((e["source"], e["target"]) for e in network["edges"])
    assert ("NATO", "IRN") in set(map(tuple, edges))
    assert page.locator("#network g.node").count() == len(network["nodes"])

    # map: the shapes are drawn, and every located country that has a shape is coloured
    assert page.locator("#map path.country").count() > 150
    shapes = set(
        page.eval_on_selector_all("#map path.country", "els => els.map(e => e.dataset.iso3)")
    )
    located = {c["iso3"] for c in get_json(server, "api/countries")["countries"]}
    coloured = page.eval_on_selector_all(
        "#map path.has-events", "els => els.map(e => e.dataset.iso3)"
    )
    assert set(coloured) == located & shapes

    # event table: newest first, each sentence with its trigger highlighted at its offsets
    listed = get_json(server, "api/events?limit=50")
    rows = page.locator("#events tbody tr.event")
    assert rows.count() == len(listed["events"]) == stats["events"]
    assert page.inner_text("#events-title") == f"Events ({listed['total']})"
    for n, event in enumerate(listed["events"]):
        row = rows.nth(n)
        assert row.get_attribute("data-event-id") == event["event_id"]
        assert row.locator(".hl-trigger").first.inner_text().startswith(trigger_head(event))
        if event["target"]:
            assert row.locator(".hl-target").count() + row.locator(".hl-source").count() > 0
    nato_iran = [
        e
        for e in listed["events"]
        if e["source"]["root"] == "NATO" and (e["target"] or {}).get("root") == "IRN"
    ]
    assert nato_iran

    # a click on a node filters every panel by that actor
    page.click('#network g.node[data-id="IRN"]')
    page.wait_for_function(
        "document.querySelector('#events-title').textContent.startsWith('Events (') && "
        "location.hash.includes('actor=IRN')"
    )
    only_iran = get_json(server, "api/events?actor=IRN&limit=50")
    page.wait_for_function(
        f"document.querySelectorAll('#events tbody tr.event').length === {len(only_iran['events'])}"
    )
    assert only_iran["total"] < listed["total"]
    assert page.input_value('#filters input[name="actor"]') == "IRN"
    page.reload()  # the filters live in the address
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value('#filters input[name="actor"]') == "IRN"
    assert page.locator("#events tbody tr.event").count() == len(only_iran["events"])

    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000


def test_pasted_article_is_coded_live_into_the_table(server: str, page: Page) -> None:
    open_dashboard(page, server)
    text = EXAMPLE.read_text(encoding="utf-8")
    article = re.sub(r"^\s*date \d{4}-\d{2}(-\d{2})?\s*", "", text)  # the date goes in its box
    page.fill("#code-text", article)
    page.fill("#code-date", "2020-01")
    page.select_option("#code-lang", "fr")
    with page.expect_response("**/api/code", timeout=180_000) as answer:
        page.click("#code-submit")
    coded = answer.value.json()
    assert answer.value.status == 200
    page.wait_for_function(
        "document.querySelector('#events-title').textContent.includes('pasted article')"
    )
    rows = page.locator("#events tbody tr.event")
    assert rows.count() == len(coded["events"]) > 0
    dyads = page.eval_on_selector_all(
        "#events tbody tr.event",
        "rows => rows.map(r => [...r.querySelectorAll('.actor-code')].map(a => a.textContent))",
    )
    assert ["IGOWSTNAT", "IRN"] in dyads  # "L'OTAN exhorte l'Iran à s'abstenir…"
    for n, event in enumerate(coded["events"]):
        assert rows.nth(n).locator(".hl-trigger").first.inner_text().startswith(trigger_head(event))
    assert "not stored" in page.inner_text("#events-title")

    # its document view is the pasted text with the events' sentences marked
    rows.first.locator("a.doc-link").click()
    page.wait_for_selector("#doc-view[open]")
    assert page.inner_text("#doc-text").strip() == article.strip()
    assert page.locator("#doc-text .hl-trigger").count() >= 1
    assert page.locator("#doc-events li").count() == len(coded["events"])

    # back to the stored events
    page.click("#doc-close")
    page.click("#back-to-stored")
    page.wait_for_function(
        "document.querySelector('#events-title').textContent.startsWith('Events (')"
    )


def test_document_view_shows_markup_as_text(server: str, page: Page) -> None:
    open_dashboard(page, server)
    link = page.locator("#events tbody a.doc-link", has_text="hostile").first
    link.click()
    page.wait_for_selector("#doc-view[open]")
    assert page.inner_text("#doc-title") == HOSTILE_TITLE
    assert "<script>window.__pwned = 2</script>" in page.inner_text("#doc-text")
    assert page.locator("#doc-title *, #doc-text img, #doc-text script, #doc-text b").count() == 0
    assert page.locator("#doc-meta a").count() == 0  # a javascript: url is not a link
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#doc-text .hl-trigger").inner_text() == "exhorte"

    # the document's link, opened as an address, shows the same view
    href = link.get_attribute("href")
    assert href and href.startswith("#doc=")
    page.goto("about:blank")
    page.goto(server + href)
    page.wait_for_selector("#doc-view[open]")
    assert page.inner_text("#doc-title") == HOSTILE_TITLE


def test_bad_input_shows_the_api_error(server: str, page: Page) -> None:
    open_dashboard(page, server)
    page.fill('#filters input[name="since"]', "2020-13")  # the form's pattern lets it through
    page.click('#filters button[type="submit"]')
    page.wait_for_selector("#message:not([hidden])")
    assert re.match(r"error E0\d\d: ", page.inner_text("#message"))
    assert "2020-13" in page.inner_text("#message")

    page.fill("#code-text", "L'OTAN exhorte l'Iran à la retenue.")
    page.fill("#code-date", "2020-02-30")
    with page.expect_response("**/api/code") as answer:
        page.click("#code-submit")
    assert answer.value.status == 422
    page.wait_for_function("document.querySelector('#code-status').textContent.startsWith('error')")
    assert page.inner_text("#code-status").startswith("error E004: ")
    assert page.locator("#events tbody tr.event").count() > 0  # the stored events stay


def test_highlight_counts_offsets_in_code_points(server: str, page: Page) -> None:
    """The API's offsets count code points, like Python; JavaScript strings count UTF-16 units."""
    open_dashboard(page, server)
    sentence = "🇮🇷🚀 Téhéran a tiré 22 roquettes sur des bases américaines."
    start = sentence.index("tiré")
    marked = page.evaluate(
        """async ([text, start, end]) => {
            const { highlight } = await import("./highlight.js");
            const box = document.createElement("div");
            box.append(highlight(text, [{ start, end, cls: "hl-trigger" }]));
            return [box.querySelector(".hl-trigger").textContent, box.textContent];
        }""",
        [sentence, start, start + len("tiré")],
    )
    assert marked == ["tiré", sentence]
