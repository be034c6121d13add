"""Load and validate the data files that hold sitrep's domain knowledge.

The bundled files live in `sitrep/data/`; users add their own through settings. Every
file is read here, once, and checked, so that a typo in a user's file fails with its name.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import DataFileError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML was built with it: 6x faster


def read_yaml(name: str, *, extra: Path | None = None) -> dict[str, Any]:
    """A bundled YAML file (parsed once a process; each caller gets its own copy), with the lists of a
    user's file of the same shape appended."""
    data = copy.deepcopy(_bundled(name))
    if extra:
        try:
            text = extra.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(f"{extra}: cannot read ({exc.strerror})") from exc
        for key, value in _parse(text, str(extra)).items():
            data.setdefault(key, [])
            if not isinstance(value, list) or not isinstance(data[key], list):
                raise DataFileError(f"{extra}: '{key}' must be a list, as in the bundled {name}")
            data[key] = data[key] + value
    return data


@cache
def _bundled(name: str) -> dict[str, Any]:
    return _parse(resources.files("sitrep.data").joinpath(name).read_text(encoding="utf-8"), name)


def _parse(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{origin}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{origin}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class LineRule:
    """A furniture rule from boilerplate.yaml: a name, a size limit and compiled patterns."""

    section: str  # "drop" | "tail" | "meta"
    name: str
    max_words: int
    pattern: regex.Pattern  # the rule's patterns as one alternation (group names may repeat)
    second_half: bool = False

    def match(self, line: str, words: int) -> regex.Match | None:
        return self.pattern.search(line) if words <= self.max_words else None


@cache
def boilerplate_rules(extra: str | None = None) -> tuple[LineRule, ...]:
    data = read_yaml("boilerplate.yaml", extra=Path(extra) if extra else None)
    rules = []
    for section in ("drop", "tail", "meta"):
        for i, rule in enumerate(data.get(section) or []):
            where = f"boilerplate.yaml {section}[{i}]"
            try:
                flags = regex.V0 if rule.get("case_sensitive") else regex.IGNORECASE | regex.V0
                for p in rule["patterns"]:
                    regex.compile(p, flags)  # each alone first, so that an error names its pattern
                pattern = regex.compile("|".join(f"(?:{p})" for p in rule["patterns"]), flags)
                rules.append(LineRule(section, str(rule["name"]), int(rule["max_words"]), pattern,
                                      second_half=section == "tail" or bool(rule.get("second_half"))))
            except (KeyError, TypeError, ValueError, regex.error) as exc:
                raise DataFileError(f"{where}: needs name, max_words and valid patterns ({exc})") from exc
    return tuple(rules)


@dataclass(frozen=True)
class Calendar:
    months: dict[str, int]  # name or abbreviation -> month number, all languages
    weekdays: frozenset[str]


@cache
def calendar() -> Calendar:
    data = read_yaml("calendar.yaml")
    months = {name: number
              for names in data["months"].values()
              for number, forms in enumerate(names, start=1)
              for name in forms}
    weekdays = frozenset(day for days in data["weekdays"].values() for day in days)
    return Calendar(months, weekdays)


@dataclass(frozen=True)
class LineVocabulary:
    """The word lists of line_shapes.yaml, and jusText's stop words for the languages it names."""

    stopwords: dict[str, frozenset[str]]  # language -> stop words
    time_words: frozenset[str]
    call_words: frozenset[str]
    reader_words: frozenset[str]
    label_words: frozenset[str]
    desk_words: frozenset[str]
    name_articles: frozenset[str]


@cache
def line_vocabulary() -> LineVocabulary:
    import justext  # only the cleaner needs it; trafilatura ships it

    data = read_yaml("line_shapes.yaml")
    try:
        stopwords = {name: frozenset(justext.get_stoplist(name)) for name in data["stopword_languages"]}
    except (KeyError, ValueError) as exc:
        raise DataFileError(f"line_shapes.yaml: stopword_languages must name jusText's lists ({exc})") from exc
    words = {key: frozenset(str(w).casefold() for w in data.get(key) or ())
             for key in ("time_words", "call_words", "reader_words", "label_words", "desk_words", "name_articles")}
    return LineVocabulary(stopwords, **words)


@cache
def wire_services() -> dict[str, str]:
    """Every way of writing a news agency's name (data/wire_services.yaml) -> the name recorded."""
    names = {}
    for i, entry in enumerate(read_yaml("wire_services.yaml").get("wire_services") or []):
        if not isinstance(entry, list) or not entry:
            raise DataFileError(f"wire_services.yaml: entry {i} must be a list of names")
        names.update({str(alias): str(entry[0]) for alias in entry})
    return names


@dataclass(frozen=True)
class Sites:
    """How a URL's host names its site (data/sites.yaml)."""

    second_level: frozenset[str]
    generic_subdomains: frozenset[str]
    hosting: frozenset[str]
    name_words: frozenset[str]
    known: dict[str, str]


@cache
def sites() -> Sites:
    data = read_yaml("sites.yaml")
    lists = {key: frozenset(str(x).casefold() for x in data.get(key) or ())
             for key in ("second_level", "generic_subdomains", "hosting", "name_words")}
    known = data.get("known_sites") or {}
    if not isinstance(known, dict):
        raise DataFileError("sites.yaml: known_sites must map a site's label to its name")
    return Sites(**lists, known={str(k).casefold(): str(v) for k, v in known.items()})
