"""Latency of the web app's pages and API on a store of generated events.

    python benchmarks/serve.py [--events 100000] [--seconds 15]
    python benchmarks/serve.py --events 18000 --seconds 5     # about 10,000 incidents

Builds a store of generated articles (common.build_store: five events each, with actors, places and
evidence, written through the store's Writer), merges its incidents, serves it with uvicorn on
loopback, and requests, each for a bounded time from one client: a static file (the baseline: the
server's own cost), /api/search with words drawn from the articles, /api/incidents first pages with
and without filters, and every HTML page (overview, search, documents sorted and filtered,
incidents, an incident, a document, the map, trends with a mark, the review queue). The client runs
in the server's process, so the round trip also counts the client's reading of the page; under each
kind, the server's own time as its Server-Timing header gives it.
Prints p50 and p95 in milliseconds.

Issue 16, 10,778 incidents (--events 11000 --seconds 5, when this script wrote its rows straight into the
tables; 2 shared cores, load average 1.2-1.7), p50 / p95 ms:
overview 91 / 138, search page 68 / 113, documents by date 24 / 31, sorted by events for an outlet 25 / 38,
a document with its search hits 18 / 29, incidents 22 / 29, an incident 10 / 13, the map of the 5,000
deadliest 105 / 201 (of one country 45 / 66), trends with a mark by month for a country 43 / 67 and by week
for all 83 / 123, the review queue 33 / 49; the static baseline 6 / 8. Before the fix of the documents
filter, an outlet's documents took 15 s; under a load average of 7 every page still answered within 300 ms
at p50.

Issue 16 again, 10,379 incidents of common.build_store (--events 18000 --seconds 5; load average 2.8-4.4),
server time p50 / p95 ms: overview 74 / 148, search page 61 / 81, documents by date 22 / 47, sorted by events
for an outlet 29 / 43, a document with its search hits 28 / 43, incidents 17 / 24, an incident 7 / 11, the
map of the 5,000 deadliest 86 / 187 (its data 533 -> 411 kB: a type and a repeated end date no longer
written per incident), of one country 13 / 41, trends by month for a country 15 / 36 and by week for all
66 / 113, the review queue 29 / 43; /api/search 116 / 167. The round trip is 1-3 ms more.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from common import COUNTRIES, ENGLISH, KINDS, PLACES, build_store, report, serve, timed  # noqa: E402

from sitrep.records import PRECISIONS  # noqa: E402
from sitrep.settings import load  # noqa: E402
from sitrep.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15, help="time per measured request kind")
    parser.add_argument("--keep", type=Path, help="build the store at this path and leave it there (to look at); "
                                                  "a store already there is measured as it is")
    args = parser.parse_args()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        reuse = args.keep and args.keep.exists()
        store = Store.open(args.keep) if reuse else build_store(args.keep or Path(tmp) / "serve.db", args.events,
                                                                gazetteer=Path(load().gazetteer))
        print(f"store: {store.count_events()} events, {store.count_incidents()} incidents "
              f"(built in {time.perf_counter() - started:.0f} s)")
        server, base = serve(store)
        incident_ids = [i["id"] for i in store.incidents(limit=2000)]
        words = ENGLISH + [p.lower() for p in PLACES]
        documents = [d.id for d in store.documents(limit=2000)]
        types = sorted({kind for kind, _, _ in KINDS})
        kinds = {
            "baseline: GET /static/style.css": lambda: "/static/style.css",
            "GET /api/search?q=<one or two words>": lambda: "/api/search?q=" + "+".join(
                rng.sample(words, rng.choice([1, 2]))),
            "GET /api/incidents (first page)": lambda: "/api/incidents",
            "GET /api/incidents?country&type&page": lambda: (
                f"/api/incidents?country={rng.choice(COUNTRIES)}&type={rng.choice(types)}"
                f"&offset={50 * rng.randint(0, 5)}"),
            "GET / (overview)": lambda: "/",
            "GET /?q=<word> (search page)": lambda: "/?q=" + rng.choice(words),
            "GET /documents (by date)": lambda: "/documents",
            "GET /documents?sort=events&outlet (page)": lambda: (
                f"/documents?sort=events&outlet=Outlet+{rng.randint(0, 299)}&offset={50 * rng.randint(0, 1)}"),
            "GET /documents/<id>?q=<word>": lambda: f"/documents/{rng.choice(documents)}?q=" + rng.choice(words),
            "GET /incidents (list page)": lambda: "/incidents",
            "GET /incidents?country&precision": lambda: (
                f"/incidents?country={rng.choice(COUNTRIES)}&precision={rng.choice(PRECISIONS)}"),
            "GET /incidents/<id>": lambda: f"/incidents/{rng.choice(incident_ids)}",
            "GET /map (5,000 deadliest incidents)": lambda: "/map",
            "GET /map?country": lambda: f"/map?country={rng.choice(COUNTRIES)}",
            "GET /trends?country&mark (by month)": lambda: f"/trends?country={rng.choice(COUNTRIES)}&mark=2024-06-01",
            "GET /trends?by=week&mark (every country)": lambda: "/trends?by=week&mark=2024-06-01",
            "GET /review (next event)": lambda: f"/review?offset={rng.randint(0, 500)}",
        }
        print(f"latency on loopback, one client, up to {args.seconds:g} s per kind; under each, the server's own "
              "time (its Server-Timing header):")
        spent: list[float] = []
        hooks = {"response": [lambda r: spent.append(float(r.headers["server-timing"].removeprefix("app;dur=")))]}
        with httpx.Client(base_url=base, timeout=60, event_hooks=hooks) as client:
            for name, make in kinds.items():
                spent.clear()
                report(name, timed(client, make, args.seconds))
                report("    server", spent)
        server.should_exit = True
        store.close()


if __name__ == "__main__":
    main()
