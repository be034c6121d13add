"""What a user asks for, read as the store needs it: a country by its name or code, dates as people
write them, whatever the case. Used by the command line and the API, so that both read a filter
alike; a value that cannot be read is an InputError naming the option, never a filter that silently
matches nothing.
"""

from __future__ import annotations

from .calendar import option_date
from .geo.countries import country_code
from .errors import InputError
from .records import PRECISIONS, EventFilter


def event_filter(*, country: str | None = None, admin1: str | None = None, type: str | None = None,
                 actor: str | None = None, since: str | None = None, until: str | None = None,
                 min_fatalities: int | None = None, precision: str | None = None, prefix: str = "--") -> EventFilter:
    """An EventFilter from what a user typed: the country by name or code (Mali, mali, ML, MLI), dates
    as YYYY-MM-DD, a month or a year (`until` 2025-03 is the end of March) or as people write them.
    `prefix` is how the options are named in errors ("--" on the command line, "" in the API)."""
    return EventFilter(country=country_code(country, option=f"{prefix}country") if country else None,
                       admin1=admin1 or None, type=type, actor=actor or None,
                       since=since_date(since, option=f"{prefix}since"),
                       until=until_date(until, option=f"{prefix}until"), min_fatalities=min_fatalities,
                       precision=_precision(precision, option=f"{prefix}precision"))


def _precision(value: str | None, *, option: str) -> str | None:
    if value and value.lower() not in PRECISIONS:
        raise InputError(f"{option} {value!r} is no precision; use one of {', '.join(PRECISIONS)}")
    return value.lower() if value else None


def since_date(value: str | None, *, option: str = "--since") -> str | None:
    return option_date(value, option=option) if value else None


def until_date(value: str | None, *, option: str = "--until") -> str | None:
    return option_date(value, option=option, end=True) if value else None
