"""Commands that write what a store says for others: export, brief, trend, datasette-metadata."""

from __future__ import annotations

import dataclasses
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..records import RECORD_KINDS, EventFilter
from ..report.trend import PERIODS
from .options import (Counted, db_option, emit_json, event_filter_options, json_option, load_settings, open_store,
                      progress, read_since)

if TYPE_CHECKING:
    from ..report.brief import Briefing


@click.command()
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
    from ..report.acled import write_acled_csv
    from ..report.export import write_csv, write_geojson, write_jsonl
    settings = load_settings(db=db)
    writers = {"jsonl": write_jsonl, "csv": partial(write_csv, kind=kind),
               "acled": partial(write_acled_csv, where=where, per_report=per_report),
               "geojson": partial(write_geojson, where=where)}
    on_screen = out is None and sys.stdout.isatty()  # a bar would break the lines it prints
    with open_store(settings.db, readonly=True) as store, \
            progress("exporting", unit=" records", quiet=on_screen) as bar:
        if out is None:
            writers[fmt](store, Counted(sys.stdout, bar))
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = writers[fmt](store, Counted(handle, bar))
            bar.close()
            click.echo(f"{count} records -> {out}", err=True)


@click.command("datasette-metadata")
@db_option
def datasette_metadata(db: str | None) -> None:
    """Print Datasette's metadata for the store: titles, what each table and view holds, notes on columns,
    the search index of each searchable table, the licence of the place data. Use it as
    `sitrep datasette-metadata > metadata.json; datasette sitrep.db -m metadata.json`."""
    from ..report.datasette import datasette_metadata as metadata
    emit_json(metadata(Path(str(load_settings(db=db).db)).stem))


@click.command()
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
    from ..report.brief import gather
    with open_store(load_settings(db=db).db, readonly=True) as store:
        briefing = gather(store, where, subjects=subjects)
    _write_briefing(briefing, out, html_out, as_json)


def _write_briefing(briefing: Briefing, out: Path | None, html_out: Path | None, as_json: bool) -> None:
    from ..report.brief import html as briefing_html, markdown as briefing_markdown
    if html_out is not None:
        html_out.write_text(briefing_html(briefing), encoding="utf-8")
    if as_json:
        emit_json(dataclasses.asdict(briefing) | {"html": str(html_out) if html_out else None})
    elif out is not None:
        out.write_text(briefing_markdown(briefing), encoding="utf-8")
        click.echo(f"briefing -> {out}" + (f", {html_out}" if html_out else ""), err=True)
    else:
        click.echo(briefing_markdown(briefing))
        if html_out is not None:
            click.echo(f"HTML briefing: {html_out}")


@click.command()
@db_option
@event_filter_options
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="The period of a bar.")
@click.option("--mark", callback=read_since,
              help="A date (YYYY-MM-DD) to compare before and after: the totals on each side.")
@click.option("--svg", "svg_out", type=click.Path(dir_okay=False, path_type=Path), help="Also draw it as SVG here.")
@click.option("--png", "png_out", type=click.Path(dir_okay=False, path_type=Path), help="Also draw it as PNG here.")
@json_option
def trend(db: str | None, where: EventFilter, by: str, mark: str | None, svg_out: Path | None,
          png_out: Path | None, as_json: bool) -> None:
    """Incidents and reported dead by type per week, month or quarter, empty periods included; with
    --mark, the totals before and from that date (those of `sitrep incidents` for the same filter)."""
    from ..report.brief import TYPE_COLOURS
    from ..report.trend import table as trend_table, trend as trend_of
    from ..report.trend_chart import layout as trend_layout, png as trend_png, svg as trend_svg
    with open_store(load_settings(db=db).db, readonly=True) as store:
        found = trend_of(store, where, by=by, mark=mark)
    if svg_out or png_out:
        chart = trend_layout(found)
        if svg_out:
            svg_out.write_text(trend_svg(chart), encoding="utf-8")
        if png_out:
            png_out.write_bytes(trend_png(chart))
    if as_json:
        emit_json(dataclasses.asdict(found))
    else:
        click.echo(trend_table(found, list(TYPE_COLOURS)))
