"""Server-drawn SVG: the map's base and an actor's network. No third-party
front-end code; every text that comes from articles is escaped here.

The map's base is in Web Mercator at zoom 0 (the world 256 units wide), so that a tile server, when
the user configures one, lays its tiles under the same coordinates; static/app.js zooms, pans and
draws the incidents over it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import groupby
from html import escape
from urllib.parse import urlencode

from ..geo.outlines import Box, outlines

DEFAULT_BOX: Box = (-18.0, 4.0, 25.0, 25.0)  # the Sahel and West Africa


def world(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator at zoom 0: the world is 256 units wide, as a tile server's zoom-0 tile."""
    lat = max(min(lat, 85.0), -85.0)
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * 256, y * 256


def box_of(points: list[tuple[float, float]], *, margin: float = 2.0) -> Box:
    """The (lon, lat) points' extent with a margin, never smaller than a few degrees; the default region if
    none. Of ten points or more, the outer twentieth on each side is left out, so that one far-off place
    does not shrink the rest to a dot (the map pans and zooms out to it)."""
    if not points:
        return DEFAULT_BOX
    lons, lats = sorted(p[0] for p in points), sorted(p[1] for p in points)
    cut = len(points) // 20 if len(points) >= 10 else 0
    west, east = lons[cut], lons[-1 - cut]
    south, north = lats[cut], lats[-1 - cut]
    pad_x, pad_y = max(margin, (east - west) * 0.15), max(margin, (north - south) * 0.15)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def outline_paths(box: Box) -> tuple[str, str]:
    """SVG path data of the land and of the borders that reach into the box (widened to whole 10-degree
    steps, so that nearby views share one drawing), in zoom-0 world units; coarser beyond 60 degrees."""
    resolution = "l" if box[2] - box[0] <= 60 else "c"
    return _outline_paths(tuple(math.floor(v / 10) * 10 if n < 2 else math.ceil(v / 10) * 10
                                for n, v in enumerate(box)), resolution)


@lru_cache(maxsize=32)
def _outline_paths(box: Box, resolution: str) -> tuple[str, str]:
    land, borders = [], []
    for segment in outlines(box, resolution=resolution):
        points = [xy for xy, _ in groupby("{:.2f},{:.2f}".format(*world(lon, lat)) for lon, lat in segment.points)]
        if len(points) > 1:
            (land if segment.closed else borders).append("M" + "L".join(points) + ("Z" if segment.closed else ""))
    return "".join(land), "".join(borders)


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
