"""Analysts' review of single events and the trend with a mark, on a store written by hand: a
rejected event leaves counts, incidents, trends and exports, and stays out after reprocessing."""

import io

from sitrep.events.incidents import Decision
from sitrep.ingest.dedup import fingerprint, normalised_words
from sitrep.rebuild import decide, rebuild_incidents
from sitrep.records import Analysis, Document, Event, EventFilter, Metadata, PlaceMention
from sitrep.report.export import write_jsonl
from sitrep.report.trend import table, trend
from sitrep.report.trend_chart import layout, png, svg
from sitrep.store.browse import DocumentQuery

TEXT = ("Gunmen attacked a village near Gao on Monday, killing 5 people.\n\n"
        "A drone strike hit a convoy near Gao on Tuesday, killing 3 fighters.\n\n"
        "Soldiers clashed with rebels near Gao in early April, leaving 7 dead.")
GAO = PlaceMention(0, 3, "Gao", "test", geonames_id=2457163, name="Gao", kind="populated_place", country="ML",
                   admin1="Gao", lat=16.27, lon=-0.04, precision=1)


def event(sentence: int, kind: str, day: str, dead: int) -> Event:
    start = TEXT.index(TEXT.split("\n\n")[sentence])
    return Event(start, start + 10, TEXT[start:start + 10], kind, "attack", ("gunmen",), (), GAO, day, day, "day",
                 dead, dead, False)


ANALYSIS = Analysis("en", events=(event(0, "violence_against_civilians", "2025-03-03", 5),
                                  event(1, "explosions_remote_violence", "2025-03-11", 3),
                                  event(2, "battles", "2025-04-05", 7)))


def stored(store):
    doc = Document(id="doc-a", source="a.txt", text=TEXT, raw=TEXT.encode(), raw_kind="text", encoding="utf-8",
                   meta=Metadata(title="Attacks near Gao", outlet="Test Wire", published="2025-04-06", language="en"))
    store.add_document(doc, fingerprint(normalised_words(TEXT)), analysis=ANALYSIS)
    rebuild_incidents(store)
    return store


def test_a_rejected_event_leaves_counts_incidents_exports_and_stays_out_after_reprocessing(store):
    stored(store)
    drone = "doc-a:e" + str(TEXT.index("A drone"))
    assert store.count_events() == 3 and store.incident_totals() == (3, 15)
    decide(store, Decision("reject", drone), "a strike on a depot, no convoy")
    assert store.count_events() == 2 and store.incident_totals() == (2, 12)
    assert drone not in [e["id"] for e in store.events()]
    out = io.StringIO()
    write_jsonl(store, out)
    assert drone not in out.getvalue()
    store.replace_analysis("doc-a", ANALYSIS)  # what reprocessing writes
    rebuild_incidents(store)
    assert store.count_events() == 2 and store.incident_totals() == (2, 12)
    assert store.review_counts() == {"waiting": 2, "confirmed": 0, "rejected": 1}
    (rows, (originals, copies)) = store.document_list(DocumentQuery())
    assert (rows[0]["events"], originals, copies) == (2, 1, 0)


def test_confirmed_events_leave_the_review_queue_latest_document_first(store):
    stored(store)
    first = store.review_queue(limit=3)
    assert first == ["doc-a:e0", f"doc-a:e{TEXT.index('A drone')}", f"doc-a:e{TEXT.index('Soldiers')}"]
    decide(store, Decision("confirm", "doc-a:e0"))
    assert store.review_queue(limit=3) == first[1:]
    assert store.recent_decisions()[0]["kind"] == "confirm"


def test_a_trend_shows_empty_periods_and_the_incident_lists_totals_either_side_of_a_mark(store):
    stored(store)
    found = trend(store, EventFilter(country="ML"), by="week", mark="2025-03-10")
    assert [(p.label, sum(p.incidents.values()), sum(p.dead.values())) for p in found.periods] == [
        ("2025-W10", 1, 5), ("2025-W11", 1, 3), ("2025-W12", 0, 0), ("2025-W13", 0, 0), ("2025-W14", 1, 7)]
    assert (found.before.incidents, found.before.dead) == store.incident_totals(EventFilter(country="ML",
                                                                                            until="2025-03-09"))
    assert (found.after.incidents, found.after.dead) == (2, 10)
    assert table(found, ["battles"]).splitlines()[0].split() == ["period", "battles", "incidents", "dead"]
    assert "before … to 2025-03-09: 1 incidents, 5 reported dead" in table(found, ["battles"])


def test_a_trend_is_drawn_as_svg_with_links_and_as_png():
    from sitrep.report.trend import Period, Side, Trend
    found = Trend("month", (Period("2025-03", "2025-03-01", "2025-03-31", {"battles": 2}, {"battles": 9}),
                            Period("2025-04", "2025-04-01", "2025-04-30")), 0, 0, "2025-04-01",
                  Side(None, "2025-03-31", 2, 9, 31), Side("2025-04-01", None, 0, 0, 30))
    chart = layout(found, links={"2025-03|battles": "/incidents?type=battles&since=2025-03-01"})
    drawn = svg(chart)
    assert drawn.count("class='bar'") == 2 and "href='/incidents?type=battles&amp;since=2025-03-01'" in drawn
    assert "mark 2025-04-01" in drawn and "before: 2 incidents, 9 dead" in drawn
    assert png(chart).startswith(b"\x89PNG")


def test_a_crowded_trend_fills_its_panels_and_writes_only_the_totals_that_fit():
    from sitrep.report.trend import Period, Trend
    periods = tuple(Period(f"2025-W{n:02d}", "2025-01-01", "2025-01-07", {"battles": 300 + n}, {"battles": 5_000 + n})
                    for n in range(1, 37))
    shapes = layout(Trend("week", periods, 0, 0), width=900).shapes
    ticks = [s.text for s in shapes if s.kind == "text" and s.anchor == "end"]
    assert ticks == ["0", "200", "400", "0", "3,000", "6,000"]  # a top of 6,000 for 5,036, not 10,000
    totals = [s for s in shapes if s.kind == "text" and s.anchor == "middle" and s.y < 400 and "W" not in s.text]
    assert {s.text for s in totals} >= {"301", "336"} and not any("5," in s.text for s in totals)


def test_the_command_line_rejects_confirms_and_draws_the_trend(tmp_path):
    from click.testing import CliRunner

    from sitrep.cli import cli
    from sitrep.store import Store
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        stored(store)
    drone = f"doc-a:e{TEXT.index('A drone')}"
    run = CliRunner()
    assert run.invoke(cli, ["incidents", "--db", str(db), "reject", drone]).exit_code == 2  # a reason is required
    done = run.invoke(cli, ["incidents", "--db", str(db), "reject", drone, "--reason", "no convoy", "--json"])
    assert done.exit_code == 0 and '"decision": "reject"' in done.output
    assert run.invoke(cli, ["incidents", "--db", str(db), "confirm", "doc-a:e0"]).exit_code == 0
    again = run.invoke(cli, ["incidents", "--db", str(db), "confirm", drone])
    assert again.exit_code == 2 and "rejected already" in again.output
    shown = run.invoke(cli, ["trend", "--db", str(db), "--by", "month", "--mark", "2025-04-01",
                             "--svg", str(tmp_path / "t.svg"), "--png", str(tmp_path / "t.png")])
    assert shown.exit_code == 0, shown.output
    head, march, april = (line.split() for line in shown.output.splitlines()[:3])
    assert head == ["period", "battles", "explosions", "civilians", "protests", "riots", "strategic",
                    "incidents", "dead"]
    assert (march, april) == (["2025-03", "0", "0", "1", "0", "0", "0", "1", "5"],
                              ["2025-04", "1", "0", "0", "0", "0", "0", "1", "7"])
    assert "before … to 2025-03-31: 1 incidents, 5 reported dead" in shown.output
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG") and "<svg" in (tmp_path / "t.svg").read_text()
