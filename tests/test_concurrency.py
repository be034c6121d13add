"""Several ingests at once on one store give exactly the store one serial run gives: the insert that
loses a race is 'already stored', and the copy check sees what the others stored (a syndicated copy
ingested at the same time as its original is its copy, not a second original)."""

import json

import pytest

from sitrep.store import Store
from tests.stories import ATTACK, articles, export, in_children, ingest

PROCESSES = 4


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serial")
    inputs = articles(folder)
    ingest(folder / "serial.db", inputs)
    return inputs, export(folder / "serial.db")


@pytest.mark.parametrize("round_", range(2))
def test_four_ingests_of_overlapping_inputs_at_once_equal_one_serial_run(serial, tmp_path, round_):
    inputs, expected = serial
    db = tmp_path / "shared.db"
    # each process starts at another input, so that every input is raced for
    orders = [inputs[i:] + inputs[:i] for i in range(PROCESSES)]
    assert in_children(*[lambda order=order: ingest(db, order) for order in orders]) == [0] * PROCESSES
    assert export(db) == expected


def test_a_syndicated_pair_of_one_day_ingested_at_once_is_one_original_and_its_copy(tmp_path):
    paths = []
    for outlet in ("Koubel Courier", "Sahel Daily"):
        path = tmp_path / f"{outlet}.jsonl"
        path.write_text(json.dumps({"text": ATTACK, "outlet": outlet, "published": "2025-06-04"}) + "\n")
        paths.append(path)
    db = tmp_path / "pair.db"
    assert in_children(*[lambda p=p: ingest(db, [p]) for p in paths * 2]) == [0] * 4
    with Store.open(db, readonly=True) as store:
        docs = list(store.documents())
    assert len(docs) == 2
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
