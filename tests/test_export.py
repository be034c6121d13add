"""Exports, checked against golden files. Regenerate with: SITREP_REGENERATE=1 pytest tests/test_export.py"""

import io
import json
import os
from pathlib import Path

import pytest

from sitrep.records import Hints, RawInput
from sitrep.rebuild import rebuild_incidents
from sitrep.report.acled import write_acled_csv
from sitrep.report.export import events_geojson, write_csv, write_jsonl

GOLDEN = Path(__file__).parent / "golden"
ARTICLES = [
    RawInput("wire/boni.txt", "Boni market attacked\n\nBy Awa Sow\n\nMarch 15, 2025\n\nGunmen attacked the market in Boni on "
             "Friday, killing 23 people, the governor said.\n\nResidents said at least 41 people were killed.".encode(), "text"),
    RawInput("feed.jsonl:1", "Des centaines de femmes ont manifesté mercredi à Ségou contre la hausse du prix du riz.".encode(),
             "text", Hints(title="Manifestation à Ségou", outlet="Le Courrier", published="2025-03-26",
                           url="https://courrier.example/segou")),
]


def check(name: str, produced: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SITREP_REGENERATE"):
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(produced)
    with path.open(encoding="utf-8", newline="") as handle:
        assert produced == handle.read()


@pytest.fixture
def filled(ingestor):
    for article in ARTICLES:
        ingestor.add(article)
    return ingestor.store


def test_jsonl_export(filled):
    rebuild_incidents(filled)
    out = io.StringIO()
    assert write_jsonl(filled, out) == 13
    check("export.jsonl", out.getvalue())
    first = json.loads(out.getvalue().splitlines()[0])
    assert (first["kind"], first["title"], first["authors"], first["published"]) == (
        "document", "Boni market attacked", ["Awa Sow"], "2025-03-15")


def test_csv_export(filled):
    out = io.StringIO()
    write_csv(filled, out)
    check("export.csv", out.getvalue())


def test_acled_csv_export(filled):
    rebuild_incidents(filled)
    out = io.StringIO()
    assert write_acled_csv(filled, out) == 2
    stamped = out.getvalue().splitlines()
    assert all(line.rsplit(",", 1)[1].isdigit() for line in stamped[1:])  # when the rows last changed
    check("events.acled.csv", "\n".join(line.rsplit(",", 1)[0] for line in stamped) + "\n")


BONI = {"id": "doc-a:e22", "document": "doc-a", "type": "violence_against_civilians", "sub_type": "attack",
        "date_start": "2025-03-14", "date_end": "2025-03-14", "date_precision": "day",
        "location": {"name": "Boni", "country": "ML", "admin1": "Mopti", "lat": 15.058, "lon": -2.227, "geonames_id": 1},
        "geo_precision": 1, "actors": ["unidentified gunmen"], "targets": ["civilians"],
        "fatalities": {"low": 23, "high": 23}, "alleged": True, "incident": "inc-1",
        "evidence": [{"document": "doc-a", "start": 22, "end": 60, "text": "Gunmen killed 23 people in Boni.\n"}]}


def test_placed_events_as_geojson_points():
    (feature,) = events_geojson([BONI, {**BONI, "id": "doc-a:e90", "location": None}])["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-2.227, 15.058]}
    assert (feature["properties"]["place"], feature["properties"]["fatalities"]) == ("Boni", {"low": 23, "high": 23})


def test_csv_cells_that_begin_like_a_formula_are_inert():
    from sitrep.report.export import inert
    assert [inert(v) for v in ("=HYPERLINK(\"http://x.example\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "Gao", -5, 2.5, None)] \
        == ["'=HYPERLINK(\"http://x.example\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "Gao", -5, 2.5, None]


def test_a_document_whose_title_is_a_formula_exports_as_text(ingestor):
    import csv
    import io
    from sitrep.records import Hints, RawInput
    from sitrep.report.export import write_csv
    ingestor.add(RawInput("f.txt", b"Traders in Mopti reopened their stalls on Monday after the floods.", "text",
                          Hints(title="=cmd|' /C calc'!A0")))
    out = io.StringIO()
    write_csv(ingestor.store, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["title"] == "'=cmd|' /C calc'!A0"


def test_every_kind_exports_as_csv_and_incidents_as_json_lines(filled):
    import csv
    from sitrep.records import RECORD_KINDS as KINDS
    rebuild_incidents(filled)
    out = io.StringIO()
    write_jsonl(filled, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["kind"] for r in lines} == set(KINDS) - {"place"}  # the test store has no gazetteer
    incident = next(r for r in lines if r["kind"] == "incident" and r["fatalities"])
    assert incident["events"] and incident["documents"] and incident["fatalities"]["low"] == 23
    for kind in KINDS:
        table = io.StringIO()
        written = write_csv(filled, table, kind=kind)
        rows = list(csv.DictReader(io.StringIO(table.getvalue())))
        assert len(rows) == written == sum(r["kind"] == kind for r in lines)
    table = io.StringIO()
    write_csv(filled, table, kind="event")
    row = next(r for r in csv.DictReader(io.StringIO(table.getvalue())) if r["fatalities_low"])
    assert row["fatalities_low"] == "23" and "Gunmen attacked" in row["evidence"]


def test_help_names_nothing_a_user_lacks():
    from click.testing import CliRunner
    from sitrep.cli import cli
    for command in ("export", "ingest", "brief", "incidents", "events"):
        shown = CliRunner().invoke(cli, [command, "--help"]).output
        assert "EXPORT_FORMAT" not in shown and "shared/" not in shown and "GOLD" not in shown
