"""Find the places an article names and resolve each to a gazetteer record.

Recognition: names the NER tagged as places (GPE, LOC, FAC), names it tagged otherwise that the
gazetteer knows as a country or first-level region (the small model often calls "Mali" a person
and "Bamako" an organisation), and capitalised names it missed that are countries, regions or
towns of some size. Demonyms ("Malian") are affiliations, not places; a person's full name is
not a place.

Resolution: among same-named candidates, score each by
- what it is (a country before a town; a town of some size before the region named after it,
  unless the text says "region"),
- its population,
- the document's focus countries (named in it, or holding its other unambiguous places),
- explicit context: "the Mopti region" wants a region; "Moura, Mali" or "in the Mopti region
  of central Mali" wants a place in that region or country,
- the analyst overlay, which wins ties.
Each resolution keeps its score and the reason it won; a name absent from the gazetteer is kept
unresolved with that reason.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from ..datafiles import calendar, read_yaml
from ..language.entities import names_water
from ..language.models import fold
from ..records import Mention, PlaceMention
from ..store.gazetteer import GazetteerFile, GazetteerPlace
from .gazetteer import name_key

_KIND_PRIOR = {"country": 4.5, "continent": 3.0, "region": 2.0, "admin1": 1.0, "admin2": 0.5}
_BROAD = frozenset({"country", "continent", "region", "admin1"})
_REGION_WORDS = regex.compile(r"^\s*(region|province|state|district|département|department|région|cercle|prefecture|préfecture)\b", regex.I)
_REGION_BEFORE = regex.compile(r"\b(region|province|state|région|district) (of|de|du|d')\s*$", regex.I)
_NAME = regex.compile(r"\b\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|de|du|des|al|el|d'))*(?:\s+\p{Lu}[\p{L}'’-]+)?")
PRECISION = {"populated_place": 1, "admin2": 2, "admin3": 2, "admin1": 3, "country": 3, "region": 3, "continent": 3}
MIN_SPOTTED_POPULATION = 15_000
MIN_FOREIGN_POPULATION = 50_000  # a town outside the document's countries must be at least this big


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str
    label: str


@cache
def _name_lists() -> tuple[frozenset[str], regex.Pattern]:
    data = read_yaml("names.yaml")
    words = "|".join(regex.escape(w) for w in sorted(data["region_words"], key=len, reverse=True))
    region = regex.compile(rf"^(?:(?:{words})\s+)?(?P<name>.+?)(?:\s+(?:{words}))?$", regex.I)
    return frozenset(name_key(w) for w in data["not_places"]), region


@cache
def _locative_before() -> regex.Pattern:
    """A locative preposition ending the text before a name ("in ", "près de ")."""
    words = read_yaml("names.yaml")["locative"]
    return regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(w) for w in words) + r")\s+$", regex.I)


class PlaceFinder:
    def __init__(self, gazetteer: GazetteerFile) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[str, list[GazetteerPlace]] = {}

    def candidates(self, text: str) -> list[GazetteerPlace]:
        """Gazetteer places for a name; "Borno State" or "région de Mopti" also as its region."""
        key = name_key(text)
        if key not in self._cache:
            not_places, region = _name_lists()
            found = self.gazetteer.candidates(key) if key and key not in not_places else []
            bare = region.match(text.strip())
            if not found and bare and bare["name"] != text.strip():
                found = [c for c in self.gazetteer.candidates(name_key(bare["name"])) if c.kind.startswith("admin")]
            self._cache[key] = found
        return self._cache[key]

    def country(self, code: str) -> PlaceMention | None:
        """A country the text is about without naming it ("les autorités tchadiennes"), as a place
        for events that nothing else places; it points at no text (start = end = 0)."""
        place = self.gazetteer.country(code)
        if place is None:
            return None
        return PlaceMention(0, 0, "", "the country most of the article's places lie in", place.geonames_id, place.name,
                            place.kind, place.country, None, place.lat, place.lon, PRECISION.get(place.kind, 3))

    def find(self, text: str, mentions: list[Mention]) -> list[PlaceMention]:
        spans = self._recognise(text, mentions)
        focus = self._focus(spans)
        spans = sorted(spans + self._in_focus(text, mentions, spans, focus), key=lambda s: s.start)
        return [self._resolve(text, span, focus, spans) for span in spans]

    def _in_focus(self, text: str, mentions: list[Mention], spans: list[_Span], focus: Counter) -> list[_Span]:
        """Second look at names the tagger called organisations or people: a town or district of
        the document's countries ("from Goma", tagged ORG) is a place, and so is a name the
        document uses as a place elsewhere (the tagger calls "Boni" a place once and a person
        the next time) or that the analyst overlay adds to the gazetteer, wherever it is; a town
        of any size is a place when a locative preposition says so ("in Tessalit")."""
        taken = {(s.start, s.end) for s in spans}
        named = {name_key(s.text) for s in spans}
        found = []
        for m in mentions:
            if (m.start, m.end) in taken or m.label not in ("ORG", "PERSON") or len(m.text.split()) > 3 \
                    or m.entity_key.startswith("actor:") or (m.label == "PERSON" and len(m.text.split()) > 1):
                continue
            said_as_place = name_key(m.text) in named or bool(_locative_before().search(text[max(0, m.start - 12):m.start]))
            if any(c.source == "overlay" or (c.country in focus and (
                    said_as_place or c.population >= 1000 or c.kind.startswith("admin"))) for c in self.candidates(m.text)):
                found.append(_Span(m.start, m.end, m.text, m.label))
        return found

    def _recognise(self, text: str, mentions: list[Mention]) -> list[_Span]:
        spans = []
        for m in mentions:
            if m.label in ("NORP", "DESC"):
                continue
            found = self.candidates(m.text)
            if m.label in ("GPE", "LOC", "FAC"):
                spans.append(_Span(m.start, m.end, m.text, m.label))
            elif found and any(c.kind in ("country", "admin1") for c in found) and \
                    not (m.label == "PERSON" and len(m.text.split()) > 1):
                spans.append(_Span(m.start, m.end, m.text, m.label))
        taken = [(m.start, m.end) for m in mentions]
        for match in _NAME.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken) or _sentence_start(text, start) \
                    or fold(match.group()) in calendar().months or fold(match.group()) in calendar().weekdays \
                    or names_water(text, start, end):
                continue
            found = self.candidates(match.group())
            if any(c.kind in ("country", "continent") or c.population >= MIN_SPOTTED_POPULATION or c.source == "overlay"
                   for c in found):
                spans.append(_Span(start, end, match.group(), "SPOTTED"))
        return sorted(spans, key=lambda s: s.start)

    def _focus(self, spans: list[_Span]) -> Counter:
        """Countries the document is about: those it names, and those of its unambiguous places."""
        focus: Counter = Counter()
        for span in spans:
            focus.update({c.country for c in self.candidates(span.text) if c.kind == "country" and c.country})
        return focus

    def _resolve(self, text: str, span: _Span, focus: Counter, spans: list[_Span]) -> PlaceMention:
        found = self.candidates(span.text)
        if not found:
            return PlaceMention(span.start, span.end, span.text, "not in the gazetteer")
        context = self._context(span, spans)
        region_wanted = bool(_REGION_WORDS.match(text[span.end:span.end + 20])) or \
            bool(_REGION_BEFORE.search(text[max(0, span.start - 20):span.start]))
        scored = sorted(((self._score(c, focus, context, region_wanted), c) for c in found),
                        key=lambda sc: (-sc[0][0], sc[1].geonames_id))
        scored = [sc for sc in scored if _plausible(sc[1], focus)]
        if not scored:
            return PlaceMention(span.start, span.end, span.text,
                                f"no place named {span.text!r} in the document's countries or big enough to be meant")
        (score, reasons), best = scored[0]
        if len(scored) > 1 and score - scored[1][0][0] < 0.05 and not focus and not context:
            return PlaceMention(span.start, span.end, span.text,
                                f"ambiguous: {len(found)} places named {span.text!r} and no context to choose")
        return PlaceMention(span.start, span.end, span.text, "; ".join(reasons), best.geonames_id, best.name, best.kind,
                            best.country, best.admin1, best.lat, best.lon, PRECISION.get(best.kind, 2), round(score, 3))

    def _context(self, span: _Span, spans: list[_Span]) -> set[str]:
        """Keys of the other places named within 80 characters, and the codes of those that are
        countries ("Moura, Mali"; "in the Mopti region of central Mali")."""
        near = [s for s in spans if s is not span and span.start - 80 <= s.start < span.end + 80]
        keys = {name_key(s.text) for s in near}
        codes = {c.country for s in near for c in self.candidates(s.text) if c.kind == "country" and c.country}
        return keys | codes

    def _score(self, place: GazetteerPlace, focus: Counter, context: set[str], region_wanted: bool) -> tuple[float, list[str]]:
        score, reasons = _KIND_PRIOR.get(place.kind, 0.0), [place.kind]
        if region_wanted and place.kind in ("admin1", "admin2"):
            score += 3
            reasons.append("named as a region")
        elif region_wanted:
            score -= 2
        if place.population:
            score += math.log10(place.population + 1) / 2.5
            reasons.append(f"population {place.population:,}")
        if place.country in focus:
            score += 2 + min(focus[place.country], 5) / 5
            reasons.append(f"in a focus country ({place.country})")
        if context & {name_key(n) for n in (place.admin1, place.admin2) if n}:
            score += 3
            reasons.append("its region is named beside it")
        elif place.country in context:
            score += 1.5
            reasons.append("its country is named beside it")
        if place.source == "overlay":
            score += 0.5
            reasons.append("analyst overlay")
        return score, reasons


def _plausible(place: GazetteerPlace, focus: Counter) -> bool:
    """A broad area, a place in one of the document's countries, a big town elsewhere, or one the
    analyst overlay adds."""
    return (place.kind in _BROAD or place.country in focus or place.population >= MIN_FOREIGN_POPULATION
            or place.source == "overlay")


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 3):at]
    return at == 0 or "\n" in before or bool(regex.search(r"[.!?][\"”»)]?\s+$", before))


