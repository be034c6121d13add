"""The words events are found by, read once from data/events.yaml, and the names of ACLED's
actors and types the rules share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..datafiles import read_yaml
from ..language.models import fold


REFINED = frozenset({"battles", "violence_against_civilians"})  # the types the victims decide between
UNNAMED = ("desc:unidentified armed group", "unidentified armed group")  # ACLED's actor for violence by no one named
PARTICLES = frozenset({"out", "back", "off", "away", "over", "down", "up"})  # "drove the rebels out", "took over"
VIOLENT_TO_CIVILIANS = frozenset({"violence_against_civilians", "explosions_remote_violence"})


@dataclass(frozen=True)
class EventWords:
    single: dict[str, tuple[str, str]]  # folded lemma -> (type, sub_type)
    phrases: regex.Pattern | None
    phrase_types: dict[str, tuple[str, str]]
    civilians: frozenset[str]
    armed: frozenset[str]
    alleged: regex.Pattern
    not_events: regex.Pattern
    not_triggers: dict[str, frozenset[str]]  # by language
    purpose: frozenset[str]
    decisions: frozenset[str]
    anaphoric: frozenset[str]
    demonstratives: frozenset[str]
    referring_verbs: frozenset[str]
    background: frozenset[str]
    background_phrases: regex.Pattern
    precedence: tuple[str, ...]
    armed_types: frozenset[str]
    armed_descriptions: frozenset[str]
    state_forces_words: frozenset[str]
    state_words: frozenset[str]
    claims: frozenset[str]
    group_descriptions: frozenset[str]
    passive_actors: frozenset[str]  # sub-types
    announcements: frozenset[str]
    locative: frozenset[str]
    by_forces: frozenset[str]  # sub-types


def _words(items: list[str]) -> regex.Pattern:
    return regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(fold(i)) for i in sorted(items, key=len, reverse=True)) + r")(?!\w)")


@cache
def event_words() -> EventWords:
    data = read_yaml("events.yaml")
    single, phrases = {}, {}
    for trigger in data["triggers"]:
        for lemma in trigger["lemmas"]:
            target = phrases if " " in lemma or "'" in lemma else single
            target.setdefault(fold(lemma), (trigger["type"], trigger["sub_type"]))
    return EventWords(single, _words(list(phrases)) if phrases else None, phrases,
                      frozenset(fold(w) for w in data["civilians"]), frozenset(fold(w) for w in data["armed"]),
                      _words(data["alleged"]), _words(data["not_events"]),
                      {lang: frozenset(fold(w) for w in ws) for lang, ws in data["not_triggers"].items()},
                      frozenset(fold(w) for w in data["purpose"]),
                      frozenset(fold(w) for w in data["decisions"]),
                      frozenset(fold(w) for w in data["anaphoric"]),
                      frozenset(fold(w) for w in data["demonstratives"]),
                      frozenset(fold(w) for w in data["referring_verbs"]),
                      frozenset(fold(w) for w in data["background"]),
                      regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(fold(p)) for p in data["background_phrases"])
                                    + r")(?:\s+\S+){0,2}\s*$"),
                      tuple(data["precedence"]), frozenset(data["armed_actors"]["types"]),
                      frozenset(f"desc:{fold(d)}" for d in data["armed_actors"]["descriptions"]),
                      frozenset(fold(w) for w in data["state_forces_words"]), frozenset(fold(w) for w in data["state_words"]),
                      frozenset(fold(w) for w in data["claims"]),
                      frozenset(f"desc:{fold(d)}" for d in data["group_descriptions"]),
                      frozenset(data["passive_actors"]), frozenset(fold(w) for w in data["announcements"]),
                      frozenset(fold(w) for w in read_yaml("names.yaml")["locative"]), frozenset(data["by_forces"]))
