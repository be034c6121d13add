"""`sitrep ingest --cluster`: the stages as Dask tasks on worker processes that write to the store
give what a local ingest gives, record for record, and a worker that dies mid-batch loses nothing."""

import json
import os
import signal
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from tests.stories import articles, export


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo corpus's inputs, and what a local ingest of them into SQLite gives: summary and export."""
    db = str(tmp_path_factory.mktemp("local") / "demo.db")
    with resources.as_file(resources.files("sitrep.data").joinpath("demo/articles")) as folder:
        inputs = [str(p) for p in sorted(folder.iterdir())]
        summary = ingest(db, inputs)
        yield inputs, summary, export(db)


def ingest(db: str, inputs: list[str], *options: str) -> dict[str, int]:
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--json", *options, *inputs])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)["summary"]


@pytest.mark.cluster
@pytest.mark.postgres
def test_the_demo_corpus_through_dask_into_postgresql_exports_what_a_local_sqlite_ingest_does(demo, postgres_url):
    inputs, summary, exported = demo
    assert ingest(postgres_url, inputs, "--cluster", "local:2") == summary == {
        "added": 18, "copy": 1, "known": 0, "rejected": 0}
    assert export(postgres_url) == exported  # ids, texts, entities, events, incidents


def _die_storing_a_second_document(marker: str) -> None:
    """On a worker: SIGKILL this process (nothing cleaned up) as it stores its second document, before that
    commits; only on the first worker to get there (it leaves `marker`)."""
    from sqlalchemy import Engine, event
    stored = 0

    def on_execute(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        nonlocal stored
        stored += statement.startswith("INSERT INTO documents ")
        if stored == 2 and not os.path.exists(marker):
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
            os.kill(os.getpid(), signal.SIGKILL)
    event.listen(Engine, "before_cursor_execute", on_execute)


@pytest.mark.cluster
@pytest.mark.postgres
def test_a_worker_that_dies_mid_batch_loses_nothing_and_stores_nothing_twice(postgres_url, tmp_path):
    from distributed import Client, LocalCluster
    inputs = [str(p) for p in articles(tmp_path)]
    summary = ingest(str(tmp_path / "local.db"), inputs)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        before = set(client.scheduler_info()["workers"])
        client.run(_die_storing_a_second_document, str(tmp_path / "died"))
        assert ingest(postgres_url, inputs, "--cluster", cluster.scheduler_address) == summary
        assert len(before - set(client.scheduler_info()["workers"])) == 1  # its nanny started another in its place
    assert export(postgres_url) == export(str(tmp_path / "local.db"))


@pytest.mark.parametrize("db, address, said", [
    ("team.db", "tcp://127.0.0.1:8786", "give --db a PostgreSQL URL"),
    ("team.db", "local:none", "local:N takes a number of worker processes"),
    ("team.db", "127.0.0.1:8786", "give a scheduler's address (tcp://HOST:8786) or local:N"),
])
def test_a_cluster_the_ingest_cannot_use_is_a_one_line_error(tmp_path, db, address, said):
    (tmp_path / "a.txt").write_text("Rain fell on the river port all week, the harbour master said.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / db), "--cluster", address,
                                      str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and said in result.stderr and len(result.stderr.splitlines()) == 1


def test_without_dask_the_cluster_option_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    (tmp_path / "a.txt").write_text("Rain fell on the river port all week, the harbour master said.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "a.db"), "--cluster", "local:2",
                                      str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert 'pip install "sitrep[cluster]"' in result.stderr


@pytest.mark.cluster
def test_a_local_clusters_workers_keep_glibcs_adaptive_memory_trim(monkeypatch):
    from sitrep.runners.cluster import connected
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # a cluster started earlier in this process sets it
    with connected("local:1") as client:
        assert list(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == [None]


@pytest.mark.cluster
@pytest.mark.postgres
def test_the_workers_analyse_with_the_clients_settings_files_which_they_cannot_read(postgres_url, tmp_path,
                                                                                     monkeypatch):
    from distributed import Client, LocalCluster
    for folder in ("worker", "client"):
        (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path / "worker")  # the workers start here, where the client's relative paths name nothing
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster):
        monkeypatch.chdir(tmp_path / "client")
        Path("actors.yaml").write_text("actors:\n  - {name: Kessel Column, type: non-state armed group, country: ML, "
                                       "aliases: [Kessel fighters]}\n", encoding="utf-8")
        Path("furniture.yaml").write_text("drop:\n  - name: sponsor\n    max_words: 8\n"
                                          "    patterns: ['^Brought to you by ']\n", encoding="utf-8")
        monkeypatch.setenv("SITREP_EXTRA_ACTORS", "actors.yaml")
        monkeypatch.setenv("SITREP_EXTRA_BOILERPLATE", "furniture.yaml")
        Path("raid.txt").write_text(
            "Kessel fighters attacked a checkpoint near Mopti on Tuesday, killing four soldiers, the army said.\n\n"
            "Brought to you by the Riverside Bakery\n\nThe road to the town was closed on Wednesday, residents said.",
            encoding="utf-8")
        summary = ingest("local.db", ["raid.txt"])
        assert ingest(postgres_url, ["raid.txt"], "--cluster", cluster.scheduler_address) == summary
    assert export(postgres_url) == export(str(tmp_path / "client" / "local.db"))
    exported = "\n".join(export(postgres_url))
    assert '"Kessel Column"' in exported and "Riverside Bakery" not in exported


def test_a_worker_builds_its_own_gazetteer_unless_the_settings_name_one(monkeypatch, tmp_path):
    from sitrep.runners.shipment import pack, unpack
    from sitrep.settings import load
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", "/home/client/data")
    default, named = pack(load(db="team.db")), pack(load(db="team.db", gazetteer="/srv/geonames.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", "/home/worker/data")
    assert unpack(default).gazetteer == "/home/worker/data/sitrep/gazetteer.sqlite"
    assert unpack(named).gazetteer == "/srv/geonames.sqlite"
