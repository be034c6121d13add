"""Incidents merged again only where reports changed, or country by country, give what merging every
report at once gives: three stores take the same documents, reprocessings and decisions, one merging all
its reports after each, one only what changed, one all of them a group of countries at a time; their
incidents, ids and aliases stay the same."""

import random
from functools import partial

import pytest
from sqlalchemy import select

from sitrep.events.incidents import Decision
from sitrep.ingest.dedup import fingerprint, normalised_words
from sitrep.rebuild import rebuild_incidents, update_incidents
from sitrep.records import Analysis, Document, Event, Metadata, PlaceMention
from sitrep.store import Store
from sitrep.store import schema as s

KINDS = [("battles", "armed_clash"), ("violence_against_civilians", "attack"), ("protests", "peaceful_protest"),
         ("riots", "mob_violence"), ("strategic_developments", "arrests"), ("strategic_developments", "agreement")]
GROUPS = ["north front", "river brigade", "army", "police", "militia"]


def places() -> list[PlaceMention]:
    """Towns in two regions of two countries, a town no region is known for, a region, a country."""
    made = []
    for n, (country, region) in enumerate([("ML", "Gao"), ("ML", "Mopti"), ("NE", "Tillabéri"), ("NE", None)]):
        for k in range(2):
            made.append(PlaceMention(0, 4, f"T{n}{k}", "test", geonames_id=100 + 10 * n + k, name=f"T{n}{k}",
                                     kind="populated_place", country=country, admin1=region,
                                     lat=15.0 + n + 0.6 * k, lon=-1.0 + k, precision=1))
    made.append(PlaceMention(0, 4, "Gao", "test", geonames_id=900, name="Gao", kind="admin1", country="ML",
                             admin1="Gao", lat=16.0, lon=-0.5, precision=3))
    made.append(PlaceMention(0, 4, "Mali", "test", geonames_id=901, name="Mali", kind="country", country="ML",
                             lat=17.0, lon=-4.0, precision=3))
    return made


def report(rng: random.Random, start: int) -> Event:
    kind, sub_type = rng.choice(KINDS)
    day = 1 + rng.randrange(40)
    precision = rng.choices(["day", "week", "publication", "month", "year"], [6, 1, 1, 1, 1])[0]
    first, last = {"day": (day, day), "publication": (day, day), "week": (day, min(day + 6, 59)),
                   "month": (1, 30), "year": (1, 59)}[precision]
    dead = rng.choice([None, rng.randint(1, 9)])
    return Event(start, start + 9, "x" * 9, kind, sub_type, tuple(rng.sample(GROUPS, rng.choice([0, 1, 2]))), (),
                 rng.choice(PLACE_CHOICES + [None]), _day(first), _day(last), precision, dead, dead, False)


def _day(n: int) -> str:
    return f"2025-{3 + (n - 1) // 30:02d}-{1 + (n - 1) % 30:02d}"


PLACE_CHOICES = places()


def document(rng: random.Random, n: int, events: int = 3) -> tuple[Document, Analysis]:
    text = " ".join(f"Sentence {n} {k} of its article." for k in range(events))
    analysis = Analysis("en", events=tuple(report(rng, 30 * k) for k in range(events)))
    return Document(id=f"doc-{n:03d}", source=f"{n}.txt", text=text, raw=text.encode(), raw_kind="text",
                    encoding="utf-8", meta=Metadata(title=f"Article {n}", published="2025-04-01", language="en")), analysis


def state(store: Store) -> tuple:
    with store.engine.connect() as conn:
        incidents = sorted(tuple(r) for r in conn.execute(select(s.incidents)))
        members = sorted(tuple(r) for r in conn.execute(select(s.events.c.id, s.events.c.incident_id)))
        aliases = sorted(tuple(r) for r in conn.execute(select(s.incident_aliases)))
    return incidents, members, aliases


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_merging_only_what_changed_gives_what_merging_everything_gives(seed):
    rng = random.Random(seed)
    whole, changed, by_country = Store.open(":memory:"), Store.open(":memory:"), Store.open(":memory:")
    docs = [document(rng, n) for n in range(70)]

    def both(step) -> None:
        for store, rebuild in ((whole, rebuild_incidents), (changed, update_incidents),
                               (by_country, partial(rebuild_incidents, by_country=True))):
            step(store)
            rebuild(store)
        assert state(changed) == state(whole) == state(by_country)

    for doc, analysis in docs:
        both(lambda store: store.add_document(doc, fingerprint(normalised_words(doc.text)), analysis=analysis))
    with whole.engine.connect() as conn:
        events = list(conn.scalars(select(s.events.c.id).order_by(s.events.c.id)))
    for n in rng.sample(range(len(docs)), 8):  # reprocessing finds other events, or none
        doc, _ = docs[n]
        again = document(rng, n, events=rng.choice([0, 3, 3, 3]))[1]
        both(lambda store: store.replace_analysis(doc.id, again))
    for decision in (Decision("merge", events[3], events[150]), Decision("split", events[40]),
                     Decision("reject", events[41]), Decision("merge", events[7], events[8])):
        both(lambda store: store.add_decision(decision, None))
    both(lambda store: store.undo_decision(3))
    assert len(state(whole)[0]) > 50
