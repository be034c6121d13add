"""Events in ACLED's taxonomy, one per trigger type and sentence, with their evidence.

For each sentence: 1. triggers (data/events.yaml) give a type and sub-type; 2. violent ones are
refined by who the victims are (civilians or armed); 3. a sentence that negates, plans or
imagines the event gives none; 4. actors are the named entities before the trigger, targets
those after; 5. the place is the most precise resolved place of the sentence, else of the
paragraph so far, else the document's main country; 6. the date is the sentence's temporal
expression, else the paragraph's last one before it, else the publication date (marked so), else the year of the latest date mentioned; 7. fatalities come from the sentence's
fatality figures; 8. "accused", "reportedly", "according to" make it alleged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex
from spacy.tokens import Span

from ..datafiles import read_yaml
from ..language.models import Chunk, fold
from ..records import Entity, Event, Figure, Mention, PlaceMention, TimeSpan

VIOLENT = frozenset({"battles", "violence_against_civilians"})


@dataclass(frozen=True)
class EventWords:
    single: dict[str, tuple[str, str]]  # folded lemma -> (type, sub_type)
    phrases: regex.Pattern | None
    phrase_types: dict[str, tuple[str, str]]
    civilians: frozenset[str]
    armed: frozenset[str]
    alleged: regex.Pattern
    not_events: regex.Pattern


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
                      _words(data["alleged"]), _words(data["not_events"]))


def find_events(text: str, chunks: list[Chunk], *, mentions: list[Mention], entities: list[Entity],
                places: list[PlaceMention], times: list[TimeSpan], figures: list[Figure],
                published: str | None, reference: str | None = None) -> list[Event]:
    words = event_words()
    names = {e.key: e.name for e in entities}
    country = _main_country(places)
    events = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            start, end = chunk.offset + sent.start_char, chunk.offset + sent.end_char
            dates = [(t.start - start, t.end - start) for t in times if start <= t.start < end]
            folded = _blank(fold(sent.text), dates)  # "May 27" is a date, not a modal
            if words.not_events.search(folded):
                continue
            seen: set[tuple[str, str]] = set()
            for (trigger_kind, sub_type), at in _triggers(sent, folded, words, dates).items():
                kind = _refine(trigger_kind, folded[at:], words)
                if kind != trigger_kind:
                    sub_type = {"battles": "armed_clash", "violence_against_civilians": "attack"}[kind]
                if (kind, sub_type) in seen:
                    continue
                seen.add((kind, sub_type))
                events.append(Event(
                    start, end, text[start:end], kind, sub_type,
                    *_participants(mentions, names, start, end, start + at),
                    _place(places, start, end, text) or country,
                    *_when(times, start, end, published, reference, text.rfind("\n", 0, start) + 1),
                    *_fatalities(figures, start, end),
                    bool(words.alleged.search(folded))))
    return events


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def _triggers(sent: Span, folded: str, words: EventWords,
              dates: list[tuple[int, int]]) -> dict[tuple[str, str], int]:
    """The first trigger of each (type, sub-type) in the sentence, by character offset in it;
    words inside a date ("March 2") are not triggers."""
    found: dict[tuple[str, str], int] = {}
    for token in sent:
        at = token.idx - sent.start_char
        if token.pos_ in ("VERB", "NOUN", "PROPN") and not any(s <= at < e for s, e in dates):
            hit = words.single.get(fold(token.lemma_)) or words.single.get(fold(token.lower_))
            if hit:
                found.setdefault(hit, token.idx - sent.start_char)
    if words.phrases is not None:
        for m in words.phrases.finditer(folded):
            found.setdefault(words.phrase_types[m.group()], m.start())
    return found


def _refine(kind: str, after: str, words: EventWords) -> str:
    """A violent event against civilians, or between armed groups, by who the victims are."""
    if kind not in VIOLENT:
        return kind
    tokens = regex.findall(r"\w+", after)
    civilians = sum(t in words.civilians for t in tokens)
    armed = sum(t in words.armed for t in tokens)
    if civilians and not armed:
        return "violence_against_civilians"
    if armed and not civilians:
        return "battles"
    return kind


def _participants(mentions: list[Mention], names: dict[str, str], start: int, end: int,
                  trigger: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    inside = [m for m in mentions if start <= m.start < end and m.label != "NORP"
              and (m.label not in ("GPE", "LOC", "FAC") or m.entity_key.startswith("actor:"))]
    before = tuple(dict.fromkeys(names.get(m.entity_key, m.text) for m in inside if m.start < trigger))
    after = tuple(dict.fromkeys(names.get(m.entity_key, m.text) for m in inside if m.start >= trigger))
    return before, after


def _place(places: list[PlaceMention], start: int, end: int, text: str) -> PlaceMention | None:
    """The most precise resolved place of the sentence, else the last one earlier in its paragraph."""
    here = [p for p in places if start <= p.start < end and p.geonames_id is not None]
    if here:
        return min(here, key=lambda p: (p.precision or 9, p.start))
    paragraph = text.rfind("\n", 0, start) + 1
    earlier = [p for p in places if paragraph <= p.start < start and p.geonames_id is not None]
    return earlier[-1] if earlier else None


def _main_country(places: list[PlaceMention]) -> PlaceMention | None:
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return next((p for p in places if p.kind == "country" and p.country == top), None)


def _when(times: list[TimeSpan], start: int, end: int, published: str | None, reference: str | None,
          paragraph: int) -> tuple[str | None, str | None, str]:
    """The sentence's date, else the last date earlier in its paragraph; else the publication date
    (precision "publication"); else the year of the latest date the article mentions, the
    coarsest sure precision; else unknown."""
    dated = [t for t in times if start <= t.start < end and t.date_start]
    earlier = [t for t in times if paragraph <= t.start < start and t.date_start]
    if dated or earlier:
        chosen = dated[0] if dated else earlier[-1]
        return chosen.date_start, chosen.date_end, chosen.precision
    if published:
        return published, published, "publication"
    if reference:
        return f"{reference[:4]}-01-01", f"{reference[:4]}-12-31", "year"
    return None, None, "unknown"


def _fatalities(figures: list[Figure], start: int, end: int) -> tuple[int | None, int | None]:
    deaths = [f for f in figures if f.start == start and f.measure == "fatalities"]
    if not deaths:
        return None, None
    f = deaths[0]
    low = f.value_low if f.value_low is not None else 0
    return int(low), None if f.value_high is None else int(f.value_high)
