"""The store's tables: one schema for the whole pipeline, versioned.

ingest    documents (clean text, metadata, raw input, fingerprint), runs, copy_bands (each document's
          LSH band keys, the index of the copy check; schema version 7)
language  sentences, entities, entity_aliases, mentions, roles, time_expressions, quotes, figures
geo       places, place_mentions
events    events, event_actors, event_evidence, incidents, incident_members (each report's incident at
          the last build, kept through reprocessing so that incidents keep their ids; schema version 3),
          incident_aliases (the ids of incidents merged into others, and where they went)
analysts  decisions (merges, splits, confirmations, rejections that survive reprocessing; an undone
          one is kept with the time it was undone)
tallies   document_tally, row_tally, incident_days, incident_regions: the overview's sums, kept by
          triggers as the counted rows are written (tallies.py; schema version 10); entity_names, how
          often each text names an entity (schema version 12)
search    SQLite: search_documents, search_quotes, search_entities, FTS5 indexes kept in step
          with their tables by triggers (SEARCH_DDL; schema version 2). PostgreSQL: a tsvector
          column generated on documents (in the document's language), quotes and entity_aliases,
          each with a GIN index (SERVER_DDL)

Offsets (start, end) are character offsets into documents.text.
"""

from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text, func, literal_column, text)

SCHEMA_VERSION = 12

metadata = MetaData()


def _doc_fk() -> Column:
    return Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def _span() -> list[Column]:
    return [Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)]


meta = Table("meta", metadata,
             Column("key", String, primary_key=True),
             Column("value", String, nullable=False))

runs = Table("runs", metadata,
             Column("id", Integer, primary_key=True, autoincrement=True),
             Column("command", String, nullable=False),
             Column("arguments", JSON, nullable=False),
             Column("sitrep_version", String, nullable=False),
             Column("started_at", String, nullable=False),
             Column("finished_at", String),
             Column("stats", JSON))

documents = Table("documents", metadata,
                  Column("id", String, primary_key=True),
                  Column("source", String, nullable=False),
                  Column("url", String),
                  Column("title", String),
                  Column("outlet", String),
                  Column("published", String),
                  Column("authors", JSON, nullable=False),
                  Column("agencies", JSON, nullable=False),
                  Column("language", String),
                  Column("language_score", Float),
                  Column("text", Text, nullable=False),
                  Column("raw", LargeBinary, nullable=False),
                  Column("raw_kind", String, nullable=False),
                  Column("encoding", String, nullable=False),
                  Column("fingerprint", LargeBinary, nullable=False),
                  Column("shingles", Integer, nullable=False),
                  Column("duplicate_of", String, ForeignKey("documents.id")),
                  Column("run_id", Integer, ForeignKey("runs.id")),
                  Column("ingested_at", String, nullable=False),
                  Column("analysis_note", String),  # why the language stage skipped it, if it did
                  Index("ix_documents_copies", "duplicate_of", sqlite_where=text("duplicate_of IS NOT NULL"),
                        postgresql_where=text("duplicate_of IS NOT NULL")),  # copies only (migration 6)
                  Index("ix_documents_published", "published"),
                  Index("ix_documents_noted", "id", sqlite_where=text("analysis_note IS NOT NULL"),
                        postgresql_where=text("analysis_note IS NOT NULL")))  # the few with a note (schema 11)

copy_bands = Table("copy_bands", metadata,  # the candidates for a text's copy check: one lookup of its keys
                   Column("key", BigInteger, primary_key=True),
                   Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
                   sqlite_with_rowid=False)

sentences = Table("sentences", metadata,
                  Column("id", Integer, primary_key=True),
                  _doc_fk(), Column("position", Integer, nullable=False), *_span(),
                  Index("ix_sentences_document", "document_id"))

entities = Table("entities", metadata,
                 Column("id", String, primary_key=True),
                 Column("name", String, nullable=False),
                 Column("type", String, nullable=False),
                 Column("actor_type", String),
                 Column("country", String),
                 Column("mentions", Integer, nullable=False, default=0, server_default="0"))  # kept by the writes

entity_aliases = Table("entity_aliases", metadata,
                       Column("entity_id", String, ForeignKey("entities.id", ondelete="CASCADE"),
                              primary_key=True),
                       Column("alias", String, primary_key=True))

time_expressions = Table("time_expressions", metadata,
                         Column("id", Integer, primary_key=True),
                         _doc_fk(), *_span(),
                         Column("text", String, nullable=False),
                         Column("date_start", String), Column("date_end", String),
                         Column("precision", String, nullable=False),
                         Index("ix_time_expressions_document", "document_id"))

mentions = Table("mentions", metadata,
                 Column("id", Integer, primary_key=True),
                 _doc_fk(), Column("entity_id", String, ForeignKey("entities.id")), *_span(),
                 Column("text", String, nullable=False),
                 Column("label", String, nullable=False),
                 Index("ix_mentions_document", "document_id"))

roles = Table("roles", metadata,
              Column("id", Integer, primary_key=True),
              Column("entity_id", String, ForeignKey("entities.id"), nullable=False),
              _doc_fk(), Column("role", String, nullable=False), Column("date", String), *_span())

places = Table("places", metadata,
               Column("id", String, primary_key=True),
               Column("geonames_id", BigInteger),
               Column("name", String, nullable=False),
               Column("country", String),
               Column("admin1", String),
               Column("admin2", String),
               Column("lat", Float),
               Column("lon", Float),
               Column("kind", String),
               Column("population", BigInteger),
               Column("mentions", Integer, nullable=False, default=0, server_default="0"))  # kept by the writes

place_mentions = Table("place_mentions", metadata,
                       Column("id", Integer, primary_key=True),
                       _doc_fk(), Column("place_id", String, ForeignKey("places.id")), *_span(),
                       Column("text", String, nullable=False),
                       Column("precision", String),
                       Column("score", Float),
                       Column("reason", String),
                       Index("ix_place_mentions_document", "document_id"))

incidents = Table("incidents", metadata,
                  Column("id", String, primary_key=True),
                  Column("type", String, nullable=False),
                  Column("date_start", String), Column("date_end", String),
                  Column("place_id", String, ForeignKey("places.id")),
                  Column("fatalities_low", Integer), Column("fatalities_high", Integer),
                  Column("disagreement", Boolean, nullable=False, default=False),
                  Column("summary", Text))

events = Table("events", metadata,
               Column("id", String, primary_key=True),
               _doc_fk(),
               Column("type", String, nullable=False),
               Column("sub_type", String),
               Column("date_start", String), Column("date_end", String),
               Column("date_precision", String),
               Column("place_id", String, ForeignKey("places.id")),
               Column("geo_precision", Integer),
               Column("fatalities_low", Integer), Column("fatalities_high", Integer),
               Column("alleged", Boolean, nullable=False, default=False),
               Column("status", String, nullable=False, default="reported"),
               Column("incident_id", String, ForeignKey("incidents.id")),
               Column("summary", Text),
               Index("ix_events_document", "document_id"), Index("ix_events_incident", "incident_id"))

event_actors = Table("event_actors", metadata,
                     Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
                     Column("role", String, nullable=False),  # actor | target
                     Column("entity_id", String, ForeignKey("entities.id")),
                     Column("name", String, nullable=False),
                     Column("date_start", String),  # the event's (schema version 11): an entity's latest events
                     Index("ix_event_actors_event", "event_id"), Index("ix_event_actors_name_date", "name", "date_start"))

event_evidence = Table("event_evidence", metadata,
                       Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
                       _doc_fk(), *_span(),
                       Index("ix_event_evidence_event", "event_id"))

quotes = Table("quotes", metadata,
               Column("id", String, primary_key=True),
               _doc_fk(),
               Column("speaker_entity_id", String, ForeignKey("entities.id")),
               Column("speaker", String),
               Column("speaker_role", String),
               Column("text", Text, nullable=False),
               Column("direct", Boolean, nullable=False),
               Column("nested", Boolean, nullable=False, default=False),
               *_span(),
               Index("ix_quotes_document", "document_id"))

figures = Table("figures", metadata,
                Column("id", String, primary_key=True),
                _doc_fk(),
                Column("subject", String), Column("measure", String), Column("as_reported", String),
                Column("value_low", Float), Column("value_high", Float),
                Column("unit", String), Column("qualifier", String),
                Column("attributed_to", String), Column("date", String),
                *_span(),
                Index("ix_figures_document", "document_id"))

decisions = Table("decisions", metadata,
                  Column("id", Integer, primary_key=True),
                  Column("kind", String, nullable=False),  # merge | split | confirm | reject
                  Column("subject", String, nullable=False),
                  Column("object", String),
                  Column("note", Text),
                  Column("created_at", String, nullable=False),
                  Column("undone_at", String))


incident_members = Table("incident_members", metadata,
                         Column("event_id", String, primary_key=True),
                         Column("incident_id", String, nullable=False))

incident_aliases = Table("incident_aliases", metadata,
                         Column("alias", String, primary_key=True),
                         Column("incident_id", String, nullable=False))

# Tallies (schema version 10; their triggers: tallies.py). A group's text columns hold '' for none.
document_tally = Table("document_tally", metadata,
                       Column("language", String, primary_key=True), Column("outlet", String, primary_key=True),
                       Column("copies", Integer, primary_key=True),  # 1: the copies, 0: the originals
                       Column("n", Integer, nullable=False))
row_tally = Table("row_tally", metadata,
                  Column("name", String, primary_key=True),  # the table counted
                  Column("n", Integer, nullable=False))
incident_days = Table("incident_days", metadata,
                      Column("type", String, primary_key=True), Column("date_start", String, primary_key=True),
                      Column("date_end", String, primary_key=True),
                      Column("n", Integer, nullable=False), Column("dead", Integer, nullable=False))
incident_regions = Table("incident_regions", metadata,
                         Column("placed", Integer, primary_key=True),  # 0: the incidents with no place
                         Column("country", String, primary_key=True), Column("admin1", String, primary_key=True),
                         Column("n", Integer, nullable=False), Column("dead", Integer, nullable=False),
                         Column("disputed", Integer, nullable=False))
entity_names = Table("entity_names", metadata,  # how often each text names an entity (schema version 12)
                     Column("entity_id", String, primary_key=True), Column("text", String, primary_key=True),
                     Column("n", Integer, nullable=False))
TALLY_TABLES = (document_tally, row_tally, incident_days, incident_regions, entity_names)

# Listing (schema version 4): every list pages through an index in its own order (the incidents',
# the most dead first, none reported last), every filter has one, and entities and places carry
# how often they are named, kept by the writes, so the most named come first without a count.
# Schema version 6: what merging only what changed looks up (decisions by either report, an
# incident's former reports).
# The constants of an ordering are written into the SQL, not bound: a database matches an ORDER BY to an index
# on expressions by their text, and `coalesce(x, ?)` is not `coalesce(x, -1)` (it sorted every incident).
_NONE_REPORTED, _UNDATED = literal_column("-1"), literal_column("''")
RANK = (func.coalesce(incidents.c.fatalities_low, _NONE_REPORTED), func.coalesce(incidents.c.date_start, _UNDATED),
        incidents.c.id)
LATEST = (func.coalesce(incidents.c.date_start, _UNDATED), incidents.c.id)
EVENT_ORDER = (events.c.document_id, func.length(events.c.id), events.c.id)  # a document's events in text order
QUOTE_ORDER = (quotes.c.document_id, quotes.c.start, func.length(quotes.c.id), quotes.c.id)
FIGURE_ORDER = (figures.c.document_id, figures.c.start, func.length(figures.c.id), figures.c.id)
LISTING_INDEXES = (
    Index("ix_incidents_listed", *RANK),
    Index("ix_incidents_latest", *LATEST),
    Index("ix_events_listed", *EVENT_ORDER),
    Index("ix_events_place_date", events.c.place_id, events.c.date_start),
    Index("ix_events_type_date", events.c.type, events.c.date_start),
    Index("ix_events_date_end", events.c.date_end),
    Index("ix_places_country", places.c.country, places.c.admin1),
    Index("ix_mentions_entity_text", mentions.c.entity_id, mentions.c.text, mentions.c.id),
    Index("ix_mentions_entity_document", mentions.c.entity_id, mentions.c.document_id),
    Index("ix_place_mentions_place_text", place_mentions.c.place_id, place_mentions.c.text, place_mentions.c.id),
    Index("ix_place_mentions_place_document", place_mentions.c.place_id, place_mentions.c.document_id),
    Index("ix_roles_entity", roles.c.entity_id),
    Index("ix_quotes_listed", *QUOTE_ORDER),
    Index("ix_quotes_speaker", quotes.c.speaker_entity_id),
    Index("ix_quotes_speaker_name", func.lower(quotes.c.speaker)),
    Index("ix_figures_listed", *FIGURE_ORDER),
    Index("ix_figures_attributed", func.lower(figures.c.attributed_to)),  # schema version 11
    Index("ix_documents_outlet", func.lower(documents.c.outlet)),  # schema version 11
    Index("ix_events_place_type", events.c.place_id, events.c.type),  # schema version 11
    Index("ix_decisions_subject", decisions.c.subject),
    Index("ix_decisions_object", decisions.c.object),
    Index("ix_incident_members_incident", incident_members.c.incident_id),
    Index("ix_entities_named", entities.c.mentions.desc(), entities.c.name, entities.c.id),
    Index("ix_places_named", places.c.mentions.desc(), places.c.name, places.c.id),
)


# Full-text search (FTS5, external content): each index follows its table through triggers, so
# every writer keeps it current and readers never rebuild it.
_INDEXED = {  # index: (table, key column, indexed columns)
    "search_documents": ("documents", "rowid", ("title", "text")),
    "search_quotes": ("quotes", "rowid", ("speaker", "text")),
    "search_entities": ("entity_aliases", "rowid", ("alias",)),
}


def _search_ddl() -> list[str]:
    statements = []
    for index, (table, key, columns) in _INDEXED.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        statements += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({cols}, content=[{table}], content_rowid='{key}', "
            "tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.{key}, {new}); END",
            f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.{key}, {old}); END",
            f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.{key}, {old}); "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.{key}, {new}); END",
        ]
    return statements


SEARCH_DDL = _search_ddl()  # content=[table], as Datasette recognises a table's full-text index
SEARCH_INDEXES = tuple(_INDEXED)
SEARCH_TRIGGERS = tuple(f"{index}_{when}" for index in _INDEXED for when in ("insert", "delete", "update"))

# Views for readers of the SQLite file (Datasette, pandas): each report of an event with its document,
# place, participants and first evidence sentence, rejected ones left out; each incident with its place,
# reports, sources (a copy counted as its original) and outlets.
VIEWS = {
    "events_view": """SELECT e.id, e.document_id, d.title AS document_title, d.outlet, d.published, d.url, e.type,
        e.sub_type, e.date_start, e.date_end, e.date_precision, p.name AS place, p.country, p.admin1, p.admin2,
        p.lat, p.lon, e.geo_precision,
        (SELECT group_concat(a.name, '; ') FROM event_actors a WHERE a.event_id = e.id AND a.role = 'actor') AS actors,
        (SELECT group_concat(a.name, '; ') FROM event_actors a WHERE a.event_id = e.id AND a.role = 'target')
            AS targets,
        e.fatalities_low, e.fatalities_high, e.alleged, e.incident_id,
        (SELECT substr(d.text, v.start + 1, v."end" - v.start) FROM event_evidence v WHERE v.event_id = e.id
         ORDER BY v.start LIMIT 1) AS evidence
        FROM events e JOIN documents d ON d.id = e.document_id LEFT JOIN places p ON p.id = e.place_id
        WHERE e.id NOT IN (SELECT subject FROM decisions WHERE kind = 'reject' AND undone_at IS NULL)""",
    "incidents_view": """SELECT i.id, i.type, i.date_start, i.date_end, p.name AS place, p.country, p.admin1, p.admin2,
        p.lat, p.lon, i.fatalities_low, i.fatalities_high, i.disagreement,
        (SELECT count(*) FROM events e WHERE e.incident_id = i.id) AS reports,
        (SELECT count(DISTINCT coalesce(d.duplicate_of, d.id)) FROM events e JOIN documents d ON d.id = e.document_id
         WHERE e.incident_id = i.id) AS sources,
        (SELECT group_concat(DISTINCT d.outlet) FROM events e JOIN documents d ON d.id = e.document_id
         WHERE e.incident_id = i.id) AS outlets
        FROM incidents i LEFT JOIN places p ON p.id = i.place_id""",
}


def _tsvector(config_of: str, words: str) -> str:
    return f"tsvector GENERATED ALWAYS AS ({config_of.format(words=words)}) STORED"


_IN_LANGUAGE = ("CASE language WHEN 'en' THEN to_tsvector('english', {words}) "
                "WHEN 'fr' THEN to_tsvector('french', {words}) ELSE to_tsvector('simple', {words}) END")
_SIMPLE = "to_tsvector('simple', {words})"

# PostgreSQL: documents get a `rowid` as SQLite's (their ingest order: writers take the store's lock
# before they insert, so it grows in commit order), and each searched table its tsvector and GIN index.
SERVER_DDL = [
    "ALTER TABLE documents ADD COLUMN rowid BIGSERIAL UNIQUE",
    "ALTER TABLE documents ADD COLUMN search "
    + _tsvector(_IN_LANGUAGE, "coalesce(title, '') || ' ' || text"),
    "ALTER TABLE quotes ADD COLUMN search " + _tsvector(_SIMPLE, "coalesce(speaker, '') || ' ' || text"),
    "ALTER TABLE entity_aliases ADD COLUMN search " + _tsvector(_SIMPLE, "alias"),
    *(f"CREATE INDEX ix_{table}_search ON {table} USING GIN (search)" for table in ("documents", "quotes",
                                                                                      "entity_aliases")),
]
