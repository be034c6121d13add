"""The tallies (store/tallies.py: the overview's sums, how often each text names an entity) agree with counting the tables, whatever wrote to them: ingests,
a copy of a stored article, analysts' decisions and an undo, a reprocess, a whole rebuild, `sitrep copy`."""

import json

from click.testing import CliRunner
from sqlalchemy import case, func, select

from sitrep.cli import cli
from sitrep.rebuild import rebuild_incidents
from sitrep.store import Store
from sitrep.store import schema as s
from sitrep.store.tallies import documents_by_group, events_stored, incident_days, incident_regions
from tests.stories import articles


def _sorted(rows) -> list[tuple]:
    return sorted((tuple(r) for r in rows), key=lambda row: [str(value) for value in row])


def counted(db: str) -> dict:
    """The tallies' groups counted from the tables."""
    d, i, p, m = s.documents, s.incidents, s.places, s.mentions
    dead = func.coalesce(func.sum(func.coalesce(i.c.fatalities_low, 0)), 0)
    with Store.open(db, readonly=True) as store, store.engine.connect() as conn:
        copies = case((d.c.duplicate_of.is_(None), False), else_=True)
        return {
            "documents": _sorted(conn.execute(
                select(d.c.language, d.c.outlet, copies, func.count()).group_by(d.c.language, d.c.outlet, copies))),
            "events": conn.scalar(select(func.count()).select_from(s.events)),
            "names": _sorted(conn.execute(select(func.coalesce(m.c.entity_id, ""), m.c.text, func.count())
                                          .group_by(m.c.entity_id, m.c.text))),
            "days": _sorted(conn.execute(
                select(i.c.type, i.c.date_start, i.c.date_end, func.count(), dead)
                .group_by(i.c.type, i.c.date_start, i.c.date_end))),
            "regions": _sorted(conn.execute(
                select(i.c.place_id.is_not(None), p.c.country, p.c.admin1, func.count(), dead,
                       func.sum(case((i.c.disagreement, 1), else_=0)))
                .outerjoin(p, p.c.id == i.c.place_id).group_by(i.c.place_id.is_not(None), p.c.country, p.c.admin1))),
        }


def tallied(db: str) -> dict:
    with Store.open(db, readonly=True) as store, store.engine.connect() as conn:
        t = s.entity_names
        return {"documents": _sorted(documents_by_group(conn)), "events": events_stored(conn),
                "names": _sorted(conn.execute(select(t.c.entity_id, t.c.text, t.c.n).where(t.c.n > 0))),
                "days": _sorted(incident_days(conn)), "regions": _sorted(incident_regions(conn))}


def test_the_tallies_follow_every_write(any_db, tmp_path):
    def run(*arguments: str, db: str | None = any_db) -> str:
        result = CliRunner().invoke(cli, [arguments[0], *(("--db", db) if db else ()), *arguments[1:]])
        assert result.exit_code == 0, (arguments, result.output, result.exception)
        return result.stdout

    first, *others = articles(tmp_path)
    run("ingest", str(first))
    assert tallied(any_db) == counted(any_db)
    copy = tmp_path / "copy.txt"
    copy.write_text("The Evening Ledger\n\n" + first.read_text(encoding="utf-8"), encoding="utf-8")
    run("ingest", *map(str, others), str(copy))
    found = counted(any_db)
    assert tallied(any_db) == found and found["days"] and any(copies for _, _, copies, _ in found["documents"])
    one, two = [i["reports"][0]["event"] for i in json.loads(run("incidents", "--json"))[:2]]
    run("incidents", "merge", one, two)
    assert tallied(any_db) == counted(any_db)
    run("incidents", "reject", one, "--reason", "a rumour")
    run("decisions", "undo", "1")
    assert tallied(any_db) == counted(any_db)
    run("reprocess")
    with Store.open(any_db) as store:
        rebuild_incidents(store)
    assert tallied(any_db) == counted(any_db)
    copied = str(tmp_path / "copied.db")
    run("copy", "--from", any_db, "--to", copied, db=None)
    assert tallied(copied) == tallied(any_db) == counted(copied)
