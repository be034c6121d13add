"""Which stored reports a report could share an incident with: what the incidents need to merge
again when reports come, change or go, so that the rest of the store is left as it is.

Merging (incidents.py) joins a report only with reports of its family of types in its country,
dated to the day or week within a few days of it (SLACK after a group's first report, which spans
at most a week), or at its place over its dates (a report told in passing joins the incident at
its place). So a report reaches two windows, each one indexed query:

- `InCountry`: reports of its family dated to the day or week, in its country, starting within
  SLACK and a week of its dates (for a report itself dated to the day or week);
- `AtPlace`: reports of its family at its place whose dates overlap its own.

A rebuild reads the reports its new or changed ones reach, and the whole incidents those belong to,
merges them, and reaches again from every incident that came out different and from every report
read whose incident depends on the reports around it (`counts_around`) when one of those changed
(`depends_on`), until nothing new is reached (rebuild.update_incidents). A write that removes reports
or takes them out of merging first dissolves the incidents that depend on them (store.merging).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .incidents import DATED, SLACK, UNREST, EventRef
from .kinds import EVENT_TYPES, VIOLENT

SPAN = timedelta(days=7)  # the longest a report dated to the day or week spans
MARGIN = SLACK + SPAN


@dataclass(frozen=True)
class InCountry:
    types: tuple[str, ...]
    sub_type: str | None  # a strategic development merges only with its own sub-type
    country: str
    first: str  # reports starting on or after this date ...
    last: str  # ... and on or before this one


@dataclass(frozen=True)
class AtPlace:
    types: tuple[str, ...]
    sub_type: str | None
    place_id: str
    first: str  # reports whose dates overlap these
    last: str


Window = InCountry | AtPlace


def family_types(event: EventRef) -> tuple[tuple[str, ...], str | None]:
    """The types a report merges with, and the sub-type when only its own sub-type merges with it."""
    for family in (VIOLENT, UNREST):
        if event.type in family:
            return tuple(t for t in EVENT_TYPES if t in family), None
    return (event.type,), event.sub_type


def reach(event: EventRef) -> list[Window]:
    """The windows in which reports lie that could share an incident with `event`."""
    if not event.date_start:
        return []
    types, sub_type = family_types(event)
    start, end = event.date_start[:10], (event.date_end or event.date_start)[:10]
    windows: list[Window] = []
    if event.date_precision in DATED and event.country:
        windows.append(InCountry(types, sub_type, event.country, _shift(start, -MARGIN), _shift(end, MARGIN)))
    if event.place_id:
        windows.append(AtPlace(types, sub_type, event.place_id, start, end))
    return windows


def counts_around(event: EventRef) -> bool:
    """Whether the incident a report joins depends on how the reports around it are merged: one told in
    passing, or placed no better than its country, joins the one incident around it, or none when there
    are several (see `depends_on`)."""
    return event.date_precision not in DATED or not event.admin1


def depends_on(event: EventRef, other: EventRef) -> bool:
    """Whether the incident that `event`, a report that counts the reports around it, joins may change when
    `other` changes: a report of its family dated to the day or week at its place over its dates (for
    one told in passing), or in its country within SLACK of its dates (for one placed no better)."""
    if other.date_precision not in DATED or not (other.date_start and event.date_start) \
            or family_types(other) != family_types(event):
        return False
    start, end = event.date_start[:10], (event.date_end or event.date_start)[:10]
    if event.date_precision in DATED:
        start, end = _shift(start, -SLACK), _shift(end, SLACK)
        if not event.country or event.country != other.country:
            return False
    elif not event.place_id or event.place_id != other.place_id:
        return False
    return other.date_start[:10] <= end and (other.date_end or other.date_start)[:10] >= start


def dependents(reports: Iterable[EventRef], changed: Iterable[EventRef]) -> Iterator[EventRef]:
    """The `reports` that count the reports around them and depend on one that `changed`."""
    near: dict[tuple, list[EventRef]] = defaultdict(list)
    for event in changed:
        near[("place", event.place_id)].append(event)
        near[("country", event.country)].append(event)
    for event in reports:
        around = near.get(("country", event.country) if event.date_precision in DATED else ("place", event.place_id))
        if counts_around(event) and any(depends_on(event, other) for other in around or ()):
            yield event


def coalesced(windows: Iterable[Window]) -> list[Window]:
    """The same windows, those of one family and one country or place that overlap made one."""
    by_key: dict[tuple, list[Window]] = defaultdict(list)
    for window in windows:
        where = window.country if isinstance(window, InCountry) else window.place_id
        by_key[(type(window), window.types, window.sub_type, where)].append(window)
    merged: list[Window] = []
    for group in by_key.values():
        group.sort(key=lambda w: w.first)
        current = group[0]
        for window in group[1:]:
            if window.first <= current.last:
                current = replace(current, last=max(current.last, window.last))
            else:
                merged.append(current)
                current = window
        merged.append(current)
    return merged


def _shift(day: str, by: timedelta) -> str:
    return (date.fromisoformat(day) + by).isoformat()
