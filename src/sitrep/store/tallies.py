"""Tallies: the sums the overview shows over whole tables, and how often each text names an entity,
kept by the database as rows are written.

The overview counts every document by language and outlet, every event, every incident by type and
dates and by region, with their dead. Counted from the tables, that is a scan of each, after every
write: 0.3 s at 100,000 events, seconds at a million. Instead each tally table holds one row per
group (a language and outlet; a type and dates; a country and region) with its count and sums, and
triggers on the counted table add each inserted row to its group and take each deleted one out
(an update of a column the groups are made of does both). The triggers are the database's own, so
every writer (an ingest, a reprocess, a decision, `sitrep copy`, a user's SQL) keeps them right:
SQLite's fire for each row; PostgreSQL's once for each statement, over the rows it changed.

A group whose rows are all gone stays, at zero; readers leave those out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from . import schema as s


@dataclass(frozen=True)
class Tally:
    """A tally table kept of the rows of `counted`: its groups (`keys`) and sums (`sums`), each column's
    value for one counted row written as SQL over that row, named `{row}`."""

    table: str
    counted: str
    keys: dict[str, str]
    sums: dict[str, str]
    moved_by: tuple[str, ...] = ()  # the counted columns whose update moves a row to another group

    def over(self, expressions: dict[str, str], row: str) -> list[str]:
        return [e.format(row=row) for e in expressions.values()]


def _in_region(column: str) -> str:
    return f"coalesce((SELECT {column} FROM places WHERE places.id = {{row}}.place_id), '')"


_DEAD = "coalesce({row}.fatalities_low, 0)"
TALLIES = (
    Tally("document_tally", "documents",
          {"language": "coalesce({row}.language, '')", "outlet": "coalesce({row}.outlet, '')",
           "copies": "CAST({row}.duplicate_of IS NOT NULL AS INTEGER)"},
          {"n": "1"}, moved_by=("language", "outlet", "duplicate_of")),
    Tally("row_tally", "events", {"name": "'events'"}, {"n": "1"}),
    Tally("incident_days", "incidents",
          {"type": "{row}.type", "date_start": "coalesce({row}.date_start, '')",
           "date_end": "coalesce({row}.date_end, '')"},
          {"n": "1", "dead": _DEAD}, moved_by=("type", "date_start", "date_end", "fatalities_low")),
    Tally("incident_regions", "incidents",
          {"placed": "CAST({row}.place_id IS NOT NULL AS INTEGER)", "country": _in_region("country"),
           "admin1": _in_region("admin1")},
          {"n": "1", "dead": _DEAD, "disputed": "CAST({row}.disagreement AS INTEGER)"},
          moved_by=("place_id", "fatalities_low", "disagreement")),
    Tally("entity_names", "mentions", {"entity_id": "coalesce({row}.entity_id, '')", "text": "{row}.text"},
          {"n": "1"}, moved_by=("entity_id", "text")),
)


def tally_ddl(dialect: str) -> list[str]:
    """The statements that make the triggers of every tally (its table is in schema.py)."""
    if dialect == "sqlite":
        return [statement for tally in TALLIES for statement in _sqlite_triggers(tally)]
    return [statement for tally in TALLIES for statement in _server_triggers(tally)]


def fill(conn: Connection, tables: tuple[str, ...] | None = None) -> None:
    """Every tally (or those of these `tables`) counted afresh from its table (a new tally on a store that
    holds rows)."""
    for tally in (t for t in TALLIES if tables is None or t.table in tables):
        conn.execute(text(f"DELETE FROM {tally.table}"))
        conn.execute(text(_added_from(tally, tally.counted)))


# --- the triggers --------------------------------------------------------------------------------------------

def _columns(tally: Tally) -> str:
    return ", ".join([*tally.keys, *tally.sums])


def _on_conflict(tally: Tally) -> str:
    added = ", ".join(f"{c} = {tally.table}.{c} + excluded.{c}" for c in tally.sums)
    return f"ON CONFLICT ({', '.join(tally.keys)}) DO UPDATE SET {added}"


def _add_row(tally: Tally, row: str) -> str:
    values = ", ".join(tally.over(tally.keys, row) + tally.over(tally.sums, row))
    return f"INSERT INTO {tally.table} ({_columns(tally)}) VALUES ({values}) {_on_conflict(tally)}"


def _take_row(tally: Tally, row: str) -> str:
    taken = ", ".join(f"{c} = {c} - ({e})" for c, e in zip(tally.sums, tally.over(tally.sums, row)))
    where = " AND ".join(f"{c} = {e}" for c, e in zip(tally.keys, tally.over(tally.keys, row)))
    return f"UPDATE {tally.table} SET {taken} WHERE {where}"


def _sqlite_triggers(tally: Tally) -> list[str]:
    name, on = f"{tally.table}_{tally.counted}", tally.counted
    made = [f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {on} BEGIN {_add_row(tally, 'new')}; END",
            f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {on} BEGIN {_take_row(tally, 'old')}; END"]
    if tally.moved_by:
        made.append(f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {', '.join(tally.moved_by)} ON {on} "
                    f"BEGIN {_take_row(tally, 'old')}; {_add_row(tally, 'new')}; END")
    return made


def _added_from(tally: Tally, rows: str) -> str:
    """The rows of the table (or transition table) `rows` added to the tally, a statement for all of them."""
    keys = ", ".join(str(n) for n in range(1, len(tally.keys) + 1))
    sums = ", ".join(f"sum({e})" for e in tally.over(tally.sums, "R"))
    return (f"INSERT INTO {tally.table} ({_columns(tally)}) SELECT {', '.join(tally.over(tally.keys, 'R'))}, {sums} "
            f"FROM {rows} AS R WHERE true GROUP BY {keys} {_on_conflict(tally)}")


def _taken_from(tally: Tally, rows: str) -> str:
    keys = tally.over(tally.keys, "R")
    grouped = ", ".join([f"{e} AS {c}" for c, e in zip(tally.keys, keys)]
                        + [f"sum({e}) AS {c}" for c, e in zip(tally.sums, tally.over(tally.sums, "R"))])
    taken = ", ".join(f"{c} = t.{c} - g.{c}" for c in tally.sums)
    where = " AND ".join(f"t.{c} = g.{c}" for c in tally.keys)
    return (f"UPDATE {tally.table} AS t SET {taken} FROM (SELECT {grouped} FROM {rows} AS R "
            f"GROUP BY {', '.join(str(n) for n in range(1, len(keys) + 1))}) AS g WHERE {where}")


def _server_triggers(tally: Tally) -> list[str]:
    """PostgreSQL: a trigger for each statement, over its transition tables (the rows it added, took away)."""
    name, on = f"{tally.table}_{tally.counted}", tally.counted
    bodies = {"insert": [_added_from(tally, "added")], "delete": [_taken_from(tally, "taken")],
              "update": [_taken_from(tally, "taken"), _added_from(tally, "added")] if tally.moved_by else []}
    transitions = {"insert": "NEW TABLE AS added", "delete": "OLD TABLE AS taken",
                   "update": "OLD TABLE AS taken NEW TABLE AS added"}
    made = []
    for when, statements in bodies.items():
        if not statements:
            continue
        made += [f"CREATE OR REPLACE FUNCTION {name}_{when}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                 + "; ".join(statements) + "; RETURN NULL; END $$",
                 f"CREATE OR REPLACE TRIGGER {name}_{when} AFTER {when.upper()} ON {on} REFERENCING {transitions[when]} "
                 f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_{when}()"]
    return made


# --- reading them --------------------------------------------------------------------------------------------

def documents_by_group(conn: Connection) -> list[tuple[str | None, str | None, bool, int]]:
    """(language, outlet, copies or originals, how many) of every group of documents that has any."""
    t = s.document_tally
    return [(language or None, outlet or None, bool(copies), n)
            for language, outlet, copies, n in conn.execute(select(t.c.language, t.c.outlet, t.c.copies, t.c.n)
                                                            .where(t.c.n > 0))]


def events_stored(conn: Connection) -> int:
    """How many events the store holds (rejected ones too)."""
    return conn.scalar(select(s.row_tally.c.n).where(s.row_tally.c.name == "events")) or 0


def incident_days(conn: Connection) -> list[tuple[str, str | None, str | None, int, int]]:
    """(type, date_start, date_end, how many, sum of their lowest tolls) of every incident, by type and dates."""
    t = s.incident_days
    return [(kind, start or None, end or None, n, dead)
            for kind, start, end, n, dead in conn.execute(select(t.c.type, t.c.date_start, t.c.date_end, t.c.n,
                                                                 t.c.dead).where(t.c.n > 0))]


def names_of(conn: Connection, entity_id: str) -> list[str]:
    """The texts that name an entity, the most used first."""
    t = s.entity_names
    return list(conn.scalars(select(t.c.text).where(t.c.entity_id == entity_id, t.c.n > 0)
                             .order_by(t.c.n.desc(), t.c.text)))


def incident_regions(conn: Connection) -> list[tuple[bool, str | None, str | None, int, int, int]]:
    """(placed or not, country, first-level region, how many, sum of their lowest tolls, how many disputed) of
    every incident, by region."""
    t = s.incident_regions
    return [(bool(placed), country or None, admin1 or None, n, dead, disputed)
            for placed, country, admin1, n, dead, disputed in conn.execute(
                select(t.c.placed, t.c.country, t.c.admin1, t.c.n, t.c.dead, t.c.disputed).where(t.c.n > 0))]


def incident_totals(conn: Connection) -> tuple[int, int, int]:
    """How many incidents, the sum of their lowest tolls, and how many are disputed."""
    t = s.incident_regions
    n, dead, disputed = conn.execute(select(func.sum(t.c.n), func.sum(t.c.dead), func.sum(t.c.disputed))).one()
    return n or 0, dead or 0, disputed or 0


def incidents_by_region(conn: Connection, *, limit: int) -> list[dict]:
    """Country and first-level region of the placed incidents, with how many and their lowest tolls, the
    deadliest first."""
    t = s.incident_regions
    rows = conn.execute(select(t.c.country, t.c.admin1, t.c.n, t.c.dead).where(t.c.placed == 1, t.c.n > 0)
                        .order_by(t.c.dead.desc(), t.c.n.desc(), t.c.country, t.c.admin1).limit(limit))
    return [{"country": country or None, "admin1": admin1 or None, "incidents": n, "dead": dead}
            for country, admin1, n, dead in rows]
