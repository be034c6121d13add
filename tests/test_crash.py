"""Fault injection: `sitrep ingest`, a process of its own, is stopped just before each of its commits in
turn and killed there from outside (SIGKILL: nothing cleaned up); the next ingest then leaves exactly
the store an uninterrupted run leaves (nothing lost, nothing doubled, no event outside an incident).
A store whose incidents a crash left pending is completed by whichever command writes next."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.pipeline import Ingestor
from sitrep.records import RawInput
from sitrep.settings import Settings
from sitrep.store import Store
from tests.stories import ATTACK, SECOND_REPORT, articles, export

ROOT = Path(__file__).resolve().parents[1]
PAUSED = "paused before commit"
# `sitrep ingest ARGS...`, stopped (asleep, the store as it is) just before its commit number N
PAUSING_INGEST = f"""
import os, sys, time
from sqlalchemy import Engine, event
commits, pause_at = 0, int(sys.argv[1])
def before_commit(_conn):
    global commits
    commits += 1
    if commits == pause_at:
        os.write(1, b"{PAUSED} %d\\n" % commits)
        time.sleep(600)
event.listen(Engine, "commit", before_commit)
from sitrep.cli import main
sys.argv = ["sitrep", "ingest", *sys.argv[2:]]
main()
"""


def killed_at_commit(number: int, db: Path, inputs: list[Path]) -> bool:
    """Run the ingest in a process of its own; when it reaches commit `number`, kill it with SIGKILL.
    Whether it was killed (False: it ended before having that many commits)."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with subprocess.Popen([sys.executable, "-c", PAUSING_INGEST, str(number), "--db", str(db), *map(str, inputs)],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as child:
        paused = any(line.startswith(PAUSED.encode()) for line in iter(child.stdout.readline, b""))  # noqa: B023
        if paused:
            child.send_signal(signal.SIGKILL)
        child.stdout.close()
        status = child.wait(timeout=300)
    assert status == (-signal.SIGKILL if paused else 0), status
    return paused


def complete(db: Path, inputs: list[Path]) -> None:
    assert CliRunner().invoke(cli, ["ingest", "--db", str(db), *map(str, inputs)]).exit_code == 0


@pytest.mark.slow
def test_an_ingest_killed_at_any_commit_and_run_again_leaves_the_uninterrupted_store(tmp_path):
    inputs = articles(tmp_path)
    killed, number = [], 1
    while killed_at_commit(number, tmp_path / f"killed-{number}.db", inputs):
        killed.append(number)
        number += 1
    uninterrupted = export(tmp_path / f"killed-{number}.db")  # the run that ended before its commit `number`
    assert len(killed) >= 8  # the schema, the run, four documents, the incidents, the run's end
    assert sum('"kind": "document"' in line for line in uninterrupted) == 4
    for number in killed:
        db = tmp_path / f"killed-{number}.db"
        complete(db, inputs)
        assert export(db) == uninterrupted, f"killed before commit {number}: the second run differs"
        with Store.open(db, readonly=True) as store:
            assert not store.incidents_pending()
            assert all(e["incident"] for e in store.events())


@pytest.fixture
def pending(tmp_path: Path) -> Path:
    """A store whose two documents were stored and whose incident rebuild never came (a kill after the
    documents' commits, before the rebuild's)."""
    db = tmp_path / "pending.db"
    with Store.open(db) as store:
        ingestor = Ingestor(store, Settings(db=db), fetcher=pytest.fail)
        for name, text in (("attack.txt", ATTACK), ("second.txt", SECOND_REPORT)):
            ingestor.add(RawInput(name, text.encode(), "text"))
        assert store.incidents_pending() and not any(e["incident"] for e in store.events())
    return db


def stored_events(db: Path) -> list[dict]:
    with Store.open(db, readonly=True) as store:
        assert not store.incidents_pending()
        return list(store.events())


def test_reading_commands_leave_pending_incidents_pending_and_say_so(pending):
    info = CliRunner().invoke(cli, ["info", "--db", str(pending), "--json"])
    assert json.loads(info.stdout)["incidents_pending"]
    with Store.open(pending, readonly=True) as store:
        assert store.incidents_pending()


@pytest.mark.parametrize("command", ["reprocess --db {db} --doc {doc}", "events --db {db} confirm {event}",
                                     "ingest --db {db} {stored}"])
def test_the_next_command_that_writes_builds_the_pending_incidents(pending, tmp_path, command):
    with Store.open(pending, readonly=True) as store:
        first = next(iter(store.events()))
    stored = tmp_path / "stored.jsonl"
    stored.write_text(json.dumps({"text": ATTACK}) + "\n", encoding="utf-8")
    args = command.format(db=pending, doc=first["document"], event=first["id"], stored=stored).split()
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    events = stored_events(pending)
    assert events and all(e["incident"] for e in events)
