"""The words events are found by, read once from data/triggers.yaml and data/events.yaml, and
the names of ACLED's actors and types the rules share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..datafiles import read_yaml
from ..language.models import fold
from ..language.numbers import number_words
from ..text import Phrases


REFINED = frozenset({"battles", "violence_against_civilians"})  # the types the victims decide between
UNNAMED = ("desc:unidentified armed group", "unidentified armed group")  # ACLED's actor for violence by no one named
PARTICLES = frozenset({"out", "back", "off", "away", "over", "down", "up"})  # "drove the rebels out", "took over"


@dataclass(frozen=True)
class Reading:
    """What a trigger word reports: a type and sub-type, read so when its phrases hold a word of
    the `needs` class, and whether the victims decide the type (data/triggers.yaml)."""

    kind: str
    sub_type: str
    needs: str | None = None
    by_victims: bool = False  # the victims decide between battles and violence against civilians


@dataclass(frozen=True)
class Lexicon:
    """One language's triggers: verb and noun lemmas and phrases, each with its readings in order."""

    verbs: dict[str, tuple[Reading, ...]]
    nouns: dict[str, tuple[Reading, ...]]
    phrases: dict[str, tuple[Reading, ...]]
    pattern: Phrases | None  # the phrases, over folded text

    def readings(self, lemma: str, pos: str) -> tuple[Reading, ...]:
        return (self.verbs if pos in ("VERB", "AUX") else self.nouns).get(lemma, ())


@dataclass(frozen=True)
class EventWords:
    lexicons: dict[str, Lexicon]  # by language
    needs: dict[str, frozenset[str]]  # word classes a reading may need
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
    concurrent: frozenset[str]  # of `background`: at the same time as the clause they hang on
    distinct: frozenset[str]  # "a separate attack": not an event told before
    others: frozenset[str]  # "un autre groupe a attaqué": doers of another event
    earlier: frozenset[str]
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
    mutual: frozenset[str]  # sub-types
    told_as_one: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # types or sub-types
    claim_sub_types: frozenset[str]
    topic_phrases: regex.Pattern
    blame: frozenset[str]
    topic_verbs: frozenset[str]
    blamed_on: frozenset[str]
    agent_prepositions: frozenset[str]
    target_prepositions: frozenset[str]
    mover_prepositions: frozenset[str]
    source_prepositions: frozenset[str]
    borders: frozenset[str]
    negations: frozenset[str]
    time_units: dict[str, int]
    number_words: dict[str, int]
    habitual: frozenset[str]
    border_with: frozenset[str]
    place_verbs: frozenset[str]
    dying: frozenset[str]  # verbs whose subject dies ("died", "est mort")
    collectives: frozenset[str]  # singular nouns for many people ("the family")
    singular_articles: frozenset[str]  # "a soldier", "the president": one person
    frequent: frozenset[str]  # "regular attacks": a habit, not an event
    durative_since: frozenset[str]  # "since 2019", "depuis des années": a span of time from then
    durative_over: frozenset[str]  # "for years", "over the past decade": a span of time measured
    durative_units: frozenset[str]  # years, decades, months: a span no event of a day fills
    munitions: frozenset[str]  # "six rockets": one strike, not six
    neighbouring: frozenset[str]  # "fled to neighbouring Niger": not where it happened
    speaking: frozenset[str]  # "speaking to reporters in the capital": where someone spoke


def _words(items: list[str]) -> regex.Pattern:
    """The phrases as one pattern over folded text, each also in the plural ("suicide bombers")."""
    return regex.compile(r"(?<!\w)(?P<phrase>" + "|".join(regex.escape(fold(i)) for i in sorted(items, key=len, reverse=True))
                         + r")(?:e?s)?(?!\w)")


def _lexicons(data: dict) -> dict[str, Lexicon]:
    entries: dict[str, dict[str, dict[str, list[Reading]]]] = {}
    for trigger in data["triggers"]:
        reading = Reading(trigger["type"], trigger["sub_type"], trigger.get("needs"), trigger.get("by_victims", False))
        for language in ("en", "fr"):
            for part, lemmas in trigger.get(language, {}).items():
                for lemma in lemmas:
                    where = "phrases" if " " in lemma or "'" in lemma or "-" in lemma else part
                    entries.setdefault(language, {}).setdefault(where, {}).setdefault(fold(lemma), []).append(reading)
    def part(parts: dict[str, dict[str, list[Reading]]], name: str) -> dict[str, tuple[Reading, ...]]:
        return {lemma: tuple(readings) for lemma, readings in parts.get(name, {}).items()}
    return {language: Lexicon(verbs=part(parts, "verbs"), nouns=part(parts, "nouns"), phrases=part(parts, "phrases"),
                              pattern=Phrases(_words(list(parts["phrases"])), parts["phrases"])
                              if parts.get("phrases") else None)
            for language, parts in entries.items()}


@cache
def event_words() -> EventWords:
    data = read_yaml("events.yaml")
    triggers = read_yaml("triggers.yaml")
    folded = {key: frozenset(fold(w) for w in data[key]) for key in (
        "civilians", "armed", "purpose", "decisions", "anaphoric", "demonstratives", "referring_verbs", "background",
        "concurrent", "distinct", "others", "earlier", "state_forces_words", "state_words", "claims", "announcements", "blame", "blamed_on",
        "agent_prepositions", "target_prepositions", "topic_verbs", "mover_prepositions", "source_prepositions",
        "borders", "border_with", "place_verbs", "negations", "habitual", "dying", "collectives",
        "singular_articles", "frequent", "durative_since", "durative_over", "durative_units", "munitions", "neighbouring", "speaking")}
    return EventWords(
        **folded, lexicons=_lexicons(triggers),
        needs={name: frozenset(fold(w) for w in ws) for name, ws in triggers["needs"].items()},
        alleged=_words(data["alleged"]), not_events=_words(data["not_events"]),
        not_triggers={lang: frozenset(fold(w) for w in ws) for lang, ws in data["not_triggers"].items()},
        background_phrases=regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(fold(p)) for p in data["background_phrases"])
                                         + r")(?:\s+\S+){0,2}\s*$"),
        precedence=tuple(data["precedence"]), armed_types=frozenset(data["armed_actors"]["types"]),
        armed_descriptions=frozenset(f"desc:{fold(d)}" for d in data["armed_actors"]["descriptions"]),
        group_descriptions=frozenset(f"desc:{fold(d)}" for d in data["group_descriptions"]),
        passive_actors=frozenset(data["passive_actors"]),
        locative=frozenset(fold(w) for w in read_yaml("names.yaml")["locative"]),
        by_forces=frozenset(data["by_forces"]), mutual=frozenset(data["mutual"]), told_as_one=tuple((tuple(a), tuple(b)) for a, b in data["told_as_one"]),
        claim_sub_types=frozenset(data["claim_sub_types"]),
        time_units={fold(w): n for w, n in data["time_units"].items()},
        number_words={w: n for language in ("en", "fr") for w, n in number_words(language).words.items()}, topic_phrases=_words(data["topic_phrases"]))
