"""The map page: the base (bundled coastlines and borders, or the user's tile server) drawn on the
server, the incidents handed to static/app.js as data, which zooms, pans, clusters, labels and
filters them by date and type in the browser. Each incident is drawn by how precisely it is placed:
at a town (a dot, or a ring of type shares for several), only to a region (a dashed circle) or only
to a country (a dashed square); clusters join only marks placed as precisely. Nothing is fetched from outside the machine unless
the user named a tile server (`sitrep serve --tiles`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..report.brief import TYPE_COLOURS
from .api import Where
from .charts import box_of, outline_paths, world
from .views import StoreDep, filter_params, page, render

router = APIRouter(include_in_schema=False)
MAP_LIMIT = 5000
PRECISION = {"country": "country", "admin1": "region", "admin2": "region"}  # else: the town itself


def map_data(incidents: list[dict[str, Any]]) -> dict[str, Any]:
    """The incidents as the map script reads them, compact: each place once ([x, y, name, region, country,
    precision], projected once), each type once with its colour, each incident as [id, place, type, dead,
    start, end (null when the start's day), disputed]."""
    places: dict[tuple, int] = {}
    types = {kind: n for n, kind in enumerate(TYPE_COLOURS)}
    points = []
    for i in incidents:
        index = places.setdefault((i["lon"], i["lat"], i["name"], i["admin1"], i["country"], i["kind"]), len(places))
        kind = types.setdefault(i["type"], len(types))
        points.append([i["id"], index, kind, i["fatalities_low"] or 0, i["date_start"],
                       None if i["date_end"] == i["date_start"] else i["date_end"], int(bool(i["disagreement"]))])
    return {"places": [_place(*place) for place in places], "points": points,
            "types": [[kind, TYPE_COLOURS.get(kind)] for kind in types]}


def _place(lon: float, lat: float, name: str, admin1: str | None, country: str | None, kind: str) -> list:
    x, y = world(lon, lat)
    return [round(x, 4), round(y, 4), name, admin1, country, PRECISION.get(kind, "town")]


def _around(places: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Every place, and room to pan."""
    lons, lats = [p[0] for p in places], [p[1] for p in places]
    return min(lons) - 15, max(-85.0, min(lats) - 12), max(lons) + 15, min(85.0, max(lats) + 12)


@page(router, "/map")
def map_page(request: Request, store: StoreDep, where: Where) -> HTMLResponse:
    incidents = store.incident_points(where, limit=MAP_LIMIT)
    places = [(i["lon"], i["lat"]) for i in incidents]
    west, south, east, north = box_of(places, margin=3.0)
    x0, y0 = world(west, north)
    x1, y1 = world(east, south)
    outline_box = _around(places + [(west, south), (east, north)])
    tiles = request.app.state.settings.tiles
    land, borders = ("", "") if tiles else outline_paths(outline_box)
    data = {"view": [round(v, 4) for v in (x0, y0, x1 - x0, y1 - y0)], "tiles": tiles} | map_data(incidents)
    return render(request, "map.html", data=data, land=land, borders=borders, shown=len(incidents),
                  total=store.count_incidents(where), params=filter_params(where), limit=MAP_LIMIT,
                  types=sorted({i["type"] for i in incidents}))
