"""What the commands share, the one place of the names they import from each other: the common options
(--db, --workers, --json, the filters), reading what a user typed (dates, countries), the store, the
settings and the gazetteer, progress bars, the one-line errors, tolls as a line says them, and saying why
a listing came out empty."""

from __future__ import annotations

import functools
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from .. import settings as settings_module
from ..errors import SitrepError
from ..events.kinds import EVENT_TYPES
from ..filters import event_filter, since_date
from ..geo.countries import country_code
from ..records import PRECISIONS, EventFilter
from ..settings import Settings

if TYPE_CHECKING:
    from tqdm import tqdm

    from ..store import Store


DEMO_DB = "sitrep-demo.db"
PROGRESS_DELAY = 0.5  # seconds of work before a progress bar shows: quick work stays silent
T = TypeVar("T")


@contextmanager
def progress(desc: str, *, unit: str, quiet: bool = False) -> Iterator[tqdm]:
    """A progress bar for long work, on standard error when it is a terminal: none when it is a pipe or a
    file, nor when `quiet` (a command given --json); `tqdm.write` prints beside it."""
    from tqdm import tqdm
    with tqdm(desc=desc, unit=unit, file=sys.stderr, disable=True if quiet else None, leave=False,
              delay=PROGRESS_DELAY) as bar:
        yield bar


class Counted:
    """A text stream that moves a progress bar at each write through it: the exports write a record at a time."""

    def __init__(self, out: IO[str], bar: tqdm) -> None:
        self.out, self.bar = out, bar

    def write(self, text: str) -> int:
        self.bar.update(1)
        return self.out.write(text)


def emit_json_list(items: Iterable[Any]) -> None:
    """A JSON array written item by item as it is read (what `emit_json` prints for a list)."""
    opened = False
    for item in items:
        click.echo(("[\n " if not opened else ",\n ") + json.dumps(item, ensure_ascii=False, indent=1)
                   .replace("\n", "\n "), nl=False)
        opened = True
    click.echo("\n]" if opened else "[]")


def listing(items: Iterator[T], *, empty: Callable[[], None]) -> Iterator[T]:
    """`items`, read as they are printed; when there are none, `empty` says why first."""
    first = next(items, None)
    if first is None:
        empty()
        return iter(())
    return itertools.chain([first], items)


def db_option(command: Callable) -> Callable:
    return click.option("--db", default=None, metavar="PATH|URL",
                        help="Store to use: a SQLite file, or a PostgreSQL URL (postgresql+psycopg://USER@HOST/NAME) "
                             "[default: ./sitrep.db, or $SITREP_DB].")(command)


def workers_option(command: Callable) -> Callable:
    return click.option("--workers", type=click.IntRange(1, 64), default=None,
                        help="Processes for the language stage [default: 1].")(command)


def json_option(command: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print machine-readable JSON instead of text.")(command)


def load_settings(**flags: Any) -> Settings:
    return settings_module.load(**flags)


def open_store(path: str, *, readonly: bool = False) -> Store:
    """The store at `path`. Each command imports what it runs when it runs, so that one that needs
    neither the store nor the pipeline (`--help`) starts at once."""
    from ..store import Store
    return Store.open(path, readonly=readonly)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def printable(text: str, *, lines: bool = False) -> str:
    """Text for a terminal line: control and format characters (newlines, escape codes, direction marks
    in a file name or an article's title) shown as escapes, not obeyed. With `lines`, a text of several
    lines (an article's): its line breaks and tabs kept, its other control characters escaped."""
    import regex
    pattern = r"(?![\n\t])\p{Cc}" if lines else r"[\p{Cc}\p{Cf}]"
    return regex.sub(pattern, lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def toll_text(fatalities: dict | None) -> str:
    """"  23 dead", "  41+ dead", "  20-30 dead", or nothing."""
    return f"  {count_text(fatalities)} dead" if fatalities else ""


def count_text(fatalities: dict) -> str:
    low, high = fatalities["low"], fatalities["high"]
    return f"{low}{'+' if high is None else '' if high == low else f'-{high}'}"


def ensured_gazetteer(settings: Settings | None = None, *, quiet: bool = False) -> Path:
    """The gazetteer, built first when it must be (with a progress bar: it takes ~20 s)."""
    from ..geo.gazetteer import ensure
    settings = settings or load_settings()
    overlay = Path(settings.places_overlay) if settings.places_overlay else None
    with progress("building the gazetteer (once)", unit=" places", quiet=quiet) as bar:
        ensure(Path(settings.gazetteer), overlay=overlay, on_row=lambda _n: bar.update(1)).close()
    return Path(settings.gazetteer)


def read_since(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A date option read as people write it (an error naming the option when it cannot be)."""
    return since_date(value, option=param.opts[0])


def read_country(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return country_code(value, option=param.opts[0]) if value else None


def say_empty(what: str, given: list[tuple[str, str, Any]], count: Callable[..., int]) -> None:
    """On standard error, why a listing came out empty: the store holds none of `what`, or which filter left
    none: the `given` filters (option, keyword of `count`, value) added in turn, with how many match."""
    given = [(option, keyword, value) for option, keyword, value in given if value not in (None, False, ())]
    applied: dict[str, Any] = {}
    steps = []
    for option, keyword, value in given:
        applied[keyword] = value
        steps.append(f"{option} {value!r} → {count(**applied) or 'none'}")
        if steps[-1].endswith("none"):
            break
    total = count() if given else 0
    if not total:
        click.echo(f"no {what} in the store yet" + ("" if what == "documents" else
                   f" (`sitrep info` says what it holds; `sitrep ingest`, `sitrep reprocess` or `sitrep demo` add {what})"),
                   err=True)
    else:
        click.echo(f"no {what} match ({total} in the store): " + ", then ".join(steps), err=True)


def _event_filters(where: EventFilter) -> list[tuple[str, str, Any]]:
    return [(f"--{name.replace('_', '-')}", name, getattr(where, name))
            for name in ("country", "admin1", "type", "actor", "since", "until", "min_fatalities", "precision")]


def print_event_list(db: str | None, where: EventFilter, what: str,
                     rows: Callable[[Store, EventFilter], Iterator[dict[str, Any]]],
                     count: Callable[[Store, EventFilter], int], line: Callable[[dict[str, Any]], str],
                      as_json: bool) -> None:
    """List events or incidents under the event filters: JSON, or one line each; an empty answer says
    which filter emptied it."""
    with open_store(load_settings(db=db).db, readonly=True) as store:
        found = listing(rows(store, where), empty=lambda: say_empty(
            what, _event_filters(where), lambda **kw: count(store, EventFilter(**kw))))
        if as_json:
            emit_json_list(found)
            return
        for record in found:
            click.echo(line(record))


class Commands(click.Group):
    """sitrep's command group: an error sitrep raises on purpose is one line, `error: ...`, and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepError as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            ctx.exit(2)


def language_filters(doc: str | None, entity: str | None, since: str | None, *,
                     name: str = "name") -> list[tuple[str, str, Any]]:
    return [("--doc", "doc", doc), ("--entity", name, entity), ("--since", "since", since)]


def filter_options(command: Callable) -> Callable:
    command = click.option("--since", callback=read_since, help="Only from documents published on or after this date "
                                                             "(YYYY-MM-DD, YYYY-MM or YYYY).")(command)
    command = click.option("--entity", help="Only about this entity (a name, an alias or an entity id).")(command)
    return click.option("--doc", help="Only in this document (its id).")(command)


def event_filter_options(command: Callable) -> Callable:
    """--country, --admin1, --type, --actor, --since, --until, --min-fatalities, --precision: an EventFilter
    as `where`."""
    options = [
        click.option("--country", help="Only in this country (its name or ISO code: Mali, ML)."),
        click.option("--admin1", help="Only in this first-level region (e.g. Mopti)."),
        click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only of this ACLED event type."),
        click.option("--actor", help="Only with this actor or target (part of the name)."),
        click.option("--since", help="Only ending on or after this date (YYYY-MM-DD, or a month YYYY-MM, a year YYYY)."),
        click.option("--until", help="Only starting on or before this date (YYYY-MM-DD; a month or a year: its end)."),
        click.option("--min-fatalities", type=int, default=None, help="Only with at least this many reported dead."),
        click.option("--precision", type=click.Choice(PRECISIONS, case_sensitive=False),
                     help="Only placed this finely: a town, a district, a first-level region, or a country alone "
                          "(no region known)."),
    ]

    @functools.wraps(command)
    def with_filter(*args: Any, country: str | None, admin1: str | None, event_type: str | None, actor: str | None,
                    since: str | None, until: str | None, min_fatalities: int | None, precision: str | None,
                    **kwargs: Any) -> Any:
        where = event_filter(country=country, admin1=admin1, type=event_type, actor=actor, since=since, until=until,
                             min_fatalities=min_fatalities, precision=precision)
        return command(*args, where=where, **kwargs)

    for option in reversed(options):
        with_filter = option(with_filter)
    return with_filter
