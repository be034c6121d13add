"""Who did it and to whom: actors and targets of a sentence's event, from the trigger's
syntax, with who reports the event left out."""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex
from spacy.tokens import Span, Token

from ..language.figures import number_words
from ..language.models import fold
from ..language.quotes import SpeechWords
from ..records import Mention, PlaceMention
from .kinds import VIOLENT
from .syntax import clause_of, extent, last_before, passive, within
from .triggers import Trigger
from .words import EventWords, UNNAMED


DEFINITE = frozenset({"the", "this", "that", "le", "la", "l'", "ce", "cet", "cette"})
CROWDS = {"protests": ("desc:protesters", "protesters"), "riots": ("desc:rioters", "rioters")}  # ACLED's actors
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "qui"})


@dataclass(frozen=True)
class Roles:
    """What the trigger's syntax says each phrase of its sentence is, as character spans."""

    agents: list[tuple[int, int]]  # "killed by X", "X's attack", "attacks by X"
    subject: tuple[int, int] | None  # the active subject ("X attacked"), or who a participle is about
    patients: list[tuple[int, int]]  # who it was done to: "X were killed", "killed X", "attack on X"
    blamed: list[tuple[int, int]]  # "blamed Y for the attack", "accused Y of", "blamed on Y"
    blamers: list[tuple[int, int]]  # who blames: a source, as a speaker is
    movers: list[tuple[int, int]]  # the forces a deployment or a withdrawal moves ("deployed the blue helmets")


def find_participants(sent: Span, offset: int, mentions: list[Mention], places: list[PlaceMention], found: Trigger,
                      speech: SpeechWords, armed: frozenset[str], words: EventWords) -> tuple[list[Mention], list[Mention]]:
    """Actors and targets. Who a sentence blames for violence ("X blamed Y for the attack",
    "accused Y of", "blamed on Y") is its actor; else the agent ("killed by X", "X's attack",
    "attacks by X"); else the active subject ("X attacked"); else who is named before the
    trigger. Whoever it is done to (a passive subject, an object, "an attack on X") is a target,
    never an actor. Both sides of a battle (a state named by a word for its government, not as
    a place, among them: "the president was killed in fighting"), an agreement or a meeting are
    actors. Who reports the event ("X said",
    "according to X"), who is told it ("told AFP"), who blames and places (a town the tagger
    took for a person) are neither. A protest or a riot is its crowd's, as ACLED codes them:
    protesters or rioters, with whoever the protest verb's subject names. Violence by no one
    named is an unidentified armed group's."""
    token, kind, trigger = found.token, found.kind, offset + found.token.idx
    roles = _roles(sent, offset, found, words)
    speakers, relays = _sources(sent, offset, speech, token, words.claims)
    present = _present(sent, offset, mentions, places, words)
    inside = [m for m in present if not within(m, speakers + relays + roles.blamers)]
    actors = _actors(inside, roles, found, trigger, armed)
    if not actors and (kind == "strategic_developments"  # "a Russian diplomat said Malian officers train in Russia"
                       or _said_of_itself(found)):  # "the group said it had captured the town"
        actors = [m for m in present if within(m, speakers)]
    if kind in CROWDS:
        actors = _with_crowd(actors, clause_of(token), offset, trigger, kind)
    targets = [m for m in inside if m not in actors]
    if kind == "battles" or found.sub_type in words.mutual:  # both sides act
        sides = [m for m in targets if m.entity_key in armed
                 or (found.sub_type in words.mutual and not _country(m, places))  # not "visited Niger"
                 or (kind == "battles" and m.label == "GPE" and not _placed(m, places))]  # "the president was killed in fighting"
        actors, targets = actors + sides, [m for m in targets if m not in sides]
    if kind in VIOLENT and not actors:
        actors = [Mention(trigger, trigger, UNNAMED[1], "DESC", UNNAMED[0])]
    return actors, targets


def _said_of_itself(found: Trigger) -> bool:
    """A trigger whose subject is a pronoun in what a speaker says ("the group said it had
    captured the town", "l'armée affirme qu'elle a repoussé"): the speaker speaks of itself."""
    for verb in clause_of(found.token):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject.pos_ == "PRON" and verb.dep_ == "ccomp"
    return False


def _present(sent: Span, offset: int, mentions: list[Mention], places: list[PlaceMention],
             words: EventWords) -> list[Mention]:
    """The sentence's mentions that may act: not a nationality, not where something is ("in
    Mali"), not a place below a country (unless the actor dictionary names it as an actor): a
    country named otherwise acts as its state ("sanctioned by the United States")."""
    start, end = offset + sent.start_char, offset + sent.end_char
    towns = [(p.start, p.end) for p in places if p.geonames_id is not None and start <= p.start < end
             and p.kind != "country"]
    return [m for m in mentions if start <= m.start < end and m.label != "NORP" and not _where(m, sent, offset, words)
            and (m.entity_key.startswith("actor:") or not within(m, towns))
            and (m.entity_key.startswith("actor:") or m.label not in ("GPE", "LOC", "FAC") or _country(m, places))]


def _placed(mention: Mention, places: list[PlaceMention]) -> bool:
    return any(p.start < mention.end and mention.start < p.end for p in places)


def _country(mention: Mention, places: list[PlaceMention]) -> bool:
    return any(p.start < mention.end and mention.start < p.end and p.kind == "country" for p in places)


def _actors(inside: list[Mention], roles: Roles, found: Trigger, trigger: int, armed: frozenset[str]) -> list[Mention]:
    """Who did it, by the first of: who is blamed, the agents, the subject (of violence told in
    the passive, an armed group named in it), who is named before the trigger (none for a
    protest, whose crowd acts); never whoever it was done to."""
    if found.kind in VIOLENT and (blamed := [m for m in inside if within(m, roles.blamed)]):
        return blamed
    doers = [m for m in inside if not within(m, roles.patients)]
    by = [m for m in doers if within(m, roles.agents)]
    named = [m for m in doers if roles.subject and within(m, [roles.subject])]
    named += [m for m in doers if within(m, roles.movers) and m not in named]
    if by or (found.kind in VIOLENT and passive(found.token)):
        return by or named or [m for m in doers if m.entity_key in armed]  # "killed in attacks by the group"
    return named or ([] if found.kind in CROWDS else [m for m in doers if m.start < trigger])


def _roles(sent: Span, offset: int, found: Trigger, words: EventWords) -> Roles:
    """The roles the trigger's clause, and those of the triggers told with it, give."""
    tokens = (found.token, *found.joined)
    clause = [verb for token in tokens for verb in clause_of(token)]
    agents = next((spans for verb in clause if (spans := _agents(sent, offset, verb))), [])
    moving = found.sub_type in words.passive_actors
    agent_words = words.agent_prepositions | (words.mover_prepositions if moving else  # "the withdrawal of troops"
                                              words.source_prepositions if found.kind == "strategic_developments"
                                              else frozenset())  # "a condemnation from the Secretary-General"
    agents += [extent(c, offset) for token in tokens if token.pos_ in ("NOUN", "PROPN") for c in token.children
               if c.dep_ == "poss" or (c.dep_ in ("prep", "nmod") and fold(c.lower_) in agent_words)
               or (c.dep_ == "nmod" and any(fold(g.lower_) in agent_words for g in c.children if g.dep_ == "case"))]
    movers = [extent(c, offset) for verb in clause for c in verb.children if c.dep_ in ("dobj", "obj")] if moving else []
    patients = [] if found.sub_type in words.passive_actors else [
        extent(c, offset) for verb in clause for c in verb.children if c.dep_ in ("nsubjpass", "nsubj:pass")
        or (c.dep_ == "nsubj" and (passive(verb) or fold(verb.lemma_) in words.dying))]  # "civilians died in an attack"
    if found.kind in VIOLENT:
        patients += [extent(c, offset) for verb in clause for c in verb.children if c.dep_ in ("dobj", "obj")]
        patients += [extent(c, offset) for token in tokens for c in token.children
                     if c.dep_ == "prep" and fold(c.lower_) in words.target_prepositions]
    subject = next((span for token in tokens if not passive(token) and (span := subject_span(token, offset))), None)
    participles = [subject_span(t, offset) for t in tokens if t.dep_ == "acl" and t.tag_ == "VBN"]
    if found.sub_type not in words.passive_actors:  # "soldiers killed": victims; "Minusma, deployed": the actor
        patients += participles
        subject = None if subject in participles else subject
    blamed, blamers = blame(sent, offset, words)
    return Roles(agents, subject, patients, blamed, blamers, movers)


def blame(sent: Span, offset: int, words: EventWords) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Who the sentence blames, and who blames: "X blamed Y for the attack", "accused Y of
    killing", "blamed the attack on Y", "the attackers, whom X blamed on Y", "Y, which X blamed
    for the attack", "Y was blamed for"."""
    blamed, blamers = [], []
    for verb in (t for t in sent if fold(t.lemma_) in words.blame):
        blamers += [extent(c, offset) for c in verb.children if c.dep_ in ("nsubj", "agent", "obl:agent")]
        for c in verb.children:
            if c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass"):
                relative = c.lower_ in RELATIVE_PRONOUNS or c.lower_ in ("whom", "que")
                if relative and verb.dep_ in ("relcl", "acl:relcl") and not any(
                        g.dep_ == "prep" and fold(g.lower_) in words.blamed_on for g in verb.children):
                    blamed.append(extent(verb.head, offset)[:1] + (offset + verb.head.idx + len(verb.head),))
                elif not relative and not _event_word(c, words):
                    blamed.append(extent(c, offset))
                elif not relative:  # "blamed the attack on the movement", the parser hanging "on" on the attack
                    blamed += [extent(g, offset) for p in c.children if p.dep_ == "prep" and fold(p.lower_) in words.blamed_on
                               for g in p.children if g.dep_ == "pobj"]
            elif c.dep_ == "prep" and fold(c.lower_) in words.blamed_on:
                blamed += [extent(g, offset) for g in c.children if g.dep_ in ("pobj", "obj")]
            elif c.dep_ in ("obl", "obl:arg", "iobj") and any(
                    g.dep_ == "case" and fold(g.lower_) in words.blamed_on for g in c.children):  # "attribuée au gang"
                blamed.append(extent(c, offset))
    return blamed, blamers


def _event_word(phrase: Token, words: EventWords) -> bool:
    """Whether a phrase names the event rather than who did it ("blamed the attack on ...")."""
    return any(lexicon.readings(fold(t.lemma_), t.pos_) for t in phrase.subtree for lexicon in words.lexicons.values())


def _with_crowd(actors: list[Mention], clause: list[Token], offset: int, trigger: int, kind: str) -> list[Mention]:
    """A protest's or a riot's actors: its crowd as ACLED names it (protesters, rioters), with
    who made it up when the subject names them without a name ("the prisoners started a
    revolt"), as ACLED's associated actor."""
    if not any(m.entity_key == CROWDS[kind][0] for m in actors):
        actors = [Mention(trigger, trigger, CROWDS[kind][1], "DESC", CROWDS[kind][0]), *actors]
    crowd = next((c for verb in clause for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                  and "Plur" in c.morph.get("Number")), None)
    if crowd is not None and fold(crowd.lower_) in number_words(crowd.doc.lang_).vague:  # "hundreds of women"
        crowd = next((t for t in crowd.subtree if t.i > crowd.i and t.pos_ == "NOUN"), None)
    if crowd is None or any(m.start <= offset + crowd.idx < m.end for m in actors):
        return actors
    return [*actors, Mention(offset + crowd.idx, offset + crowd.idx + len(crowd), crowd.lower_, "DESC",
                             f"desc:{fold(crowd.lower_)}")]


def _where(mention: Mention, sent: Span, offset: int, words: EventWords) -> bool:
    """A country or town named as where something is ("in Mali"), not as who acts."""
    token = next((t for t in sent if offset + t.idx == mention.start), None)
    return (mention.label in ("GPE", "LOC") and token is not None and token.dep_ == "pobj"
            and fold(token.head.lower_) in words.locative)


def _agents(sent: Span, offset: int, trigger: Token) -> list[tuple[int, int]]:
    """Spans of the trigger's passive agents: "by X" parsed as its agent, else, for a passive
    trigger or a participle, the first "by" or "par" phrase after it before another verb,
    wherever the parser hung it ("was seized on Monday, at dawn, by the rebels", "un chef
    sanctionné par les États-Unis")."""
    parsed = [extent(t, offset) for t in trigger.children if t.dep_ in ("agent", "obl:agent")]
    participle = trigger.dep_ == "acl" and (trigger.tag_ == "VBN" or "Part" in trigger.morph.get("VerbForm"))
    if parsed or not (passive(trigger) or participle):
        return parsed
    for t in sent[trigger.i - sent.start + 1:]:
        if t.pos_ == "VERB":
            break
        if t.lower_ in ("by", "par"):
            return [extent(t.head if t.dep_ == "case" else t, offset)]
    return []


def groups_named_again(text: str, sent: Span, offset: int, mentions: list[Mention], groups: list[Mention],
                       speech: SpeechWords, named: list[Mention] = ()) -> list[Mention]:
    """"The group", "le mouvement": the armed group or military company the article named last
    before them, or the organisation of `named` whose name has that word ("the Rising Sun
    Movement ... the movement"), unless another was spoken of since ("a group of officers ...
    the group")."""
    found = []
    for token in sent:
        at, word = offset + token.idx, fold(token.lemma_)
        if (word in speech.anaphors and any(c.dep_ == "det" and fold(c.lower_) in DEFINITE for c in token.children)
                and not any(m.start <= at < m.end for m in mentions)):
            called = [m for m in named if m.label == "ORG" and word in fold(m.text).split()]
            last = last_before(sorted([*groups, *called], key=lambda m: m.start), at)
            if last is not None and not regex.search(rf"(?<!\w){regex.escape(word)}", fold(text[last.end:at])):
                found.append(replace(last, start=at, end=at + len(token)))
    return found


def group_of(description: Mention, groups: list[Mention], words: EventWords) -> tuple[Mention, ...]:
    """The armed group a description ("the insurgents") stands for: the nearest one the article
    names before it, else the only one it names."""
    if description.entity_key not in words.group_descriptions or not groups:
        return ()
    if (last := last_before(groups, description.start)) is not None:
        return (last,)
    return (groups[0],) if len({g.entity_key for g in groups}) == 1 else ()


def subject_span(token: Token, offset: int) -> tuple[int, int] | None:
    """The span of the trigger verb's subject (or of the verb it is joined to: "raided Gao,
    killing nine"; or of the noun a relative clause is about: "the bloc, which suspended
    Mali"; or of the verb whose effort an infinitive completes: "forces continued their struggle
    to conquer the cities"), if it has one."""
    if token.dep_ == "acl" and token.tag_ == "VB" and token.head.dep_ in ("dobj", "obj"):
        token = token.head.head
    elif token.dep_ == "acl" and token.head != token:  # "Minusma, deployed in Mali", "troops staging evidence"
        return offset + token.head.left_edge.idx, offset + token.head.idx + len(token.head)
    while (subject := next((c for c in token.children if c.dep_ == "nsubj"), None)) is None:
        if token.dep_ not in ("conj", "advcl", "xcomp") or token.head == token:
            return None
        token = token.head
    if subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
        noun = token.head
        return offset + noun.left_edge.idx, offset + noun.idx + len(noun)
    return extent(subject, offset)


def names_of(names: dict[str, str], *groups: list[Mention]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(dict.fromkeys(names.get(m.entity_key, m.text) for m in group)) for group in groups)


def _sources(sent: Span, offset: int, speech: SpeechWords, trigger: Token,
             claims: frozenset[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of who reports and to whom: the subjects of speech verbs (the speakers),
    then their named objects ("told AFP") and what follows "according to". A speech verb that is
    the event ("claimed the attack"), says it of its own subject ("claimed to have killed 300") or
    claims responsibility for it reports no one."""
    own = _claimed_by(trigger)
    claimants = [(offset + sent.doc[max(sent.start, t.i - 4)].idx, offset + t.idx) for t in sent
                 if fold(t.lemma_) in claims or fold(t.lower_) in claims]
    heard = [t for t in sent if t.head.lemma_.lower() in speech.verbs and t.head not in own]
    speakers = [extent(t, offset) for t in heard if t.dep_ in ("nsubj", "nsubj:pass")]
    relays = [extent(t, offset) for t in heard if t.dep_ in ("dobj", "dative", "iobj") and t.pos_ == "PROPN"]
    speakers, relays = ([(a, b) for a, b in spans if not any(a < y and x < b for x, y in claimants)]
                        for spans in (speakers, relays))
    lowered = sent.text.lower()
    for phrase in speech.according_to:
        at = lowered.find(phrase + " ")
        if at >= 0:
            stop = regex.search(r"[,;.]", sent.text[at + len(phrase):])
            relays.append((offset + sent.start_char + at,
                           offset + sent.start_char + at + len(phrase) + (stop.start() if stop else len(sent.text))))
    return speakers, relays


def _claimed_by(trigger: Token) -> set[Token]:
    """The trigger and the verbs it is the infinitive complement of ("said to have killed")."""
    own, token = {trigger}, trigger
    while token.dep_ in ("xcomp", "conj") and token.head != token:
        token = token.head
        own.add(token)
    return own
