"""Analysts' decisions as data: merges, splits, confirmations and rejections, recorded with a note and
a time, listed, and undone (an undone decision is kept, with the time it was undone, and no longer
applies). Every reader of decisions takes only those that stand."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import ColumnElement, Connection, select

from ..errors import InputError
from ..events.incidents import Decision
from . import schema as s


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def standing() -> ColumnElement:
    """The condition on `decisions` of those not undone."""
    return s.decisions.c.undone_at.is_(None)


def merges_and_splits(conn: Connection) -> list[Decision]:
    """The merges and splits that stand, in the order they were made (what incident merging applies)."""
    dc = s.decisions
    rows = conn.execute(select(dc).where(dc.c.kind.in_(("merge", "split")), standing()).order_by(dc.c.id))
    return [Decision(r.kind, r.subject, r.object) for r in rows]


def add_decision(conn: Connection, decision: Decision, note: str | None) -> int:
    """Record a decision; returns its number."""
    return conn.execute(s.decisions.insert().values(kind=decision.kind, subject=decision.event, object=decision.other,
                                                    note=note, created_at=_now())).inserted_primary_key[0]


def decision_list(conn: Connection) -> list[dict]:
    """Every decision, the first made first: number, kind, subject, other, note, when made and undone."""
    dc = s.decisions
    rows = conn.execute(select(dc.c.id, dc.c.kind, dc.c.subject, dc.c.object, dc.c.note, dc.c.created_at,
                               dc.c.undone_at).order_by(dc.c.id))
    return [dict(r._mapping) for r in rows]


def undo_decision(conn: Connection, number: int) -> dict:
    """Mark decision `number` undone; returns it. An InputError when there is no such decision standing."""
    dc = s.decisions
    row = conn.execute(select(dc).where(dc.c.id == number)).first()
    if row is None:
        raise InputError(f"no decision {number}; `sitrep decisions` lists them")
    if row.undone_at is not None:
        raise InputError(f"decision {number} was undone already, at {row.undone_at}")
    conn.execute(dc.update().where(dc.c.id == number).values(undone_at=_now()))
    return dict(row._mapping)
