"""The web app in a real browser (Playwright driving Debian's Chromium, headless) against the demo
store: search, an incident's sources, the map, the timeline, and a script-injection probe.

A screenshot of each page is saved under test-artifacts/. Skipped where Chromium or Playwright
is missing; .ci/run installs both."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium here (apt install chromium)")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(demo_store, tmp_path_factory):
    import uvicorn

    from sitrep.serve.app import create_app
    from sitrep.store import Store
    copy = tmp_path_factory.mktemp("browser") / "browser.db"
    copy.write_bytes(demo_store.read_bytes())
    store = Store.open(copy)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request):
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield opened
    ARTIFACTS.mkdir(exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    opened.close()
    assert not problems, problems  # no script errors, no blocked resources, no dialogs


def test_search_finds_a_known_actor(page, base_url):
    page.goto(base_url + "/")
    page.fill("#q", "Borealis")
    page.press("#q", "Enter")
    page.wait_for_selector("#entity-results")
    assert "Borealis Security Group" in page.inner_text("#entity-results")
    assert page.locator("#document-results li").count() >= 2


def test_an_incident_page_shows_two_sources_with_different_figures(page, base_url):
    page.goto(base_url + "/incidents?min_fatalities=20")
    page.click("#incident-list strong.disagree")
    page.wait_for_selector("#disagreement")
    tolls = page.locator("#reports .report .toll").all_inner_texts()
    outlets = page.locator("#reports .report h2").all_inner_texts()
    assert len(set(outlets)) >= 2 and len({t.split()[0] for t in tolls if t.strip() != "—"}) >= 2


def test_the_map_draws_its_points_and_hides_a_type(page, base_url):
    page.goto(base_url + "/map")
    points = page.locator("#map circle.point")
    assert points.count() > 5 and page.locator("#map path.land").count() == 1
    kind = page.locator("input.type-toggle").first.get_attribute("value")
    page.locator("input.type-toggle").first.uncheck()
    assert page.locator(f"#map circle.point.hidden[data-type='{kind}']").count() > 0


def test_the_timeline_draws_and_opens_its_incidents(page, base_url):
    page.goto(base_url + "/timeline?by=week")
    bars = page.locator("#timeline rect.bar")
    assert bars.count() > 3
    page.locator("#timeline a").first.click()
    page.wait_for_selector("#incident-list")
    assert "/incidents?" in page.url and page.locator("#incident-list tr").count() > 1


def test_a_script_injection_probe_shows_as_text(page, base_url):
    page.goto(base_url + "/?q=onerror")
    page.click("#document-results a")
    page.wait_for_selector("#text")
    text = page.inner_text("#text")
    assert '<script>alert("xss")</script>' in text and "onerror=alert(1)" in text
    assert page.locator("#text script, #text img").count() == 0
