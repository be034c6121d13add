"""A PostgreSQL store (`--db postgresql+psycopg://…`) holds what a SQLite file holds, record for record,
answers every command, and decides races between several ingests as the file does (test_concurrency). Each test gets a
database of its own (conftest.postgres_url); where no server answers, they are skipped (never in CI)."""

import io
import json
from importlib import resources

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitrep.cli import cli
from sitrep.report.export import write_jsonl
from sitrep.serve.app import create_app
from sitrep.store import Store
from tests.stories import articles, ingest

pytestmark = pytest.mark.postgres


def exported(db: str) -> list[str]:
    """The JSON Lines export in the store's own order."""
    out = io.StringIO()
    with Store.open(db, readonly=True) as store:
        write_jsonl(store, out)
    return out.getvalue().splitlines()


def test_the_demo_corpus_in_postgresql_exports_record_for_record_what_sqlite_does(postgres_url, tmp_path):
    with resources.as_file(resources.files("sitrep.data").joinpath("demo/articles")) as folder:
        inputs = sorted(folder.iterdir())
        assert ingest(str(tmp_path / "demo.db"), inputs) == ingest(postgres_url, inputs)
    assert exported(postgres_url) == exported(str(tmp_path / "demo.db"))


def test_every_command_works_on_a_postgresql_store(postgres_url, tmp_path):
    runner = CliRunner()

    def run(*arguments: str) -> str:
        result = runner.invoke(cli, [arguments[0], "--db", postgres_url, *arguments[1:]])
        assert result.exit_code == 0, (arguments, result.output, result.exception)
        return result.stdout

    run("ingest", *map(str, articles(tmp_path)))
    assert json.loads(run("info", "--json"))["originals"] == 3
    (doc, *_) = json.loads(run("documents", "--json"))
    run("show", doc["id"])
    for listing in ("entities", "quotes", "figures", "places", "events"):
        json.loads(run(listing, "--json"))
    first, second = [incident["reports"][0]["event"] for incident in json.loads(run("incidents", "--json"))[:2]]
    run("incidents", "merge", first, second)
    run("incidents", "show", json.loads(run("incidents", "--json"))[0]["id"])
    run("incidents", "split", first, "--note", "another attack")
    run("incidents", "confirm", first)
    run("incidents", "reject", second, "--reason", "a rumour")
    assert len(json.loads(run("decisions", "--json"))) == 4
    run("decisions", "undo", "4")
    run("reprocess")
    for fmt in ("jsonl", "csv", "acled", "geojson"):
        run("export", "--format", fmt)
    assert "Koubel" in run("brief")
    run("trend", "--by", "month")
    with Store.open(postgres_url, readonly=True) as store:
        client = TestClient(create_app(store), base_url="http://localhost")
        found = client.get("/api/search", params={"q": "cattle market"}).json()
        assert found["total"] == 2 and client.get("/").status_code == 200
        entity = json.loads(run("entities", "--json"))[0]["id"]
        assert client.get(f"/entities/{entity}").status_code == 200
        assert client.get(f"/documents/{doc['id']}").status_code == 200


@pytest.mark.parametrize("url, said", [
    ("postgresql+psycopg://postgres@127.0.0.1:1/none", "cannot reach the PostgreSQL server"),
    ("mysql://root@127.0.0.1/none", "SQLite files or PostgreSQL databases, not mysql"),
])
def test_a_store_url_that_cannot_be_used_is_a_one_line_error(url, said):
    result = CliRunner().invoke(cli, ["info", "--db", url])
    assert result.exit_code == 2 and said in result.stderr and len(result.stderr.splitlines()) == 1


def test_statistics_are_refreshed_only_for_the_tables_that_changed_much(postgres_url, tmp_path):
    import time

    from sqlalchemy import text

    def changed(conn) -> dict[str, int]:
        return dict(conn.execute(text("SELECT relname, n_mod_since_analyze FROM pg_stat_user_tables")).all())

    ingest(postgres_url, articles(tmp_path))
    with Store.open(postgres_url) as store:
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO meta (key, value) SELECT 'probe ' || n, 'x' FROM generate_series(1, 80) n"))
        store.engine.dispose()  # a server process reports what it changed as it ends
        with store.engine.connect() as conn:
            for _ in range(50):
                if changed(conn)["meta"] >= 80:
                    break
                time.sleep(0.1)
            due = sorted(t for t, n in changed(conn).items() if n > 50 + 0.1 * conn.scalar(
                text(f"SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = '{t}'")))
        store.refresh_statistics()
        with store.engine.connect() as conn:
            left = {t: n for t, n in changed(conn).items() if n}
    assert "meta" in due and not set(due) & set(left)  # analysed: the tables that were due, and only those
    assert set(left) - set(due), "a table that changed a little keeps its statistics"
