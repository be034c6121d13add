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

Beside each Dask run, the CPU seconds it took in each part: the client's process (with `local:N`, the
scheduler and the workers' nannies run in it too), the worker processes, and PostgreSQL's server
processes (when the server runs on this machine). From the 1-worker run follows what 2 workers can
reach on 2 cores: the 1-worker run takes W seconds on its worker's core while the rest (R: client,
scheduler, PostgreSQL) runs beside it; 2 workers share 2 cores with the same rest, at best (W + R) / 2;
so 2 / 1 <= 2W / (W + R).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
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


def on_dask(folder: Path, server: str, workers: int) -> tuple[float, str, float, dict[str, float]]:
    """Articles per second on a local Dask cluster of `workers` processes, the seconds it took to start, and
    the CPU seconds the ingest took in each part."""
    started = time.perf_counter()
    with connected(f"local:{workers}") as client, database(server) as db:
        client.run(_warm)
        start_up = time.perf_counter() - started
        settings = settings_module.load(db=db)
        before, spent = cpu_spent(client, db), {}

        def run(store: Store) -> IngestReport:
            report = ingest_on_cluster(store, settings, [str(folder)], address=client.scheduler_info()["address"])
            spent.update(cpu_since(before, client, db))  # while the client's connection is open
            return report
        rate, load = timed_ingest(db, folder, run)
    return rate, load, start_up, spent


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_spent(client, db: str) -> dict[str, Any]:
    """CPU seconds so far of this process, of the cluster's workers, and of each PostgreSQL connection to `db`."""
    return {"client": _cpu_seconds(), "workers": sum(client.run(_cpu_seconds).values()),
            "postgres": connections_cpu(db)}


def cpu_since(before: dict[str, Any], client, db: str) -> dict[str, float]:
    now = cpu_spent(client, db)
    server = sum(seconds - before["postgres"].get(pid, 0) for pid, seconds in now["postgres"].items())
    return {"client": now["client"] - before["client"], "workers": now["workers"] - before["workers"],
            "postgres": server}


def connections_cpu(db: str) -> dict[int, float]:
    """CPU seconds of each server process connected to the database `db` (the server on this machine, where
    /proc shows its processes; other databases' work, other benchmarks' and tests', is left out)."""
    engine = create_engine(db)
    with engine.connect() as conn:
        pids = conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND pid <> pg_backend_pid()")).all()
    engine.dispose()
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # another machine's server, or the connection closed meanwhile
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


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
        spent = {}
        for workers in (1, 2):
            rates["dask", workers], load, start_up, spent[workers] = on_dask(folder, args.postgres, workers)
            print(f"  Dask, {workers} worker(s), PostgreSQL:          {rates['dask', workers]:6.2f} articles/s  ({load}; "
                  f"cluster up and models loaded in {start_up:.1f} s)")
            print("      CPU s: " + ", ".join(f"{part} {seconds:.1f}" for part, seconds in spent[workers].items()))
    for runner in ("local", "dask"):
        print(f"  {runner}: 2 / 1 = {rates[runner, 2] / rates[runner, 1]:.2f}x")
    work, rest = spent[1]["workers"], spent[1]["client"] + spent[1]["postgres"]
    print(f"  Dask on 2 cores, from the 1-worker run's CPU: 2 / 1 <= 2W / (W + R) = {2 * work / (work + rest):.2f}x")


if __name__ == "__main__":
    main()
