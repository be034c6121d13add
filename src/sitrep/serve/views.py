"""What the web app's pages share: the templates, rendering, the store and filter dependencies, and
`page`, the route for a page that answers GET and HEAD."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..records import PRECISIONS, EventFilter
from ..report.brief import TYPE_COLOURS
from ..store import Store
from .api import store_of
from .charts import query

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["TYPE_COLOURS"] = TYPE_COLOURS
templates.env.globals["query"] = query
templates.env.globals["PRECISIONS"] = PRECISIONS
templates.env.filters["label"] = lambda name: (name or "").replace("_", " ")
templates.env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n

def when(start: str | None, end: str | None) -> str:
    """A date span as a reader says it: the day, the month or the year it covers, else first to last."""
    if not start:
        return "?"
    if not end or end[:10] == start[:10]:
        return start[:10]
    if start[5:10] == "01-01" and end[5:10] == "12-31" and start[:4] == end[:4]:
        return start[:4]
    if start[8:10] == "01" and start[:7] == end[:7] and end[8:10] >= "28":
        return start[:7]
    return f"{start[:10]} – {end[:10]}"


templates.env.filters["when"] = when
StoreDep = Annotated[Store, Depends(store_of)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
PAGE = 50


def page(router: APIRouter, path: str):
    """A page's route: GET, and HEAD for the checks that only ask whether it is there."""
    return router.api_route(path, methods=["GET", "HEAD"], response_class=HTMLResponse)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    return templates.TemplateResponse(request, template, context | {"writable": bool(settings.write and settings.token)})


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    """A refused page as a page: what went wrong, in the app's frame, with its status."""
    failed = render(request, "error.html", status=status, detail=detail)
    failed.status_code = status
    return failed


def filter_params(where: EventFilter) -> dict[str, Any]:
    return {"country": where.country, "admin1": where.admin1, "type": where.type, "actor": where.actor,
            "since": where.since, "until": where.until, "min_fatalities": where.min_fatalities,
            "precision": where.precision}
