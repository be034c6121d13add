"""Every kind of source the ingest command accepts."""

import io
import json

from sitrep.ingest.fetch import Fetched
from sitrep.ingest.sources import read_sources, sniff
from sitrep.records import RawInput
from tests.conftest import make_pdf

PARAGRAPH = ("The market in Djenné reopened on Thursday after three weeks of closure, traders said, "
             "and buyers came from villages along the Bani river to sell rice and fish. ")
ARTICLE_HTML = (f"<html><head><title>Djenné market reopens</title>"
                f"<meta property='og:site_name' content='Delta Daily'></head><body>"
                f"<nav>Home | World | Subscribe</nav><article><h1>Djenné market reopens</h1>"
                f"{''.join(f'<p>{PARAGRAPH}</p>' for _ in range(3))}</article>"
                f"<footer>© Delta Daily</footer></body></html>")


def items(args, settings, fetcher=None, stdin=None):
    return list(read_sources(args, settings=settings, fetcher=fetcher or (lambda u: None), stdin=stdin))


def test_folders_are_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path, settings):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b" / "c.html").write_text("<p>two</p>")
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "d.txt").write_text("hidden")
    found = items([str(tmp_path)], settings)
    assert [(i.source.replace(str(tmp_path), ""), i.kind) for i in found] == [("/a.txt", "text"), ("/b/c.html", "html")]


def test_json_lines_carry_their_metadata(tmp_path, settings):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": "Body.", "url": "https://x.example/1", "title": "T",
                                "published": "2025-03-01", "outlet": "O", "authors": "A B"}) + "\n")
    (item,) = items([str(path)], settings)
    assert (item.content, item.hints.title, item.hints.authors, item.hints.url) == (b"Body.", "T", ("A B",), "https://x.example/1")


def test_feed_items_with_full_text_are_used_and_teasers_are_fetched(tmp_path, settings):
    full = "<p>" + PARAGRAPH * 8 + "</p>"
    feed = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Delta Daily</title>"
            f"<item><title>Full</title><link>https://delta.example/full</link><description><![CDATA[{full}]]></description></item>"
            f"<item><title>Teaser</title><link>https://delta.example/teaser</link><description>Short.</description></item>"
            f"</channel></rss>")
    path = tmp_path / "feed.xml"
    path.write_text(feed)
    fetched = []

    def fetcher(url):
        fetched.append(url)
        return Fetched(url, ARTICLE_HTML.encode(), "html")
    full_item, teaser = items([str(path)], settings, fetcher)
    assert (full_item.source, full_item.kind, full_item.hints.outlet) == ("https://delta.example/full", "html", "Delta Daily")
    assert fetched == ["https://delta.example/teaser"]
    assert (teaser.hints.title, teaser.content) == ("Teaser", ARTICLE_HTML.encode())


def test_stdin_is_sniffed(settings):
    (item,) = items(["-"], settings, stdin=io.BytesIO(ARTICLE_HTML.encode()))
    assert (item.source, item.kind) == ("stdin", "html")
    records = "".join(json.dumps({"html": ARTICLE_HTML.replace("Djenné", town)}) + "\n" for town in ("Mopti", "Gao"))
    assert [(i.source, i.kind) for i in items(["-"], settings, stdin=io.BytesIO(records.encode()))] == [
        ("stdin:1", "html"), ("stdin:2", "html")]


def test_sniff():
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"<?xml version='1.0'?><rss>") == "feed"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b'{"text": "x"}') == sniff(b'{"html": "<html><body><p>x</p></body></html>"}') == "jsonl"
    assert sniff(b"Plain words.") == "text"


def test_html_goes_through_trafilatura_and_keeps_its_metadata(ingestor):
    outcome = ingestor.add(RawInput("page.html", ARTICLE_HTML.encode(), "html"))
    doc = ingestor.store.document(outcome.doc_id)
    assert doc.meta.title == "Djenné market reopens" and doc.meta.outlet == "Delta Daily"
    assert "Subscribe" not in doc.text and "Home | World" not in doc.text
    assert doc.text.count(PARAGRAPH.strip()) == 1  # the page repeats it three times
    assert doc.raw == ARTICLE_HTML.encode()


def test_pdf_text_is_unwrapped(ingestor):
    pdf = make_pdf(["Herders moved their cattle south a month early this year,",
                    "the council of Mopti said on Tuesday, as the rains failed.", ""])
    outcome = ingestor.add(RawInput("report.pdf", pdf, "pdf"))
    assert outcome.status == "added"
    assert "early this year, the council of Mopti said" in ingestor.store.document(outcome.doc_id).text


def test_the_cleaner_keeps_every_paragraph_trafilatura_finds_on_the_demo_pages(ingestor):
    from importlib import resources

    from lxml import html as lxml_html
    folder = resources.files("sitrep.data").joinpath("demo").joinpath("articles")
    pages = [entry for entry in folder.iterdir() if entry.name.endswith(".html")]
    assert len(pages) == 4
    for entry in pages:
        content = entry.read_bytes()
        doc = ingestor.store.document(ingestor.add(RawInput(entry.name, content, "html")).doc_id)
        for p in lxml_html.fromstring(content).xpath("//article/p[not(@class)]"):
            assert " ".join(p.text_content().split()) in doc.text, entry.name
