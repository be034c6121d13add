"""Where a line stands relative to the article's own run of prose, and what that makes of it.

A scraped page is a head (menus, section labels, time stamps, the headline), a body (the
article's paragraphs, with its subheadings and captions) and a foot (author boxes, comment
forms, other stories' headlines). The body runs from the first paragraph that stands among
prose (one of two sentences or more, or one beside another paragraph) to the last paragraph
of prose; a footer marker ("Related stories", "© ...") ends it early, until prose resumes.

1. Body: every line stays but a line of symbols, a time stamp or a page part's name ("Key
   takeaways", "Advertisement").
2. Head: the headline (the line the lead paragraph is about) stays, and so do sentences, a
   standfirst or caption about the lead, and a dateline that opens it; the rest is furniture.
3. Foot: the sentences that follow the last paragraph without a break stay (the article's
   last lines, a paragraph cut short), and so do sentences about the article (its captions);
   the rest is furniture. A short name right under the last paragraph is a signature.
4. After a footer marker: everything until prose resumes (a paragraph of two sentences or
   more, or three paragraphs in a row); the teasers of other stories are prose-shaped too.
A line of plain prose is never removed outside a footer marker's reach.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .credits import spells_site
from .shapes import Shape, Shaper, headline_index

_NAME = regex.compile(r"^(\p{Lu}[\p{L}\p{M}'’.-]*)( \p{Lu}[\p{L}\p{M}'’.-]*){1,3}$")
_DASH_END = regex.compile(r"\s[—–-]\s*$")
_DASH_START = regex.compile(r"^[—–]\s")
_BULLET = regex.compile(r"^[-–•*·▪]\s")
_FIGURE = regex.compile(r"\d[\d.,]*\s*(%|\p{L}*illion|bn\b|[MBK]\b)|[$€£]\s?\d|\d\s?(?:US)?[$€£]", regex.I)
VERDICTS = frozenset({"label", "menu", "call", "teaser", "author", "time stamp", "symbols"})  # what this module decides
RESUME_RUN = 3
BODY_GAP = 5
LINKED_LINES = 3
MASTHEAD_WORDS = 5
LIST_ITEM_WORDS = 3
LONG_PARAGRAPH = 25
DEK_SHARED = 2
DEK_SHARE = 0.5
LONG_LINE = 8
LONG_LINE_SHARED = 3
LEAD_LINES = 2


def mark(texts: Sequence[str], verdicts: list[str | None], markers: dict[int, str], shaper: Shaper, *,
         second_half: int, url: str | None = None) -> int | None:
    """Give a verdict to each open line (verdict None) by its shape and its place in the page;
    return the headline's index, if the page has one. `markers` are the footer markers' lines;
    those from `second_half` on reach the lines after them."""
    shapes = [shaper.shape(t) for t in texts]
    open_ = [i for i, v in enumerate(verdicts) if v is None]
    prose = [i for i in open_ if shapes[i].kind == "prose"]
    if not prose:
        for i in open_:
            verdicts[i] = _furniture_anywhere(shapes[i])
        return None
    start = next((i for i in prose if _stands_among_prose(i, open_, shapes, texts)), prose[0])
    reach = _marker_reach(start, {m: n for m, n in markers.items() if m >= second_half}, open_, shapes)
    reach = _linked_headlines(start, markers, open_, shapes) | reach
    end = _body_end(start, [i for i in prose if i not in reach], open_, shapes, texts)
    lead = [i for i in open_ if i >= start and shapes[i].prose_like][:LEAD_LINES]
    head = [i for i in open_ if i < start]
    headline = headline_index(texts, [i for i in head if shapes[i].kind not in ("label", "stamp", "symbols")],
                              lead, shaper)
    body_words: set[str] = set()
    for i in prose:  # one line's words at a time: a long text's lines would all be held at once as arguments
        if i not in reach:
            body_words |= shaper.content_words(texts[i])
    tail = _article_tail(end, verdicts, markers, shapes, texts)
    for i in open_:
        about = _about(texts[i], body_words, shaper)
        if _is_masthead(texts[i], shapes[i], url):
            verdicts[i] = "masthead"
        elif i in reach:
            verdicts[i] = reach[i]
        elif i < start:
            verdicts[i] = None if i == headline else _head(i, texts, shapes, about, start)
        elif i > end and i not in tail:
            caption = about and shapes[i].kind in ("prose", "fragment", "sentence")
            verdicts[i] = None if caption else _foot(texts[i], shapes[i], first=i == max(tail | {end}) + 1)
        else:
            verdicts[i] = _furniture_anywhere(shapes[i], texts[i])
    return headline


def _body_end(start: int, prose: list[int], open_: list[int], shapes: Sequence[Shape], texts: Sequence[str]) -> int:
    """The last paragraph of the article's run of prose: a paragraph after a long run of
    furniture (a share bar, a list of other stories, a form) belongs to it only if it stands
    among prose; a lone sentence there is a form's or a teaser's."""
    end, opened = start, set(open_)
    for i in (p for p in prose if p > start):
        gap = sum(1 for j in range(end + 1, i) if j in opened and not _article_like(j, shapes, texts))
        if gap < BODY_GAP or _stands_among_prose(i, open_, shapes, texts):
            end = i
    return end


def _linked_headlines(start: int, markers: dict[int, str], open_: list[int], shapes: Sequence[Shape]) -> dict[int, str]:
    """The headlines a link marker in the body stands over ("Also read" / "Other story's title")."""
    linked: dict[int, str] = {}
    opened = set(open_)
    for marker, name in markers.items():
        i = marker + 1
        while marker > start and i in opened and shapes[i].kind in ("title", "fragment", "label") \
                and i - marker <= LINKED_LINES:
            linked[i] = name
            i += 1
    return linked


def _stands_among_prose(i: int, open_: list[int], shapes: Sequence[Shape], texts: Sequence[str]) -> bool:
    """A paragraph of several sentences or many words, or one with a paragraph or a list beside it
    (past a subheading)."""
    if shapes[i].sentences >= 2 or shapes[i].words >= LONG_PARAGRAPH:
        return True
    at = open_.index(i)
    after = open_[at + 1:at + 3]
    if after and shapes[after[0]].kind in ("title", "label") and not shapes[after[0]].generic:
        after = after[1:]  # a subheading between this paragraph and the next
    neighbours = open_[max(0, at - 1):at] + after[:1]
    return any(shapes[j].prose_like or _list_item(j, shapes, texts) for j in neighbours)


def _article_like(i: int, shapes: Sequence[Shape], texts: Sequence[str]) -> bool:
    return shapes[i].kind in _GOES_ON or _list_item(i, shapes, texts)


def _list_item(i: int, shapes: Sequence[Shape], texts: Sequence[str]) -> bool:
    """An item of a list ("- 12 houses burned"), as an article's lists have them, not a menu's."""
    shape = shapes[i]
    return bool(_BULLET.match(texts[i])) and len(texts[i].split()) > LIST_ITEM_WORDS and not shape.generic \
        and shape.kind not in ("call", "stamp", "symbols")


def _marker_reach(start: int, markers: dict[int, str], open_: list[int], shapes: Sequence[Shape]) -> dict[int, str]:
    """The open lines after each footer marker below the body's start, until prose resumes."""
    reach: dict[int, str] = {}
    for marker, name in sorted(markers.items()):
        if marker < start:
            continue
        for i in (j for j in open_ if j > marker):
            if _resumes(i, open_, shapes):
                break
            reach.setdefault(i, name)
    return reach


def _resumes(i: int, open_: list[int], shapes: Sequence[Shape]) -> bool:
    """Prose again: a paragraph of two sentences or more, or three paragraphs in a row (with no
    line between them removed already: a caption and its repeat are a teaser's, not an article's)."""
    if shapes[i].kind == "prose" and shapes[i].sentences >= 2:
        return True
    run = range(i, i + RESUME_RUN)
    return run[-1] < len(shapes) and all(j in open_ and shapes[j].prose_like for j in run)


def _article_tail(end: int, verdicts: Sequence[str | None], markers: dict[int, str], shapes: Sequence[Shape],
                  texts: Sequence[str]) -> set[int]:
    """What goes on from the last paragraph with no break: its sentences, the items of its list,
    a paragraph cut short or wrapped over lines (the next goes on in lower case), a subheading
    over such a line. Lines already removed (a credit, an ad) are no break; a footer marker is."""
    tail: set[int] = set()
    following = [i for i in range(end + 1, len(texts)) if verdicts[i] is None or i in markers]
    for at, i in enumerate(following):
        nxt = following[at + 1] if at + 1 < len(following) else None
        if i in markers:
            break
        if _goes_on(i, shapes, texts):
            tail.add(i)
        elif shapes[i].kind in ("title", "label") and not shapes[i].generic and nxt is not None \
                and nxt not in markers and _goes_on(nxt, shapes, texts):
            tail.add(i)
        else:
            break
    return tail


_GOES_ON = ("fragment", "sentence", "prose")


def _goes_on(i: int, shapes: Sequence[Shape], texts: Sequence[str]) -> bool:
    if i >= len(texts):
        return False
    shape, last = shapes[i], i == len(texts) - 1
    wrapped = texts[i][:1].islower() or (not last and texts[i + 1][:1].islower())
    cut_short = last and shape.stop_density > 0 and shape.kind in ("title", "label") and not shape.generic \
        and texts[i].split()[-1][:1].islower()
    return wrapped or cut_short or _article_like(i, shapes, texts)


def _about(text: str, body_words: set[str], shaper: Shaper) -> bool:
    """The line is about the article: most of its words, two at least, are the article's (a
    standfirst, a name), or three of a long line's are (a caption, with its credit); or it
    states a figure ("People in need: 2.1 million")."""
    words = shaper.content_words(text)
    shared = len(words & body_words)
    long_line = len(text.split()) >= LONG_LINE and shared >= LONG_LINE_SHARED
    return long_line or bool(_FIGURE.search(text)) or (shared >= DEK_SHARED and shared >= DEK_SHARE * len(words))


def _is_masthead(text: str, shape: Shape, url: str | None) -> bool:
    """The site's own name on a line of its own, wherever it stands."""
    return bool(url) and shape.kind in ("label", "title") and shape.words <= MASTHEAD_WORDS and spells_site(text, url)


def _head(i: int, texts: Sequence[str], shapes: Sequence[Shape], about: bool, start: int) -> str | None:
    """A line above the lead: a sentence, or a standfirst about the article, stays."""
    shape = shapes[i]
    if shape.kind in ("prose", "fragment", "sentence") or (shape.kind in ("title", "label") and about):
        return None
    dateline = _DASH_END.search(texts[i]) or (i + 1 == start and _DASH_START.search(texts[start]))
    if dateline and shape.kind in ("label", "title") and not shape.generic:
        return None  # the dateline that opens the lead: "JUBA —"
    return _furniture_anywhere(shape) or ("label" if shape.kind == "label" else shape.kind if
                                          shape.kind == "call" else "menu")


def _foot(text: str, shape: Shape, *, first: bool) -> str:
    """A line below the article: furniture; a name right under the last paragraph signs it."""
    if first and shape.kind in ("label", "title") and _NAME.match(text) and shape.stop_density == 0 \
            and not shape.generic:
        return "author"
    return _furniture_anywhere(shape) or {"prose": "teaser", "fragment": "teaser", "sentence": "teaser",
                                           "call": "call", "label": "label"}.get(shape.kind, "menu")


def _furniture_anywhere(shape: Shape, text: str = "") -> str | None:
    """What no article line is, wherever it stands: symbols, a time stamp, a page part's name,
    a call to the reader shouted in capitals ("LEARN MORE")."""
    if shape.kind in ("symbols", "stamp"):
        return "time stamp" if shape.kind == "stamp" else "symbols"
    if shape.kind == "call" and text.isupper():
        return "call"
    if shape.generic and shape.words <= 3 and shape.kind in ("label", "title"):
        return "label"
    return None
