"""Describe a cleaned article: title, authors, outlet, publication date, language.

What came with the input (HTML meta, JSON Lines fields, feed entries) wins; the text fills
the gaps from the lines the cleaner set aside: bylines, datelines, author signatures,
wire credits. Language is identified by py3langid on the clean body.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from urllib.parse import urlsplit

import regex
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ..calendar import find_dates
from ..datafiles import LineRule
from ..records import Cleaned, Hints, Metadata

_NAME_SPLIT = regex.compile(r"\s*(?:,|;|\band\b|\bet\b|&|\|)\s*", regex.I)
_NAME = regex.compile(r"^(\p{L}[\p{L}.'’-]*)(\s+\p{L}[\p{L}.'’-]*){1,3}$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)(?:[/-]([0-3]\d))?/")
_CAPTION_END = regex.compile(r"(\bAFP|\bAP|Reuters|Getty Images|Photo Credit.*|\))\s*$")
_LANGUAGE_SAMPLE = 1000
_LETTERS = regex.compile(r"\p{L}{2}")


def describe(cleaned: Cleaned, hints: Hints, *, rules: tuple[LineRule, ...]) -> Metadata:
    """Metadata for one article, from its hints first and its set-aside lines second."""
    found = _read_meta_lines(cleaned, rules)
    language, score = identify_language(cleaned.text)
    return Metadata(
        title=hints.title or guess_title(cleaned),
        outlet=hints.outlet or next(iter(found["outlet"] + cleaned.removed("masthead")), None),
        url=hints.url,
        published=_normalise_date(hints.published) or _published_from(cleaned, found, hints.url),
        authors=hints.authors or tuple(dict.fromkeys(found["authors"])),
        agencies=tuple(dict.fromkeys(found["agencies"])),
        language=language,
        language_score=score,
    )


def _read_meta_lines(cleaned: Cleaned, rules: tuple[LineRule, ...]) -> dict[str, list[str]]:
    """Names of authors, outlets and agencies in the lines set aside as metadata or footer."""
    found: dict[str, list[str]] = {"authors": [], "outlet": [], "agencies": []}
    meta_rules = [r for r in rules if r.section in ("meta", "tail")]
    for line in cleaned.lines:
        words = len(line.text.split())
        matches = (r.match(line.text, words) for r in meta_rules if r.name == line.verdict)
        match = next((m for m in matches if m), None)
        if not match:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v}
        names = (n.title() if n.islower() else n for n in _split_names(groups.get("authors", "")))
        found["authors"] += [n for n in names if _NAME.match(n)]
        found["agencies"] += _split_names(groups.get("agencies", ""))
        if groups.get("outlet"):
            found["outlet"].append(groups["outlet"].strip())
    return found


def _split_names(text: str) -> list[str]:
    return [n.strip(" .&") for n in _NAME_SPLIT.split(text) if n.strip(" .&")]


def guess_title(cleaned: Cleaned) -> str | None:
    """The first headline-like line near the top: short, not a sentence, not a caption.
    A line of five words or more is preferred to a shorter one (often an outlet's name)."""
    candidates = []
    for line in [line.text for line in cleaned.lines if line.verdict == "keep"][:6]:
        words = len(line.split())
        if words > 30:
            break
        if words >= 3 and not line.endswith((".", ",", ";", ":")) and not _CAPTION_END.search(line):
            candidates.append((words < 5, len(candidates), line))
    return min(candidates)[2] if candidates else None


def _published_from(cleaned: Cleaned, found: dict, url: str | None) -> str | None:
    """A date from a dateline or byline, else from the URL, else one opening the body."""
    for line in cleaned.lines:
        if line.verdict in ("dateline", "byline") and (dates := find_dates(line.text)):
            return dates[0].iso()
    if url and (m := _URL_DATE.search(urlsplit(url).path + "/")):
        return "-".join(g for g in m.groups() if g)
    opening = [line.text for line in cleaned.lines if line.verdict == "keep"][:3]
    for text in opening:
        dates = [d for d in find_dates(text[:120]) if d.start < 80]
        if dates:
            return dates[0].iso()
    return None


def _normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY from an ISO-like ("2025-02-14T10:00Z", "20250214", "2025") or
    written date; None when unreadable or not a real day ("2025-02-30")."""
    if not value:
        return None
    if m := re.match(r"^((?:19|20)\d\d)(?:-?([01]\d)(?:-?([0-3]\d))?)?(?!\d)", value.strip()):
        year, month, day = m.groups()
        try:
            date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
        return "-".join(g for g in m.groups() if g)
    dates = find_dates(value)
    return dates[0].iso() if dates else None


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and probability, or (None, None) for text with no letters."""
    sample = text[:_LANGUAGE_SAMPLE]
    if not _LETTERS.search(sample):
        return None, None
    language, probability = _identifier().classify(sample)
    return language, round(float(probability), 3)
