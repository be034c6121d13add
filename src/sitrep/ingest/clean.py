"""Remove site furniture from article text and keep one copy of each repeated line.

Steps, each deciding a verdict for some lines (the first verdict a line gets is final):
1. normalise the characters (newlines, non-breaking and zero-width spaces, NFC), and split a
   time stamp glued to the start of the text from the line it opens;
2. footer markers ("Related stories", a copyright line): the marker goes; what follows it is
   decided in step 7;
3. meta rules: bylines, datelines, signatures and wire credits (a short line that names
   agencies and nothing else, ingest/credits.py), kept aside for metadata;
4. drop rules: navigation, subscription prompts, share bars, reading times, credits;
5. lines that are nothing but a date;
6. repeats: a line already kept, exactly or but for punctuation or an appended photo credit;
7. every other line by its shape and its place around the article's run of prose
   (ingest/shapes.py, ingest/layout.py): the head's menus and labels, the foot's teasers and
   forms, time stamps anywhere; the headline and every line of the article's prose stay;
8. masthead: a short first line, not the headline, that a line near the end names again
   ("Sahel Mirror" at the top, "© Sahel Mirror 2025" or "Sahel Mirror is ..." at the bottom)
   is the outlet's name.
The rules of 2-4 are data (data/boilerplate.yaml), and so are the word lists of 7
(data/line_shapes.yaml); 5-8 are structural.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict, deque
from collections.abc import Sequence

import regex

from ..calendar import is_date_line
from ..datafiles import LineRule
from ..records import Cleaned, Line
from . import layout
from .credits import is_wire_credit
from .decode import without_controls
from .shapes import Shaper

_GLUED_STAMP = regex.compile(r"^(?:date|published|updated)?:?\s*((?:19|20)\d\d-\d\d(?:-\d\d)?)\s+(?=\S)", regex.I)
_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = regex.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000\t ]{2,}|[\u00a0\u2007\u202f\u2009\u200a\u3000\t]")
_SENTENCE_MARKS = regex.compile(r"[.!?:;,\"“”«»()\[\]]")
_WORD = regex.compile(r"\w+")
_NEAR_REPEAT_EXTRA_WORDS = 10
_PROSE_ADDED = 2
_PREFIX_WORDS = 6
_PREFIX_KEPT = 64  # earlier lines a line is compared with, of those that open with its words: cost stays linear
_DATE_LINE_WORDS = 12
_MASTHEAD_WORDS = 5
_MASTHEAD_SEARCH = 3  # lines from the top, past furniture such as "Skip to main content"
_CLOSING_LINES = 3


def normalise(text: str) -> str:
    """Characters as the rest of sitrep expects them: NFC, plain spaces, '\\n' line ends."""
    text = _SPACES.sub(" ", without_controls(_INVISIBLE.sub("", unicodedata.normalize("NFC", text))))
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = _GLUED_STAMP.sub(lambda m: m[0].rstrip() + "\n", text, count=1)
    return "\n".join(line.strip() for line in text.split("\n"))


def clean(text: str, *, rules: Sequence[LineRule], url: str | None = None) -> Cleaned:
    """The article body of `text`, and every line with the verdict that kept or removed it.
    The page's `url`, where known, tells its masthead (the site's name) from its headline."""
    lines, blank_before, offsets = _split(normalise(text))
    half = offsets[-1] / 2 if offsets else 0
    verdicts: list[str | None] = [None] * len(lines)
    markers = _mark_markers(lines, verdicts, [r for r in rules if r.section == "tail"])
    _apply_rules(lines, verdicts, offsets, half, [r for r in rules if r.section == "meta"])
    for i, line in enumerate(lines):
        if verdicts[i] is None and is_wire_credit(line):
            verdicts[i] = "wire credit"
    _apply_rules(lines, verdicts, offsets, half, [r for r in rules if r.section == "drop"])
    for i, line in enumerate(lines):
        if verdicts[i] is None and _words(line) <= _DATE_LINE_WORDS and is_date_line(line):
            verdicts[i] = "dateline"
    shaper = Shaper(lines)
    _mark_repeats(lines, verdicts, shaper)
    second_half = next((i for i, offset in enumerate(offsets) if offset >= half), len(lines))
    headline = layout.mark(lines, verdicts, markers, shaper, second_half=second_half, url=url)
    _mark_masthead(lines, verdicts, shaper, headline)
    result = tuple(Line(t, v or "keep", b) for t, v, b in zip(lines, verdicts, blank_before))
    return Cleaned(_join(result), result, lines[headline] if headline is not None else None)


def _split(text: str) -> tuple[list[str], list[bool], list[int]]:
    """Non-blank lines, whether a blank line (or the start) stands before each, and each
    line's character offset in the text."""
    lines, before, offsets = [], [], []
    pending_blank, pos = True, 0
    for raw in text.split("\n"):
        if raw:
            lines.append(raw)
            before.append(pending_blank)
            offsets.append(pos)
            pending_blank = False
        else:
            pending_blank = True
        pos += len(raw) + 1
    return lines, before, offsets + [pos]


def _words(line: str) -> int:
    return len(line.split())


def _mark_markers(lines: list[str], verdicts: list[str | None], rules: Sequence[LineRule]) -> dict[int, str]:
    """Footer markers go; layout.py decides what goes with them (in the second half of the text,
    what follows until prose resumes; in the first, the headlines a link stands over)."""
    markers = {}
    for i, line in enumerate(lines):
        if rule := next((r for r in rules if r.match(line, _words(line))), None):
            verdicts[i] = markers[i] = rule.name
    return markers


def _apply_rules(lines, verdicts, offsets, half, rules) -> None:
    for i, line in enumerate(lines):
        if verdicts[i] is not None:
            continue
        words = _words(line)
        for rule in rules:
            if (not rule.second_half or offsets[i] >= half) and rule.match(line, words):
                verdicts[i] = rule.name
                break


def repeat_key(line: str) -> str:
    """A line reduced to its words, for telling repeats apart from mere punctuation changes."""
    return " ".join(_WORD.findall(line.casefold()))


def _mark_repeats(lines: list[str], verdicts: list[str | None], shaper: Shaper) -> None:
    seen: set[str] = set()
    by_prefix: dict[str, deque[str]] = defaultdict(lambda: deque(maxlen=_PREFIX_KEPT))
    for i, line in enumerate(lines):
        if verdicts[i] is not None:
            continue
        key = repeat_key(line)
        if key in seen or _near_repeat(key, line, by_prefix, shaper):
            verdicts[i] = "repeat"
            continue
        seen.add(key)
        by_prefix[" ".join(key.split()[:_PREFIX_WORDS])].append(key)


def _near_repeat(key: str, line: str, by_prefix: dict[str, deque[str]], shaper: Shaper) -> bool:
    """The same line with a few words appended (a photo credit, not prose), or cut short."""
    words = key.split()
    if len(words) < _PREFIX_WORDS:
        return False
    for earlier in by_prefix.get(" ".join(words[:_PREFIX_WORDS]), ()):
        longer, shorter = (key, earlier) if len(key) > len(earlier) else (earlier, key)
        if not longer.startswith(shorter):
            continue
        extra = len(longer.split()) - len(shorter.split())
        if extra <= _NEAR_REPEAT_EXTRA_WORDS \
                and (longer is earlier or not _adds_prose(_WORD.findall(line)[-extra:], shaper)):
            return True
    return False


def _adds_prose(words: list[str], shaper: Shaper) -> bool:
    """Words appended to a line that go on in prose (a function word in lower case among them),
    not a credit ("Photo: Field Desk/Agency")."""
    return len(words) >= _PROSE_ADDED and any(w.islower() and w in shaper.stopwords for w in words)


def _mark_masthead(lines: list[str], verdicts: list[str | None], shaper: Shaper, headline: int | None) -> None:
    first = next((i for i in range(min(_MASTHEAD_SEARCH, len(lines)))
                  if (verdicts[i] is None or verdicts[i] in layout.VERDICTS) and i != headline), None)
    if first is None or not _may_be_masthead(lines[first], shaper):
        return
    name = repeat_key(lines[first])
    later = [i for i in range(first + 1, len(lines)) if f"{repeat_key(lines[i])} ".startswith(f"{name} ")]
    if not any(i >= len(lines) / 2 for i in later):
        return
    verdicts[first] = "masthead"
    for i in later:
        if i >= len(lines) - _CLOSING_LINES and (verdicts[i] is None or verdicts[i] in layout.VERDICTS) \
                and shaper.shape(lines[i]).sentences <= 1:
            verdicts[i] = "masthead"


def _may_be_masthead(line: str, shaper: Shaper) -> bool:
    """A short name, not a sentence, not a page part's name, with a word of its own."""
    shape = shaper.shape(line)
    return _words(line) <= _MASTHEAD_WORDS and not _SENTENCE_MARKS.search(line) and not shape.generic \
        and bool(shaper.content_words(line))


def _join(lines: Sequence[Line]) -> str:
    parts: list[str] = []
    blank = False
    for line in lines:
        blank = blank or line.blank_before
        if line.verdict != "keep":
            continue
        if parts:
            parts.append("\n\n" if blank else "\n")
        parts.append(line.text)
        blank = False
    return "".join(parts)
