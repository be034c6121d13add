"""The fuzz target of the text and HTML cleaners (tests/fuzzing.py) under hypothesis, 100,000 inputs.

    python benchmarks/fuzz_cleaners.py [--inputs 100000] [--jobs 2] [--seed 1] [--save DIR]

Each input is a plain text or an HTML page that hypothesis builds (tests/fuzzing.py says from
what), run through stages 2-5 (extract, clean, describe, identify). A crash is a stage fault,
an exception that escapes, or a document the store cannot take; each is counted, not stopped
at, and its input saved to --save to be replayed; each process says how far it got every 5,000
inputs. tests/test_cleaner_fuzz.py runs the same target a few hundred times in the suite.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitrep.datafiles import boilerplate_rules  # noqa: E402
from sitrep.records import RawInput  # noqa: E402
from tests.fuzzing import cleaner_inputs, fault  # noqa: E402

PROGRESS = 5000  # each process says how far it got every this many inputs


def fuzz(inputs: int, seed: int, save: Path) -> dict:
    """`inputs` inputs from hypothesis with `seed`: how many of each kind, the crashes, the slowest."""
    rules = boilerplate_rules()
    tally = {"inputs": Counter(), "crashes": [], "slowest": (0.0, 0, "")}

    @hypothesis_seed(seed)
    @settings(max_examples=inputs, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(raw=cleaner_inputs())
    def target(raw: RawInput) -> None:
        start = time.process_time()
        problem = fault(raw, rules)
        took = time.process_time() - start
        tally["inputs"][raw.kind] += 1
        tally["slowest"] = max(tally["slowest"], (took, len(raw.content), raw.kind))
        number = sum(tally["inputs"].values())
        if number % PROGRESS == 0:
            print(f"  seed {seed}: {number:,} inputs, {len(tally['crashes'])} crashes", flush=True)
        if problem:
            tally["crashes"].append((seed, number, raw.kind, problem))
            (save / f"crash-{seed}-{number}.{raw.kind}").write_bytes(raw.content)
    target()
    return tally


def fuzz_in_jobs(inputs: int, *, jobs: int, seed: int, save: Path) -> dict:
    """`fuzz` in `jobs` processes, each its share with a seed of its own, the tallies added up."""
    shares = [(inputs // jobs + (j < inputs % jobs), seed * 1000 + j, save) for j in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        tallies = pool.starmap(fuzz, shares)
    total = {"inputs": sum((t["inputs"] for t in tallies), Counter()),
             "crashes": [c for t in tallies for c in t["crashes"]],
             "slowest": max(t["slowest"] for t in tallies)}
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to try")
    parser.add_argument("--jobs", type=int, default=1, help="processes, each its share with a seed of its own")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (a run with the same seed repeats)")
    parser.add_argument("--save", type=Path, default=None, help="folder for crashing inputs (default: a new one)")
    args = parser.parse_args()
    save = args.save or Path(tempfile.mkdtemp(prefix="sitrep-fuzz-cleaners-"))
    save.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    tally = fuzz_in_jobs(args.inputs, jobs=args.jobs, seed=args.seed, save=save)
    took, size, kind = tally["slowest"]
    print(f"{sum(tally['inputs'].values()):,} inputs in {time.monotonic() - start:.0f} s ("
          + ", ".join(f"{kind} {n:,}" for kind, n in tally["inputs"].most_common())
          + f"); the slowest took {took:.2f} s of processor time ({size:,} bytes of {kind})")
    print(f"crashes: {len(tally['crashes'])}")
    for seed, number, kind, problem in tally["crashes"][:20]:
        print(f"  seed {seed} input {number} ({kind}): {problem}")
    if tally["crashes"]:
        print(f"crashing inputs saved in {save}")
    sys.exit(1 if tally["crashes"] else 0)


if __name__ == "__main__":
    main()
