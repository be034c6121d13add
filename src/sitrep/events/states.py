"""How events name a country's state and its forces: by demonym ("Russian soldiers"), by
possessive ("Mali's army"), by the bare word in an article about one country ("the army"), by
an official's role ("the Malian president")."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import regex
from spacy.tokens import Span, Token

from ..datafiles import read_yaml
from ..language.actors import ActorDictionary
from ..language.models import fold
from ..records import Mention, Role
from .words import EventWords


@dataclass(frozen=True)
class State:
    """How events name a country's state and its forces: (entity key, name) each."""

    state: tuple[str, str]
    forces: tuple[str, str]


@dataclass(frozen=True)
class States:
    by_demonym: dict[str, State]  # folded demonym
    by_key: dict[str, State]  # entity key of the state
    by_country: dict[str, State]  # ISO 3166 alpha-2
    forces_keys: frozenset[str]  # entity keys of every state's forces (the state's own where it has none)


@cache
def states(dictionary: ActorDictionary) -> States:
    """Countries' states and forces as the actor dictionary names them (a state the dictionary
    lacks is named as data/demonyms.yaml names it; a state without forces in the dictionary
    stands for them), found by demonym, by the state's key and by country code."""
    known: dict[str, dict[str, tuple[str, str]]] = {}
    for actor in dictionary.actors.values():
        if actor.country and actor.type in ("state", "state forces"):
            known.setdefault(actor.country, {}).setdefault(actor.type, (actor.key, actor.name))
    demonyms = read_yaml("demonyms.yaml")
    by_country = {}
    for code in {*demonyms, *known}:
        name = demonyms[code]["name"] if code in demonyms else None
        state = known.get(code, {}).get("state") or (("actor:" + fold(name), name) if name else None)
        forces = known.get(code, {}).get("state forces", state)
        if forces is not None:
            by_country[code] = State(state or forces, forces)
    return States({fold(d): by_country[code] for code, entry in demonyms.items()
                   for d in (*entry.get("en", ()), *entry.get("fr", ()))},
                  {s.state[0]: s for s in by_country.values()}, by_country,
                  frozenset(s.forces[0] for s in by_country.values()))


def officials_of(roles: tuple[Role, ...], known: States, words: EventWords) -> dict[str, tuple[str, str]]:
    """People whose role makes them act for a state ("Russian Foreign Minister", "le président
    malien"): their entity key -> the state's (key, name); ACLED codes them as its government."""
    found = {}
    for role in roles:
        tokens = regex.findall(r"[\w.'’-]+", fold(role.role))
        state = next((known.by_demonym[t] for t in tokens if t in known.by_demonym), None)
        if state is not None and any(t in words.state_words for t in tokens):
            found.setdefault(role.entity_key, state.state)
    return found


def state_of(person: Mention, officials: dict[str, tuple[str, str]]) -> tuple[Mention, ...]:
    if person.entity_key not in officials:
        return ()
    key, name = officials[person.entity_key]
    return (replace(person, text=name, label="GPE", entity_key=key),)


def with_states(sent: Span, offset: int, mentions: list[Mention], known: States, home: State | None,
                words: EventWords) -> list[Mention]:
    """The sentence's mentions, with states and their forces named by a demonym on a word for them
    ("Russian soldiers", "the Italian Prime Minister") or for what they did ("a Russian strike"), by a state's possessive ("Mali's army") or,
    for the country the article is about, by that word alone ("the army", "la junte")."""
    start, end = offset + sent.start_char, offset + sent.end_char
    here = [m for m in mentions if start <= m.start < end and m.label != "NORP"
            and (m.entity_key.startswith("actor:") or fold(m.text) not in known.by_demonym)]  # "Nigerien" taken for a name
    for token in sent:
        at = offset + token.idx
        named = next((m for m in here if m.start <= at < m.end), None)
        if named is None and (state := known.by_demonym.get(fold(token.text))):
            role = _state_role(token, (token.head, token.head.head), words) or _doer(token, words)
        elif named is not None and (state := known.by_key.get(named.entity_key)) and _possessive(token):
            role = _state_role(token, (token.head,), words)
            here = [m for m in here if m is not named] if role else here
        elif named is None and home is not None and token.dep_ != "amod" and _bare(token, words):
            state, role = home, _state_role(token, (token,), words)
        else:
            continue
        if role:
            key, name = getattr(state, role)
            here.append(Mention(at, at + len(token), name, "ORG" if role == "forces" else "GPE", key))
    return sorted(here, key=lambda m: m.start)


def _state_role(token: Token, heads: tuple[Token, ...], words: EventWords) -> str | None:
    """"forces" or "state" when one of `heads` is a word for a state's forces or government."""
    for head in heads:
        word = {fold(head.lower_), fold(head.lemma_)}
        if head != token or len(heads) == 1:
            if word & words.state_forces_words:
                return "forces"
            if word & words.state_words:
                return "state"
    return None


def _doer(demonym: Token, words: EventWords) -> str | None:
    """"state" for a demonym on a word for an event ("a Russian strike", "une frappe russe"):
    the state did it."""
    noun = demonym.head
    if demonym.dep_ != "amod" or noun.pos_ != "NOUN":
        return None
    readings = (lexicon.readings(fold(noun.lemma_), "NOUN") for lexicon in words.lexicons.values())
    return "state" if any(readings) else None


def _possessive(token: Token) -> bool:
    return any(c.lower_ in ("'s", "’s") for c in token.children)


def _bare(token: Token, words: EventWords) -> bool:
    """"the army", "l'armée": a definite word for forces or a government, not said whose; and
    forces counted, in the plural or as a noun's modifier ("three soldiers", "soldiers", "an
    army convoy")."""
    children = list(token.children)
    if any(c.dep_ in ("amod", "poss", "compound", "nmod", "prep") for c in children):
        return False
    if any(c.dep_ == "det" and fold(c.lower_) in ("the", "le", "la", "l'", "les") for c in children):
        return True
    forces = {fold(token.lower_), fold(token.lemma_)} & words.state_forces_words & words.armed  # people, not drones
    return bool(forces) and (token.dep_ == "compound" or any(c.dep_ == "nummod" for c in children)
                             or (not any(c.dep_ == "det" for c in children) and "Plur" in token.morph.get("Number")))


def state_of_country(known: States, code: str | None, name: str | None = None) -> State | None:
    """A country's state and forces; a country neither the dictionary nor data/demonyms.yaml
    knows is named by its own name (`name`), for both."""
    if code is None or code in known.by_country or not name:
        return known.by_country.get(code) if code else None
    return State(("actor:" + fold(name), name), ("actor:" + fold(name), name))


def with_forces(actors: list[Mention], home: State | None, at: int, known: States) -> list[Mention]:
    """The actors of an event a state's forces carry out: a state named stands for its forces
    ("Mali staged a coup"), and when no forces are named, those of the country where it happened
    (`home`) act ("the president was ousted in a coup")."""
    def forces(m: Mention) -> Mention:
        key, name = known.by_key[m.entity_key].forces
        return replace(m, text=name, label="ORG", entity_key=key)
    actors = [forces(m) if m.entity_key in known.by_key else m for m in actors]
    if home is None or any(m.entity_key in known.forces_keys or m.entity_key == home.forces[0] for m in actors):
        return actors
    key, name = home.forces
    return [*actors, Mention(at, at, name, "ORG", key)]
