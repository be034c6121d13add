"""Which word makes a sentence report an event, of which type, and which such words do not:
nouns used as modifiers, purposes, references back, states of affairs, plans."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

import regex
from spacy.tokens import Span, Token

from ..language.models import fold
from .kinds import VIOLENT
from .syntax import clause_of, passive, subject_words
from .words import EventWords, PARTICLES, REFINED


@dataclass(frozen=True)
class Trigger:
    """The word that makes a sentence report an event."""

    kind: str
    sub_type: str
    token: Token
    at: int  # offset in the sentence
    sure: bool  # False for an attack whose victims go unnamed
    background: bool  # in an "after ..." clause: an earlier event told in passing


def strongest(sent: Span, folded: str, words: EventWords, dates: list[tuple[int, int]],
              language: str) -> Trigger | None:
    """The trigger of the sentence's event of the most specific type; of two of a rank, a verb
    (what the sentence says happened) before a noun ("talk of an election divided the junta and
    the bloc, which suspended Mali": the suspension)."""
    found = []
    tokens = {t.idx - sent.start_char: t for t in sent}
    for (trigger_kind, sub_type), at in _triggers(sent, folded, words, dates, language):
        token = tokens.get(at) or next((t for o, t in sorted(tokens.items()) if o >= at), sent[-1])
        kind, sure = _refine(trigger_kind, _victim_words(folded, at, token), words)
        if kind != trigger_kind:
            sub_type = {"battles": "armed_clash", "violence_against_civilians": "attack"}[kind]
        found.append(Trigger(kind, sub_type, token, at, sure, _background(token, words)))
    if not found:
        return None
    def strength(t: Trigger) -> tuple[int, bool, int]:
        return _rank(words.precedence, t.kind, t.sub_type), t.token.pos_ != "VERB", t.at
    foreground = [t for t in found if not t.background] or found
    if min(foreground, key=strength).kind in VIOLENT:  # "killed after their truck hit a mine": the how counts
        foreground += [t for t in found if t.background and t.kind in VIOLENT]
    return min(foreground, key=strength)


def _victim_words(folded: str, at: int, token: Token) -> list[str]:
    """Where the victims are named, nearest first: after an active verb, in the subject of a
    passive one (then before it), on either side of a noun ("nine traders died in a raid on the
    market")."""
    before, after = regex.findall(r"\w+", folded[:at])[::-1], regex.findall(r"\w+", folded[at:])
    if passive(token):
        return subject_words(token) + before
    if token.pos_ != "NOUN":
        return after
    return [w for pair in zip_longest(after, before) for w in pair if w]


def _background(token: Token, words: EventWords) -> bool:
    """A trigger inside "after ...", "since ...", "en raison de ..." tells what came before the
    sentence's own event ("a curfew was declared after gunmen attacked the market")."""
    if words.background_phrases.search(fold(token.doc[max(token.sent.start, token.i - 6):token.i].text)):
        return True
    above = set(token.ancestors)
    return any(a.dep_ in ("prep", "case", "mark") and fold(a.lower_) in words.background
               and (a in above or (a.dep_ in ("case", "mark") and a.i < token.i))
               for node in (token, *above) for a in node.children)


def _rank(precedence: tuple[str, ...], kind: str, sub_type: str) -> int:
    specific = f"{kind}/{sub_type}"
    return precedence.index(specific) if specific in precedence else precedence.index(kind)


def _triggers(sent: Span, folded: str, words: EventWords, dates: list[tuple[int, int]],
              language: str) -> list[tuple[tuple[str, str], int]]:
    """Every trigger in the sentence: its (type, sub-type) and character offset in it; words
    inside a date ("March 2") are not triggers."""
    found: list[tuple[tuple[str, str], int]] = []
    for token in sent:
        at = token.idx - sent.start_char
        if (token.pos_ not in ("VERB", "NOUN", "PROPN") or token.dep_ == "compound"  # not "attack helicopters"
                or fold(token.lower_) in words.not_triggers.get(language, ()) or any(s <= at < e for s, e in dates)):
            continue
        particle = next((c for c in token.children if c.dep_ in ("prt", "compound:prt", "prep", "advmod")
                         and c.i > token.i and c.lower_ in PARTICLES), None)
        hit = ((particle is not None and words.phrase_types.get(fold(f"{token.lemma_} {particle.lower_}")))
               or words.single.get(fold(token.lemma_)) or words.single.get(fold(token.lower_)))
        if hit and not (_purpose(token, words) or _anaphoric(token, words) or _ongoing(token) or _future(token)
                        or _descriptive(token, hit[0])):  # the parse is read for trigger words only
            found.append((hit, at))
    if words.phrases is not None:
        found += [(words.phrase_types[m.group()], m.start()) for m in words.phrases.finditer(folded)]
    return sorted(found, key=lambda f: f[1])


def announced(sent: Span, words: EventWords) -> list[tuple[int, int]]:
    """Spans of the modals of what was announced ("Chad announced that its battalion would pull
    out"): not a plan that may not happen, but the content of an announcement, which is the
    event."""
    modals = [t for t in sent if t.tag_ == "MD"]
    return [(t.idx - sent.start_char, t.idx - sent.start_char + len(t)) for t in modals
            if (verb := clause_of(t.head)[-1]).dep_ == "ccomp" and fold(verb.head.lemma_) in words.announcements]


def _future(token: Token) -> bool:
    """A verb in the future ("the battalion will pull out", "ils retireront"), or a trigger in
    such a verb's clause ("will extend beyond training")."""
    return any("Fut" in verb.morph.get("Tense") or any(
        c.dep_ in ("aux", "aux:tense") and c.lower_ in ("will", "'ll", "shall", "wo") for c in verb.children)
        for verb in clause_of(token))


def _ongoing(token: Token) -> bool:
    """"has been battling an insurgency": a state of affairs, not an event."""
    return token.tag_ == "VBG" and any(c.lower_ == "been" for c in token.children)


def _descriptive(token: Token, kind: str) -> bool:
    """Not one event but a description ("the detained men", "individuals arrested in connection
    with ...", unless dated or counted) or a count of events ("Mali has had two military
    coups", not "the first of two coups"; six rockets are one strike)."""
    if token.dep_ == "amod" and token.pos_ == "VERB":
        return True
    if token.dep_ == "acl" and token.tag_ == "VBN" and not any(t.ent_type_ == "DATE" for t in token.sent) \
            and not any(c.dep_ == "nummod" for c in token.head.children):
        return True  # "troops deployed in the region", "soldats tués", not "32 people killed"
    return (kind != "explosions_remote_violence" and token.pos_ == "NOUN" and "Plur" in token.morph.get("Number")
            and any(c.dep_ == "nummod" for c in token.children) and token.head.lower_ not in ("of", "de", "des"))


def _anaphoric(token: Token, words: EventWords) -> bool:
    """A noun that points back at an event already told ("the attack, he said, was cowardly",
    "their fight against terrorism", "last weekend's attack"), not a new one: a definite, demonstrative or possessive
    determiner, and nothing new in the sentence (no number, no date of its own, "since 2022" is
    not)."""
    pointers = [c for c in token.children if c.dep_ in ("det", "poss")
                and (fold(c.lower_) in words.anaphoric or (c.dep_ == "poss" and c.ent_type_ == "DATE"))]
    if token.pos_ != "NOUN" or not pointers:
        return False
    if token.dep_ in ("dobj", "obj") and fold(token.head.lemma_) in words.referring_verbs:
        return True
    if "Plur" in token.morph.get("Number") and any(fold(p.lower_) in words.demonstratives for p in pointers):
        return True  # "these raids drove herders to Mopti in January": the date is the flight's
    pointing = {t for p in pointers for t in p.subtree}
    told_in_passing = _background(token, words)
    return not any((t.like_num or t.ent_type_ in ("DATE", "CARDINAL")) and t not in pointing
                   and (told_in_passing or not _background(t, words)) for t in token.sent)


def _purpose(token: Token, words: EventWords) -> bool:
    """A verb of purpose ("troops to fight jihadists", "to guard the town and fight
    jihadists", "to assist with patrols and fight bandits") and its object ("to deter attacks"),
    not "agreed to withdraw"."""
    if token.dep_ == "conj" and token.head != token:
        head = token.head
        while head.dep_ in ("pobj", "prep", "conj") and head.pos_ != "VERB" and head.head != head:
            head = head.head  # "fight" joined to "security", the object of "help with"
        if head.pos_ == "VERB":
            return _purpose(head, words)
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "obj") and token.head.pos_ == "VERB":
        return _purpose(token.head, words)  # "to deter attacks"
    return (token.i > token.sent.start and fold(token.nbor(-1).lower_) in words.purpose
            and token.dep_ in ("advcl", "acl", "relcl", "conj") and fold(token.head.lemma_) not in words.decisions)


def _refine(kind: str, victims: list[str], words: EventWords) -> tuple[str, bool]:
    """A violent event against civilians, or between armed groups, by who the victims are: the
    nearest word to the trigger that names civilians or armed men; and whether the type is sure
    (an "attack" whose victims go unnamed is not)."""
    if kind not in REFINED:
        return kind, True
    for word in victims:
        if word in words.civilians:
            return "violence_against_civilians", True
        if word in words.armed:
            return "battles", True
    return kind, False
