"""Full-text search: documents, quotes and entity names found by their words, accents and case
ignored, with facets; a store from before the index gets it filled."""

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from sqlalchemy import text

from sitrep.errors import QueryError
from sitrep.records import RawInput
from sitrep.store import Store
from sitrep.store.schema import SCHEMA_VERSION
from sitrep.store.search import SearchFilter, fts_query

ARTICLES = [
    "Gunmen attack Ségou market\n\nGunmen attacked the market in Ségou on Friday, killing 12 civilians. "
    "\"We buried them at dawn,\" said Awa Traoré, a trader.",
    "Talks in Niamey\n\nMinisters from Mali and Niger met in Niamey on Monday to discuss fuel convoys.",
]


def filled(ingestor):
    for n, article in enumerate(ARTICLES):
        ingestor.add(RawInput(f"a{n}.txt", article.encode(), "text"))
    return ingestor.store


def test_words_find_documents_quotes_and_entities_accents_ignored(ingestor):
    store = filled(ingestor)
    found = store.search("segou market")
    assert [d["title"] for d in found.documents] == ["Gunmen attack Ségou market"]
    assert [q["speaker"] for q in store.search("buried dawn").quotes] == ["Awa Traoré"]
    assert store.quotes_matching("buried dawn") == store.search("buried dawn").quotes
    assert store.quotes_matching('buried "') == store.search('buried "').quotes and store.quotes_matching(" ") == []
    assert "Awa Traoré" in [e["name"] for e in store.search("traore").entities]
    assert store.search("niamey convoys").total == 1 and store.search("nowhere").total == 0


def test_facets_and_filters(ingestor):
    store = filled(ingestor)
    everything = store.search("Ségou OR Niamey")
    assert everything.total == 2
    assert dict(everything.facets["type"]).get("violence_against_civilians") == 1
    assert store.search("Ségou OR Niamey", SearchFilter(type="violence_against_civilians")).total == 1


def test_queries_that_are_not_fts_syntax_are_searched_as_words(ingestor):
    store = filled(ingestor)
    assert fts_query("Ségou market") == '"Ségou" "market"'
    assert store.search('market "').total == 1 and store.search('(market').total == 1
    assert store.search("   ").total == 0


def test_a_store_without_the_index_gets_it_on_upgrade(tmp_path, ingestor):
    path = tmp_path / "old.db"
    with Store.open(path) as store, store.engine.begin() as conn:
        for index in ("search_documents", "search_quotes", "search_entities"):
            conn.execute(text(f"DROP TABLE {index}"))
        for trigger in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars().all():
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.search("anything").total == 0


def test_the_index_follows_a_change_of_its_own_columns_only_and_an_older_store_gets_that_on_upgrade(tmp_path):
    """A note written to a document (its analysis was cut short, say) leaves its text in the index as it
    was: taking a long text out of the index and putting it back cost a writer tens of megabytes."""
    path = tmp_path / "old.db"
    with Store.open(path) as store, store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER search_documents_update"))
        conn.execute(text("CREATE TRIGGER search_documents_update AFTER UPDATE ON documents BEGIN SELECT 1; END"))
        conn.execute(text("UPDATE meta SET value = '8' WHERE key = 'schema_version'"))
    with Store.open(path) as store, store.engine.connect() as conn:
        triggers = conn.execute(text("SELECT sql FROM sqlite_master WHERE name LIKE 'search_%_update'")).scalars()
        assert sorted(" ".join(t.split(" BEGIN")[0].split()[4:]) for t in triggers) == [
            "UPDATE OF alias ON entity_aliases", "UPDATE OF speaker, text ON quotes", "UPDATE OF title, text ON documents"]


@given(st.text(max_size=60))
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_is_answered_or_refused_with_a_reason(ingestor, query):
    store = ingestor.store
    if not store.search("Ségou").total:
        filled(ingestor)
    try:
        result = store.search(query)
    except QueryError as refused:
        assert str(refused).startswith("the query cannot run: ")
    else:
        assert result.total >= len(result.documents) >= 0


def test_a_query_fts5_parses_but_cannot_run_is_refused_with_the_reason(ingestor):
    store = filled(ingestor)
    found = store.search('segou AND title:segou')  # a column of documents, not of quotes or entities
    assert found.total == 1 and found.quotes == [] and found.entities == []
    with pytest.raises(QueryError, match="the query cannot run: no such column: speaker_of"):
        store.search('market AND speaker_of:nobody')


def test_a_word_in_most_documents_is_ranked_among_the_latest_and_counted_up_to_a_bound(ingestor, monkeypatch):
    from sitrep.store import search
    for n in range(6):
        ingestor.add(RawInput(f"w{n}.txt", f"Report {n} on the well\n\nVillagers of hamlet {n} dug a new well "
                                           f"{'and a second well ' * n}near the road.".encode(), "text"))
    store = ingestor.store
    everything = store.search("well")
    assert (everything.total, everything.capped, len(everything.documents)) == (6, False, 6)
    monkeypatch.setattr(search, "RECENT", 3)
    monkeypatch.setattr(search, "COUNTED", 4)
    monkeypatch.setattr(search, "CANDIDATES", 3)
    bounded = store.search("well")
    assert (bounded.total, bounded.capped) == (4, True)  # four or more
    assert sorted(d["title"] for d in bounded.documents) == [f"Report {n} on the well" for n in (3, 4, 5)]  # the latest
