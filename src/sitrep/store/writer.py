"""Writes, one transaction at a time. A `Writer` is one write transaction that holds the store's
write lock from its first statement to its commit, so that what the pipeline decides from what it
reads there (is this document stored? which stored original does it copy?) still holds when it
writes, whichever other processes write to the same store.

Every write that changes the events of originals also leaves the mark `incidents_pending` in the
same transaction; rebuilding the incidents removes it in the rebuild's own. A crash between the two
leaves the mark, and the next command that writes completes the work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, delete, select, update

from ..events.incidents import Decision, EventRef, Incident
from ..records import Analysis, Document, Metadata
from . import schema as s
from .analysis import clear_analysis, write_analysis
from .copies import originals_sharing, write_bands
from .engine import insert_new
from .decisions import add_decision, merges_and_splits, undo_decision
from .merging import Merging, event_refs, forget_gone, previous_members, unsettle, write_incidents

if TYPE_CHECKING:
    from ..ingest.dedup import Fingerprint

PENDING = "incidents_pending"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def incidents_pending(conn: Connection) -> bool:
    return conn.scalar(select(s.meta.c.value).where(s.meta.c.key == PENDING)) is not None


class Writer:
    """One write transaction over the store (`Store.writing()`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def has_document(self, doc_id: str) -> bool:
        return self.conn.scalar(select(s.documents.c.id).where(s.documents.c.id == doc_id)) is not None

    def published(self, doc_id: str) -> str | None:
        return self.conn.scalar(select(s.documents.c.published).where(s.documents.c.id == doc_id))

    def copy_candidates(self, print_: Fingerprint) -> list[tuple[str, Fingerprint]]:
        """The stored originals that share a band key with this fingerprint (copies.originals_sharing)."""
        return originals_sharing(self.conn, print_.bands())

    def document(self, doc_id: str) -> Document | None:
        row = self.conn.execute(select(s.documents).where(s.documents.c.id == doc_id)).first()
        return None if row is None else document_from_row(row._mapping)

    def add_document(self, doc: Document, fingerprint: Fingerprint, *, analysis: Analysis | None = None,
                     run_id: int | None = None, supersedes: str | None = None,
                     superseded_analysis: Analysis | None = None) -> bool:
        """Store a document and its analysis; False (and nothing written) when it is stored already.
        With `supersedes`, that original and its copies become copies of this document, and its analysis
        is replaced by `superseded_analysis`, what it finds in the lines it adds (as a copy's would be):
        the store is the same whichever of the two came first."""
        added = self.conn.execute(insert_new(self.conn, s.documents).values(_document_row(doc, fingerprint, run_id)))
        if added.rowcount == 0:
            return False
        write_bands(self.conn, [(doc.id, fingerprint)])
        if supersedes:
            d = s.documents
            self.conn.execute(update(d).where((d.c.id == supersedes) | (d.c.duplicate_of == supersedes))
                              .values(duplicate_of=doc.id))
            with self._changing(s.events.c.document_id == supersedes):
                clear_analysis(self.conn, supersedes)
                if superseded_analysis is not None:
                    write_analysis(self.conn, supersedes, superseded_analysis, replace=False)
        if analysis is not None:
            write_analysis(self.conn, doc.id, analysis, replace=False)
        self._mark_pending()
        return True

    def replace_analysis(self, doc_id: str, analysis: Analysis) -> None:
        with self._changing(s.events.c.document_id == doc_id):
            write_analysis(self.conn, doc_id, analysis, replace=True)

    def add_decision(self, decision: Decision, note: str | None) -> int:
        with self._changing(s.events.c.id.in_([e for e in (decision.event, decision.other) if e])):
            return add_decision(self.conn, decision, note)

    def undo_decision(self, number: int) -> dict[str, Any]:
        dc = s.decisions
        named = select(dc.c.subject).where(dc.c.id == number).union(select(dc.c.object).where(dc.c.id == number))
        with self._changing(s.events.c.id.in_(named)):
            return undo_decision(self.conn, number)

    @contextmanager
    def _changing(self, events: ColumnElement) -> Iterator[None]:
        """The events that meet the condition `events` change, go or leave merging in the block: their
        incidents, and those that depend on them, are due to merge again (merging.unsettle)."""
        changing = unsettle(self.conn, events)
        yield
        forget_gone(self.conn, changing)
        self._mark_pending()

    def merging(self) -> Merging:
        """The reads and writes of a rebuild of only what changed."""
        return Merging(self.conn)

    def incidents_built(self) -> None:
        """The rebuild is done: no longer pending."""
        self.conn.execute(delete(s.meta).where(s.meta.c.key == PENDING))

    def incident_inputs(self) -> tuple[list[EventRef], list[Decision], dict[str, str]]:
        """What merging needs: every original's events (in id order, so that the merge does not depend
        on the order documents were stored in), the analysts' decisions that stand, and each report's
        incident at the last build."""
        return event_refs(self.conn), merges_and_splits(self.conn), previous_members(self.conn)

    def write_incidents(self, incidents: list[Incident], successors: dict[str, str]) -> None:
        """Replace every incident (see incidents.write_incidents); the rebuild is no longer pending."""
        write_incidents(self.conn, incidents, successors)
        self.incidents_built()

    def incidents_pending(self) -> bool:
        return incidents_pending(self.conn)

    def _mark_pending(self) -> None:
        self.conn.execute(insert_new(self.conn, s.meta).values(key=PENDING, value=_now()))


def document_from_row(row: Any) -> Document:
    meta = Metadata(title=row["title"], outlet=row["outlet"], url=row["url"], published=row["published"],
                    authors=tuple(row["authors"]), agencies=tuple(row["agencies"]),
                    language=row["language"], language_score=row["language_score"])
    return Document(id=row["id"], source=row["source"], text=row["text"], meta=meta, raw=row["raw"],
                    raw_kind=row["raw_kind"], encoding=row["encoding"], duplicate_of=row["duplicate_of"])


def _document_row(doc: Document, fingerprint: Fingerprint, run_id: int | None) -> dict[str, Any]:
    return dict(id=doc.id, source=doc.source, url=doc.meta.url, title=doc.meta.title, outlet=doc.meta.outlet,
                published=doc.meta.published, authors=list(doc.meta.authors), agencies=list(doc.meta.agencies),
                language=doc.meta.language, language_score=doc.meta.language_score, text=doc.text, raw=doc.raw,
                raw_kind=doc.raw_kind, encoding=doc.encoding, fingerprint=fingerprint.to_bytes(),
                shingles=fingerprint.shingles, duplicate_of=doc.duplicate_of, run_id=run_id, ingested_at=_now())
