"""Temporal expressions, each normalised to an interval with a precision, resolved against the
publication date: "March 30", "on Thursday", "last month", "late December 2021", "between March 27
and 31", "in 2022–2024", "since 2013", "fin mars 2022", "le 27 mars". An expression that cannot be
resolved (no publication date to count from) is kept with precision `unknown`, not guessed.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import cache

import regex

from ..calendar import find_dates
from ..datafiles import calendar
from ..records import TimeSpan

Interval = tuple[date, date, str]  # start, end, precision
Rule = tuple[regex.Pattern, Callable[[regex.Match, date | None], Interval | None]]

_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY_NUMBERS = {name: i % 7 for names in (["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                                              ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"])
                    for i, name in enumerate(names)}
_WEEKDAY_NUMBERS |= {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def anchor_of(published: str | None) -> date | None:
    """The publication date as a day, when it is known to the day."""
    if published and regex.fullmatch(r"\d{4}-\d\d-\d\d", published):
        return date.fromisoformat(published)
    return None


def published_interval(published: str | None) -> Interval | None:
    """The stretch of time a publication date covers: its day, its month or its year, as far as it
    is known ("2025-02-14", "2025-02", "2025"); None when it is not a real date."""
    if not published:
        return None
    parts = regex.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?", published)
    if not parts:
        return None
    year, month, day = (int(g) if g else None for g in parts.groups())
    if day:
        return _safe(lambda: (date(year, month, day), date(year, month, day), "day"))
    if month:
        return _safe(lambda: (*_month_bounds(year, month), "month"))
    return date(year, 1, 1), date(year, 12, 31), "year"


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])


def _month(m: regex.Match, group: str = "month") -> int:
    return calendar().months[m[group].lower().rstrip(".")]


def _year_for(month: int, day: int, anchor: date | None) -> int | None:
    """The year of a day written without one: the publication's, or the one before when that
    would put it more than a week after publication."""
    if anchor is None:
        return None
    year = anchor.year
    try:
        return year - 1 if date(year, month, day) > anchor + timedelta(days=7) else year
    except ValueError:
        return None


def _safe(build: Callable[[], Interval | None]) -> Interval | None:
    try:
        return build()
    except (ValueError, KeyError):
        return None


def _day_range(m, anchor):
    month = _month(m)
    first, last = int(m["d1"]), int(m["d2"])
    year = int(m["year"]) if m["year"] else _year_for(month, first, anchor)
    if year is None or last < first:
        return None
    return date(year, month, first), date(year, month, last), "day"


def _day_no_year(m, anchor):
    month, day = _month(m), int(m["day"])
    year = _year_for(month, day, anchor)
    return None if year is None else (date(year, month, day), date(year, month, day), "day")


def _weekday_day(m, anchor):
    """"Saturday October 2": the publication's year, or the one before, as for a bare day."""
    return _day_no_year(m, anchor) if not m["year"] else _day_with_year(m)


def _day_with_year(m):
    day = date(int(m["year"]), _month(m), int(m["day"]))
    return day, day, "day"


def _bare_month(m, anchor):
    """"In April": the last April up to the publication month."""
    if anchor is None:
        return None
    month = _month(m)
    return (*_month_bounds(anchor.year if month <= anchor.month else anchor.year - 1, month), "month")


def _month_year(m, _anchor):
    start, end = _month_bounds(int(m["year"]), _month(m))
    return start, end, "month"


def _year_range(m, _anchor):
    first = int(m["year"])
    second = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    return (date(first, 1, 1), date(second, 12, 31), "year") if second >= first else None


def _since(m, anchor):
    return (date(int(m["year"]), 1, 1), anchor or date(int(m["year"]), 12, 31), "year")


def _year(m, _anchor):
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), "year"


def _weekday(m, anchor):
    if anchor is None:
        return None
    back = (anchor.weekday() - _WEEKDAY_NUMBERS[m["weekday"].lower()]) % 7
    if back == 0 and m["last"]:
        back = 7
    day = anchor - timedelta(days=back)
    return day, day, "day"


def _relative(m, anchor):
    if anchor is None:
        return None
    word = regex.sub(r"\s+", " ", m.group().lower().replace("’", "'"))
    for names, build in _RELATIVE:
        if word in names:
            return build(anchor)
    return None


def _previous_month(anchor: date) -> Interval:
    last = anchor.replace(day=1) - timedelta(days=1)
    return (*_month_bounds(last.year, last.month), "month")


_RELATIVE: list[tuple[set[str], Callable[[date], Interval]]] = [
    ({"yesterday", "hier"}, lambda a: (a - timedelta(days=1), a - timedelta(days=1), "day")),
    ({"today", "aujourd'hui", "this morning", "ce matin", "tonight", "ce soir"}, lambda a: (a, a, "day")),
    ({"last week", "la semaine dernière", "la semaine passée"}, lambda a: (a - timedelta(days=7), a - timedelta(days=1), "week")),
    ({"last month", "le mois dernier", "le mois passé"}, _previous_month),
    ({"this month", "ce mois-ci"}, lambda a: (*_month_bounds(a.year, a.month), "month")),
    ({"last year", "l'an dernier", "l'année dernière", "l'an passé", "l'année passée"},
     lambda a: (date(a.year - 1, 1, 1), date(a.year - 1, 12, 31), "year")),
    ({"this year", "cette année", "earlier this year"}, lambda a: (date(a.year, 1, 1), date(a.year, 12, 31), "year")),
]


_MONTH_NAME = r"(?P<month>{names})\.?"
_DAY = r"[0-3]?\d"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAY_NUMBERS, key=len, reverse=True)) + r")"


@cache
def _month_pattern() -> str:
    return _MONTH_NAME.format(names="|".join(regex.escape(n) for n in sorted(calendar().months, key=len, reverse=True)))


@cache
def _weekday_dates() -> tuple[regex.Pattern, ...]:
    """A day after its weekday, month first or day first: "Saturday October 2", "samedi 2 octobre"."""
    month = _month_pattern()
    return tuple(regex.compile(rf"\b{_WEEKDAY},?\s+{day_month}(?:,?\s+{_YEAR})?\b", regex.I) for day_month in (
        rf"(?:the\s+)?{month}\s+(?P<day>{_DAY})(?:st|nd|rd|th)?",
        rf"(?:the\s+)?(?P<day>{_DAY})(?:er|st|nd|rd|th)?(?:\s+of)?\s+{month}"))


def weekday_confirmed_days(text: str, *, not_before: int, not_after: int) -> list[date]:
    """Days written with their weekday and without a year: each in the first year from
    `not_before` to `not_after` in which it falls on that weekday (none when no year does)."""
    days = []
    for pattern in _weekday_dates():
        for m in pattern.finditer(text):
            if m["year"]:
                continue
            weekday, month, day = _WEEKDAY_NUMBERS[m["weekday"].lower()], _month(m), int(m["day"])
            days += [d for d in (_valid_day(year, month, day) for year in range(not_before, not_after + 1))
                     if d and d.weekday() == weekday][:1]
    return sorted(days)


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@cache
def _rules() -> tuple[Rule, ...]:
    month = _month_pattern()
    # Alone, a weekday is written in full: "Sun" and "Wed" on their own are words and names ("Rising Sun").
    weekday = r"(?P<weekday>" + "|".join(n for n in sorted(_WEEKDAY_NUMBERS, key=len, reverse=True) if len(n) > 3) + r")"
    relative = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for names, _ in _RELATIVE for w in sorted(names, key=len, reverse=True))
    part_of = r"(?:early|mid|late|the end of|end of|the beginning of|beginning of|début|mi|fin)[- ]"
    modifier = rf"(?:{part_of})?"
    day = _DAY
    flags = regex.I
    no_day_or_year = r"(?![\s,]*(?:[0-3]?\d\b|(?:19|20)\d\d))"
    return (
        *((pattern, _weekday_day) for pattern in _weekday_dates()),
        (regex.compile(rf"\bbetween\s+{month}\s+(?P<d1>{day})\s+and\s+(?P<d2>{day})(?:,?\s+{_YEAR})?\b", flags), _day_range),
        (regex.compile(rf"\b{month}\s+(?P<d1>{day})\s*[-–]\s*(?P<d2>{day})(?:,?\s+{_YEAR})?\b", flags), _day_range),
        (regex.compile(rf"\bdu\s+(?:\w+\s+)?(?P<d1>{day})(?:er)?\s+au\s+(?:\w+\s+)?(?P<d2>{day})\s+{month}(?:\s+{_YEAR})?\b", flags), _day_range),
        (regex.compile(rf"\b{modifier}{month},?\s+{_YEAR}\b", flags), _month_year),
        (regex.compile(rf"\b{_YEAR}\s*[-–]\s*(?P<y2>(?:19|20)?\d\d)\b", flags), _year_range),
        (regex.compile(rf"\b(?:since|depuis)\s+{_YEAR}\b(?!,?\s+(?:when|lorsque|quand)\b)", flags), _since),
        (regex.compile(rf"\b{month}\s+(?P<day>{day})(?!\d|,?\s+(?:19|20)\d\d)\b", flags), _day_no_year),
        (regex.compile(rf"\b(?:le\s+)?(?P<day>{day})(?:er)?\s+{month}(?!\s+(?:19|20)\d\d)\b", flags), _day_no_year),
        (regex.compile(rf"\b{weekday}\b(?P<last>\s+(?:dernier|last))?", flags), _weekday),
        (regex.compile(rf"\b(?:(?:in|en|during|pendant)\s+{modifier}|{part_of}){month}\b{no_day_or_year}", flags),
         _bare_month),
        (regex.compile(rf"\b(?:{relative})\b", flags), _relative),
        (regex.compile(rf"(?<![\d,.])\b{_YEAR}\b(?!\d|,\d|\s*(?:people|soldiers|troops|civilians|personnes))", flags), _year),
    )


def find_times(text: str, *, published: str | None) -> list[TimeSpan]:
    """Every temporal expression in the text, longest first where they overlap, in text order."""
    anchor = anchor_of(published)
    # A day or a month written without its year takes it from a page dated only to its month or year.
    known = published_interval(published)
    years = anchor or (known[1] if known else None)
    candidates = list(_absolute(text)) + [
        (m.start(), m.end(), _safe(lambda m=m, build=build: build(m, years if build in _YEARLESS else anchor)))
        for pattern, build in _rules() for m in pattern.finditer(text)]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    spans: list[TimeSpan] = []
    for start, end, interval in candidates:
        if spans and start < spans[-1].end:
            continue
        if interval is None:
            spans.append(TimeSpan(start, end, text[start:end], None, None, "unknown"))
        else:
            spans.append(TimeSpan(start, end, text[start:end], interval[0].isoformat(),
                                  interval[1].isoformat(), interval[2]))
    return spans


_YEARLESS = frozenset({_day_range, _day_no_year, _weekday_day, _bare_month})


def _absolute(text: str) -> Iterator[tuple[int, int, Interval]]:
    for d in find_dates(text):
        day = date(d.year, d.month, d.day)
        yield d.start, d.end, (day, day, "day")


def estimated_date(text: str, *, today: date | None = None) -> str | None:
    """For an article with no publication date: a guess from the dates it mentions, from which
    "on Thursday" or "March 30" can be read (events dated by it are marked as such).

    A day written with its weekday ("Saturday October 2", "lundi 16 décembre") fixes its year: the
    first from the year before the latest year the article mentions (it may announce next year's
    plans) in which that day falls on that weekday, up to today. Otherwise: writers give the year
    of earlier years' dates and leave it out for this year's. So the guess is the latest full date,
    unless the article also has dates without a year ("March 30", not "Tuesday", which is relative
    to the article's own date): then it is the latest of those, in the latest full date's year when
    they all fall after it, else in the next year."""
    times = find_times(text, published=None)
    days = [t.date_end for t in times if t.precision == "day" and t.date_end]
    years = [int(t.date_end[:4]) for t in times if t.date_end]
    confirmed = weekday_confirmed_days(text, not_before=max(years) - 1, not_after=(today or date.today()).year) if years else []
    if confirmed:
        return max([confirmed[-1].isoformat(), *days])
    if not days:
        return None
    latest = max(days)
    yearless = {(t.start, t.end) for t in times if t.date_start is None and any(c.isdigit() for c in t.text)}
    year = int(latest[:4])
    undated = [t.date_end for t in find_times(text, published=f"{year}-12-31")
               if (t.start, t.end) in yearless and t.precision == "day" and t.date_end]
    if not undated:
        return latest
    if min(undated) > latest:
        return max(undated)
    guess = max(undated)
    return f"{year + 1}{guess[4:]}" if guess[5:] != "02-29" else f"{year + 1}-02-28"
