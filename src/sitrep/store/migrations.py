"""Bring a store to the current schema version.

A new store gets the current schema at once. An older one gets, in order, each migration
from its version up; each migration is a function of a connection inside one transaction.
To change the schema: edit schema.py, raise SCHEMA_VERSION, and add the step that takes a
store of the previous version there (ALTER TABLE ..., backfills) to MIGRATIONS below.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, select, text

from ..errors import StoreError
from .schema import SCHEMA_VERSION, SEARCH_DDL, SEARCH_INDEXES, meta, metadata

Migration = Callable[[Connection], None]


def _create_search(conn: Connection) -> None:
    for statement in SEARCH_DDL:
        conn.execute(text(statement))


def _add_search(conn: Connection) -> None:
    """2: full-text indexes over documents, quotes and entity names, filled from what is stored;
    incidents indexed in the order they are listed, events' actors and evidence by event."""
    _create_search(conn)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_incidents_rank ON incidents (fatalities_low, date_start, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_event_actors_event ON event_actors (event_id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_event_evidence_event ON event_evidence (event_id)"))
    for index in SEARCH_INDEXES:
        conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))


MIGRATIONS: dict[int, Migration] = {2: _add_search}  # version reached -> the step that reaches it from the one before


def migrate(conn: Connection, *, migrations: dict[int, Migration] = MIGRATIONS,
            target: int = SCHEMA_VERSION) -> int:
    """Create or upgrade the schema in `conn`'s transaction; returns the version found."""
    if not inspect(conn).has_table("meta"):
        metadata.create_all(conn)
        _create_search(conn)
        conn.execute(meta.insert().values(key="schema_version", value=str(target)))
        return 0
    found = int(conn.scalar(select(meta.c.value).where(meta.c.key == "schema_version")) or 0)
    if found > target:
        raise StoreError(f"the store has schema version {found}, newer than this sitrep "
                         f"({target}); upgrade sitrep to open it")
    for version in range(found + 1, target + 1):
        if version not in migrations:
            raise StoreError(f"no migration to schema version {version}; this store cannot be upgraded")
        migrations[version](conn)
    conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(target)))
    return found
