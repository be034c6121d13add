"""Analysts' review of single events: `confirm` (the event is right) and `reject` (the machine was wrong:
no such event), kept as decisions beside merges and splits, so that they survive reprocessing.

A rejected event leaves every count, list, incident and export: the readers of events and the
incident merge take `rejected()` out. The review queue is the events no analyst has looked at yet,
the latest stored documents first.
"""

from __future__ import annotations

from sqlalchemy import Connection, Select, func, literal_column, select

from . import schema as s
from .decisions import standing
from .tallies import events_stored

REVIEWED = ("confirm", "reject")


def rejected() -> Select:
    """The ids of the events an analyst rejected."""
    return select(s.decisions.c.subject).where(s.decisions.c.kind == "reject", standing())


def _reviewed() -> Select:
    return select(s.decisions.c.subject).where(s.decisions.c.kind.in_(REVIEWED), standing())


def review_queue(conn: Connection, *, limit: int, offset: int = 0) -> list[str]:
    """Ids of the events not yet confirmed or rejected, the latest stored document first, then in text order."""
    e, d = s.events, s.documents
    query = (select(e.c.id).join(d, d.c.id == e.c.document_id).where(e.c.id.not_in(_reviewed()))
             .order_by(literal_column("documents.rowid").desc(), func.length(e.c.id), e.c.id)
             .limit(limit).offset(offset))
    return list(conn.scalars(query))


def review_counts(conn: Connection) -> dict[str, int]:
    """How many events wait for review, and how many were confirmed and rejected."""
    kinds = dict(conn.execute(select(s.decisions.c.kind, func.count(func.distinct(s.decisions.c.subject)))
                              .where(s.decisions.c.kind.in_(REVIEWED), standing())
                              .group_by(s.decisions.c.kind)).all())
    reviewed = conn.scalar(select(func.count()).where(s.events.c.id.in_(_reviewed())))
    waiting = events_stored(conn) - reviewed  # the events' tally, less the few reviewed
    return {"waiting": waiting, "confirmed": kinds.get("confirm", 0), "rejected": kinds.get("reject", 0)}


def recent_decisions(conn: Connection, *, limit: int = 10) -> list[dict]:
    """The latest decisions of every kind, newest first: kind, subject, other, note, when."""
    dc = s.decisions
    rows = conn.execute(select(dc.c.kind, dc.c.subject, dc.c.object, dc.c.note, dc.c.created_at)
                        .order_by(dc.c.id.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]
