"""What incident merging reads from the store and writes back (inside a Writer's transaction).

The whole store: every report not rejected, each report's incident at the last build, every incident
replaced. Or only what changed: a write that adds, replaces or removes reports, or records an
analyst's decision about them, first dissolves the incidents they were in (their reports are left
with no incident, `dissolve`); the rebuild then reads those reports, the reports in the windows they
reach (events.reach) and the whole incidents of all of them, and writes the incidents that came out
different (`Merging`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import ColumnElement, Connection, Select, bindparam, delete, false, func, or_, select

from ..events.incidents import DATED, Decision, EventRef, Incident
from ..events.reach import InCountry, Window, coalesced, counts_around, reach
from . import schema as s
from .decisions import standing
from .paging import chunks
from .review import rejected

Stored = tuple[EventRef, str | None]  # a report, and the incident it is in now (None: none yet)


def _reports() -> Select:
    e, p = s.events, s.places
    return (select(e.c.id, e.c.document_id, e.c.type, e.c.sub_type, e.c.date_start, e.c.date_end,
                   e.c.date_precision, e.c.place_id, p.c.country, p.c.admin1, e.c.geo_precision,
                   e.c.fatalities_low, e.c.fatalities_high, p.c.lat, p.c.lon, e.c.incident_id)
            .outerjoin(p, p.c.id == e.c.place_id).where(e.c.id.not_in(rejected())))


def _countries():
    """Each report's country, rejected ones too (an analyst's merge may pass through one)."""
    e, p = s.events, s.places
    return select(e.c.id.label("event"), p.c.country).outerjoin(p, p.c.id == e.c.place_id).subquery()


def _stored(row, actors: dict[str, set[str]]) -> Stored:
    *fields, incident = row
    return EventRef(*fields, actors=frozenset(actors.get(row.id, ()))), incident


def event_refs(conn: Connection) -> list[EventRef]:
    """Every event not rejected, as incident merging needs it (a copy holds only those of the lines it adds)."""
    a = s.event_actors
    actors: dict[str, set[str]] = {}
    for event_id, name in conn.execute(select(a.c.event_id, a.c.name).where(a.c.role == "actor")):
        actors.setdefault(event_id, set()).add(name)
    return [_stored(row, actors)[0] for row in conn.execute(_reports().order_by(s.events.c.id))]


def previous_members(conn: Connection) -> dict[str, str]:
    """Each report's incident at the last build (kept through reprocessing, which replaces the events)."""
    return dict(conn.execute(select(s.incident_members.c.event_id, s.incident_members.c.incident_id)).all())


def write_incidents(conn: Connection, incidents: list[Incident], successors: dict[str, str]) -> None:
    """Replace every incident, point each event at its own, remember each report's incident, and let
    the ids of incidents no longer built (`successors`: former id -> the incident it went into) lead
    to where they went."""
    conn.execute(s.events.update().values(incident_id=None))
    conn.execute(delete(s.incidents))
    conn.execute(delete(s.incident_members))
    _follow(conn, successors, {i.id for i in incidents})
    _insert(conn, incidents)


def _insert(conn: Connection, incidents: list[Incident]) -> None:
    if not incidents:
        return
    conn.execute(s.incidents.insert(), [dict(id=i.id, type=i.type, date_start=i.date_start, date_end=i.date_end,
                                             place_id=i.place_id, fatalities_low=i.fatalities_low,
                                             fatalities_high=i.fatalities_high, disagreement=i.disagreement)
                                        for i in incidents])
    members = [{"event": event, "incident": i.id} for i in incidents for event in i.events]
    conn.execute(s.events.update().where(s.events.c.id == bindparam("event")).values(incident_id=bindparam("incident")),
                 members)
    conn.execute(s.incident_members.insert(), [{"event_id": m["event"], "incident_id": m["incident"]} for m in members])


def _follow(conn: Connection, successors: dict[str, str], live: set[str]) -> None:
    """Aliases: a former id leads to its successor, and so do the ids that led to it; an id built again is
    no one's alias."""
    a = s.incident_aliases
    for old, new in successors.items():
        conn.execute(a.update().where(a.c.incident_id == old).values(incident_id=new))
        conn.execute(delete(a).where(a.c.alias == old))
        conn.execute(a.insert().values(alias=old, incident_id=new))
    for page in chunks(live):
        conn.execute(delete(a).where(a.c.alias.in_(page)))


def unsettle(conn: Connection, events: ColumnElement) -> list[str]:
    """Before the events that meet the condition `events` change, go or leave merging: their incidents come
    apart, and so do those of the reports around them whose incident depends on them (events.reach), their
    reports left with no incident, to be merged again by the next rebuild (their former incidents stay on
    record, so that the incidents they make keep their ids)."""
    merging = Merging(conn)
    changing = merging.named(conn.scalars(select(s.events.c.id).where(events)).all())
    around = merging.within(coalesced(w for event, _ in changing for w in reach(event)))
    _dissolve(conn, [i for e, i in changing if i] + [i for e, i in around if i and counts_around(e)])
    return [e.id for e, _ in changing]


def forget_gone(conn: Connection, ids: list[str]) -> None:
    """Of these reports, those no longer merged (gone, or rejected) are in no incident of the last build."""
    m, e = s.incident_members, s.events
    for page in chunks(ids):
        kept = select(e.c.id).where(e.c.id.in_(page), e.c.id.not_in(rejected()))
        conn.execute(delete(m).where(m.c.event_id.in_(page), m.c.event_id.not_in(kept)))


def _dissolve(conn: Connection, ids: list[str]) -> None:
    e = s.events
    for page in chunks(sorted(set(ids))):
        conn.execute(e.update().where(e.c.incident_id.in_(page)).values(incident_id=None))
        conn.execute(delete(s.incidents).where(s.incidents.c.id.in_(page)))


class Merging:
    """The reads and writes of a rebuild of what changed, in one write transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def count(self, *, unmerged: bool = False) -> int:
        """How many reports merging takes (`unmerged`: of them, how many are in no incident)."""
        query = select(func.count()).select_from(s.events).where(s.events.c.id.not_in(rejected()))
        return self.conn.scalar(query.where(s.events.c.incident_id.is_(None)) if unmerged else query)

    def unmerged(self) -> list[Stored]:
        """Reports in no incident: new ones, and those of incidents dissolved."""
        return self._read(_reports().where(s.events.c.incident_id.is_(None)))

    def within(self, windows: Iterable[Window]) -> list[Stored]:
        """The reports in these windows."""
        e, p = s.events, s.places
        found = []
        for window in windows:
            query = _reports().where(e.c.type.in_(window.types))
            if window.sub_type is not None:
                query = query.where(e.c.sub_type == window.sub_type)
            if isinstance(window, InCountry):
                query = query.where(p.c.country == window.country, e.c.date_precision.in_(DATED),
                                    e.c.date_start.between(window.first, window.last + "\uffff"))
            else:
                query = query.where(e.c.place_id == window.place_id, e.c.date_start <= window.last + "\uffff",
                                    func.coalesce(e.c.date_end, e.c.date_start) >= window.first)
            found += self._read(query)
        return found

    def of_incidents(self, ids: Iterable[str]) -> list[Stored]:
        """Every report of these incidents."""
        return [r for page in chunks(ids) for r in self._read(_reports().where(s.events.c.incident_id.in_(page)))]

    def named(self, ids: Iterable[str]) -> list[Stored]:
        """These reports (those not rejected)."""
        return [r for page in chunks(ids) for r in self._read(_reports().where(s.events.c.id.in_(page)))]

    def in_countries(self, countries: Collection[str | None]) -> list[Stored]:
        """The reports placed in these countries (None: the reports placed in none)."""
        country = s.places.c.country
        named = [c for c in countries if c is not None]
        unplaced = country.is_(None) if None in countries else false()
        return self._read(_reports().where(or_(country.in_(named), unplaced)))

    def countries(self) -> list[str | None]:
        """The countries the reports are placed in (None: placed in none)."""
        return list(self.conn.scalars(select(_countries().c.country).distinct()))

    def country_links(self) -> list[set[str | None]]:
        """Countries whose reports merge together: those of an incident, now or at the last build, and those
        of two reports an analyst merged, where they are more than one."""
        one, other, dc = _countries(), _countries(), s.decisions
        merged = self.conn.execute(select(one.c.country, other.c.country).select_from(dc)
                                   .join(one, one.c.event == dc.c.subject).join(other, other.c.event == dc.c.object)
                                   .where(dc.c.kind == "merge", standing()))
        links = [set(pair) for pair in merged if len(set(pair)) > 1]
        links += self._spanned((s.incident_members.c.event_id, s.incident_members.c.incident_id))
        return links + self._spanned((s.events.c.id, s.events.c.incident_id))

    def _spanned(self, membership: tuple[ColumnElement, ColumnElement]) -> list[set[str | None]]:
        """The countries of each incident whose reports lie in more than one (report and incident columns)."""
        event, incident = membership
        country = _countries()
        pairs = select(incident.label("incident"), country.c.country) \
            .select_from(event.table.join(country, country.c.event == event)).distinct().subquery()
        spanning = select(pairs.c.incident).group_by(pairs.c.incident).having(func.count() > 1)
        spans: dict[str, set[str | None]] = {}
        for name, place in self.conn.execute(select(pairs).where(pairs.c.incident.in_(spanning))):
            spans.setdefault(name, set()).add(place)
        return list(spans.values())

    def decisions_about(self, ids: Iterable[str]) -> list[Decision]:
        """The merges and splits that stand about any of these reports, in the order they were made."""
        dc = s.decisions
        found = {}
        for page in chunks(ids):
            rows = self.conn.execute(select(dc).where(dc.c.kind.in_(("merge", "split")), standing(),
                                                      or_(dc.c.subject.in_(page), dc.c.object.in_(page))))
            found.update({r.id: Decision(r.kind, r.subject, r.object) for r in rows})
        return [found[n] for n in sorted(found)]

    def previous(self, ids: Iterable[str]) -> dict[str, str]:
        """Each of these reports' incident at the last build, if it was in one."""
        m = s.incident_members
        return {k: v for page in chunks(ids)
                for k, v in self.conn.execute(select(m.c.event_id, m.c.incident_id).where(m.c.event_id.in_(page)))}

    def write(self, changed: list[Incident], gone: set[str], successors: dict[str, str]) -> None:
        """Write the incidents that changed (replacing any of theirs stored), remove those `gone`, and let
        the ids of those no longer built lead to where they went."""
        i, m = s.incidents, s.incident_members
        events = [event for incident in changed for event in incident.events]
        for page in chunks([*gone, *(incident.id for incident in changed)]):
            self.conn.execute(s.events.update().where(s.events.c.incident_id.in_(page)).values(incident_id=None))
            self.conn.execute(delete(i).where(i.c.id.in_(page)))
            self.conn.execute(delete(m).where(m.c.incident_id.in_(page)))
        for page in chunks(events):
            self.conn.execute(delete(m).where(m.c.event_id.in_(page)))
        _follow(self.conn, successors, {incident.id for incident in changed})
        _insert(self.conn, changed)

    def _read(self, query: Select) -> list[Stored]:
        rows = self.conn.execute(query).all()
        a = s.event_actors
        actors: dict[str, set[str]] = {}
        for page in chunks([r.id for r in rows]):
            for event_id, name in self.conn.execute(select(a.c.event_id, a.c.name)
                                                    .where(a.c.role == "actor", a.c.event_id.in_(page))):
                actors.setdefault(event_id, set()).add(name)
        return [_stored(row, actors) for row in rows]
