"""The `sitrep` command: thin commands over the library, a module per group of commands (ingest,
browse, incidents and decisions, report, serve, gazetteer); `--json` wherever a command lists things."""

from __future__ import annotations

import os

import click

from .. import __version__
from .browse import documents, entities, events, figures, info, places, quotes, show
from .gazetteer import gazetteer
from .incidents import decisions, incidents
from .ingest import demo, ingest, reprocess
from .report import brief, datasette_metadata, export, trend
from .serve import serve
from .transfer import copy
from .options import Commands


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def cli() -> None:
    """sitrep: conflict news in, a situation picture with evidence out.

    Ingest articles (files, folders, HTML, PDF, JSON Lines, feeds, URLs), keep them clean and
    deduplicated in a local SQLite store, and export what was found.
    """


def main() -> None:
    # sitrep spreads work over processes (--workers, Dask workers); a thread pool for the models' matrix
    # products in each only makes them contend for the same cores (~7 % more CPU per article here).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    cli(standalone_mode=True)


for _command in (ingest, reprocess, demo, documents, show, entities, quotes, figures, places, events, info,
                 incidents, decisions, export, datasette_metadata, brief, trend, serve, gazetteer, copy):
    cli.add_command(_command)
