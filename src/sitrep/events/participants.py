"""Who did it and to whom: actors and targets of a sentence's event, from the trigger's
syntax, with who reports the event left out."""

from __future__ import annotations

from dataclasses import replace

import regex
from spacy.tokens import Span, Token

from ..language.figures import number_words
from ..language.models import fold
from ..language.quotes import SpeechWords
from ..records import Mention, PlaceMention
from .kinds import VIOLENT
from .syntax import clause_of, extent, last_before, passive, within
from .triggers import Trigger
from .words import EventWords, UNNAMED, VIOLENT_TO_CIVILIANS


DEFINITE = frozenset({"the", "this", "that", "le", "la", "l'", "ce", "cet", "cette"})
CROWDS = {"protests": ("desc:protesters", "protesters"), "riots": ("desc:rioters", "rioters")}  # ACLED's actors
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "qui"})


def find_participants(sent: Span, offset: int, mentions: list[Mention], places: list[PlaceMention], found: Trigger,
                      speech: SpeechWords, armed: frozenset[str], words: EventWords) -> tuple[list[Mention], list[Mention]]:
    """Actors are named in the trigger verb's subject, else before the trigger, and targets after
    it. A violent verb in the passive ("were killed by X", "was conquered ... by the rebels") has
    X as its actors and the rest as targets. An armed group named after the trigger ("attacks by
    Boko Haram") is an actor of violence, and both sides of a battle are. Who reports the event
    ("X said", "according to X"), who is told it ("told AFP") and places (a town the tagger took
    for a person) are neither. A protest or a riot is its crowd's, as ACLED codes them:
    protesters or rioters, with whoever the protest verb's subject names. Violence by no one
    named is an unidentified armed group's."""
    token, kind = found.token, found.kind
    start, end, trigger = offset + sent.start_char, offset + sent.end_char, offset + token.idx
    speakers, relays = _sources(sent, offset, speech, token, words.claims)
    towns = [(p.start, p.end) for p in places if p.geonames_id is not None and start <= p.start < end]
    present = [m for m in mentions if start <= m.start < end and m.label != "NORP" and not _where(m, sent, offset, words)
               and (m.entity_key.startswith("actor:") or (m.label not in ("GPE", "LOC", "FAC") and not within(m, towns)))]
    inside = [m for m in present if not within(m, speakers + relays)]
    clause = clause_of(token)
    agents = next((spans for verb in clause if (spans := _agents(sent, offset, verb))), [])
    by = [m for m in inside if within(m, agents)]
    if kind in VIOLENT and passive(token):
        actors = by
    else:
        subject = _subject(token, offset)
        named_subject = [m for m in inside if subject and subject[0] <= m.start < subject[1]]
        patients = [] if found.sub_type in words.passive_actors else [
            extent(c, offset) for verb in clause for c in verb.children if c.dep_ in ("nsubjpass", "nsubj:pass")]
        before = [m for m in inside if m.start < trigger and not within(m, patients)]
        actors = by or named_subject or ([] if kind in CROWDS else before)
    if not actors and kind == "strategic_developments":  # "a Russian diplomat said Malian officers train in Russia"
        actors = [m for m in present if within(m, speakers)]
    if kind in CROWDS and not any(m.entity_key == CROWDS[kind][0] for m in actors):
        actors = [Mention(trigger, trigger, CROWDS[kind][1], "DESC", CROWDS[kind][0]), *actors]
    if kind in CROWDS:
        actors += _crowd(clause, offset, actors)
    targets = [m for m in inside if m not in actors]
    if kind == "battles" or (kind in VIOLENT_TO_CIVILIANS and not any(m.entity_key in armed for m in actors)):
        actors += [m for m in targets if m.entity_key in armed]
        targets = [m for m in targets if m.entity_key not in armed]
    if kind in VIOLENT and not actors:
        actors = [Mention(trigger, trigger, UNNAMED[1], "DESC", UNNAMED[0])]
    return actors, targets


def _crowd(clause: list[Token], offset: int, actors: list[Mention]) -> list[Mention]:
    """Who made up a protest or a riot when the subject names them without a name ("the
    prisoners started a revolt"), as ACLED's associated actor."""
    crowd = next((c for verb in clause for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                  and "Plur" in c.morph.get("Number")), None)
    if crowd is not None and fold(crowd.lower_) in number_words(crowd.doc.lang_).vague:  # "hundreds of women"
        crowd = next((t for t in crowd.subtree if t.i > crowd.i and t.pos_ == "NOUN"), None)
    if crowd is None or any(m.start <= offset + crowd.idx < m.end for m in actors):
        return []
    return [Mention(offset + crowd.idx, offset + crowd.idx + len(crowd), crowd.lower_, "DESC", f"desc:{fold(crowd.lower_)}")]


def _where(mention: Mention, sent: Span, offset: int, words: EventWords) -> bool:
    """A country or town named as where something is ("in Mali"), not as who acts."""
    token = next((t for t in sent if offset + t.idx == mention.start), None)
    return (mention.label in ("GPE", "LOC") and token is not None and token.dep_ == "pobj"
            and fold(token.head.lower_) in words.locative)


def _agents(sent: Span, offset: int, trigger: Token) -> list[tuple[int, int]]:
    """Spans of the trigger's passive agents: "by X" parsed as its agent, else, for a passive
    trigger, the first "by" or "par" phrase after it before another verb, wherever the parser
    hung it ("was seized on Monday, at dawn, by the rebels")."""
    parsed = [extent(t, offset) for t in trigger.children if t.dep_ in ("agent", "obl:agent")]
    if parsed or not passive(trigger):
        return parsed
    for t in sent[trigger.i - sent.start + 1:]:
        if t.pos_ == "VERB":
            break
        if t.lower_ in ("by", "par"):
            return [extent(t.head if t.dep_ == "case" else t, offset)]
    return []


def groups_named_again(text: str, sent: Span, offset: int, mentions: list[Mention], groups: list[Mention],
                       speech: SpeechWords) -> list[Mention]:
    """"The group", "le mouvement": the armed group or military company the article named last
    before them, unless another group was spoken of since ("a group of officers ... the group")."""
    found = []
    for token in sent:
        at = offset + token.idx
        if (fold(token.lemma_) in speech.anaphors
                and any(c.dep_ == "det" and fold(c.lower_) in DEFINITE for c in token.children)
                and not any(m.start <= at < m.end for m in mentions)):
            last = last_before(groups, at)
            if last is not None and not regex.search(rf"(?<!\w){regex.escape(fold(token.lemma_))}", fold(text[last.end:at])):
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


def _subject(token: Token, offset: int) -> tuple[int, int] | None:
    """The span of the trigger verb's subject (or of the verb it is joined to: "raided Gao,
    killing nine"; or of the noun a relative clause is about: "the bloc, which suspended
    Mali"), if it has one."""
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
