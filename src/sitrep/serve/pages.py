"""The web app's pages. Server-rendered (Jinja2, autoescaped), SVG drawn on the server, one script of
our own (static/app.js), nothing fetched from outside the machine.

This module: the overview and search ("/"), incidents, an incident, an entity's dossier, a document,
the API's documentation; it gathers the routers of the other pages (overview.py: the overview and documents;
mapview.py: the map; trends.py: trends; review.py: the review queue).
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import QueryError
from ..records import EventFilter
from ..store.search import SearchFilter
from . import mapview, overview, review, trends
from .api import EventType, Text, Where
from .charts import network_svg, query
from .highlight import highlighted, marked, paragraphs_around, search_words
from .views import PAGE, Offset, StoreDep, filter_params, page, render

router = APIRouter(include_in_schema=False)
DOSSIER_EVENTS = 500  # an entity's latest events its dossier lists


@page(router, "/")
def home(request: Request, store: StoreDep, q: Text = "", outlet: Text = None, country: Text = None,
         type: EventType | None = None, actor: Text = None, month: Text = None, offset: Offset = 0) -> HTMLResponse:
    """The overview of the store; with `q`, a full-text search with facets."""
    if not q:
        return overview.overview(request, store)
    chosen = {"outlet": outlet, "country": country, "type": type, "actor": actor, "month": month}
    try:
        result = store.search(q, SearchFilter(**chosen), limit=PAGE, offset=offset)
    except QueryError as exc:
        failed = render(request, "search.html", q=q, result=None, error=str(exc), chosen=chosen)
        failed.status_code = 400
        return failed
    facet_links = {name: [(value, n, "/?" + query(q=q, **(chosen | {name: value}))) for value, n in counts]
                   for name, counts in result.facets.items()}
    words = search_words(q)
    shown = [d | {"title_html": marked(d["title"] or d["id"], words),
                  "opening_html": marked(_after_title(d["opening"], d["title"]), words)} for d in result.documents]
    return render(request, "search.html", q=q, result=result, documents=shown, chosen=chosen,
                  facet_links=facet_links, clear="/?" + query(q=q), offset=offset, page=PAGE,
                  quotes=[qt | {"html": marked(qt["text"], words)} for qt in result.quotes] if not offset else [],
                  previous="/?" + query(q=q, **chosen, offset=max(0, offset - PAGE)) if offset else None,
                  next="/?" + query(q=q, **chosen, offset=offset + PAGE) if offset + PAGE < result.total else None)


def _after_title(opening: str, title: str | None) -> str:
    """A document's opening words without its headline, which the text often begins with."""
    return opening[len(title):].lstrip() if title and opening.startswith(title) else opening


@page(router, "/search")
def search_page(q: Text = "") -> RedirectResponse:
    return RedirectResponse("/?" + query(q=q))


@page(router, "/incidents")
def incidents_page(request: Request, store: StoreDep, where: Where, offset: Offset = 0,
                   disputed: Annotated[bool, Query()] = False) -> HTMLResponse:
    found = store.incidents(where, limit=PAGE, offset=offset, disputed=disputed)
    total, dead = store.incident_totals(where)
    if disputed:
        total = store.count_incidents(where, disputed=True)
    params = filter_params(where) | {"disputed": 1 if disputed else None}
    return render(request, "incidents.html", incidents=found, total=total, dead=None if disputed else dead,
                  params=params, offset=offset, page=PAGE, disputed=disputed,
                  previous="/incidents?" + query(**params, offset=max(0, offset - PAGE)) if offset else None,
                  next="/incidents?" + query(**params, offset=offset + PAGE) if offset + PAGE < total else None)


@page(router, "/incidents/{incident_id}")
def incident_page(request: Request, store: StoreDep, incident_id: str) -> HTMLResponse:
    found = store.incidents(ids=[incident_id])
    if not found:
        raise HTTPException(404, f"no incident {incident_id}")
    incident = found[0]
    docs = {d: store.document(d) for d in {r["document"] for r in incident["reports"]}}  # one read per article
    articles = [{"report": r, "excerpt": excerpt(docs[r["document"]].text, r["evidence"])} for r in incident["reports"]]
    return render(request, "incident.html", incident=incident, articles=articles)


def excerpt(text: str, evidence: list[dict]) -> str:
    """The paragraphs that hold a report's evidence, the evidence marked."""
    start, end = paragraphs_around(text, evidence[0]["start"], evidence[-1]["end"])
    spans = [{"start": e["start"] - start, "end": e["end"] - start, "kind": "evidence", "label": "evidence",
              "link": None} for e in evidence]
    return highlighted(text[start:end], spans)


@page(router, "/timeline")
def timeline_page(request: Request) -> RedirectResponse:
    return RedirectResponse("/trends" + (f"?{request.url.query}" if request.url.query else ""))


@page(router, "/entities/{entity_id}")
def entity_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    found = store.entities(name=entity_id)
    if not found:
        raise HTTPException(404, f"no entity {entity_id}")
    entity = found[0]
    events = sorted(store.events(limit=DOSSIER_EVENTS, naming=entity.name), key=lambda e: e["date_start"] or "",
                    reverse=True)
    as_actor = [e for e in events if entity.name in e["actors"]]
    as_target = [e for e in events if entity.name in e["targets"]]
    together = Counter(name for e in as_actor + as_target for name in e["actors"] + e["targets"] if name != entity.name)
    neighbours = [(name, n, f"/entities/{known}" if (known := store.entity_id(name)) else "#")
                  for name, n in together.most_common(12)]
    said = store.quotes(entity=entity.id)
    about = [q for q in store.quotes_matching(entity.name) if q["speaker"] != entity.name]
    return render(request, "entity.html", entity=entity, as_actor=as_actor, as_target=as_target,
                  capped=DOSSIER_EVENTS if len(events) == DOSSIER_EVENTS else None,
                  network=network_svg(entity.name, neighbours) if neighbours else None, said=said, about=about,
                  figures=store.figures(attributed_to=entity.aliases, limit=100))


@page(router, "/documents/{doc_id}")
def document_page(request: Request, store: StoreDep, doc_id: str, q: Text = "") -> HTMLResponse:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id}")
    body = highlighted(doc.text, store.spans(doc_id), hits=search_words(q or ""))
    return render(request, "document.html", doc=doc, body=body, q=q, copies=store.copies(doc_id),
                  events=store.events(EventFilter(doc=doc_id)), quotes=store.quotes(doc=doc_id),
                  figures=store.figures(doc=doc_id), entities=store.entities_named_in(doc_id))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@page(router, "/docs")
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [(path, method.upper(), op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    return render(request, "docs.html", endpoints=endpoints, title=schema["info"]["title"],
                  version=schema["info"]["version"])


for module in (overview, mapview, trends, review):
    router.include_router(module.router)
