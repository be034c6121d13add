"""Commands that fill a store: ingest, reprocess, demo."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..settings import Settings
from .options import (DEMO_DB, db_option, emit_json, ensured_gazetteer, json_option, load_settings, open_store,
                      printable, progress, workers_option)

if TYPE_CHECKING:
    from ..pipeline import IngestReport, Outcome
    from ..store import Store


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--allow-private", is_flag=True, default=None,
              help="Allow fetching loopback, private and link-local addresses.")
@click.option("--max-bytes", type=int, default=None, help="Largest input accepted, in bytes.")
@click.option("--timeout", "fetch_timeout", type=float, default=None,
              help="Seconds a URL's whole download may take, redirects included.")
@workers_option
@click.option("--cluster", metavar="tcp://HOST:8786|local:N", default=None,
              help="Run the stages on a Dask cluster's workers (its scheduler's address), or on N local worker "
                   "processes; the workers write to the store (a PostgreSQL URL for workers on other machines).")
@json_option
def ingest(sources: tuple[str, ...], db: str | None, allow_private: bool | None, max_bytes: int | None,
           fetch_timeout: float | None, workers: int | None, cluster: str | None, as_json: bool) -> None:
    """Ingest articles: files, folders (recursive), URLs, RSS/Atom feeds, JSON Lines, or - for stdin.

    Each input that cannot be read is reported on one line with the reason; the rest go on,
    and the exit status is 1 when any input failed.
    """
    settings = load_settings(db=db, allow_private=allow_private, max_bytes=max_bytes, fetch_timeout=fetch_timeout,
                             workers=workers, cluster=cluster)
    with open_store(settings.db) as store:
        report = _run_ingest(store, settings, list(sources), quiet=as_json)
    if as_json:
        emit_json({"db": str(settings.db), "summary": report.summary(),
                   "outcomes": [vars(o) | {"warnings": list(o.warnings)} for o in report.outcomes]})
    else:
        click.echo(_summary_line(report, settings.db))
    sys.exit(1 if report.failed else 0)


def _run_ingest(store: Store, settings: Settings, sources: list[str], *, quiet: bool = False) -> IngestReport:
    from tqdm import tqdm

    ensured_gazetteer(settings, quiet=quiet)
    run_id = store.start_run("ingest", sources)
    with progress("ingesting", unit=" docs", quiet=quiet) as bar:
        def show(outcome: Outcome) -> None:
            bar.update(1)
            if outcome.status == "rejected":
                tqdm.write(f"error: {printable(outcome.source)}: {printable(outcome.detail)}", file=sys.stderr)
            for warning in outcome.warnings:
                if not quiet:
                    tqdm.write(f"warning: {printable(outcome.source)}: {printable(warning)}", file=sys.stderr)
        report = _stages(store, settings, sources, run_id=run_id, on_outcome=show,
                         on_incidents=lambda: bar.set_description_str("merging incidents"))
    for error in report.errors:
        click.echo(f"error: {printable(error)}", err=True)
    store.finish_run(run_id, report.summary())
    return report


def _stages(store: Store, settings: Settings, sources: list[str], *, run_id: int,
            on_outcome: Callable[[Outcome], None], on_incidents: Callable[[], None]) -> IngestReport:
    """Every stage over the inputs: on the cluster the settings name, or in this process and its workers."""
    heard = {"run_id": run_id, "on_outcome": on_outcome, "on_incidents": on_incidents}
    if settings.cluster:
        from ..runners.cluster import ingest_on_cluster
        return ingest_on_cluster(store, settings, sources, address=settings.cluster, stdin=sys.stdin.buffer, **heard)
    from ..pipeline import Ingestor, analyser_for
    with analyser_for(settings) as analyser:
        return Ingestor(store, settings, analyser=analyser).ingest(sources, stdin=sys.stdin.buffer, **heard)


def _summary_line(report: IngestReport, db: str) -> str:
    s = report.summary()
    return (f"{len(report.outcomes)} inputs: {s['added']} added, {s['copy']} copies of stored articles, "
            f"{s['known']} already stored, {s['rejected']} failed -> {db}")


@click.command()
@db_option
@click.option("--doc", "docs", multiple=True, help="Only this document (repeatable); default: every original.")
@workers_option
@json_option
def reprocess(db: str | None, docs: tuple[str, ...], workers: int | None, as_json: bool) -> None:
    """Run the language stage again over stored documents (after an upgrade or a dictionary edit)."""
    from tqdm import tqdm

    from ..pipeline import analyser_for, reprocess as reprocess_documents
    settings = load_settings(db=db, workers=workers)
    ensured_gazetteer(settings, quiet=as_json)
    with open_store(settings.db) as store, \
            analyser_for(settings) as analyser, \
            progress("reprocessing", unit=" docs", quiet=as_json) as bar:
        run_id = store.start_run("reprocess", list(docs))
        failed = []

        def done(doc_id: str, error: str | None) -> None:
            bar.update(1)
            if error:
                failed.append(doc_id)
                tqdm.write(f"error: {doc_id}: {error}; its earlier analysis is kept", file=sys.stderr)
        count = reprocess_documents(store, analyser, settings=settings, doc_ids=list(docs) or None, on_done=done,
                                    on_incidents=lambda: bar.set_description_str("merging incidents"))
        store.finish_run(run_id, {"reprocessed": count, "failed": len(failed)})
    if as_json:
        emit_json({"db": str(settings.db), "reprocessed": count, "failed": failed})
    else:
        click.echo(f"reprocessed {count} documents -> {settings.db}" + (f", {len(failed)} failed" if failed else ""))
    sys.exit(1 if failed else 0)


@click.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path(DEMO_DB),
              show_default=True, help="Where to build the demo store (replaced if it exists).")
@json_option
def demo(db: Path, as_json: bool) -> None:
    """Build a fresh store from the bundled, fictional demo corpus and show what it holds."""
    from ..report.brief import gather, html as briefing_html, markdown as briefing_markdown
    from ..report.export import (EXPORTED_TYPES, document_record, entity_record, figure_record, place_record,
                                 quote_record)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    corpus = resources.files("sitrep.data").joinpath("demo")
    notice = corpus.joinpath("NOTICE.txt").read_text(encoding="utf-8").strip()
    settings = load_settings(db=db, cluster="")  # the demo runs here, whatever cluster the environment names
    with resources.as_file(corpus) as folder, open_store(db) as store:
        report = _run_ingest(store, settings, [str(folder / "articles")], quiet=True)
        docs = list(store.documents())
        counts = store.counts()
        found = {"entities": store.entities(types=tuple(EXPORTED_TYPES)), "quotes": store.quotes(),
                 "figures": store.figures(), "places": store.places()}
        briefing = gather(store)
    html_path = db.with_name(db.stem + "-briefing.html")
    html_path.write_text(briefing_html(briefing), encoding="utf-8")
    if as_json:
        emit_json({"notice": notice, "db": str(db), "summary": report.summary(), "counts": vars(counts),
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
