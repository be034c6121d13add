"""The store: schema versions, migrations, and documents that round-trip unchanged."""

import pytest
from hypothesis import given, settings as hsettings, strategies as st
from sqlalchemy import text

from sitrep.errors import StoreError
from sitrep.ingest.dedup import fingerprint, normalised_words
from sitrep.records import Analysis, Document, Entity, Figure, Mention, Metadata
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


DESCRIPTIONS = [Entity("name:djibo", "Djibo", "ORG"), Entity("name:djibo", "DJIBO", "GPE", country="BF"),
                Entity("name:djibo", "Djibo", "GPE", country="BF")]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_an_entity_its_documents_describe_differently_is_stored_the_same_whatever_their_order(order):
    """The description that says more wins (a country), then a name not in capitals: not the first written."""
    with Store.open(":memory:") as store:
        for n in order:
            text = f"Djibo, report number {n}."
            doc = Document(id=f"doc-{n}", source=f"{n}.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                           meta=Metadata(language="en"))
            entity = DESCRIPTIONS[n]
            analysis = Analysis("en", mentions=(Mention(0, 5, entity.name, entity.type, entity.key),),
                                entities=(entity,))
            store.add_document(doc, fingerprint(normalised_words(text)), analysis=analysis)
        (stored,) = store.entities()
    assert (stored.name, stored.type, stored.country, stored.documents) == ("Djibo", "GPE", "BF",
                                                                          ("doc-0", "doc-1", "doc-2"))


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_documents_that_type_an_entity_differently_vote_by_their_mentions(order):
    """Two documents name Kora as a person twice each, one as an organisation once: a person,
    whatever the order of writing (the alphabet would have made it an organisation)."""
    labels = ["PERSON", "ORG", "PERSON"]
    with Store.open(":memory:") as store:
        for n in order:
            text = "Kora spoke. Kora left." if labels[n] == "PERSON" else "Kora spoke."
            doc = Document(id=f"doc-{n}", source=f"{n}.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                           meta=Metadata(language="en"))
            entity = Entity("name:kora", "Kora", labels[n])
            mentions = tuple(Mention(i, i + 4, "Kora", labels[n], entity.key) for i in range(0, len(text), 12))
            store.add_document(doc, fingerprint(normalised_words(text)), analysis=Analysis("en", mentions=mentions,
                                                                                           entities=(entity,)))
        (stored,) = store.entities()
    assert stored.type == "PERSON"


def test_a_dossier_finds_the_figures_attributed_to_one_of_its_names_in_any_case():
    text = "The agency counted 40 displaced. Its partner counted 12. The regional agency office counted 7."
    said = [(0, "Relief Agency"), (33, "RELIEF AGENCY"), (57, "Regional Relief Agency Office")]
    figures = tuple(Figure(at, at + 10, text[at:at + 10], "1", 1, 1, "people", None, "displaced", "people", by, None)
                    for at, by in said)
    with Store.open(":memory:") as store:
        doc = Document(id="doc-1", source="1.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                       meta=Metadata(language="en"))
        store.add_document(doc, fingerprint(normalised_words(text)), analysis=Analysis("en", figures=figures))
        named = store.figures(attributed_to=("Relief Agency", "the relief agency"))
        containing = store.figures(entity="relief agency")
    assert [f.attributed_to for _, _, f in named] == ["Relief Agency", "RELIEF AGENCY"]
    assert len(containing) == 3  # the CLI's --entity: part of the name
