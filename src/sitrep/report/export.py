"""Exports: JSON Lines in the shape of shared/eval/EXPORT_FORMAT.md, and CSV.

Every record has a `kind`; later stages add their kinds (entity, place, event, quote, figure)
beside `document`. Records are plain dicts built from the store's records, one per line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
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


def records(store: Store) -> Iterator[dict[str, Any]]:
    for doc in store.documents():
        yield document_record(doc)
    for entity in store.entities(types=tuple(sorted(EXPORTED_TYPES))):
        yield entity_record(entity)
    for place in store.places():
        yield place_record(place)
    for event in store.events():
        yield {"kind": "event", **{k: v for k, v in event.items() if k != "document"}}
    for quote_id, doc_id, quote in store.quotes():
        yield quote_record(quote_id, doc_id, quote)
    for figure_id, doc_id, figure in store.figures():
        yield figure_record(figure_id, doc_id, figure)


def events_geojson(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Placed events as a GeoJSON FeatureCollection of points; properties as in the event record,
    the evidence as text."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e["location"]["lon"], e["location"]["lat"]]},
         "properties": {**{k: v for k, v in e.items() if k not in ("evidence", "location")},
                        "place": e["location"]["name"], "country": e["location"]["country"],
                        "admin1": e["location"]["admin1"],
                        "evidence": " ".join(span["text"].strip() for span in e["evidence"])}}
        for e in events if e["location"] and e["location"]["lat"] is not None]}


def write_geojson(store: Store, out: IO[str], *, where: EventFilter = EventFilter()) -> int:
    collection = events_geojson(store.events(where))
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return len(collection["features"])


def write_jsonl(store: Store, out: IO[str]) -> int:
    count = 0
    for record in records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: IO[str], *, kind: str = "document") -> int:
    """One kind of record as CSV, one row each; lists joined with '; ', objects flattened."""
    rows = [r for r in records(store) if r["kind"] == kind]
    fields = DOCUMENT_FIELDS if kind == "document" else [k for k in (rows[0] if rows else {}) if k != "kind"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for record in rows:
        writer.writerow({k: _cell(v) for k, v in record.items()})
    return len(rows)


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
