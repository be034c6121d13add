"""Trends and the fact-check view: incidents and their reported dead by type per week, month or
quarter, every period shown (an empty one too, so that a gap never looks like continuity), and,
given a date, the totals before and after it.

The question it answers is a claim's: "security has improved since the new partner arrived" —
how many incidents, how many dead, before the date and after it, at what rate.

1. `trend` reads the matching incidents and places each in the period its dates fall within; an
   incident known only to a span longer than a period (a month, a year) is counted apart, not
   put in the span's first period.
2. The totals before and after the mark are the incident list's own, for the same filter ended
   the day before the mark and begun on the mark (`Store.incident_totals`): an incident whose
   reports lie on both sides counts on both, and the two numbers are what the list shows.
3. `table` writes it as text; trend_chart.py draws it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from ..records import EventFilter

if TYPE_CHECKING:
    from ..store import Store

PERIODS = ("week", "month", "quarter")
SHORT = {"explosions_remote_violence": "explosions", "violence_against_civilians": "civilians",
         "strategic_developments": "strategic"}


@dataclass(frozen=True)
class Period:
    label: str
    first: str  # YYYY-MM-DD
    last: str
    incidents: dict[str, int] = field(default_factory=dict)  # by type
    dead: dict[str, int] = field(default_factory=dict)  # the lowest reported toll, by type


@dataclass(frozen=True)
class Side:
    """The incidents before (or from) the mark: the incident list's totals for that part of the filter."""

    since: str | None
    until: str | None
    incidents: int
    dead: int
    days: int | None  # the length of the window shown, for a rate

    def per_30_days(self, value: int) -> float | None:
        return None if not self.days else value * 30 / self.days


@dataclass(frozen=True)
class Trend:
    by: str
    periods: tuple[Period, ...]
    imprecise: int  # incidents dated only to a span longer than a period
    undated: int
    mark: str | None = None
    before: Side | None = None
    after: Side | None = None


def period_of(day: date, by: str) -> tuple[str, date, date]:
    """The period a day falls in: its label, first and last day."""
    if by == "week":
        monday = day - timedelta(days=day.weekday())
        year, week, _ = monday.isocalendar()
        return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)
    months = 3 if by == "quarter" else 1
    first = day.replace(month=(day.month - 1) // months * months + 1, day=1)
    following = date(first.year + (first.month + months - 1) // 12, (first.month + months - 1) % 12 + 1, 1)
    label = f"{first.year}-Q{(first.month - 1) // 3 + 1}" if by == "quarter" else first.isoformat()[:7]
    return label, first, following - timedelta(days=1)


def trend(store: Store, where: EventFilter = EventFilter(), *, by: str = "month", mark: str | None = None) -> Trend:
    """The matching incidents by period and type, and with `mark` the totals before and after it."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    placed, imprecise, undated = _placed(store.incident_dates(where), by)
    periods = _periods(placed, by, where, mark)
    if not mark:
        return Trend(by, periods, imprecise, undated)
    day = date.fromisoformat(mark)
    before, after = _sides(store, where, day, periods)
    return Trend(by, periods, imprecise, undated, mark, before, after)


@lru_cache(maxsize=8192)
def _period_of_day(day: str, by: str) -> tuple[str, date, date, str]:
    label, first, last = period_of(date.fromisoformat(day), by)
    return label, first, last, last.isoformat()


def _placed(rows: list, by: str) -> tuple[dict[str, tuple[date, Counter, Counter]], int, int]:
    """Per period label: its first day, the incidents and the dead by type of the incidents that fall
    within one period; how many do not, how many have no date."""
    placed: dict[str, tuple[date, Counter, Counter]] = {}
    imprecise, undated = 0, 0
    for kind, start, end, count, dead in rows:
        if not start:
            undated += count
            continue
        label, first, _, last_day = _period_of_day(start[:10], by)
        if end and end[:10] > last_day:
            imprecise += count
            continue
        if label not in placed:
            placed[label] = (first, Counter(), Counter())
        _, counts, tolls = placed[label]
        counts[kind] += count
        tolls[kind] += dead
    return placed, imprecise, undated


def _periods(placed: dict[str, tuple[date, Counter, Counter]], by: str, where: EventFilter,
             mark: str | None) -> tuple[Period, ...]:
    """Every period from the first to the last (the filter's dates and the mark widen the span)."""
    days = [first for first, _, _ in placed.values()] + [date.fromisoformat(d[:10]) for d in
                                                         (where.since, where.until, mark) if d]
    if not days:
        return ()
    periods, day, end = [], min(days), max(days)
    while day <= end:
        label, first, last = period_of(day, by)
        _, counts, dead = placed.get(label, (first, Counter(), Counter()))
        periods.append(Period(label, first.isoformat(), last.isoformat(), dict(counts),
                              {k: v for k, v in dead.items() if v}))
        day = last + timedelta(days=1)
    return tuple(periods)


def _sides(store: Store, where: EventFilter, mark: date, periods: tuple[Period, ...]) -> tuple[Side, Side]:
    eve = (mark - timedelta(days=1)).isoformat()
    until = min(eve, where.until) if where.until else eve
    since = max(mark.isoformat(), where.since) if where.since else mark.isoformat()
    start = where.since or (periods[0].first if periods else None)
    stop = where.until or (periods[-1].last if periods else None)
    before = store.incident_totals(replace(where, until=until)) if not where.since or where.since <= until else (0, 0)
    after = store.incident_totals(replace(where, since=since)) if not where.until or since <= where.until else (0, 0)
    return (Side(where.since, until, *before, _days(start, until)), Side(since, where.until, *after, _days(since, stop)))


def _days(first: str | None, last: str | None) -> int | None:
    if not first or not last or last < first:
        return None
    return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days + 1


def table(found: Trend, types: list[str]) -> str:
    """The trend as a text table: one line per period, a column per type, the totals; then the mark."""
    heads = ["period", *(SHORT.get(t, t) for t in types), "incidents", "dead"]
    lines = [heads]
    for p in found.periods:
        lines.append([p.label, *(str(p.incidents.get(t, 0)) for t in types), str(sum(p.incidents.values())),
                      str(sum(p.dead.values()))])
    widths = [max(len(line[i]) for line in lines) for i in range(len(heads))]
    out = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))
           for line in lines]
    if found.imprecise or found.undated:
        out.append(f"not in a {found.by}: {found.imprecise} dated only to a longer span, {found.undated} undated")
    if found.mark and found.before and found.after:
        out += ["", f"mark {found.mark}:"] + [_side_line(name, side) for name, side in
                                              (("before", found.before), ("from", found.after))]
    return "\n".join(out)


def _side_line(name: str, side: Side) -> str:
    window = f"{side.since or '…'} to {side.until or '…'}"
    rate = side.per_30_days(side.incidents)
    per = f" ({rate:.1f} incidents, {side.per_30_days(side.dead):.1f} dead per 30 days)" if rate is not None else ""
    return f"  {name:6} {window}: {side.incidents} incidents, {side.dead} reported dead{per}"
