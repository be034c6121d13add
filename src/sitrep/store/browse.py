"""What browsing the store needs beyond single records: documents listed with what each gave
(events, quotes, figures), copies beside their original, and the overview's aggregates.

A listing pages over originals; an original is listed when it or one of its copies matches the
filter, and its copies come with it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Select, and_, func, literal_column, or_, select

from . import schema as s
from . import tallies
from .review import rejected

SORTS = ("published", "outlet", "language", "title", "events", "quotes", "figures", "ingested")


@dataclass(frozen=True)
class DocumentQuery:
    """Which documents a listing shows, and in which order."""

    language: str | None = None
    outlet: str | None = None
    since: str | None = None  # published on or after (YYYY-MM-DD)
    until: str | None = None  # published on or before
    title: str | None = None  # a part of the title
    sort: str = "published"  # one of SORTS
    descending: bool = True


def _counts(doc_id: ColumnElement) -> list:
    e, q, f = s.events, s.quotes, s.figures
    return [select(func.count()).where(e.c.document_id == doc_id, e.c.id.not_in(rejected()))
            .scalar_subquery().label("events"),
            select(func.count()).where(q.c.document_id == doc_id).scalar_subquery().label("quotes"),
            select(func.count()).where(f.c.document_id == doc_id).scalar_subquery().label("figures")]


def _columns(d) -> list:
    return [d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.language, d.c.duplicate_of, d.c.source, d.c.url,
            d.c.ingested_at, *_counts(d.c.id)]


def _conditions(d, where: DocumentQuery) -> ColumnElement:
    found = [d.c.language == where.language if where.language else None,
             func.lower(d.c.outlet) == where.outlet.lower() if where.outlet else None,
             d.c.published >= where.since if where.since else None,
             d.c.published <= f"{where.until}\uffff" if where.until else None,
             func.lower(d.c.title).contains(where.title.lower()) if where.title else None]
    return and_(True, *(c for c in found if c is not None))


def _originals(where: DocumentQuery) -> Select:
    d, copy = s.documents, s.documents.alias("copy")
    if where == DocumentQuery(sort=where.sort, descending=where.descending):
        return select(*_columns(d)).where(d.c.duplicate_of.is_(None))
    copied = select(copy.c.duplicate_of).where(copy.c.duplicate_of.is_not(None), _conditions(copy, where))
    return select(*_columns(d)).where(d.c.duplicate_of.is_(None), or_(_conditions(d, where), d.c.id.in_(copied)))


def document_list(conn: Connection, where: DocumentQuery, *, limit: int, offset: int = 0) -> list[dict]:
    """Originals that match (or whose copy does), each with its counts and its copies (`copies`)."""
    query = _originals(where)
    sort_by = _sort_column(query, where.sort)
    sort_by = (sort_by.desc() if where.descending else sort_by.asc()).nulls_last()
    rows = [dict(r._mapping) for r in conn.execute(query.order_by(sort_by, s.documents.c.id).limit(limit)
                                                   .offset(offset))]
    copies = _copies_of(conn, [r["id"] for r in rows])
    return [r | {"copies": copies.get(r["id"], [])} for r in rows]


def _sort_column(query: Select, sort: str) -> ColumnElement:
    if sort == "ingested":
        return literal_column("documents.rowid")
    return query.selected_columns[sort if sort in SORTS else "published"]


def count_documents(conn: Connection, where: DocumentQuery) -> tuple[int, int]:
    """How many originals a listing holds, and how many copies they have (of the whole store: the tally)."""
    if where == DocumentQuery(sort=where.sort, descending=where.descending):
        groups = tallies.documents_by_group(conn)
        return sum(n for *_, copies, n in groups if not copies), sum(n for *_, copies, n in groups if copies)
    listed = _originals(where).subquery()
    originals = conn.scalar(select(func.count()).select_from(listed))
    copies = conn.scalar(select(func.count()).select_from(s.documents)
                         .where(s.documents.c.duplicate_of.in_(select(listed.c.id))))
    return originals, copies


def _copies_of(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    d = s.documents
    found: dict[str, list[dict]] = {}
    for row in conn.execute(select(*_columns(d)).where(d.c.duplicate_of.in_(ids)).order_by(d.c.published, d.c.id)):
        found.setdefault(row.duplicate_of, []).append(dict(row._mapping))
    return found


def facet_values(conn: Connection) -> dict[str, list[tuple[str, int]]]:
    """The outlets and languages of the stored documents, with how many each has, the most first (their tally)."""
    counted: dict[str, Counter] = {"outlet": Counter(), "language": Counter()}
    for language, outlet, _, n in tallies.documents_by_group(conn):
        for name, value in (("outlet", outlet), ("language", language)):
            if value is not None:
                counted[name][value] += n
    return {name: sorted(counts.items(), key=lambda item: (-item[1], item[0])) for name, counts in counted.items()}
