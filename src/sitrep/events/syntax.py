"""What the parse says about a trigger's clause: its verbs, its voice, its subject, the
character spans of its phrases."""

from __future__ import annotations

from spacy.tokens import Token

from ..language.models import fold
from ..records import Mention


def subject_words(token: Token) -> list[str]:
    """The words of a passive verb's subject, its head first and the nearest to it next ("three
    of the trucks bringing patients from the camp": patients before camp)."""
    subject = next((c for c in token.children if c.dep_ in ("nsubjpass", "nsubj:pass")), None)
    if subject is None:
        return []
    words, level = [], [subject]
    while level:
        words += [fold(t.lower_) for t in level]
        level = [c for t in level for c in t.children]
    return words


def passive(token: Token) -> bool:
    """"were shot at", "ont été tués", and a headline's "three soldiers killed as ...": the
    victims come before the verb."""
    children = list(token.children)
    return any(c.dep_ in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass") for c in children) or (
        token.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in children) and not any(c.dep_ == "aux" for c in children))


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(a <= mention.start < b for a, b in spans)


def clause_of(trigger: Token) -> list[Token]:
    """The trigger and the verbs whose clause it is part of: a noun's verb ("was ousted in a
    coup", "staged a coup") and the verbs that verb is joined to ("was detained by the guards
    and ousted in a putsch")."""
    chain, token = [trigger], trigger
    if token.pos_ == "NOUN" and (token.dep_ in ("pobj", "dobj", "obj") or token.dep_.startswith("obl")):
        token = token.head.head if token.head.dep_ == "prep" else token.head
        chain.append(token)
    while token.dep_ == "conj" and token.head != token and token.pos_ in ("VERB", "AUX"):
        token = token.head
        chain.append(token)
    return [t for t in chain if t == trigger or t.pos_ in ("VERB", "AUX")]


def last_before(mentions: list[Mention], at: int) -> Mention | None:
    return next((m for m in reversed(mentions) if m.start < at), None)


def extent(token: Token, offset: int) -> tuple[int, int]:
    """Character span of a token's subtree."""
    return offset + token.left_edge.idx, offset + token.right_edge.idx + len(token.right_edge)


def clause_head(token: Token) -> Token:
    """The verb whose clause a word is part of: itself for a verb, for a noun (or a verb used
    as its modifier: "an improvised device") the nearest verb above it, else the sentence's root."""
    while (token.pos_ not in ("VERB", "AUX") or token.dep_ in MODIFIERS) and token.head != token:
        token = token.head
    return token


MODIFIERS = frozenset({"amod", "compound", "nmod", "npadvmod", "nummod"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def located(token: Token, clause: Token, locative: frozenset[str]) -> bool:
    """A place's name after a word that says where ("in Gao", "à Mopti", "near the town of Gao"),
    not inside the clause's subject ("a peacekeeper of the mission in Mali"); the tagger may take
    a town for a person."""
    if token.ent_type_ not in PLACE_LABELS and not (token.pos_ == "PROPN" and token.ent_type_ in ("", "PERSON")):
        return False
    path = [token, *token.ancestors]
    if clause in path and any(t.dep_ in SUBJECTS for t in path[:path.index(clause)]):
        return False
    phrase = next((t for t in (token, *token.ancestors) if t.dep_ in ("pobj", "nmod") or t.dep_.startswith("obl")), None)
    if phrase is None:
        return False
    markers = [phrase.head] if phrase.dep_ == "pobj" else [c for c in phrase.children if c.dep_ == "case"]
    return any(fold(m.lower_) in locative for m in markers)

