"""Numbers in a sentence, as intervals: digits ("1,000", "2 000", "2.000", "$6 million"), words
("four hundred", "thirty-five", "quelque deux cents", "quatre-vingt-dix", "a dozen"), vague quantities
("dozens of", "hundreds remain", "une quinzaine de") and the qualifiers before them ("about",
"at least", "plus de"). A word number counts when it counts something: it qualifies a noun, is
followed by "of"/"de", or stands as a noun phrase itself ("Seven were killed"). The words are data
(data/numbers.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from spacy.tokens import Span, Token

from ..datafiles import read_yaml
from .models import fold

_DIGITS = regex.compile(
    r"(?<![\w.,/-])(?P<cur>US\$|\$|€|£)?\s?(?P<num>\d{1,3}(?:(?:,|\u202f|\u00a0| )\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<scale>millions?|billions?|milliards?|bn)\b)?(?![\w/-]|[.,]\d)")
_RANGE_AFTER = regex.compile(r"^\s*(?:-|–|to|and|à|et|or)\s*(?:up to\s+)?(?P<num>\d[\d,]*)")
_SCALES = {"million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "milliard": 1e9, "milliards": 1e9, "bn": 1e9}
CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
YEAR = regex.compile(r"^(?:19|20)\d\d$")
_NOUN_PHRASE = ("nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj", "pobj", "conj", "appos", "attr", "obl", "obl:arg")
_JOINERS = frozenset({"-", "and", "et"})


@dataclass(frozen=True)
class NumberWords:
    words: dict[str, int]
    multipliers: frozenset[str]
    articles: frozenset[str]
    vague: dict[str, tuple[int | None, int | None]]
    qualifiers: tuple[tuple[str, str], ...]  # (phrase, kind), longest first
    measures: dict[str, tuple[str, str]]  # folded word -> (measure, unit)
    vague_re: regex.Pattern


@cache
def number_words(language: str) -> NumberWords:
    data = read_yaml("numbers.yaml")
    vague = {fold(k): tuple(v) for k, v in data["vague"].get(language, {}).items()}
    qualifiers = sorted(((fold(p), kind) for kind, phrases in data["qualifiers"].items() for p in phrases),
                        key=lambda q: len(q[0]), reverse=True)
    measures = {fold(w): (name, spec["unit"]) for name, spec in data["measures"].items() for w in spec["words"]}
    names = sorted(vague, key=len, reverse=True)
    vague_re = regex.compile(r"(?<!\w)(?P<v>" + "|".join(regex.escape(n) for n in names) + r")(?!\w)")
    return NumberWords({fold(k): v for k, v in data["words"].get(language, {}).items()},
                       frozenset(fold(w) for w in data["multipliers"]),
                       frozenset(fold(w) for w in data["articles"].get(language, [])), vague,
                       tuple(qualifiers), measures, vague_re)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    low: float | None
    high: float | None
    qualifier: str | None
    currency: str | None = None
    written: bool = False  # in words ("seven", "a dozen"), not digits


def numbers_in(sent: Span, base: int, words: NumberWords) -> list[Number]:
    """The numbers of a sentence whose text starts at `base` in the document, in order."""
    found: dict[int, Number] = {}
    folded = fold(sent.text)
    for number in _vague(sent, base, folded, words):
        found[number.start] = number
    for m in _DIGITS.finditer(sent.text):
        value = _value(m["num"], m["scale"])
        if value is None or (YEAR.match(m["num"]) and not m["cur"]):
            continue
        number = qualified(folded, m.start("cur") if m["cur"] else m.start("num"), m.end(), value, base, words)
        found.setdefault(number.start, Number(number.start, number.end, number.low, number.high, number.qualifier,
                                              CURRENCIES.get(m["cur"] or "")))
    for first, last, value in _worded(sent, words):
        start = base + first.idx - sent.start_char
        if any(n.start <= start < n.end for n in found.values()):
            continue
        local = first.idx - sent.start_char
        end = last.idx + len(last) - sent.start_char
        number = qualified(folded, local, end, float(value), base, words)
        found.setdefault(number.start, Number(number.start, number.end, number.low, number.high, number.qualifier,
                                              written=True))
    return [found[k] for k in sorted(found)]


def _vague(sent: Span, base: int, folded: str, words: NumberWords) -> list[Number]:
    """Vague quantities followed by "of"/"de", or standing as a noun phrase ("hundreds remain missing")."""
    out = []
    for m in words.vague_re.finditer(folded):
        after = folded[m.end():m.end() + 4]
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        head = span.root if span is not None and len(span) else None
        if regex.match(r"\s+(?:of|de|d')(?=\s|\w)", after) or head is not None and head.dep_ in _NOUN_PHRASE + ("nummod",):
            low, high = words.vague[m["v"]]
            out.append(Number(base + m.start(), base + m.end(), low, high, sent.text[m.start():m.end()], written=True))
    return out


def _worded(sent: Span, words: NumberWords) -> list[tuple[Token, Token, int]]:
    """Runs of number words that count something: (first token, last token, value)."""
    out = []
    i = sent.start
    while i < sent.end:
        run = _run(sent, i, words)
        if not run:
            i += 1
            continue
        first, last = run[0], run[-1]
        value = combined([fold(t.lower_) for t in run if fold(t.lower_) not in _JOINERS], words)
        following = last.nbor() if last.i + 1 < len(last.doc) else None
        counts = any(t.dep_ in ("nummod", "quantmod") for t in run) or last.dep_ in _NOUN_PHRASE \
            or last.dep_ in ("amod", "compound") and last.head.i > last.i and last.head.pos_ in ("NOUN", "PROPN", "ADJ") \
            or following is not None and fold(following.lower_) in ("of", "de", "d'")
        if value and counts and not (len(run) == 1 and fold(first.lower_) in words.articles):
            out.append((first, last, value))
        i = last.i + 1
    return out


def _run(sent: Span, i: int, words: NumberWords) -> list[Token]:
    """The number words from token i on ("four hundred and twenty", "thirty - five", "a dozen")."""
    doc = sent.doc
    run: list[Token] = []
    j = i
    while j < sent.end:
        word = fold(doc[j].lower_)
        known = _known(word, words)
        article = word in words.articles and j + 1 < sent.end and fold(doc[j + 1].lower_) in words.multipliers
        if known or (not run and article):
            run.append(doc[j])
        elif run and word in _JOINERS and j + 1 < sent.end and _known(fold(doc[j + 1].lower_), words):
            run.append(doc[j])
        else:
            break
        j += 1
    while run and fold(run[-1].lower_) in _JOINERS:
        run.pop()
    return run


def _known(word: str, words: NumberWords) -> bool:
    parts = [p for p in word.split("-") if p]
    return word in words.words or len(parts) > 1 and all(p in words.words for p in parts)


def combined(parts: list[str], words: NumberWords) -> int:
    """The value of number words in order: sums, with multipliers ("deux cents", "four hundred and
    twenty", "quatre-vingt-dix", "a dozen")."""
    values = [words.words.get(p, 1 if p in words.articles else 0) for part in parts for p in part.split("-") if p]
    names = [p for part in parts for p in part.split("-") if p]
    total = current = 0
    for name, value in zip(names, values):
        if name in words.multipliers and value < 1000:
            current = (current or 1) * value
        elif name in words.multipliers:
            total += (current or 1) * value
            current = 0
        elif value == 20 and current in (4,):  # quatre-vingt(s)
            current *= 20
        else:
            current += value
    return total + current


def _value(digits: str, scale: str | None) -> float | None:
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits) and not scale:
        digits = digits.replace(".", ",")  # "2.000": a thousands separator, as French and German write it
    cleaned = regex.sub(r"[,\u202f\u00a0 ]", "", digits) if regex.search(r"[,\u202f\u00a0 ]\d{3}\b", digits) else digits.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value * _SCALES.get((scale or "").lower(), 1)


def qualified(folded: str, local_start: int, local_end: int, value: float, base: int, words: NumberWords) -> Number:
    """The number at folded[local_start:local_end] with the qualifier before it, or the range it opens."""
    start, end = base + local_start, base + local_end
    before = folded[max(0, local_start - 24):local_start].rstrip()
    for phrase, kind in words.qualifiers:
        if before.endswith(phrase) and (len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum()):
            low, high = {"about": (value, value), "at_least": (value, None), "more_than": (value, None),
                         "at_most": (None, value), "less_than": (None, value)}[kind]
            gap = len(folded[max(0, local_start - 24):local_start]) - len(before)
            return Number(start - gap - len(phrase), end, low, high, phrase)
    if m := _RANGE_AFTER.match(folded[local_end:]):
        other = _value(m["num"], None)
        if other is not None and other > value and regex.search(r"(between|from|entre|de)\s*$", before):
            return Number(start, end + m.end(), value, other, None)
    return Number(start, end, value, value, None)
