"""Text as every layer compares it: case and accents folded, one character for one, so that offsets
into the original stay valid. No models: a command that only compares names loads no language model."""

from __future__ import annotations

import unicodedata
from functools import cache


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
