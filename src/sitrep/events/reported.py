"""Whether a trigger word reports an event: not a purpose, a reference back, a state of
affairs, the future, a description, a topic spoken of, a denial or a habit; and whether it is
told in passing, in an "after ..." clause, as background to its sentence's own event."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..language.models import fold
from .kinds import VIOLENT
from .syntax import MODIFIERS, SUBJECTS, clause_head, clause_of, located
from .words import EventWords


def reported(token: Token, words: EventWords, *, kind: str) -> bool:
    """Whether a trigger word of this type reports an event: not a purpose, a reference back, a
    state of affairs, the future, a description or a habit (the parse is read for trigger words
    only); violence over years is a state of affairs, while a development since a year began then
    ("deployed in the country since 2013")."""
    return not (_purpose(token, words) or _anaphoric(token, words) or _ongoing(token) or _future(token)
                or _descriptive(token, words) or _topic(token, words) or _negated(token, words)
                or _habitual(token, words) or kind in VIOLENT and _durative(token, words) or _present(token))


def _negated(token: Token, words: EventWords) -> bool:
    """A clause that denies the event: a negated verb ("was not attacked", "n'a jamais été
    attaqué"), a subject no one is ("no group claimed the bombing", "aucun groupe") or a trigger
    noun that none was ("there was no fighting", "aucun affrontement")."""
    verbs = clause_of(token) if token.pos_ in ("VERB", "AUX") else [clause_head(token)]
    if token.pos_ == "NOUN" and any(c.dep_ == "det" and fold(c.lower_) in words.negations for c in token.children):
        return True
    return any(c.dep_ == "neg" or fold(c.lower_) in words.negations
               or (c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")
                   and any(d.dep_ == "det" and fold(d.lower_) in words.negations for d in c.children))
               for verb in verbs for c in verb.children)


def _habitual(token: Token, words: EventWords) -> bool:
    """What has happened before, again and again, rather than an event ("the group has used
    roadside bombs on this road before"): a perfect verb with an adverb of repetition; a noun
    said to be frequent ("regular attacks", "des attaques régulières")."""
    if token.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("amod", "nmod") and fold(c.lower_) in words.frequent
                                               for c in token.children):
        return True
    verb = token if token.pos_ in ("VERB", "AUX") else clause_head(token)
    perfect = any(c.dep_ in ("aux", "aux:tense") and fold(c.lemma_) in ("have", "avoir") for c in verb.children)
    return perfect and any(c.dep_ == "advmod" and fold(c.lower_) in words.habitual for c in verb.children)


def _durative(token: Token, words: EventWords) -> bool:
    """A state of affairs over a long time, not an event of a day: a clause whose verb has a span
    from a year or a long time ago ("bandits have attacked villages since 2019", "les violences
    frappent la région depuis des années"), or a perfect verb's span measured in a long time's
    unit ("the conflict has killed thousands over the past decade", not "has been paid for a
    million a month"); a trigger inside that span ("since the coup in 2020") is not the clause's."""
    verb = token if token.pos_ in ("VERB", "AUX") else clause_head(token)
    perfect = any(c.dep_ in ("aux", "aux:tense") and fold(c.lemma_) in ("have", "avoir", "être") for c in verb.children)
    for opener, span in _time_spans(verb):
        if token in span.subtree:
            continue
        years = any(t.like_num and len(t.text) == 4 and t.text.isdigit() for t in span.subtree)
        long = fold(span.lower_) in words.durative_units
        if opener in words.durative_since and (years or long) or opener in words.durative_over and long and perfect:
            return True
    return False


def _time_spans(verb: Token) -> list[tuple[str, Token]]:
    """A verb's phrases opened by a preposition, each as the preposition and the phrase's noun:
    "since 2019" (prep, pobj), "depuis des années" (the noun, its case marker)."""
    found = []
    for c in verb.children:
        if c.dep_ == "prep":
            found += [(fold(c.lower_), o) for o in c.children if o.dep_ == "pobj"]
        elif c.dep_.startswith("obl"):
            found += [(fold(m.lower_), c) for m in c.children if m.dep_ == "case"]
    return found


def _present(token: Token) -> bool:
    """An English verb in the simple present, or the present progressive with no time of its
    own, outside a headline: what is so or keeps happening ("gangs who raid villages,
    killing residents", "continue to attack", "the country is battling jihadists"), not an
    event; news tells events in the past, headlines in the present ("militants storm a base")."""
    if token.pos_ not in ("VERB", "AUX") or token.lang_ != "en" or _headline(token.sent):
        return False
    while token.tag_ in ("VBG", "VB") and token.dep_ in ("advcl", "conj", "xcomp", "pcomp") and token.head != token:
        # the verb it hangs on: "raid villages, killing residents after looting", "continue to attack"
        token = token.head.head if token.head.pos_ == "ADP" else token.head
    if token.tag_ in ("VBZ", "VBP"):
        return True
    return token.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in token.children) and not any(
        t.ent_type_ in ("DATE", "TIME") for t in token.sent)


def _headline(sent: Span) -> bool:
    """A line that ends without a full stop: a headline or a caption."""
    return not sent.text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", "»", ")"))


def _topic(token: Token, words: EventWords) -> bool:
    """A noun spoken of rather than told ("discussed a mining deal", "called for a ceasefire",
    "demanded the withdrawal of the troops")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.dep_ in ("dobj", "obj") and fold(token.head.lemma_) in words.topic_verbs:
        return True
    head = token.head if token.head.dep_ in ("prep", "case") else token
    before = fold(token.doc[max(token.sent.start, head.i - 3):token.i].text)
    return bool(words.topic_phrases.search(before))


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


def _descriptive(token: Token, words: EventWords) -> bool:
    """Not one event but a description ("the detained men", "individuals arrested in connection
    with ...", "les soldats tués", unless dated or counted) or a count of events ("Mali has had
    two military coups", "more than 300 air strikes in the last year", not "the first of two
    coups"; six rockets, munitions, are one strike)."""
    if token.dep_ == "amod" and token.pos_ == "VERB":
        return True
    participle = token.tag_ == "VBN" or (token.morph.get("VerbForm") == ["Part"] and token.morph.get("Tense") == ["Past"])
    if token.dep_ == "acl" and participle and not any(t.ent_type_ == "DATE" for t in token.sent) \
            and not any(c.dep_ == "nummod" for c in token.head.children) and not _agent(token):
        return True  # "troops deployed in the region", "soldats tués", not "32 people killed", "sanctioned by X"
    return (fold(token.lemma_) not in words.munitions and token.pos_ == "NOUN" and "Plur" in token.morph.get("Number")
            and any(c.dep_ == "nummod" for c in token.children) and token.head.lower_ not in ("of", "de", "des"))


def _agent(verb: Token) -> bool:
    """A participle that says by whom ("a leader sanctioned by the United States", "un chef
    sanctionné par les États-Unis"): what someone did, not a description."""
    return any(c.dep_ in ("agent", "obl:agent") or (c.dep_ in ("prep", "obl") and fold(c.lower_) in ("by", "par"))
               or any(g.dep_ == "case" and fold(g.lower_) == "par" for g in c.children) for c in verb.children)


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
    in_passing = told_in_passing(token, words)
    return not any((t.like_num or t.ent_type_ in ("DATE", "CARDINAL")) and t not in pointing
                   and (in_passing or not told_in_passing(t, words)) for t in token.sent)


def _purpose(token: Token, words: EventWords) -> bool:
    """A trigger in an infinitive of purpose or intention ("troops to fight jihadists", "to
    guard the town and fight jihadists", "pour réunir le conseil") or a noun of its object ("to
    deter attacks", "to contain the insurgency and pave the way for a peace deal"): not an event, unless it is what a noun decided ("the decision to suspend", "an
    attempt to storm"); an infinitive that completes a verb ("agreed to withdraw", "appear to
    have executed") tells the event."""
    if token.pos_ in ("VERB", "AUX") and token.dep_ not in MODIFIERS:
        verb = token
    elif token.pos_ == "NOUN" and (verb := _object_of(token)) is not None:
        pass
    else:
        return False
    while verb.dep_ == "conj" and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    if not any(fold(c.lower_) in words.purpose and c.dep_ in ("aux", "mark") for c in verb.children):
        return False
    return verb.dep_ in ("advcl", "acl") and fold(verb.head.lemma_) not in words.decisions


def _object_of(noun: Token) -> Token | None:
    """The verb whose object holds a noun ("deter attacks", "pave the way for a deal")."""
    for token in (noun, *noun.ancestors):
        if token.dep_ in ("dobj", "obj") and token.head.pos_ == "VERB":
            return token.head
        if token.pos_ in ("VERB", "AUX"):
            return None
    return None


def told_apart(trigger: Token, words: EventWords) -> bool:
    """A trigger told as another event than those before it: "a separate strike"; "another
    group attacked a village near Mora", "un autre groupe a attaqué un village vers Mora" (an
    other one, at a place named after it: "another blast" in the town of the first is one
    event, as ACLED codes it). The word is on the trigger or on its clause's subject."""
    verbs = clause_of(trigger) if trigger.pos_ in ("VERB", "AUX") else [trigger, clause_head(trigger)]
    subjects = [c for verb in verbs for c in verb.children if c.dep_ in SUBJECTS]
    marks = {fold(c.lower_) for phrase in (trigger, *subjects) for c in phrase.children if c.dep_ in ("det", "amod")}
    if marks & words.distinct:
        return True
    return bool(marks & words.others) and any(located(t, verbs[-1], words.locative) for t in _rest_of_sentence(trigger))


def _rest_of_sentence(token: Token) -> list[Token]:
    """The words after a token to its sentence's full stop (the parser may end a sentence early,
    before a name in apposition: "a attaqué le village Tindari vers Gao")."""
    rest = []
    for t in token.doc[token.i + 1:]:
        if t.text in (".", "!", "?") or "\n" in t.text:
            break
        rest.append(t)
    return rest


def counts_events(tokens: tuple[Token, ...], words: EventWords) -> bool:
    """A clause that counts events ("six civilians were killed in two attacks"): its toll is
    theirs together, not one event's."""
    return any(t.pos_ == "NOUN" and "Plur" in t.morph.get("Number") and any(c.dep_ == "nummod" for c in t.children)
               and any(lexicon.readings(fold(t.lemma_), "NOUN") for lexicon in words.lexicons.values())
               for t in tokens)


def told_in_passing(token: Token, words: EventWords) -> bool:
    """A trigger inside "after ...", "since ...", "en raison de ..." tells what came before the
    sentence's own event ("a curfew was declared after gunmen attacked the market")."""
    if words.background_phrases.search(fold(token.doc[max(token.sent.start, token.i - 6):token.i].text)):
        return True
    return _marked(token, words.background)


def told_meanwhile(token: Token, words: EventWords) -> bool:
    """A trigger inside "while ...", "as ...", "tandis que ...": what goes on at the same time."""
    return _marked(token, words.concurrent)


def _marked(token: Token, markers: frozenset[str]) -> bool:
    """Whether a preposition or a conjunction of `markers` opens a phrase or a clause the token is in."""
    above = set(token.ancestors)
    return any(a.dep_ in ("prep", "case", "mark") and fold(a.lower_) in markers
               and (a in above or (a.dep_ in ("case", "mark") and a.i < token.i))
               for node in (token, *above) for a in node.children)
