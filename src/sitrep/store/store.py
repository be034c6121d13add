"""Reads and writes of the store. Stages hand it records; it hands records back.

Reads run in a snapshot; writes run through a `Writer`, one transaction each that holds the write
lock (engine.py), so a failure never leaves half a document behind or touches what was stored
before, and several processes may write to one store at once. A store opened read-only never writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, func, literal_column, select, text
from sqlalchemy.exc import DatabaseError, OperationalError

from .. import __version__
from ..errors import StoreError
from ..events.incidents import Decision
from ..records import Analysis, Document, EventFilter, Figure, Quote
from . import schema as s
from .analysis import (EntitySummary, PlaceSummary, count_entities, count_events, count_figures, count_places,
                       count_quotes, document_spans, entities_named_in, entity_id_named, entity_summaries,
                       event_dates, event_ids_starting, event_rows, figure_rows, place_summaries, quote_rows,
                       unresolved_places)
from .engine import WRITE, engine_for, is_url, shown
from .browse import DocumentQuery, count_documents, document_list, facet_values
from .decisions import decision_list
from .incidents import (count_incidents, current_ids, ids_starting, incident_dates, incident_ids, incident_points,
                        incident_totals, incidents_of)
from .memo import memoized, next_generation
from .migrations import prepare
from .review import recent_decisions, review_counts, review_queue
from .search import SearchFilter, SearchResult, quotes_matching, search
from .copies import originals_sharing
from .tallies import documents_by_group, incidents_by_region
from .writer import Writer, document_from_row, incidents_pending

if TYPE_CHECKING:
    from ..ingest.dedup import Fingerprint


STATISTICS_DUE = ("SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                  "AND n_mod_since_analyze > 50 + 0.1 * n_live_tup ORDER BY relname")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredCounts:
    documents: int
    originals: int
    copies: int
    by_language: dict[str, int]
    by_outlet: dict[str, int]


class Store:
    """An open store. `Store.open(":memory:")` gives a throwaway one for tests."""

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self.memo: dict[tuple, tuple[int, Any]] = {}  # aggregates read, and the generation they hold for

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False) -> Store:
        """Open (or, unless `readonly`, create) the store at `path`."""
        path = str(path)
        if readonly and path != ":memory:" and not is_url(path) and not Path(path).is_file():
            raise StoreError(f"no store at {Path(path).resolve()}; `sitrep ingest FILES` makes one of your articles, "
                             "`sitrep demo` one of the bundled demo corpus (--db or SITREP_DB names another store)")
        engine = engine_for(path, readonly=readonly)
        try:
            prepare(engine, readonly=readonly)
        except StoreError as exc:
            engine.dispose()
            raise exc if str(exc).startswith(shown(path)) else StoreError(f"{shown(path)}: {exc}") from exc
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            raise StoreError(f"{shown(path)}: cannot open as a sitrep store ({exc.orig}); "
                             "is it a SQLite file or PostgreSQL database written by sitrep?") from exc
        return cls(engine, readonly=readonly)

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write transaction, committed when the block ends (rolled back if it raises)."""
        if self.readonly:
            raise StoreError("this store was opened read-only")
        with self.engine.execution_options(**WRITE).begin() as conn:
            yield Writer(conn)
            next_generation(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(s.meta.c.value).where(s.meta.c.key == "schema_version")))

    # runs

    def start_run(self, command: str, arguments: list[str]) -> int:
        with self.writing() as w:
            return w.conn.execute(s.runs.insert().values(
                command=command, arguments=arguments, sitrep_version=__version__,
                started_at=_now())).inserted_primary_key[0]

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        with self.writing() as w:
            w.conn.execute(s.runs.update().where(s.runs.c.id == run_id)
                         .values(finished_at=_now(), stats=stats))

    # documents

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(select(s.documents.c.id).where(s.documents.c.id == doc_id)) is not None

    def add_document(self, doc: Document, fingerprint: Fingerprint, *, analysis: Analysis | None = None,
                     run_id: int | None = None, supersedes: str | None = None) -> bool:
        """Store one document and its analysis in one transaction (see Writer.add_document)."""
        with self.writing() as w:
            return w.add_document(doc, fingerprint, analysis=analysis, run_id=run_id, supersedes=supersedes)

    def replace_analysis(self, doc_id: str, analysis: Analysis) -> None:
        """Reprocessing: a document's analysis replaced in one transaction."""
        with self.writing() as w:
            w.replace_analysis(doc_id, analysis)

    def entities(self, *, doc: str | None = None, name: str | None = None, since: str | None = None,
                 types: tuple[str, ...] = (), limit: int | None = None, offset: int = 0,
                 documents: int | None = None) -> list[EntitySummary]:
        """Entities, the most named first; with `documents`, at most that many of each one's documents."""
        return list(self.each_entity(doc=doc, name=name, since=since, types=types, limit=limit, offset=offset,
                                     documents=documents))

    def each_entity(self, **filters: Any) -> Iterator[EntitySummary]:
        """What `entities` lists, one at a time."""
        with self.engine.connect() as conn:
            yield from entity_summaries(conn, **filters)

    def entities_named_in(self, doc_id: str) -> list[dict[str, str]]:
        """The id and name of each entity a document names, the most named in it first."""
        with self.engine.connect() as conn:
            return entities_named_in(conn, doc_id)

    def entity_id(self, name: str) -> str | None:
        """The id of the entity `entities(name=name)` lists first (None when none is so named)."""
        with self.engine.connect() as conn:
            return entity_id_named(conn, name)

    def count_entities(self, **filters: Any) -> int:
        """How many entities `entities` lists for these filters (not limit, offset, documents)."""
        with self.engine.connect() as conn:
            return count_entities(conn, **filters)

    def places(self, *, doc: str | None = None, country: str | None = None, since: str | None = None,
               limit: int | None = None, offset: int = 0, documents: int | None = None) -> list[PlaceSummary]:
        """Places, the most named first; with `documents`, at most that many of each one's documents."""
        return list(self.each_place(doc=doc, country=country, since=since, limit=limit, offset=offset,
                                    documents=documents))

    def each_place(self, **filters: Any) -> Iterator[PlaceSummary]:
        """What `places` lists, one at a time."""
        with self.engine.connect() as conn:
            yield from place_summaries(conn, **filters)

    def count_places(self, **filters: Any) -> int:
        """How many places `places` lists for these filters (not limit, offset, documents)."""
        with self.engine.connect() as conn:
            return count_places(conn, **filters)

    def events(self, where: EventFilter = EventFilter(), *, limit: int | None = None, offset: int = 0,
               naming: str | None = None) -> list[dict[str, Any]]:
        """Events as plain records (the JSON Lines `event` shape without its kind); with `naming`, only
        those with an actor or target of exactly that name."""
        return list(self.each_event(where, limit=limit, offset=offset, naming=naming))

    def each_event(self, where: EventFilter = EventFilter(), **page: Any) -> Iterator[dict[str, Any]]:
        """What `events` lists, one at a time (read a page at a time: constant memory)."""
        with self.engine.connect() as conn:
            yield from event_rows(conn, where, **page)

    def event_ids_starting(self, prefix: str) -> list[str]:
        """Up to ten ids of events (not rejected) starting with `prefix`."""
        with self.engine.connect() as conn:
            return event_ids_starting(conn, prefix)

    @memoized
    def count_events(self, where: EventFilter = EventFilter()) -> int:
        with self.engine.connect() as conn:
            return count_events(conn, where)

    def incidents(self, where: EventFilter = EventFilter(), *, limit: int | None = None, offset: int = 0,
                  ids: list[str] | None = None, disputed: bool = False, latest: bool = False) -> list[dict[str, Any]]:
        """Incidents with a report that matches (or these ids: the id of an incident merged into another
        gives that one), each with all its reports side by side; the most fatalities first, then the latest
        (with `latest`, the latest first); with `disputed`, only those whose sources disagree on the toll."""
        if ids is not None:
            with self.engine.connect() as conn:
                return list(incidents_of(conn, current_ids(conn, ids)))
        return list(self.each_incident(where, limit=limit, offset=offset, disputed=disputed, latest=latest))

    def each_incident(self, where: EventFilter = EventFilter(), **listing: Any) -> Iterator[dict[str, Any]]:
        """What `incidents` lists, one at a time (read a page at a time: constant memory)."""
        with self.engine.connect() as conn:
            yield from incidents_of(conn, incident_ids(conn, where, **listing))

    def incident_ids_starting(self, prefix: str) -> list[str]:
        """Up to ten incident ids (current ones, and former ones that lead to them) starting with `prefix`."""
        with self.engine.connect() as conn:
            return ids_starting(conn, prefix)

    @memoized
    def incident_points(self, where: EventFilter = EventFilter(), *, limit: int = 5000) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return incident_points(conn, where, limit=limit)

    @memoized
    def incident_dates(self, where: EventFilter = EventFilter()) -> list[tuple[str, str | None, str | None, int, int]]:
        """(type, date_start, date_end, how many, sum of their lowest tolls) of the matching incidents."""
        with self.engine.connect() as conn:
            return incident_dates(conn, where)

    @memoized
    def event_dates(self, where: EventFilter = EventFilter()) -> list[tuple[str, str, str]]:
        with self.engine.connect() as conn:
            return event_dates(conn, where)

    @memoized
    def count_incidents(self, where: EventFilter = EventFilter(), *, disputed: bool = False) -> int:
        with self.engine.connect() as conn:
            return count_incidents(conn, where, disputed=disputed)

    @memoized
    def incident_totals(self, where: EventFilter = EventFilter()) -> tuple[int, int]:
        """How many incidents match, and the sum of their lowest reported tolls (the incident list's totals)."""
        with self.engine.connect() as conn:
            return incident_totals(conn, where)

    def document_list(self, where: DocumentQuery = DocumentQuery(), *, limit: int = 50,
                      offset: int = 0) -> tuple[list[dict[str, Any]], tuple[int, int]]:
        """A page of originals that match (or whose copies do), with their counts and copies; and how many
        originals and copies the whole listing holds."""
        with self.engine.connect() as conn:
            return document_list(conn, where, limit=limit, offset=offset), count_documents(conn, where)

    @memoized
    def incidents_by_region(self, *, limit: int = 12) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return incidents_by_region(conn, limit=limit)

    @memoized
    def document_facets(self) -> dict[str, list[tuple[str, int]]]:
        with self.engine.connect() as conn:
            return facet_values(conn)

    def review_queue(self, *, limit: int = 1, offset: int = 0) -> list[str]:
        """Ids of events no analyst has confirmed or rejected yet, the latest stored first."""
        with self.engine.connect() as conn:
            return review_queue(conn, limit=limit, offset=offset)

    @memoized
    def review_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return review_counts(conn)

    def recent_decisions(self, *, limit: int = 10) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return recent_decisions(conn, limit=limit)

    def spans(self, doc_id: str) -> list[dict[str, Any]]:
        """What the analysis marked in a document's text: entity mentions, places, quotes, figures,
        event evidence; each with its offsets, kind, label and what it links to."""
        with self.engine.connect() as conn:
            return document_spans(conn, doc_id)

    def copies(self, doc_id: str) -> list[dict[str, Any]]:
        """The stored copies of a document (syndicated versions), or the original it copies."""
        d, this = s.documents, s.documents.alias("this")
        columns = select(d.c.id, d.c.outlet, d.c.title, d.c.published, d.c.duplicate_of)
        its_original = d.c.id == select(this.c.duplicate_of).where(this.c.id == doc_id).scalar_subquery()
        with self.engine.connect() as conn:  # two indexed reads (the subquery correlated read every document)
            rows = conn.execute(columns.where(d.c.duplicate_of == doc_id).union_all(columns.where(its_original)))
            return [dict(r._mapping) for r in rows]

    def search(self, query: str, where: SearchFilter = SearchFilter(), *, limit: int = 20,
               offset: int = 0) -> SearchResult:
        """Full-text search over documents, quotes and entity names, with facets."""
        with self.engine.connect() as conn:
            return search(conn, query, where, limit=limit, offset=offset)

    def quotes_matching(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """The best-ranked quotes that match a full-text query (search.quotes_matching)."""
        with self.engine.connect() as conn:
            return quotes_matching(conn, query, limit=limit)

    def incidents_pending(self) -> bool:
        """Whether documents were stored since the incidents were last built (a crash came between)."""
        with self.engine.connect() as conn:
            return incidents_pending(conn)

    def add_decision(self, decision: Decision, note: str | None = None) -> int:
        """Record an analyst's merge, split, confirmation or rejection (the incidents are then due); returns
        its number."""
        with self.writing() as w:
            return w.add_decision(decision, note)

    def undo_decision(self, number: int) -> dict[str, Any]:
        """Mark decision `number` undone (it is kept; the incidents are then due); returns it."""
        with self.writing() as w:
            return w.undo_decision(number)

    def decisions(self) -> list[dict[str, Any]]:
        """Every decision, the first made first, with its number and, if it was undone, when."""
        with self.engine.connect() as conn:
            return decision_list(conn)

    def refresh_statistics(self) -> None:
        """Statistics for the query planner, where they are due (after a large write): SQLite's optimize
        decides for itself; on PostgreSQL, the tables a tenth of whose rows changed since they were last
        analysed, as its autovacuum would (ANALYZE of the whole store took 0.9 s at 100,000 documents,
        after every ingest, a one-file one too)."""
        with self.writing() as w:
            if w.conn.dialect.name == "sqlite":
                w.conn.execute(text("PRAGMA optimize=0x10002"))
                return
            quote = w.conn.dialect.identifier_preparer.quote
            for table in w.conn.scalars(text(STATISTICS_DUE)).all():
                w.conn.execute(text(f"ANALYZE {quote(table)}"))

    def unresolved_places(self) -> list[tuple[str, str, int]]:
        with self.engine.connect() as conn:
            return unresolved_places(conn)

    def quotes(self, *, doc: str | None = None, entity: str | None = None, since: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[tuple[str, str, Quote]]:
        """(quote id, document id, quote) in document order."""
        return list(self.each_quote(doc=doc, entity=entity, since=since, limit=limit, offset=offset))

    def each_quote(self, **filters: Any) -> Iterator[tuple[str, str, Quote]]:
        """What `quotes` lists, one at a time (read a page at a time: constant memory)."""
        with self.engine.connect() as conn:
            yield from quote_rows(conn, **filters)

    def count_quotes(self, **filters: Any) -> int:
        """How many quotes `quotes` lists for these filters (not limit, offset)."""
        with self.engine.connect() as conn:
            return count_quotes(conn, **filters)

    def figures(self, *, doc: str | None = None, entity: str | None = None, since: str | None = None,
                attributed_to: tuple[str, ...] = (), limit: int | None = None,
                offset: int = 0) -> list[tuple[str, str, Figure]]:
        """(figure id, document id, figure) in document order (analysis.figure_rows)."""
        return list(self.each_figure(doc=doc, entity=entity, since=since, attributed_to=attributed_to, limit=limit,
                                     offset=offset))

    def each_figure(self, **filters: Any) -> Iterator[tuple[str, str, Figure]]:
        """What `figures` lists, one at a time (read a page at a time: constant memory)."""
        with self.engine.connect() as conn:
            yield from figure_rows(conn, **filters)

    def count_figures(self, **filters: Any) -> int:
        """How many figures `figures` lists for these filters (not limit, offset)."""
        with self.engine.connect() as conn:
            return count_figures(conn, **filters)

    def document(self, doc_id: str) -> Document | None:
        return next(self.documents(ids=[doc_id]), None)

    def documents(self, *, ids: list[str] | None = None, language: str | None = None,
                  outlet: str | None = None, since: str | None = None, originals_only: bool = False,
                  limit: int | None = None, offset: int = 0) -> Iterator[Document]:
        query = _documents_query(select(s.documents), ids=ids, language=language, outlet=outlet, since=since,
                                 originals_only=originals_only)
        with self.engine.connect() as conn:
            for row in conn.execute(query.order_by(literal_column("documents.rowid")).limit(limit).offset(offset)):
                yield document_from_row(row._mapping)  # in ingest order

    def count_documents(self, *, language: str | None = None, outlet: str | None = None,
                        since: str | None = None, originals_only: bool = False) -> int:
        query = _documents_query(select(func.count()).select_from(s.documents), ids=None, language=language,
                                 outlet=outlet, since=since, originals_only=originals_only)
        with self.engine.connect() as conn:
            return conn.scalar(query)

    def copy_candidates(self, print_: Fingerprint) -> list[tuple[str, Fingerprint]]:
        """The stored originals that share a band key with this fingerprint (copies.originals_sharing)."""
        with self.engine.connect() as conn:
            return originals_sharing(conn, print_.bands())

    def analysis_notes(self, ids: list[str] | None = None) -> dict[str, str]:
        """Why the language stage skipped a document, or read only part of it, for documents that have a note."""
        d = s.documents
        query = select(d.c.id, d.c.analysis_note).where(d.c.analysis_note.is_not(None))
        with self.engine.connect() as conn:
            return dict(conn.execute(query if ids is None else query.where(d.c.id.in_(ids))).all())

    def stored_by(self, doc_id: str) -> tuple[int | None, str, str | None] | None:
        """The run that stored a document, the input it came from, and the original it copies (None
        when it is not stored)."""
        d = s.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(d.c.run_id, d.c.source, d.c.duplicate_of).where(d.c.id == doc_id)).first()
        return None if row is None else (row.run_id, row.source, row.duplicate_of)

    def published(self, doc_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(s.documents.c.published).where(s.documents.c.id == doc_id))

    @memoized
    def counts(self) -> StoredCounts:
        """The documents, originals and copies, by language and by outlet (the most first; from their tally)."""
        with self.engine.connect() as conn:
            groups = documents_by_group(conn)
        by_language, by_outlet = Counter(), Counter()
        for language, outlet, _, n in groups:
            by_language[language or "unknown"] += n
            by_outlet[outlet or "unknown"] += n
        total, copies = sum(g[3] for g in groups), sum(g[3] for g in groups if g[2])
        return StoredCounts(total, total - copies, copies, dict(by_language.most_common()), dict(by_outlet.most_common()))


def _documents_query(query: Select, *, ids: list[str] | None, language: str | None, outlet: str | None,
                     since: str | None, originals_only: bool) -> Select:
    d = s.documents
    if ids is not None:
        query = query.where(d.c.id.in_(ids))
    if language:
        query = query.where(func.lower(d.c.language) == language.lower())
    if outlet:
        query = query.where(func.lower(d.c.outlet) == outlet.lower())
    if since:
        query = query.where(d.c.published >= since)
    if originals_only:
        query = query.where(d.c.duplicate_of.is_(None))
    return query
