"""Places the gazetteer does not list, placed in the district or region the text puts them in.

A village, a hamlet or a camp is often too small for the gazetteer, but the sentence that names
it says where it lies: "the village of Kera in the Mopti region", "Tiva village in Bukkuyum
district", "à Dogo, un hameau de la région de l'Est". A name said as a place (after a locative
preposition, or beside a word for a settlement) takes the country, the first-level region and
the point of the first resolved district or region named after it in its sentence, with no
clause between them. Its precision is left unset: the point is its region's, not its own, so a
place of the gazetteer in the same sentence says better where an event was. A name placed only
in a country, or only beside a town ("Kera, near Gao": which side of Gao?), stays unplaced.
Every mention of a name placed once is placed the same way.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

import regex

from ..datafiles import read_yaml
from ..records import PlaceMention
from .gazetteer import name_key

_REGIONS = ("admin1", "admin2", "admin3")
_SENTENCE_END = regex.compile(r"[.!?;\n]|\s[—–]\s")
_REACH = 60  # characters between the name and the region that holds it, at most
_CLAUSE = regex.compile(r"(?<!\w)(?:and|or|but|which|who|that|where|when|et|ou|mais|qui|que|où)(?!\w)", regex.I)


@cache
def _words() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    names = read_yaml("names.yaml")
    locative = "|".join(regex.escape(w) for w in names["locative"])
    settlements = "|".join(regex.escape(w) for w in sorted(read_yaml("name_words.yaml")["settlements"], key=len,
                                                            reverse=True))
    units = "|".join(regex.escape(w) for w in sorted(names["region_words"], key=len, reverse=True))
    article = r"(?:the\s+|l['’]\s*|la\s+|le\s+)?"
    before = regex.compile(rf"(?<!\w)(?:(?:{locative})\s+{article}|(?:{settlements})(?:\s+(?:of|de|d['’]))?\s+)$",
                           regex.I)
    after = regex.compile(rf"^(?:\s+(?:{settlements})(?!\w)|\s*,\s+(?:an?|un|une|the|le|la)\s+(?:\w+\s+)?"
                          rf"(?:{settlements})(?!\w))", regex.I)
    within = regex.compile(rf"^\s*,?\s*(?:\w+\s+)?(?:{locative})\s+{article}$", regex.I)
    return before, after, within, regex.compile(rf"(?<!\w)(?:{units})(?!\w)", regex.I)


def said_as_place(text: str, start: int, end: int) -> bool:
    """After a locative preposition ("in Kera", "près de Dogo") or beside a word for a settlement
    ("the village of Kera", "Tiva village", "Dogo, un hameau")."""
    before, after, _, _ = _words()
    return bool(before.search(text[max(0, start - 24):start]) or after.match(text[end:end + 40]))


def placed_by_neighbours(text: str, places: list[PlaceMention], *, others: Iterable[PlaceMention] = (),
                         actors: Iterable[tuple[int, int]] = ()) -> list[PlaceMention]:
    """The places, with the unresolved ones that the text puts in a resolved region placed there,
    and those of `others` (names the tagger did not call places) that it places so; never a name
    that stands for an actor (`actors`: where such names are)."""
    actors = set(actors)
    candidates = [p for p in places if p.geonames_id is None] + [o for o in others if said_as_place(text, o.start, o.end)]
    placed: dict[str, PlaceMention] = {}
    for place in sorted(candidates, key=lambda p: p.start):
        if name_key(place.text) not in placed and (place.start, place.end) not in actors \
                and said_as_place(text, place.start, place.end):
            region = _region(text, place, places)
            if region is not None:
                placed[name_key(place.text)] = _inside(place, region)
    found = [*places, *(o for o in others if name_key(o.text) in placed)]
    return sorted((_as_placed(p, placed[name_key(p.text)]) if p.geonames_id is None and name_key(p.text) in placed
                   and (p.start, p.end) not in actors else p for p in found), key=lambda p: p.start)


def _region(text: str, place: PlaceMention, places: Iterable[PlaceMention]) -> PlaceMention | None:
    """The first resolved district or region named after `place` in its sentence that holds it:
    one it is said to be in ("Kera in Bukkuyum"), or named as a region ("in the Mopti region",
    "un hameau de la région de l'Est", "département du Mayo Sava")."""
    _, _, within, unit = _words()
    stop = _SENTENCE_END.search(text, place.end, place.end + _REACH + 40)
    end = stop.start() if stop else place.end + _REACH + 40
    for p in sorted(places, key=lambda p: p.start):
        if not (place.end < p.start < end and p.geonames_id is not None and p.kind in _REGIONS and p.country):
            continue
        gap = text[place.end:p.start]
        if within.match(gap) or (len(gap) <= _REACH and not _CLAUSE.search(gap) and (
                unit.search(text[max(place.end, p.start - 25):p.start]) or unit.match(text[p.end:p.end + 20].strip()))):
            return p
    return None


def _inside(place: PlaceMention, region: PlaceMention) -> PlaceMention:
    key = f"{name_key(place.text)}|{region.country}|{region.admin1}"
    return replace(place, reason=f"not in the gazetteer; placed in {region.text} ({region.kind}), named after it",
                   geonames_id=-zlib.crc32(key.encode()), name=place.text, kind="populated_place",
                   country=region.country, admin1=region.admin1, admin2=None, lat=region.lat, lon=region.lon,
                   precision=None, score=None)


def _as_placed(mention: PlaceMention, placed: PlaceMention) -> PlaceMention:
    return replace(placed, start=mention.start, end=mention.end, text=mention.text)
