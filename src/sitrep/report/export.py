"""Exports: JSON Lines of every record, CSV of one kind, GeoJSON of placed events.

Every record has a `kind`: document, entity, place, event, incident, quote, figure. Records are plain
dicts built from the store's records, one per line; an incident names its reports (events) and
documents rather than repeating them. In CSV a nested object becomes columns (`location_name`,
`location_lat`, ...) and a list one cell, joined with '; '.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from ..records import Document, EventFilter, Figure, Quote
from ..store import Store
from ..store.analysis import EntitySummary, PlaceSummary

EXPORTED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})  # entities exported and listed; not DESC or NORP
DOCUMENT_FIELDS = ["id", "source", "title", "outlet", "url", "published", "authors", "agencies",
                   "language", "duplicate_of", "text"]


def document_record(doc: Document) -> dict[str, Any]:
    return {"kind": "document", "id": doc.id, "source": doc.source, "title": doc.meta.title,
            "outlet": doc.meta.outlet, "url": doc.meta.url, "published": doc.meta.published,
            "authors": list(doc.meta.authors), "agencies": list(doc.meta.agencies),
            "language": doc.meta.language, "duplicate_of": doc.duplicate_of, "text": doc.text}


def entity_record(entity: EntitySummary) -> dict[str, Any]:
    return {"kind": "entity", "id": entity.id, "name": entity.name, "type": entity.type,
            "actor_type": entity.actor_type, "country": entity.country, "aliases": list(entity.aliases),
            "documents": list(entity.documents), "role": entity.roles[0][0] if entity.roles else None,
            "roles": [{"role": role, "date": date} for role, date in entity.roles]}


def place_record(place: PlaceSummary) -> dict[str, Any]:
    return {"kind": "place", "id": place.id, "name": place.name, "place_kind": place.kind, "country": place.country,
            "admin1": place.admin1, "lat": place.lat, "lon": place.lon, "geonames_id": place.geonames_id,
            "aliases": list(place.aliases), "documents": list(place.documents), "mentions": place.mentions}


def places_geojson(places: list[PlaceSummary]) -> dict[str, Any]:
    """Resolved places as a GeoJSON FeatureCollection (points; properties as in the place record)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
         "properties": {k: v for k, v in place_record(p).items() if k not in ("lat", "lon")}}
        for p in places if p.lat is not None and p.lon is not None]}


def quote_record(quote_id: str, doc_id: str, quote: Quote) -> dict[str, Any]:
    return {"kind": "quote", "id": quote_id, "document": doc_id, "speaker": quote.speaker,
            "speaker_entity": quote.speaker_key, "speaker_role": quote.speaker_role, "text": quote.text,
            "direct": quote.direct, "nested": quote.nested, "start": quote.start, "end": quote.end}


def figure_record(figure_id: str, doc_id: str, figure: Figure) -> dict[str, Any]:
    return {"kind": "figure", "id": figure_id, "document": doc_id, "subject": figure.subject,
            "measure": figure.measure, "value_low": figure.value_low, "value_high": figure.value_high,
            "unit": figure.unit, "qualifier": figure.qualifier, "as_reported": figure.as_reported,
            "attributed_to": figure.attributed_to, "date": figure.date,
            "evidence": {"start": figure.start, "end": figure.end, "text": figure.text}}


def incident_record(incident: dict[str, Any]) -> dict[str, Any]:
    """An incident as Store.incidents gives it, its reports named by their event ids."""
    reports = incident["reports"]
    return {"kind": "incident", **{k: v for k, v in incident.items() if k not in ("reports", "tolls")},
            "tolls": [{"source": t["source"], "low": t["fatalities"]["low"], "high": t["fatalities"]["high"],
                       "event": t["event"]} for t in incident["tolls"]],
            "events": [r["event"] for r in reports], "documents": list(dict.fromkeys(r["document"] for r in reports)),
            "outlets": list(dict.fromkeys(o for r in reports for o in (r["outlet"], *r["also_published_by"]) if o))}


RECORDS: dict[str, Callable[[Store], Iterator[dict[str, Any]]]] = {  # each kind's records, in export order
    "document": lambda store: map(document_record, store.documents()),
    "entity": lambda store: map(entity_record, store.each_entity(types=tuple(sorted(EXPORTED_TYPES)))),
    "place": lambda store: map(place_record, store.each_place()),
    "event": lambda store: ({"kind": "event", **{k: v for k, v in e.items() if k != "document"}}
                            for e in store.each_event()),
    "incident": lambda store: map(incident_record, store.each_incident(by_id=True)),  # one order on every store
    "quote": lambda store: (quote_record(*q) for q in store.each_quote()),
    "figure": lambda store: (figure_record(*f) for f in store.each_figure()),
}


def records(store: Store) -> Iterator[dict[str, Any]]:
    """Every record of the store, kind by kind, read as they are written out (constant memory)."""
    for kind in RECORDS.values():
        yield from kind(store)


def events_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Placed events as a GeoJSON FeatureCollection of points; properties as in the event record,
    the evidence as text."""
    return {"type": "FeatureCollection", "features": list(_features(events))}


def _features(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for e in events:
        if e["location"] and e["location"]["lat"] is not None:
            yield {"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [e["location"]["lon"], e["location"]["lat"]]},
                   "properties": {**{k: v for k, v in e.items() if k not in ("evidence", "location")},
                                  "place": e["location"]["name"], "country": e["location"]["country"],
                                  "admin1": e["location"]["admin1"],
                                  "evidence": " ".join(span["text"].strip() for span in e["evidence"])}}


def write_geojson(store: Store, out: IO[str], *, where: EventFilter = EventFilter()) -> int:
    """The placed events that match as one GeoJSON FeatureCollection, written feature by feature."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for feature in _features(store.each_event(where)):
        out.write((", " if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("]}\n")
    return count


def write_jsonl(store: Store, out: IO[str]) -> int:
    count = 0
    for record in records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: IO[str], *, kind: str = "document") -> int:
    """One kind of record as CSV, one row each: objects become columns, lists one cell joined with '; '. Read
    twice, once for the columns and once for the rows, so that memory stays constant."""
    fields: dict[str, bool] = {}  # column -> whether any row fills it
    for record in RECORDS[kind](store):
        for key, value in flat(record).items():
            fields[key] = fields.get(key, False) or value is not None
    names = DOCUMENT_FIELDS if kind == "document" else [
        f for f, filled in fields.items() if f != "kind"  # an object some records lack is its columns only
        and (filled or not any(g.startswith(f + "_") for g in fields))]
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in RECORDS[kind](store):
        writer.writerow({k: inert(v) for k, v in flat(record).items()})
        count += 1
    return count


def flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record as one CSV row: `{"location": {"name": "Boni"}}` -> `{"location_name": "Boni"}`; a list
    joined with '; ' (of objects, their text, name, role or event)."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            row |= flat(value, f"{prefix}{key}_")
        elif isinstance(value, list):
            row[prefix + key] = "; ".join(str(_item(v)) for v in value)
        else:
            row[prefix + key] = value
    return row


def _item(value: Any) -> Any:
    if isinstance(value, dict):
        return next((value[k] for k in ("text", "name", "role", "event", "source") if value.get(k)), "")
    return value


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that begins like a formula (=, +, -, @, tab, carriage
    return) gets a leading apostrophe, as OWASP advises against CSV injection. Numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value
