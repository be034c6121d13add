"""Ingest speed and the cost of the near-duplicate check.

    python benchmarks/ingest.py [--docs 5000]

1. Documents per second for text ingest (extract, clean, describe, identify, store) on
   generated articles, on one core, beside a baseline measured in the same run: the same texts
   written to SQLite with no processing at all (the floor any ingest pays). The language stage
   is left out here (benchmarks/language.py measures it).
2. Per-article cost of the near-duplicate check as the store grows from 1k to 10k documents,
   beside a linear scan over the same fingerprints (what the check would cost without LSH).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import articles  # noqa: E402

from sitrep.ingest.dedup import CopyIndex, containment, fingerprint, normalised_words  # noqa: E402
from sitrep.pipeline import Ingestor  # noqa: E402
from sitrep.records import Analysis, RawInput  # noqa: E402
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


def check_costs(texts: list[str], sizes: list[int], probes: int = 200) -> list[tuple[int, float, float]]:
    prints = [fingerprint(normalised_words(t)) for t in texts[: max(sizes) + probes]]
    queries = prints[-probes:]
    rows = []
    index = CopyIndex(threshold=0.7)
    filled = 0
    for size in sizes:
        for n in range(filled, size):
            index.add(f"d{n}", prints[n])
        filled = size
        start = time.perf_counter()
        for q in queries:
            index.original_of(q)
        lsh_ms = (time.perf_counter() - start) / probes * 1000
        start = time.perf_counter()
        for q in queries[:20]:
            max(containment(q, p) for p in prints[:size])
        scan_ms = (time.perf_counter() - start) / 20 * 1000
        rows.append((size, lsh_ms, scan_ms))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000, help="generated articles to ingest")
    args = parser.parse_args()
    texts = articles(max(args.docs, 10_200))
    with tempfile.TemporaryDirectory() as tmp:
        rate = ingest_rate(texts[: args.docs], Path(tmp))
        floor = baseline_rate(texts[: args.docs], Path(tmp))
    words = sum(len(t.split()) for t in texts[: args.docs]) / args.docs
    print(f"text ingest, {args.docs} generated articles of ~{words:.0f} words, one core:")
    print(f"  sitrep ingest (clean + describe + dedup + store): {rate:8.1f} docs/s")
    print(f"  baseline (bare SQLite insert, same texts):        {floor:8.1f} docs/s")
    print("near-duplicate check per article as the store grows:")
    print(f"  {'store size':>10}  {'LSH (ms)':>9}  {'linear scan (ms)':>16}")
    for size, lsh_ms, scan_ms in check_costs(texts, [1000, 2000, 5000, 10000]):
        print(f"  {size:>10}  {lsh_ms:9.3f}  {scan_ms:16.3f}")


if __name__ == "__main__":
    main()
