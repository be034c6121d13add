"""Which word makes a sentence report an event, of which type, and which clauses tell one
event; whether a trigger word reports an event at all is reported.py's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import zip_longest

from spacy.tokens import Span, Token

from ..language.models import fold
from .kinds import VIOLENT
from .reported import reported, told_in_passing, told_meanwhile
from .syntax import SUBJECTS, clause_head, located, passive, subject_words
from .words import PARTICLES, EventWords, Reading


@dataclass(frozen=True)
class Trigger:
    """The word that makes a clause report an event."""

    kind: str
    sub_type: str
    token: Token
    at: int  # offset in the sentence
    sure: bool  # False for an attack whose victims go unnamed
    background: bool  # in an "after ..." clause: an earlier event told in passing
    head: Token  # the verb whose clause the trigger is part of (a noun's verb; the root when there is none)
    by_victims: bool = False  # its type is the victims' ("killed", "attacked"), not its own ("clashed")
    joined: tuple[Token, ...] = ()  # the other triggers of its event ("stormed" of "were killed when gunmen stormed")
    days_before: int | None = None  # "four days after gunmen attacked": 4 days before its sentence's date
    meanwhile: bool = False  # in a "while ..." clause: at the time of its sentence


def clause_triggers(sent: Span, folded: str, words: EventWords, dates: list[tuple[int, int]],
                    language: str) -> list[Trigger]:
    """One trigger for each event the sentence reports: the triggers of one clause report one
    event, and so do violent clauses told as one ("stormed the town, killing dozens", "were
    killed when militants ambushed a convoy", "an attack that killed nine"), unless a
    subordinate one is dated apart ("four days after gunmen attacked", "since 2017"). Clauses
    of other types report other events ("the rebels seized the town and the army launched air
    strikes"). Of each event's triggers, the strongest."""
    groups: list[list[Trigger]] = []
    for trigger in _found(sent, folded, words, dates, language):
        group = next((g for g in groups if any(_one_event(t, trigger, words) for t in g)), None)
        if group is None:
            groups.append([trigger])
        else:
            group.append(trigger)
    return [_one(group, words) for group in groups]


def _one(group: list[Trigger], words: EventWords) -> Trigger:
    """The event of a group of triggers: its strongest, in the clause of the highest of them."""
    strongest = _strongest(group, words)
    return replace(strongest, head=min((t.head for t in group), key=lambda h: len(list(h.ancestors))),
                   joined=tuple(t.token for t in group if t is not strongest))


def _found(sent: Span, folded: str, words: EventWords, dates: list[tuple[int, int]], language: str) -> list[Trigger]:
    """Every trigger of the sentence, its type refined by who the victims are."""
    found = []
    for reading, token, at in _triggers(sent, folded, words, dates, language):
        kind, sub_type, sure = reading.kind, reading.sub_type, True
        if reading.by_victims:
            kind, sure = _refine(reading.kind, _victim_words(token, words), words)
            sub_type = {"battles": "armed_clash", "violence_against_civilians": "attack"}.get(kind, sub_type)
        head = token if _told_apart(token, words) else clause_head(token)  # "after the attack": maybe another event
        found.append(Trigger(kind, sub_type, token, at, sure, told_in_passing(token, words), head,
                             days_before=time_before(head, words), by_victims=reading.by_victims,
                             meanwhile=told_meanwhile(token, words)))
    return found


def _told_apart(token: Token, words: EventWords) -> bool:
    """A noun after a word that tells of an event before or beside the clause's own ("since the
    attack", "after the attack", "depuis l'attaque"): its own clause, which may yet tell the same
    event (`_one_event`)."""
    apart = words.earlier | words.background
    return token.pos_ == "NOUN" and (
        (token.head.dep_ in ("prep", "case") and fold(token.head.lower_) in apart)
        or any(c.dep_ == "case" and fold(c.lower_) in apart for c in token.children))


def _one_event(a: Trigger, b: Trigger, words: EventWords) -> bool:
    """Whether two triggers of a sentence report one event: one clause, or clauses of one
    telling of one event (both violent, of one sub-type, or `told_as_one`): a clause that
    modifies the other's trigger ("an attack that killed nine"), one subordinate to the other's
    clause without a date of its own ("were killed when militants ambushed a convoy"), or one
    joined to it that shares its subject ("stormed the town, killing dozens") or, but for
    violence (each side's clash is its own), tells more of the same sub-type ("a curfew was
    declared and the borders were closed")."""
    if a.head == b.head:
        return True
    same = (a.kind, a.sub_type) == (b.kind, b.sub_type) and a.kind not in VIOLENT  # two clashes are two
    if not (same or (a.kind in VIOLENT and b.kind in VIOLENT) or _told_as_one(a, b, words)):
        return False
    return any(_told_with(y.head, x, same) and not _dated_apart(y.head, x.head, words)
               and not _placed_apart(y.head, x.head, words) for x, y in ((a, b), (b, a)))


def _told_as_one(a: Trigger, b: Trigger, words: EventWords) -> bool:
    return any({a.kind, a.sub_type} & set(first) and {b.kind, b.sub_type} & set(second)
               for pair in words.told_as_one for first, second in (pair, pair[::-1]))


def _told_with(head: Token, other: Trigger, same: bool) -> bool:
    """Whether a clause tells more of another trigger's event: it modifies the trigger, is
    subordinate to its clause ("in what seems a return of suicide bombings"), or is joined to
    it and shares its subject or its sub-type (`same`)."""
    if head.head == other.token and head.dep_ in ("relcl", "acl", "acl:relcl"):
        return True
    if head.head == head:
        return False
    parent = clause_head(head.head)
    while parent != other.head and parent.dep_ == "conj" and parent.head != parent:  # "killed and four injured after"
        parent = clause_head(parent.head)
    if parent != other.head:
        return False
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass", "expl") for c in head.children)
    return head.dep_ in ("advcl", "pcomp", "obl", "pobj", "nmod") or (
        head.dep_ in ("conj", "xcomp", "ccomp") and (same or not own_subject))


def _dated_apart(head: Token, main: Token, words: EventWords) -> bool:
    """A subordinate clause told at another time than the clause it hangs on: one of an earlier
    time ("since gunmen attacked"), a count of time before it ("four days after gunmen
    attacked", "two days after the attack"), or a date of its own beside one of the main clause
    ("on Monday, ... after the raid of 2 March")."""
    markers = [c for c in head.children if c.dep_ in ("mark", "prep", "case")]
    markers += [head.head] if head.head.dep_ == "prep" else []  # "since the attack"
    if {fold(m.lower_) for m in markers} & words.earlier:
        return True
    if not {fold(m.lower_) for m in markers} & words.background:
        return False
    if time_before(head, words) is not None:
        return True
    inside = {t.i for t in head.subtree}
    return any(t.ent_type_ in ("DATE", "TIME") for t in head.subtree) and any(
        t.ent_type_ in ("DATE", "TIME") for t in main.subtree if t.i not in inside)


def _placed_apart(head: Token, main: Token, words: EventWords) -> bool:
    """A clause with a subject of its own that says where it happened, beside a clause that says
    it happened elsewhere: two events ("five soldiers were killed in Gao while three civilians
    died in Mopti", "des soldats sont morts à Gao et des civils ont été tués à Mopti")."""
    if not any(c.dep_ in SUBJECTS for c in head.children):
        return False
    inside = {t.i for t in head.subtree}
    own = {fold(t.lower_) for t in head.subtree if located(t, head, words.locative)}
    other = {fold(t.lower_) for t in main.subtree if t.i not in inside and located(t, main, words.locative)}
    return bool(own and other) and not own & other


def time_before(head: Token, words: EventWords) -> int | None:
    """Days from a clause's own time to that of the clause it hangs on, by the count of time
    before its marker: "four days after gunmen attacked" 4, "the day after a suicide bombing" 1,
    "two weeks before the vote" -14; None when it gives none."""
    markers = [c for c in head.children if c.dep_ in ("mark", "prep", "case")]
    markers += [head.head] if head.head.dep_ in ("prep", "case") else []
    for marker in markers:
        sign = 1 if fold(marker.lower_) in words.background else -1 if fold(marker.lower_) in words.earlier else 0
        near = (*marker.children, *head.children, marker.head)  # "four days after ...", "the day after ..."
        for count in (c for c in near if c.dep_ in ("npadvmod", "obl:mod", "nmod:tmod")
                      and c.i < marker.i and fold(c.lemma_) in words.time_units):
            number = next((t for t in count.children if t.dep_ in ("nummod", "det")), None)
            amount = 1 if number is None or number.dep_ == "det" else _number(number, words)
            if sign and amount:
                return sign * amount * words.time_units[fold(count.lemma_)]
    return None


def _number(token: Token, words: EventWords) -> int | None:
    if token.text.isdigit():
        return int(token.text)
    return words.number_words.get(fold(token.lower_))


def _strongest(found: list[Trigger], words: EventWords) -> Trigger:
    """The trigger of the most specific type; of two of a rank, a verb (what the sentence says
    happened) before a noun ("talk of an election divided the junta and the bloc, which
    suspended Mali": the suspension). A violent word of its own type goes before one whose
    type its victims decide ("people were killed in the fighting": a battle). A trigger told in
    passing gives way to one that is not, unless both are violent ("killed after their truck
    hit a mine": the how counts)."""
    own_type = any(t.kind in VIOLENT and not t.by_victims for t in found)
    violent = min(_rank(words.precedence, kind, "") for kind in VIOLENT)
    def strength(t: Trigger) -> tuple[int, bool, int, bool, int]:
        rank = _rank(words.precedence, t.kind, t.sub_type)
        return (violent if t.kind in VIOLENT else rank, own_type and t.kind in VIOLENT and t.by_victims, rank,
                t.token.pos_ != "VERB", t.at)
    foreground = [t for t in found if not t.background] or found
    if min(foreground, key=strength).kind in VIOLENT:
        foreground += [t for t in found if t.background and t.kind in VIOLENT]
    return min(foreground, key=strength)


def _victim_words(token: Token, words: EventWords) -> list[str]:
    """Where the victims are named, nearest first: after an active verb, in the subject of a
    passive one (then before it), on either side of a noun ("nine traders died in a raid on the
    market"); not where it happened ("an attack in the village" names no victims)."""
    sent = token.sent
    def named(tokens: list[Token]) -> list[str]:
        return [fold(t.lower_) for t in tokens if not _where(t, token, words)]
    before, after = named(list(sent[:token.i - sent.start])[::-1]), named(list(sent[token.i - sent.start + 1:]))
    if passive(token):
        return subject_words(token) + before
    if token.pos_ != "NOUN":
        return after
    return [w for pair in zip_longest(after, before) for w in pair if w]


def _where(word: Token, trigger: Token, words: EventWords) -> bool:
    """A word in a phrase that says where ("in the village", "dans le village"), below the
    trigger's own phrases."""
    for node in (word, *word.ancestors):
        if node == trigger or node.pos_ in ("VERB", "AUX"):
            return False
        if (node.dep_ == "pobj" and fold(node.head.lower_) in words.locative) or any(
                c.dep_ == "case" and fold(c.lower_) in words.locative for c in node.children):
            return True
    return False


def _rank(precedence: tuple[str, ...], kind: str, sub_type: str) -> int:
    specific = f"{kind}/{sub_type}"
    return precedence.index(specific) if specific in precedence else precedence.index(kind)


def _triggers(sent: Span, folded: str, words: EventWords, dates: list[tuple[int, int]],
              language: str) -> list[tuple[Reading, Token, int]]:
    """Every trigger in the sentence: its reading, its word (a phrase's head word) and
    character offset in the sentence; words inside a date ("March 2") are not triggers."""
    lexicon = words.lexicons[language]
    found = []
    for token in sent:
        at = token.idx - sent.start_char
        if (token.pos_ not in ("VERB", "NOUN", "PROPN") or token.dep_ == "compound"  # not "attack helicopters"
                or (token.pos_ == "PROPN" and token.ent_type_ in NAMES)  # "Forces for the Liberation of ..."
                or fold(token.lower_) in words.not_triggers.get(language, ()) or any(s <= at < e for s, e in dates)):
            continue
        particle = next((c for c in token.children if c.dep_ in ("prt", "compound:prt", "prep", "advmod")
                         and c.i > token.i and c.lower_ in PARTICLES), None)
        readings = ((lexicon.phrases.get(fold(f"{token.lemma_} {particle.lower_}"), ()) if particle is not None else ())
                    or lexicon.readings(fold(token.lemma_), token.pos_) or lexicon.readings(fold(token.lower_), token.pos_))
        reading = _reading(readings, token, words)
        if reading and reported(token, words, kind=reading.kind):
            found.append((reading, token, at))
    for match in lexicon.pattern.finditer(folded) if lexicon.pattern is not None else ():
        span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
        token = span.root if span is not None else sent[0]
        reading = _reading(lexicon.phrases[match.group("phrase")], token, words)
        if reading and reported(token, words, kind=reading.kind):
            found.append((reading, token, match.start()))
    return sorted(found, key=lambda f: f[2])


NAMES = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"})


def _reading(readings: tuple[Reading, ...], token: Token, words: EventWords) -> Reading | None:
    """The first reading whose needs the trigger's phrases meet."""
    return next((r for r in readings if r.needs is None or _meets(token, r.needs, words)), None)


def _meets(token: Token, needs: str, words: EventWords) -> bool:
    """Whether one of the trigger's own phrases holds a word of the `needs` class ("sent
    troops", "delivered helicopters", "captured the town"): a verb's subject, objects and
    prepositional phrases; a noun's modifiers and the subject of its verb. `named` needs a name
    or a state's word in the subject ("Russia condemned", "the president visited")."""
    phrases = _phrases(token)
    if needs == "named":
        subjects = [t for p in phrases if p.dep_ in SUBJECTS or p.dep_ in ("agent", "poss") for t in p.subtree]
        return any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or fold(t.lemma_) in words.state_words
                   for t in subjects)
    wanted = words.needs[needs]
    verb = [clause_head(token)] if token.pos_ in ("NOUN", "PROPN") else []  # "hit a mine"
    return any(fold(t.lemma_) in wanted or fold(t.lower_) in wanted
               or (needs == "territory" and t.ent_type_ in ("GPE", "LOC", "FAC"))
               for t in [*verb, *(t for p in phrases for t in p.subtree)])


def _phrases(token: Token) -> list[Token]:
    """The heads of a trigger's own phrases (see `_meets`)."""
    own = [c for c in token.children if c.dep_ not in ("punct", "cc", "conj", "advcl", "relcl", "ccomp", "parataxis")]
    if token.pos_ in ("NOUN", "PROPN"):
        verb = clause_head(token)
        own += [c for c in verb.children if c.dep_ in SUBJECTS and c != token] if verb != token else []
    elif token.dep_ in ("acl", "relcl", "amod") and token.head != token:
        own.append(token.head)  # "troops stationed in Gao"
    return own


def _refine(kind: str, victims: list[str], words: EventWords) -> tuple[str, bool]:
    """A violent event against civilians, or between armed groups, by who the victims are: the
    nearest word to the trigger that names civilians or armed men; and whether the type is sure
    (an "attack" whose victims go unnamed is not)."""
    for word in victims:
        if word in words.civilians:
            return "violence_against_civilians", True
        if word in words.armed:
            return "battles", True
    return kind, False
