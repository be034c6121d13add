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
from ..language.models import common_word, fold
from ..language.name_shapes import by_position, names_a_people
from ..language.state_names import country_of, find_state_names, is_demonym
from ..records import Mention, PlaceMention
from ..store.gazetteer import GazetteerFile, GazetteerPlace
from .gazetteer import loose_key, name_key
from .unlisted import placed_by_neighbours

_KIND_PRIOR = {"country": 4.5, "continent": 3.0, "region": 2.0, "admin1": 1.0, "admin2": 0.5}
_BROAD = frozenset({"country", "continent", "region", "admin1"})
_REGION_WORDS = regex.compile(r"^\s*(region|province|state|district|département|department|région|cercle|prefecture|préfecture)\b", regex.I)
# "Zamfara, Katsina and Niger states": the region word after a list of names is each one's
_LISTED_REGIONS = regex.compile(r"^(?:\s*(?:,|\band\b|\bet\b)\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)*\s*,?\s+"
                                r"(?:regions|provinces|states|districts|départements|departments|régions)\b")
_REGION_BEFORE = regex.compile(r"\b(region|province|state|région|district) (of|de|du|d')\s*$", regex.I)
_NAME = regex.compile(r"\b\p{Lu}[\p{L}'’-]+(?:\s+(?:\p{Lu}[\p{L}'’-]+|de|du|des|al|el|d'))*(?:\s+\p{Lu}[\p{L}'’-]+)?")
PRECISION = {"populated_place": 1, "admin2": 2, "admin3": 2, "admin1": 3, "country": 3, "region": 3, "continent": 3}
MIN_SPOTTED_POPULATION = 15_000
MIN_FOREIGN_POPULATION = 50_000  # a town outside the document's countries must be at least this big
MIN_WORLD_CITY = 1_000_000  # ... and a city of this size when the document is about other countries
MIN_KNOWN_TOWN = 100_000  # a town named first in a sentence with a word of the language, or by another name


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
    region = regex.compile(rf"^(?:(?:{words})\s+(?:de\s+l['’]|d['’]|(?:of\s+the|of|du|de\s+la|des|de)\s+)?)?"
                           rf"(?P<name>.+?)(?:\s+(?:{words}))?$", regex.I)
    return frozenset(name_key(w) for w in data["not_places"]), region


@dataclass(frozen=True)
class _Context:
    """What the document says about its names, beside the names themselves."""

    text: str
    mentions: tuple[Mention, ...]
    language: str
    people: frozenset[str]  # entity keys of people named in full
    surnames: frozenset[str]  # name keys of their last names: "Cook" is a person, not Cook, Minnesota
    stated: Counter  # countries named by a state's description: "Nigerian troops", "Mali's army"
    named: tuple[_Span, ...]  # countries named in those descriptions ("Mali" of "Mali's army")

    @classmethod
    def of(cls, text: str, mentions: list[Mention], language: str) -> _Context:
        people = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
        stated: Counter = Counter(filter(None, (country_of(m.text) for m in mentions if m.label == "NORP")))
        named = []
        for found in find_state_names(text):
            stated.update([found.country] if found.country else [])
            if found.named:
                named.append(_Span(*found.named, text[found.named[0]:found.named[1]], "GPE"))
        return cls(text, tuple(mentions), language, frozenset(m.entity_key for m in people),
                   frozenset(name_key(m.text.split()[-1]) for m in people), stated, tuple(named))

    def a_person(self, mention: Mention) -> bool:
        return mention.entity_key in self.people


@cache
def _locative_before() -> regex.Pattern:
    """A locative preposition ending the text before a name ("in ", "près de ")."""
    words = read_yaml("names.yaml")["locative"]
    return regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(w) for w in words) + r")\s+$", regex.I)


class PlaceFinder:
    def __init__(self, gazetteer: GazetteerFile) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, bool], list[GazetteerPlace]] = {}

    def candidates(self, text: str, *, own_names: bool = False) -> list[GazetteerPlace]:
        """Gazetteer places for a name; "Borno State" or "région de Mopti" also as its region; a
        name with no place of its own spelling, the places of a spelling variant (loose_key).
        With `own_names`, only places that bear the name itself, not as another name or a
        variant: enough for names the tagger did not call places ("Myriam" is not Merriam)."""
        key = name_key(text)
        if (key, own_names) not in self._cache:
            not_places, region = _name_lists()
            found = self.gazetteer.candidates(key, other_names=not own_names) if key and key not in not_places else []
            bare = region.match(text.strip())
            if not found and bare and bare["name"] != text.strip():
                found = [c for c in self.gazetteer.candidates(name_key(bare["name"]), other_names=not own_names)
                         if c.kind.startswith("admin")]
            if not found and key and key not in not_places and not own_names:
                found = self.gazetteer.candidates("~" + loose_key(key))  # "Tchad", "Chabab", "Tigrai"
            self._cache[key, own_names] = found
        return self._cache[key, own_names]

    def country(self, code: str) -> PlaceMention | None:
        """A country the text is about without naming it ("les autorités tchadiennes"), as a place
        for events that nothing else places; it points at no text (start = end = 0)."""
        place = self.gazetteer.country(code)
        if place is None:
            return None
        return PlaceMention(0, 0, "", "the country most of the article's places lie in", place.geonames_id, place.name,
                            place.kind, place.country, None, place.lat, place.lon, PRECISION.get(place.kind, 3))

    def find(self, text: str, mentions: list[Mention], *, language: str = "en") -> list[PlaceMention]:
        context = _Context.of(text, mentions, language)
        spans = self._recognise(context)
        focus = self._focus(spans, context)
        spans = sorted(spans + self._in_focus(context, spans, focus), key=lambda s: s.start)
        actors = [(m.start, m.end) for m in mentions if m.entity_key.startswith(("actor:", "desc:"))]
        taken = {(s.start, s.end) for s in spans}
        others = [PlaceMention(m.start, m.end, m.text, "not in the gazetteer") for m in mentions
                  if m.label in ("ORG", "PERSON") and (m.start, m.end) not in taken and len(m.text.split()) <= 2
                  and not context.a_person(m) and not (m.label == "PERSON" and len(m.text.split()) > 1)]
        return placed_by_neighbours(text, [self._resolve(span, focus, spans, context) for span in spans],
                                    others=others, actors=actors)

    def _in_focus(self, context: _Context, spans: list[_Span], focus: Counter) -> list[_Span]:
        """Second look at names the tagger called organisations or people: a town or district of
        the document's countries ("from Goma", tagged ORG) is a place, and so is a name the
        document uses as a place elsewhere (the tagger calls "Boni" a place once and a person
        the next time) or that the analyst overlay adds to the gazetteer, wherever it is; a town
        of any size is a place when a locative preposition says so ("in Tessalit"), by its other
        names or spellings too ("in Jibo"), and so is a city of the document's countries
        ("Kirovograd")."""
        taken = {(s.start, s.end) for s in spans}
        named = {name_key(s.text) for s in spans}
        found = []
        for m in context.mentions:
            if (m.start, m.end) in taken or m.label not in ("ORG", "PERSON") or len(m.text.split()) > 3 \
                    or m.entity_key.startswith("actor:") or (m.label == "PERSON" and len(m.text.split()) > 1) \
                    or context.a_person(m):
                continue
            said_as_place = name_key(m.text) in named or _after_locative(context.text, m.start)
            if any(c.source == "overlay" or (c.country in focus and (
                    said_as_place or c.population >= 1000 or c.kind.startswith("admin")))
                   for c in self.candidates(m.text, own_names=True)) \
                    or any(c.country in focus and (said_as_place or c.population >= MIN_KNOWN_TOWN)
                           for c in self.candidates(m.text)):
                found.append(_Span(m.start, m.end, m.text, m.label))
        return found

    def _recognise(self, context: _Context) -> list[_Span]:
        """Names the tagger calls places, names it calls otherwise that are countries or regions,
        countries named in a description of their state ("Mali's army"), and names it missed."""
        spans = list(context.named)
        for m in context.mentions:
            if m.label == "DESC" or (m.label == "NORP" and not self._place_taken_for_a_people(m, context)) \
                    or context.a_person(m):
                continue
            if m.label in ("GPE", "LOC", "FAC", "NORP"):
                spans.append(_Span(m.start, m.end, m.text, m.label))
            elif any(c.kind in ("country", "admin1") for c in self.candidates(m.text)) and \
                    not (m.label == "PERSON" and len(m.text.split()) > 1):
                spans.append(_Span(m.start, m.end, m.text, m.label))
        spotted = self._spotted(context)
        spans = [s for s in spans if not any(o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end)
                                             for o in spotted)]
        return sorted(spans + spotted, key=lambda s: s.start)

    def _place_taken_for_a_people(self, mention: Mention, context: _Context) -> bool:
        """A name the tagger took for a nationality that is none ("the Belgorod border region"): a
        region or a city of the gazetteer, and no word of the language."""
        return not is_demonym(mention.text) and not names_a_people(mention.text) \
            and not any(common_word(w, context.language) for w in mention.text.split()) \
            and any(c.kind == "admin1" or (c.kind == "populated_place" and c.population >= MIN_KNOWN_TOWN)
                    for c in self.candidates(mention.text, own_names=True))

    def _town_around_a_state(self, name: str, start: int, end: int, context: _Context) -> bool:
        """A city whose name holds a country's ("Port Sudan"), where the dictionary found only the
        country: the city, when the gazetteer knows one of some size by that name."""
        inside = [m for m in context.mentions if start <= m.start and m.end <= end]
        return bool(inside) and all(m.entity_key.startswith("actor:") and (m.start, m.end) != (start, end)
                                    for m in inside) \
            and not any(m.start < start < m.end or m.start < end < m.end for m in context.mentions) \
            and any(c.kind == "populated_place" and c.population >= MIN_KNOWN_TOWN
                    for c in self.candidates(name, own_names=True))

    def _spotted(self, context: _Context) -> list[_Span]:
        """Capitalised names the tagger missed that are countries, big towns (by another of their
        names, only cities) or the overlay's places; at a sentence's start, only those that are no
        word of the language or are cities; and cities named after a country ("Port Sudan")."""
        text, spans = context.text, []
        taken = [(m.start, m.end) for m in context.mentions] + [(s.start, s.end) for s in context.named]
        for match in _NAME.finditer(text):
            start, end = match.span()
            name = match.group()
            if self._town_around_a_state(name, start, end, context):
                spans.append(_Span(start, end, name, "SPOTTED"))
                continue
            if any(s < end and start < e for s, e in taken) or fold(name) in calendar().months \
                    or fold(name) in calendar().weekdays or names_water(text, start, end) \
                    or name_key(name) in context.surnames:
                continue
            first = by_position(text, start) and any(common_word(w, context.language) for w in name.split())
            least = MIN_KNOWN_TOWN if first else MIN_SPOTTED_POPULATION
            if any(c.kind in ("country", "continent") or c.population >= least or c.source == "overlay"
                   for c in self.candidates(name, own_names=True)) \
                    or (not first and any(c.population >= MIN_KNOWN_TOWN for c in self.candidates(name))):
                spans.append(_Span(start, end, name, "SPOTTED"))
        return spans

    def _focus(self, spans: list[_Span], context: _Context) -> Counter:
        """Countries the document is about: those it names, by name or by a demonym on a word for
        its state ("Nigerian troops"); failing those, the countries of its unambiguous places."""
        focus: Counter = Counter(context.stated)
        for span in spans:
            focus.update({c.country for c in self.candidates(span.text) if c.kind == "country" and c.country})
        if not focus:
            for span in spans:
                countries = {c.country for c in self.candidates(span.text) if c.country}
                focus.update(countries if len(countries) == 1 else ())
        return focus

    def _resolve(self, span: _Span, focus: Counter, spans: list[_Span], document: _Context) -> PlaceMention:
        text = document.text
        if not self.candidates(span.text):
            return PlaceMention(span.start, span.end, span.text, "not in the gazetteer")
        own = {c.geonames_id for c in self.candidates(span.text, own_names=True)}
        found = [c for c in self.candidates(span.text) if c.geonames_id in own
                 or _meant_by_another_name(c, span.text, focus, document.language)]
        context = self._context(span, spans)
        region_wanted = bool(_REGION_WORDS.match(text[span.end:span.end + 20])) or \
            bool(_LISTED_REGIONS.match(text[span.end:span.end + 120])) or \
            bool(_REGION_BEFORE.search(text[max(0, span.start - 20):span.start]))
        scored = sorted(((self._score(c, focus, context, region_wanted, other_name=c.geonames_id not in own), c)
                         for c in found), key=lambda sc: (-sc[0][0], sc[1].geonames_id))
        scored = [sc for sc in scored if _plausible(sc[1], focus)]
        if not scored:
            return PlaceMention(span.start, span.end, span.text,
                                f"no place named {span.text!r} in the document's countries or big enough to be meant")
        (score, reasons), best = scored[0]
        if len(scored) > 1 and score - scored[1][0][0] < 0.05 and not focus and not context:
            return PlaceMention(span.start, span.end, span.text,
                                f"ambiguous: {len(found)} places named {span.text!r} and no context to choose")
        return PlaceMention(span.start, span.end, span.text, "; ".join(reasons), best.geonames_id, best.name, best.kind,
                            best.country, best.admin1, best.lat, best.lon, PRECISION.get(best.kind, 2), round(score, 3),
                            admin2=best.admin2)

    def _context(self, span: _Span, spans: list[_Span]) -> set[str]:
        """Keys of the other places named within 80 characters, and the codes of those that are
        countries ("Moura, Mali"; "in the Mopti region of central Mali")."""
        near = [s for s in spans if s is not span and span.start - 80 <= s.start < span.end + 80]
        keys = {name_key(s.text) for s in near}
        codes = {c.country for s in near for c in self.candidates(s.text) if c.kind == "country" and c.country}
        return keys | codes

    def _score(self, place: GazetteerPlace, focus: Counter, context: set[str], region_wanted: bool, *,
               other_name: bool) -> tuple[float, list[str]]:
        score, reasons = _KIND_PRIOR.get(place.kind, 0.0), [place.kind]
        if other_name:
            score -= 2
            reasons.append("by another of its names or spellings")
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
    """A broad area, a place in one of the document's countries, the analyst overlay's, or a
    town elsewhere big enough to be meant: in a document about other countries, a city of the
    world ("Paris", not Fano in Italy in an article on Ethiopia's Fano militia)."""
    if place.kind in _BROAD or place.country in focus or place.source == "overlay":
        return True
    return place.population >= (MIN_WORLD_CITY if focus else MIN_FOREIGN_POPULATION)


def _meant_by_another_name(place: GazetteerPlace, name: str, focus: Counter, language: str) -> bool:
    """A place that bears `name` only as another of its names or spellings ("Tombouctou" for
    Timbuktu) is meant when the name is no word of the language ("Gold", "Atlantic") and the
    place lies in one of the document's countries or is a city."""
    return not all(common_word(w, language) for w in name.split()) and (
        place.country in focus or place.population >= MIN_KNOWN_TOWN)


def _after_locative(text: str, at: int) -> bool:
    return bool(_locative_before().search(text[max(0, at - 12):at]))
