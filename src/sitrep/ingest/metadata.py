"""Describe a cleaned article: title, authors, outlet, agencies, publication date, language.

What came with the input (HTML meta, JSON Lines fields, feed entries) wins; the text fills
the gaps from the lines the cleaner set aside (bylines, datelines, author signatures, wire
credits) and the URL:
- title: the headline the cleaner found (the line the lead paragraph is about);
- outlet: the one the text names where it is the URL's site, else the URL's site itself
  (ingest/credits.py), so that a syndicated story's credit is not taken for its outlet;
- date: a dateline or byline, else the URL's date ("/2022/1/7/", "20230522"), else a date
  opening the body;
- authors: people only (no agency, desk or company); the agencies credited are kept apart.
Language is identified by py3langid on the clean body (ingest/language_id.py).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import regex

from ..calendar import find_dates
from ..datafiles import LineRule
from ..records import Cleaned, Hints, Metadata
from .credits import agencies_in, credited_agencies, is_person, same_site, site_name
from .decode import without_controls
from .language_id import identifier

_NAME_SPLIT = regex.compile(r"\s*(?:,|;|\band\b|\bet\b|&|\|)\s*", regex.I)
_NAME = regex.compile(r"^(\p{L}[\p{L}.'’-]*)(\s+\p{L}[\p{L}.'’-]*){1,3}$")
_URL_DATE = re.compile(r"(?<![\d])((?:19|20)\d\d)([/-])([01]?\d)(?:\2([0-3]?\d))?(?![\d])")
_URL_COMPACT_DATE = re.compile(r"(?<![\d])((?:19|20)\d\d)([01]\d)([0-3]\d)(?=\d{0,6}(?!\d))")
_CAPTION_END = regex.compile(r"(\bAFP|\bAP|Reuters|Getty Images|Photo Credit.*|\))\s*$")
_CREDIT_VERDICTS = ("wire credit", "byline", "copyright")  # not a photo's credit
_DAY_FIRST = re.compile(r"(?<![\d/.])([0-3]?\d)[/.]([01]?\d)[/.]((?:19|20)\d\d)(?![\d/.])")
_LANGUAGE_SAMPLE = 1000
_LETTERS = regex.compile(r"\p{L}{2}")


def describe(cleaned: Cleaned, hints: Hints, *, rules: tuple[LineRule, ...]) -> Metadata:
    """Metadata for one article, from its hints first and its set-aside lines second."""
    hints = _plain(hints)
    found = _read_meta_lines(cleaned, rules)
    language, score = identify_language(cleaned.text)
    outlet = hints.outlet or _outlet(found["outlet"] + cleaned.removed("masthead"), hints.url, cleaned)
    paragraphs = [line.text for line in cleaned.lines if line.verdict == "keep"]
    credit_lines = [line.text for line in cleaned.lines if line.verdict in _CREDIT_VERDICTS]
    agencies = found["agencies"] + credited_agencies(credit_lines, paragraphs)
    return Metadata(
        title=hints.title or cleaned.title or guess_title(cleaned),
        outlet=outlet,
        url=hints.url,
        published=_normalise_date(hints.published) or _published_from(cleaned, hints.url, day_first=language != "en"),
        authors=hints.authors or _authors(found["authors"] + cleaned.removed("author"), outlet),
        agencies=tuple(dict.fromkeys(agencies + [a for n in found["authors"] for a in agencies_in(n)])),
        language=language,
        language_score=score,
    )


def _outlet(named: list[str], url: str | None, cleaned: Cleaned) -> str | None:
    """The outlet the text names, if it is the URL's site; else the site's own name."""
    named = [n.strip() for n in named if n.strip() and not agencies_in(n)]
    if match := next((n for n in named if same_site(n, url)), None):
        return match
    return site_name(url, "\n".join(line.text for line in cleaned.lines)) or None


def _authors(names: list[str], outlet: str | None) -> tuple[str, ...]:
    """People's names, each once: no agency, desk, company, nor the outlet itself."""
    folded = (outlet or "").casefold()
    return tuple(dict.fromkeys(n for n in names if is_person(n) and n.casefold() != folded))


def _plain(hints: Hints) -> Hints:
    """The hints without control characters (a JSON Lines field or a feed may carry them)."""
    def plain(value: str | None) -> str | None:
        return without_controls(value, line_break=" ") if value else value
    return Hints(url=plain(hints.url), title=plain(hints.title), published=plain(hints.published),
                 outlet=plain(hints.outlet), authors=tuple(filter(None, map(plain, hints.authors))))


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
        found["agencies"] += agencies_in(groups.get("agencies", ""))
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


def _published_from(cleaned: Cleaned, url: str | None, *, day_first: bool) -> str | None:
    """A date from a dateline or byline, else from the URL, else one opening the body. A dateline's
    "12/03/2024" is read day first where the page is not in English, as those languages write it."""
    for line in cleaned.lines:
        if line.verdict not in ("dateline", "byline"):
            continue
        if dates := find_dates(line.text):
            return dates[0].iso()
        if day_first and (m := _DAY_FIRST.search(line.text)) and (found := _valid(int(m[3]), int(m[2]), int(m[1]))):
            return found
    if url and (from_url := url_date(url)):
        return from_url
    opening = [line.text for line in cleaned.lines if line.verdict == "keep"][:3]
    for text in opening:
        dates = [d for d in find_dates(text[:120]) if d.start < 80]
        if dates:
            return dates[0].iso()
    return None


def url_date(url: str) -> str | None:
    """The date a URL's path carries: "/2022/1/7/", "/2024-12-08/", "/20230522-...", "202501270520"
    (a day, or a month where the path gives no day); None when it carries no real date."""
    path = urlsplit(url).path
    for m in _URL_DATE.finditer(path):
        year, _sep, month, day = m.groups()
        if found := _valid(int(year), int(month), int(day) if day else None):
            return found
    for m in _URL_COMPACT_DATE.finditer(path):
        if found := _valid(int(m[1]), int(m[2]), int(m[3])):
            return found
    return None


def _valid(year: int, month: int, day: int | None) -> str | None:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    if date(year, month, day or 1) > date.today():
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


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


def identify_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and probability, or (None, None) for text with no letters."""
    sample = text[:_LANGUAGE_SAMPLE]
    if not _LETTERS.search(sample):
        return None, None
    language, probability = identifier().classify(sample)
    return language, round(float(probability), 3)
