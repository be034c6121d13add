"""Which words report speech, and what frames a statement with its source.

A reporting verb is a lemma of one of the classes in data/speech.yaml ("say", "claim", "détailler",
…) or a phrase of a verb and its particle or noun ("point out", "faire état de"); a French verb
with "se" reports only when the data says so ("s'indigner", not "un incendie s'est déclaré").
Frames: "according to X", "selon X", and "Pour X, …" opening a sentence. Who the subject of a
reporting verb is: subjects.py.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .models import fold
from .speech import SpeechWords, lemma_of, reflexive
from .subjects import phrase


def is_reporting(token: Token, words: SpeechWords) -> bool:
    """A reporting verb, or the head of a reporting phrase ("pointed out", "a fait état de")."""
    if token.pos_ not in ("VERB", "AUX", "NOUN"):
        return False
    lemma = lemma_of(token)
    if reflexive(token) and lemma not in words.reflexive:
        return False  # "un incendie s'est déclaré", "il se dit prêt": no speech
    if token.pos_ != "NOUN" and lemma in words.classes and not any(lemma == v for v, _ in words.phrasal):
        return True
    return _phrasal_partner(token, words) is not None


def _phrasal_partner(token: Token, words: SpeechWords) -> Token | None:
    """The particle or noun that makes `token` a reporting phrase, when `token` is the phrase's head."""
    lemma, form = fold(token.lemma_), fold(token.lower_)
    if lemma not in words.in_phrases and form not in words.in_phrases:
        return None
    window = token.doc[token.i + 1:min(len(token.doc), token.i + 4)]
    before = token.doc[max(0, token.i - 3):token.i]
    for verb, word in words.phrasal:
        if lemma == verb:
            partner = next((t for t in window if word in (fold(t.lemma_), fold(t.lower_))), None)
            if partner is not None and token.is_ancestor(partner):
                return partner
        elif word in (lemma, form):
            partner = next((t for t in before if fold(t.lemma_) == verb), None)
            if partner is not None and not partner.is_ancestor(token) and partner.head.i == token.i:
                return partner
    return None


def verb_class(token: Token, words: SpeechWords) -> str | None:
    return words.classes.get(lemma_of(token))


def is_infinitive(verb: Token) -> bool:
    """'to deny', 'de démentir': what someone may or should say, not what was said."""
    return "Inf" in verb.morph.get("VerbForm") or verb.tag_ == "VB"


def according_to(sent: Span, words: SpeechWords, *, outside: tuple[int, int] = (-1, -1), offset: int = 0) -> Span | None:
    """Who frames the sentence with "according to X" / "selon X", or opens it with "Pour X, …",
    outside the given character span."""
    lowered = sent.text.lower()
    for frame in words.according_to:
        at = lowered.find(frame + " ")
        while at >= 0 and (at > 0 and lowered[at - 1].isalnum() or outside[0] <= offset + sent.start_char + at < outside[1]):
            at = lowered.find(frame + " ", at + 1)
        if at < 0:
            continue
        after = sent.doc.char_span(sent.start_char + at + len(frame) + 1, sent.end_char, alignment_mode="expand")
        framed = _framed(after, sent, len(frame.split())) if after is not None and len(after) else None
        if framed is not None:
            return framed
    return _opening_frame(sent, words)


def _framed(after: Span, sent: Span, frame_words: int) -> Span | None:
    framing = {t.i for t in sent.doc[after.start - frame_words:after.start]}
    attached = [t for t in after if t.pos_ in ("NOUN", "PROPN", "PRON")
                and (t.head.i < after.start or framing & {c.i for c in t.children})]
    return phrase(attached[0]) if attached else None


def _opening_frame(sent: Span, words: SpeechWords) -> Span | None:
    """"Pour le ministre, …": a framing preposition opens the sentence and a comma closes a short
    phrase after it (the caller keeps it only when it names someone the text names)."""
    if not len(sent) or fold(sent[0].lower_) not in words.opening_frames:
        return None
    comma = next((t for t in sent[1:8] if t.text == ","), None)
    if comma is None:
        return None
    heads = [t for t in sent.doc[sent.start + 1:comma.i] if t.pos_ in ("PROPN", "PRON", "NOUN")
             and not sent.start < t.head.i < comma.i]
    return phrase(heads[0]) if heads else None
