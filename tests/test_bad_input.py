"""Each kind of bad input gets one line naming it and the reason; the batch goes on;
the exit status says something failed; what was stored before is untouched."""

import codecs
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.ingest.fetch import fetch
from sitrep.pipeline import Ingestor
from sitrep.records import Analysis, RawInput
from sitrep.settings import Settings
from tests.conftest import make_pdf

GOOD = "Traders in Mopti reopened their stalls on Monday after a week of closures caused by the floods.\n"


def run(store, settings, paths, fetcher=None):
    ingestor = Ingestor(store, settings, fetcher=fetcher or (lambda url: pytest.fail(url)))
    return ingestor.ingest([str(p) for p in paths])


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    pdf = make_pdf(["Herders moved south early this year, the council of Mopti said on Tuesday."])
    contents = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n \n",
        "binary.txt": bytes(range(256)) * 8,
        "truncated.pdf": pdf[: len(pdf) // 2],
        "script.html": b"<html><head><script>var a = 1;</script></head><body><script>run()</script></body></html>",
        "big.txt": b"word " * 400,
        "good.txt": GOOD.encode(),
    }
    for name, content in contents.items():
        (tmp_path / name).write_bytes(content)
    return {name: tmp_path / name for name in contents}


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty"),
    ("blank.txt", "empty"),
    ("binary.txt", "binary content"),
    ("truncated.pdf", "not a readable PDF"),
    ("script.html", "no article text in the HTML"),
    ("missing.txt", "no such file or folder"),
])
def test_each_bad_file_is_rejected_with_its_reason(store, settings, files, tmp_path, name, reason):
    report = run(store, settings, [tmp_path / name, files["good.txt"]])
    bad, good = report.outcomes
    assert (bad.source, bad.status) == (str(tmp_path / name), "rejected")
    assert reason in bad.detail
    assert good.status == "added"


def test_oversized_file(store, files):
    report = run(store, Settings(max_bytes=1000), [files["big.txt"], files["good.txt"]])
    assert report.outcomes[0].status == "rejected"
    assert "too large: 2,000 bytes (limit 1,000" in report.outcomes[0].detail
    assert report.outcomes[1].status == "added"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_non_utf8_text_is_read_with_a_warning(store, settings, tmp_path, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes("Le marché de Djenné a rouvert ses portes mardi après les crues, selon la mairie.".encode(encoding))
    (outcome,) = run(store, settings, [path]).outcomes
    assert outcome.status == "added"
    assert outcome.warnings == ("not UTF-8: read as cp1252",)
    assert "marché de Djenné" in store.document(outcome.doc_id).text


def test_malformed_json_lines(store, settings, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "' + GOOD.strip() + '", "title": "Stalls reopen"}\n'
                    '{"text": "unterminated\n'
                    '["not", "an", "object"]\n'
                    '{"title": "no body"}\n', encoding="utf-8")
    outcomes = run(store, settings, [path]).outcomes
    assert [(o.source.rsplit("/", 1)[-1], o.status) for o in outcomes] == [
        ("batch.jsonl:1", "added"), ("batch.jsonl:2", "rejected"),
        ("batch.jsonl:3", "rejected"), ("batch.jsonl:4", "rejected")]
    assert "not valid JSON" in outcomes[1].detail
    assert "needs a 'text' or an 'html' field" in outcomes[3].detail


def test_unreachable_and_refused_urls(store, settings, files):
    def refuse(request):
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    transport = httpx.MockTransport(refuse)

    def fetcher(url):
        return fetch(url, settings=settings, transport=transport, resolve=lambda host: ["93.184.216.34"])
    report = run(store, settings, ["https://news.example/a", "http://127.0.0.1:8000/x", files["good.txt"]], fetcher)
    unreachable, private, good = report.outcomes
    assert unreachable.detail == "cannot connect (Connection refused)"
    assert private.detail.startswith("refused: 127.0.0.1 is a loopback address (127.0.0.1), not a public one")
    assert good.status == "added"


def test_cli_reports_one_line_per_failure_keeps_stored_documents_and_exits_1(files, tmp_path):
    db = tmp_path / "cli.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", "--db", str(db), str(files["good.txt"])])
    assert first.exit_code == 0
    result = runner.invoke(cli, ["ingest", "--db", str(db), str(files["empty.txt"]),
                                 str(files["binary.txt"]), str(files["good.txt"])])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {files['empty.txt']}: empty: there is no text to read",
                      f"error: {files['binary.txt']}: binary content: not text, HTML, JSON Lines, a feed or a PDF"]
    assert "0 added" in result.stdout and "1 already stored" in result.stdout
    listed = json.loads(runner.invoke(cli, ["documents", "--db", str(db), "--json"]).stdout)
    assert [d["source"] for d in listed] == [str(files["good.txt"])]


@pytest.mark.parametrize("published, date_start, date_end, precision", [
    ("2025-02", "2025-02-01", "2025-02-28", "month"),
    ("2024", "2024-01-01", "2024-12-31", "year"),
    ("2025-02-30", None, None, "unknown"),
])
def test_a_page_date_known_to_the_month_or_impossible_dates_events_and_builds_incidents(
        store, settings, tmp_path, published, date_start, date_end, precision):
    path = tmp_path / "dated.jsonl"
    text = "Gunmen attacked a market in Mopti, killing six traders, the regional governor said."
    path.write_text(json.dumps({"text": text, "published": published}) + "\n", encoding="utf-8")
    (outcome,) = run(store, settings, [path]).outcomes
    assert outcome.status == "added"
    (event,) = store.events()
    assert (event["date_start"], event["date_end"], event["date_precision"]) == (date_start, date_end, precision)
    assert len(list(store.incidents())) == 1


@pytest.mark.parametrize("record, reason", [
    ({"text": GOOD, "published": 20250214}, "'published' must be a string, not a number"),
    ({"text": GOOD, "published": ["2025-02-14"]}, "'published' must be a string, not a list"),
    ({"text": GOOD, "authors": 7}, "'authors' must be a string or a list of strings, not a number"),
    ({"text": GOOD, "authors": ["A. Writer", None]}, "'authors' must be a string or a list of strings"),
    ({"text": GOOD, "url": {"href": "https://news.example/a"}}, "'url' must be a string, not an object"),
    ({"text": GOOD, "title": True}, "'title' must be a string, not true or false"),
    ({"text": GOOD, "outlet": 3.5}, "'outlet' must be a string, not a number"),
    ({"text": ["a", "list"]}, "'text' must be a string, not a list"),
    ({"html": 12}, "'html' must be a string, not a number"),
    ({"text": ""}, "needs a 'text' or an 'html' field"),
    ('{"text": "' + GOOD.strip() + '", "title": "\\ud800"}', "'title' holds an unpaired UTF-16 surrogate"),
    ('{"text": NaN}', "not valid JSON (NaN is not a JSON value)"),
    ('{"text": "x", "n": ' + "9" * 5000 + "}", "not valid JSON (Exceeds the limit (4300 digits)"),
    ("[" * 100_000 + "]" * 100_000, "not valid JSON (maximum recursion depth exceeded"),
    ('"just a string"', "not a string"),
])
def test_a_wrongly_typed_json_lines_field_rejects_its_line_and_the_batch_goes_on(store, settings, tmp_path, record,
                                                                                  reason):
    path = tmp_path / "batch.jsonl"
    line = record if isinstance(record, str) else json.dumps(record)
    path.write_text(line + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    bad, good = run(store, settings, [path]).outcomes
    assert (bad.source, bad.status) == (f"{path}:1", "rejected")
    assert reason in bad.detail
    assert (good.source, good.status) == (f"{path}:2", "added")


def test_a_json_lines_file_with_no_article_is_rejected(store, settings, tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n  \n", encoding="utf-8")
    (outcome,) = run(store, settings, [path]).outcomes
    assert (outcome.source, outcome.status, outcome.detail) == (
        str(path), "rejected", "no articles: the JSON Lines file has no non-blank line")


def test_a_pdf_by_another_name_is_read_as_a_pdf(store, settings, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(make_pdf(["Herders moved south early this year, the council of Mopti said on Tuesday."]))
    (outcome,) = run(store, settings, [path]).outcomes
    assert outcome.status == "added"
    assert store.document(outcome.doc_id).raw_kind == "pdf"


def test_a_fault_in_a_stage_rejects_that_input_naming_the_stage_and_the_batch_goes_on(store, settings, tmp_path):
    def analyser(docs):
        if any("explodes" in d.text for d in docs):
            raise ZeroDivisionError("division by zero")
        return [Analysis(d.meta.language) for d in docs]
    paths = []
    for name, text in (("a.txt", GOOD), ("b.txt", "A market stall explodes in the heat, traders said."),
                       ("c.txt", "Heavy rains cut the road to the river port of Mopti on Thursday.")):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    outcomes = Ingestor(store, settings, fetcher=pytest.fail, analyser=analyser).ingest([str(p) for p in paths]).outcomes
    assert [o.status for o in outcomes] == ["added", "rejected", "added"]
    assert outcomes[1].detail.startswith("the language stage failed on this input (ZeroDivisionError: division by zero)")
    assert store.count_documents() == 2


def test_a_crash_after_the_documents_leaves_the_incidents_pending_and_the_next_ingest_builds_them(
        store, settings, tmp_path):
    path = tmp_path / "attack.txt"
    path.write_text("Gunmen attacked a market in Mopti on Monday, killing six traders, the governor said.",
                    encoding="utf-8")
    ingestor = Ingestor(store, settings, fetcher=pytest.fail)
    ingestor.add(RawInput(str(path), path.read_bytes(), "text"))  # stored; the rebuild after the batch never came
    assert store.incidents_pending() and [e["incident"] for e in store.events()] == [None]
    (outcome,) = run(store, settings, [path]).outcomes
    assert outcome.status == "known"
    assert not store.incidents_pending() and all(e["incident"] for e in store.events())


@pytest.mark.parametrize("depth, control", [(300, ""), (2000, ""), (300, "\x0b\x1b"), (300, "&#1;&#x1b;"),
                                            (300, "<!-- a note -->&#1;<b>,</b>")])
def test_an_article_nested_deeper_than_the_html_parser_goes_is_read(store, settings, tmp_path, depth, control):
    paragraph = "<p>" + GOOD.strip() + f" The council said{control} the road would reopen within a week.</p>"
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * depth + paragraph * 3 + "</div>" * depth + "</body></html>",
                    encoding="utf-8")
    (outcome,) = run(store, settings, [path]).outcomes
    assert outcome.status == "added"
    assert GOOD.strip() in store.document(outcome.doc_id).text


def test_a_byte_order_mark_is_read_as_the_encodings_it_may_begin_and_refused_when_none_reads(store, settings,
                                                                                           tmp_path):
    utf16 = tmp_path / "nul-first.txt"  # FF FE 00 00: UTF-32's mark, or UTF-16's and a NUL
    utf16.write_bytes(codecs.BOM_UTF16_LE + ("\x00" + GOOD).encode("utf-16-le"))
    broken = tmp_path / "broken.txt"
    broken.write_bytes(codecs.BOM_UTF8 + GOOD.encode() + b"\xff\xfe")
    read, refused = run(store, settings, [utf16, broken]).outcomes
    assert read.status == "added" and read.warnings == ("not UTF-8: read as utf-16",)
    assert (refused.status, refused.detail) == ("rejected", "not readable as the UTF-8 its byte order mark says "
                                                            "(invalid start byte)")


@pytest.mark.parametrize("markup", [b"<html", b"<!-- a comment -->", b"<svg>", b"<svg><p><p>"])
def test_markup_that_parses_to_no_page_or_a_bare_fragment_is_rejected_as_having_no_text(store, settings, files,
                                                                                        tmp_path, markup):
    page = tmp_path / "fragment.html"
    page.write_bytes(markup)
    bad, good = run(store, settings, [page, files["good.txt"]]).outcomes
    assert (bad.status, bad.detail) == ("rejected", "no article text in the HTML (only script, navigation or markup)")
    assert good.status == "added"


def test_a_feed_with_a_character_reference_beyond_unicode_is_rejected_and_the_batch_goes_on(store, settings, files,
                                                                                             tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("<?xml version='1.0'?><rss><channel><title>T</title><item><title>a &#1114112; b</title>"
                    "<link>https://news.example/a</link></item></channel></rss>", encoding="utf-8")
    bad, good = run(store, settings, [feed, files["good.txt"]]).outcomes
    assert (bad.source, bad.status) == (str(feed), "rejected")
    assert bad.detail.startswith("not a readable RSS/Atom feed (chr() arg not in range")
    assert good.status == "added"


def test_a_fault_in_a_reader_rejects_what_is_left_of_that_source_and_the_batch_goes_on(store, settings, files,
                                                                                        tmp_path, monkeypatch):
    from sitrep.ingest import sources
    real = sources.json_line_article
    monkeypatch.setattr(sources, "json_line_article",
                        lambda where, line: real(where, line) if where.endswith(":1") else 1 / 0)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps({"text": "A second line."}) + "\n",
                     encoding="utf-8")
    first, fault, good = run(store, settings, [batch, files["good.txt"]]).outcomes
    assert (first.source, first.status) == (f"{batch}:1", "added")
    assert (fault.source, fault.status) == (str(batch), "rejected")
    assert fault.detail.startswith("the read stage failed on this input (ZeroDivisionError: division by zero)")
    assert good.status == "known"  # the same words as the batch's first line


def test_control_characters_are_left_out_of_what_is_stored_alike_in_sqlite_and_postgresql(any_db, tmp_path):
    """A UTF-16 file may hold a NUL, a JSON Lines field an escape code: no text, and PostgreSQL
    refuses a NUL in a text column; both stores keep the same article without them."""
    (tmp_path / "wide.txt").write_bytes(("Herders moved\x00 south early this year,\x0bthe council said.\n").encode("utf-16"))
    record = {"text": "Traders in Mopti\x00 reopened their stalls on Monday.", "title": "Stalls\x00 reopen \x1b[1m",
              "url": "https://news.example/mopti\x00", "outlet": "Mopti\x7f Daily", "authors": ["Awa\x00 Traoré"]}
    (tmp_path / "fields.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")

    result = CliRunner().invoke(cli, ["ingest", "--db", any_db, str(tmp_path / "wide.txt"),
                                      str(tmp_path / "fields.jsonl")])
    exported = CliRunner().invoke(cli, ["export", "--db", any_db, "--format", "jsonl"])

    assert result.exit_code == 0, result.output
    documents = sorted((json.loads(line) for line in exported.output.splitlines()
                        if json.loads(line)["kind"] == "document"), key=lambda d: d["source"])
    assert [(d["title"], d["url"], d["outlet"], d["authors"], d["text"]) for d in documents] == [
        ("Stalls reopen [1m", "https://news.example/mopti", "Mopti Daily", ["Awa Traoré"],
         "Traders in Mopti reopened their stalls on Monday."),
        (None, None, None, [], "Herders moved south early this year,\nthe council said."),
    ]
