"""Absolute dates written in text ("April 1, 2022", "28 agosto 2024", "2024-04-20", "20th Apr, 2024",
"24/1/2025"). Numeric dates with the day and month in either order are read only when one of the
two cannot be a month (24/1/2025, 1/24/2025); 3/4/2025 is left alone rather than guessed.

Month names come from data/calendar.yaml, so adding a language needs no code. Relative
expressions ("last month", "on Thursday") belong to the language stage, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import regex

from .datafiles import calendar
from .errors import InputError


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    year: int
    month: int
    day: int | None

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


_WORDS = regex.compile(r"[^\W\d_]+")
_YEAR = regex.compile(r"\b(19|20)\d\d\b")
_NOT_WORDS = frozenset({"am", "pm", "gmt", "utc", "cet", "ist", "edt", "est", "h"})


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    names = sorted(calendar().months, key=len, reverse=True)
    month = r"(?P<month>" + "|".join(regex.escape(n) for n in names) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    month_first = regex.compile(rf"\b{month}\s+{day},?\s+{year}\b", regex.I)
    day_first = regex.compile(rf"\b{day}\s+{month},?\s+{year}\b", regex.I)
    numeric = regex.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
    return month_first, day_first, numeric


_SLASHED = regex.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)([/.])(?P<b>[0-3]?\d)\2(?P<year>(?:19|20)\d\d)(?!\d|[/.]\d)")


def _slashed(text: str) -> list[tuple[int, int, int, int, int]]:
    """Numeric dates whose order of day and month is certain: (start, end, year, month, day)."""
    found = []
    for m in _SLASHED.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            found.append((m.start(), m.end(), int(m["year"]), b, a))
        elif b > 12 >= a:
            found.append((m.start(), m.end(), int(m["year"]), a, b))
    return found


def find_dates(text: str) -> list[DateMatch]:
    """Every complete, valid calendar date in the text, in order of position."""
    found: dict[int, DateMatch] = {}
    months = calendar().months
    for pattern in _patterns():
        for m in pattern.finditer(text):
            month = int(m["month"]) if m["month"].isdigit() else months[m["month"].lower()]
            try:
                date(int(m["year"]), month, int(m["day"]))
            except ValueError:
                continue
            found.setdefault(m.start(), DateMatch(m.start(), m.end(), int(m["year"]), month, int(m["day"])))
    for start, end, year, month, day in _slashed(text):
        try:
            date(year, month, day)
        except ValueError:
            continue
        found.setdefault(start, DateMatch(start, end, year, month, day))
    return [found[k] for k in sorted(found)]


def is_date_line(line: str) -> bool:
    """True when a line says nothing but a date, a weekday, a time and separators."""
    cal = calendar()
    dates = find_dates(line)
    rest = line
    for m in reversed(dates):
        rest = rest[: m.start] + " " + rest[m.end:]
    words = _WORDS.findall(rest.lower())
    if any(w not in cal.months and w not in cal.weekdays and w not in _NOT_WORDS for w in words):
        return False
    return bool(dates) or bool(_YEAR.search(line) and any(w in cal.months for w in words))


_PERIOD = regex.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2}))?")


def option_date(value: str, *, option: str, end: bool = False) -> str:
    """A date a user gave an option, as YYYY-MM-DD: an ISO date, a month (2025-03) or a year (2025), which
    stand for their first day (their last with `end`), or a date as people write it (15 March 2025,
    March 15, 2025, 15/03/2025). An InputError naming the option when it cannot be read as one."""
    text = " ".join(value.split())
    period = _PERIOD.fullmatch(text)
    try:
        if period:
            year, month = int(period["year"]), int(period["month"] or (12 if end else 1))
            last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
            return date(year, month, last if end else 1).isoformat()
        found = find_dates(text)
        if len(found) == 1 and (found[0].start, found[0].end) == (0, len(text)):
            return date(found[0].year, found[0].month, found[0].day).isoformat()
    except ValueError:
        pass
    raise InputError(f"{option} {value!r}: not a date sitrep can read; write it as YYYY-MM-DD (or a month, "
                     "YYYY-MM, or a year, YYYY)")
