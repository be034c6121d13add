"""Speed of the language stage, beside bare spaCy on the same texts in the same run.

    python benchmarks/language.py [--docs 200]

Prints documents per second for: spaCy's English pipeline alone (nlp.pipe), and sitrep's
language stage (parse + entities, roles, times, quotes, figures) with 1 and 2 worker processes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import articles, bare_pipeline  # noqa: E402

from sitrep.workers import Analyser  # noqa: E402
from sitrep.records import Document, Metadata  # noqa: E402


def documents(count: int) -> list[Document]:
    return [Document(id=f"doc-{n}", source=f"gen-{n}.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                     meta=Metadata(language="en", published="2025-03-20"))
            for n, text in enumerate(articles(count, seed=5))]


def rate(run, docs: list[Document]) -> float:
    start = time.perf_counter()
    run(docs)
    return len(docs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="generated articles")
    args = parser.parse_args()
    docs = documents(args.docs)
    nlp = bare_pipeline("en")
    list(nlp.pipe([d.text for d in docs[:5]]))
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    print(f"language stage, {len(docs)} generated English articles of ~{words:.0f} words:")
    print(f"  bare spaCy (en_core_web_sm, nlp.pipe):  {rate(lambda ds: list(nlp.pipe([d.text for d in ds])), docs):7.1f} docs/s")
    for workers in (1, 2):
        with Analyser(workers=workers) as analyser:
            analyser(docs[:workers * 2])  # start the workers and load their models
            print(f"  sitrep language stage, {workers} worker(s):    {rate(analyser, docs):7.1f} docs/s")


if __name__ == "__main__":
    main()
