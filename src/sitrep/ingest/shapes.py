"""The shape of a line of page text: article prose, or one of the kinds of site furniture.

A line is judged by signals that hold on any site, as jusText judges a page's paragraphs:
- its words and sentences: prose is made of sentences of several words, furniture is short;
- its stop-word density: prose has the share of function words its language has (jusText's
  lists; the text's language is the one whose list covers most of its words);
- what it is made of: numbers, dates and times only (a time stamp), a call to the reader
  ("Follow us on ..."), or the name of a page part ("News", "Key takeaways").

The kinds, from the most article-like to the least:
  prose     eight words or more with function words, ending as a sentence ends (or long)
  fragment  the same without the end: a paragraph cut short, or wrapped
  sentence  a short sentence with a function word in it
  title     words that are not a sentence: a headline, a heading, a menu, a name
  label     three words or fewer that are not a sentence
  call      a call to the reader; stamp: a time stamp; symbols: no words at all, or code
The word lists behind the signals are data (data/line_shapes.yaml).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..datafiles import LineVocabulary, calendar, line_vocabulary

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
_TOKEN = regex.compile(r"\S+")
_DIGIT = regex.compile(r"\d")
_CODE = regex.compile(r"\w_\w|^#\w")  # a page's code left in its text: "info_icon", "#FFFFFF"
_ENDS_SENTENCE = regex.compile(r"[.!?…:][\"'”’»)\]*]*$")
_SENTENCE_BREAK = regex.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"“«(\[]?[\p{Lu}\d])")
_CREDIT_END = regex.compile(r"(?:[(\[][^()\[\]]*(?:/|\b(?:photos?|images?|credits?|file|archives?|getty)\b)[^()\[\]]*[)\]]"
                           r"|\s/\s*\p{Lu}[\p{L}\p{M} .-]{1,40}|\|\s*\p{Lu}[^|]{1,40})\s*[.|]?$", regex.I)
_OPENS_QUOTE = regex.compile(r"^[\"“”«„‘’'—–-]")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}.,;:!?*|/•·–—-"
PROSE_WORDS = 8
LONG_WORDS = 25
LABEL_WORDS = 3
STAMP_WORDS = 14
CALL_WORDS = 12
SHORT_CALL = 4
PROSE_STOPS = 0.2
FRAGMENT_STOPS = 0.3
STAMP_SHARE = 0.6
TITLE_WORDS = 3
TITLE_LETTERS = 4
TITLE_SHARE = 0.8
CONTENT_PREFIX = 5  # words compared by their first letters, once a plural's or a tense's ending is off
_ENDINGS = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
HEADLINE_SLACK = 0.2
HEADLINE_WORDS = 30


@dataclass(frozen=True)
class Shape:
    kind: str  # prose | fragment | sentence | title | label | call | stamp | symbols
    words: int
    sentences: int  # sentence ends inside the line and at its end
    stop_density: float
    generic: bool = False  # every word names a page part ("Key takeaways", "Latest news")

    @property
    def prose_like(self) -> bool:
        return self.kind in ("prose", "fragment")


class Shaper:
    """Shapes the lines of one text, with the stop words of the text's language."""

    def __init__(self, lines: Sequence[str], vocabulary: LineVocabulary | None = None) -> None:
        self.vocabulary = vocabulary or line_vocabulary()
        self.stopwords = _language_stopwords(lines, self.vocabulary)

    def shape(self, line: str) -> Shape:
        words = [w.casefold() for w in _WORD.findall(line)]
        tokens = _TOKEN.findall(line)
        stops = sum(w in self.stopwords for w in words) / len(words) if words else 0.0
        ends = bool(_ENDS_SENTENCE.search(line))
        sentences = len(_SENTENCE_BREAK.findall(line)) + ends
        generic = bool(words) and all(w in self.vocabulary.label_words for w in words)
        kind = self._kind(line, words, tokens, stops, ends)
        return Shape(kind, len(words), sentences, round(stops, 3), generic)

    def _kind(self, line: str, words: list[str], tokens: list[str], stops: float, ends: bool) -> str:
        if not any(len(w) > 1 for w in words) or (len(tokens) == 1 and _CODE.search(line)):
            return "symbols"
        if len(tokens) <= STAMP_WORDS and self._is_stamp(line, tokens):
            return "stamp"
        if _title_case(line):
            return "label" if len(words) <= LABEL_WORDS else "title"
        if self._is_call(words):
            return "call"
        if len(words) >= PROSE_WORDS and stops >= PROSE_STOPS and (ends or len(words) >= LONG_WORDS):
            return "prose"
        if len(words) >= PROSE_WORDS and stops >= FRAGMENT_STOPS:
            return "fragment"
        if ends and len(words) >= LABEL_WORDS and stops > 0:
            return "sentence"
        return "label" if len(words) <= LABEL_WORDS else "title"

    def _is_call(self, words: list[str]) -> bool:
        """"Follow us on ...", "Read the full story here", "Go to video": an instruction to the reader."""
        if len(words) > CALL_WORDS or words[0] not in self.vocabulary.call_words:
            return False
        return len(words) <= SHORT_CALL or any(w in self.vocabulary.reader_words for w in words)

    def _is_stamp(self, line: str, tokens: list[str]) -> bool:
        if not _DIGIT.search(line):
            return False
        months, days = calendar().months, calendar().weekdays
        timely = sum(1 for t in tokens if _DIGIT.search(t) or (w := t.strip(_EDGE_PUNCT).casefold()) == ""
                     or w in months or w in days or w in self.vocabulary.time_words)
        return timely / len(tokens) >= STAMP_SHARE

    def content_words(self, line: str) -> set[str]:
        """The words that say what a line is about: no function words; numbers count."""
        words = [w.casefold() for w in _WORD.findall(line)] + regex.findall(r"\d[\d,.]*\d|\d", line)
        return {_stem(w) for w in words if w not in self.stopwords and (len(w) > 2 or w[0].isdigit())}


def _may_head(line: str) -> bool:
    """A line that can be a headline: not a quotation, not a caption with its credit, not long."""
    return len(line.split()) <= HEADLINE_WORDS and not _OPENS_QUOTE.match(line) and not _CREDIT_END.search(line)


def _stem(word: str) -> str:
    """Enough of a word to meet its other forms: 'gangs' and 'gang', 'killed' and 'kills'."""
    word = word.replace(",", "").replace("’", "'").split("'")[0]
    for ending, instead in _ENDINGS:
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return (word[:-len(ending)] + instead)[:CONTENT_PREFIX]
    return word[:CONTENT_PREFIX]


def _title_case(line: str) -> bool:
    """A headline's capitals ("Rains Come Late to the Delta?"): nearly every word of four letters
    or more opens with one. A line ending with a full stop is a sentence, whatever its names."""
    last = line.split()[-1]
    if last.rstrip("\"'”’»)]").endswith(".") and "." not in last.rstrip("\"'”’»)].")[:-1]:
        return False
    long_words = [w for w in _WORD.findall(line)[1:] if len(w) >= TITLE_LETTERS]
    capitals = sum(w[0].isupper() for w in long_words)
    return len(long_words) >= TITLE_WORDS and capitals >= TITLE_SHARE * len(long_words)


def _language_stopwords(lines: Sequence[str], vocabulary: LineVocabulary) -> frozenset[str]:
    counts = Counter(w.casefold() for line in lines for w in _WORD.findall(line))
    best = max(vocabulary.stopwords.items(), key=lambda item: sum(n for w, n in counts.items() if w in item[1]))
    return best[1]


def headline_index(texts: Sequence[str], candidates: Sequence[int], lead: Sequence[int],
                   shaper: Shaper) -> int | None:
    """The candidate line the lead paragraph is about: of the lines that are not sentences (a
    caption or a standfirst is about the lead too), the first that shares nearly as large a part
    of its words with the lead as the best one does. With no word shared, the first line of a
    headline's size that is not a sentence."""
    about = set().union(*(shaper.content_words(texts[i]) for i in lead)) if lead else set()
    shares = {}
    candidates = [i for i in candidates if _may_head(texts[i])]
    for i in candidates:
        words = shaper.content_words(texts[i])
        shared = len(words & about)
        if shared >= min(2, len(words)) and shared and not texts[i].rstrip().endswith("."):
            shares[i] = shared / len(words)
    if shares:
        best = max(shares.values())
        return min(i for i, share in shares.items() if share >= best - HEADLINE_SLACK)
    return next((i for i in candidates if len(texts[i].split()) >= 4 and not texts[i].endswith(".")), None)
