"""What the document's places settle about its names, once the geo stage has resolved them.

1. the words for the government or the forces of "the" country ("the junta", "l'armée") name
   those of the country the article's places mostly lie in, and nothing when there is none or
   when their sentence is set only in other countries;
2. a word of the language capitalised only where its position explains it ("Shelling" starting
   a sentence) is no name, unless the gazetteer placed it;
3. an entity the tagger called a person or an organisation is a place when most of its
   mentions were resolved as places ("Boni", a person to the tagger in one sentence and a place
   in the next).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ..records import Entity, Mention, PlaceMention, Sentence
from ..text import fold
from .actors import ActorDictionary
from .name_shapes import capitalised_by_position

HOME = "desc:the country's "  # the key prefix of a home noun's mention (actors.Found.home)
MIN_HOME_SHARE = 0.5
BROAD_PLACES = frozenset({"region", "continent"})  # kinds of the gazetteer that are no GPE


def settle(text: str, mentions: list[Mention], entities: list[Entity], places: Iterable[PlaceMention], *,
           dictionary: ActorDictionary, language: str,
           sentences: Iterable[Sentence] = ()) -> tuple[list[Mention], list[Entity]]:
    places = list(places)
    resolved = {(p.start, p.end) for p in places if p.geonames_id is not None}
    home = home_country(places)
    actors = dictionary.by_country.get(home, {}) if home else {}
    abroad = _abroad(places, sentences, home)
    kept: list[Mention] = []
    for m in mentions:
        if m.entity_key.startswith(HOME):
            actor = actors.get(m.entity_key[len(HOME):])
            if actor is not None and not any(s.start <= m.start < s.end for s in abroad):
                kept.append(replace(m, label=actor.ner_type, entity_key=actor.key))
        elif (m.start, m.end) in resolved or m.entity_key.startswith(("actor:", "desc:")) \
                or not capitalised_by_position(m.text, text, language):
            kept.append(m)
    return kept, typed_by_places(_regrouped(kept, entities, dictionary), kept, places)


def _abroad(places: list[PlaceMention], sentences: Iterable[Sentence], home: str | None) -> list[Sentence]:
    """The sentences set only in other countries than the article's: their towns and regions lie
    in others ("the president met the rebels in Niamey", in an article about Mali, is not Mali's
    president); a country named is often a party, not the setting ("Russia supplied the army")."""
    resolved = [p for p in places if p.geonames_id is not None]
    return [s for s in sentences if set_abroad(resolved, s.start, s.end, home)]


def set_abroad(places: Iterable[PlaceMention], start: int, end: int, home: str | None) -> bool:
    """Whether the towns and regions among `places` between `start` and `end` all lie in other
    countries than `home` (at least one there); countries named do not count."""
    countries = {p.country for p in places if p.country and p.kind != "country" and start <= p.start < end}
    return bool(countries) and home not in countries


def home_country(places: list[PlaceMention]) -> str | None:
    """The country most of the article's resolved places lie in, if it holds at least half of them."""
    counts = Counter(p.country for p in places if p.country and p.geonames_id is not None)
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if n >= 2 and n >= MIN_HOME_SHARE * sum(counts.values()) else None


def _regrouped(mentions: list[Mention], entities: list[Entity], dictionary: ActorDictionary) -> list[Entity]:
    """The entities that still have mentions, with the aliases they still have, and the actors
    that home nouns now name."""
    by_key = {e.key: e for e in entities}
    actors = {a.key: a for a in dictionary.actors.values()}
    aliases: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        if m.text not in aliases[m.entity_key]:
            aliases[m.entity_key].append(m.text)
    found = []
    for key, names in aliases.items():
        entity = by_key.get(key)
        if entity is None:
            actor = actors[key]
            entity = Entity(key, actor.name, actor.ner_type, actor.type, actor.country)
        found.append(replace(entity, aliases=tuple(names)))
    return found


def typed_by_places(entities: list[Entity], mentions: list[Mention], places: Iterable[PlaceMention]) -> list[Entity]:
    """An entity the tagger called a person, an organisation or a location is a place of the kind
    the gazetteer says when the geo layer resolved most of its mentions as places: a town, a
    district or a country is a GPE; a region or a continent keeps the tagger's LOC."""
    kinds = {(p.start, p.end): p.kind for p in places if p.geonames_id is not None}
    named = Counter(m.entity_key for m in mentions)
    placed: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if (m.start, m.end) in kinds:
            placed[m.entity_key][kinds[m.start, m.end]] += 1
    typed = []
    for e in entities:
        kind = _place_type(e.type, placed[e.key]) if 2 * placed[e.key].total() > named[e.key] else None
        typed.append(replace(e, type=kind) if kind and e.actor_type is None else e)
    return typed


def _place_type(tagged: str, kinds: Counter) -> str | None:
    kind = kinds.most_common(1)[0][0]
    if tagged in ("PERSON", "ORG") or (tagged == "LOC" and kind not in BROAD_PLACES):
        return "GPE"
    return None


def unplaced_names(mentions: Iterable[Mention], places: Iterable[PlaceMention]) -> list[Mention]:
    """Names of two words or more that the tagger called places and the gazetteer did not resolve:
    people's, when the text gives them a role (the French model often tags a person LOC)."""
    resolved = {(p.start, p.end) for p in places if p.geonames_id is not None}
    return [m for m in mentions if m.label in ("LOC", "GPE") and len(m.text.split()) > 1
            and (m.start, m.end) not in resolved and not m.entity_key.startswith(("actor:", "desc:"))]


def typed_as_people(entities: list[Entity], people: Iterable[str], unplaced: Iterable[Mention]) -> list[Entity]:
    """An unplaced name (unplaced_names) that the text gives a person's role ("le gouverneur de la
    région, Oumar Sy") or has speak ("a déclaré Awa Sy") is a person's, whatever the tagger called it:
    `people` are the keys of the entities given roles or quoted."""
    keys = set(people) & {m.entity_key for m in unplaced}
    return [replace(e, type="PERSON") if e.key in keys and e.actor_type is None else e for e in entities]


def typed_as_outlet(entities: list[Entity], outlet: str | None) -> list[Entity]:
    """The document's own outlet, named in its text ("told the Evening Star"), is an organisation."""
    own = fold(outlet) if outlet else None
    return [replace(e, type="ORG") if own and e.actor_type is None and any(fold(a) == own for a in (e.name, *e.aliases))
            else e for e in entities]


def typed_as_doers(entities: list[Entity], doers: Iterable[str], mentions: Iterable[Mention],
                   places: Iterable[PlaceMention]) -> list[Entity]:
    """A name the tagger called a place, that the gazetteer placed nowhere and that does violence
    (an actor of a violent event: "Mobondo a attaqué le village") is an organisation's: taggers,
    the French one most, read an armed group's unfamiliar name as a place's."""
    resolved = {(p.start, p.end) for p in places if p.geonames_id is not None}
    placed = {m.entity_key for m in mentions if (m.start, m.end) in resolved}
    names = set(doers)
    return [replace(e, type="ORG") if e.type in ("LOC", "GPE") and e.actor_type is None and e.country is None
            and e.key not in placed and e.name in names else e for e in entities]
