"""The shape of a name the tagger found: what of its span is the name, and whether a capital
makes it one at all.

1. whitespace and line breaks around it are not part of it ("Synopsis\\n"), nor a quotation or
   a bracket opened after it ("Koro(Photo"); a span over a line break holds the names of two lines;
2. a list the tagger took for one name is its names ("Kherson, Mykolaiv and Kharkiv");
3. a word for an administrative unit before it is not part of it ("département du Mayo Sava",
   "canton Koza": Mayo Sava, Koza), and a person's name does not end with one ("Borno State"
   is a place);
4. a name glued by a hyphen to a lower-case word after it is a modifier, not a mention
   ("UN-backed"); a bound prefix makes it a description ("pro-Kremlin": those for it);
5. a capital that the word's position explains (the start of a sentence or a line, a headline
   in title case) makes no name of a word of the language ("Shelling", "Attaques");
6. in English, a lower-case word between capitalised ones ends a name ("Ministry of Water
   spokesperson Ali Musa": two names, the second a person's);
7. a word for a direction or a kind of place names none ("the West", "l'Ouest du Niger",
   "Secretary of State"), unless a word for a region says it is one ("la région de l'Ouest").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from ..datafiles import read_yaml
from .models import common_word, fold

_OPENERS = "\"'“‘«([—–-•*·"
_SENTENCE_ENDS = ".!?:;…"
_POSSESSIVE = regex.compile(r"['’]s?$")
_LIST = regex.compile(r",\s+(?:(?:and|et|or|ou)\s+)?|\s+(?:and|et)\s+")


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    label: str


@cache
def _unit_words() -> tuple[regex.Pattern, regex.Pattern, frozenset[str]]:
    data = read_yaml("names.yaml")
    units = sorted({fold(w) for w in data["region_words"]}, key=len, reverse=True)
    settlements = {fold(w) for w in read_yaml("name_words.yaml")["settlements"]}
    words = "|".join(regex.escape(w) for w in sorted(settlements | set(units), key=len, reverse=True))
    before = regex.compile(rf"(?:{words})\s+(?:de\s+l'|d'|(?:of\s+the|of|du|de\s+la|des|de)\s+)?")
    prefixes = "|".join(regex.escape(p) for p in data["prefixes"])
    prefix = regex.compile(rf"(?<![\w-])(?:{prefixes})-(?=\p{{Lu}}|$)", regex.I)
    return before, prefix, frozenset(units)


@cache
def organisation_heads() -> frozenset[str]:
    """Head nouns of organisations' names (name_words.yaml): "Alliance", "Ministry", "Front"."""
    return frozenset(fold(w) for w in read_yaml("name_words.yaml")["organisation_heads"])


@cache
def joining_words() -> frozenset[str]:
    """Lower-case words that names hold between their capitalised words (name_words.yaml)."""
    return frozenset(fold(w) for w in read_yaml("name_words.yaml")["joining_words"])


@cache
def _peoples() -> frozenset[str]:
    return frozenset(fold(w) for w in read_yaml("name_words.yaml")["peoples"])


def names_a_people(word: str) -> bool:
    """"Fulani", "Hutu": a people or a community, which like a demonym names no one by itself."""
    return fold(word) in _peoples()


@cache
def _name_words() -> tuple[regex.Pattern, regex.Pattern]:
    data = read_yaml("names.yaml")
    titles = sorted((fold(t) for t in data["titles"]), key=len, reverse=True)
    title = regex.compile(r"^(?:(?:" + "|".join(regex.escape(t) for t in titles) + r")\.?\s+)+")
    forms = {form for w in data["leading_words"] for form in (w, w.capitalize())}  # not "UN", the acronym
    leading = regex.compile(r"^(?:" + "|".join(regex.escape(w) for w in sorted(forms, key=len, reverse=True))
                            + r")(?:\s+|(?<=')|(?<=’))")
    return title, leading


def is_title(word: str) -> bool:
    title, _ = _name_words()
    return bool(title.fullmatch(fold(word).rstrip(".") + " "))


def strip_name(text: str, *, person: bool) -> tuple[int, int]:
    """How many characters of a name's surface form to drop at the start (articles, and for a
    person titles and ranks) and at the end (a possessive)."""
    title, leading = _name_words()
    head = 0
    while found := (leading.match(text[head:]) or (person and title.match(fold(text[head:])))):
        if found.end() == 0 or head + found.end() >= len(text):
            break
        head += found.end()
    possessive = _POSSESSIVE.search(text)
    tail = len(possessive.group()) if possessive and len(text) - len(possessive.group()) > head else 0
    return head, tail


def name_spans(text: str, start: int, end: int, label: str, *, language: str = "en") -> Iterator[NameSpan]:
    """The names within a span the tagger labelled, trimmed of what is not part of them."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if quote := regex.search(r"\s+[‘“«\"']|(?<=\w)\s*\(", text[start:end]):
        end = start + quote.start()  # a name does not run into a quotation or a bracket ("Tankoualou ‘Province")
    surface = text[start:end]
    if "\n" in surface:  # "Name\n\nNext": the names of two lines, never one
        for line in regex.finditer(r"[^\n]+", surface):
            yield from name_spans(text, start + line.start(), start + line.end(), label, language=language)
        return
    if _modifier(text, start, end):
        return
    if (stance := _stance(text, start)) is not None:
        yield NameSpan(stance, end, "DESC")
        return
    parts = _LIST.split(surface) if "," in surface else [surface]
    if len(parts) > 1 and not all(p[:1].isupper() for p in parts):
        parts = [surface]
    at = start
    for part in parts:
        at = text.index(part, at)
        names = _lower_case_cut(text, at, at + len(part), label) if language == "en" else [NameSpan(at, at + len(part), label)]
        for name in names:
            yield from _unit_trimmed(text, name.start, name.end, name.label)
        at += len(part)


def _lower_case_cut(text: str, start: int, end: int, label: str) -> Iterator[NameSpan]:
    """An English name has no lower-case word between its capitalised ones but function words
    ("Ministry of Water", "Doctors without Borders"): a span the tagger ran over one ("the Ministry of Water spokesperson
    Ali Musa") holds the names on either side of it, and a name after a title or a role
    ("spokesperson") is a person's. A lower-case word at its end stays ("Lido beach")."""
    words = list(regex.finditer(r"\S+", text[start:end]))
    capitalised = [i for i, w in enumerate(words) if w.group()[:1].isupper()]
    if not capitalised:
        yield NameSpan(start, end, label)
        return
    run: list[regex.Match] = []
    before = ""
    for i, word in enumerate([*words, None]):
        if word is not None and not (capitalised[0] < i < capitalised[-1] and word.group().isalpha()
                                     and word.group().islower() and word.group() not in STOP_WORDS
                                     and fold(word.group()) not in joining_words()):
            run.append(word)
            continue
        while run and fold(run[-1].group()) in joining_words():
            run.pop()
        if run:
            yield NameSpan(start + run[0].start(), start + run[-1].end(), "PERSON" if is_title(before) else label)
        run, before = [], word.group() if word is not None else ""


def _unit_trimmed(text: str, start: int, end: int, label: str) -> Iterator[NameSpan]:
    before, _, units = _unit_words()
    m = before.match(fold(text[start:end]))
    if m and label in ("GPE", "LOC", "FAC") and start + m.end() < end and text[start + m.end()].isupper():
        yield NameSpan(start + m.end(), end, "LOC")
    elif label == "PERSON" and len(text[start:end].split()) > 1 and fold(text[start:end].split()[-1]) in units:
        yield NameSpan(start, end, "LOC")
    elif label == "PERSON" and any(w[:1].isupper() and fold(w) in organisation_heads() for w in text[start:end].split()):
        yield NameSpan(start, end, "ORG")  # "Kura People's Defence Force", "Bureau de coordination"
    else:
        yield NameSpan(start, end, label)


def _modifier(text: str, start: int, end: int) -> bool:
    """"UN-backed", "Paris-based": a name glued to a lower-case word after it by a hyphen."""
    return bool(regex.match(r"-\p{Ll}", text[end:end + 2]))


def _stance(text: str, start: int) -> int | None:
    """Where "pro-Kremlin", "anti-junta" starts when the name at `start` has a bound prefix (in
    its span or before it): a description of those for or against it, not a mention of it."""
    _, prefix, _ = _unit_words()
    if prefix.match(text, start):
        return start
    before = prefix.search(text[max(0, start - 8):start])
    return max(0, start - 8) + before.start() if before else None


@cache
def _direction_words() -> frozenset[str]:
    compass = read_yaml("subdivision_names.yaml")["compass"]
    return frozenset(fold(w) for w in (*read_yaml("names.yaml")["not_places"], *compass, *compass.values()))


def names_a_direction(text: str, start: int, end: int) -> bool:
    """"the West", "l'Ouest du Niger", "North-east", "State": words for a direction or a kind of
    place, which name none by themselves, unless a word for a region says it is one ("la région
    de l'Ouest")."""
    words = regex.split(r"[\s-]+", fold(text[start:end]))
    if not all(w in _direction_words() for w in words):
        return False
    units = "|".join(regex.escape(u) for u in sorted(_unit_words()[2], key=len, reverse=True))
    return not regex.search(rf"(?:{units})\s+(?:(?:of|de)\s+(?:the|la)|du|de|of)?\s*(?:l['’])?\s*$",
                            fold(text[max(0, start - 30):start])) \
        and not regex.match(rf"\s+(?:{units})(?!\w)", fold(text[end:end + 30]))


def by_position(text: str, at: int) -> bool:
    """A capital at `at` that its position explains: the start of the text, a line or a sentence
    (after any opening quote or bracket), or a word of a title-case line."""
    i = at
    while i > 0 and (text[i - 1] in " \t" or text[i - 1] in _OPENERS):
        i -= 1
    if i == 0 or text[i - 1] == "\n" or text[i - 1] in _SENTENCE_ENDS:
        return True
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    words = regex.findall(r"\p{L}{4,}", text[line_start:line_end if line_end >= 0 else len(text)])
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def capitalised_by_position(name: str, text: str, language: str) -> bool:
    """A name made of words of the language, capitalised (not written in capitals: "GAO" is an
    acronym or a dateline) only where position explains it:
    every time it is written so, it starts a sentence, a line or a title-case line ("Shelling
    continued", "Attaques dans le nord")."""
    words = [w.strip(".,'’") for w in name.split()]
    if not words or len(words) > 3 or not all(w[:1].isupper() and w[1:].islower() and common_word(w, language)
                                              for w in words):
        return False
    found = [m.start() for m in regex.finditer(rf"(?<!\w){regex.escape(name)}(?!\w)", text)]
    return bool(found) and all(by_position(text, at) for at in found)
