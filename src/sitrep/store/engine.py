"""Connections to a store: how transactions begin, and what the database's failures mean to a user.

A store is a SQLite file (the default: nothing to install) or, given a SQLAlchemy URL, a PostgreSQL
database that several machines share. Either way a write (`WRITE`) takes the store's one write lock
before it reads, so that what it decides from what it reads still holds when it commits:
- SQLite in WAL mode, foreign keys on. sitrep begins its own transactions (pysqlite's implicit ones
  leave DDL outside any transaction, so a crash mid-creation left half a schema): a read begins
  deferred and sees one snapshot; a write begins IMMEDIATE. Read-only engines open the file read-only.
- PostgreSQL: a write takes a transaction-level advisory lock first (released at commit or rollback);
  reads never wait for it. A read-only engine's sessions are read-only.

The failures a user can act on — a store locked by another writer, a damaged file, a folder that
cannot hold it — come out as one-line `StoreError`s naming the file; any other error is a bug.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool, StaticPool

from ..errors import StoreError

BUSY_SECONDS = 30
WRITE = {"sitrep_write": True}  # execution options of a connection that writes
WRITE_LOCK = 0x5175_7265_7000  # PostgreSQL advisory lock key of a store's writers ("sitrep")

_MEANINGS = (  # what SQLite says -> what it means and what to do
    ("database is locked", "the store is busy: another sitrep process kept it locked for over {busy:g} s; "
                           "try again when it has finished"),
    ("database table is locked", "the store is busy: another sitrep process is writing; try again when it has finished"),
    ("file is not a database", "the file is not a SQLite store (damaged, encrypted or another kind of file); "
                               "point --db at a sitrep store, or at a new path to start one"),
    ("database disk image is malformed", "the store is damaged (malformed database pages); restore a backup, or "
                                         "ingest the articles again into a new store"),
    ("unable to open database file", "cannot open the store file (missing folder, or no permission)"),
    ("attempt to write a readonly database", "the store file is read-only (check its permissions)"),
    ("database or disk is full", "the disk is full; free some space and run the command again"),
    ("disk i/o error", "the disk failed to read or write the store; check the disk, then run the command again"),
    ("connection refused", "cannot reach the PostgreSQL server (connection refused); is it running, and is the "
                           "URL's host and port right?"),
    ("password authentication failed", "PostgreSQL refused the user's password; check the URL"),
)


def explain(error: BaseException) -> str | None:
    """What a database error means to the user, when it is one they can act on."""
    message = str(error).lower()
    return next((meaning.format(busy=BUSY_SECONDS) for said, meaning in _MEANINGS
                 if said in message), None)


def is_url(db: str) -> bool:
    """Whether `--db` names a database server (a SQLAlchemy URL) rather than a SQLite file."""
    return "://" in db


def shown(db: str) -> str:
    """The store's name as messages show it: a URL without its password."""
    return make_url(db).render_as_string(hide_password=True) if is_url(db) else db


def engine_for(path: str, *, readonly: bool = False) -> Engine:
    """An engine over one store (a file, ":memory:" or a URL), with sitrep's transactions and error messages."""
    if is_url(path):
        return _server_engine(path, readonly=readonly)
    if path == ":memory:":
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif readonly:
        uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
        engine = create_engine("sqlite://", poolclass=QueuePool,
                               creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        _make_folder(path)
        engine = create_engine("sqlite://", poolclass=QueuePool,
                               creator=lambda: sqlite3.connect(path, check_same_thread=False))
    _configure(engine, path, readonly=readonly)
    return engine


def _server_engine(url: str, *, readonly: bool) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{url}: not a database URL ({exc}); give --db a file path or "
                         "postgresql+psycopg://USER@HOST/NAME") from exc
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(f"{shown(url)}: sitrep stores live in SQLite files or PostgreSQL databases, not "
                         f"{parsed.get_backend_name()}; give --db a file path or postgresql+psycopg://USER@HOST/NAME")
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
        # a document's rows of one table in one INSERT of many VALUES, not a statement a row (about 3 % of the
        # server's CPU an article; the triggers of the tallies then run once a table, not once a row)
        engine.dialect.use_insertmanyvalues_wo_returning = True
    except ModuleNotFoundError as exc:
        raise StoreError(f"{shown(url)}: the PostgreSQL driver is not installed ({exc.name}); "
                         'pip install "sitrep[cluster]"') from exc

    @event.listens_for(engine, "connect")
    def _session(dbapi_connection: Any, _record: Any) -> None:
        if readonly:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get("sitrep_write"):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    _explain_errors(engine, shown(url))
    return engine


def _make_folder(path: str) -> None:
    blocker = next((p for p in Path(path).parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise StoreError(f"{path}: {blocker} is a file, not a folder; give --db a path in a folder")
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot make its folder ({exc.strerror}); give --db a path in a folder "
                         "you can write to") from exc


def _configure(engine: Engine, path: str, *, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # sitrep emits BEGIN itself (see `_begin`)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sitrep_write") else "BEGIN")

    _explain_errors(engine, path)


def _explain_errors(engine: Engine, name: str) -> None:
    @event.listens_for(engine, "handle_error")
    def _explained(context: ExceptionContext) -> None:
        meaning = explain(context.original_exception)
        if meaning:
            raise StoreError(f"{name}: {meaning}") from context.original_exception


def insert_new(conn: Connection, table: Table) -> Insert:
    """An INSERT that leaves rows already there (by primary key) as they are: the insert that loses a
    race to another writer is not an error."""
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    return dialect.insert(table).on_conflict_do_nothing()
