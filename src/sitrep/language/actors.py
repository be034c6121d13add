"""The actor dictionary (data/actors.yaml) and finding its names in a text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import regex

from ..datafiles import read_yaml, wire_services
from ..errors import DataFileError
from ..text import Phrases
from .models import fold
from .state_names import ACLED_NAMES, countries, find_state_names

ACTOR_TYPES = frozenset({"state", "state forces", "government", "private military company",
                         "non-state armed group", "intergovernmental organisation", "NGO", "media",
                         "research", "company", "person"})


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]

    @property
    def key(self) -> str:
        return "actor:" + fold(self.name)

    @property
    def ner_type(self) -> str:
        """The NER-style type of the export: PERSON, GPE for states, ORG for the rest."""
        return {"person": "PERSON", "state": "GPE"}.get(self.type, "ORG")


@dataclass(frozen=True)
class Found:
    """A dictionary name in the text: the actor it names, or a description's category."""

    start: int
    end: int
    text: str
    actor: Actor | None
    category: str | None = None
    link: str | None = None  # for a description: the actor it points to, when there is one
    home: str | None = None  # "state", "forces" or "police" of the article's own country ("the army")


def _case_sensitive(alias: str) -> bool:
    """Short capitalised aliases (JNIM, FAMa, UN) must match as written: 'un' is French for 'a'."""
    return len(alias) <= 5 and " " not in alias and any(c.isupper() for c in alias)


class ActorDictionary:
    def __init__(self, actors: list[Actor], descriptions: list[tuple[str, str | None, tuple[str, ...]]]) -> None:
        self.actors = {a.name: a for a in actors}
        self._folded: dict[str, Found] = {}
        self._exact: dict[str, Found] = {}
        for actor in actors:
            for alias in (actor.name, *actor.aliases):
                target = self._exact if _case_sensitive(alias) else self._folded
                target.setdefault(alias if target is self._exact else fold(alias), Found(0, 0, alias, actor))
        for category, link, patterns in descriptions:
            for pattern in patterns:
                self._folded.setdefault(fold(pattern), Found(0, 0, pattern, None, category, link))
        self._folded_re = _alternation(self._folded)
        self._exact_re = _alternation(self._exact)
        self.by_country = self._country_actors()
        self._states = {fold(n): self.by_country[code]["state"] for code, entry in countries().items()
                        for n in entry["names"]}

    def _country_actors(self) -> dict[str, dict[str, Actor]]:
        """Each country's state, forces and police: the dictionary's own where it has them (the
        first listed), else named as ACLED names them; the new ones join `actors`."""
        own: dict[str, dict[str, Actor]] = {}
        for actor in self.actors.values():
            role = {"state": "state", "state forces": "forces"}.get(actor.type)
            if actor.country and role:
                own.setdefault(actor.country, {}).setdefault(role, actor)
        found: dict[str, dict[str, Actor]] = {}
        for code, entry in countries().items():
            roles = dict(own.get(code, {}))
            roles.setdefault("state", Actor(entry["name"], "state", code, ()))
            for role in ("forces", "police"):
                roles.setdefault(role, Actor(ACLED_NAMES[role].format(entry["name"]), "state forces", code, ()))
            for actor in roles.values():
                self.actors.setdefault(actor.name, actor)
            found[code] = roles
        return found

    def state_named(self, name: str) -> Actor | None:
        """The state of a country called `name` ("Ethiopia"), when the dictionary knows the country."""
        return self._states.get(fold(name))

    def find(self, text: str) -> list[Found]:
        """Every dictionary name and description of a state (state_names.py) in `text`, the
        longest where they overlap."""
        hits = []
        for pattern, table, haystack in ((self._folded_re, self._folded, fold(text)), (self._exact_re, self._exact, text)):
            if pattern is None:
                continue
            for m in pattern.finditer(haystack):
                entry = table[m.group()]
                if _common_noun_use(entry.text, text[m.start():m.end()]):
                    continue
                hits.append(Found(m.start(), m.end(), text[m.start():m.end()], entry.actor, entry.category, entry.link))
        for found in find_state_names(text):
            surface = text[found.start:found.end]
            if found.country is None:
                hits.append(Found(found.start, found.end, surface, None, f"the country's {found.role}", home=found.role))
            else:
                hits.append(Found(found.start, found.end, surface, self.by_country[found.country][found.role]))
        kept: list[Found] = []
        for hit in sorted(hits, key=lambda f: -(f.end - f.start)):  # stable: the dictionary's own names first
            if not any(k.start < hit.end and hit.start < k.end for k in kept):
                kept.append(hit)
        return sorted(kept, key=lambda f: f.start)


def _common_noun_use(alias: str, surface: str) -> bool:
    """A one-word name written in lower case is the common noun it was made from ("government
    amnesty" is not Amnesty International)."""
    return " " not in alias and alias[:1].isupper() and surface.islower()


def _alternation(table: dict[str, Found]) -> Phrases | None:
    if not table:
        return None
    names = sorted(table, key=len, reverse=True)
    return Phrases(regex.compile(r"(?<![\w-])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![\w-])"), names)


@cache
def actor_dictionary(extra: str | None = None) -> ActorDictionary:
    data = read_yaml("actors.yaml", extra=Path(extra) if extra else None)
    merged: dict[str, Actor] = {}
    for i, entry in enumerate(data.get("actors") or []):
        try:
            name, kind = str(entry["name"]), str(entry["type"])
            aliases = tuple(str(a) for a in entry.get("aliases") or ())
        except (KeyError, TypeError) as exc:
            raise DataFileError(f"actors.yaml actors[{i}]: needs name, type and aliases ({exc})") from exc
        if kind not in ACTOR_TYPES:
            raise DataFileError(f"actors.yaml actors[{i}] ({name}): unknown type {kind!r}; "
                                f"one of {', '.join(sorted(ACTOR_TYPES))}")
        known = merged.get(name)
        merged[name] = Actor(name, kind, entry.get("country") or None,
                             (known.aliases if known else ()) + aliases)
    descriptions = [(str(d["category"]), d.get("link"), tuple(d["patterns"])) for d in data.get("descriptions") or []]
    return ActorDictionary(_with_agencies(list(merged.values())), descriptions)


def _with_agencies(actors: list[Actor]) -> list[Actor]:
    """The actors and the news agencies of data/wire_services.yaml ("dpa", "Anadolu"), as media: an
    agency the actors already name gets the agency's other names."""
    agencies: dict[str, list[str]] = {}
    for form, agency in wire_services().items():
        agencies.setdefault(agency, []).append(form)
    by_form = {fold(form): actor.name for actor in actors for form in (actor.name, *actor.aliases)}
    merged = {actor.name: actor for actor in actors}
    for agency, forms in agencies.items():
        known = next((by_form[fold(f)] for f in forms if fold(f) in by_form), None)
        if known is None:
            merged[agency] = Actor(agency, "media", None, tuple(f for f in forms if f != agency))
        else:
            actor = merged[known]
            merged[known] = replace(actor, aliases=actor.aliases + tuple(f for f in forms if fold(f) not in by_form))
    return list(merged.values())
