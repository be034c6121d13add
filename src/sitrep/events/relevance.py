"""Whether an article, and then a sentence, speaks of political violence, protest or a
strategic development at all, before any trigger is read: a match report's "shot", a central
bank's "meeting" and a storm that "kills 3" are no events.

The words are in data/relevance.yaml: one class of conflict words and one class for each other
subject (sport, the economy, science, culture, the weather, obituaries, elections).
1. An article speaks of something else when one other subject's words are many (`min_words`)
   and outnumber the conflict words and mentions of armed actors `ratio` times over.
2. In an article that speaks of conflict, a sentence speaks of something else when it has
   `min_words` words of one other subject and no conflict word or armed actor of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from spacy.tokens import Span

from ..datafiles import read_yaml
from ..language.models import Chunk, fold


@dataclass(frozen=True)
class Folded:
    """A sentence's words as the lexicons read them, folded once for all of them: each word's lemma
    and form, and whether it is a verb; and the sentence's text."""

    words: tuple[tuple[str, str, bool], ...]
    text: str


def folded(sent: Span) -> Folded:
    """The sentence folded, once: the lexicons of every subject read each sentence, some twice. Kept
    with the parse, so it goes when the parse goes."""
    kept = sent.doc.user_data.setdefault("sitrep.folded", {})
    if (sent.start, sent.end) not in kept:
        kept[sent.start, sent.end] = Folded(tuple((fold(t.lemma_), fold(t.lower_), t.pos_ in ("VERB", "AUX"))
                                                  for t in sent), fold(sent.text))
    return kept[sent.start, sent.end]


@dataclass(frozen=True)
class Lexicon:
    """One subject's words in one language: lemmas, and phrases matched in the folded text."""

    lemmas: frozenset[str]
    phrases: regex.Pattern | None

    def count(self, sent: Span, *, nouns_only: bool = False) -> int:
        """How many of the sentence's words are this subject's ("storm" the noun, not the verb,
        when `nouns_only`)."""
        words = folded(sent)
        found = sum(1 for lemma, form, verb in words.words
                    if (lemma in self.lemmas or form in self.lemmas) and not (nouns_only and verb))
        return found + (len(self.phrases.findall(words.text)) if self.phrases else 0)


@dataclass(frozen=True)
class Topics:
    conflict: Lexicon
    subjects: dict[str, Lexicon]
    article_min: int
    article_ratio: float
    sentence_min: int

    def other_subject(self, sent: Span) -> int:
        """The count of the other subject the sentence has most words of."""
        return max((lexicon.count(sent, nouns_only=True) for lexicon in self.subjects.values()), default=0)


def _lexicon(words: list[str]) -> Lexicon:
    folded = [fold(w) for w in words]
    phrases = sorted((w for w in folded if " " in w or "'" in w), key=len, reverse=True)
    pattern = regex.compile(r"(?<!\w)(?:" + "|".join(map(regex.escape, phrases)) + r")(?!\w)") if phrases else None
    return Lexicon(frozenset(w for w in folded if w not in phrases), pattern)


@cache
def topics(language: str) -> Topics:
    data = read_yaml("relevance.yaml")
    return Topics(_lexicon(data["conflict"].get(language, [])),
                  {name: _lexicon(words.get(language, [])) for name, words in data["subjects"].items()},
                  data["article"]["min_words"], data["article"]["ratio"], data["sentence"]["min_words"])


def speaks_of_conflict(chunks: list[Chunk], *, language: str, armed_mentions: int = 0) -> bool:
    """Whether the article is about conflict rather than another subject (1. above)."""
    words = topics(language)
    sents = [s for c in chunks for s in c.doc.sents]
    conflict = sum(words.conflict.count(s) for s in sents) + armed_mentions
    other = max((sum(lexicon.count(s, nouns_only=True) for s in sents) for lexicon in words.subjects.values()),
                default=0)
    return not (other >= words.article_min and other >= words.article_ratio * conflict)


def elsewhere(sent: Span, *, language: str, armed_here: bool = False) -> bool:
    """Whether the sentence speaks of another subject (2. above)."""
    words = topics(language)
    return not armed_here and words.other_subject(sent) >= words.sentence_min and not words.conflict.count(sent)
