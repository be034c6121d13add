"""Figures: numbers stated as facts, with the interval they stand for, what was counted, who says
so and when. "about 1,000 Russian officials" (1000, about), "as many as 456 civilians" (at most
456), "more than 3,000" (at least 3000), "$10.8 million", "a pair of helicopters" (2), "several
hundred", "dozens", "quelque 300 civils", "plus de 500 personnes", "1 000".

Number words, vague quantities, qualifiers and the nouns that name a measure are data
(data/numbers.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from spacy.tokens import Span, Token

from ..datafiles import read_yaml
from ..records import Figure, Mention, Quote, TimeSpan
from .models import Chunk, fold

_DIGITS = regex.compile(
    r"(?<![\w.,/-])(?P<cur>US\$|\$|€|£)?\s?(?P<num>\d{1,3}(?:(?:,|\u202f|\u00a0| )\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<scale>millions?|billions?|milliards?|bn)\b)?(?![\w/-]|[.,]\d)")
_RANGE_AFTER = regex.compile(r"^\s*(?:-|–|to|and|à|et|or)\s*(?:up to\s+)?(?P<num>\d[\d,]*)")
_SCALES = {"million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "milliard": 1e9, "milliards": 1e9, "bn": 1e9}
_CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
FATAL = {"kill", "killing", "execution", "die", "execute", "massacre", "slaughter", "murder", "behead", "tuer", "mourir", "exécuter",
          "massacrer", "périr", "assassiner", "dead", "death"}
_INJURE = {"injure", "wound", "blesser"}
_DISPLACE = {"displace", "flee", "déplacer", "fuir"}
_ABDUCT = {"abduct", "kidnap", "enlever", "kidnapper", "miss"}
_YEAR = regex.compile(r"^(?:19|20)\d\d$")
PEOPLE_MEASURES = {"fatalities", "injured", "displaced", "missing", "personnel"}


@dataclass(frozen=True)
class NumberWords:
    words: dict[str, int]
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
    vague_re = regex.compile(r"(?<!\w)(?P<v>" + "|".join(regex.escape(n) for n in names) + r")\s+(?:of|de|d')(?=\s|\w)")
    return NumberWords({fold(k): v for k, v in data["words"].get(language, {}).items()}, vague,
                       tuple(qualifiers), measures, vague_re)


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    low: float | None
    high: float | None
    qualifier: str | None
    currency: str | None = None


def find_figures(text: str, chunks: list[Chunk], *, times: list[TimeSpan], quotes: list[Quote],
                 mentions: list[Mention], language: str, published: str | None) -> list[Figure]:
    words = number_words(language)
    blocked = [(t.start, t.end) for t in times] + [(m.start, m.end) for m in mentions if m.label != "DESC"]
    figures = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            base = chunk.offset + sent.start_char
            for number in _numbers(sent, base, words):
                if any(s < number.end and number.start < e for s, e in blocked):
                    continue
                figure = _figure(text, sent, chunk.offset, number, words, times, quotes, published)
                if figure is not None:
                    figures.append(figure)
    return figures


def _numbers(sent: Span, base: int, words: NumberWords) -> list[_Number]:
    found: dict[int, _Number] = {}
    folded = fold(sent.text)
    for m in words.vague_re.finditer(folded):
        low, high = words.vague[m["v"]]
        found[base + m.start()] = _Number(base + m.start(), base + m.end("v"), low, high, sent.text[m.start():m.end("v")])
    for m in _DIGITS.finditer(sent.text):
        value = _value(m["num"], m["scale"])
        if value is None or (_YEAR.match(m["num"]) and not m["cur"]):
            continue
        start, end = base + m.start(), base + m.end()
        number = _qualified(folded, m.start(), m.end(), value, start, end, words)
        found.setdefault(start, _Number(number.start, number.end, number.low, number.high, number.qualifier,
                                        _CURRENCIES.get(m["cur"] or "")))
    for token in sent:
        if token.is_digit or not token.like_num or fold(token.text) not in words.words:
            continue
        if token.dep_ != "nummod" and not (token.i + 1 < len(token.doc) and token.nbor().lower_ in ("of", "de")):
            continue
        start = base + token.idx - sent.start_char
        if any(n.start <= start < n.end for n in found.values()):
            continue
        value = float(words.words[fold(token.text)])
        local = token.idx - sent.start_char
        found.setdefault(start, _qualified(folded, local, local + len(token), value, start, start + len(token), words))
    return [found[k] for k in sorted(found)]


def _value(digits: str, scale: str | None) -> float | None:
    cleaned = regex.sub(r"[,\u202f\u00a0 ]", "", digits) if regex.search(r"[,\u202f\u00a0 ]\d{3}\b", digits) else digits.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value * _SCALES.get((scale or "").lower(), 1)


def _qualified(folded: str, local_start: int, local_end: int, value: float, start: int, end: int,
               words: NumberWords) -> _Number:
    before = folded[max(0, local_start - 24):local_start].rstrip()
    for phrase, kind in words.qualifiers:
        if before.endswith(phrase) and (len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum()):
            low, high = {"about": (value, value), "at_least": (value, None), "more_than": (value, None),
                         "at_most": (None, value), "less_than": (None, value)}[kind]
            return _Number(start - (len(folded[max(0, local_start - 24):local_start]) - len(before)) - len(phrase),
                           end, low, high, phrase)
    if m := _RANGE_AFTER.match(folded[local_end:]):
        other = _value(m["num"], None)
        if other is not None and other > value and regex.search(r"(between|from|entre|de)\s*$", before):
            return _Number(start, end + m.end(), value, other, None)
    return _Number(start, end, value, value, None)


def _figure(text: str, sent: Span, offset: int, number: _Number, words: NumberWords, times: list[TimeSpan],
            quotes: list[Quote], published: str | None) -> Figure | None:
    token = sent.doc.char_span(number.start - offset, number.end - offset, alignment_mode="expand")
    noun = _counted_noun(token[-1]) if token is not None and len(token) else None
    measure, unit = _measure(noun, number, words)
    if measure is None:
        return None
    start, end = offset + sent.start_char, offset + sent.end_char
    return Figure(start, end, text[start:end], text[number.start:number.end], number.low, number.high, unit,
                  number.qualifier, measure, _subject(noun), _attributed(number.start, start, end, quotes),
                  _date(start, end, times, published))


def _counted_noun(token: Token) -> Token | None:
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return token.head
    for following in token.doc[token.i + 1: token.i + 5]:
        if following.pos_ in ("NOUN", "PROPN"):
            return following
        if following.pos_ not in ("ADP", "ADJ", "DET", "NUM", "PUNCT", "CCONJ", "SYM"):
            break
    return None


def _measure(noun: Token | None, number: _Number, words: NumberWords) -> tuple[str | None, str | None]:
    if number.currency:
        return "money", number.currency
    if noun is None:
        return "count", None
    lemma = fold(noun.lemma_)
    for key in (fold(noun.text), lemma):
        if key in words.measures:
            measure, unit = words.measures[key]
            if measure == "money":
                return measure, noun.text
            if measure not in PEOPLE_MEASURES:
                return measure, unit or noun.text.lower()
            break
    # "people killed", "hundreds of people killed", "killing of 35 people"; the nearest word decides
    # ("one was killed and three others were wounded": three wounded)
    for t in (noun, noun.head, noun.head.head):
        governing = {fold(t.lemma_)} | {fold(c.lemma_) for c in t.children if c.dep_ in ("amod", "acl")}
        for lemmas, measure in ((FATAL, "fatalities"), (_INJURE, "injured"), (_DISPLACE, "displaced"), (_ABDUCT, "missing")):
            if governing & lemmas:
                return measure, "people"
    key = fold(noun.text)
    if key in words.measures:
        return words.measures[key][0], words.measures[key][1] or key
    return "count", noun.text.lower()


def _subject(noun: Token | None) -> str | None:
    if noun is None:
        return None
    doc = noun.doc
    first = noun.i
    while first > noun.left_edge.i and doc[first - 1].dep_ in ("amod", "compound") and doc[first - 1].pos_ != "NUM":
        first -= 1
    return doc[first:noun.i + 1].text


def _attributed(at: int, sent_start: int, sent_end: int, quotes: list[Quote]) -> str | None:
    holding = [q for q in quotes if q.start <= at < q.end and q.speaker]
    if holding:
        return holding[0].speaker
    same = [q for q in quotes if q.start < sent_end and sent_start < q.end and q.speaker]
    return same[0].speaker if same else None


def _date(start: int, end: int, times: list[TimeSpan], published: str | None) -> str | None:
    for span in times:
        if start <= span.start < end and span.date_start:
            return span.date_start[: {"day": 10, "week": 10, "month": 7}.get(span.precision, 4)]
    return published
