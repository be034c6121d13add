"""The review queue: the latest extracted events one by one, each in its article with the paragraph
of its evidence marked (and the evidence in it), and the incident it joined, and the analyst's decisions on it — confirm, reject (with a
reason), split it from its incident, merge its incident with another. The same decisions as the
command line (`sitrep incidents confirm|reject|split|merge`), kept as data so they survive
reprocessing. Decisions go through the write API, so they need `sitrep serve --write` and the token.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from ..events.incidents import Decision
from ..rebuild import decide
from ..records import EventFilter
from ..store import Store
from .api import Text, writer
from .highlight import highlighted, paragraphs_around
from .views import Offset, StoreDep, page, render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])
NEARBY_DAYS = 7


def _event(store: Store, event_id: str) -> dict[str, Any] | None:
    return next((e for e in store.events(EventFilter(doc=event_id.split(":")[0])) if e["id"] == event_id), None)


def _article(text: str, event: dict, spans: list[dict]) -> dict[str, str]:
    """The article around the event: the paragraphs of its evidence with the evidence and what else was
    found there marked, and the text before and after them, plain."""
    start, end = paragraphs_around(text, event["evidence"][0]["start"], event["evidence"][-1]["end"])
    marks = [{**s, "start": s["start"] - start, "end": s["end"] - start} for s in spans
             if start <= s["start"] and s["end"] <= end and s["kind"] in ("entity", "place", "figure")]
    marks += [{"start": e["start"] - start, "end": e["end"] - start, "kind": "evidence", "label": "evidence",
               "link": None} for e in event["evidence"]]
    return {"before": highlighted(text[:start].rstrip("\n"), []), "paragraph": highlighted(text[start:end], marks),
            "after": highlighted(text[end:].lstrip("\n"), [])}


def _nearby(store: Store, event: dict, incident: dict | None) -> list[dict]:
    """Other incidents in the same country within a week of the event, what it might be merged with: those
    of its type first, at its place first, then the nearest in time."""
    if not event["date_start"] or not event["location"]:
        return []
    day = date.fromisoformat(event["date_start"][:10])
    around = EventFilter(country=event["location"]["country"], since=(day - timedelta(days=NEARBY_DAYS)).isoformat(),
                         until=(day + timedelta(days=NEARBY_DAYS)).isoformat())
    found = [i for i in store.incidents(around, limit=40) if not incident or i["id"] != incident["id"]]
    place = event["location"]["name"]
    return sorted(found, key=lambda i: (i["type"] != event["type"], (i["location"] or {}).get("name") != place,
                                        _days_apart(i["date_start"], day)))[:8]


def _days_apart(start: str | None, day: date) -> int:
    return abs((date.fromisoformat(start[:10]) - day).days) if start else NEARBY_DAYS


@page(router, "/review")
def review_page(request: Request, store: StoreDep, offset: Offset = 0, event: Text = None) -> HTMLResponse:
    ids = [event] if event else store.review_queue(limit=1, offset=offset)
    current = _event(store, ids[0]) if ids else None
    context: dict[str, Any] = {"counts": store.review_counts(), "decisions": store.recent_decisions(limit=8),
                               "offset": offset, "current": current}
    if current:
        doc = store.document(current["document"])
        incident = (store.incidents(ids=[current["incident"]]) or [None])[0] if current["incident"] else None
        context |= {"doc": doc, "incident": incident, "nearby": _nearby(store, current, incident),
                    "article": _article(doc.text, current, store.spans(doc.id))}
    return render(request, "review.html", **context)


class Reason(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class Note(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


Writer = Annotated[Store, Depends(writer)]


@api.post("/events/{event_id}/reject", summary="Say an extracted event is no event (analyst decision)")
def reject(event_id: str, body: Reason, store: Writer) -> dict[str, Any]:
    if _event(store, event_id) is None:
        raise HTTPException(404, f"no event {event_id} (or it was rejected already)")
    return {"decision": "reject", "incidents": decide(store, Decision("reject", event_id), body.reason)}


@api.post("/events/{event_id}/confirm", summary="Say an extracted event is right (analyst decision)")
def confirm(event_id: str, body: Note, store: Writer) -> dict[str, Any]:
    if _event(store, event_id) is None:
        raise HTTPException(404, f"no event {event_id}")
    return {"decision": "confirm", "incidents": decide(store, Decision("confirm", event_id), body.note)}
