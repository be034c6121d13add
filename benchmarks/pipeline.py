"""End-to-end speed (ingest through incidents), beside bare spaCy in the same run; and the cost of
merging incidents as the store grows.

    python benchmarks/pipeline.py [--docs 200] [--sizes 1000,5000,10000,20000,50000]

1. Generated English articles, each paragraph opening with a sentence that reports an event, are
   written to files and ingested into a fresh store with the default gazetteer: read, clean,
   deduplicate, language, places, events, store, incidents. Articles per second with 1 and 2
   language workers, and spaCy's pipeline alone (nlp.pipe) on the same texts; then the peak memory
   of one language worker (a fresh process analysing the texts a batch at a time, as a worker does).
2. Incident merging over N synthetic events (many regions, days and types), alone and as the
   store runs it (read the events, merge, write the incidents back): seconds, and microseconds
   per event, which stay flat if the cost grows as n log n rather than n squared.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # as the sitrep command runs (cli.main), before numpy loads

from common import articles, bare_pipeline  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from sitrep import settings as settings_module  # noqa: E402
from sitrep.events.incidents import EventRef, merge  # noqa: E402
from sitrep.pipeline import Ingestor  # noqa: E402
from sitrep.rebuild import rebuild_incidents  # noqa: E402
from sitrep.records import Document, Metadata  # noqa: E402
from sitrep.workers import Analyser  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store import schema as s  # noqa: E402

TYPES = ["battles", "violence_against_civilians", "explosions_remote_violence", "protests", "strategic_developments"]


def end_to_end(texts: list[str], workers: int, folder: Path) -> tuple[float, int, int]:
    """Articles per second, events and incidents stored."""
    inputs = folder / f"articles-{workers}"
    inputs.mkdir()
    for n, text in enumerate(texts):
        (inputs / f"gen-{n:05d}.txt").write_text(text, encoding="utf-8")
    settings = settings_module.load(db=folder / f"e2e-{workers}.db", workers=workers)
    with Store.open(settings.db) as store:
        start = time.perf_counter()
        report = Ingestor(store, settings).ingest([str(inputs)])
        elapsed = time.perf_counter() - start
        assert not report.failed, report.failed
        incidents = len(store.incidents())
        events = len(store.events())
    return len(texts) / elapsed, events, incidents


def worker_peak(texts: list[str]) -> float:
    """Megabytes: the most one language worker holds, analysing the texts a batch at a time (in a
    process of its own, started fresh: nothing inherited from this one)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        return pool.submit(_analysed_peak, texts, settings_module.load().gazetteer).result()


def _analysed_peak(texts: list[str], gazetteer: str) -> float:
    docs = [Document(f"gen-{n:05d}", f"gen-{n:05d}.txt", text, Metadata(language="en"), text.encode(), "text", "utf-8")
            for n, text in enumerate(texts)]
    with Analyser(gazetteer=gazetteer) as analyser:
        for start in range(0, len(docs), Ingestor.BATCH):
            analyser(docs[start:start + Ingestor.BATCH])
    status = Path("/proc/self/status")
    if status.exists():  # the peak of this program alone (ru_maxrss keeps the forked parent's across exec)
        return next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM")) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_events(count: int, seed: int = 3) -> list[EventRef]:
    rng = random.Random(seed)
    regions = [(country, f"{country}-region-{r}") for country in ("ML", "NE", "BF", "TD", "NG") for r in range(12)]
    first = date(2024, 1, 1)
    events = []
    for n in range(count):
        country, admin1 = rng.choice(regions)
        day = (first + timedelta(days=rng.randrange(730))).isoformat()
        kind = rng.choice(TYPES)
        low = rng.choice([None, rng.randint(1, 80)])
        events.append(EventRef(f"doc-{n // 5}:e{n}", f"doc-{n // 5}", kind, "attack", day, day,
                               rng.choice(["day", "day", "week", "publication", "month"]), f"gn:{admin1}", country,
                               admin1, 1, low, low))
    return events


def store_with(events: list[EventRef], folder: Path) -> Store:
    store = Store.open(folder / f"merge-{len(events)}.db")
    documents = sorted({e.document for e in events})
    places = sorted({(e.place_id, e.country, e.admin1) for e in events})
    with store.engine.begin() as conn:
        conn.execute(insert(s.documents), [dict(id=d, source=f"{d}.txt", text="", authors=[], agencies=[], raw=b"",
                                                raw_kind="text", encoding="utf-8", fingerprint=b"", shingles=0,
                                                ingested_at="2025-01-01") for d in documents])
        conn.execute(insert(s.places), [dict(id=p, geonames_id=None, name=admin1, kind="admin1", country=country,
                                             admin1=admin1, lat=0.0, lon=0.0) for p, country, admin1 in places])
        conn.execute(insert(s.events), [dict(id=e.id, document_id=e.document, type=e.type, sub_type=e.sub_type,
                                             date_start=e.date_start, date_end=e.date_end,
                                             date_precision=e.date_precision, place_id=e.place_id, geo_precision=1,
                                             fatalities_low=e.fatalities_low, fatalities_high=e.fatalities_high,
                                             alleged=False, status="reported") for e in events])
    return store


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="generated articles for the end-to-end run")
    parser.add_argument("--sizes", default="1000,5000,10000,20000,50000", help="event counts for incident merging")
    args = parser.parse_args()
    texts = articles(args.docs, seed=11, events=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nlp = bare_pipeline("en")
        list(nlp.pipe(texts[:5]))
        bare, _ = timed(lambda: list(nlp.pipe(texts)))
        words = sum(len(t.split()) for t in texts) / len(texts)
        print(f"end to end (ingest through incidents), {len(texts)} generated English articles of ~{words:.0f} words:")
        print(f"  bare spaCy (en_core_web_sm, nlp.pipe):      {len(texts) / bare:7.1f} articles/s")
        for workers in (1, 2):
            rate, events, incidents = end_to_end(texts, workers, folder)
            print(f"  sitrep, {workers} worker(s):                      {rate:7.1f} articles/s "
                  f"({events} events, {incidents} incidents)")
        print(f"  one language worker's peak memory:           {worker_peak(texts):7.0f} MB "
              f"(batches of {Ingestor.BATCH})")
        print("incident merging as the store grows:")
        print(f"  {'events':>7}  {'merge alone':>12}  {'per event':>10}  {'in the store':>13}  {'per event':>10}")
        for size in (int(x) for x in args.sizes.split(",")):
            events = synthetic_events(size)
            alone, incidents = timed(lambda: merge(events))
            store = store_with(events, folder)
            stored, _ = timed(partial(rebuild_incidents, store))
            store.close()
            print(f"  {size:7d}  {alone:11.3f}s  {alone / size * 1e6:8.1f}µs  {stored:12.3f}s  "
                  f"{stored / size * 1e6:8.1f}µs   ({len(incidents)} incidents)")


if __name__ == "__main__":
    main()
