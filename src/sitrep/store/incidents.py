"""Incidents in the store, read back with each source's report side by side, listed, counted and
found by id (what merging reads and writes is in merging.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from sqlalchemy import Connection, Select, func, select

from ..records import EventFilter
from . import schema as s
from . import tallies
from .analysis import event_conditions, event_rows, placed_to
from .paging import chunks, keyset


def current_ids(conn: Connection, ids: list[str]) -> list[str]:
    """Incident ids as they are now: an id of an incident merged into another leads to that one."""
    a = s.incident_aliases
    aliases = dict(conn.execute(select(a.c.alias, a.c.incident_id).where(a.c.alias.in_(ids))).all())
    return list(dict.fromkeys(aliases.get(i, i) for i in ids))


def ids_starting(conn: Connection, prefix: str, *, limit: int = 10) -> list[str]:
    """Incident ids (current ones and those that lead to them) that start with `prefix`."""
    i, a = s.incidents, s.incident_aliases
    found = list(conn.scalars(select(i.c.id).where(i.c.id.startswith(prefix, autoescape=True)).limit(limit)))
    return found + list(conn.scalars(select(a.c.alias).where(a.c.alias.startswith(prefix, autoescape=True))
                                     .limit(limit)))


def incident_ids(conn: Connection, where: EventFilter, *, limit: int | None = None, offset: int = 0,
                 disputed: bool = False, latest: bool = False, by_id: bool = False) -> Iterator[str]:
    """Incidents with a report that matches, the most fatalities first (none reported last), then the
    latest (schema.RANK, in the order of its index); with `latest`, the latest first; with `by_id`, in
    the order of their ids. With `disputed`, only those whose sources disagree on the toll. With no
    `limit`, all of them, a page at a time."""
    order, descending = ((s.incidents.c.id,), False) if by_id else (s.LATEST if latest else s.RANK, True)
    query = _matching_incidents(select(s.incidents.c.id), where, disputed)
    if limit is None and not offset:
        return (row.id for row in keyset(conn, query, order, descending=descending))
    return iter(conn.scalars(query.order_by(*(c.desc() if descending else c for c in order))
                             .limit(limit).offset(offset)))


def incidents_of(conn: Connection, ids: Iterable[str]) -> Iterator[dict]:
    """These incidents (incident_rows), in this order, read a hundred at a time (the first come soon)."""
    for page in chunks(ids, 100):
        found = {i["id"]: i for i in incident_rows(conn, list(event_rows(conn, incidents=page)))}
        yield from (found[i] for i in page if i in found)


def incident_points(conn: Connection, where: EventFilter, *, limit: int) -> list[dict]:
    """Placed incidents, the most fatalities first: id, type, dates, place and its kind, fatalities (what a
    map needs)."""
    i, p = s.incidents, s.places
    query = (select(i.c.id, i.c.type, i.c.date_start, i.c.date_end, i.c.fatalities_low, i.c.disagreement, p.c.name,
                    p.c.kind, p.c.country, p.c.admin1, p.c.lat, p.c.lon)
             .join(p, p.c.id == i.c.place_id).where(p.c.lat.is_not(None))
             .order_by(*(c.desc() for c in s.RANK)).limit(limit))
    result = conn.execute(_matching_incidents(query, where, False))
    names = list(result.keys())
    return [dict(zip(names, row)) for row in result.tuples()]


def incident_dates(conn: Connection, where: EventFilter) -> list[tuple[str, str | None, str | None, int, int]]:
    """(type, date_start, date_end, how many, sum of their lowest tolls) of the matching incidents, by type
    and dates: what a trend needs (of all incidents, their tally)."""
    if where == EventFilter():
        return tallies.incident_days(conn)
    i = s.incidents
    query = (select(i.c.type, i.c.date_start, i.c.date_end, func.count(), func.coalesce(func.sum(i.c.fatalities_low), 0))
             .group_by(i.c.type, i.c.date_start, i.c.date_end))
    return [tuple(r) for r in conn.execute(_matching_incidents(query, where, False))]


def count_incidents(conn: Connection, where: EventFilter, *, disputed: bool = False) -> int:
    if where == EventFilter():
        n, _, disputes = tallies.incident_totals(conn)
        return disputes if disputed else n
    return conn.scalar(_matching_incidents(select(func.count()).select_from(s.incidents), where, disputed))


def incident_totals(conn: Connection, where: EventFilter) -> tuple[int, int]:
    """How many incidents match, and the sum of their lowest reported tolls."""
    if where == EventFilter():
        return tallies.incident_totals(conn)[:2]
    i = s.incidents
    query = select(func.count(), func.coalesce(func.sum(i.c.fatalities_low), 0)).select_from(i)
    count, dead = conn.execute(_matching_incidents(query, where, False)).one()
    return count, dead


def _matching_incidents(query: Select, where: EventFilter, disputed: bool) -> Select:
    """The incidents with a report that matches; how finely placed (`precision`) is the incident's own place."""
    if where.precision:
        p = s.places
        query = query.where(s.incidents.c.place_id.in_(select(p.c.id).where(placed_to(p, where.precision))))
        where = replace(where, precision=None)
    if where != EventFilter():
        query = query.where(s.incidents.c.id.in_(_matching(where)))
    return query.where(s.incidents.c.disagreement.is_(True)) if disputed else query


def _matching(where: EventFilter) -> Select:
    e, p = s.events, s.places
    query = select(e.c.incident_id).outerjoin(p, p.c.id == e.c.place_id).where(e.c.incident_id.is_not(None))
    for condition in event_conditions(where, None):
        query = query.where(condition)
    return query


def incident_rows(conn: Connection, events: list[dict]) -> Iterator[dict]:
    """Incidents of the given event records (store.events), each with its sources' reports side by side:
    outlet, title, publication date, what the report says of date, place and toll, its evidence, and
    the outlets that syndicated the same article."""
    i, p, d = s.incidents, s.places, s.documents
    by_incident: dict[str, list[dict]] = {}
    for event in events:
        if event["incident"]:
            by_incident.setdefault(event["incident"], []).append(event)
    if not by_incident:
        return
    docs = {r.id: r for r in conn.execute(select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.source, d.c.url,
                                                 d.c.duplicate_of, d.c.agencies, d.c.ingested_at)
                                          .where(d.c.id.in_({e["document"] for es in by_incident.values() for e in es})))}
    copies: dict[str, list[str]] = {}
    for copy in conn.execute(select(d.c.duplicate_of, d.c.outlet, d.c.source).where(d.c.duplicate_of.in_(docs))):
        copies.setdefault(copy.duplicate_of, []).append(copy.outlet or copy.source)
    query = (select(i, p.c.name, p.c.country, p.c.admin1, p.c.admin2, p.c.lat, p.c.lon, p.c.geonames_id)
             .outerjoin(p, p.c.id == i.c.place_id).where(i.c.id.in_(by_incident)))
    for r in conn.execute(query):
        reports = sorted(by_incident[r.id], key=lambda e: (docs[e["document"]].published or "", e["id"]))
        yield {"id": r.id, "type": r.type, "date_start": r.date_start, "date_end": r.date_end,
               "location": None if r.place_id is None else {"name": r.name, "country": r.country, "admin1": r.admin1,
                                                            "admin2": r.admin2, "lat": r.lat, "lon": r.lon,
                                                            "geonames_id": r.geonames_id},
               "fatalities": None if r.fatalities_low is None and r.fatalities_high is None
               else {"low": r.fatalities_low, "high": r.fatalities_high},
               "disagreement": bool(r.disagreement),
               "sources": len({docs[e["document"]].duplicate_of or e["document"] for e in reports}),  # a copy is its original
               "actors": list(dict.fromkeys(a for e in reports for a in e["actors"])),
               "tolls": [{"source": docs[e["document"]].outlet or docs[e["document"]].title, "fatalities": e["fatalities"],
                          "event": e["id"]} for e in reports if e["fatalities"]],
               "reports": [_report(e, docs[e["document"]], copies.get(e["document"], [])) for e in reports]}


def _report(event: dict, doc, copies: list[str]) -> dict:
    return {"event": event["id"], "document": event["document"], "outlet": doc.outlet, "title": doc.title,
            "published": doc.published, "source": doc.url or doc.source, "also_published_by": copies,
            "agencies": list(doc.agencies or ()), "ingested_at": doc.ingested_at,
            "type": event["type"], "sub_type": event["sub_type"], "date_start": event["date_start"],
            "date_end": event["date_end"], "date_precision": event["date_precision"], "location": event["location"],
            "geo_precision": event["geo_precision"],
            "fatalities": event["fatalities"], "alleged": event["alleged"], "actors": event["actors"],
            "targets": event["targets"], "evidence": event["evidence"]}
