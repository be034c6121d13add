"""Ingest speed on one machine and on a Dask cluster, in one run: the local pipeline with 1 and 2
language processes into a SQLite file, and `--cluster` with 1 and 2 Dask worker processes into a
PostgreSQL database; articles per second and the ratio of 2 to 1 for each.

    python benchmarks/cluster.py [--docs 400] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432]

The articles are generated (common.articles: each paragraph opens with a sentence that reports an
event), written to files, and ingested into a fresh store each time: read, clean, deduplicate,
language, places, events, store, incidents. The local runs include starting their worker processes
(as `sitrep ingest --workers N` pays it); the Dask runs start their cluster and load the models on
every worker first (a team's cluster stays up), and that start is printed apart. The figures are as
good as the machine is quiet: the load average before and after each run is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import articles  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from sitrep import settings as settings_module  # noqa: E402
from sitrep.pipeline import IngestReport, Ingestor, analyser_for  # noqa: E402
from sitrep.runners.cluster import connected, ingest_on_cluster  # noqa: E402
from sitrep.store import Store  # noqa: E402


def timed_ingest(db: str, folder: Path, run: Callable[[Store], IngestReport]) -> tuple[float, str]:
    """Articles per second of one ingest into a fresh store, and the load average around it."""
    before = os.getloadavg()[0]
    with Store.open(db) as store:
        start = time.perf_counter()
        report = run(store)
        elapsed = time.perf_counter() - start
        assert not report.failed and report.count("copy") == 0, report.summary()
    count = len(report.outcomes)
    return count / elapsed, f"load {before:.1f} -> {os.getloadavg()[0]:.1f}"


def local(folder: Path, db: str, workers: int) -> tuple[float, str]:
    settings = settings_module.load(db=db, workers=workers)

    def run(store: Store) -> IngestReport:
        with analyser_for(settings) as analyser:
            return Ingestor(store, settings, analyser=analyser).ingest([str(folder)])
    return timed_ingest(db, folder, run)


def _warm() -> None:
    """On a worker: the language models loaded before the clock starts."""
    from sitrep.language.models import pipeline
    pipeline("en"), pipeline("fr")


def on_dask(folder: Path, server: str, workers: int) -> tuple[float, str, float]:
    """Articles per second on a local Dask cluster of `workers` processes, and the seconds it took to start."""
    started = time.perf_counter()
    with connected(f"local:{workers}") as client, database(server) as db:
        client.run(_warm)
        start_up = time.perf_counter() - started
        settings = settings_module.load(db=db)
        rate, load = timed_ingest(db, folder, lambda store: ingest_on_cluster(
            store, settings, [str(folder)], address=client.scheduler_info()["address"]))
    return rate, load, start_up


@contextmanager
def database(server: str) -> Iterator[str]:
    """A new PostgreSQL database on `server`, dropped afterwards."""
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    name = f"sitrep_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=400, help="generated articles")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432",
                        help="a PostgreSQL server where the benchmark may create and drop a database")
    args = parser.parse_args()
    texts = articles(args.docs, seed=17, events=True)
    print(f"{args.docs} generated articles of ~{sum(len(t.split()) for t in texts) / len(texts):.0f} words, "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for n, article in enumerate(texts):
            (folder / f"gen-{n:05d}.txt").write_text(article, encoding="utf-8")
        rates = {}
        for workers in (1, 2):
            rates["local", workers], load = local(folder, str(Path(tmp) / f"local-{workers}.db"), workers)
            print(f"  local pipeline, {workers} process(es), SQLite:   {rates['local', workers]:6.2f} articles/s  ({load})")
        for workers in (1, 2):
            rates["dask", workers], load, start_up = on_dask(folder, args.postgres, workers)
            print(f"  Dask, {workers} worker(s), PostgreSQL:          {rates['dask', workers]:6.2f} articles/s  ({load}; "
                  f"cluster up and models loaded in {start_up:.1f} s)")
    for runner in ("local", "dask"):
        print(f"  {runner}: 2 / 1 = {rates[runner, 2] / rates[runner, 1]:.2f}x")


if __name__ == "__main__":
    main()
