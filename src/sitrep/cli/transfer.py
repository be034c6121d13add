"""Moving a store: sitrep copy."""

from __future__ import annotations

import click

from ..store.engine import shown
from .options import emit_json, json_option, open_store, progress


@click.command("copy")
@click.option("--from", "source", required=True, metavar="PATH|URL", help="The store to copy (opened read-only).")
@click.option("--to", "target", required=True, metavar="PATH|URL",
              help="The store to fill, SQLite file or PostgreSQL database: new, or holding no documents.")
@json_option
def copy(source: str, target: str, as_json: bool) -> None:
    """Copy a whole store into another: a SQLite file into a PostgreSQL database, or back, nothing lost
    (raw inputs, analyses, incidents with their ids, analysts' decisions, the log of runs)."""
    from ..store.transfer import copy_store
    with open_store(source, readonly=True) as reading, open_store(target) as writing, \
            progress("copying", unit=" rows", quiet=as_json) as bar:
        copied = copy_store(reading, writing, on_rows=lambda _table, rows: bar.update(rows))
        counts = writing.counts()
    if as_json:
        emit_json({"from": shown(source), "to": shown(target), "rows": copied})
        return
    click.echo(f"{counts.documents} documents ({counts.copies} copies), {copied['events']} events, "
               f"{copied['incidents']} incidents, {copied['decisions']} decisions, {sum(copied.values())} rows "
               f"-> {shown(target)}")
