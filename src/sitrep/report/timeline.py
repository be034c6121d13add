"""Figure timelines: the same measure about the same subject, across sources and time, as a series.

"Russian personnel in Mali" lines up every figure whose subject or sentence names all of those
words (a word may also name the figure's measure: "personnel", "fatalities"), one series per
measure, in date order, each point with who reported it and where.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from ..text import fold
from ..records import Document, Figure

IGNORED = frozenset({"in", "of", "the", "a", "an", "and", "for", "to", "at", "on", "en", "de", "du", "des", "la",
                     "le", "les", "au", "aux", "et"})


@dataclass(frozen=True)
class Point:
    date: str | None  # what the figure is about, else when it was published
    value_low: float | None
    value_high: float | None
    as_reported: str
    unit: str | None
    attributed_to: str | None
    outlet: str | None
    document: str
    figure: str
    evidence: str


@dataclass(frozen=True)
class Series:
    measure: str
    points: tuple[Point, ...]


def subject_words(subject: str) -> list[str]:
    return [w for w in regex.findall(r"\w+", fold(subject)) if w not in IGNORED]


def matches(figure: Figure, words: list[str]) -> bool:
    tokens = set(regex.findall(r"\w+", fold(f"{figure.subject or ''} {figure.text}"))) | {figure.measure}
    return all(any(t.startswith(w.removesuffix("s")) for t in tokens) for w in words)


def timelines(figures: list[tuple[str, str, Figure]], documents: dict[str, Document], subject: str) -> list[Series]:
    """Series of the figures about `subject`, the longest first."""
    words = subject_words(subject)
    by_measure: dict[str, list[Point]] = defaultdict(list)
    for figure_id, doc_id, f in figures:
        if not words or not matches(f, words):
            continue
        doc = documents.get(doc_id)
        published = doc.meta.published if doc else None
        by_measure[f.measure].append(Point(f.date or published, f.value_low, f.value_high, f.as_reported, f.unit,
                                           f.attributed_to, doc.meta.outlet if doc else None, doc_id, figure_id,
                                           f.text.strip()))
    series = [Series(measure, tuple(sorted(points, key=lambda p: (p.date or "9999", p.document))))
              for measure, points in by_measure.items()]
    return sorted(series, key=lambda s: -len(s.points))
