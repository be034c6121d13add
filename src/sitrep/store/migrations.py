"""Bring a store to the current schema version.

A new store gets the current schema at once. An older one gets, in order, each migration
from its version up; each migration is a function of a connection inside one transaction.
To change the schema: edit schema.py, raise SCHEMA_VERSION, and add the step that takes a
store of the previous version there (ALTER TABLE ..., backfills) to MIGRATIONS below.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.schema import CreateIndex

from ..errors import StoreError
from . import tallies
from .copies import fill_bands
from .engine import WRITE
from .schema import (LISTING_INDEXES, SCHEMA_VERSION, SEARCH_DDL, SEARCH_INDEXES, SEARCH_TRIGGERS, SERVER_DDL,
                     TALLY_TABLES, VIEWS, copy_bands, entity_names, documents, entities, event_actors, events, incident_aliases, incident_members,
                     mentions, meta, metadata, place_mentions, places)

Migration = Callable[[Connection], None]


def _create_search(conn: Connection) -> None:
    for statement in SEARCH_DDL if conn.dialect.name == "sqlite" else SERVER_DDL:
        conn.execute(text(statement))


def _create_tallies(conn: Connection) -> None:
    for statement in tallies.tally_ddl(conn.dialect.name):
        conn.execute(text(statement))


def _create_views(conn: Connection) -> None:
    """The views readers of a SQLite store open in Datasette or pandas (schema.VIEWS), made afresh."""
    if conn.dialect.name != "sqlite":
        return
    for name, query in VIEWS.items():
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))
        conn.execute(text(f"CREATE VIEW {name} AS {query}"))


def _add_search(conn: Connection) -> None:
    """2: full-text indexes over documents, quotes and entity names, filled from what is stored;
    incidents indexed in the order they are listed, events' actors and evidence by event."""
    _create_search(conn)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_incidents_rank ON incidents (fatalities_low, date_start, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_event_actors_event ON event_actors (event_id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_event_evidence_event ON event_evidence (event_id)"))
    for index in SEARCH_INDEXES:
        conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))


def _add_incident_identity(conn: Connection) -> None:
    """3: incidents keep their ids (each report's incident at the last build, the ids of merged ones),
    decisions can be undone."""
    metadata.create_all(conn, tables=[incident_members, incident_aliases])
    if "undone_at" not in {c["name"] for c in inspect(conn).get_columns("decisions")}:
        conn.execute(text("ALTER TABLE decisions ADD COLUMN undone_at VARCHAR"))
    conn.execute(incident_members.delete())
    conn.execute(incident_members.insert().from_select(
        ["event_id", "incident_id"], select(events.c.id, events.c.incident_id).where(events.c.incident_id.is_not(None))))


def _add_listing(conn: Connection) -> None:
    """4: an index for each list's order and each filter; entities and places count their mentions."""
    for table, named_by in ((entities, mentions.c.entity_id), (places, place_mentions.c.place_id)):
        if "mentions" not in {c["name"] for c in inspect(conn).get_columns(table.name)}:
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0"))
        counted = select(func.count()).where(named_by == table.c.id).scalar_subquery()
        conn.execute(table.update().values(mentions=counted))
    for replaced in ("ix_incidents_rank", "ix_mentions_entity"):
        conn.execute(text(f"DROP INDEX IF EXISTS {replaced}"))
    for index in LISTING_INDEXES:
        conn.execute(CreateIndex(index, if_not_exists=True))



def _search_datasette_finds(conn: Connection) -> None:
    """5: the full-text indexes made again with content=[table] (the form by which Datasette finds a table's
    index: its search box and ?_search=), and the views events_view and incidents_view."""
    if conn.dialect.name == "sqlite":
        for trigger in SEARCH_TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
        for index in SEARCH_INDEXES:
            conn.execute(text(f"DROP TABLE IF EXISTS {index}"))
        _create_search(conn)
        for index in SEARCH_INDEXES:
            conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))
    _create_views(conn)


def _index_merging_and_copies(conn: Connection) -> None:
    """6: what merging only what changed looks up (decisions by either report, an incident's former
    reports); the copies of a document indexed without the originals (on a store of originals, the
    index of every document's duplicate_of held one value, NULL, and the planner read every document)."""
    conn.execute(text("DROP INDEX IF EXISTS ix_documents_duplicate_of"))
    copies = next(i for i in documents.indexes if i.name == "ix_documents_copies")
    for index in (*LISTING_INDEXES, copies):
        conn.execute(CreateIndex(index, if_not_exists=True))


def _add_copy_bands(conn: Connection) -> None:
    """7: the copy check's index in the store (copies.py): every document's LSH band keys, so that a run
    reads nothing at start and a check is one indexed query."""
    metadata.create_all(conn, tables=[copy_bands])
    fill_bands(conn)


def _index_participants(conn: Connection) -> None:
    """8: events' actors and targets indexed by name, so that an entity's events are one indexed lookup."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_event_actors_name ON event_actors (name)"))  # 11 widens it


def _search_follows_its_columns(conn: Connection) -> None:
    """9: a full-text index follows an update of its own columns only: a note or a copy's original
    written to a document had its whole text taken out of the index and put back (a 20 MB text held
    a writer at 70 MB more)."""
    if conn.dialect.name != "sqlite":
        return
    for trigger in SEARCH_TRIGGERS:
        if trigger.endswith("_update"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    _create_search(conn)


def _add_tallies(conn: Connection) -> None:
    """10: the overview's sums kept by triggers in tally tables (tallies.py), counted once from what is stored."""
    metadata.create_all(conn, tables=list(TALLY_TABLES))
    tallies.fill(conn)
    _create_tallies(conn)


def _index_dossiers(conn: Connection) -> None:
    """11: what an entity's dossier reads, indexed: its latest events (each actor and target row carries its
    event's date, indexed with the name) and its figures (by the name they are attributed to, any case);
    and the documents that have an analysis note (a listing of documents read every document for them), and
    documents by outlet, any case (a listing of one outlet's read every document); events by place and type
    (a country's incidents of one type read every event of the country)."""
    if "date_start" not in {c["name"] for c in inspect(conn).get_columns("event_actors")}:
        conn.execute(text("ALTER TABLE event_actors ADD COLUMN date_start VARCHAR"))
    dated = select(events.c.date_start).where(events.c.id == event_actors.c.event_id).scalar_subquery()
    conn.execute(event_actors.update().values(date_start=dated))
    conn.execute(text("DROP INDEX IF EXISTS ix_event_actors_name"))
    for index in (*event_actors.indexes, *LISTING_INDEXES, *documents.indexes):
        if index.name in ("ix_event_actors_name_date", "ix_figures_attributed", "ix_documents_noted",
                          "ix_documents_outlet", "ix_events_place_type"):
            conn.execute(CreateIndex(index, if_not_exists=True))


def _tally_entity_names(conn: Connection) -> None:
    """12: how often each text names an entity, kept by triggers (tallies.py): a list of entities counted
    every mention of each to order its names (77 of its 90 ms at a million events)."""
    metadata.create_all(conn, tables=[entity_names])
    tallies.fill(conn, tables=("entity_names",))
    _create_tallies(conn)


MIGRATIONS: dict[int, Migration] = {2: _add_search, 3: _add_incident_identity, 4: _add_listing,
                                    5: _search_datasette_finds, 6: _index_merging_and_copies,
                                    7: _add_copy_bands, 8: _index_participants, 9: _search_follows_its_columns,
                                    10: _add_tallies, 11: _index_dossiers, 12: _tally_entity_names}
# version reached -> the step that reaches it from the one before


def prepare(engine: Engine, *, readonly: bool) -> None:
    """Make sure the store has this sitrep's schema: check it with a read; create or upgrade it, when
    it must, in one write transaction (a crash leaves the store as it was); a read-only store is only
    checked. Opening a current store writes nothing."""
    with engine.connect() as conn:
        found = stored_version(conn)
    if found == SCHEMA_VERSION:
        return
    _refuse_newer(found, SCHEMA_VERSION)
    if readonly:
        raise StoreError("not a sitrep store yet" if found == 0 else
                         f"the store has schema version {found}, older than this sitrep's ({SCHEMA_VERSION}); "
                         "run a command that writes (e.g. `sitrep ingest`) once to upgrade it")
    with engine.execution_options(**WRITE).begin() as conn:
        migrate(conn)


def stored_version(conn: Connection) -> int:
    """The schema version of the store; 0 for an empty file. Refuses a database that is not a store."""
    tables = inspect(conn).get_table_names()
    if "meta" not in tables:
        if tables:
            kind = "SQLite" if conn.dialect.name == "sqlite" else "PostgreSQL"
            raise StoreError(f"a {kind} database, but not a sitrep store (its tables: {', '.join(tables[:5])}); "
                             "point --db at a sitrep store, or at a new path to start one")
        return 0
    return int(conn.scalar(select(meta.c.value).where(meta.c.key == "schema_version")) or 0)


def migrate(conn: Connection, *, migrations: dict[int, Migration] = MIGRATIONS,
            target: int = SCHEMA_VERSION) -> int:
    """Create or upgrade the schema in `conn`'s transaction; returns the version found."""
    found = stored_version(conn)
    if found == 0:
        metadata.create_all(conn)
        _create_search(conn)
        _create_tallies(conn)
        _create_views(conn)
        conn.execute(meta.insert().values(key="schema_version", value=str(target)))
        return 0
    _refuse_newer(found, target)
    for version in range(found + 1, target + 1):
        if version not in migrations:
            raise StoreError(f"no migration to schema version {version}; this store cannot be upgraded")
        migrations[version](conn)
    if found != target:
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(target)))
    return found


def _refuse_newer(found: int, target: int) -> None:
    if found > target:
        raise StoreError(f"the store has schema version {found}, newer than this sitrep "
                         f"({target}); upgrade sitrep to open it")
