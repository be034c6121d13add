"""The command line: every command documented, --json parses, the demo builds its store."""

import json
import subprocess
import sys

import click
import regex
import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.store import Store

COMMANDS = sorted(cli.commands)


def every_command(group=cli, prefix=""):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from every_command(command, f"{prefix}{name} ")


def test_every_command_and_option_has_help():
    for name, command in every_command():
        assert command.help, f"`sitrep {name}` has no help text"
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"`sitrep {name} {param.opts[0]}` has no help text"


@pytest.mark.parametrize("name", [name for name, _ in every_command()])
def test_help_runs(name):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0 and "Usage: " in result.output


def test_readme_documents_every_command():
    from pathlib import Path
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"sitrep {name}" in readme, f"README does not mention `sitrep {name}`"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.stdout)


def test_demo_builds_a_store_with_a_notice_a_copy_and_both_languages(demo_db):
    _, shown = demo_db
    assert shown["notice"].startswith("FICTIONAL TRAINING SCENARIO")
    assert shown["summary"] == {"added": 18, "copy": 1, "known": 0, "rejected": 0}
    assert shown["counts"]["by_language"] == {"en": 16, "fr": 3}
    copies = [d for d in shown["documents"] if d["duplicate_of"]]
    assert [d["outlet"] for d in copies] == ["Bamako Evening Post"]


def test_listing_commands_speak_json(demo_db):
    db, _ = demo_db
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["documents", "--db", str(db), "--json", "--language", "fr"]).stdout)
    assert len(listed) == 3 and all(d["language"] == "fr" for d in listed)
    info = json.loads(runner.invoke(cli, ["info", "--db", str(db), "--json"]).stdout)
    assert info["documents"] == 19 and info["copies"] == 1
    shown = json.loads(runner.invoke(cli, ["show", listed[0]["id"], "--db", str(db), "--json"]).stdout)
    assert shown["id"] == listed[0]["id"] and shown["text"]


def test_the_demo_shows_what_the_language_stage_found(demo_db):
    _, shown = demo_db
    names = {e["name"] for e in shown["entities"]}
    assert {"Rising Sun Movement", "Ousmane Tiendrebeogo-Sy", "Mali"} <= names
    tolls = {(f["value_low"], f["value_high"]) for f in shown["figures"] if f["measure"] == "fatalities"}
    assert {(23, 23), (41, None)} <= tolls
    assert any(q["speaker"] == "Hamadoun Ag Bilal" for q in shown["quotes"])
    places = {p["name"]: (p["country"], p["admin1"]) for p in shown["places"]}
    assert places["Boni"] == ("ML", "Mopti") and places["Douentza"] == ("ML", "Mopti")


def test_language_listings_filter_and_speak_json(demo_db):
    db, _ = demo_db
    runner = CliRunner()
    wagner = json.loads(runner.invoke(cli, ["entities", "--db", str(db), "--json", "--entity", "Borealis Security Group"]).stdout)
    assert [e["name"] for e in wagner] == ["Borealis Security Group"]
    quotes = json.loads(runner.invoke(cli, ["quotes", "--db", str(db), "--json", "--entity", "Hamadoun Ag Bilal"]).stdout)
    assert quotes and all(q["speaker"] == "Hamadoun Ag Bilal" for q in quotes)
    series = json.loads(runner.invoke(cli, ["figures", "--db", str(db), "--json", "--subject", "instructors"]).stdout)
    personnel = next(s for s in series if s["measure"] == "personnel")
    assert {p["value_low"] or p["value_high"] for p in personnel["points"]} >= {300.0, 400.0}
    assert [p["date"] for p in personnel["points"]] == sorted(p["date"] for p in personnel["points"])
    result = runner.invoke(cli, ["reprocess", "--db", str(db), "--json"])
    assert json.loads(result.stdout)["reprocessed"] == 18


def test_events_listing_filters(demo_db):
    db, _ = demo_db
    runner = CliRunner()
    found = json.loads(runner.invoke(cli, ["events", "--db", str(db), "--json", "--country", "ML",
                                           "--min-fatalities", "20"]).stdout)
    assert found and all(e["location"]["country"] == "ML" and e["fatalities"]["low"] >= 20 for e in found)
    assert any("Boni" in e["evidence"][0]["text"] for e in found)


def test_incidents_placed_only_to_a_country_are_the_overviews_row(demo_db):
    db, _ = demo_db
    runner = CliRunner()
    found = json.loads(runner.invoke(cli, ["incidents", "--db", str(db), "--json", "--precision", "country"]).stdout)
    with Store.open(db, readonly=True) as store:
        row = next(r for r in store.incidents_by_region(limit=100) if r["admin1"] is None)
    assert len(found) == row["incidents"] and all(not i["location"]["admin1"] for i in found)
    refused = runner.invoke(cli, ["incidents", "--db", str(db), "--precision", "village"])
    assert refused.exit_code == 2 and "--precision" in refused.output


def test_export_writes_every_document(demo_db, tmp_path):
    db, _ = demo_db
    out = tmp_path / "export.jsonl"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0
    kinds = [json.loads(line)["kind"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert kinds.count("document") == 19
    assert {"entity", "quote", "figure"} <= set(kinds)


def test_unknown_document_is_a_clear_error(demo_db):
    db, _ = demo_db
    result = CliRunner().invoke(cli, ["show", "doc-nope", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr == f"error: no document 'doc-nope' in {db}; `sitrep documents` lists them\n"


def test_incidents_show_two_outlets_disagreeing_and_analysts_decisions_survive_reprocessing(demo_db):
    db, _ = demo_db
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [args[0], "--db", str(db), *args[1:]])

    def listed(*options):
        return json.loads(run("incidents", "--json", *options).stdout)

    before = {i["id"] for i in listed()}
    boni = next(i for i in listed("--admin1", "Mopti", "--min-fatalities", "20") if i["disagreement"])
    assert len({t["source"] for t in boni["tolls"]}) >= 2
    assert {t["fatalities"]["low"] for t in boni["tolls"]} >= {23, 41}
    shown = json.loads(run("incidents", "show", boni["id"][:8], "--json").stdout)
    assert shown["reports"] == boni["reports"]

    report = boni["reports"][-1]["event"]
    assert run("incidents", "split", report, "--note", "a later attack").exit_code == 0
    run("reprocess")
    alone = [i for i in listed() if report in (r["event"] for r in i["reports"])]
    assert [len(i["reports"]) for i in alone] == [1]
    after = {i["id"] for i in listed()}
    assert after - before == {alone[0]["id"]} and before <= after  # every incident kept its id; one is new

    assert run("incidents", "merge", alone[0]["id"], boni["id"]).exit_code == 0
    together = [i for i in listed() if report in (r["event"] for r in i["reports"])]
    assert together[0]["id"] == boni["id"] and len(together[0]["reports"]) == len(boni["reports"])
    moved = run("incidents", "show", alone[0]["id"], "--json")  # a link to the merged one still leads somewhere
    assert json.loads(moved.stdout)["id"] == boni["id"] and f"was merged into {boni['id']}" in moved.stderr
    assert run("incidents", "show", "inc-nope").stderr == \
        "error: no incident 'inc-nope'; `sitrep incidents` lists them\n"


def test_decisions_are_listed_and_undone_and_an_event_is_rejected_by_its_id(demo_db, tmp_path):
    import shutil
    db = tmp_path / "copy.db"
    shutil.copy(demo_db[0], db)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [args[0], "--db", str(db), *args[1:]])

    made = len(json.loads(run("decisions", "--json").stdout))  # the module's other tests decide too
    events = json.loads(run("events", "--json").stdout)
    event = next(e for e in events if e["fatalities"])
    count = len(json.loads(run("incidents", "--json").stdout))
    assert run("events", "reject", event["id"], "--why", "a drill").exit_code == 0
    assert event["id"] not in {e["id"] for e in json.loads(run("events", "--json").stdout)}
    listed = json.loads(run("decisions", "--json").stdout)[-1]
    number = made + 1
    assert (listed["id"], listed["kind"], listed["subject"], listed["note"], listed["undone_at"]) == (
        number, "reject", event["id"], "a drill", None)
    assert run("decisions", "undo", str(number)).exit_code == 0
    assert event["id"] in {e["id"] for e in json.loads(run("events", "--json").stdout)}
    assert len(json.loads(run("incidents", "--json").stdout)) == count
    assert "undone" in run("decisions").stdout
    again = run("decisions", "undo", str(number))
    assert again.exit_code == 2 and "undone already" in again.stderr
    assert run("decisions", "undo", "99").stderr == "error: no decision 99; `sitrep decisions` lists them\n"
    several = run("events", "reject", "doc-", "--why", "x")
    assert several.exit_code == 2 and "'doc-' starts 10 or more event ids" in several.stderr


def test_the_demo_ends_with_a_briefing_citing_two_outlets_that_disagree(demo_db):
    from pathlib import Path
    _, shown = demo_db
    top = shown["briefing"]["top"]
    disputed = [t for t in top if t["disagreement"]]
    assert disputed and len({t["source"] for t in disputed[0]["tolls"]}) >= 2
    assert Path(shown["briefing_html"]).is_file()


def test_brief_writes_markdown_and_html_for_a_filter(demo_db, tmp_path):
    db, _ = demo_db
    result = CliRunner().invoke(cli, ["brief", "--db", str(db), "--country", "ML", "--out", str(tmp_path / "b.md"),
                                      "--html", str(tmp_path / "b.html")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "Scope: country ML" in text and "## Sources" in text
    assert (tmp_path / "b.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_serve_refuses_write_mode_without_a_token(demo_db, monkeypatch):
    db, _ = demo_db
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--write"])
    assert result.exit_code == 2 and "SITREP_TOKEN" in result.stderr


def test_serve_needs_a_store(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "sitrep demo" in result.stderr


def test_readme_documents_every_setting():
    import dataclasses
    from pathlib import Path

    from sitrep.settings import Settings
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for setting in dataclasses.fields(Settings):
        assert f"| `{setting.name}` |" in readme, f"README's settings table has no `{setting.name}`"


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("::1", False), ("0.0.0.0", True),
                                          ("192.0.2.7", True)])
def test_serve_warns_when_it_listens_beyond_this_machine_and_answers_only_its_hosts(demo_db, monkeypatch, host,
                                                                                  warned):
    import uvicorn
    from fastapi.testclient import TestClient
    db, _ = demo_db
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **where: started.update(app=app, **where))
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", host, "--allow-host", "sitrep.lan"])
    assert result.exit_code == 0 and started["host"] == host
    warning = f"warning: listening on {host}, beyond this machine"
    assert (warning in result.stderr) == warned
    client = TestClient(started["app"])
    assert client.get("/api/documents", headers={"host": "sitrep.lan:8765"}).status_code == 200
    assert client.get("/api/documents", headers={"host": "rebound.example"}).status_code == 400


def test_info_says_when_a_run_was_interrupted_before_the_incidents_were_built(tmp_path):
    from sitrep import settings as settings_module
    from sitrep.pipeline import Ingestor
    from sitrep.records import RawInput
    from sitrep.store import Store
    db = tmp_path / "s.db"
    text = b"Gunmen attacked a market in Mopti on Monday, killing six traders, the governor said."
    with Store.open(db) as store:  # a document stored, the rebuild after the batch never run
        Ingestor(store, settings_module.load(db=db), fetcher=pytest.fail).add(RawInput("a.txt", text, "text"))
    shown = CliRunner().invoke(cli, ["info", "--db", str(db)])
    assert "incidents: out of date (a run was interrupted); the next command that writes rebuilds them" in shown.stdout
    assert json.loads(CliRunner().invoke(cli, ["info", "--db", str(db), "--json"]).stdout)["incidents_pending"]
    article = tmp_path / "other.txt"
    article.write_text("Heavy rains cut the road to the river port of Mopti on Thursday.", encoding="utf-8")
    assert CliRunner().invoke(cli, ["ingest", "--db", str(db), str(article)]).exit_code == 0
    shown = CliRunner().invoke(cli, ["info", "--db", str(db), "--json"])
    assert json.loads(shown.stdout)["incidents_pending"] is False


def test_a_country_by_name_or_code_in_any_case_and_outlets_in_any_case_find_the_same(demo_db):
    db, _ = demo_db
    runner = CliRunner()

    def ids(*args):
        result = runner.invoke(cli, [*args, "--db", str(db), "--json"])
        assert result.exit_code == 0, result.output
        return [e["id"] for e in json.loads(result.stdout)]

    assert ids("events", "--country", "ML") == ids("events", "--country", "mali") == ids("events", "--country", "MLI")
    assert ids("events", "--country", "ML") and ids("events", "--since", "15/03/2025") == ids("events", "--since",
                                                                                             "2025-03-15")
    assert ids("documents", "--outlet", "sahel mirror") == ids("documents", "--outlet", "Sahel Mirror") != []
    assert ids("events", "--until", "2025-03") == ids("events", "--until", "2025-03-31")


@pytest.mark.parametrize("args, said", [
    (["events", "--country", "Atlantis"], "error: --country 'Atlantis': no country goes by that name; give its name "
                                          "(Mali) or its ISO code (ML)\n"),
    (["incidents", "--since", "3/4/2025"], "error: --since '3/4/2025': not a date sitrep can read; write it as "
                                           "YYYY-MM-DD (or a month, YYYY-MM, or a year, YYYY)\n"),
    (["trend", "--mark", "2025-02-30"], "error: --mark '2025-02-30': not a date sitrep can read; write it as "
                                        "YYYY-MM-DD (or a month, YYYY-MM, or a year, YYYY)\n"),
])
def test_a_filter_that_cannot_be_read_is_one_line_naming_the_option(demo_db, args, said):
    result = CliRunner().invoke(cli, [*args, "--db", str(demo_db[0])])
    assert (result.exit_code, result.stderr) == (2, said)


def test_a_filter_that_matches_nothing_says_which_filter_left_nothing(demo_db):
    db, _ = demo_db
    result = CliRunner().invoke(cli, ["events", "--db", str(db), "--country", "Mali", "--type", "riots",
                                      "--since", "2030"])
    assert result.exit_code == 0 and result.stdout == ""
    assert regex.fullmatch(r"no events match \(\d+ in the store\): --country 'ML' → \d+, then --type 'riots' → \d+, "
                           r"then --since '2030-01-01' → none\n", result.stderr)
    nobody = CliRunner().invoke(cli, ["entities", "--db", str(db), "--entity", "Nobody Atall"])
    assert regex.fullmatch(r"no entities match \(\d+ in the store\): --entity 'Nobody Atall' → none\n", nobody.stderr)


def test_a_persons_quotes_are_found_by_the_full_name_whatever_the_text_called_them(demo_db):
    db, _ = demo_db
    found = json.loads(CliRunner().invoke(cli, ["quotes", "--db", str(db), "--entity", "Ousmane Tiendrebeogo-Sy",
                                                "--json"]).stdout)
    assert sum(q["direct"] for q in found) >= 2 and {q["speaker"] for q in found} == {"Ousmane Tiendrebeogo-Sy"}


def test_quotes_say_which_are_direct_and_which_reported_without_private_marks(demo_db):
    shown = CliRunner().invoke(cli, ["quotes", "--db", str(demo_db[0])]).stdout
    assert "said: " in shown and "“" in shown and "~" not in shown and "  ? " not in shown


def test_an_ingest_of_articles_stored_already_starts_without_the_language_models(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Traders in Mopti reopened their stalls on Monday after a week of floods.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", db, str(article)]).exit_code == 0
    again = subprocess.run([sys.executable, "-c", "import sys\nfrom sitrep.cli import main\ntry:\n    main()\n"
                            "finally:\n    print('spacy' in sys.modules, file=sys.stderr)", "ingest", "--db", db,
                            str(article)], capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "1 already stored" in again.stderr + again.stdout
    assert again.stderr.strip().endswith("False")
