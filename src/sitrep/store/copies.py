"""The index of the copy check: each document's LSH band keys (ingest.dedup) in `copy_bands`, keyed
by the band key, so that the candidates of a new text are one indexed lookup of its keys, whatever
the size of the store, and nothing is read ahead of it. Copies keep their keys too: a candidate is
an original at the moment it is asked for, which a supersession changes without touching this table.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Connection, Select, bindparam, column, select, values

from . import schema as s
from .engine import insert_new

if TYPE_CHECKING:
    from ..ingest.dedup import Fingerprint

FILL_BATCH = 1000  # documents whose keys are written at once when an older store gets the index


def stored_fingerprint(data: bytes, shingles: int) -> Fingerprint:
    from ..ingest.dedup import Fingerprint  # with MinHash's library: only a command that checks copies needs it
    return Fingerprint.from_bytes(data, shingles)


def write_bands(conn: Connection, rows: list[tuple[str, Fingerprint]]) -> None:
    """The band keys of these (id, fingerprint) documents."""
    keys = [{"key": key, "document_id": doc_id} for doc_id, print_ in rows for key in print_.bands()]
    if keys:
        conn.execute(insert_new(conn, s.copy_bands), keys)


def originals_sharing(conn: Connection, keys: tuple[int, ...]) -> list[tuple[str, Fingerprint]]:
    """(id, fingerprint) of each stored original that shares a band key with `keys`, in id order. The keys
    are a table the query starts from, so that it probes the index once a key whatever the planner knows of
    the store: asked as `document_id IN (... key IN keys)`, PostgreSQL without statistics yet (a store being
    filled) read every document and probed the index for each, 3 ms at 200 documents and growing."""
    distinct = list(dict.fromkeys(keys))
    if not distinct:
        return []
    rows = conn.execute(_sharing_query(len(distinct)), {f"key{i}": key for i, key in enumerate(distinct)})
    return [(row.id, stored_fingerprint(row.fingerprint, row.shingles)) for row in rows]


@cache
def _sharing_query(count: int) -> Select:
    """The query for `count` keys, their values bound as parameters: one statement a count, compiled once."""
    d, b = s.documents, s.copy_bands
    given = values(column("key", BigInteger), name="given").data(
        [(bindparam(f"key{i}", type_=BigInteger),) for i in range(count)]).cte()
    sharing = select(b.c.document_id).join(given, b.c.key == given.c.key).distinct().subquery()
    return (select(d.c.id, d.c.fingerprint, d.c.shingles).join(sharing, d.c.id == sharing.c.document_id)
            .where(d.c.duplicate_of.is_(None)).order_by(d.c.id))


def fill_bands(conn: Connection) -> None:
    """Every stored document's band keys (a store from before the index), a batch at a time in id order."""
    d, last = s.documents, ""
    while rows := conn.execute(select(d.c.id, d.c.fingerprint, d.c.shingles).where(d.c.id > last)
                               .order_by(d.c.id).limit(FILL_BATCH)).fetchall():
        write_bands(conn, [(r.id, stored_fingerprint(r.fingerprint, r.shingles)) for r in rows])
        last = rows[-1].id
