"""The web app's pages: search, incidents, an incident, the map, the timeline, an entity's dossier,
a document, and the API's documentation. Server-rendered (Jinja2, autoescaped), SVG drawn by
charts.py, no third-party front-end code."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..errors import QueryError
from ..records import EventFilter
from ..store import Store
from ..store.search import SearchFilter
from .api import EventType, Text, Where, store_of
from .charts import TYPE_COLOURS, MapPoint, map_svg, network_svg, query, timeline_svg
from .highlight import highlighted

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["TYPE_COLOURS"] = TYPE_COLOURS
templates.env.filters["label"] = lambda name: (name or "").replace("_", " ")
PAGE = 50
MAP_LIMIT = 5000

StoreDep = Annotated[Store, Depends(store_of)]


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context)


def filter_params(where: EventFilter) -> dict[str, Any]:
    return {"country": where.country, "admin1": where.admin1, "type": where.type, "actor": where.actor,
            "since": where.since, "until": where.until, "min_fatalities": where.min_fatalities}


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Text = "", outlet: Text = None, country: Text = None,
                type: EventType | None = None, actor: Text = None, month: Text = None,
                offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> HTMLResponse:
    chosen = {"outlet": outlet, "country": country, "type": type, "actor": actor, "month": month}
    try:
        result = store.search(q or "", SearchFilter(**chosen), limit=PAGE, offset=offset) if q else None
    except QueryError as exc:
        page = render(request, "search.html", q=q, result=None, error=str(exc), chosen=chosen)
        page.status_code = 400
        return page
    facet_links = {}
    if result:
        for name, counts in result.facets.items():
            facet_links[name] = [(value, n, "/?" + query(q=q, **(chosen | {name: value}))) for value, n in counts]
    return render(request, "search.html", q=q, result=result, chosen=chosen, facet_links=facet_links,
                  clear="/?" + query(q=q), offset=offset, page=PAGE)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, store: StoreDep, where: Where,
                   offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> HTMLResponse:
    found = store.incidents(where, limit=PAGE, offset=offset)
    total = store.count_incidents(where)
    params = filter_params(where)
    return render(request, "incidents.html", incidents=found, total=total, params=params, offset=offset, page=PAGE,
                  previous="/incidents?" + query(**params, offset=max(0, offset - PAGE)) if offset else None,
                  next="/incidents?" + query(**params, offset=offset + PAGE) if offset + PAGE < total else None)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, store: StoreDep, incident_id: str) -> HTMLResponse:
    found = store.incidents(ids=[incident_id])
    if not found:
        raise HTTPException(404, f"no incident {incident_id}")
    incident = found[0]
    docs = {d: store.document(d) for d in {r["document"] for r in incident["reports"]}}  # one read per article
    articles = []
    for report in incident["reports"]:
        doc = docs[report["document"]]
        first = report["evidence"][0]
        paragraph_start = doc.text.rfind("\n\n", 0, first["start"]) + 1
        paragraph_end = doc.text.find("\n\n", report["evidence"][-1]["end"])
        paragraph_end = len(doc.text) if paragraph_end < 0 else paragraph_end
        spans = [{"start": e["start"] - paragraph_start, "end": e["end"] - paragraph_start, "kind": "evidence",
                  "label": "evidence", "link": None} for e in report["evidence"]]
        articles.append({"report": report, "excerpt": highlighted(doc.text[paragraph_start:paragraph_end], spans)})
    return render(request, "incident.html", incident=incident, articles=articles)


def _points(incidents: list[dict]) -> list[MapPoint]:
    return [MapPoint(i["lon"], i["lat"], i["type"], i["fatalities_low"] or 0,
                     f"{i['type'].replace('_', ' ')}, {i['name']}, {i['date_start'] or 'undated'}"
                     + (f", {i['fatalities_low']} dead" if i["fatalities_low"] else ""), f"/incidents/{i['id']}")
            for i in incidents]


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep, where: Where) -> HTMLResponse:
    points = _points(store.incident_points(where, limit=MAP_LIMIT))
    svg = map_svg(points, tiles=request.app.state.settings.tiles)
    return render(request, "map.html", svg=svg, shown=len(points), total=store.count_incidents(where),
                  params=filter_params(where), types=sorted({p.type for p in points}), limit=MAP_LIMIT)


def _period(day: str, by: str) -> tuple[str, str, str]:
    """The period a date falls in: its label, first and last day."""
    when = date.fromisoformat(day[:10])
    if by == "week":
        monday = when - timedelta(days=when.weekday())
        return f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}", monday.isoformat(), (
            monday + timedelta(days=6)).isoformat()
    first = when.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first.isoformat()[:7], first.isoformat(), last.isoformat()


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, store: StoreDep, where: Where,
                  by: Annotated[str, Query(pattern="^(week|month)$")] = "month") -> HTMLResponse:
    counts: dict[str, Counter] = defaultdict(Counter)
    links = {}
    params = filter_params(where)
    for day, precision, kind in store.event_dates(where):
        if precision not in ("day", "week", "publication", "month"):
            continue
        label, first, last = _period(day, by)
        counts[label][kind] += 1
        links[f"{label}|{kind}"] = "/incidents?" + query(**(params | {"type": kind, "since": first, "until": last}))
    by_period = {k: dict(v) for k, v in sorted(counts.items())}
    return render(request, "timeline.html", svg=timeline_svg(by_period, links), by=by, params=params,
                  periods=by_period)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    found = store.entities(name=entity_id)
    if not found:
        raise HTTPException(404, f"no entity {entity_id}")
    entity = found[0]
    events = store.events(EventFilter(actor=entity.name), limit=500)
    as_actor = [e for e in events if entity.name in e["actors"]]
    as_target = [e for e in events if entity.name in e["targets"]]
    together = Counter(name for e in as_actor + as_target for name in e["actors"] + e["targets"] if name != entity.name)
    neighbours = []
    for name, n in together.most_common(12):
        known = store.entities(name=name)
        neighbours.append((name, n, f"/entities/{known[0].id}" if known else "#"))
    network = network_svg(entity.name, neighbours)
    said = store.quotes(entity=entity.id)
    about = [q for q in store.search(entity.name).quotes if q["speaker"] != entity.name][:20]
    figures = store.figures(entity=entity.name)
    return render(request, "entity.html", entity=entity, as_actor=as_actor, as_target=as_target, network=network,
                  said=said, about=about, figures=figures)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, store: StoreDep, doc_id: str) -> HTMLResponse:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id}")
    spans = store.spans(doc_id)
    return render(request, "document.html", doc=doc, body=highlighted(doc.text, spans), copies=store.copies(doc_id),
                  events=store.events(EventFilter(doc=doc_id)), quotes=store.quotes(doc=doc_id),
                  figures=store.figures(doc=doc_id), entities=store.entities(doc=doc_id))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [(path, method.upper(), op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    return render(request, "docs.html", endpoints=endpoints, title=schema["info"]["title"],
                  version=schema["info"]["version"])
