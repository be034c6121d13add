"""An article's clean text as HTML with what was extracted from it marked, and the words a search
found marked too.

One visual language: the text is cut at every span boundary and each piece wrapped in one element
styled as the innermost kind that covers it (a name inside an event's sentence shows as the name),
never as a stack of styles; a figure is marked at its words, not at the whole sentence it was read
from. `data-kinds` lists every covering kind, innermost first, so the page can fall back to the
next one when a kind is hidden. A piece links to the innermost entity or
incident. Search hits are <mark>s inside. Everything from the article is escaped.
"""

from __future__ import annotations

from html import escape

import regex

from ..text import fold

LINKS = {"entity": "/entities/{}", "event": "/incidents/{}"}
KINDS = ("entity", "place", "figure", "quote", "event", "evidence")  # the legend's order
OPERATORS = frozenset({"and", "or", "not", "near"})


def search_words(q: str) -> list[str]:
    """The words of a full-text query, folded, without its operators and column names."""
    words = regex.findall(r"(\w+)(?::)?", regex.sub(r"\w+:", " ", q))
    return [fold(w) for w in words if w.lower() not in OPERATORS]


def hit_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words start words of the text (a search matches prefixes and folds case and accents)."""
    if not words:
        return []
    pattern = regex.compile(r"\b(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
                            + r")\w*")
    return [m.span() for m in pattern.finditer(fold(text))]


def marked(text: str, words: list[str]) -> str:
    """Escaped text with the search's words marked."""
    out, at = [], 0
    for start, end in hit_spans(text, words):
        out += [escape(text[at:start]), f"<mark>{escape(text[start:end])}</mark>"]
        at = end
    return "".join(out) + escape(text[at:])


def highlighted(text: str, spans: list[dict], *, hits: list[str] = ()) -> str:
    """HTML of `text` with its spans marked, and the words of `hits` (a search's) marked inside."""
    marks = [_at_its_words(text, s) for s in spans if 0 <= s["start"] < s["end"] <= len(text)]
    found = hit_spans(text, list(hits))
    cuts = sorted({0, len(text), *(s["start"] for s in marks), *(s["end"] for s in marks), *(x for h in found for x in h)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end]).replace("\n", "<br>")
        if any(a <= start and end <= b for a, b in found):
            piece = f"<mark>{piece}</mark>"
        covering = sorted((s for s in marks if s["start"] <= start and end <= s["end"]),
                          key=lambda s: (s["end"] - s["start"], KINDS.index(s["kind"]) if s["kind"] in KINDS else 9))
        out.append(_wrapped(piece, covering) if covering else piece)
    return "".join(out)


def _at_its_words(text: str, span: dict) -> dict:
    """A span that names the words it was read from ('at least 41') marked at those words, not at the
    whole sentence around them; else as it is."""
    words = span.get("words")
    at = text.find(words, span["start"], span["end"]) if words else -1
    return span if at < 0 else {**span, "start": at, "end": at + len(words)}


def _wrapped(piece: str, covering: list[dict]) -> str:
    kinds = list(dict.fromkeys(s["kind"] for s in covering))
    labels = "; ".join(dict.fromkeys(f"{s['kind']}: {s['label']}" for s in covering if s["label"]))
    link = next((LINKS[s["kind"]].format(s["link"]) for s in covering if s["kind"] in LINKS and s["link"]), None)
    attributes = f"class='hl hl-{kinds[0]}' data-kinds='{' '.join(kinds)}' title='{escape(labels)}'"
    if link:
        return f"<a href='{escape(link)}' {attributes}>{piece}</a>"
    return f"<span {attributes}>{piece}</span>"


def paragraphs_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraphs (blocks between blank lines) that hold text[start:end]."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    return 0 if before < 0 else before + 2, len(text) if after < 0 else after
