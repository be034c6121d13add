"""Exports: JSON Lines in the shape of shared/eval/EXPORT_FORMAT.md, and CSV.

Every record has a `kind`; later stages add their kinds (entity, place, event, quote, figure)
beside `document`. Records are plain dicts built from the store's records, one per line.
"""

from __future__ import annotations

import csv
import itertools
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


RECORDS: dict[str, Callable[[Store], Iterator[dict[str, Any]]]] = {  # each kind's records, in export order
    "document": lambda store: map(document_record, store.documents()),
    "entity": lambda store: map(entity_record, store.each_entity(types=tuple(sorted(EXPORTED_TYPES)))),
    "place": lambda store: map(place_record, store.each_place()),
    "event": lambda store: ({"kind": "event", **{k: v for k, v in e.items() if k != "document"}}
                            for e in store.each_event()),
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
    """One kind of record as CSV, one row each; lists joined with '; ', objects flattened."""
    rows = RECORDS[kind](store)
    first = next(rows, None)
    fields = DOCUMENT_FIELDS if kind == "document" else [k for k in (first or {}) if k != "kind"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in itertools.chain([first] if first else [], rows):
        writer.writerow({k: _cell(v) for k, v in record.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return inert("; ".join(str(v if not isinstance(v, dict) else v.get("role")) for v in value))
    if isinstance(value, dict):
        return inert(value.get("text"))
    return inert(value)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that begins like a formula (=, +, -, @, tab, carriage
    return) gets a leading apostrophe, as OWASP advises against CSV injection. Numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value
