"""Names of organisations that the tagger missed or cut short, found by their shape: capitalised
words, with the joining words names have between them, among which a head noun of organisations
("the Coastal Relief Alliance", "Ministry of Water", "Front de libération du Nord").

A run of such words is a name only where capitals mean names: not across a line, not on a line
set in title case or in capitals (a headline), and never a single word.

French writes the head of a ministry's name in lower case and its field with a capital: "le
ministère de la Défense", "le ministère camerounais des Affaires étrangères" are names too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex
from spacy.tokens import Doc, Token

from ..datafiles import calendar, read_yaml
from .models import Chunk, fold
from .name_shapes import NameSpan, joining_words, organisation_heads
from .state_names import is_demonym


def headed_names(text: str, chunks: list[Chunk]) -> Iterator[NameSpan]:
    """Every run of capitalised words that holds a head noun of organisations, and every French
    ministry's name, labelled ORG."""
    yield from _ministries(text)
    heads = organisation_heads()
    for chunk in chunks:
        for run in _runs(chunk.doc):
            words = [t for t in run if _capitalised(t)]
            if len(words) < 2 or not any(fold(t.text) in heads for t in words):
                continue
            start, end = chunk.offset + run[0].idx, chunk.offset + run[-1].idx + len(run[-1])
            if not _headline(text, start, end):
                yield NameSpan(start, end, "ORG")


def _runs(doc: Doc) -> Iterator[list[Token]]:
    """Maximal runs of capitalised words and the joining words between them, within a line."""
    joining = joining_words()
    run: list[Token] = []
    for token in doc:
        if run and (token.is_space or "\n" in run[-1].whitespace_):
            yield _trimmed(run)
            run = []
        if _capitalised(token) or (run and (fold(token.text) in joining or token.text in ("'s", "’s", "-"))):
            run.append(token)
        elif run:
            yield _trimmed(run)
            run = []
    if run:
        yield _trimmed(run)


def _trimmed(run: list[Token]) -> list[Token]:
    while run and not _capitalised(run[-1]):
        run = run[:-1]
    return run


def _capitalised(token: Token) -> bool:
    """A word written with a capital ("Relief", "UN", "G5"), not a mark or a number."""
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text) \
        and fold(token.text) not in calendar().months and fold(token.text) not in calendar().weekdays


def _headline(text: str, start: int, end: int) -> bool:
    """A line in capitals, or in title case beyond the name itself, or a long line that is all
    capitalised words: a capital says nothing of names there."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = line_end if line_end >= 0 else len(text)
    letters = [c for c in text[line_start:line_end] if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        return True
    outside = regex.findall(r"\p{L}{4,}", text[line_start:start] + " " + text[end:line_end])
    if len(outside) < 2:
        return len(regex.findall(r"\p{L}{4,}", text[start:end])) >= 4
    return sum(w[0].isupper() for w in outside) >= 0.7 * len(outside)


@cache
def _ministry() -> regex.Pattern:
    heads = "|".join(regex.escape(h) for h in read_yaml("name_words.yaml")["lower_case_heads"])
    adjective = r"\p{Ll}+(?:ères?|ales?|aux|iques?|ieures?|iennes?|nelles?|nels?)(?!\w)"  # "étrangères", "nationale"
    field = rf"\p{{Lu}}[\p{{L}}'’-]*(?:\s+(?:\p{{Lu}}[\p{{L}}'’-]*|{adjective}))*"
    link = r"(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*"
    return regex.compile(rf"(?<!\w)(?:{heads})(?:\s+(?P<demonym>\p{{Ll}}+))?\s+{link}{field}"
                         rf"(?:\s*(?:,|et)\s+{link}{field})*(?:\s+(?P<after>\p{{Ll}}+))?")


def _ministries(text: str) -> Iterator[NameSpan]:
    """"ministère (camerounais) de la Défense (camerounais)": the demonyms may stand on either side."""
    for m in _ministry().finditer(text):
        if m["demonym"] and not is_demonym(m["demonym"]):
            continue
        end = m.end() if m["after"] and is_demonym(m["after"]) else (m.start("after") - 1 if m["after"] else m.end())
        yield NameSpan(m.start(), end, "ORG")
