"""What an operator meets: a store another process is writing, a damaged file, --db under a file, an
odd file name. Each is one line that says what to do, never a traceback; commands that only read open
the store read-only and never write to it."""

import hashlib
import json
import sqlite3

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.store import engine

TEXT = "Traders in Mopti reopened their stalls on Monday after a week of closures caused by the floods.\n"
READING = [["info"], ["documents"], ["events"], ["incidents"], ["export"], ["entities"], ["quotes"], ["figures"],
           ["places"], ["brief"]]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def stored(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "store.db"
    assert run("ingest", "--db", db, article).exit_code == 0
    return db, article


def digest(db):
    """The store file and its write-ahead log (SQLite's shared-memory index, -shm, is no content)."""
    wal = db.with_name(db.name + "-wal")
    return hashlib.sha256(db.read_bytes()).hexdigest(), wal.read_bytes() if wal.exists() else b""


def test_commands_that_read_never_write(stored):
    db, _ = stored
    before = digest(db)
    for command in READING:
        result = run(*command, "--db", db)
        assert result.exit_code == 0, (command, result.output)
    assert digest(db) == before


def test_reading_goes_on_while_another_process_writes_and_writing_waits_then_says_why(stored, monkeypatch):
    db, article = stored
    monkeypatch.setattr(engine, "BUSY_SECONDS", 0.2)
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        assert json.loads(run("info", "--db", db, "--json").stdout)["documents"] == 1
        other = article.with_name("other.txt")
        other.write_text("Heavy rains cut the road to the river port of Mopti on Thursday.", encoding="utf-8")
        result = run("ingest", "--db", db, other)
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"error: {db}: the store is busy: another sitrep process kept it "
                                               "locked for over 0.2 s; try again when it has finished")


def test_a_damaged_store_is_one_line_on_every_command(stored):
    db, article = stored
    data = bytearray(db.read_bytes())
    data[4096:4096 * 3] = b"\xa5" * 8192  # pages of the tables overwritten
    db.write_bytes(bytes(data))
    for command in (["info"], ["documents"], ["ingest", article]):
        result = run(*command, "--db", db)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {db}: ") and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("content, says", [
    (b"not a database at all" * 100, "the file is not a SQLite store"),
    (b"", "not a sitrep store yet"),
])
def test_a_file_that_is_no_store_is_refused_by_commands_that_read(tmp_path, content, says):
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    result = run("info", "--db", db)
    assert result.exit_code == 2 and says in result.stderr


def test_another_sqlite_database_is_not_taken_for_a_store(tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    result = run("ingest", "--db", db, "-")
    assert result.exit_code == 2
    assert "a SQLite database, but not a sitrep store (its tables: accounts)" in result.stderr


def test_db_under_a_file_and_a_missing_store(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    result = run("ingest", "--db", blocker / "store.db", blocker)
    assert result.stderr == (f"error: {blocker}/store.db: {blocker} is a file, not a folder; "
                             "give --db a path in a folder\n")
    result = run("documents", "--db", tmp_path / "none.db")
    assert result.stderr == (f"error: no store at {tmp_path / 'none.db'}; `sitrep ingest FILES` makes one of your "
                             "articles, `sitrep demo` one of the bundled demo corpus (--db or SITREP_DB names another "
                             "store)\n")
    assert not (tmp_path / "none.db").exists()


def test_file_names_are_shown_with_their_control_characters_escaped(tmp_path):
    odd = tmp_path / "line\nbreak\x1b[31m.txt"
    odd.write_bytes(b"")
    result = run("ingest", "--db", tmp_path / "s.db", odd)
    assert result.exit_code == 1
    assert f"error: {tmp_path}/line\\nbreak\\x1b[31m.txt: empty: there is no text to read" in result.stderr.splitlines()


def test_silent_successes_that_were_failures(stored, tmp_path):
    db, _ = stored
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    assert run("ingest", "--db", db, empty).exit_code == 1
    result = run("reprocess", "--db", db, "--doc", "doc-nope")
    assert result.exit_code == 2 and "no document doc-nope in the store" in result.stderr


def test_a_stored_file_name_is_listed_and_shown_escaped_and_an_article_without_its_control_characters(tmp_path):
    odd = tmp_path / "line\nbreak\x1b[31m.txt"
    odd.write_text(TEXT.strip() + "\x1b]0;a title set by an article\x07\nThe road reopens on Friday.\n",
                   encoding="utf-8")
    db = tmp_path / "s.db"
    assert run("ingest", "--db", db, odd).exit_code == 0
    listed = run("documents", "--db", db).stdout
    assert "\x1b" not in listed and listed.count("\n") == 1
    doc_id = listed.split()[0]
    shown = run("show", doc_id, "--db", db).stdout
    assert "\x1b" not in shown and "\x07" not in shown
    assert f"      source: {tmp_path}/line\\nbreak\\x1b[31m.txt\n" in shown
    assert "floods.]0;a title set by an article\nThe road reopens on Friday." in shown  # left out at ingest
