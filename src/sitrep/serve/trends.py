"""The trends page and its fact-check marker: incidents and reported dead by type per week, month or
quarter for a filter (report/trend.py), each bar a link to its incidents, and with `mark` the
totals before and from that date, each a link to the incident list that gives it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..report.trend import PERIODS, Side, Trend, trend
from ..report.trend_chart import layout, svg
from .api import Where
from .charts import query
from .views import StoreDep, filter_params, page, render

router = APIRouter(include_in_schema=False)
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]


def bar_links(found: Trend, params: dict[str, Any]) -> dict[str, str]:
    """'period|type' -> the incident list of that type within that period."""
    return {f"{p.label}|{kind}": "/incidents?" + query(**(params | {"type": kind, "since": p.first, "until": p.last}))
            for p in found.periods for kind in p.incidents}


def side_link(side: Side, params: dict[str, Any]) -> str:
    return "/incidents?" + query(**(params | {"since": side.since, "until": side.until}))


@page(router, "/trends")
def trends_page(request: Request, store: StoreDep, where: Where,
                by: Annotated[str, Query(pattern=f"^({'|'.join(PERIODS)})$")] = "month",
                mark: Day = None) -> HTMLResponse:
    try:
        found = trend(store, where, by=by, mark=mark or None)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    params = filter_params(where)
    chart = svg(layout(found, links=bar_links(found, params)), label=f"incidents and reported dead by {by}")
    sides = [(name, side, side_link(side, params)) for name, side in (("Before", found.before), ("From", found.after))
             if side]
    return render(request, "trends.html", found=found, chart=chart if found.periods else None, by=by, mark=mark,
                  params=params, sides=sides, periods=PERIODS, by_type=_by_type(found),
                  other_by={b: "/trends?" + query(**params, by=b, mark=mark) for b in PERIODS})


def _by_type(found: Trend) -> list[tuple[str, int, int]]:
    """(type, incidents, dead) over the periods shown."""
    kinds = {k for p in found.periods for k in p.incidents}
    return sorted(((k, sum(p.incidents.get(k, 0) for p in found.periods), sum(p.dead.get(k, 0) for p in found.periods))
                   for k in kinds), key=lambda row: -row[1])

