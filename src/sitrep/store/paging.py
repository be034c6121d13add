"""Long listings read a page at a time: by keyset (the row after the last one read, through the
index of the listing's order), so that memory holds one page and no page costs more than the first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Row, Select, tuple_

PAGE = 1000
T = TypeVar("T")


def keyset(conn: Connection, query: Select, order: tuple[ColumnElement, ...], *, descending: bool = False,
           page: int = PAGE) -> Iterator[Row]:
    """Every row of `query` in `order` (all ascending, or with `descending` all descending; the last
    column unique), read `page` rows at a time."""
    keys = [column.label(f"_key{n}") for n, column in enumerate(order)]
    query = query.add_columns(*keys).order_by(*(c.desc() if descending else c for c in order)).limit(page)
    after: tuple[Any, ...] | None = None
    while True:
        bounded = query if after is None else query.where(
            tuple_(*order) < tuple_(*after) if descending else tuple_(*order) > tuple_(*after))
        rows = conn.execute(bounded).all()
        yield from rows
        if len(rows) < page:
            return
        after = tuple(rows[-1]._mapping[key.name] for key in keys)


def chunks(items: Iterable[T], size: int = PAGE) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk
