"""Where quotations are: quote marks read by the characters around them, not by their glyph alone.

Pasted and machine-translated text mixes marks freely (“…", ”…“, «…«), so a mark's direction is read
from its neighbours: after a space or at a line's start and before a word it opens; after a word or
punctuation and before a space or punctuation it closes; between two spaces (French typography,
« … ») its glyph decides. A mark between two letters is an apostrophe ("l’armée", "don't", even a
double mark misused as one, "it”s"), never a quotation mark. Marks pair within a paragraph (lines
broken inside a sentence are one paragraph); a quotation left open runs to its paragraph's end.
Single marks ('…', ‘…’) are read the same way, only for quotations inside a quotation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

DOUBLE = "\"“”„‟«»"
SINGLE = "'‘’‚‛‹›"
_OPENING_GLYPHS = "“„‟«‘‚‛‹"
_CLOSING_GLYPHS = "”»’›"
_FAMILY = {"«": "«", "»": "«", "‹": "‹", "›": "‹"}  # guillemets pair with guillemets; the other marks with each other
_OPEN_BEFORE = "([{—–-/"  # what may stand before an opening mark besides a space
_CLOSE_AFTER = ".,;:!?…)]}—–-/"  # what may follow a closing mark besides a space
_SENTENCE_END = regex.compile(r"[.!?:;…\"”»’]\s*$")


@dataclass(frozen=True)
class Quotation:
    start: int  # the quotation's words, inside its marks
    end: int
    closed: bool = True


def _direction(text: str, at: int) -> str | None:
    """'open', 'close', 'apostrophe' or None (its glyph decides) for the mark at `at`."""
    before = text[at - 1] if at > 0 else "\n"
    after = text[at + 1] if at + 1 < len(text) else "\n"
    if before.isalnum() and after.isalnum():
        return "apostrophe"
    if before.isdigit() and text[at] in "'″":
        return "apostrophe"  # feet, minutes ("5'", "3″")
    opens = (before.isspace() or before in _OPEN_BEFORE or before in DOUBLE + SINGLE) and not after.isspace() \
        and after not in _CLOSE_AFTER.replace("-", "").replace("—", "").replace("–", "")
    closes = not before.isspace() and (after.isspace() or after in _CLOSE_AFTER or after in DOUBLE + SINGLE)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return None


def _elided(text: str, at: int) -> bool:
    """A mark right after an elided word ("qu'”un", "d’«") opens: the apostrophe is the elision's."""
    return at >= 2 and text[at - 1] in "'’" and text[at - 2].isalpha()


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph: lines, with a line that stops mid-sentence joined to the next."""
    start = 0
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        end = offset + len(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        joined = line.strip() and following[:1].islower() and not _SENTENCE_END.search(line)
        if not joined:
            yield start, end
            start = end + 1
        offset = end + 1


def quotations(text: str, *, marks: str = DOUBLE, start: int = 0, end: int | None = None) -> list[Quotation]:
    """The outermost quotations in text[start:end], paragraph by paragraph."""
    end = len(text) if end is None else end
    found = []
    for p_start, p_end in paragraphs(text[start:end]):
        found.extend(_paired(text, start + p_start, start + p_end, marks))
    return found


def _paired(text: str, start: int, end: int, marks: str) -> list[Quotation]:
    found: list[Quotation] = []
    stack: list[int] = []  # the open marks, outermost first
    positions = [at for at in range(start, end) if text[at] in marks and _direction(text, at) != "apostrophe"]
    for at in positions:
        direction = "open" if _elided(text, at) else _direction(text, at)
        if positions == [at] and text[at] in _CLOSING_GLYPHS and direction != "open" \
                and regex.match(r"\s*(?:,|\p{Ll})", text[at + 1:end]):
            found.append(_inside(text, start - 1, at + 1, closed=False))  # its opening mark was lost
            continue
        if not stack and direction == "close":
            continue  # a closing mark with nothing open: a stray, or a quotation run on from before
        if not stack or _nests(text, at, stack[-1], direction):
            stack.append(at)
        elif direction == "open" and len(stack) == 1:
            found.append(_inside(text, stack.pop(), at, closed=False))  # the one before never closed
            stack.append(at)
        elif len(stack) == 1:
            found.append(_inside(text, stack.pop(), at + 1))
        else:
            stack.pop()
    if stack:
        found.append(_inside(text, stack[0], end + 1, closed=False))
    return [q for q in found if q.end > q.start]


def _nests(text: str, at: int, open_at: int, direction: str | None) -> bool:
    """A mark opening a quotation inside the open one: another family of marks (“…” in «…»)."""
    opening = direction == "open" or direction is None and text[at] in _OPENING_GLYPHS
    return opening and _FAMILY.get(text[at], "“") != _FAMILY.get(text[open_at], "“")


def _inside(text: str, opening: int, closing: int, *, closed: bool = True) -> Quotation:
    """The words between an opening mark and the mark at `closing - 1` (or the paragraph's end)."""
    s, e = opening + 1, closing - 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Quotation(s, e, closed)
