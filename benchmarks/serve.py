"""Latency of the web app's pages and API on a store of generated events.

    python benchmarks/serve.py [--events 100000] [--seconds 15]
    python benchmarks/serve.py --events 11000 --seconds 5     # about 10,000 incidents (issue 16)

Builds a store of generated articles (five events each, with actors, places and evidence), merges
its incidents, serves it with uvicorn on loopback, and requests, each for a bounded time from one
client: a static file (the baseline: the server's own cost), /api/search with words drawn from
the articles, /api/incidents first pages with and without filters, and every HTML page (overview,
search, documents sorted and filtered, incidents, an incident, a document, the map, trends with a
mark, the review queue). On loopback from one client, the time measured is the server's.
Prints p50 and p95 in milliseconds.

Issue 16, 10,778 incidents (--events 11000 --seconds 5; 2 shared cores, load average 1.2-1.7), p50 / p95 ms:
overview 91 / 138, search page 68 / 113, documents by date 24 / 31, sorted by events for an outlet 25 / 38,
a document with its search hits 18 / 29, incidents 22 / 29, an incident 10 / 13, the map of the 5,000
deadliest 105 / 201 (of one country 45 / 66), trends with a mark by month for a country 43 / 67 and by week
for all 83 / 123, the review queue 33 / 49; the static baseline 6 / 8. Before the fix of the documents
filter, an outlet's documents took 15 s; under a load average of 7 every page still answered within 300 ms
at p50.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))

from common import DAYS, ENGLISH, PLACES  # noqa: E402

from sitrep.rebuild import rebuild_incidents  # noqa: E402
from sitrep.serve.app import create_app  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store import schema as s  # noqa: E402

TYPES = ["battles", "violence_against_civilians", "explosions_remote_violence", "protests", "strategic_developments"]
ACTORS = ["Rising Sun Movement", "Malian Armed Forces", "Borealis Security Group", "unidentified gunmen",
          "jihadists", "protesters", "Niger", "Mali"]
COUNTRIES = ["ML", "NE", "BF", "TD", "NG", "CM", "SD", "SO", "CD", "MZ", "CF", "LY"]
REGIONS = [(country, f"{country} region {n}") for country in COUNTRIES for n in range(10)]


def build(path: Path, events: int, seed: int = 5) -> Store:
    rng = random.Random(seed)
    per_doc = 5
    places = [dict(id=f"gn:{n}", geonames_id=n, name=f"{rng.choice(PLACES)} {n}", kind="populated_place",
                   country=country, admin1=admin1, lat=rng.uniform(0, 20), lon=rng.uniform(-10, 40))
              for n, (country, admin1) in enumerate(REGIONS * 4)]
    documents, rows, actors, evidence = [], [], [], []
    for d in range(events // per_doc):
        sentences, doc_id = [], f"doc-{d:06d}"
        day = f"{rng.choice([2023, 2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for e in range(per_doc):
            place, kind = rng.choice(places), rng.choice(TYPES)
            sentence = (f"{rng.choice(ACTORS)} {rng.choice(['attacked', 'clashed with', 'met'])} "
                        f"{rng.choice(ACTORS)} near {place['name']} on {rng.choice(DAYS)}, "
                        + " ".join(rng.choice(ENGLISH) for _ in range(18)) + ".")
            start = sum(len(x) + 2 for x in sentences)
            sentences.append(sentence)
            event_id = f"{doc_id}:e{start}"
            dead = rng.choice([None, rng.randint(1, 60)])
            rows.append(dict(id=event_id, document_id=doc_id, type=kind, sub_type="attack", date_start=day, date_end=day,
                             date_precision="day", place_id=place["id"], geo_precision=1, fatalities_low=dead,
                             fatalities_high=dead, alleged=False, status="reported"))
            actors += [dict(event_id=event_id, role="actor", name=rng.choice(ACTORS)),
                       dict(event_id=event_id, role="target", name=rng.choice(ACTORS))]
            evidence.append(dict(event_id=event_id, document_id=doc_id, start=start, end=start + len(sentence)))
        documents.append(dict(id=doc_id, source=f"{doc_id}.txt", title=sentences[0][:60], outlet=f"Outlet {d % 40}",
                              published=day, text="\n\n".join(sentences), authors=[], agencies=[], language="en",
                              raw=b"", raw_kind="text", encoding="utf-8", fingerprint=b"", shingles=0,
                              ingested_at="2025-01-01"))
    store = Store.open(path)
    with store.engine.begin() as conn:
        for table, values in ((s.documents, documents), (s.places, places), (s.events, rows),
                              (s.event_actors, actors), (s.event_evidence, evidence)):
            for i in range(0, len(values), 5000):
                conn.execute(insert(table), values[i:i + 5000])
    rebuild_incidents(store)
    return store


def serve(store: Store) -> tuple[uvicorn.Server, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def measure(client: httpx.Client, urls, seconds: float, most: int = 2000) -> list[float]:
    times = []
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop and len(times) < most:
        url = next(urls)
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def cycle(make):
    while True:
        yield make()


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"  {name:44} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   ({len(times)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15, help="time per measured request kind")
    args = parser.parse_args()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build(Path(tmp) / "serve.db", args.events)
        print(f"store: {store.count_events()} events, {store.count_incidents()} incidents "
              f"(built in {time.perf_counter() - started:.0f} s)")
        server, base = serve(store)
        incident_ids = [i["id"] for i in store.incidents(limit=2000)]
        words = ENGLISH + [p.lower() for p in PLACES]
        kinds = {
            "baseline: GET /static/style.css": lambda: "/static/style.css",
            "GET /api/search?q=<one or two words>": lambda: "/api/search?q=" + "+".join(
                rng.sample(words, rng.choice([1, 2]))),
            "GET /api/incidents (first page)": lambda: "/api/incidents",
            "GET /api/incidents?country&type&page": lambda: (
                f"/api/incidents?country={rng.choice(REGIONS)[0]}&type={rng.choice(TYPES)}"
                f"&offset={50 * rng.randint(0, 5)}"),
            "GET / (overview)": lambda: "/",
            "GET /?q=<word> (search page)": lambda: "/?q=" + rng.choice(words),
            "GET /documents (by date)": lambda: "/documents",
            "GET /documents?sort=events&outlet (page)": lambda: (
                f"/documents?sort=events&outlet=Outlet+{rng.randint(0, 39)}&offset={50 * rng.randint(0, 1)}"),
            "GET /documents/<id>?q=<word>": lambda: f"/documents/doc-{rng.randrange(args.events // 5):06d}?q="
                                                    + rng.choice(words),
            "GET /incidents (list page)": lambda: "/incidents",
            "GET /incidents/<id>": lambda: f"/incidents/{rng.choice(incident_ids)}",
            "GET /map (5,000 deadliest incidents)": lambda: "/map",
            "GET /map?country": lambda: f"/map?country={rng.choice(COUNTRIES)}",
            "GET /trends?country&mark (by month)": lambda: f"/trends?country={rng.choice(COUNTRIES)}&mark=2024-06-01",
            "GET /trends?by=week&mark (every country)": lambda: "/trends?by=week&mark=2024-06-01",
            "GET /review (next event)": lambda: f"/review?offset={rng.randint(0, 500)}",
        }
        print(f"latency on loopback, one client, up to {args.seconds:g} s per kind:")
        with httpx.Client(base_url=base, timeout=60) as client:
            for name, make in kinds.items():
                report(name, measure(client, cycle(make), args.seconds))
        server.should_exit = True
        store.close()


if __name__ == "__main__":
    main()
