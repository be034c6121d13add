"""Several ingests at once on one store, a SQLite file or a PostgreSQL database, give exactly the store
one serial run gives: the insert that loses a race is 'already stored', and the copy check, asked of the
store's band-key index inside the writer's transaction, sees what the others stored (a syndicated copy
ingested at the same time as its original is its copy, not a second original)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.store import Store
from tests.stories import ATTACK, articles, export, ingest

PROCESSES = 4


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serial")
    inputs = articles(folder)
    ingest(folder / "serial.db", inputs)
    return inputs, export(folder / "serial.db")


def sitrep_ingests_at_once(db: str, *inputs: list[Path]) -> list[int]:
    """`sitrep ingest` of each list of inputs, as processes of their own all started at once; their exit statuses."""
    command = [sys.executable, "-c", "from sitrep.cli import main; main()", "ingest", "--db", db]
    runs = [subprocess.Popen([*command, *map(str, paths)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for paths in inputs]
    return [run.wait() for run in runs]


def test_four_sitrep_ingests_of_overlapping_inputs_at_once_equal_one_serial_run(serial, any_db):
    inputs, expected = serial
    orders = [inputs[i:] + inputs[:i] for i in range(PROCESSES)]  # each starts at another input: all raced for
    assert sitrep_ingests_at_once(any_db, *orders) == [0] * PROCESSES
    assert export(any_db) == expected
    with Store.open(any_db, readonly=True) as store:
        counts = store.counts()
    assert (counts.documents, counts.copies) == (4, 1)


def test_a_syndicated_pair_ingested_at_once_is_one_original_and_its_copy(any_db, tmp_path):
    furniture = {"Koubel Courier": ("Koubel Courier | Home | Region", "Follow us. Advertise with us."),
                 "Sahel Daily": ("From the wire desk of Sahel Daily", "Read more Sahel Daily news. Terms of use.")}
    pair = []
    for outlet, (header, footer) in furniture.items():
        path = tmp_path / f"{outlet}.jsonl"
        text = f"{header}\n\n{ATTACK}\n\n{footer}"
        path.write_text(json.dumps({"text": text, "outlet": outlet, "published": "2025-06-04"}) + "\n")
        pair.append(path)
    serial_runs = []
    for order in (pair, pair[::-1]):  # the serial runs: whichever comes first is the original
        ingest(tmp_path / f"{order[0].stem}-first.db", order)
        serial_runs.append(export(tmp_path / f"{order[0].stem}-first.db"))
    assert sitrep_ingests_at_once(any_db, *[[p] for p in pair * 2]) == [0] * PROCESSES
    assert export(any_db) in serial_runs
    with Store.open(any_db, readonly=True) as store:
        docs = list(store.documents())
    (original,) = [d for d in docs if d.duplicate_of is None]
    assert [d.duplicate_of for d in docs if d is not original] == [original.id]


def test_the_store_does_not_depend_on_the_order_of_its_inputs(serial, tmp_path):
    inputs, expected = serial
    ingest(tmp_path / "reversed.db", inputs[::-1])  # the syndicated copy, a day later, comes before its original
    assert export(tmp_path / "reversed.db") == expected


def test_reprocessing_gives_the_store_ingesting_gave(serial, tmp_path):
    from sitrep import settings as settings_module
    from sitrep.pipeline import analyser_for, reprocess
    inputs, expected = serial
    db = tmp_path / "again.db"
    ingest(db, inputs)
    settings = settings_module.load(db=db)
    with Store.open(db) as store, analyser_for(settings) as analyser:
        assert reprocess(store, analyser, settings=settings) == 4  # three originals, and the copy that adds a paragraph
    assert export(db) == expected
