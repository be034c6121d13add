"""Incidents: the reports of one real event, within and across documents, merged.

Events merge when they have the same type, the same country and region (or place), and dates
within two days of each other, and both are dated to the day (or week): coarser events would
merge into meaningless heaps. Within a bucket of (type, country, region) events are taken in date
order, so merging costs a sort, not a comparison of every pair. An incident shows the range of the
reported fatalities and flags a disagreement when the sources' figures cannot all be true at once
(23 dead vs at least 41).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

SLACK = timedelta(days=2)
PRECISE = frozenset({"day", "week"})


@dataclass(frozen=True)
class EventRef:
    """What incident merging needs to know of a stored event."""

    id: str
    document: str
    type: str
    date_start: str | None
    date_end: str | None
    date_precision: str
    place_id: str | None
    country: str | None
    admin1: str | None
    geo_precision: int | None
    fatalities_low: int | None
    fatalities_high: int | None


@dataclass(frozen=True)
class Incident:
    id: str
    type: str
    events: tuple[str, ...]
    date_start: str
    date_end: str
    place_id: str | None
    fatalities_low: int | None
    fatalities_high: int | None
    disagreement: bool


def merge(events: list[EventRef]) -> list[Incident]:
    buckets: dict[tuple, list[EventRef]] = defaultdict(list)
    for event in events:
        if event.date_precision in PRECISE and event.date_start and event.place_id and event.geo_precision != 3:
            buckets[(event.type, event.country, event.admin1 or event.place_id)].append(event)
    incidents = []
    for members in buckets.values():
        members.sort(key=lambda e: e.date_start)
        group: list[EventRef] = []
        group_end = date.min
        for event in members:
            start, end = date.fromisoformat(event.date_start[:10]), date.fromisoformat(event.date_end[:10])
            if group and start > group_end + SLACK:
                incidents.append(_incident(group))
                group = []
            group.append(event)
            group_end = max(group_end, end) if len(group) > 1 else end
        if group:
            incidents.append(_incident(group))
    return incidents


def _incident(group: list[EventRef]) -> Incident:
    ids = tuple(sorted(e.id for e in group))
    place = min(group, key=lambda e: e.geo_precision or 9).place_id
    reported = [(e.fatalities_low, e.fatalities_high) for e in group
                if e.fatalities_low is not None or e.fatalities_high is not None]
    lows = [low for low, _ in reported if low is not None]
    highs = [high for _, high in reported if high is not None]
    disagreement = bool(reported) and max(lows, default=0) > min(highs, default=float("inf"))
    return Incident("inc-" + hashlib.sha256("|".join(ids).encode()).hexdigest()[:12], group[0].type, ids,
                    min(e.date_start for e in group), max(e.date_end for e in group), place,
                    min(lows) if lows else None, None if len(highs) < len(reported) else max(highs, default=None),
                    disagreement)
