"""Remove site furniture from article text and keep one copy of each repeated line.

Steps, each deciding a verdict for some lines (the first verdict a line gets is final):
1. normalise the characters (newlines, non-breaking and zero-width spaces, NFC);
2. tail rules: a "More from ..." or copyright line in the second half ends the article
   (in the first half, only that line goes);
3. meta rules: bylines, datelines, signatures and wire credits, kept aside for metadata;
4. drop rules: navigation, subscription prompts, share bars, reading times, credits;
5. lines that are nothing but a date;
6. repeats: a line already kept, exactly or but for punctuation or an appended photo credit;
7. labels: a lone line of one or two words with no punctuation, between blank lines
   ("Report", "Source", an outlet's name), is a section label, not article text;
8. masthead: a short first line that a line near the end names again ("Sahel Mirror" at the
   top, "© Sahel Mirror 2025" or "Sahel Mirror is ..." at the bottom) is the outlet's name, and
   that closing line is about the outlet, not the article.
The rules of 2-4 are data (data/boilerplate.yaml); 5-8 are structural.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import regex

from ..calendar import is_date_line
from ..datafiles import LineRule
from ..records import Cleaned, Line

_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = regex.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000\t ]{2,}|[\u00a0\u2007\u202f\u2009\u200a\u3000\t]")
_SENTENCE_MARKS = regex.compile(r"[.!?:;,\"“”«»()\[\]]")
_WORD = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")
_NEAR_REPEAT_EXTRA_WORDS = 10
_PREFIX_WORDS = 6
_LABEL_WORDS = 2
_DATE_LINE_WORDS = 12
_MASTHEAD_WORDS = 5
_MASTHEAD_SEARCH = 3  # lines from the top, past furniture such as "Skip to main content"
_CLOSING_LINES = 3


def normalise(text: str) -> str:
    """Characters as the rest of sitrep expects them: NFC, plain spaces, '\\n' line ends."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n"))


def clean(text: str, *, rules: Sequence[LineRule]) -> Cleaned:
    """The article body of `text`, and every line with the verdict that kept or removed it."""
    lines, blank_before, blank_after, offsets = _split(normalise(text))
    half = offsets[-1] / 2 if offsets else 0
    verdicts: list[str | None] = [None] * len(lines)
    _apply_tail(lines, verdicts, offsets, half, [r for r in rules if r.section == "tail"])
    for section in ("meta", "drop"):
        _apply_rules(lines, verdicts, offsets, half, [r for r in rules if r.section == section])
    for i, line in enumerate(lines):
        if verdicts[i] is None and _words(line) <= _DATE_LINE_WORDS and is_date_line(line):
            verdicts[i] = "dateline"
    _mark_repeats(lines, verdicts)
    for i, line in enumerate(lines):
        if verdicts[i] is None and blank_before[i] and blank_after[i] and _is_label(line):
            verdicts[i] = "label"
    _mark_masthead(lines, verdicts)
    result = tuple(Line(t, v or "keep", b) for t, v, b in zip(lines, verdicts, blank_before))
    return Cleaned(_join(result), result)


def _split(text: str) -> tuple[list[str], list[bool], list[bool], list[int]]:
    """Non-blank lines, whether a blank line (or an edge) stands before and after each,
    and each line's character offset in the text."""
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
    after = before[1:] + [True]
    return lines, before, after, offsets + [pos]


def _words(line: str) -> int:
    return len(line.split())


def _apply_tail(lines, verdicts, offsets, half, rules) -> None:
    for i, line in enumerate(lines):
        rule = next((r for r in rules if r.match(line, _words(line))), None)
        if rule and offsets[i] < half:
            verdicts[i] = rule.name
        elif rule:
            for j in range(i, len(lines)):
                verdicts[j] = verdicts[j] or rule.name
            return


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


def _mark_repeats(lines: list[str], verdicts: list[str | None]) -> None:
    seen: set[str] = set()
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for i, line in enumerate(lines):
        if verdicts[i] is not None:
            continue
        key = repeat_key(line)
        if key in seen or _near_repeat(key, by_prefix):
            verdicts[i] = "repeat"
            continue
        seen.add(key)
        by_prefix[" ".join(key.split()[:_PREFIX_WORDS])].append(key)


def _near_repeat(key: str, by_prefix: dict[str, list[str]]) -> bool:
    """The same line with a few words appended (a photo credit), or cut short."""
    words = key.split()
    if len(words) < _PREFIX_WORDS:
        return False
    for earlier in by_prefix.get(" ".join(words[:_PREFIX_WORDS]), ()):
        longer, shorter = (key, earlier) if len(key) > len(earlier) else (earlier, key)
        extra = len(longer.split()) - len(shorter.split())
        if longer.startswith(shorter) and extra <= _NEAR_REPEAT_EXTRA_WORDS:
            return True
    return False


def _mark_masthead(lines: list[str], verdicts: list[str | None]) -> None:
    first = next((i for i in range(min(_MASTHEAD_SEARCH, len(lines))) if verdicts[i] in (None, "label")), None)
    if first is None or _words(lines[first]) > _MASTHEAD_WORDS or _SENTENCE_MARKS.search(lines[first]):
        return
    name = repeat_key(lines[first])
    later = [i for i in range(first + 1, len(lines)) if f"{repeat_key(lines[i])} ".startswith(f"{name} ")]
    if not name or not any(i >= len(lines) / 2 for i in later):
        return
    verdicts[first] = "masthead"
    for i in later:
        if i >= len(lines) - _CLOSING_LINES and verdicts[i] in (None, "label"):
            verdicts[i] = "masthead"


def _is_label(line: str) -> bool:
    return _words(line) <= _LABEL_WORDS and not _SENTENCE_MARKS.search(line) and not _DIGIT.search(line)


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
