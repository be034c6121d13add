"""How texts name a country's state, its forces and its police without a proper name.

1. a demonym or the country's name before a noun of a class: "the Rwandan army", "Ethiopia's
   armed forces", "Mali's military government", "Somali police";
2. in French, the noun before a demonym or "du/de la/de l'/des + country": "l'armée tchadienne",
   "les forces armées du Mali", "les autorités nigériennes";
3. the noun alone, for the country the article is about: "the junta", "the army", "l'armée"
   (resolved once the article's places are known: see entities.at_home).

The noun classes are data (actors.yaml: state_nouns, home_nouns); the countries and their
demonyms come from demonyms.yaml and country_names.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..datafiles import read_yaml
from ..text import Phrases
from .models import fold

ROLES = ("state", "forces", "police")
ACLED_NAMES = {"forces": "Military Forces of {}", "police": "Police Forces of {}"}
_FRENCH_LINKS = r"(?:du|de\s+la|de\s+l'|des|de|d')\s*"


@dataclass(frozen=True)
class StateName:
    """A description found in the text: whose state it names ("ML"), and which role."""

    start: int
    end: int
    country: str | None  # None for a home noun: the article's own country
    role: str
    named: tuple[int, int] | None = None  # where it names the country by its name ("Mali's army")


@dataclass(frozen=True)
class _Tables:
    english: Phrases
    french: Phrases
    home: Phrases
    who: dict[str, str]  # folded demonym or country name -> ISO code
    demonyms: frozenset[str]
    noun_roles: dict[str, str]  # folded noun -> role
    home_roles: dict[str, str]


def countries() -> dict[str, dict]:
    """ISO code -> {name, en: demonyms, fr: demonyms, names: other names} for every country named so."""
    other = read_yaml("country_names.yaml")
    return {code: {"name": entry["name"], "en": _with_plurals(entry.get("en") or ()), "fr": list(entry.get("fr") or ()),
                   "names": [entry["name"], *(other.get(code) or ())]}
            for code, entry in read_yaml("demonyms.yaml").items()}


def _with_plurals(demonyms: Iterable[str]) -> list[str]:
    """English demonyms and the plurals of those that take one ("Russians", "Iraqis"; not "French")."""
    demonyms = list(demonyms)
    return demonyms + [d + "s" for d in demonyms if d[-1:] in ("n", "i", "e", "o") and not d.endswith("ese")]


@cache
def _tables() -> _Tables:
    data = read_yaml("actors.yaml")
    nouns, home = data["state_nouns"], data["home_nouns"]
    who: dict[str, str] = {}
    names: dict[str, str] = {}
    for code, entry in countries().items():
        for name in entry["names"]:
            names.setdefault(fold(name), code)
        for demonym in (*entry["en"], *entry["fr"]):
            who.setdefault(fold(demonym), code)
    noun_roles = {fold(n): role for role in ROLES for lang in ("en", "fr") for n in nouns[role][lang]}
    home_roles = {fold(n): role for role in ROLES for lang in ("en", "fr") for n in home.get(role, {}).get(lang, ())}
    en_nouns = _alternation(n for role in ROLES for n in nouns[role]["en"])
    fr_nouns = _alternation(n for role in ROLES for n in nouns[role]["fr"])
    demonyms, country_names = _alternation(who), _alternation(names)
    english = regex.compile(rf"(?<![\w-])(?:(?P<who>{demonyms}|{country_names})|(?P<who>{country_names})'s)\s+"
                            rf"(?P<noun>{en_nouns})(?![\w-])")
    french = regex.compile(rf"(?<![\w-])(?P<noun>{fr_nouns})\s+(?:(?P<who>{demonyms})|{_FRENCH_LINKS}(?P<who>{country_names}))"
                           r"(?![\w-])")
    home = regex.compile(rf"(?<![\w-])(?:{_alternation(home_roles)})(?![\w-])")
    return _Tables(Phrases(english, [*who, *names]), Phrases(french, noun_roles), Phrases(home, home_roles),
                   {**who, **{k: v for k, v in names.items() if k not in who}}, frozenset(who) - set(names), noun_roles,
                   home_roles)


def _alternation(words: Iterable[str]) -> str:
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in folded)


def is_demonym(word: str) -> bool:
    """"Nigerien", "Maliens": an adjective or noun of nationality, which names no one by itself."""
    return fold(word) in _tables().demonyms


def country_of(demonym: str) -> str | None:
    """The ISO code of the country a demonym names ("Nigerian" -> "NG")."""
    folded = fold(demonym)
    return _tables().who[folded] if folded in _tables().demonyms else None


@lru_cache(maxsize=4)
def find_state_names(text: str) -> tuple[StateName, ...]:
    """Every description of a state, its forces or its police in `text` (folded matching). The
    actor dictionary and the place finder both ask for a document's: it is read once."""
    return tuple(_state_names(text))


def _state_names(text: str) -> Iterator[StateName]:
    tables = _tables()
    folded = fold(text)
    for pattern in (tables.english, tables.french):
        for m in pattern.finditer(folded):
            who = " ".join(m["who"].split())
            if len(who) <= 3 and not text[m.start("who"):m.end("who")].isupper():  # "us troops" is not "US troops"
                continue
            named = None if who in tables.demonyms else m.span("who")
            yield StateName(m.start(), m.end(), tables.who[who], tables.noun_roles[" ".join(m["noun"].split())], named)
    for m in tables.home.finditer(folded):
        yield StateName(m.start(), m.end(), None, tables.home_roles[" ".join(m.group().split())])
