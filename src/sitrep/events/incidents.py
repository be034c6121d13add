"""Incidents: the reports of one real event, within and across documents, merged.

Reports merge when they are of compatible kinds (the violent types with each other, since one
outlet's clash is another's massacre; protests with riots; a strategic development only with
the same sub-type), in the same country and first-level region, with dates within two days of
each other, unless their places lie more than 50 km apart and they name no actor in common, or
both give the day and the days lie more than one apart (one outlet's Friday is another's
Saturday for an attack in the night, but not Sunday).
Reports placed no better than a country do not merge. Only reports dated to the day or week,
or by their article's publication date, take part: a report dated to a year would merge into a
meaningless heap. Within a bucket of (kind, country, region) the reports are taken in date
order, so merging costs a sort, not a comparison of every pair. Then a report dated only to its
month or year that lies on such incidents at its place joins the most reported of them (an
event told in passing, its dead already counted there), and a report dated to the day but
placed only in a country joins its country's one incident of those days, if there is one.

Every report belongs to one incident, alone when nothing else reports it.
Analysts have the last word: a `split` decision takes a report out of its incident, a `merge`
decision joins two reports' incidents. Decisions name reports by their stable ids
(document:e<offset>), so they survive reprocessing.

An incident keeps its id from one build to the next, so that a note or a link that names it holds
when analysts split, merge or reprocess: each incident of the last build (`previous`: report id ->
incident id) passes its id to the new incident that holds the most of its reports; an incident
that holds none of a former one's reports gets a new id from its reports. A former id that no
incident kept is succeeded by the incident that holds the most of its reports (`successors`).

An incident shows the range of the reported fatalities and flags a disagreement when the
sources' figures cannot all be true at once (23 dead vs at least 41).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .kinds import VIOLENT

SLACK = timedelta(days=2)
NEAR_KM = 50
DATED = frozenset({"day", "week", "publication"})
UNREST = frozenset({"protests", "riots"})
ID_PREFIX, ID_DIGITS = "inc-", 12  # an incident's id: inc- and 12 hexadecimal digits


@dataclass(frozen=True)
class EventRef:
    """What incident merging needs to know of a stored event."""

    id: str
    document: str
    type: str
    sub_type: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str
    place_id: str | None
    country: str | None
    admin1: str | None
    geo_precision: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    lat: float | None = None
    lon: float | None = None
    actors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """An analyst's word on reports: `merge` joins two reports' incidents, `split` takes `event` out of
    its incident (`other` is then the incident's former report it was with, kept for the record);
    `confirm` and `reject` say the event is right or no event at all (the store leaves a rejected
    event out of everything it reads, this merge included)."""

    kind: str  # merge | split | confirm | reject
    event: str
    other: str | None = None


@dataclass(frozen=True)
class Incident:
    id: str
    type: str
    events: tuple[str, ...]
    date_start: str | None
    date_end: str | None
    place_id: str | None
    fatalities_low: int | None
    fatalities_high: int | None
    disagreement: bool


def merge(events: list[EventRef], decisions: Sequence[Decision] = (),
          previous: Mapping[str, str] | None = None) -> list[Incident]:
    """Every report in one incident: alone, or with the other reports of the same real event; each
    incident under the id of the incident of the last build (`previous`) whose reports it holds most of."""
    groups = _Groups()
    for event in events:
        groups.find(event.id)
    apart = {d.event for d in decisions if d.kind == "split"}
    kept = [e for e in events if e.id not in apart]
    _merge_dated(kept, groups)
    _join_vague(kept, groups)
    for decision in decisions:
        if decision.kind == "merge" and decision.other:
            groups.join(decision.event, decision.other)
    by_id = {e.id: e for e in events}
    members = [[i for i in ids if i in by_id] for ids in groups.sets()]
    members = [m for m in members if m]
    return [_incident(identity, [by_id[i] for i in ids])
            for identity, ids in zip(_identities(members, previous or {}), members)]


def _identities(groups: list[list[str]], previous: Mapping[str, str]) -> list[str]:
    """An id for each group of reports: a former incident's, the most of whose reports it holds (each id
    given once, the largest share first, then to the group it was made from), else one made from its
    reports (never one given already)."""
    made = [_made_id(group) for group in groups]
    shares = sorted(((count, old, n) for n, group in enumerate(groups)
                     for old, count in Counter(previous[e] for e in group if e in previous).items()),
                    key=lambda share: (-share[0], share[1] != made[share[2]], share[1], share[2]))
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for _count, old, n in shares:
        if n not in ids and old not in taken:
            ids[n] = old
            taken.add(old)
    for n, group in enumerate(groups):
        if n not in ids:
            ids[n] = next(i for i in itertools.chain([made[n]], (_made_id(group, k) for k in itertools.count(1)))
                          if i not in taken)
            taken.add(ids[n])
    return [ids[n] for n in range(len(groups))]


def _made_id(group: list[str], salt: int = 0) -> str:
    key = "|".join(sorted(group)) + (f"#{salt}" if salt else "")
    return ID_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:ID_DIGITS]


def successors(previous: Mapping[str, str], incidents: list[Incident]) -> dict[str, str]:
    """Each former incident id no incident kept -> the incident that now holds the most of its reports
    (none when every one of them is gone)."""
    now = {event: i.id for i in incidents for event in i.events}
    kept = {i.id for i in incidents}
    found: dict[str, Counter] = defaultdict(Counter)
    for event, old in previous.items():
        if old not in kept and event in now:
            found[old][now[event]] += 1
    return {old: counts.most_common(1)[0][0] for old, counts in sorted(found.items())}


def _merge_dated(events: list[EventRef], groups: _Groups) -> None:
    """Reports dated to the day or week and placed in a region, bucket by bucket in date order."""
    for members in _buckets(events).values():
        members.sort(key=lambda e: e.date_start)
        open_groups: list[tuple[date, list[EventRef]]] = []  # (first report's end, reports)
        for event in members:
            start = date.fromisoformat(event.date_start[:10])
            open_groups = [g for g in open_groups if start <= g[0] + SLACK]  # measured from a group's first report
            group = next((g for _, g in open_groups if not any(_distinct(m, event) for m in g)), None)
            if group is None:
                open_groups.append((date.fromisoformat(event.date_end[:10]), [event]))
            else:
                groups.join(group[0].id, event.id)
                group.append(event)


def _join_vague(events: list[EventRef], groups: _Groups) -> None:
    """Reports too vague to merge by themselves that lie on an incident of dated reports: one
    told in passing, dated only to its month or year, at that incident's place; one dated to
    the day but placed only in a country, on that country's one incident of those days."""
    at_place: dict[tuple[str, str], list[EventRef]] = defaultdict(list)  # dated reports by (family, place)
    below: dict[tuple[str, str], list[EventRef]] = defaultdict(list)  # ... by (family, country), placed below it
    for event in (e for e in events if e.date_precision in DATED and e.date_start):
        if event.place_id:
            at_place[(_family(event), event.place_id)].append(event)
        if event.country and (event.geo_precision or 9) < 3:
            below[(_family(event), event.country)].append(event)
    in_country = {key: _Dated(reports) for key, reports in below.items()}
    for event in events:
        on = _told_in_passing(event, at_place, groups) or _placed_vaguely(event, in_country, groups)
        if on is not None:
            groups.join(on, event.id)


class _Dated:
    """Dated reports in the order of their first day: those that lie within a span of days found by halving,
    not by reading them all (a country's reports, for each of its reports placed no better than it)."""

    def __init__(self, reports: list[EventRef]) -> None:
        spans = sorted(((_day(e.date_start), _day(e.date_end or e.date_start), n) for n, e in enumerate(reports)))
        self.starts = [start for start, _, _ in spans]
        self.spans = [(end, reports[n]) for _, end, n in spans]

    def within(self, first: date, last: date) -> list[EventRef]:
        """The reports that begin on or after `first` and end on or before `last`."""
        begun = self.spans[bisect.bisect_left(self.starts, first):bisect.bisect_right(self.starts, last)]
        return [report for end, report in begun if end <= last]


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def _placed_vaguely(event: EventRef, in_country: dict[tuple[str, str], _Dated], groups: _Groups) -> str | None:
    """A report dated to the day and placed no better than its country ("the army and the group
    clashed on Tuesday", in a town the gazetteer does not know) that lies on one incident of its
    kind in that country within two days (the only one, else the only one of its type, else the
    only one with an actor in common): a report of it. Returns that incident's root report."""
    if event.date_precision not in ("day", "week") or event.admin1 or not (event.country and event.date_start):
        return None
    first = date.fromisoformat(event.date_start[:10]) - SLACK
    last = date.fromisoformat((event.date_end or event.date_start)[:10]) + SLACK
    reports = in_country.get((_family(event), event.country))
    near = reports.within(first, last) if reports else []
    for narrowed in (near, [e for e in near if e.type == event.type], [e for e in near if e.actors & event.actors]):
        on = {groups.find(e.id) for e in narrowed}
        if len(on) == 1:
            return next(iter(on))
    return None


def _told_in_passing(event: EventRef, at_place: dict[tuple[str, str], list[EventRef]], groups: _Groups) -> str | None:
    """A report dated no better than its month or year ("four days after gunmen killed 23 people
    at the market", in an article that gives no date) that lies on incidents of dated reports of
    its kind at its place (`at_place`), within its span: a report of the one of them most
    reported (unless two are reported as often), not an incident of its own that would count
    the same dead twice. Returns that incident's root report."""
    if event.date_precision in DATED or not (event.date_start and event.date_end and event.place_id):
        return None
    first, last = event.date_start[:10], event.date_end[:10]
    on_it = Counter(groups.find(e.id) for e in at_place.get((_family(event), event.place_id), ())
                    if first <= e.date_start[:10] and (e.date_end or e.date_start)[:10] <= last)
    ranked = on_it.most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def _distinct(a: EventRef, b: EventRef) -> bool:
    """Two reports of different events despite the same region and days: two days told apart
    (an ambush on Sunday and a bomb on Tuesday near one town), or places far apart and no actor
    in common (two attacks in one region on one day, by different groups)."""
    if a.date_precision == b.date_precision == "day" and _days_apart(a, b) > 1:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon) or not (a.actors and b.actors) or a.actors & b.actors:
        return False
    return _km(a.lat, a.lon, b.lat, b.lon) > NEAR_KM


def _days_apart(a: EventRef, b: EventRef) -> int:
    """Days between two reports' dates; 0 when they overlap."""
    first, second = sorted((a, b), key=lambda e: e.date_start)
    return max(0, (date.fromisoformat(second.date_start[:10]) - date.fromisoformat(first.date_end[:10])).days)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _family(event: EventRef) -> str:
    if event.type in VIOLENT:
        return "violence"
    if event.type in UNREST:
        return "unrest"
    return f"{event.type}/{event.sub_type}"


def _buckets(events) -> dict[tuple, list[EventRef]]:
    buckets: dict[tuple, list[EventRef]] = defaultdict(list)
    for event in events:
        if event.date_precision in DATED and event.date_start and event.place_id and event.admin1:
            buckets[(_family(event), event.country, event.admin1)].append(event)
    return buckets


class _Groups:
    """Union-find over report ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def sets(self) -> list[list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for item in list(self.parent):
            found[self.find(item)].append(item)
        return list(found.values())


def _incident(identity: str, group: list[EventRef]) -> Incident:
    ids = tuple(sorted(e.id for e in group))
    place = min(group, key=lambda e: e.geo_precision or 9).place_id
    kinds = [e.type for e in group]
    reported = [(e.fatalities_low, e.fatalities_high) for e in group
                if e.fatalities_low is not None or e.fatalities_high is not None]
    lows = [low for low, _ in reported if low is not None]
    highs = [high for _, high in reported if high is not None]
    disagreement = bool(reported) and max(lows, default=0) > min(highs, default=float("inf"))
    dated = [e for e in group if e.date_precision in DATED] or group  # not a report told in passing's year
    starts = [e.date_start for e in dated if e.date_start]
    ends = [e.date_end for e in dated if e.date_end]
    return Incident(identity, max(set(kinds), key=lambda k: (kinds.count(k), -kinds.index(k))), ids,
                    min(starts, default=None), max(ends, default=None), place,
                    min(lows) if lows else None, None if len(highs) < len(reported) else max(highs, default=None),
                    disagreement)
