"""The web app in a real browser (Playwright driving Debian's Chromium, headless) against the demo
store, served once for the module with --write and a token: every page loads with no console
error and fetches nothing from outside the machine; the documents page sorts and filters; the map
zooms and its date control changes its marks; the trend's before/after totals are the incident
list's; a reject in the review queue takes the event out of counts and exports; the text colours
pass WCAG AA contrast.

A screenshot of each page is saved under test-artifacts/. Skipped where Chromium or Playwright
is missing; .ci/run installs both."""

import io
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium here (apt install chromium)")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TOKEN = "browser-test-token"


@pytest.fixture(scope="module")
def served(demo_store, tmp_path_factory):
    import uvicorn

    from sitrep.serve.app import ServeSettings, create_app
    from sitrep.store import Store
    copy = tmp_path_factory.mktemp("browser") / "browser.db"
    copy.write_bytes(demo_store.read_bytes())
    store = Store.open(copy)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(store, ServeSettings(write=True, token=TOKEN))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://localhost:{port}", store
    server.should_exit = True
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def base_url(served):
    return served[0]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, base_url, request):
    opened = browser.new_page(viewport={"width": 1360, "height": 900})
    problems, outside = [], []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    here = urlsplit(base_url).netloc
    opened.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).netloc not in (here, "") else None)
    yield opened
    ARTIFACTS.mkdir(exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    opened.close()
    assert not problems, problems  # no script errors, no blocked resources, no dialogs
    assert not outside, outside  # nothing fetched from outside the machine


PAGES = ["/", "/documents", "/incidents", "/map", "/trends", "/review", "/docs", "/?q=Boni"]


@pytest.mark.parametrize("path", PAGES, ids=["overview", "documents", "incidents", "map", "trends", "review", "api",
                                             "search"])
def test_every_page_loads_cleanly_with_readable_contrast(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1
    assert page.evaluate(CONTRAST) == []


def test_the_overview_links_each_number_to_its_list(page, base_url):
    page.goto(base_url + "/")
    incidents = page.locator(".cards a[href='/incidents'] .big").inner_text()
    page.click(".cards a[href='/incidents']")
    assert page.locator("#incident-totals [data-total]").inner_text() == incidents


def test_the_overviews_incidents_placed_only_to_a_country_link_to_their_list(page, base_url):
    page.goto(base_url + "/")
    row = page.locator("#regions tbody tr", has_text="placed only to the country").first
    shown = row.locator("td.num a").first.inner_text()
    row.locator("td.num a").first.click()
    page.wait_for_load_state("networkidle")
    assert "precision=country" in page.url
    assert page.locator("#incident-totals [data-total]").inner_text() == shown
    assert page.locator("select[name=precision]").input_value() == "country"
    with page.expect_navigation():
        page.select_option("select[name=precision]", "town")  # the filter's own control lists the finer ones
    assert "precision=town" in page.url and page.locator("#incident-totals [data-total]").inner_text() != shown
    assert "type=" not in page.url and "min_fatalities=" not in page.url  # filters left at "any" are not sent


def test_search_finds_a_known_actor_and_marks_the_words(page, base_url):
    page.goto(base_url + "/")
    page.fill("#q", "Borealis")
    page.press("#q", "Enter")
    page.wait_for_selector("#entity-results")
    assert "Borealis Security Group" in page.inner_text("#entity-results")
    assert page.locator("#document-results li").count() >= 2
    assert page.locator("#document-results mark").count() >= 2
    page.locator("#document-results li a").first.click()
    page.wait_for_selector("#text mark")
    page.keyboard.press("j")
    assert page.locator("#text mark.current").count() == 1


def test_an_entitys_dossier_opens_from_the_search(page, base_url):
    page.goto(base_url + "/?q=Borealis")
    page.click("#entity-results a >> text=Borealis Security Group")
    page.wait_for_selector("main .dossier")
    assert page.locator("main h1").inner_text().startswith("Borealis") and page.evaluate(CONTRAST) == []


def test_the_documents_page_sorts_and_filters(page, base_url):
    page.goto(base_url + "/documents")
    cells = "#document-list tr.original td:nth-child(3)"
    outlets = lambda: [o for o in page.locator(cells).all_inner_texts() if o != "—"]  # noqa: E731 (unknown: last)
    page.click("a.sort[data-sort='outlet']")
    page.wait_for_selector("th[aria-sort='ascending'] a[data-sort='outlet']")
    assert outlets() == sorted(outlets(), key=str.lower)
    page.click("a.sort[data-sort='outlet']")
    page.wait_for_selector("th[aria-sort='descending'] a[data-sort='outlet']")
    assert outlets() == sorted(outlets(), key=str.lower, reverse=True)
    assert page.locator("#document-list tr.copy").count() >= 1  # the syndicated copy, under its original
    page.select_option("select[name='language']", "fr")
    page.wait_for_url("**language=fr**")
    assert page.locator("#document-list tr.original").count() >= 2
    counts = page.locator("#document-list tr.original td.num").all_inner_texts()
    assert any(c != "0" for c in counts)


def test_an_incident_page_shows_two_sources_with_different_figures(page, base_url):
    page.goto(base_url + "/incidents?min_fatalities=20")
    page.click("#incident-list strong.disagree")
    page.wait_for_selector("#disagreement")
    tolls = page.locator("#reports .report .toll").all_inner_texts()
    outlets = page.locator("#reports .report h2 > a:first-child").all_inner_texts()
    assert len(set(outlets)) >= 2 and len({t.split()[0] for t in tolls if t.strip() != "—"}) >= 2


def test_the_map_zooms_filters_by_date_and_type_and_shows_a_mark(page, base_url):
    page.goto(base_url + "/map")
    page.wait_for_selector("#map .mark")
    width = lambda: float(page.get_attribute("#map", "viewBox").split()[2])  # noqa: E731
    before = width()
    page.click("#zoom-in")
    assert width() == pytest.approx(before / 2)
    page.click("#zoom-reset")
    all_shown = page.evaluate("window.sitrepMap.shown().length")
    page.eval_on_selector("#date-from", "(r) => { r.value = r.max - 8; r.dispatchEvent(new Event('input')); }")
    assert 0 < page.evaluate("window.sitrepMap.shown().length") < all_shown
    assert "incidents shown" in page.inner_text("#map-count")
    page.eval_on_selector("#date-from", "(r) => { r.value = r.min; r.dispatchEvent(new Event('input')); }")
    page.locator("input.type-toggle").first.uncheck()
    assert page.evaluate("window.sitrepMap.shown().length") < all_shown
    page.locator("input.type-toggle").first.check()
    for _ in range(3):
        page.click("#zoom-in")
    page.locator("#map .mark.single").first.dispatch_event("click")
    assert "Open the incident" in page.inner_text("#map-detail")
    assert page.locator("#map .label").count() >= 1 and page.locator("#map path.land").count() == 1


def test_the_map_draws_each_precision_apart_and_lists_a_places_incidents(page, base_url):
    page.goto(base_url + "/map")
    page.wait_for_selector("#map .mark")
    counts = [int(c) for c in page.eval_on_selector_all("#map .mark", "(ms) => ms.map((m) => m.dataset.count)")]
    assert sum(counts) == page.evaluate("window.sitrepMap.shown().length")  # every incident in exactly one mark
    shapes = page.eval_on_selector_all("#map .mark", "(ms) => ms.map((m) => [m.dataset.precision, m.querySelector('rect') ? "
                                       "'square' : m.querySelector('.area') ? 'dashed circle' : 'dot or ring'])")
    assert {tuple(s) for s in shapes} >= {("country", "square"), ("region", "dashed circle"), ("town", "dot or ring")}
    assert all(shape == {"country": "square", "region": "dashed circle"}.get(precision, "dot or ring")
               for precision, shape in shapes)
    stack = page.locator("#map .mark.stack[data-precision='country']")
    stack.dispatch_event("click")
    detail = page.inner_text("#map-detail")
    assert "placed to the country only" in detail
    assert page.locator("#map-detail .site-list li").count() == int(stack.get_attribute("data-count"))
    width = float(page.get_attribute("#map", "viewBox").split()[2])
    page.locator("#map .mark.cluster").first.dispatch_event("click")
    assert float(page.get_attribute("#map", "viewBox").split()[2]) <= width / 2


def test_the_trend_marks_a_date_with_the_incident_lists_totals(page, base_url):
    trends = base_url + "/trends?country=ML&by=week&mark=2025-03-15"
    page.goto(trends)
    before = (page.get_attribute("#side-before [data-incidents]", "data-incidents"),
              page.get_attribute("#side-before [data-dead]", "data-dead"))
    after = (page.get_attribute("#side-from [data-incidents]", "data-incidents"),
             page.get_attribute("#side-from [data-dead]", "data-dead"))
    assert page.locator(".trend rect.bar").count() > 3
    page.click("#side-before")
    page.wait_for_selector("#incident-totals")
    assert "until=2025-03-14" in page.url
    assert (page.get_attribute("#incident-totals [data-total]", "data-total"),
            page.get_attribute("#incident-totals [data-dead]", "data-dead")) == before
    page.goto(base_url + "/incidents?country=ML&since=2025-03-15")
    assert (page.get_attribute("#incident-totals [data-total]", "data-total"),
            page.get_attribute("#incident-totals [data-dead]", "data-dead")) == after
    page.goto(trends)  # for the screenshot


def test_a_reject_in_the_review_queue_leaves_counts_and_exports(page, base_url, served):
    from sitrep.report.export import write_jsonl
    store = served[1]
    page.goto(base_url + "/review")
    event = page.get_attribute("#review-item", "data-event")
    events, incidents = store.count_events(), store.incident_totals()
    page.fill("#token", TOKEN)
    page.click("button[data-decision='reject']")
    page.fill("#reason", "an exercise, not an attack")
    with page.expect_navigation():
        page.click("button[data-decision='reject-now']")
    assert page.get_attribute("#review-item", "data-event") != event
    assert store.count_events() == events - 1 and store.incident_totals()[0] <= incidents[0]
    out = io.StringIO()
    write_jsonl(store, out)
    assert event not in out.getvalue()
    assert "an exercise, not an attack" in page.inner_text("#decisions")


def test_the_review_queue_opens_the_article_at_the_paragraph_of_the_evidence(page, base_url):
    page.goto(base_url + "/review?offset=1")  # an event late in its article
    box = page.locator("#review-article").bounding_box()
    here = page.locator("#review-article .here").bounding_box()
    assert page.locator("#review-article .here .hl-evidence").count() >= 1
    assert page.locator("#review-article .context").count() >= 1  # the rest of the article, around it
    assert page.evaluate("document.getElementById('review-article').scrollTop") > 0
    assert box["y"] <= here["y"] < box["y"] + box["height"] / 2  # scrolled to it, past what came before


def test_a_script_injection_probe_shows_as_text(page, base_url):
    page.goto(base_url + "/?q=onerror")
    page.click("#document-results a")
    page.wait_for_selector("#text")
    text = page.inner_text("#text")
    assert '<script>alert("xss")</script>' in text and "onerror=alert(1)" in text
    assert page.locator("#text script, #text img").count() == 0


# Every element with text of its own: its colour against the first opaque background behind it
# (WCAG 2 relative luminance), at least 4.5:1, or 3:1 for large text.
CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  document.querySelectorAll("body *").forEach((el) => {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.visibility === "hidden" || style.display === "none" || el.closest("svg")) return;
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5) && el.getClientRects().length) failures.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
  });
  return failures;
}"""
