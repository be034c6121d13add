"""The store: schema versions, migrations, and documents that round-trip unchanged."""

import pytest
from hypothesis import given, settings as hsettings, strategies as st
from sqlalchemy import text

from sitrep.errors import StoreError
from sitrep.ingest.dedup import fingerprint, normalised_words
from sitrep.records import Document, Metadata
from sitrep.store import Store
from sitrep.store.migrations import migrate
from sitrep.store.schema import SCHEMA_VERSION


def test_a_new_store_has_the_current_schema_and_wal(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        assert store.schema_version() == SCHEMA_VERSION
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_store_from_a_newer_sitrep_is_refused(tmp_path):
    path = tmp_path / "s.db"
    with Store.open(path) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(StoreError, match="newer than this sitrep"):
        Store.open(path)


def test_migrations_run_in_order_from_the_stored_version(store):
    applied = []
    steps = {SCHEMA_VERSION + 1: lambda conn: applied.append(2), SCHEMA_VERSION + 2: lambda conn: applied.append(3)}
    with store.engine.begin() as conn:
        assert migrate(conn, migrations=steps, target=SCHEMA_VERSION + 2) == SCHEMA_VERSION
    assert applied == [2, 3] and store.schema_version() == SCHEMA_VERSION + 2


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a SQLite store"):
        Store.open(path)


text_st = st.text(st.characters(min_codepoint=1, max_codepoint=0x2FFF, exclude_categories=("Cs",)), min_size=1, max_size=200)


@hsettings(max_examples=60, deadline=None)
@given(body=text_st, title=st.none() | text_st, authors=st.lists(text_st, max_size=3), raw=st.binary(max_size=300))
def test_documents_round_trip(body, title, authors, raw):
    doc = Document(id="doc-1", source="s.txt", text=body, raw=raw, raw_kind="text", encoding="utf-8",
                   meta=Metadata(title=title, authors=tuple(authors), published="2025-03", language="fr",
                                 language_score=0.5))
    with Store.open(":memory:") as store:
        store.add_document(doc, fingerprint(normalised_words(body)))
        assert store.document("doc-1") == doc
