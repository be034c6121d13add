"""What the benchmarks share: generated articles, varied enough that no two are copies by accident; a
generated store written through the store's own write path (`build_store`); a store served on loopback
and its requests timed."""

from __future__ import annotations

import hashlib
import random
import socket
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sitrep.ingest.dedup import Fingerprint, fingerprint, normalised_words
from sitrep.language.models import package
from sitrep.rebuild import rebuild_incidents
from sitrep.records import (Analysis, Document, Entity, Event, Figure, Mention, Metadata, PlaceMention, Quote, Role,
                            Sentence, TimeSpan)
from sitrep.store import Store

PLACES = ["Mopti", "Sévaré", "Gao", "Ménaka", "Timbuktu", "Kidal", "Ségou", "Douentza", "Hombori", "Boni",
          "Niamey", "Tillabéri", "Djibo", "Dori", "Ansongo", "Gossi", "Niono", "Djenné"]
ACTORS = ["the army", "gunmen", "residents", "the governor", "aid workers", "a spokesman", "traders",
          "a local official", "the police", "herders", "the regional council", "a diplomat"]
VERBS = ["said", "reported", "told reporters", "confirmed", "denied", "announced", "warned", "added"]


EVENTS = ["Gunmen attacked the market in {place} on {day}, killing {n} civilians, {actor} said.",
          "Soldiers clashed with rebels near {place} on {day}, leaving {n} fighters dead.",
          "A roadside bomb killed {n} soldiers near {place} on {day}.",
          "Hundreds of people marched in {place} on {day} to protest against fuel prices.",
          "The army deployed {n} troops to {place} on {day}, {actor} said."]
ENGLISH = ("the of and to in a that for on with as was by at from it is were said after have has had but not this "
           "they he she their its which when while more than about over into between during since before where "
           "people town road market army government officials residents region district week day night month year "
           "report reports security forces group groups attack convoy village villages fuel prices trade schools "
           "clinic water food aid workers council leaders elders farmers herders traders families children women "
           "men river bridge checkpoint patrol border capital centre north south east west central local national "
           "regional public new old many several some most other such only also still again later earlier").split()
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def bare_pipeline(language: str = "en") -> Any:
    """The language's spaCy package as it ships (all of its components, the whole text parsed at once):
    what sitrep's speed is compared with."""
    import spacy
    return spacy.load(package(language))


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ba", "ko", "ma", "di", "sa", "ne", "lo", "ru", "te", "ga", "fi", "do", "ka", "mi", "so", "ta"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def articles(count: int, *, seed: int = 7, paragraphs: int = 6, events: bool = False) -> list[str]:
    """Generated articles; with `events`, each paragraph opens with a sentence that reports one."""
    rng = random.Random(seed)
    words = _vocabulary(rng) if not events else ENGLISH
    out = []
    for _ in range(count):
        title = f"{rng.choice(ACTORS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.randint(2, 90)} {rng.choice(words)}"
        body = []
        for _ in range(paragraphs):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                filler = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
                sentences.append(f"{rng.choice(ACTORS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
                                 f"that {rng.randint(1, 500)} {filler}.")
            if events:
                sentences.insert(0, rng.choice(EVENTS).format(place=rng.choice(PLACES), day=rng.choice(DAYS),
                                                              n=rng.randint(2, 60), actor=rng.choice(ACTORS)))
            body.append(" ".join(sentences))
        out.append(title + "\n\nShare this article: Facebook Twitter Email\n\n" + "\n\n".join(body)
                   + "\n\nSubscribe to our newsletter\n")
    return out


# --- a synthetic store, written through the store's own write path -------------------------------------------

COUNTRIES = ("ML", "NE", "BF", "NG", "TD", "CM", "SD", "SS", "SO", "ET", "CD", "CF", "MZ", "LY", "UA", "SY", "YE",
             "IQ", "AF", "MM", "PK", "CO", "MX", "HT", "LB", "KE", "BI", "SN", "CI", "BJ")
KINDS = (("battles", "armed_clash", 25), ("violence_against_civilians", "attack", 20),
         ("explosions_remote_violence", "air_drone_strike", 8),
         ("explosions_remote_violence", "remote_explosive_landmine_ied", 7), ("protests", "peaceful_protest", 18),
         ("riots", "violent_demonstration", 6), ("strategic_developments", "troop_deployment", 8),
         ("strategic_developments", "arrests", 8))
PRECISIONS = (("day", 70), ("publication", 10), ("week", 8), ("month", 7), ("year", 5))
GROUPS = [f"{a} {b}" for a in ("Rising Sun", "Northern", "Free", "Unity", "Sahel", "Coastal", "Eastern", "Popular",
                               "Islamic", "National", "Revolutionary", "Patriotic", "Highland", "River", "Desert")
          for b in ("Movement", "Front", "Brigade", "Alliance", "Army", "Militia", "Council", "Guard")]
SPEAKERS = [f"{a} {b}" for a in ("Amadou", "Fatima", "Oleksandr", "Maria", "Ahmed", "Grace", "Jean", "Aisha", "Carlos",
                                 "Nadia", "Ibrahim", "Olga", "Samuel", "Leila", "Moussa", "Hana", "Pierre", "Zainab")
            for b in ("Traoré", "Diallo", "Kovalenko", "Haddad", "Okafor", "Mensah", "Dubois", "Rahimi", "Garcia",
                      "Barry", "Kamara", "Petrenko", "Nasser", "Osei", "Cissé", "Yusuf", "Moreau", "Bangura")]
EPOCH = date(2023, 1, 1)
SPAN_DAYS = 3 * 365


def store_places(rng: random.Random, gazetteer: Path | None, *, towns: int = 60) -> list[PlaceMention]:
    """Places to put events at: each country's largest towns, its regions and itself, from the gazetteer
    when there is one (as the geo stage would resolve them), else made up."""
    if gazetteer is not None and gazetteer.is_file():
        wanted = {"populated_place": towns, "admin1": 12, "country": 1}
        with sqlite3.connect(f"file:{gazetteer}?mode=ro", uri=True) as db:
            found = db.execute(f"SELECT geonames_id, name, kind, country, admin1, lat, lon FROM places WHERE kind IN "
                               f"({','.join('?' * len(wanted))}) AND country IN ({','.join('?' * len(COUNTRIES))}) "
                               "ORDER BY population DESC, geonames_id", (*wanted, *COUNTRIES)).fetchall()
        taken: dict[tuple[str, str], int] = {}
        rows = []
        for row in found:  # the largest first: each country's `towns` largest towns, 12 regions, itself
            key = (row[3], row[2])
            taken[key] = taken.get(key, 0) + 1
            if taken[key] <= wanted[row[2]]:
                rows.append(row)
    else:
        made = [(c, r, t) for c in COUNTRIES for r in range(10) for t in range(towns // 10 + 1)]
        rows = [(n, f"{rng.choice(PLACES)} {c}{r}{t}" if t else f"Region {c}{r}", "populated_place" if t else "admin1",
                 c, f"Region {c}{r}", rng.uniform(-30, 50), rng.uniform(-90, 100)) for n, (c, r, t) in enumerate(made)]
        rows += [(len(made) + n, f"Country {c}", "country", c, None, 0.0, 0.0) for n, c in enumerate(COUNTRIES)]
    precision = {"populated_place": 1, "admin1": 3, "country": 3}
    return [PlaceMention(0, 0, name, "gazetteer", geonames_id=gid, name=name, kind=kind, country=country,
                         admin1=admin1 or None, lat=lat, lon=lon, precision=precision[kind])
            for gid, name, kind, country, admin1, lat, lon in rows]


@dataclass(frozen=True)
class Happening:
    """One real event, which several articles may report (each in its own words and figures)."""

    type: str
    sub_type: str
    place: PlaceMention
    day: date
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    dead: int | None


class StoreWriter:
    """Documents with their analysis, as the language stage would give them: five events each, with
    actors, places and evidence, often of a happening another article reported already; quotes, figures,
    entities, dates. Deterministic for a seed."""

    def __init__(self, places: list[PlaceMention], *, seed: int = 5, documents: int = 1000) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.places = places
        self.towns = [p for p in places if p.kind == "populated_place"]
        self.broad = [p for p in places if p.kind != "populated_place"]
        self.documents = max(1, documents)  # how many will be made: they spread over three years
        self.recent: list[Happening] = []
        self.made = 0

    def document(self) -> tuple[Document, Fingerprint, Analysis]:
        rng, n = self.rng, self.made
        self.made += 1
        published = EPOCH + timedelta(days=min(SPAN_DAYS, n * SPAN_DAYS // self.documents + rng.randint(0, 2)))
        parts = _Parts()
        title = parts.add(f"{rng.choice(GROUPS)} {rng.choice(VERBS)} {rng.randint(2, 90)} {rng.choice(ENGLISH)}")
        events = [self._event(parts, self._happening(published), published) for _ in range(5)]
        quotes, figures = self._quote(parts), self._figure(parts, published)
        for _ in range(rng.randint(2, 6)):
            parts.add(" ".join(rng.choice(ENGLISH) for _ in range(rng.randint(10, 24))).capitalize() + ".")
        text = parts.text()
        doc_id = "doc-" + hashlib.sha256(f"{self.seed}:{n}".encode()).hexdigest()[:16]
        meta = Metadata(title=title, outlet=f"Outlet {rng.randint(0, 299)}", url=f"https://news.example/{doc_id}",
                        published=published.isoformat(), language=rng.choice(["en"] * 5 + ["fr"]), language_score=0.99)
        doc = Document(id=doc_id, source=f"{doc_id}.html", text=text, meta=meta, raw=text.encode(), raw_kind="text",
                       encoding="utf-8")
        print_ = fingerprint(normalised_words(text))
        analysis = Analysis(language=meta.language, sentences=tuple(parts.sentences), mentions=tuple(parts.mentions),
                            entities=tuple(parts.entities.values()), roles=tuple(parts.roles), times=tuple(parts.times),
                            quotes=quotes, figures=figures, places=tuple(parts.places), events=tuple(events))
        return doc, print_, analysis

    def _happening(self, published: date) -> Happening:
        rng = self.rng
        earlier = [h for h in self.recent[-400:] if 0 <= (published - h.day).days <= 4]
        if earlier and rng.random() < 0.45:
            return rng.choice(earlier)
        kind, sub_type = rng.choices([(k, s) for k, s, _ in KINDS], [w for *_, w in KINDS])[0]
        place = rng.choice(self.towns) if rng.random() < 0.8 or not self.broad else rng.choice(self.broad)
        violent = kind in ("battles", "violence_against_civilians", "explosions_remote_violence")
        happening = Happening(kind, sub_type, place, published - timedelta(days=rng.choice([0, 0, 1, 1, 2, 3])),
                              tuple(rng.sample(GROUPS, rng.choice([1, 1, 2]))), (rng.choice(GROUPS + ["civilians"]),),
                              rng.choice([None, rng.randint(1, 9), rng.randint(1, 80)]) if violent else None)
        self.recent = self.recent[-2000:] + [happening]
        return happening

    def _event(self, parts: _Parts, h: Happening, published: date) -> Event:
        rng = self.rng
        precision = rng.choices([p for p, _ in PRECISIONS], [w for _, w in PRECISIONS])[0]
        first, last = {"day": (h.day, h.day), "publication": (published, published),
                       "week": (h.day - timedelta(days=h.day.weekday()), h.day - timedelta(days=h.day.weekday() - 6)),
                       "month": (h.day.replace(day=1), (h.day.replace(day=28) + timedelta(days=4)).replace(day=1)
                                 - timedelta(days=1)),
                       "year": (h.day.replace(month=1, day=1), h.day.replace(month=12, day=31))}[precision]
        dead = None if h.dead is None else max(0, h.dead + rng.choice([0, 0, 0, -1, 2, 5]))
        start = parts.at()
        parts.name(h.actors[0], "ORG")
        parts.write(f" {rng.choice(['attacked', 'clashed with', 'struck', 'marched against'])} ")
        parts.name(h.targets[0], "ORG" if h.targets[0] != "civilians" else "DESC")
        parts.write(" near ")
        place = parts.place(h.place)
        parts.write(" on ")
        parts.time(h.day.strftime("%d %B %Y"), first, last, precision)
        parts.write(f", killing {dead} people." if dead is not None else ".")
        parts.sentence(start)
        for _ in range(rng.randint(1, 3)):
            parts.add(" ".join(rng.choice(ENGLISH) for _ in range(rng.randint(8, 20))).capitalize() + ".")
        end = parts.end_of_sentence(start)
        return Event(start, end, parts.between(start, end), h.type, h.sub_type, h.actors, h.targets, place,
                     first.isoformat(), last.isoformat(), precision, dead, dead, alleged=rng.random() < 0.05)

    def _quote(self, parts: _Parts) -> tuple[Quote, ...]:
        rng = self.rng
        start = parts.at()
        said = " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(8, 16))).capitalize()
        parts.write(f"“{said},” said ")
        speaker = rng.choice(SPEAKERS)
        key = parts.name(speaker, "PERSON", role="spokesperson")
        parts.write(".")
        parts.sentence(start)
        return (Quote(start, parts.at(), said, speaker, key, "spokesperson", True),)

    def _figure(self, parts: _Parts, published: date) -> tuple[Figure, ...]:
        rng = self.rng
        start, value = parts.at(), rng.randint(10, 90_000)
        parts.write(f"Some {value:,} people have fled, according to ")
        group = rng.choice(GROUPS)
        parts.name(group, "ORG")
        parts.write(".")
        parts.sentence(start)
        return (Figure(start, parts.at(), parts.between(start, parts.at()), f"{value:,}", value, value, None, None,
                       "displaced", "people", group, published.isoformat()),)


class _Parts:
    """A document's text as it is written, with the offsets of what is named in it."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.length = 0
        self.sentences: list[Sentence] = []
        self.mentions: list[Mention] = []
        self.entities: dict[str, Entity] = {}
        self.roles: list[Role] = []
        self.times: list[TimeSpan] = []
        self.places: list[PlaceMention] = []

    def at(self) -> int:
        return self.length

    def write(self, text: str) -> None:
        self.chunks.append(text)
        self.length += len(text)

    def add(self, sentence: str) -> str:
        start = self.at()
        self.write(sentence)
        self.sentence(start)
        return sentence

    def sentence(self, start: int) -> None:
        self.sentences.append(Sentence(start, self.at()))
        self.write("\n\n" if len(self.sentences) % 3 == 1 else " ")  # the title, then paragraphs of three

    def end_of_sentence(self, start: int) -> int:
        return next(s.end for s in self.sentences if s.start == start)

    def between(self, start: int, end: int) -> str:
        return "".join(self.chunks)[start:end]

    def name(self, name: str, label: str, *, role: str | None = None) -> str:
        start, key = self.at(), f"{label.lower()}:{name.lower()}"
        self.write(name)
        self.mentions.append(Mention(start, self.at(), name, label, key))
        self.entities.setdefault(key, Entity(key, name, label))
        if role:
            self.roles.append(Role(key, role, start, self.at()))
        return key

    def place(self, place: PlaceMention) -> PlaceMention:
        start = self.at()
        self.write(place.name)
        placed = replace(place, start=start, end=self.at(), text=place.name)
        self.places.append(placed)
        return placed

    def time(self, text: str, first: date, last: date, precision: str) -> None:
        start = self.at()
        self.write(text)
        self.times.append(TimeSpan(start, self.at(), text, first.isoformat(), last.isoformat(),
                                   precision if precision in ("day", "month", "year") else "day"))

    def text(self) -> str:
        return "".join(self.chunks).strip()


def build_store(path: Path, events: int, *, seed: int = 5, gazetteer: Path | None = None,
                batch: int = 250) -> Store:
    """A store of about `events` events (five a document), written document by document through the
    store's Writer (`batch` documents a transaction), its incidents then merged as after an ingest."""
    documents = max(1, events // 5)
    maker = StoreWriter(store_places(random.Random(seed), gazetteer), seed=seed, documents=documents)
    store = Store.open(path)
    for first in range(0, documents, batch):
        with store.writing() as w:
            for _ in range(min(batch, documents - first)):
                doc, print_, analysis = maker.document()
                w.add_document(doc, print_, analysis=analysis)
    rebuild_incidents(store)
    return store


# --- serving a store and timing requests ---------------------------------------------------------------------

def serve(store: Store) -> tuple[Any, str]:
    """The web app over `store` in a uvicorn server on a free loopback port, in a thread; and its base URL."""
    import uvicorn

    from sitrep.serve.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def timed(client: Any, make_url: Callable[[], str], seconds: float, most: int = 2000) -> list[float]:
    """Milliseconds of each GET of `make_url()`'s URLs, for up to `seconds` (at least one request)."""
    times: list[float] = []
    stop = time.perf_counter() + seconds
    while not times or (time.perf_counter() < stop and len(times) < most):
        url = make_url()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def report(name: str, times: list[float], unit: str = "requests") -> float:
    """Prints p50 and p95 of `times` (ms); returns the p95."""
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"  {name:48} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   ({len(times)} {unit})",
          flush=True)
    return p95
