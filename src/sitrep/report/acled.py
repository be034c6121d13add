"""Incidents as ACLED codes events: one row per incident, in the columns, order and types of ACLED's
public export, so that a table of ACLED's and one of sitrep's load and stack alike.

How an incident becomes a row (ACLED's codebook; the word lists in data/acled.yaml):
0. which: `event_id_cnty` in ACLED's form, the country's alpha-3 code and a number that is the incident id's;
1. when: the incident's first day; `time_precision` 1 when a report gives the day and the incident
   spans at most a day, 2 for a week or a date known only from the article's publication, 3 coarser;
2. who: its reports' actors, the most reported first; generic participants ("unidentified gunmen",
   "protesters") become ACLED's generic actors named after the country ("Unidentified Armed Group
   (Mali)"), dropped beside a named actor of the same kind; `actor2` is the named target, else the
   other side of a clash; violence against civilians always has civilians as `actor2`;
   `inter1/2` from the actors' types, `interaction` the two codes, the lower first;
3. where: the incident's place with its country's numeric ISO code and ACLED's region;
4. how many: the lowest toll any source gives (ACLED's conservative figure), every source's
   toll in the notes when they differ;
5. sources: every outlet that reported it (syndicated copies too), `;`-joined, with their scale.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import IO, Any

import regex

from ..datafiles import read_yaml
from ..events.incidents import ID_DIGITS, ID_PREFIX
from ..geo.countries import Country, countries
from ..records import EventFilter
from ..store import Store
from ..store.analysis import EntitySummary
from .export import inert

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
TIME_PRECISION = {"day": 1, "week": 2, "publication": 2, "month": 3, "year": 3}
ARMED = frozenset({1, 2, 3, 4, 8})  # the inter codes of forces and armed groups
STATE = frozenset({1, 8})  # ... of the forces of a state, at home or abroad
NO_COUNTRY = "XXX"
_INCIDENT_ID = regex.compile(rf"{ID_PREFIX}[0-9a-f]{{{ID_DIGITS}}}")
_ACLED_ID = regex.compile(r"[A-Z]{3}(\d{1,20})")
SCALES = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")


@dataclass(frozen=True)
class Actor:
    name: str  # as ACLED writes it
    inter: int
    generic: bool = False


@dataclass(frozen=True)
class Coding:
    """data/acled.yaml, read once."""

    inter_codes: dict[str, int]
    foreign_forces: int
    unknown_inter: int
    generic: dict[str, tuple[str, int]]  # a participant's category -> ACLED's generic actor and its code
    civilians: str  # the category of civilian victims
    civilian_victims: frozenset[str]
    disorder_types: dict[str, str]
    disorder_by_sub_type: dict[str, str]
    source_scales: dict[str, str]
    regions: dict[str, str]  # country code -> ACLED region
    labels: dict[str, str]  # how ACLED writes a type or sub-type (data/events.yaml `acled_labels`)


@cache
def coding() -> Coding:
    data = read_yaml("acled.yaml")
    generic = {category.lower(): (entry["name"], int(entry["inter"]))
               for entry in data["generic_actors"] for category in entry["categories"]}
    civilians = next(entry["categories"][0] for entry in data["generic_actors"] if entry["name"] == "Civilians")
    return Coding({k: int(v) for k, v in data["inter_codes"].items()}, int(data["foreign_forces"]),
                  int(data["unknown_inter"]), generic, civilians, frozenset(data["civilian_victims"]),
                  data["disorder_types"], data["disorder_by_sub_type"], data["source_scales"] or {},
                  {code: region for region, codes in data["regions"].items() for code in codes},
                  read_yaml("events.yaml")["acled_labels"])


def write_acled_csv(store: Store, out: IO[str], *, where: EventFilter = EventFilter(), per_report: bool = False) -> int:
    """The incidents that match as ACLED rows (with `per_report`, one row per matching report instead,
    as each report would be coded alone); returns how many rows were written."""
    known = actor_types(store.each_entity(documents=0))
    incidents = store.each_incident(where)  # read a page at a time: constant memory
    if per_report:
        matching = None if where == EventFilter() else {e["id"] for e in store.each_event(where)}
        incidents = (_alone(r) for i in incidents for r in i["reports"] if matching is None or r["event"] in matching)
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow({k: inert(v) for k, v in acled_row(incident, known).items()})
        count += 1
    return count


def actor_types(entities: Iterable[EntitySummary]) -> dict[str, tuple[str | None, str | None]]:
    """Each entity's names (canonical and aliases) -> (its actor type, its country)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for e in entities:
        for name in (e.name, *e.aliases):
            found.setdefault(name.lower(), (e.actor_type, e.country))
    return found


def _alone(report: dict) -> dict:
    """A report as an incident of its own (what `--per-report` codes)."""
    return {"id": report["event"], "type": report["type"], "date_start": report["date_start"],
            "date_end": report["date_end"], "location": report["location"], "fatalities": report["fatalities"],
            "reports": [report]}


def acled_row(incident: dict, known: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    """One incident (as Store.incidents gives it) as one row of ACLED's columns."""
    place = incident["location"] or {}
    country = countries().get(place.get("country") or "")
    sub_type = _sub_type(incident)
    side1, side2 = sides(incident, known, country.name if country else None)
    inter1, inter2 = (side1[0].inter if side1 else 0), (side2[0].inter if side2 else 0)
    disorder = coding().disorder_by_sub_type.get(sub_type) or coding().disorder_types.get(incident["type"], "")
    return {"event_id_cnty": event_id_cnty(incident["id"], country), **_when(incident), "disorder_type": disorder,
            "event_type": acled_label(incident["type"]), "sub_event_type": acled_label(sub_type),
            "actor1": _name(side1), "assoc_actor_1": _associated(side1), "inter1": inter1,
            "actor2": _name(side2), "assoc_actor_2": _associated(side2), "inter2": inter2,
            "interaction": interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if "Political violence" in disorder and inter2 == 7 else "",
            "iso": country.numeric if country else "", "region": coding().regions.get(place.get("country") or "", ""),
            "country": country.name if country else place.get("country") or "", "admin1": place.get("admin1") or "",
            "admin2": place.get("admin2") or "", "admin3": "", "location": place.get("name") or "",
            "latitude": place.get("lat"), "longitude": place.get("lon"),
            "geo_precision": min((r["geo_precision"] for r in incident["reports"] if r["geo_precision"]), default=3),
            **_sources(incident["reports"]), "notes": notes(incident),
            "fatalities": (incident["fatalities"] or {}).get("low") or 0, "tags": "",
            "timestamp": _timestamp(incident["reports"])}


def event_id_cnty(incident_id: str, country: Country | None) -> str:
    """ACLED's form of an event's id: the country's ISO 3166 alpha-3 code and a number ("MLI1234"; "XXX",
    ISO's code for none, when the incident is placed in no country). The number is the incident id's own
    hexadecimal digits read as a number, so it is as stable as the id (split, merge and reprocessing
    keep it) and turns back into it (`incident_of`); a report's (--per-report) is its id's digest."""
    digits = incident_id[len(ID_PREFIX):] if _INCIDENT_ID.fullmatch(incident_id) else \
        hashlib.sha256(incident_id.encode()).hexdigest()[:ID_DIGITS]
    return f"{country.iso3 if country else NO_COUNTRY}{int(digits, 16)}"


def incident_of(acled_id: str) -> str | None:
    """The incident id an `event_id_cnty` of sitrep's stands for (None when `acled_id` has not its form)."""
    found = _ACLED_ID.fullmatch(acled_id.strip())
    if found is None or int(found[1]) >= 16 ** ID_DIGITS:
        return None
    return f"{ID_PREFIX}{int(found[1]):0{ID_DIGITS}x}"


def acled_label(name: str) -> str:
    """A type or sub-type as ACLED's data writes it (data/events.yaml `acled_labels`, else in sentence case)."""
    return coding().labels.get(name) or name.replace("_", " ").capitalize()


def _sub_type(incident: dict) -> str:
    found = Counter(r["sub_type"] for r in incident["reports"] if r["type"] == incident["type"] and r["sub_type"])
    return found.most_common(1)[0][0] if found else ""


def _when(incident: dict) -> dict[str, Any]:
    """The first day, its year and ACLED's time precision; an incident no report dates is coded at the
    day its first report was published (or stored), precision 3."""
    first, last = incident["date_start"], incident["date_end"] or incident["date_start"]
    if not first:
        day = min(r["published"] or r["ingested_at"] for r in incident["reports"])[:10]
        return {"event_date": day, "year": int(day[:4]), "time_precision": 3}
    span = (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
    precision = min((TIME_PRECISION.get(r["date_precision"], 3) for r in incident["reports"]), default=3)
    precision = max(precision, 1 if span < 1 else 2 if span <= 7 else 3)
    return {"event_date": first[:10], "year": int(first[:4]), "time_precision": precision}


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, the lower first; a lone actor's code then 0."""
    if not inter2:
        return inter1 * 10
    return int(f"{min(inter1, inter2)}{max(inter1, inter2)}")


def sides(incident: dict, known: dict[str, tuple[str | None, str | None]],
          country: str | None) -> tuple[list[Actor], list[Actor]]:
    """ACLED's two sides of an incident, each its main actor first: the actors its reports name, the
    most reported first (state forces first among equals); on the other side the targets, else the
    other party to a clash."""
    actors = _ranked(incident, "actors", known, country)
    side2 = _ranked(incident, "targets", known, country) or _opposed(actors)
    if incident["type"] in coding().civilian_victims and not any(a.inter == 7 for a in side2):
        side2 = [_actor(coding().civilians, known, country, incident)] + side2
    side1 = [a for a in actors if a not in side2] or actors  # civilians named as actors too are victims
    if not side1:
        side1, side2 = side2, []
    return _unnamed_dropped(side1), _unnamed_dropped(side2)


def _opposed(actors: list[Actor]) -> list[Actor]:
    """Who the first actor fought: the armed actors on the other side of the line between forces of a
    state (theirs or foreign) and armed groups, else the next armed actor (two groups at war)."""
    armed = [a for a in actors[1:] if a.inter in ARMED]
    if not actors or not armed:
        return []
    return [a for a in armed if (a.inter in STATE) != (actors[0].inter in STATE)] or armed[:1]


def _ranked(incident: dict, role: str, known: dict, country: str | None) -> list[Actor]:
    counts: Counter = Counter(name for r in incident["reports"] for name in dict.fromkeys(r[role]))
    names = [n for n in counts if not any(n != m and _words_of(n, m) for m in counts)]  # "Rising Sun" in "... Movement"
    actors = {name: _actor(name, known, country, incident) for name in names}
    ranked = sorted(names, key=lambda n: (-counts[n], actors[n].inter))
    return list(dict.fromkeys(actors[n] for n in ranked))


def _words_of(short: str, long: str) -> bool:
    """Whether `short` is the first words of `long` ("Rising Sun" of "Rising Sun Movement")."""
    return long.lower().startswith(short.lower() + " ")


def _actor(name: str, known: dict, country: str | None, incident: dict) -> Actor:
    generic = coding().generic.get(name.lower())
    if generic:
        return Actor(f"{generic[0]} ({country})" if country else generic[0], generic[1], generic=True)
    actor_type, home = known.get(name.lower(), (None, None))
    inter = coding().inter_codes.get(actor_type or "", coding().unknown_inter)
    where = (incident["location"] or {}).get("country")
    if inter == 1 and home and where and home != where:
        inter = coding().foreign_forces
    return Actor(name, inter)


def _unnamed_dropped(side: list[Actor]) -> list[Actor]:
    """A side without a generic actor that stands beside a named one of its kind (the unidentified
    gunmen of one report are the named group of another; armed groups and forces are one kind here)."""
    def kind(a: Actor) -> int | str:
        return "armed" if a.inter in ARMED else a.inter
    named = {kind(a) for a in side if not a.generic}
    return [a for a in side if not (a.generic and kind(a) in named)]


def _name(side: list[Actor]) -> str:
    return side[0].name if side else ""


def _associated(side: list[Actor]) -> str:
    return "; ".join(a.name for a in side[1:])


def _sources(reports: list[dict]) -> dict[str, str]:
    outlets = list(dict.fromkeys(o for r in reports for o in (r["outlet"] or r["title"] or r["source"],
                                                                *r["also_published_by"]) if o))
    scales = {coding().source_scales.get(o) for o in outlets} | {"International" for r in reports if r["agencies"]}
    return {"source": "; ".join(outlets), "source_scale": "-".join(s for s in SCALES if s in scales)}


def notes(incident: dict) -> str:
    """What happened, in the words of the best-dated report (the earliest of them), with every source's
    toll when they differ and the figure coded."""
    first = min(incident["reports"], key=lambda r: (TIME_PRECISION.get(r["date_precision"], 3), r["published"] or "~"))
    said = " ".join(regex.sub(r"\s+", " ", span["text"]).strip() for span in first["evidence"][:1])
    alleged = "Alleged. " if all(r["alleged"] for r in incident["reports"]) else ""
    alleged += "" if incident["date_start"] else "No report dates it; coded at its first report's date. "
    tolls: dict[str, list[str]] = {}
    for r in incident["reports"]:
        if r["fatalities"]:
            tolls.setdefault(_toll(r["fatalities"]), []).append(r["outlet"] or r["title"] or r["document"])
    if len(tolls) < 2:
        return alleged + said
    reported = "; ".join(f"{toll} ({', '.join(dict.fromkeys(who))})" for toll, who in tolls.items())
    low = (incident["fatalities"] or {}).get("low") or 0
    return f"{alleged}{said} Fatalities reported: {reported}; coded as {low}, the lowest."


def _toll(fatalities: dict) -> str:
    low, high = fatalities["low"], fatalities["high"]
    if high is None:
        return f"at least {low}"
    if low is None:
        return f"up to {high}"
    return f"{low}" if low == high else f"{low}-{high}"


def _timestamp(reports: list[dict]) -> int | str:
    """When the latest of the incident's reports was stored, as Unix time (ACLED's: when a row last changed)."""
    stored = [r["ingested_at"] for r in reports if r["ingested_at"]]
    return int(datetime.fromisoformat(max(stored)).timestamp()) if stored else ""
