"""Fault injection: an ingest killed (SIGKILL, nothing cleaned up) just before each of its commits, then
run again, leaves exactly the store an uninterrupted run leaves: nothing lost, nothing doubled, no
events outside incidents."""

import pytest
from sqlalchemy import Engine, event

from sitrep.store import Store
from tests.stories import articles, export, in_child, ingest, killed_before_commit


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    inputs = articles(folder)
    commits = []
    counting = lambda _conn: commits.append(1)  # noqa: E731
    event.listen(Engine, "commit", counting)
    try:
        ingest(folder / "whole.db", inputs)
    finally:
        event.remove(Engine, "commit", counting)
    return inputs, export(folder / "whole.db"), len(commits)


def test_the_batch_commits_at_several_points(uninterrupted):
    _, exported, commits = uninterrupted
    assert commits >= 8  # the schema, the run, four documents, the incidents, the run's end
    assert sum('"kind": "document"' in line for line in exported) == 4


def test_a_kill_before_any_commit_and_a_second_run_give_the_uninterrupted_store(uninterrupted, tmp_path):
    inputs, expected, commits = uninterrupted
    for number in range(1, commits + 1):
        db = tmp_path / f"killed-{number}.db"

        def killed_run():
            event.listen(Engine, "commit", killed_before_commit(number))
            ingest(db, inputs)
        assert in_child(killed_run) == -9, f"the run was not killed before commit {number}"
        ingest(db, inputs)
        assert export(db) == expected, f"killed before commit {number}: the second run differs"
        with Store.open(db, readonly=True) as store:
            assert not store.incidents_pending()
            assert all(e["incident"] for e in store.events())
