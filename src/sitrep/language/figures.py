"""Figures: numbers stated as facts, with the interval they stand for, what was counted, who says
so and when. "about 1,000 Russian officials" (1000, about), "as many as 456 civilians" (at most
456), "more than 3,000" (at least 3000), "$10.8 million", "a pair of helicopters" (2), "several
hundred", "dozens", "quelque deux cents civils", "plus de 500 personnes", "1 000", "Seven were killed".

Ages ("âgé de 37 ans", "aged 40") are figures of their own measure. Not figures: times of day ("8 in
the morning", "vers 23 heures"), "one of …", a count that modifies a noun ("a nine-story building"), a small number after a definite
article that refers back ("the two sides"), one person who is not a toll ("one diplomat said"), and
a headline's or a summary bullet's figure that the body states again. Who says so: the speaker of
the quotation or statement that holds the number, else of one in its sentence, else, for a
sentence that refers back ("This brings the toll to …"), the previous sentence's speaker.

Number words, vague quantities, qualifiers, measure nouns, clock and age words are data
(data/numbers.yaml); numbers are read in numbers.py.
"""

from __future__ import annotations

from functools import cache

import regex
from spacy.tokens import Span, Token

from ..datafiles import read_yaml
from ..records import Figure, Mention, Quote, TimeSpan
from .models import Chunk, fold
from .numbers import Number, NumberWords, number_words, numbers_in

__all__ = ["FATAL", "find_figures", "number_words"]

FATAL = {"kill", "killing", "execution", "die", "execute", "massacre", "slaughter", "murder", "behead", "tuer", "mourir", "exécuter",
          "massacrer", "périr", "assassiner", "dead", "death", "perish", "succumb", "succomber", "décéder"}
_INJURE = {"injure", "wound", "blesser"}
_DISPLACE = {"displace", "flee", "déplacer", "fuir"}
_ABDUCT = {"abduct", "kidnap", "enlever", "kidnapper", "miss", "missing"}
PEOPLE_MEASURES = {"fatalities", "injured", "displaced", "missing", "personnel"}
_TOLLS = {"fatalities", "injured", "displaced", "missing"}
_DEFINITE = frozenset({"the", "these", "those", "its", "their", "both", "les", "ces", "leurs", "ses", "this", "that"})
_REFERS_BACK = frozenset({"this", "that", "these", "it", "ce", "cela", "ceci", "ça", "il", "elle"})
_BULLET = regex.compile(r"^\s*(?:[-•*–]|\d+[.)])\s")


@cache
def _context_words(language: str) -> dict[str, tuple[str, ...]]:
    data = read_yaml("numbers.yaml")
    return {"clock_after": tuple(fold(w) for w in data["clock"]["after"]),
            "hours": tuple(fold(w) for w in data["clock"]["hours"]),
            "clock_before": tuple(fold(w) for w in data["clock"]["before"]),
            "age_before": tuple(fold(w) for w in data["ages"]["before"]),
            "age_after": tuple(fold(w) for w in data["ages"]["after"]),
            "age_apposition": tuple(fold(w) for w in data["ages"]["apposition"]),
            "sequence": tuple(fold(w) for w in data["sequence"].get(language, []))}


def find_figures(text: str, chunks: list[Chunk], *, times: list[TimeSpan], quotes: list[Quote],
                 mentions: list[Mention], language: str, published: str | None,
                 title: str | None = None) -> list[Figure]:
    words = number_words(language)
    blocked = [(t.start, t.end) for t in times] + [(m.start, m.end) for m in mentions
                                                   if m.label != "DESC" and fold(m.text) not in words.words]
    figures = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            base = chunk.offset + sent.start_char
            for number in numbers_in(sent, base, words) + _tolls_of_one(sent, base, words):
                if any(s < number.end and number.start < e for s, e in blocked) or _not_a_count(text, number, language):
                    continue
                figure = _figure(text, sent, chunk.offset, number, words, times, quotes, published)
                if figure is not None:
                    figures.append(figure)
    return _without_repeats(text, figures, title)


def _not_a_count(text: str, number: Number, language: str) -> bool:
    """A time of day, a note's number, "no one" or "one of"."""
    context = _context_words(language)
    before = fold(text[max(0, number.start - 24):number.start]).rstrip()
    after = fold(text[number.end:number.end + 24]).lstrip(" -")
    if _starts(after, context["clock_after"]) or regex.match(r"^(?::|h)\d\d\b", after):
        return True
    if _starts(after, context["hours"]) and _ends(before, context["clock_before"]):
        return True
    if before.endswith("[") and after.startswith("]") or number.low == number.high == 1 and _ends(before, ("no",)):
        return True  # a note's number ("[1]"), "no one"
    return number.low == number.high == 1 and regex.match(r"^(?:of|d'entre|des)\s", after) is not None


def _is_age(text: str, number: Number, language: str) -> bool:
    """"aged 40", "âgé de 37 ans", "12 years old", "X, 68 ans, …"."""
    context = _context_words(language)
    before = fold(text[max(0, number.start - 24):number.start]).rstrip()
    after = fold(text[number.end:number.end + 24]).lstrip(" -")
    return _ends(before, context["age_before"]) or _starts(after, context["age_after"]) \
        or before.endswith(",") and regex.match(rf"^(?:{'|'.join(map(regex.escape, context['age_apposition']))})\s*[,)]", after) is not None


def _starts(text: str, phrases: tuple[str, ...]) -> bool:
    return any(text.startswith(p) and (len(text) == len(p) or not text[len(p)].isalnum()) for p in phrases)


def _ends(text: str, phrases: tuple[str, ...]) -> bool:
    return any(text.endswith(p) and (len(text) == len(p) or not text[-len(p) - 1].isalnum()) for p in phrases)


def _tolls_of_one(sent: Span, base: int, words: NumberWords) -> list[Number]:
    """"A peacekeeper was killed", "un soldat a été tué": an article before the person a verb of
    death, injury or abduction is said of is a toll of one."""
    out = []
    for token in sent:
        noun = token.head
        if fold(token.lower_) in words.articles and token.dep_ in ("det", "nummod") and noun.dep_ in ("nsubjpass", "nsubj:pass") \
                and fold(noun.head.lemma_) in FATAL | _INJURE | _ABDUCT \
                and not any(fold(c.lower_) in ("of", "de", "d'") for c in noun.children):  # "a total of 189"
            out.append(Number(base + token.idx - sent.start_char, base + token.idx - sent.start_char + len(token),
                              1, 1, None, written=True))
    return out


def _figure(text: str, sent: Span, offset: int, number: Number, words: NumberWords, times: list[TimeSpan],
            quotes: list[Quote], published: str | None) -> Figure | None:
    span = sent.doc.char_span(number.start - offset, number.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return None
    noun = _counted_noun(span[-1])
    measure, unit = ("age", "years") if _is_age(text, number, sent.doc.lang_) else _measure(noun, span[-1], number, words)
    if measure is None or _refers_back(span, number, measure) or _modifier(span[-1], measure) \
            or number.low == number.high == 1 and number.written and measure not in _TOLLS:
        return None
    start, end = offset + sent.start_char, offset + sent.end_char
    return Figure(start, end, text[start:end], text[number.start:number.end], number.low, number.high, unit,
                  number.qualifier, measure, _subject(noun), _source(text, number.start, start, end, quotes),
                  _date(start, end, times, published))


def _refers_back(span: Span, number: Number, measure: str) -> bool:
    """"The two sides", "les deux pays": a small number in words after a definite determiner names
    what the text spoke of before; it counts nothing new."""
    i = span[0].i - 1
    while i > 0 and fold(span.doc[i].lower_) in _context_words(span.doc.lang_)["sequence"]:
        i -= 1  # "the last three months", "the first two days"
    return number.written and (number.high or 0) <= 10 and measure in ("count", "duration") and i >= 0 \
        and fold(span.doc[i].lower_) in _DEFINITE


def _modifier(last: Token, measure: str) -> bool:
    """A count joined to a noun by a hyphen that describes another noun ("a nine-story building")."""
    doc = last.doc
    return measure == "count" and last.i + 2 < len(doc) and doc[last.i + 1].text == "-" \
        and not doc[last.i + 1].whitespace_ and doc[last.i + 2].dep_ in ("compound", "amod", "npadvmod", "nmod")


def _without_repeats(text: str, figures: list[Figure], title: str | None) -> list[Figure]:
    """A figure of the headline or of a summary bullet that the body states again is the body's."""
    at = text.find(title, 0, 2000) if title else -1
    headline = (at, at + len(title)) if at >= 0 and title else (0, 0)

    def summary(f: Figure) -> bool:
        line_start = text.rfind("\n", 0, f.start) + 1
        return headline[0] <= f.start < headline[1] or bool(_BULLET.match(text[line_start:line_start + 6]))
    body = {(f.value_low, f.value_high) for f in figures if not summary(f)}
    return [f for f in figures if not (summary(f) and (f.value_low, f.value_high) in body)]


def _counted_noun(token: Token) -> Token | None:
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_ \
            and doc[token.i + 2].pos_ == "NOUN":
        return doc[token.i + 2]  # "a two-year conflict", "a nine-story building"
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return token.head
    for following in token.doc[token.i + 1: token.i + 5]:
        if following.pos_ in ("NOUN", "PROPN"):
            return following
        if following.pos_ not in ("ADP", "ADJ", "DET", "NUM", "PUNCT", "CCONJ", "SYM"):
            break
    return None


def _measure(noun: Token | None, last: Token, number: Number, words: NumberWords) -> tuple[str | None, str | None]:
    if number.currency:
        return "money", number.currency
    if noun is None:  # "Seven were killed", "injured seven": the verb says what they count
        return _toll(last) or ("count", None)
    lemma = fold(noun.lemma_)
    for key in (fold(noun.text), lemma):
        if key in words.measures:
            measure, unit = words.measures[key]
            if measure == "money":
                return measure, noun.text
            if measure not in PEOPLE_MEASURES:
                return measure, unit or noun.text.lower()
            break
    toll = _toll(noun)
    if toll is not None:
        return toll
    key = fold(noun.text)
    if key in words.measures:
        return words.measures[key][0], words.measures[key][1] or key
    return "count", noun.text.lower()


def _toll(word: Token) -> tuple[str, str] | None:
    """"people killed", "hundreds of people killed", "killing of 35 people", "hundreds remain missing",
    "killing dozens of people": the nearest word decides ("one was killed and three others were
    wounded": three wounded)."""
    above = [word, word.head, word.head.head]
    if word.head.lower_ in ("of", "de", "d'"):  # "dozens of people": the quantity's own head
        above.append(word.head.head.head)
    for t in above:
        governing = {fold(t.lemma_)} | {fold(c.lemma_) for c in t.children if c.dep_ in ("amod", "acl", "acomp", "xcomp")}
        for lemmas, measure in ((FATAL, "fatalities"), (_INJURE, "injured"), (_DISPLACE, "displaced"), (_ABDUCT, "missing")):
            if governing & lemmas:
                return measure, "people"
        phrase = light_verb(t)
        if phrase is not None:
            return phrase, "people"
    return None


def light_verb(verb: Token) -> str | None:
    """The measure a verb and its object say together ("lost their lives", "ont perdu la vie")."""
    phrases = _phrases()
    return next((phrases[(fold(verb.lemma_), fold(c.lemma_))] for c in verb.children
                 if c.dep_ in ("dobj", "obj") and (fold(verb.lemma_), fold(c.lemma_)) in phrases), None)


@cache
def _phrases() -> dict[tuple[str, str], str]:
    return {(fold(verb), fold(noun)): measure for measure, pairs in read_yaml("numbers.yaml")["phrases"].items()
            for verb, noun in pairs}


def _subject(noun: Token | None) -> str | None:
    if noun is None:
        return None
    doc = noun.doc
    first = noun.i
    while first > noun.left_edge.i and doc[first - 1].dep_ in ("amod", "compound") and doc[first - 1].pos_ != "NUM":
        first -= 1
    return doc[first:noun.i + 1].text


def _source(text: str, at: int, sent_start: int, sent_end: int, quotes: list[Quote]) -> str | None:
    """Who says so: the speaker of the quotation or statement holding the number, else of one in
    its sentence, else, when the sentence refers back ("This brings …"), of the sentence before it
    in its paragraph."""
    said = [q for q in quotes if q.speaker]
    holding = [q for q in said if q.start <= at < q.end]
    if holding:
        return holding[0].speaker
    same = [q for q in said if q.start < sent_end and sent_start < q.end]
    if same:
        return same[0].speaker
    first_word = fold(text[sent_start:sent_start + 12]).split(" ")[0]
    paragraph = text.rfind("\n", 0, sent_start)
    if first_word in _REFERS_BACK:
        earlier = [q for q in said if paragraph < q.start < sent_start and q.end <= sent_start + 1]
        return earlier[-1].speaker if earlier else None
    return None


def _date(start: int, end: int, times: list[TimeSpan], published: str | None) -> str | None:
    for span in times:
        if start <= span.start < end and span.date_start:
            return span.date_start[: {"day": 10, "week": 10, "month": 7}.get(span.precision, 4)]
    return published
