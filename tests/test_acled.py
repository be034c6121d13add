"""The ACLED export as an ACLED user loads it: one row per incident, ACLED's columns in ACLED's order and
types, the same dead as the briefing."""

import io

import pandas
import regex

from sitrep.records import EventFilter
from sitrep.geo.countries import countries
from sitrep.report.acled import acled_row, event_id_cnty, incident_of, write_acled_csv
from sitrep.report.brief import gather
from sitrep.store import Store

# The header of an export from ACLED's data export tool.
ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "tags,timestamp")


def _report(event: str, outlet: str, *, actors=(), targets=(), toll=None, published="2025-03-15", copies=()):
    return {"event": event, "document": event.split(":")[0], "outlet": outlet, "title": None, "source": "x",
            "published": published, "also_published_by": list(copies), "agencies": [], "ingested_at":
            "2025-03-16T08:00:00+00:00", "type": "violence_against_civilians", "sub_type": "attack",
            "date_start": "2025-03-14", "date_end": "2025-03-14", "date_precision": "day", "location": None,
            "geo_precision": 1, "fatalities": toll, "alleged": False, "actors": list(actors),
            "targets": list(targets), "evidence": [{"text": f"What {outlet} wrote.\n"}]}


MARKET = {"id": "inc-1", "type": "violence_against_civilians", "date_start": "2025-03-14", "date_end": "2025-03-14",
          "location": {"name": "Boni", "country": "ML", "admin1": "Mopti", "admin2": "Douentza", "lat": 15.058,
                       "lon": -2.227},
          "fatalities": {"low": 23, "high": None},
          "reports": [_report("doc-a:e0", "Sahel Mirror", actors=["unidentified gunmen"], toll={"low": 23, "high": 23},
                              copies=["Bamako Post"]),
                      _report("doc-b:e9", "River Times", actors=["Ansar Brigade", "unidentified gunmen"],
                              targets=["civilians"], toll={"low": 41, "high": None}, published="2025-03-16")]}


def test_an_incident_is_coded_as_acled_codes_an_event():
    row = acled_row(MARKET, {"ansar brigade": ("non-state armed group", "ML")})
    assert list(row) == ACLED_HEADER.split(",")
    assert {k: row[k] for k in ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                                "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "inter2",
                                "interaction", "civilian_targeting", "iso", "region", "country", "admin2",
                                "geo_precision", "source", "fatalities")} == {
        "event_id_cnty": event_id_cnty("inc-1", countries()["ML"]), "event_date": "2025-03-14", "year": 2025, "time_precision": 1,
        "disorder_type": "Political violence", "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": "Ansar Brigade", "assoc_actor_1": "", "inter1": 2, "actor2": "Civilians (Mali)", "inter2": 7,
        "interaction": 27, "civilian_targeting": "Civilian targeting", "iso": 466, "region": "Western Africa",
        "country": "Mali", "admin2": "Douentza", "geo_precision": 1, "source": "Sahel Mirror; Bamako Post; River Times",
        "fatalities": 23}
    assert row["notes"] == ("What Sahel Mirror wrote. Fatalities reported: 23 (Sahel Mirror); at least 41 "
                            "(River Times); coded as 23, the lowest.")


def test_an_army_and_its_foreign_ally_fight_an_armed_group():
    clash = MARKET | {"type": "battles", "fatalities": None,
                      "reports": [_report("doc-c:e0", "Wire", actors=["Military Forces of Mali", "Military Forces of Chad",
                                                                      "Ansar Brigade"]) | {"type": "battles"}]}
    known = {"military forces of mali": ("state forces", "ML"), "military forces of chad": ("state forces", "TD"),
             "ansar brigade": ("non-state armed group", "ML")}
    row = acled_row(clash, known)
    assert (row["actor1"], row["inter1"], row["assoc_actor_1"], row["actor2"], row["inter2"], row["interaction"],
            row["civilian_targeting"], row["fatalities"]) == (
        "Military Forces of Mali", 1, "Military Forces of Chad", "Ansar Brigade", 2, 12, "", 0)


def test_the_demo_export_loads_into_acleds_columns_one_row_per_incident_with_the_briefings_dead(demo_store):
    out = io.StringIO()
    with Store.open(demo_store, readonly=True) as store:
        written = write_acled_csv(store, out)
        incidents, dead = store.incident_totals()
        briefing = gather(store)
        reports = store.count_events()
    table = pandas.read_csv(io.StringIO(out.getvalue()))
    assert list(table.columns) == ACLED_HEADER.split(",")
    assert written == len(table) == incidents == table["event_id_cnty"].nunique()
    assert {c: str(table[c].dtype) for c in ("year", "time_precision", "inter1", "inter2", "interaction", "iso",
                                             "geo_precision", "fatalities", "timestamp")} == dict.fromkeys(
        ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
         "timestamp"), "int64")
    assert table["fatalities"].sum() == dead
    assert f"At least {dead} people were reported killed" in " ".join(briefing.headline)
    assert sum(n for _, _, n in briefing.by_region) == dead
    per_report = io.StringIO()
    with Store.open(demo_store, readonly=True) as store:
        assert write_acled_csv(store, per_report, per_report=True) == reports > incidents
    assert list(pandas.read_csv(io.StringIO(per_report.getvalue())).columns) == ACLED_HEADER.split(",")


def test_event_filters_apply_to_the_acled_export_as_to_the_incident_list(demo_store):
    out = io.StringIO()
    with Store.open(demo_store, readonly=True) as store:
        write_acled_csv(store, out, where=EventFilter(type="battles"))
        listed = [i["id"] for i in store.incidents(EventFilter(type="battles"))]
    table = pandas.read_csv(io.StringIO(out.getvalue()))
    assert [incident_of(i) for i in table["event_id_cnty"]] == listed and "Battles" in set(table["event_type"])
    assert all(regex.fullmatch(r"[A-Z]{3}\d+", i) for i in table["event_id_cnty"])


def test_event_id_cnty_is_acleds_form_and_leads_back_to_its_incident():
    mali = countries()["ML"]
    assert event_id_cnty("inc-00000000002a", mali) == "MLI42"
    assert event_id_cnty("inc-ffffffffffff", None) == f"XXX{16 ** 12 - 1}"
    assert incident_of("MLI42") == "inc-00000000002a" and incident_of(" NER281474976710655 ") == "inc-ffffffffffff"
    assert incident_of("MLI281474976710656") is None and incident_of("inc-00000000002a") is None
    report = event_id_cnty("doc-0123456789abcdef:e1", mali)
    assert regex.fullmatch(r"MLI\d+", report) and report == event_id_cnty("doc-0123456789abcdef:e1", mali)


def test_an_incident_keeps_its_event_id_cnty_when_a_report_is_split_off(demo_store, tmp_path):
    import shutil

    from sitrep.events.incidents import Decision
    from sitrep.rebuild import decide
    path = tmp_path / "demo.db"
    shutil.copy(demo_store, path)
    with Store.open(path) as store:
        biggest = max(store.incidents(), key=lambda i: len(i["reports"]))
        before = _acled_ids(store)
        decide(store, Decision("split", biggest["reports"][-1]["event"], biggest["id"]))
        after = _acled_ids(store)
    mine = event_id_cnty(biggest["id"], countries()[biggest["location"]["country"]])
    assert mine in before and mine in after and len(after) == len(before) + 1


def _acled_ids(store) -> set[str]:
    out = io.StringIO()
    write_acled_csv(store, out)
    return set(pandas.read_csv(io.StringIO(out.getvalue()))["event_id_cnty"])


def test_incidents_show_takes_the_acled_exports_id(demo_store):
    import json

    from click.testing import CliRunner

    from sitrep.cli import cli
    with Store.open(demo_store, readonly=True) as store:
        incident = store.incidents()[0]
    acled_id = event_id_cnty(incident["id"], countries().get(incident["location"]["country"]))
    shown = CliRunner().invoke(cli, ["incidents", "--db", str(demo_store), "show", acled_id, "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["id"] == incident["id"]
