"""Text as every layer compares it: case and accents folded, one character for one, so that offsets
into the original stay valid. No models: a command that only compares names loads no language model."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

import regex

_WORD = regex.compile(r"\w+")


@cache
def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    folded = (base or char).casefold()
    return "'" if char in "’‘" else (folded[0] if folded else char)


def fold(text: str) -> str:
    """Case and accents folded, one character for one, so that offsets stay valid."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


class Phrases:
    """A pattern that opens with one of many phrases (an alternation of names, say), matched as
    `finditer` matches it (left to right, without overlaps) but tried only where a word starts that
    opens one of the phrases: a pass over the text's words and a table lookup each, instead of every
    phrase tried at every character. The pattern must not match inside a word (it looks behind)."""

    def __init__(self, pattern: regex.Pattern, phrases: Iterable[str]) -> None:
        self.pattern = pattern
        openings = [_WORD.match(phrase) for phrase in phrases]
        self._openings = None if not all(openings) else frozenset(m.group() for m in openings if m)

    def finditer(self, text: str) -> Iterator[regex.Match]:
        if self._openings is None:  # a phrase opens with a sign, not a word: tried everywhere
            yield from self.pattern.finditer(text)
            return
        end = 0
        for word in _WORD.finditer(text):
            if word.start() < end or word.group() not in self._openings:
                continue
            found = self.pattern.match(text, word.start())
            if found:
                yield found
                end = found.end()
