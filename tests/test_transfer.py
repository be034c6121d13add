"""`sitrep copy --from A --to B`: a store moved from SQLite into PostgreSQL and back holds what it held,
record for record, in the order it was stored, with its decisions and the log of its runs."""

import io
import json
from importlib import resources

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from sitrep.cli import cli
from sitrep.events.incidents import Decision
from sitrep.report.export import write_jsonl
from sitrep.store import Store, schema

pytestmark = pytest.mark.postgres


def run(*arguments: str) -> str:
    result = CliRunner().invoke(cli, list(arguments))
    assert result.exit_code == 0, (arguments, result.output, result.exception)
    return result.stdout


def held(db: str) -> tuple[list[str], tuple, list[dict], list, int]:
    """The full export in the store's own order, the counts, the decisions, the runs, and what a search finds."""
    out = io.StringIO()
    with Store.open(db, readonly=True) as store:
        write_jsonl(store, out)
        counts = store.counts()
        with store.engine.connect() as conn:
            runs = conn.execute(select(schema.runs.c.id, schema.runs.c.command, schema.runs.c.stats)).all()
        found = store.search("market").total
    decisions = json.loads(run("decisions", "--db", db, "--json"))
    return out.getvalue().splitlines(), (counts.documents, counts.originals, counts.copies), decisions, runs, found


def test_a_store_copied_into_postgresql_and_back_holds_what_it_held(postgres_url, tmp_path):
    first, back = str(tmp_path / "first.db"), str(tmp_path / "back.db")
    with resources.as_file(resources.files("sitrep.data").joinpath("demo/articles")) as folder:
        run("ingest", "--db", first, str(folder))
    event = json.loads(run("incidents", "--db", first, "--json"))[0]["reports"][0]["event"]
    run("incidents", "--db", first, "confirm", event, "--note", "seen by two analysts")
    run("copy", "--from", first, "--to", postgres_url)
    run("copy", "--from", postgres_url, "--to", back)
    assert held(first) == held(postgres_url) == held(back)
    with Store.open(postgres_url) as store:  # the copy numbers what comes next after what it copied
        assert store.add_decision(Decision("reject", event)) == 2


def test_copying_into_a_store_that_holds_documents_is_refused(tmp_path):
    inputs = tmp_path / "a.txt"
    inputs.write_text("Rain fell on the river port all week, the harbour master said on Friday.", encoding="utf-8")
    for db in ("a.db", "b.db"):
        run("ingest", "--db", str(tmp_path / db), str(inputs))
    result = CliRunner().invoke(cli, ["copy", "--from", str(tmp_path / "a.db"), "--to", str(tmp_path / "b.db")])
    assert result.exit_code == 2 and "copy into a new, empty store" in result.stderr
