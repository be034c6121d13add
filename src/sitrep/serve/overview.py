"""The overview (what the store holds, each number a link to the list behind it) and the documents
page (sortable, filtered, what each document gave, copies under their original)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..report.trend import trend
from ..report.trend_chart import layout, svg
from ..store import Store
from ..store.browse import SORTS, DocumentQuery
from .api import Text
from .charts import query
from .trends import bar_links
from .views import PAGE, Offset, StoreDep, page, render

router = APIRouter(include_in_schema=False)
LISTED = 6


def overview(request: Request, store: Store) -> HTMLResponse:
    counts = store.counts()
    incidents, dead = store.incident_totals()
    found = trend(store, by="month")
    chart = svg(layout(found, links=bar_links(found, {}), width=900), label="incidents and reported dead by month")
    return render(request, "overview.html", counts=counts, incidents=incidents, dead=dead,
                  disputed=store.count_incidents(disputed=True), review=store.review_counts(),
                  events=store.count_events(), chart=chart if found.periods else None,
                  regions=store.incidents_by_region(limit=10),
                  latest=store.incidents(limit=LISTED, latest=True), deadliest=store.incidents(limit=LISTED),
                  disagreeing=store.incidents(limit=LISTED, disputed=True))


Sort = Literal[SORTS]


@page(router, "/documents")
def documents_page(request: Request, store: StoreDep, language: Text = None, outlet: Text = None,
                   since: Text = None, until: Text = None, title: Text = None, sort: Sort = "published",
                   order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
                   offset: Offset = 0) -> HTMLResponse:
    where = DocumentQuery(language=language or None, outlet=outlet or None, since=since or None,
                          until=until or None, title=title or None, sort=sort, descending=order == "desc")
    rows, (originals, copies) = store.document_list(where, limit=PAGE, offset=offset)
    params = {"language": where.language, "outlet": where.outlet, "since": where.since, "until": where.until,
              "title": where.title, "sort": sort, "order": order}
    headers = {key: "/documents?" + query(**(params | {"sort": key, "order": _flip(sort, order, key)}))
               for key in SORTS}
    return render(request, "documents.html", rows=rows, originals=originals, copies=copies, params=params,
                  headers=headers, facets=store.document_facets(), offset=offset, page=PAGE, sort=sort, order=order,
                  previous="/documents?" + query(**params, offset=max(0, offset - PAGE)) if offset else None,
                  next="/documents?" + query(**params, offset=offset + PAGE) if offset + PAGE < originals else None)


def _flip(sort: str, order: str, key: str) -> str:
    """A column header's order: the other way on the sorted column; text ascending, the rest descending first."""
    if key == sort:
        return "asc" if order == "desc" else "desc"
    return "asc" if key in ("outlet", "language", "title") else "desc"

