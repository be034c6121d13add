"""A whole store copied into another, empty one, between SQLite and PostgreSQL either way: every table's
rows (documents in the order they were stored, raw inputs byte for byte, analyst decisions and runs
with their numbers), in one write transaction of the target, so that a failure leaves it empty.

What each backend derives itself is not copied but made again by the target as the rows arrive: the
full-text indexes (SQLite's FTS5 triggers, PostgreSQL's generated tsvector columns), the tallies (their
triggers count the rows as they arrive), PostgreSQL's
documents.rowid and the sequences that number new runs and decisions (moved past the copied numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, literal_column, select, text, update

from ..errors import StoreError
from . import schema as s
from .memo import GENERATION
from .store import Store

ROWS = 1000  # rows read and written at a time
KEPT_BY_TARGET = ("schema_version", GENERATION)  # meta rows the target keeps its own of


def copy_store(source: Store, target: Store, *, on_rows: Callable[[str, int], None] = lambda _t, _n: None
               ) -> dict[str, int]:
    """Every row of `source` written to `target`, which must hold no documents, runs or decisions;
    how many rows each table got (`on_rows` hears each table's rows as they are written)."""
    with target.writing() as w:
        held = [t.name for t in (s.documents, s.runs, s.decisions) if w.conn.scalar(select(func.count()).select_from(t))]
        if held:
            raise StoreError(f"the store to copy into already holds {', '.join(held)}; copy into a new, empty store")
        with source.engine.connect() as reading:
            copied = {table.name: _copy_table(reading, w.conn, table, on_rows) for table in s.metadata.sorted_tables
                      if table not in s.TALLY_TABLES}
        _link_copies(source, w.conn)
        if w.conn.dialect.name == "postgresql":
            _renumber(w.conn)
    return copied


def _copy_table(reading: Connection, writing: Connection, table: Table, on_rows: Callable[[str, int], None]) -> int:
    count = 0
    for rows in _batches(reading, table):
        if table is s.meta:
            rows = [r for r in rows if r["key"] not in KEPT_BY_TARGET]
        if table is s.documents:  # an original may have been stored after its copy: linked once all are in
            rows = [r | {"duplicate_of": None} for r in rows]
        if rows:
            writing.execute(table.insert(), rows)
        count += len(rows)
        on_rows(table.name, len(rows))
    return count


def _batches(reading: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    """The table's rows in the order they were written (rowid; the primary key where there is none)."""
    query = select(*table.columns).order_by(*_stored_order(reading, table))
    result = reading.execution_options(stream_results=True, yield_per=ROWS).execute(query)
    for part in result.mappings().partitions(ROWS):
        yield [dict(row) for row in part]


def _stored_order(reading: Connection, table: Table) -> list[Any]:
    if table is s.documents or (reading.dialect.name == "sqlite" and table.dialect_options["sqlite"]["with_rowid"]):
        return [literal_column(f"{table.name}.rowid")]
    return list(table.primary_key.columns)


def _link_copies(source: Store, writing: Connection) -> None:
    d = s.documents
    with source.engine.connect() as reading:
        links = reading.execute(select(d.c.id, d.c.duplicate_of).where(d.c.duplicate_of.is_not(None))).all()
    linked = update(d).where(d.c.id == bindparam("copy")).values(duplicate_of=bindparam("original"))
    for start in range(0, len(links), ROWS):
        writing.execute(linked, [{"copy": copy, "original": original} for copy, original in links[start:start + ROWS]])


def _renumber(writing: Connection) -> None:
    """PostgreSQL's sequences moved past the numbers copied, so that the next run or decision gets a new one."""
    for table in s.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].autoincrement is not False and str(key[0].type) == "INTEGER":
            writing.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                                 f"coalesce((SELECT max({key[0].name}) FROM {table.name}), 0) + 1, false)"))
