"""The words of attribution, by language, read from data/speech.yaml: reporting verbs by class,
their phrases, pronouns, titles, the nouns of institutions and documents, and the rest that
reporting.py, subjects.py and speakers.py apply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from ..datafiles import read_yaml
from .models import fold

SOURCE_CLASSES = frozenset({"say", "assert", "report", "deny", "admit"})
_SETS = ("object_verbs", "first_person", "anaphors", "institutions", "armed", "documents", "opening_frames", "quoted",
         "reflexive", "same", "addressees", "channels")


@dataclass(frozen=True)
class SpeechWords:
    verbs: frozenset[str]  # the lemmas (as written and folded) of verbs whose subject is a source, not a judge:
    #                        their object may be who was told ("told AFP"); not "condemned X", "warned X"
    classes: dict[str, str]  # every reporting verb's folded lemma -> its class
    phrasal: tuple[tuple[str, str], ...]  # (verb lemma, the word that makes it report)
    in_phrases: frozenset[str]  # every verb and word of those phrases
    object_verbs: frozenset[str]
    not_statements: frozenset[str]  # verb classes whose complement is no statement of fact
    according_to: tuple[str, ...]
    opening_frames: frozenset[str]
    pronouns: dict[str, str]
    first_person: frozenset[str]
    gendered: dict[str, str]  # title or role noun -> man | woman
    anaphors: frozenset[str]
    institutions: frozenset[str]
    armed: frozenset[str]
    documents: frozenset[str]
    quoted: frozenset[str]  # verbs whose passive subject is the speaker ("X was quoted as saying")
    reflexive: frozenset[str]  # French verbs that report with "se" ("s'indigner"); others with "se" do not
    same: frozenset[str]  # "the same source": who spoke last
    addressees: frozenset[str]  # whom words are told to ("told reporters"), no object of what was said
    channels: frozenset[str]  # where words are said ("on Telegram", "à la radio"): never who said them


@cache
def speech_words(language: str) -> SpeechWords:
    data = read_yaml("speech.yaml")
    verbs = data["verbs"].get(language, {})
    sources = {verb for name, listed in verbs.items() if name in SOURCE_CLASSES for verb in listed}
    sets = {key: frozenset(fold(w) for w in data[key].get(language, [])) for key in _SETS}
    phrasal = tuple((fold(v), fold(w)) for v, w in (p.rsplit(" ", 1) for p in data["phrasal"].get(language, [])))
    return SpeechWords(
        verbs=frozenset(sources | {fold(v) for v in sources}),
        classes={fold(verb): name for name, listed in verbs.items() for verb in listed},
        phrasal=phrasal,
        in_phrases=frozenset(word for pair in phrasal for word in pair),
        not_statements=frozenset(fold(w) for w in data["not_statements"]),
        according_to=tuple(sorted(data["according_to"].get(language, []), key=len, reverse=True)),
        pronouns=dict(data["pronouns"].get(language, {})),
        gendered={fold(w): gender for gender, listed in data["gendered"].items() for w in listed},
        **sets)


def lemma_of(token: Token) -> str:
    """The token's folded lemma; a French verb the lemmatiser left as written ("estime", taken for
    the noun) is read as the -er verb it is written as ("estimer")."""
    lemma = fold(token.lemma_)
    if token.doc.lang_ == "fr" and token.pos_ == "VERB" and lemma == fold(token.lower_) and lemma.endswith("e"):
        return lemma + "r"
    return lemma


def reflexive(verb: Token) -> bool:
    """A verb with "se" ("s'est déclaré"), which may mean something else than its speech."""
    return any(c.dep_.startswith("expl") and fold(c.lower_) in ("se", "s'") for c in verb.children)
