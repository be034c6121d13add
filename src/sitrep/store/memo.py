"""Aggregates kept until the store changes: every write transaction raises the store's generation
(a number in `meta`), and a memoized reading of a Store is computed again only when the generation
it was computed at is no longer the store's. A page that sums a million events pays for the sum once
after each write, not on every request; any process that writes moves every reader on."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, select

from . import schema as s
from .engine import insert_new

GENERATION = "generation"
KEPT = 512  # readings kept at most (all are dropped when there are more)
F = TypeVar("F", bound=Callable[..., Any])


def generation(conn: Connection) -> int:
    return int(conn.scalar(select(s.meta.c.value).where(s.meta.c.key == GENERATION)) or 0)


def next_generation(conn: Connection) -> None:
    """Inside a write transaction: the store has changed."""
    raised = str(generation(conn) + 1)
    if conn.execute(s.meta.update().where(s.meta.c.key == GENERATION).values(value=raised)).rowcount == 0:
        conn.execute(insert_new(conn, s.meta).values(key=GENERATION, value=raised))


def memoized(method: F) -> F:
    """A Store method whose answer holds until the store changes: kept by its arguments (which must be
    hashable) with the generation it was read at. Callers must not change what it returns."""
    @functools.wraps(method)
    def reading(store: Any, *args: Any, **kwargs: Any) -> Any:
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        with store.engine.connect() as conn:
            now = generation(conn)
        kept = store.memo.get(key)
        if kept is not None and kept[0] == now:
            return kept[1]
        value = method(store, *args, **kwargs)
        if len(store.memo) >= KEPT:
            store.memo.clear()
        store.memo[key] = (now, value)
        return value
    return reading  # type: ignore[return-value]
