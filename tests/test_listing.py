"""Lists read from the store a page at a time: the same records in the same order as one read gives,
entities and places counted as they are written, a store of the previous schema upgraded to it."""

import json

from click.testing import CliRunner
from sqlalchemy import func, select, text

from sitrep.cli import cli
from sitrep.ingest.dedup import fingerprint, normalised_words
from sitrep.rebuild import rebuild_incidents
from sitrep.records import Analysis, Document, Entity, Event, EventFilter, Mention, Metadata, PlaceMention, Quote
from sitrep.store import schema as s
from sitrep.store.migrations import migrate
from sitrep.store.paging import chunks, keyset

TOWNS = [("Gao", 2457163, "Gao"), ("Mopti", 2453348, "Mopti"), ("Kidal", 2455290, "Kidal")]
NAMES = ["Northern Front", "River Brigade", "Desert Council"]


def article(n: int) -> tuple[Document, Analysis]:
    """Article n: two sentences, each an attack by a group near a town, and a quote."""
    sentences, events, mentions, places = [], [], [], []
    for k in range(2):
        group, (town, geonames_id, region) = NAMES[(n + k) % 3], TOWNS[(n * 2 + k) % 3]
        start = sum(len(x) + 1 for x in sentences)
        sentence = f"{group} attacked a post near {town} on Monday."
        sentences.append(sentence)
        place = PlaceMention(start + sentence.index(town), start + sentence.index(town) + len(town), town, "test",
                             geonames_id=geonames_id, name=town, kind="populated_place", country="ML",
                             admin1=region, lat=15.0 + k, lon=-1.0 - k, precision=1)
        places.append(place)
        mentions.append(Mention(start, start + len(group), group, "ORG", f"org:{group.lower()}"))
        day = f"2025-03-{1 + n % 27:02d}"
        events.append(Event(start, start + len(sentence), sentence, "battles", "armed_clash", (group,), (), place,
                            day, day, "day", n % 4 or None, n % 4 or None, False))
    quote_at = sum(len(x) + 1 for x in sentences)
    sentences.append("“We will hold,” a commander said.")
    body = " ".join(sentences)
    entities = tuple(Entity(m.entity_key, m.text, "ORG") for m in {m.entity_key: m for m in mentions}.values())
    analysis = Analysis("en", mentions=tuple(mentions), entities=entities, places=tuple(places), events=tuple(events),
                        quotes=(Quote(quote_at, len(body), "We will hold", None, None, None, True),))
    doc = Document(id=f"doc-{n:03d}", source=f"{n}.txt", text=body, raw=body.encode(), raw_kind="text",
                   encoding="utf-8", meta=Metadata(title=f"Article {n}", outlet="Test Wire",
                                                   published="2025-03-28", language="en"))
    return doc, analysis


def filled(store, count: int = 12):
    for n in range(count):
        doc, analysis = article(n)
        store.add_document(doc, fingerprint(normalised_words(doc.text + str(n))), analysis=analysis)
    rebuild_incidents(store)
    return store


def counted(store, table, named_by) -> dict[str, int]:
    with store.engine.connect() as conn:
        kept = dict(conn.execute(select(table.c.id, table.c.mentions).where(table.c.mentions > 0)).all())
        found = dict(conn.execute(select(named_by, func.count()).where(named_by.is_not(None)).group_by(named_by)).all())
    return {"kept": kept, "counted": found}


def test_entities_and_places_count_their_mentions_as_documents_are_written_and_replaced(store):
    filled(store)
    doc, analysis = article(3)
    store.replace_analysis(doc.id, Analysis("en", mentions=analysis.mentions[:1], entities=analysis.entities[:1],
                                            places=analysis.places[:1]))
    for table, named_by in ((s.entities, s.mentions.c.entity_id), (s.places, s.place_mentions.c.place_id)):
        found = counted(store, table, named_by)
        assert found["kept"] == found["counted"] and sum(found["kept"].values()) > 12
    named = store.entities()
    assert [e.mentions for e in named] == sorted((e.mentions for e in named), reverse=True)
    assert store.count_entities() == len(named) == 3 and store.count_places() == len(store.places()) == 3


def test_a_page_of_a_list_is_that_part_of_the_whole_list(store):
    filled(store)
    for whole, part in ((store.events(), lambda: store.events(limit=5, offset=5)),
                        (store.incidents(), lambda: store.incidents(limit=5, offset=5)),
                        (store.quotes(), lambda: store.quotes(limit=5, offset=5)),
                        (store.entities(), lambda: store.entities(limit=1, offset=1)),
                        (store.places(), lambda: store.places(limit=1, offset=1))):
        size = 1 if len(part()) == 1 else 5
        assert part() == whole[size:2 * size]
    assert store.entities(documents=2)[0].documents == store.entities()[0].documents[:2]


def test_the_events_naming_a_participant_are_those_whose_actors_or_targets_hold_that_name(store):
    filled(store)
    named = store.events(naming="River Brigade")
    assert named and named == [e for e in store.events() if "River Brigade" in e["actors"] + e["targets"]]
    latest = store.events(limit=2, naming="River Brigade")  # the latest two, in the store's order
    assert store.events(naming="River") == [] and len(latest) == 2 and all(e in named for e in latest)
    assert min(e["date_start"] for e in latest) >= max(e["date_start"] for e in named if e not in latest)
    assert store.entity_id("river brigade") == "org:river brigade" and store.entity_id("Nobody") is None
    assert store.entities_named_in("doc-001") == [{"id": e.id, "name": e.name}
                                                  for e in store.entities(doc="doc-001", documents=0)]


def test_a_store_of_schema_7_gets_the_index_of_participants_by_name_and_date(store):
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_event_actors_name_date"))
        conn.execute(text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
        assert migrate(conn) == 7
        indexes = {row[1] for row in conn.execute(text("PRAGMA index_list(event_actors)"))}
    assert "ix_event_actors_name_date" in indexes and "ix_event_actors_name" not in indexes


def test_keyset_pages_read_every_row_once_in_order(store):
    filled(store)
    with store.engine.connect() as conn:
        query = select(s.events.c.id)
        one_read = list(conn.scalars(query.order_by(*s.EVENT_ORDER)))
        paged = [row.id for row in keyset(conn, query, s.EVENT_ORDER, page=5)]
        backwards = [row.id for row in keyset(conn, query, s.EVENT_ORDER, descending=True, page=7)]
    assert paged == one_read == backwards[::-1] and len(one_read) == 24
    assert [len(c) for c in chunks(range(7), 3)] == [3, 3, 1]


def test_the_command_line_streams_json_as_one_array(tmp_path):
    from sitrep.store import Store
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        filled(store)
        expected = {"events": store.events(), "incidents": store.incidents()}
    for command, records in expected.items():
        result = CliRunner().invoke(cli, [command, "--db", str(path), "--json"])
        assert result.exit_code == 0, result.output
        assert result.output == json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    empty = CliRunner().invoke(cli, ["events", "--db", str(path), "--json", "--country", "NE"])
    assert empty.stdout == "[]\n" and "--country" in empty.stderr


def test_a_store_of_schema_3_gets_the_listing_indexes_and_counts(store):
    filled(store)
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_events_listed"))
        conn.execute(s.entities.update().values(mentions=0))
        conn.execute(text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))
        assert migrate(conn) == 3
        indexes = {row[1] for row in conn.execute(text("PRAGMA index_list(events)"))}
    found = counted(store, s.entities, s.mentions.c.entity_id)
    assert "ix_events_listed" in indexes and found["kept"] == found["counted"]


def test_an_aggregate_is_read_again_once_any_process_writes(tmp_path):
    from sitrep.store import Store
    path = tmp_path / "s.db"
    with Store.open(path) as reader, Store.open(path) as writer:
        filled(writer, 4)
        assert reader.count_events() == 8
        with writer.engine.begin() as conn:  # behind the store's back: no write transaction of its own
            conn.execute(s.events.delete().where(s.events.c.document_id.in_(["doc-000", "doc-001"])))
        assert reader.count_events() == 8  # kept: as far as the store knows, nothing changed
        doc, analysis = article(7)
        writer.add_document(doc, fingerprint(normalised_words(doc.text + "again")), analysis=analysis)
        assert reader.count_events() == 6  # read again: four gone behind its back, two added
        assert reader.count_events(EventFilter(doc="doc-007")) == 2


def test_a_store_of_schema_10_gets_the_dossiers_indexes_its_participants_dates_and_names_tallied(store):
    filled(store)
    added = ("ix_event_actors_name_date", "ix_figures_attributed", "ix_documents_noted", "ix_documents_outlet",
             "ix_events_place_type")
    with store.engine.begin() as conn:
        for index in added:
            conn.execute(text(f"DROP INDEX {index}"))
        conn.execute(text("ALTER TABLE event_actors DROP COLUMN date_start"))
        conn.execute(text("DROP TABLE entity_names"))
        conn.execute(text("UPDATE meta SET value = '10' WHERE key = 'schema_version'"))
        assert migrate(conn) == 10
        indexes = {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
        undated = conn.scalar(text("SELECT count(*) FROM event_actors a JOIN events e ON e.id = a.event_id "
                                   "WHERE a.date_start IS NOT e.date_start"))
        names = conn.execute(text("SELECT entity_id, text, n FROM entity_names ORDER BY 1, 2")).all()
        counted = conn.execute(text("SELECT entity_id, text, count(*) FROM mentions WHERE entity_id IS NOT NULL "
                                    "GROUP BY 1, 2 ORDER BY 1, 2")).all()
    assert set(added) <= indexes and undated == 0 and names == counted and names
