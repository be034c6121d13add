"""Ingest speed, and the cost of the near-duplicate check as the store grows.

    python benchmarks/ingest.py [--docs 5000]
    python benchmarks/ingest.py --store /tmp/copies.db --sizes 1000,10000,100000   # kept, and grown when reused

1. Documents per second for text ingest (extract, clean, describe, identify, store) on
   generated articles, on one core, beside a baseline measured in the same run: the same texts
   written to SQLite with no processing at all (the floor any ingest pays). The language stage
   is left out here (benchmarks/language.py measures it).
2. For each store size (generated originals written through the store's Writer, FILL a
   transaction): the near-duplicate check of one article, as the pipeline asks it (the stored
   originals sharing one of its LSH band keys, one indexed query, then the containment estimate),
   per article, over syndicated copies of stored articles and new articles; and the wall time of
   `sitrep ingest` of one file (a syndicated copy: no language stage) against the store, as a new
   process, start included. Each the best of --repeat measurements. Beside them, the size of the
   index the check reads (copy_bands: its rows, and its table and indexes on disk).
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import articles  # noqa: E402
from sqlalchemy import text as sql  # noqa: E402

from sitrep.ingest.dedup import identify  # noqa: E402
from sitrep.pipeline import Ingestor  # noqa: E402
from sitrep.rebuild import complete  # noqa: E402
from sitrep.records import Analysis, Document, Metadata, RawInput  # noqa: E402
from sitrep.settings import Settings  # noqa: E402
from sitrep.store import Store  # noqa: E402


def ingest_rate(texts: list[str], folder: Path) -> float:
    settings = Settings(db=folder / "bench.db")
    with Store.open(settings.db) as store:
        ingestor = Ingestor(store, settings, fetcher=lambda url: None,
                            analyser=lambda docs: [Analysis(d.meta.language) for d in docs])
        start = time.perf_counter()
        for n, text in enumerate(texts):
            ingestor.add(RawInput(f"gen-{n}.txt", text.encode(), "text"))
        return len(texts) / (time.perf_counter() - start)


def baseline_rate(texts: list[str], folder: Path) -> float:
    conn = sqlite3.connect(folder / "baseline.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    start = time.perf_counter()
    for text in texts:
        with conn:
            conn.execute("INSERT INTO t (text) VALUES (?)", (text,))
    rate = len(texts) / (time.perf_counter() - start)
    conn.close()
    return rate


FILL = 1000  # generated originals a transaction, each thousand from its own seed
PROBES = 100  # copies, and as many new articles, checked at each size


def generated(chunk: int) -> list[str]:
    """The `chunk`th thousand of the store's generated articles (the same ones whenever asked)."""
    return articles(FILL, seed=1000 + chunk)


def fill(store: Store, size: int) -> None:
    """Grow the store to `size` generated originals, written through the store's Writer, and complete the
    incidents as an ingest ends (so that the one-file ingest measured next finds nothing left to do)."""
    for chunk in range(store.count_documents(originals_only=True) // FILL, size // FILL):
        with store.writing() as w:
            for n, text in enumerate(generated(chunk)):
                doc_id, print_ = identify(text)
                meta = Metadata(title=text.split("\n", 1)[0], outlet=f"Outlet {n % 300}",
                                published=f"2025-{1 + chunk % 12:02d}-{1 + n % 28:02d}", language="en")
                w.add_document(Document(doc_id, f"gen-{chunk}-{n}.txt", text, meta, text.encode(), "text", "utf-8"),
                               print_)
    complete(store)


def syndicated(text: str, outlet: int) -> str:
    """The article as another outlet carries it: its own header and footer around the same story."""
    story = text.split("Share this article: Facebook Twitter Email\n\n", 1)[1].rsplit("\n\nSubscribe", 1)[0]
    return (f"{text.split(chr(10), 1)[0]}\n\nThe Evening Herald {outlet}\nWorld | Africa | Opinion\n\n{story}"
            "\n\nRead more from the Evening Herald. Contact the newsroom. Terms of use.\n")


def check_ms(store: Store) -> tuple[float, int]:
    """Milliseconds a near-duplicate check takes per article (syndicated copies of stored ones and new
    ones, half and half), and how many copies it found."""
    from sitrep.ingest.dedup import original_among
    texts = [syndicated(t, n) for n, t in enumerate(generated(0)[:PROBES])] + articles(PROBES, seed=99)
    prints = [identify(t)[1] for t in texts]
    start = time.perf_counter()
    found = [original_among(p, store.copy_candidates(p), threshold=0.7) for p in prints]
    return (time.perf_counter() - start) / len(prints) * 1000, sum(f is not None for f in found)


def one_file_ingest(db: str, folder: Path, stored: int) -> tuple[float, float]:
    """Seconds `sitrep ingest` of one file (a syndicated copy of a stored article, under an outlet of its own
    for each size of the store) takes, as a new process: wall time, and CPU time (user and system, less
    dependent on what else the machine runs)."""
    path = folder / f"copy-{stored}.txt"
    path.write_text(syndicated(generated(stored // FILL - 1)[stored % 997], stored))
    start, used = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-c", "from sitrep.cli import main; main()", "ingest", "--db", db, str(path)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert done.returncode == 0 and "1 copies" in done.stdout, (done.stdout, done.stderr)
    return seconds, _children_cpu() - used


def band_index(store: Store) -> tuple[int, float]:
    """The rows of the copy check's index, and the megabytes its table and indexes take."""
    with store.engine.connect() as conn:
        rows = conn.scalar(sql("SELECT count(*) FROM copy_bands"))
        size = conn.scalar(sql("SELECT pg_total_relation_size('copy_bands')" if conn.dialect.name == "postgresql"
                                else "SELECT sum(pgsize) FROM dbstat WHERE name = 'copy_bands'"))
    return rows, size / 1e6


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000, help="generated articles to ingest (0: skip part 1)")
    parser.add_argument("--sizes", default="1000,10000", help="store sizes the check is measured at")
    parser.add_argument("--store", help="the store of part 2 (a file or a PostgreSQL URL), kept and grown "
                        "(default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=3, help="measurements at each size; the best is printed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.docs:
            texts = articles(args.docs)
            rate, floor = ingest_rate(texts, Path(tmp)), baseline_rate(texts, Path(tmp))
            words = sum(len(t.split()) for t in texts) / args.docs
            print(f"text ingest, {args.docs} generated articles of ~{words:.0f} words, one core:")
            print(f"  sitrep ingest (clean + describe + dedup + store): {rate:8.1f} docs/s")
            print(f"  baseline (bare SQLite insert, same texts):        {floor:8.1f} docs/s")
        print("near-duplicate check per article, and a one-file ingest, as the store grows:", flush=True)
        print(f"  {'documents':>10}  {'check (ms)':>10}  {'copies found':>12}  {'one-file ingest (s): wall':>25}  {'CPU':>5}"
              f"  {'band keys':>10}  {'index MB':>8}  load")
        db = args.store or str(Path(tmp) / "copies.db")
        for size in map(int, args.sizes.split(",")):
            with Store.open(db) as store:
                fill(store, size)
            runs = []
            for _ in range(args.repeat):  # on a shared machine, the best of a few is the cost
                with Store.open(db) as store:
                    check, found = check_ms(store)
                    stored = store.count_documents()
                    keys, megabytes = band_index(store)
                runs.append((check, found, *one_file_ingest(db, Path(tmp), stored)))
            check, found, wall, cpu = (min(r[0] for r in runs), runs[0][1], min(r[2] for r in runs),
                                       min(r[3] for r in runs))
            print(f"  {stored:>10}  {check:10.3f}  {found:>6}/{PROBES:<5}  {wall:25.2f}  {cpu:5.2f}  {keys:>10}  "
                  f"{megabytes:8.1f}  {os.getloadavg()[0]:.1f}", flush=True)

if __name__ == "__main__":
    main()
