"""The REST API: JSON over /api/..., paginated ({total, limit, offset, items}) and filtered like the
CLI. Records have the shapes of the JSON Lines export, except that in a list of entities or places
each names only its first documents (LISTED_DOCUMENTS); one entity's record names them all."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel

from ..errors import InputError, QueryError
from ..events.incidents import Decision
from ..events.kinds import EVENT_TYPES
from ..filters import event_filter as read_filter
from ..rebuild import decide
from ..records import PRECISIONS, EventFilter
from ..report.export import document_record, entity_record, figure_record, place_record, quote_record
from ..report.timeline import timelines
from ..store import Store
from ..store.search import SearchFilter

router = APIRouter(prefix="/api", tags=["api"])

EventType = Literal[EVENT_TYPES]
Precision = Literal[PRECISIONS]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=200)]


def store_of(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]


def event_filter(country: Text = None, admin1: Text = None, type: EventType | None = None, actor: Text = None,
                 since: Text = None, until: Text = None,
                 min_fatalities: Annotated[int | None, Query(ge=0, le=10**9)] = None,
                 precision: Precision | None = None) -> EventFilter:
    """The event filters of the CLI: country (a name or an ISO code), admin1, type, actor, since, until (dates
    as YYYY-MM-DD, a month or a year), min_fatalities, precision (town, district, region, country); a
    country or a date that cannot be read is a 400."""
    try:
        return read_filter(country=country, admin1=admin1, type=type, actor=actor, since=since, until=until,
                           min_fatalities=min_fatalities, precision=precision, prefix="")
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc


Where = Annotated[EventFilter, Depends(event_filter)]


LISTED_DOCUMENTS = 20  # documents named with each entity or place in a list: the first, by id


def page(items: list, total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/documents", summary="Documents, in ingest order")
def documents(store: StoreDep, language: Text = None, outlet: Text = None, since: Text = None,
              limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    found = [{k: v for k, v in document_record(d).items() if k != "text"}
             for d in store.documents(language=language, outlet=outlet, since=since, limit=limit, offset=offset)]
    return page(found, store.count_documents(language=language, outlet=outlet, since=since), limit, offset)


@router.get("/documents/{doc_id}", summary="One document with its clean text")
def document(store: StoreDep, doc_id: str) -> dict[str, Any]:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id}")
    return document_record(doc) | {"copies": store.copies(doc_id), "spans": store.spans(doc_id)}


@router.get("/entities", summary="Entities, the most named first (each with its first documents; all of them at "
                                  "/api/entities/{id})")
def entities(store: StoreDep, name: Text = None, doc: Text = None, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    found = store.entities(name=name, doc=doc, limit=limit, offset=offset, documents=LISTED_DOCUMENTS)
    return page([entity_record(e) for e in found], store.count_entities(name=name, doc=doc), limit, offset)


@router.get("/entities/{entity_id}", summary="One entity")
def entity(store: StoreDep, entity_id: str) -> dict[str, Any]:
    found = store.entities(name=entity_id)
    if not found:
        raise HTTPException(404, f"no entity {entity_id}")
    return entity_record(found[0])


@router.get("/places", summary="Resolved places, the most named first (each with its first documents)")
def places(store: StoreDep, country: Text = None, doc: Text = None, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    found = store.places(country=country, doc=doc, limit=limit, offset=offset, documents=LISTED_DOCUMENTS)
    return page([place_record(p) for p in found], store.count_places(country=country, doc=doc), limit, offset)


@router.get("/events", summary="Events with their evidence")
def events(store: StoreDep, where: Where, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(store.events(where, limit=limit, offset=offset), store.count_events(where), limit, offset)


@router.get("/incidents", summary="Incidents, the most fatalities first, each source's report side by side")
def incidents(store: StoreDep, where: Where, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(store.incidents(where, limit=limit, offset=offset), store.count_incidents(where), limit, offset)


@router.get("/incidents/{incident_id}", summary="One incident")
def incident(store: StoreDep, incident_id: str) -> dict[str, Any]:
    found = store.incidents(ids=[incident_id])
    if not found:
        raise HTTPException(404, f"no incident {incident_id}")
    return found[0]


@router.get("/quotes", summary="Quotes with their speakers")
def quotes(store: StoreDep, entity: Text = None, doc: Text = None, since: Text = None, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    found = store.quotes(entity=entity, doc=doc, since=since, limit=limit, offset=offset)
    return page([quote_record(*q) for q in found], store.count_quotes(entity=entity, doc=doc, since=since), limit,
                offset)


@router.get("/figures", summary="Figures, or with `subject` their timelines")
def figures(store: StoreDep, entity: Text = None, doc: Text = None, since: Text = None, subject: Text = None,
            limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    if subject:
        found = store.figures(entity=entity, doc=doc, since=since)
        documents = {d.id: d for d in store.documents(ids=sorted({doc_id for _, doc_id, _ in found}))}
        series = [asdict(s) for s in timelines(found, documents, subject)]
        return page(series[offset:offset + limit], len(series), limit, offset)
    found = store.figures(entity=entity, doc=doc, since=since, limit=limit, offset=offset)
    return page([figure_record(*f) for f in found], store.count_figures(entity=entity, doc=doc, since=since), limit,
                offset)


@router.get("/search", summary="Full-text search over documents, quotes and entities, with facets")
def search(store: StoreDep, q: Annotated[str, Query(max_length=200)] = "", outlet: Text = None,
           country: Text = None, type: EventType | None = None, actor: Text = None, month: Text = None,
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    try:
        result = store.search(q, SearchFilter(outlet=outlet, country=country, type=type, actor=actor, month=month),
                              limit=limit, offset=offset)
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    return page(result.documents, result.total, limit, offset) | {
        "capped": result.capped, "quotes": result.quotes, "entities": result.entities,
        "facets": {name: [{"value": v, "count": n} for v, n in counts] for name, counts in result.facets.items()}}


def writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> Store:
    """Write requests need the server started with --write and the token as a Bearer credential."""
    settings = request.app.state.settings
    if not settings.write or not settings.token:
        raise HTTPException(403, "this server is read-only; start it with --write and SITREP_TOKEN")
    if not authorization or not secrets.compare_digest(authorization, f"Bearer {settings.token}"):
        raise HTTPException(401, "a valid token is required", headers={"WWW-Authenticate": "Bearer"})
    return request.app.state.store


class Split(BaseModel):
    event: str
    note: str | None = None


class Merge(BaseModel):
    first: str
    second: str
    note: str | None = None


@router.post("/incidents/{incident_id}/split", summary="Take a report out of its incident (analyst decision)")
def split(incident_id: str, body: Split, store: Annotated[Store, Depends(writer)]) -> dict[str, Any]:
    found = store.incidents(ids=[incident_id])
    if not found or body.event not in [r["event"] for r in found[0]["reports"]]:
        raise HTTPException(404, f"no report {body.event} in incident {incident_id}")
    return {"decision": "split", "incidents": decide(store, Decision("split", body.event, incident_id), body.note)}


@router.post("/incidents/merge", summary="Join two incidents into one (analyst decision)")
def merge(body: Merge, store: Annotated[Store, Depends(writer)]) -> dict[str, Any]:
    reports = []
    for incident_id in (body.first, body.second):
        found = store.incidents(ids=[incident_id])
        if not found:
            raise HTTPException(404, f"no incident {incident_id}")
        reports.append(found[0]["reports"][0]["event"])
    return {"decision": "merge", "incidents": decide(store, Decision("merge", *reports), body.note)}

