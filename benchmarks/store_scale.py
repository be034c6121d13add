"""What reading and writing cost as the store grows (issue 19): lists, pages, search, the incident
rebuild after one more document, a one-file ingest, exports.

    python benchmarks/store_scale.py --events 10000
    python benchmarks/store_scale.py --events 100000 --store /tmp/s100k.db   # kept, and reused when it exists
    python benchmarks/store_scale.py --store /tmp/s100k.db --exports         # also time and size the exports

Builds a store of `--events` generated events (common.build_store: five a document, about half of them
reports of a happening another article reported too, in 30 countries' real towns and regions when the
gazetteer is there, written through the store's Writer), then measures, each kind for up to `--seconds`:

- the CLI's lists, in this process, up to their first 50 lines (what `sitrep incidents | head -50` waits for);
- the API and the pages, served by uvicorn on loopback to one client (the time measured is the server's);
- the incident rebuild after one more document is stored (rebuild.complete, as an ingest ends);
- `sitrep ingest` of one small file into the store, as a new process (start, models, analysis, rebuild);
- with --exports, `sitrep export` as ACLED CSV and JSON Lines, its time and peak memory.

Prints p50/p95 in milliseconds, and ends with one line:
`worst p95 <N> ms; one-file ingest <S> s; rebuild after one document <S> s`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))

from common import (COUNTRIES, ENGLISH, KINDS, StoreWriter, articles, build_store, report, serve,  # noqa: E402
                    store_places, timed)

from sitrep.cli import cli  # noqa: E402
from sitrep.rebuild import complete  # noqa: E402
from sitrep.settings import load  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store import schema as s  # noqa: E402

FIRST_LINES = 50
SITREP = [sys.executable, "-c", "import resource, sys\nfrom sitrep.cli import main\ntry:\n    main()\nfinally:\n"
           "    print(f'peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)"]


class _Enough(Exception):
    """The reader of a listing has the lines it wanted (as `head` closes its pipe)."""


class _Head(io.TextIOBase):
    """A terminal that stops the command once it has printed `lines` lines."""

    encoding, errors = "utf-8", "strict"

    def __init__(self, lines: int) -> None:
        self.left = lines

    def write(self, text: str) -> int:
        self.left -= text.count("\n")
        if self.left <= 0:
            raise _Enough
        return len(text)


def cli_first_lines(arguments: list[str]) -> float:
    """Milliseconds until the command has printed its first lines (or ended)."""
    start = time.perf_counter()
    with contextlib.suppress(_Enough), contextlib.redirect_stdout(_Head(FIRST_LINES)):
        cli.main(arguments, prog_name="sitrep", standalone_mode=False)
    return (time.perf_counter() - start) * 1000


def timed_calls(call, seconds: float, most: int) -> list[float]:
    times: list[float] = []
    stop = time.perf_counter() + seconds
    while not times or (time.perf_counter() < stop and len(times) < most):
        times.append(call())
    return times


def measure_cli(db: Path, rng: random.Random, seconds: float, most: int, skip: re.Pattern) -> list[float]:
    types = sorted({kind for kind, _, _ in KINDS})
    kinds = {
        "sitrep incidents": lambda: ["incidents"],
        "sitrep incidents --country --type": lambda: ["incidents", "--country", rng.choice(COUNTRIES),
                                                      "--type", rng.choice(types)],
        "sitrep events": lambda: ["events"],
        "sitrep events --country --since": lambda: ["events", "--country", rng.choice(COUNTRIES), "--since",
                                                    f"2025-{rng.randint(1, 12):02d}-01"],
        "sitrep entities": lambda: ["entities"],
        "sitrep places": lambda: ["places"],
        "sitrep quotes": lambda: ["quotes"],
        "sitrep figures": lambda: ["figures"],
        "sitrep documents": lambda: ["documents"],
    }
    print(f"the CLI's lists, in this process, until their first {FIRST_LINES} lines:")
    return [report(name, timed_calls(lambda: cli_first_lines([*make(), "--db", str(db)]), seconds, most), "runs")
            for name, make in kinds.items() if not skip.search(name)]


def measure_api(store: Store, rng: random.Random, seconds: float, most: int, skip: re.Pattern) -> list[float]:
    with store.engine.connect() as conn:
        documents = list(conn.scalars(select(s.documents.c.id).limit(2000)))
        entities = list(conn.scalars(select(s.entities.c.id).where(s.entities.c.type == "ORG")))
        incidents = list(conn.scalars(select(s.incidents.c.id).limit(2000)))
        outlets = list(conn.scalars(select(s.documents.c.outlet).distinct().limit(200)))
    types = sorted({kind for kind, _, _ in KINDS})
    kinds = {
        "GET /api/events": lambda: "/api/events",
        "GET /api/events?country&type&offset": lambda: (f"/api/events?country={rng.choice(COUNTRIES)}"
                                                        f"&type={rng.choice(types)}&offset={50 * rng.randint(0, 4)}"),
        "GET /api/incidents": lambda: "/api/incidents",
        "GET /api/incidents?country&type&offset": lambda: (
            f"/api/incidents?country={rng.choice(COUNTRIES)}&type={rng.choice(types)}&offset={50 * rng.randint(0, 4)}"),
        "GET /api/entities": lambda: "/api/entities",
        "GET /api/places": lambda: "/api/places",
        "GET /api/quotes": lambda: "/api/quotes",
        "GET /api/figures": lambda: "/api/figures",
        "GET /api/documents": lambda: "/api/documents",
        "GET /api/search?q=<one or two words>": lambda: "/api/search?q=" + "+".join(
            rng.sample(ENGLISH, rng.choice([1, 2]))),
        "GET / (overview)": lambda: "/",
        "GET / (overview, the first after a write)": lambda: _forgetting(store, "/"),
        "GET /incidents": lambda: "/incidents",
        "GET /incidents/<id>": lambda: f"/incidents/{rng.choice(incidents)}",
        "GET /documents/<id>": lambda: f"/documents/{rng.choice(documents)}",
        "GET /entities/<id>": lambda: f"/entities/{quote(rng.choice(entities), safe='')}",
        "GET /documents": lambda: "/documents",
        "GET /documents?outlet&sort=events": lambda: f"/documents?outlet={quote(rng.choice(outlets))}&sort=events",
        "GET /map": lambda: "/map",
        "GET /map (the first after a write)": lambda: _forgetting(store, "/map"),
        "GET /trends": lambda: "/trends",
    }
    server, base = serve(store)
    print("the API and pages, on loopback, one client:")
    try:
        with httpx.Client(base_url=base, timeout=600) as client:
            return [report(name, timed(client, make, seconds, most)) for name, make in kinds.items()
                    if not skip.search(name)]
    finally:
        server.should_exit = True


def _forgetting(store: Store, url: str) -> str:
    """`url`, the aggregates the server keeps until the store changes forgotten first (as a write does)."""
    store.memo.clear()
    return url


def one_more_document(store: Store, seed: int) -> None:
    """A generated document stored as an ingest stores it, dated within the store's span."""
    rng = random.Random(seed)
    maker = StoreWriter(store_places(rng, Path(load().gazetteer)), seed=seed, documents=100)
    maker.made = rng.randrange(100)
    doc, print_, analysis = maker.document()
    with store.writing() as w:
        w.add_document(doc, print_, analysis=analysis)


def measure_rebuild(store: Store, first_seed: int, runs: int = 3) -> float:
    times = []
    for run in range(runs):
        one_more_document(store, seed=first_seed + run)
        start = time.perf_counter()
        complete(store)
        times.append((time.perf_counter() - start) * 1000)
    report("incidents after one more document", times, "runs")
    return max(times) / 1000


def run_sitrep(arguments: list[str]) -> tuple[float, float]:
    """Seconds and peak resident MB of `sitrep ARGUMENTS` as a new process (the peak it reports itself:
    the rusage of a child counts the parent's pages it was forked with)."""
    start = time.perf_counter()
    done = subprocess.run([*SITREP, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sitrep {' '.join(arguments)} failed: {done.stderr[-2000:]}")
    return elapsed, int(done.stderr.rsplit("peak ", 1)[1]) / 1024


def measure_ingest(db: Path, first_seed: int, runs: int = 2) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            article = Path(tmp) / f"article-{run}.txt"
            article.write_text(articles(1, seed=first_seed + run, events=True)[0], encoding="utf-8")
            seconds, _ = run_sitrep(["ingest", "--db", str(db), str(article)])
            times.append(seconds * 1000)
    report("sitrep ingest <one file> (a new process)", times, "runs")
    return max(times) / 1000


def measure_exports(db: Path) -> None:
    print("exports, as a new process:")
    for fmt in ("acled", "jsonl"):
        seconds, megabytes = run_sitrep(["export", "--db", str(db), "--format", fmt, "--out", os.devnull])
        print(f"  sitrep export --format {fmt:8} {seconds:8.1f} s   peak {megabytes:7.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000, help="events of the generated store")
    parser.add_argument("--store", type=Path, default=None, help="keep the store here (reused when it exists)")
    parser.add_argument("--seconds", type=float, default=3, help="time per measured kind")
    parser.add_argument("--most", type=int, default=40, help="most requests or runs per kind")
    parser.add_argument("--exports", action="store_true", help="also time the exports")
    parser.add_argument("--no-ingest", action="store_true", help="leave out the one-file ingest")
    parser.add_argument("--skip", type=re.compile, default=re.compile("^$"),
                        help="leave out the lists and pages whose name this matches (a regular expression)")
    args = parser.parse_args()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "scale.db"
        started = time.perf_counter()
        store = Store.open(db) if db.exists() else build_store(db, args.events, gazetteer=Path(load().gazetteer))
        counts = store.counts()
        print(f"store: {store.count_events()} events, {store.count_incidents()} incidents, {counts.documents} "
              f"documents, {db.stat().st_size / 1e6:.0f} MB (ready in {time.perf_counter() - started:.0f} s)",
              flush=True)
        worst = max(measure_cli(db, rng, args.seconds, args.most, args.skip)
                    + measure_api(store, rng, args.seconds, args.most, args.skip), default=float("nan"))
        fresh = 1_000_000 + counts.documents  # seeds of documents the store does not hold yet, however often reused
        rebuild = measure_rebuild(store, fresh)
        ingest = float("nan") if args.no_ingest else measure_ingest(db, fresh)
        if args.exports:
            measure_exports(db)
        store.close()
        print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print(f"worst p95 {worst:.0f} ms; one-file ingest {ingest:.1f} s; rebuild after one document {rebuild:.2f} s")


if __name__ == "__main__":
    main()
