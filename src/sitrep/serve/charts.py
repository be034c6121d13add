"""Server-drawn SVG: the map, the timeline bars and an actor's network. No script, no third-party
front-end code; every text that comes from articles is escaped here.

The map is in Web Mercator "world pixels" at a zoom chosen for its width, so that a tile server,
when the user configures one, lays its 256-pixel tiles under the same coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from ..geo.outlines import Box, outlines
from ..report.brief import TYPE_COLOURS

DEFAULT_BOX: Box = (-18.0, 4.0, 25.0, 25.0)  # the Sahel and West Africa


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    type: str
    fatalities: int
    label: str
    link: str


def _world(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    size = 256 * 2 ** zoom
    lat = max(min(lat, 85.0), -85.0)
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * size, y * size


def box_of(points: list[MapPoint]) -> Box:
    """The points' extent with a margin, never smaller than a few degrees; the default region if none."""
    if not points:
        return DEFAULT_BOX
    west, east = min(p.lon for p in points), max(p.lon for p in points)
    south, north = min(p.lat for p in points), max(p.lat for p in points)
    pad_x, pad_y = max(2.0, (east - west) * 0.15), max(2.0, (north - south) * 0.15)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def map_svg(points: list[MapPoint], *, box: Box | None = None, width: int = 900, tiles: str | None = None) -> str:
    west, south, east, north = box or box_of(points)
    zoom = max(0, min(12, int(math.log2(width * 360 / ((east - west) * 256)))))
    x0, y0 = _world(west, north, zoom)
    x1, y1 = _world(east, south, zoom)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' id='map' class='map' viewBox='{x0:.1f} {y0:.1f} "
             f"{x1 - x0:.1f} {y1 - y0:.1f}' width='{width}' height='{width * (y1 - y0) / (x1 - x0):.0f}' "
             f"role='img' aria-label='map of incidents'>",
             f"<rect x='{x0:.1f}' y='{y0:.1f}' width='{x1 - x0:.1f}' height='{y1 - y0:.1f}' class='sea'/>"]
    if tiles:
        parts += _tiles(tiles, zoom, (x0, y0, x1, y1))
    else:
        parts += _outlines((west, south, east, north), zoom)
    scale = (x1 - x0) / width
    for p in sorted(points, key=lambda p: -p.fatalities):
        x, y = _world(p.lon, p.lat, zoom)
        radius = (4 + min(22, 2.2 * math.sqrt(p.fatalities))) * scale
        parts.append(f"<a href='{escape(p.link)}'><circle class='point' cx='{x:.1f}' cy='{y:.1f}' r='{radius:.2f}' "
                     f"fill='{TYPE_COLOURS.get(p.type, '#555')}' data-type='{escape(p.type)}'>"
                     f"<title>{escape(p.label)}</title></circle></a>")
    parts.append("</svg>")
    return "".join(parts)


def _outlines(box: Box, zoom: int) -> list[str]:
    land, borders = [], []
    for segment in outlines(box):
        path = "M" + "L".join("{:.1f},{:.1f}".format(*_world(lon, lat, zoom)) for lon, lat in segment.points)
        (land if segment.closed else borders).append(path + ("Z" if segment.closed else ""))
    return [f"<path class='land' d='{''.join(land)}'/>", f"<path class='border' d='{''.join(borders)}'/>"]


def _tiles(template: str, zoom: int, view: tuple[float, float, float, float]) -> list[str]:
    x0, y0, x1, y1 = view
    count = 2 ** zoom
    images = []
    for tx in range(int(x0 // 256), int(x1 // 256) + 1):
        for ty in range(max(0, int(y0 // 256)), min(count - 1, int(y1 // 256)) + 1):
            url = template.format(z=zoom, x=tx % count, y=ty)
            images.append(f"<image href='{escape(url)}' x='{tx * 256}' y='{ty * 256}' width='256' height='256'/>")
    return images


def timeline_svg(by_period: dict[str, dict[str, int]], links: dict[str, str], *, height: int = 220) -> str:
    """Stacked bars, one per period; each piece links to the list of its incidents."""
    if not by_period:
        return "<p>No dated incidents.</p>"
    step, bar = 36, 26
    width = step * len(by_period) + 50
    peak = max(sum(c.values()) for c in by_period.values()) or 1
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' id='timeline' width='{width}' height='{height}' role='img' "
             "aria-label='incidents over time by type'>",
             f"<text x='2' y='14' class='axis'>{peak}</text>"]
    for n, (period, counts) in enumerate(by_period.items()):
        x, y = 40 + n * step, height - 40
        for kind, count in sorted(counts.items()):
            h = count / peak * (height - 60)
            y -= h
            link = links.get(f"{period}|{kind}", "#")
            parts.append(f"<a href='{escape(link)}'><rect class='bar' x='{x}' y='{y:.1f}' width='{bar}' "
                         f"height='{h:.1f}' fill='{TYPE_COLOURS.get(kind, '#555')}'><title>{escape(period)}: {count} "
                         f"{escape(kind.replace('_', ' '))}</title></rect></a>")
        parts.append(f"<text x='{x}' y='{height - 24}' class='axis' transform='rotate(40 {x} {height - 24})'>"
                     f"{escape(period)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def network_svg(centre: str, neighbours: list[tuple[str, int, str]], *, size: int = 360) -> str:
    """The actor in the middle, those it shares events with around it; line width by shared events."""
    mid = size / 2
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' id='network' width='{size}' height='{size}' role='img' "
             "aria-label='actors named in the same events'>"]
    heaviest = max((w for _, w, _ in neighbours), default=1)
    spots = []
    for n, (name, weight, link) in enumerate(neighbours):
        angle = 2 * math.pi * n / max(1, len(neighbours))
        x, y = mid + (mid - 60) * math.cos(angle), mid + (mid - 60) * math.sin(angle)
        parts.append(f"<line x1='{mid}' y1='{mid}' x2='{x:.1f}' y2='{y:.1f}' class='tie' "
                     f"stroke-width='{1 + 4 * weight / heaviest:.1f}'/>")
        spots.append(f"<a href='{escape(link)}'><circle cx='{x:.1f}' cy='{y:.1f}' r='6' class='actor'/>"
                     f"<text x='{x:.1f}' y='{y + 18:.1f}' class='name'>{escape(name)} ({weight})</text></a>")
    parts += spots
    parts.append(f"<circle cx='{mid}' cy='{mid}' r='9' class='centre'/>"
                 f"<text x='{mid}' y='{mid - 14}' class='name'>{escape(centre)}</text></svg>")
    return "".join(parts)


def query(**params: object) -> str:
    """A query string of the parameters that are set."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})
