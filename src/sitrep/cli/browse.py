"""Commands that read a store: documents, show, entities, quotes, figures, places, events, info."""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Any

import click

from ..errors import SitrepError
from ..records import EventFilter
from .options import (db_option, emit_json, emit_json_list, event_filter_options, filter_options, json_option,
                      language_filters, listing, load_settings, open_store, print_event_list, printable, read_country,
                      read_since, say_empty, toll_text)

if TYPE_CHECKING:
    from ..report.timeline import Series


@click.command()
@db_option
@click.option("--language", help="Only documents in this language (ISO 639-1).")
@click.option("--outlet", help="Only documents from this outlet (any case).")
@click.option("--since", callback=read_since,
              help="Only documents published on or after this date (YYYY-MM-DD, a month "
                   "YYYY-MM or a year YYYY).")
@click.option("--originals", is_flag=True, help="Leave out copies of other documents.")
@click.option("--limit", type=int, default=None, help="At most this many documents.")
@json_option
def documents(db: str | None, language: str | None, outlet: str | None, since: str | None,
              originals: bool, limit: int | None, as_json: bool) -> None:
    """List stored documents: id, date, language, outlet, title."""
    from ..report.export import document_record
    settings = load_settings(db=db)
    with open_store(settings.db, readonly=True) as store:
        given = [("--language", "language", language), ("--outlet", "outlet", outlet), ("--since", "since", since),
                 ("--originals", "originals_only", originals)]
        docs = listing(store.documents(language=language, outlet=outlet, since=since, originals_only=originals,
                                       limit=limit), empty=lambda: say_empty("documents", given, store.count_documents))
        notes = store.analysis_notes()
        if as_json:
            emit_json_list({k: v for k, v in document_record(d).items() if k != "text"}
                           | {"analysis_note": notes.get(d.id)} for d in docs)
            return
        for d in docs:
            copy = f"  [copy of {d.duplicate_of}]" if d.duplicate_of else ""
            click.echo(f"{d.id}  {d.meta.published or '?':10}  {d.meta.language or '?':2}  "
                       f"{printable(d.meta.outlet or '-')[:24]:24}  {printable(d.meta.title or d.source)}{copy}")


@click.command()
@click.argument("doc_id")
@db_option
@click.option("--raw", is_flag=True, help="Print the raw input exactly as it was ingested.")
@json_option
def show(doc_id: str, db: str | None, raw: bool, as_json: bool) -> None:
    """Show one document: its metadata and clean text (or, with --raw, its raw input)."""
    from ..report.export import document_record
    settings = load_settings(db=db)
    with open_store(settings.db, readonly=True) as store:
        doc = store.document(doc_id)
    if doc is None:
        raise SitrepError(f"no document {doc_id!r} in {settings.db}; `sitrep documents` lists them")
    if raw:
        sys.stdout.buffer.write(doc.raw)
    elif as_json:
        emit_json(document_record(doc))
    else:
        record = document_record(doc)
        for key in ("id", "source", "title", "outlet", "url", "published", "authors", "agencies",
                    "language", "duplicate_of"):
            click.echo(f"{key:>12}: {printable(str(record[key]))}")
        click.echo("\n" + printable(doc.text, lines=True))


@click.command()
@db_option
@filter_options
@click.option("--all-types", is_flag=True, help="Also list descriptions (DESC) and nationalities (NORP).")
@json_option
def entities(db: str | None, doc: str | None, entity: str | None, since: str | None, all_types: bool,
             as_json: bool) -> None:
    """List entities: canonical name, type, aliases, roles, how often and where they are named."""
    from ..report.export import EXPORTED_TYPES, entity_record
    types = () if all_types else tuple(EXPORTED_TYPES)
    with open_store(load_settings(db=db).db, readonly=True) as store:
        found = listing(store.each_entity(doc=doc, name=entity, since=since, types=types,
                                          documents=None if as_json else 0),
                        empty=lambda: say_empty("entities", language_filters(doc, entity, since),
                                                lambda **kw: store.count_entities(types=types, **kw)))
        if as_json:
            emit_json_list(entity_record(e) for e in found)
            return
        for e in found:
            role = f"  — {e.roles[0][0]}" if e.roles else ""
            others = ", ".join(a for a in e.aliases if a != e.name)[:80]
            click.echo(f"{e.mentions:4d}  {e.type:6}  {e.name}{role}" + (f"  [{others}]" if others else ""))


@click.command()
@db_option
@filter_options
@json_option
def quotes(db: str | None, doc: str | None, entity: str | None, since: str | None, as_json: bool) -> None:
    """List quotes with their speakers: a direct quote in quotation marks (“…”), an indirect one, what the
    text reports someone said, as `said: …`; a speaker the text does not name is `(unnamed)`."""
    from ..report.export import quote_record
    with open_store(load_settings(db=db).db, readonly=True) as store:
        found = listing(store.each_quote(doc=doc, entity=entity, since=since),
                        empty=lambda: say_empty("quotes", language_filters(doc, entity, since, name="entity"),
                                                store.count_quotes))
        if as_json:
            emit_json_list(quote_record(*row) for row in found)
            return
        for _id, doc_id, q in found:
            role = f" ({q.speaker_role})" if q.speaker_role else ""
            said = f"“{q.text}”" if q.direct else f"said: {q.text}"
            click.echo(f"{doc_id}  {q.speaker or '(unnamed)'}{role}  {said}")


@click.command()
@db_option
@filter_options
@click.option("--subject", help="Line up the figures about this subject (e.g. 'Russian personnel in Mali') as "
                                 "series over time, one per measure, with their sources.")
@json_option
def figures(db: str | None, doc: str | None, entity: str | None, since: str | None, subject: str | None,
            as_json: bool) -> None:
    """List figures: the numbers stated as facts, with who reported them (--entity filters on that)."""
    from ..report.export import figure_record
    from ..report.timeline import timelines
    with open_store(load_settings(db=db).db, readonly=True) as store:
        found = listing(store.each_figure(doc=doc, entity=entity, since=since),
                        empty=lambda: say_empty("figures", language_filters(doc, entity, since, name="entity"),
                                                store.count_figures))
        if subject:
            found = list(found)
            documents = {d.id: d for d in store.documents(ids=sorted({doc_id for _, doc_id, _ in found}))}
            _print_timelines(timelines(found, documents, subject), as_json)
        elif as_json:
            emit_json_list(figure_record(*row) for row in found)
        else:
            for _id, doc_id, f in found:
                by = f" — {f.attributed_to}" if f.attributed_to else ""
                click.echo(f"{doc_id}  {f.date or '?':10}  {f.measure:12} {f.as_reported!r} {f.subject or ''}{by}")


def _print_timelines(series: list[Series], as_json: bool) -> None:
    if as_json:
        emit_json([dataclasses.asdict(s) for s in series])
        return
    for s in series:
        click.echo(f"{s.measure}:")
        for p in s.points:
            source = ", ".join(x for x in (p.attributed_to, p.outlet) if x) or p.document
            click.echo(f"  {p.date or '?':10}  {p.as_reported!r:>22}  {p.unit or ''}  — {source}")


@click.command()
@db_option
@click.option("--doc", help="Only places in this document (its id).")
@click.option("--country", callback=read_country, help="Only places in this country (its name or ISO code: Mali, ML).")
@click.option("--since", callback=read_since, help="Only from documents published on or after this date (YYYY-MM-DD, "
                                                 "YYYY-MM or YYYY).")
@click.option("--unresolved", is_flag=True, help="List the place names left unresolved, and why.")
@click.option("--geojson", is_flag=True, help="Print the places as a GeoJSON FeatureCollection.")
@json_option
def places(db: str | None, doc: str | None, country: str | None, since: str | None, unresolved: bool,
           geojson: bool, as_json: bool) -> None:
    """List the places articles name, resolved in the gazetteer, with how often they are named."""
    from ..report.export import place_record, places_geojson
    with open_store(load_settings(db=db).db, readonly=True) as store:
        if unresolved:
            rows = store.unresolved_places()
            if as_json:
                emit_json([{"text": t, "reason": r, "mentions": n} for t, r, n in rows])
            for text, reason, count in rows if not as_json else ():
                click.echo(f"{count:4d}  {text}: {reason}")
            return
        given = [("--doc", "doc", doc), ("--country", "country", country), ("--since", "since", since)]
        found = listing(store.each_place(doc=doc, country=country, since=since,
                                         documents=None if as_json or geojson else 0),
                        empty=lambda: say_empty("places", given, store.count_places))
        if geojson:
            emit_json(places_geojson(list(found)))
        elif as_json:
            emit_json_list(place_record(p) for p in found)
        else:
            for p in found:
                where = ", ".join(x for x in (p.admin1, p.country) if x)
                click.echo(f"{p.mentions:4d}  {p.name} ({p.kind}{', ' + where if where else ''})  "
                           f"{p.lat:.3f},{p.lon:.3f}  geonames:{p.geonames_id}")




@click.group(invoke_without_command=True)
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
    print_event_list(db, where, "events", lambda store, w: store.each_event(w),
                     lambda store, w: store.count_events(w), _event_line, as_json)


def _event_line(e: dict[str, Any]) -> str:
    place = (e["location"] or {}).get("name") or "?"
    alleged = "  (alleged)" if e["alleged"] else ""
    return (f"{e['id']}  {e['date_start'] or '?':10}  {e['type']:27} {place[:20]:20} "
            f"{', '.join(e['actors'])[:40]}{toll_text(e['fatalities'])}{alleged}")


@click.command()
@db_option
@json_option
def info(db: str | None, as_json: bool) -> None:
    """Show what the store holds: counts by language and outlet, schema version."""
    settings = load_settings(db=db)
    with open_store(settings.db, readonly=True) as store:
        counts, version, pending = store.counts(), store.schema_version(), store.incidents_pending()
    data = {"db": str(settings.db), "schema_version": version, "incidents_pending": pending} | vars(counts)
    if as_json:
        emit_json(data)
        return
    click.echo(f"{settings.db} (schema {version}): {counts.documents} documents, "
               f"{counts.originals} originals, {counts.copies} copies")
    if pending:
        click.echo("  incidents: out of date (a run was interrupted); the next command that writes rebuilds them")
    click.echo("  languages: " + ", ".join(f"{k} {v}" for k, v in counts.by_language.items()))
    click.echo("  outlets:   " + ", ".join(f"{k} {v}" for k, v in counts.by_outlet.items()))
