"""The gazetteer's SQLite file: places and their names. Kept apart from the store, so that one
gazetteer serves every store, and replaced whole (a new file swapped in) when it is rebuilt."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (Column, Float, Index, Integer, MetaData, String, Table, create_engine, func,
                        select)

from ..errors import StoreError

metadata = MetaData()
places = Table("places", metadata,
               Column("geonames_id", Integer, primary_key=True),
               Column("name", String, nullable=False),
               Column("kind", String, nullable=False),  # country | admin1 | admin2 | populated_place | ...
               Column("feature_code", String),
               Column("country", String),
               Column("admin1", String),
               Column("admin2", String),
               Column("lat", Float), Column("lon", Float),
               Column("population", Integer, nullable=False, default=0),
               Column("source", String, nullable=False))
info = Table("info", metadata,
             Column("key", String, primary_key=True),
             Column("value", String, nullable=False))
names = Table("names", metadata,
              Column("key", String, nullable=False),
              Column("geonames_id", Integer, nullable=False),
              Index("ix_names_key", "key"), Index("ix_names_place", "geonames_id"))


@dataclass(frozen=True)
class GazetteerPlace:
    geonames_id: int
    name: str
    kind: str
    feature_code: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    source: str


class GazetteerFile:
    """Read access to a built gazetteer; `write` builds a new one beside it and swaps it in."""

    _CANDIDATES = (f"SELECT DISTINCT {', '.join('places.' + c.name for c in places.columns)} FROM names "
                   "JOIN places ON places.geonames_id = names.geonames_id WHERE names.key IN (?, ?)")

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StoreError(f"no gazetteer at {path}; run `sitrep gazetteer build`")
        self.path = path
        self.engine = create_engine(f"sqlite:///{path}")
        self._raw = None  # one long-lived connection for the hot lookup path
        self._countries: dict[str, GazetteerPlace] | None = None  # read once: asked for every article

    def candidates(self, key: str, *, other_names: bool = True) -> list[GazetteerPlace]:
        """Places with this name key, by their names and (unless told not to) by their other
        names (keys marked "+"); a plain prepared statement, as it runs for every mention."""
        if self._raw is None:
            self._raw = self.engine.raw_connection()
        keys = (key, "+" + key if other_names else key)
        return [GazetteerPlace(*row) for row in self._raw.execute(self._CANDIDATES, keys)]

    def get(self, geonames_id: int) -> GazetteerPlace | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(places).where(places.c.geonames_id == geonames_id)).first()
        return GazetteerPlace(**row._mapping) if row else None

    def keys(self, kinds: tuple[str, ...], *, min_population: int = 0) -> set[str]:
        """Every name of places of these kinds (for spotting names the NER missed)."""
        query = (select(names.c.key).join(places, names.c.geonames_id == places.c.geonames_id)
                 .where(places.c.kind.in_(kinds) | (places.c.population >= max(min_population, 1))))
        with self.engine.connect() as conn:
            return set(conn.scalars(query))

    def country(self, code: str) -> GazetteerPlace | None:
        """The country record of an ISO 3166 alpha-2 code."""
        if self._countries is None:
            with self.engine.connect() as conn:
                rows = conn.execute(select(places).where(places.c.kind == "country")
                                    .order_by(places.c.geonames_id.desc())).all()
            self._countries = {row.country: GazetteerPlace(**row._mapping) for row in rows}
        return self._countries.get(code)

    def country_names(self) -> dict[str, str]:
        """ISO 3166 alpha-2 code -> the country's name."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(places.c.country, places.c.name).where(places.c.kind == "country")).all())

    def build_id(self) -> str | None:
        """What the file was built from (see geo.gazetteer.build_id); None for an older file."""
        with self.engine.connect() as conn:
            if not conn.dialect.has_table(conn, "info"):
                return None
            return conn.scalar(select(info.c.value).where(info.c.key == "build_id"))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(places.c.source, func.count()).group_by(places.c.source)).all())

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        self.engine.dispose()


def write(path: Path, rows: Iterable[tuple[GazetteerPlace, Iterable[str]]], *, replace: bool,
          build_id: str | None = None, batch: int = 5000) -> int:
    """Write places and their name keys. With `replace`, into a new file of this process swapped in
    at the end (processes building at once do not write into each other's file; the last swap wins);
    without, added to the existing file in one transaction. Either way a failure half way leaves the
    gazetteer as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.with_name(f"{path.name}.{os.getpid()}.partial") if replace else path  # one per builder
    if replace:
        target.unlink(missing_ok=True)
    elif not path.is_file():
        raise StoreError(f"no gazetteer at {path}; run `sitrep gazetteer build` first")
    engine = create_engine(f"sqlite:///{target}")
    metadata.create_all(engine)
    columns = [c.name for c in places.columns]
    insert_place = (f"INSERT OR REPLACE INTO places ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})")
    count = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for chunk in _chunks(rows, batch):
            if not replace:
                cursor.executemany("DELETE FROM names WHERE geonames_id = ?", [(p.geonames_id,) for p, _ in chunk])
            cursor.executemany(insert_place, [tuple(getattr(p, c) for c in columns) for p, _ in chunk])
            cursor.executemany("INSERT INTO names (key, geonames_id) VALUES (?, ?)",
                               [(key, p.geonames_id) for p, keys in chunk for key in set(keys)])
            count += len(chunk)
        if build_id is not None:
            cursor.execute("INSERT OR REPLACE INTO info (key, value) VALUES ('build_id', ?)", (build_id,))
        raw.commit()
    except BaseException:
        raw.rollback()
        raw.close()
        engine.dispose()
        if replace:
            target.unlink(missing_ok=True)
        raise
    raw.close()
    engine.dispose()
    if replace:
        os.replace(target, path)
    return count


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
