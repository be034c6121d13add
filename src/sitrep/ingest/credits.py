"""Who a page says made it: the news agencies it credits, its authors, and the outlet its site is.

- Agencies are the wire services (data/wire_services.yaml) a page credits: a credit line
  ("(AFP, Reuters)", "Source: AP", "/ATS"), the dateline of a lead ("KYIV (Reuters) -"), a
  paragraph signed at its end ("— AFP", "(AP)"), a byline ("By Jo Doe, Associated Press").
- An author is a person's name: not an agency, a desk ("AP Auto Writer", "Staff Reporter"),
  a company, nor a word after an article ("The Russian").
- The outlet is the site's name: the part of the URL's host that names the site, written as
  the page writes it where the page does ("foreignpolicy.com" -> "Foreign Policy"), else made
  readable from the host itself ("sahel-intelligence.com" -> "Sahel Intelligence").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from urllib.parse import urlsplit

import regex

from ..datafiles import line_vocabulary, sites, wire_services

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}.'’&-]*")
_LEAD_CREDIT = regex.compile(r"^[^()]{0,80}?\((?P<credit>[^()]{2,60})\)\s*[-–—:]")
_END_CREDIT = regex.compile(r"(?:[-–—]\s*(?P<dash>[^-–—.!?]{2,40})|\((?P<bracket>[^()]{2,40})\))\s*$")
_JOINERS = frozenset("with and et avec via by par from de du des source sources agencies agences staff "
                     "reporting based on according to".split())
CREDIT_WORDS = 8
SHORT_NAME = 4  # a site name of four letters or fewer is an acronym: "bbc" -> "BBC"


@cache
def _agency_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    names = sorted(wire_services(), key=len, reverse=True)
    as_written = [n for n in names if len(n) <= 5 or n.isupper()]
    any_case = [n for n in names if n not in as_written]
    def alternation(group: list[str]) -> str:
        return r"(?<![\p{L}\p{N}-])(" + "|".join(regex.escape(n) for n in group) + r")(?![\p{L}\p{N}-])"
    return regex.compile(alternation(as_written)), regex.compile(alternation(any_case), regex.I)


def agencies_in(text: str) -> list[str]:
    """The wire services a text names, in order, each once, by the name sitrep records."""
    names = wire_services()
    folded = {k.casefold(): v for k, v in names.items()}
    exact, loose = _agency_patterns()
    found = sorted([(m.start(), names[m[1]]) for m in exact.finditer(text)]
                   + [(m.start(), folded[m[1].casefold()]) for m in loose.finditer(text)])
    return list(dict.fromkeys(name for _pos, name in found))


def is_wire_credit(line: str) -> bool:
    """A short line that credits agencies and says nothing else: "(AFP)", "Source: AP.",
    "/ATS", "ab / cd (Reuters, dpa)", "(Channel 9 with Reuters and AFP)"."""
    if len(line.split()) > CREDIT_WORDS or not agencies_in(line):
        return False
    bracketed = line.startswith("(") and line.rstrip(" .").endswith(")")
    return bracketed or not _rest(line)


def _rest(line: str) -> list[str]:
    """What a credit line says besides agencies, joining words and editors' initials."""
    exact, loose = _agency_patterns()
    stripped = loose.sub(" ", exact.sub(" ", line))
    return [w for w in _WORD.findall(stripped)
            if w.casefold() not in _JOINERS and not (w.islower() and len(w) <= 4) and not w.isdigit()]


def credited_agencies(credit_lines: Iterable[str], paragraphs: Sequence[str]) -> list[str]:
    """Agencies named by the credit lines, by the dateline of the first paragraphs, and at the
    end of any paragraph."""
    found = [a for line in credit_lines for a in agencies_in(line)]
    for n, paragraph in enumerate(paragraphs):
        if n < 3 and (m := _LEAD_CREDIT.match(paragraph)):
            found += agencies_in(m["credit"])
        if m := _END_CREDIT.search(paragraph):
            found += agencies_in(m["dash"] or m["bracket"])
    return list(dict.fromkeys(found))


def is_person(name: str) -> bool:
    """A name that can be an author's: no agency, no desk or company word, no leading article."""
    vocabulary = line_vocabulary()
    words = [w.casefold().strip(".") for w in _WORD.findall(name)]
    return bool(words) and not agencies_in(name) and words[0] not in vocabulary.name_articles \
        and not any(w in vocabulary.desk_words for w in words)


def site_labels(url: str | None) -> list[str]:
    """The parts of a URL's host that may name its site, the likeliest first: the label before
    the public suffix ("www.example.com" -> "example"; "news.example.co.uk" -> "example"), or
    on a hosting platform the label in front of it; then a subdomain that names no version."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [x for x in host.casefold().rstrip(".").split(".") if x]
    if len(labels) < 2:
        return []
    data = sites()
    in_country = len(labels[-1]) == 2 and (labels[-2] in data.second_level or len(labels[-2]) <= 2)
    cut = 3 if len(labels) >= 3 and in_country else 2
    own, front = labels[-cut], [x for x in labels[:-cut] if x not in data.generic_subdomains]
    if own in data.hosting and front:
        return [front[-1]]
    return [own] + front[-1:]


def site_name(url: str | None, text: str) -> str | None:
    """The outlet a URL's site is: a known site's name, else the host's label as the text writes
    it, else that label made readable."""
    labels = site_labels(url)
    if not labels:
        return None
    if known := sites().known.get(labels[0]):
        return known
    return next((form for label in labels if (form := written_in(label, text))), None) or _readable(labels[0], text)


def written_in(label: str, text: str) -> str | None:
    """The words of the text that spell the site's name with capitals ("Foreign Policy" for
    foreignpolicy), with or without a leading 'The', the form with the most capitals first."""
    key = _letters(label)
    tokens = _WORD.findall(text)
    forms = []
    for size in range(1, 6):
        for i in range(len(tokens) - size + 1):
            words = tokens[i:i + size]
            spelled = _letters("".join(words))
            if spelled in (key, f"the{key}") and any(c.isupper() for c in words[0][:1] + words[-1]):
                forms.append(" ".join(words).rstrip(".’'"))
    return max(forms, key=lambda f: (sum(c.isupper() for c in f), -len(f)), default=None)


def same_site(name: str, url: str | None) -> bool:
    """Whether an outlet named in a text is the URL's site ("Foreign Policy", foreignpolicy.com)."""
    labels = site_labels(url)
    if not labels:
        return True
    spelled = _letters(name).removeprefix("the")
    return bool(spelled) and any(spelled in key or (len(key) >= SHORT_NAME and key in spelled)
                                 for key in map(_letters, labels))


def spells_site(text: str, url: str | None) -> bool:
    """Whether a line is just the site's name: "Lake Courier" or "The Lake Courier" on lakecourier.com."""
    words = text.split()
    if len(words) > 1 and words[0].casefold().strip("'’") in line_vocabulary().name_articles:
        words = words[1:]
    spelled, keys = _letters(" ".join(words)), [_letters(label) for label in site_labels(url)]
    return bool(spelled) and (spelled in keys or _letters(text) in keys)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _readable(label: str, text: str = "") -> str:
    """A site's label as words: split at its hyphens, or into words the page uses or sites' names
    often have ("themoscowtimes" -> "The Moscow Times"), a short unknown first part an acronym
    ("trtworld" -> "TRT World")."""
    if "-" in label:
        return " ".join(part.upper() if len(part) <= SHORT_NAME else part.capitalize()
                        for part in label.split("-") if part)
    vocabulary = ({w.casefold() for w in _WORD.findall(text) if len(w) >= 3} | sites().name_words
                  | line_vocabulary().stopwords.get("English", frozenset()))
    pieces = _segment(label, vocabulary) if len(label) > SHORT_NAME else None
    if not pieces:
        return label.upper() if len(label) <= SHORT_NAME else label.capitalize()
    return " ".join(p if i and p in _LOWER else p.capitalize() if p in vocabulary or p in _LOWER else p.upper()
                    for i, p in enumerate(pieces))


def _segment(label: str, vocabulary: set[str]) -> list[str] | None:
    """The words of `vocabulary` that spell `label`, fewest first; an unknown first part of up to
    three letters (an acronym) is allowed at a cost, and a word of four letters or more must be known."""
    best: list[tuple[int, list[str]] | None] = [(0, [])] + [None] * len(label)
    for end in range(1, len(label) + 1):
        for start in range(max(0, end - 20), end):
            piece, before = label[start:end], best[start]
            known = piece in vocabulary or piece in _LOWER
            if before is None or not (known or (start == 0 and len(piece) <= ACRONYM)):
                continue
            cost = before[0] + 1 + (0 if known else UNKNOWN_COST)
            if best[end] is None or cost < best[end][0]:
                best[end] = (cost, before[1] + [piece])
    if not best[-1]:
        return None
    pieces = best[-1][1]
    unknown = [p for p in pieces if p not in vocabulary and p not in _LOWER]
    long_known = [p for p in pieces if p in vocabulary and len(p) >= SHORT_NAME]
    return pieces if len(pieces) > 1 and len(unknown) <= 1 and long_known else None


UNKNOWN_COST = 2
ACRONYM = 3
_LOWER = frozenset("the of and de du des la le les al el".split())  # short words a name keeps in lower case
