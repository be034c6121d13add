"""Events in ACLED's taxonomy, one per real event a document reports, with their evidence.

Every rule's words are in data/events.yaml. For each sentence:
1. triggers give a type and sub-type; not triggers are nouns used as modifiers ("attack
   helicopters"), purposes ("troops to fight"), references back ("the attack, he said"),
   states of affairs ("has been battling") and the other language's look-alikes;
2. violent ones are refined by the nearest word naming the victims (civilians or armed);
3. the sentence keeps one event: its own before one in an after/since clause, then the most
   specific type (`precedence`);
4. a sentence that is a question, or negates, plans or imagines the event, gives none;
5. actors: the trigger verb's subject, else who is named before the trigger, but not whoever a
   passive verb acts upon ("was ousted in a coup"; forces deployed are actors); targets after it;
   passive agents ("killed by X") are actors, so are armed groups named after a violent trigger
   and both sides of a battle; who reports it ("X said", "according to X") is neither;
6. the place: the sentence's most precise place that is not a dateline, the actor's country,
   a possessor or a region of no country; else the paragraph's; else the document's main region
   or country;
7. the date: the time expression nearest the trigger, else the paragraph's last one, else the
   publication date (marked so), else the year of the document's estimated date;
8. fatalities from the sentence's fatality figures; allegation cues make it alleged.
Then 9. the sentences of one document that report the same violent event (same type,
compatible place and date) become one event with all their evidence and the toll the article
states first for all its victims (figures it relays from others stay attributed figures; the
incident then weighs every source's): articles come back to their main event again and again. An attack
whose victims go unnamed takes the type of the violent event it joins; an attack joins an
explosion of the same place and time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import zip_longest

import regex
from spacy.tokens import Span, Token

from ..datafiles import read_yaml
from ..language.actors import ActorDictionary, actor_dictionary
from ..language.figures import FATAL, number_words
from ..language.models import Chunk, fold
from ..language.quotes import SpeechWords, speech_words
from ..language.times import published_interval
from ..records import Entity, Event, Figure, Mention, PlaceMention, Role, TimeSpan
from .kinds import VIOLENT

REFINED = frozenset({"battles", "violence_against_civilians"})  # the types the victims decide between
DEFINITE = frozenset({"the", "this", "that", "le", "la", "l'", "ce", "cet", "cette"})
CROWDS = {"protests": ("desc:protesters", "protesters"), "riots": ("desc:rioters", "rioters")}  # ACLED's actors
UNNAMED = ("desc:unidentified armed group", "unidentified armed group")  # ACLED's actor for violence by no one named
PARTICLES = frozenset({"out", "back", "off", "away", "over", "down", "up"})  # "drove the rebels out", "took over"
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "qui"})
VIOLENT_TO_CIVILIANS = frozenset({"violence_against_civilians", "explosions_remote_violence"})


@dataclass(frozen=True)
class EventWords:
    single: dict[str, tuple[str, str]]  # folded lemma -> (type, sub_type)
    phrases: regex.Pattern | None
    phrase_types: dict[str, tuple[str, str]]
    civilians: frozenset[str]
    armed: frozenset[str]
    alleged: regex.Pattern
    not_events: regex.Pattern
    not_triggers: dict[str, frozenset[str]]  # by language
    purpose: frozenset[str]
    decisions: frozenset[str]
    anaphoric: frozenset[str]
    demonstratives: frozenset[str]
    referring_verbs: frozenset[str]
    background: frozenset[str]
    background_phrases: regex.Pattern
    precedence: tuple[str, ...]
    armed_types: frozenset[str]
    armed_descriptions: frozenset[str]
    state_forces_words: frozenset[str]
    state_words: frozenset[str]
    claims: frozenset[str]
    group_descriptions: frozenset[str]
    passive_actors: frozenset[str]  # sub-types
    announcements: frozenset[str]
    locative: frozenset[str]
    by_forces: frozenset[str]  # sub-types


def _words(items: list[str]) -> regex.Pattern:
    return regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(fold(i)) for i in sorted(items, key=len, reverse=True)) + r")(?!\w)")


@cache
def event_words() -> EventWords:
    data = read_yaml("events.yaml")
    single, phrases = {}, {}
    for trigger in data["triggers"]:
        for lemma in trigger["lemmas"]:
            target = phrases if " " in lemma or "'" in lemma else single
            target.setdefault(fold(lemma), (trigger["type"], trigger["sub_type"]))
    return EventWords(single, _words(list(phrases)) if phrases else None, phrases,
                      frozenset(fold(w) for w in data["civilians"]), frozenset(fold(w) for w in data["armed"]),
                      _words(data["alleged"]), _words(data["not_events"]),
                      {lang: frozenset(fold(w) for w in ws) for lang, ws in data["not_triggers"].items()},
                      frozenset(fold(w) for w in data["purpose"]),
                      frozenset(fold(w) for w in data["decisions"]),
                      frozenset(fold(w) for w in data["anaphoric"]),
                      frozenset(fold(w) for w in data["demonstratives"]),
                      frozenset(fold(w) for w in data["referring_verbs"]),
                      frozenset(fold(w) for w in data["background"]),
                      regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(fold(p)) for p in data["background_phrases"])
                                    + r")(?:\s+\S+){0,2}\s*$"),
                      tuple(data["precedence"]), frozenset(data["armed_actors"]["types"]),
                      frozenset(f"desc:{fold(d)}" for d in data["armed_actors"]["descriptions"]),
                      frozenset(fold(w) for w in data["state_forces_words"]), frozenset(fold(w) for w in data["state_words"]),
                      frozenset(fold(w) for w in data["claims"]),
                      frozenset(f"desc:{fold(d)}" for d in data["group_descriptions"]),
                      frozenset(data["passive_actors"]), frozenset(fold(w) for w in data["announcements"]),
                      frozenset(fold(w) for w in read_yaml("names.yaml")["locative"]), frozenset(data["by_forces"]))


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
    for code, entry in demonyms.items():
        state = known.get(code, {}).get("state") or ("actor:" + fold(entry["name"]), entry["name"])
        by_country[code] = State(state, known.get(code, {}).get("state forces", state))
    return States({fold(d): by_country[code] for code, entry in demonyms.items()
                   for d in (*entry.get("en", ()), *entry.get("fr", ()))},
                  {s.state[0]: s for s in by_country.values()}, by_country,
                  frozenset(s.forces[0] for s in by_country.values()))


def find_events(text: str, chunks: list[Chunk], *, mentions: list[Mention], entities: list[Entity],
                places: list[PlaceMention], times: list[TimeSpan], figures: list[Figure],
                published: str | None, reference: str | None = None, language: str = "en",
                dictionary: ActorDictionary | None = None, roles: tuple[Role, ...] = (),
                country_of: Callable[[str], PlaceMention | None] | None = None, title: str | None = None) -> list[Event]:
    words = event_words()
    known_states = states(dictionary or actor_dictionary())
    officials = _officials(roles, known_states, words)
    kinds = {e.key: e.actor_type for e in entities}
    groups = [m for m in mentions if kinds.get(m.entity_key) in ("non-state armed group", "private military company")]
    insurgents = [m for m in groups if kinds[m.entity_key] == "non-state armed group"]
    speech = speech_words(language)
    armed = (frozenset(e.key for e in entities if e.actor_type in words.armed_types) | words.armed_descriptions
             | {s.forces[0] for s in known_states.by_country.values() if s.forces != s.state})
    names = {e.key: e.name for e in entities}
    country = _main_area(places, country_of)
    home = known_states.by_country.get(country.country) if country and country.country else None
    headline = _headline(text, title)
    reports: list[_Report] = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            start, end = chunk.offset + sent.start_char, chunk.offset + sent.end_char
            dates = [(t.start - start, t.end - start) for t in times if start <= t.start < end]
            folded = _blank(fold(sent.text), dates + _announced(sent, words))  # "May 27" is a date, not a modal
            if words.not_events.search(folded) or sent.text.rstrip().endswith("?"):
                continue
            found = _strongest(sent, folded, words, dates, language)
            if found is None:
                continue
            kind, sub_type, at = found.kind, found.sub_type, found.at
            here = _with_states(sent, chunk.offset, mentions, known_states, home, words)
            here = sorted(here + _groups_named_again(text, sent, chunk.offset, here, groups, speech), key=lambda m: m.start)
            actors, targets = _participants(sent, chunk.offset, here, places, found, speech, armed, words)
            actors = [a for m in actors for a in (*_group_of(m, insurgents, words), m, *_state_of(m, officials))]
            asides = _asides(sent, chunk.offset, found.token)
            where = _place(places, start, end, text, actors, asides) or country
            if sub_type in words.by_forces:
                actors = _forces(actors, where, start + at, known_states)
            event = Event(
                start, end, text[start:end], kind, sub_type, *_named(names, actors, targets), where,
                *_when(times, start, end, start + at, published, reference, text.rfind("\n", 0, start) + 1),
                *_fatalities(figures, start, end, sent),
                bool(words.alleged.search(folded)))
            reports.append(_Report(event, found.sure, not _one_group(_toll(figures, start, end), words), found.background,
                                   headline[0] <= start < headline[1]))
    return [r.event for r in _corefer(reports)]


@dataclass(frozen=True)
class Trigger:
    """The word that makes a sentence report an event."""

    kind: str
    sub_type: str
    token: Token
    at: int  # offset in the sentence
    sure: bool  # False for an attack whose victims go unnamed
    background: bool  # in an "after ..." clause: an earlier event told in passing


def _strongest(sent: Span, folded: str, words: EventWords, dates: list[tuple[int, int]],
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
    if _passive(token):
        return _subject_words(token) + before
    if token.pos_ != "NOUN":
        return after
    return [w for pair in zip_longest(after, before) for w in pair if w]


def _subject_words(token: Token) -> list[str]:
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


def _passive(token: Token) -> bool:
    """"were shot at", "ont été tués": the victims come before the verb."""
    return any(c.dep_ in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass") for c in token.children)


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


PRECISION = ("day", "week", "month", "year", "publication", "unknown")


@dataclass(frozen=True)
class _Report:
    """One sentence's event and what merging needs to know of it."""

    event: Event
    sure: bool = True  # its type was decided (an "attack" whose victims go unnamed is not)
    whole_toll: bool = True  # its toll counts every victim, not one armed group ("one soldier was killed")
    in_passing: bool = False  # told in an "after ..." clause ("four days after gunmen killed 23 people")
    headline: bool = False  # the article's title, which sums up an event its text tells


def _corefer(reports: list[_Report]) -> list[_Report]:
    """One event per real event of a document: later sentences that report an event already seen
    (same type and, for strategic developments, sub-type; compatible place and date) add their
    evidence, participants and what they say more precisely to it. Then an event whose type is
    not sure ("a terrorist attack upended the town") joins a violent event of the document's of a
    compatible place and date and takes its type, and an attack joins an explosion of a
    compatible place and date (a bombing followed by gunfire is one event, of the more specific
    type). Events told in passing only join events of their own type. Last, the headline's event
    joins the event the text tells of it."""
    merged: list[_Report] = []
    for report in reports:
        same = next((i for i, seen in enumerate(merged) if _same_event(seen.event, report.event)), None)
        if same is None:
            merged.append(report)
        else:
            merged[same] = _combined(merged[same], report)
    for report in [r for r in merged if not r.sure and not r.event.also and not r.in_passing]:
        merged = _absorbed(merged, report, lambda seen: seen.event.type in VIOLENT and seen.sure)
    for report in [r for r in merged if r.event.type in REFINED and not r.in_passing]:
        merged = _absorbed(merged, report, lambda seen: seen.event.type == "explosions_remote_violence")
    for report in [r for r in merged if r.headline]:
        merged = _absorbed(merged, report, lambda seen: not seen.headline and _summed_up(report.event, seen.event))
    return merged


def _headline(text: str, title: str | None) -> tuple[int, int]:
    """Where the title stands at the top of the text (after a photo caption, say), if it does."""
    at = text.find(title.strip(), 0, 1000) if title and title.strip() else -1
    return (at, at + len(title.strip())) if at >= 0 else (0, 0)


def _summed_up(headline: Event, told: Event) -> bool:
    """A headline's event is one the text tells of the same sub-type, or, when violent, of any
    violent type (a headline's "attack" may be the text's massacre)."""
    if headline.type in VIOLENT:
        return told.type in VIOLENT
    return (told.type, told.sub_type) == (headline.type, headline.sub_type)


def _absorbed(merged: list[_Report], report: _Report, takes: Callable[[_Report], bool]) -> list[_Report]:
    """The reports with `report` combined into the first other one that `takes` it, of a
    compatible place and date; unchanged when none does."""
    into = next((i for i, seen in enumerate(merged) if seen is not report and takes(seen)
                 and _same_place(seen.event.place, report.event.place) and _same_time(seen.event, report.event)), None)
    if into is None:
        return merged
    combined = _combined(merged[into], report)
    return [combined if i == into else r for i, r in enumerate(merged) if r is not report]


def _same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or a.type == "strategic_developments":
        return False
    return _same_place(a.place, b.place) and _same_time(a, b)


def _same_place(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None or a.geonames_id == b.geonames_id:
        return True
    if a.country != b.country:
        return False
    return 3 in (a.precision, b.precision)  # a country and a place in it


def _same_time(a: Event, b: Event) -> bool:
    """Dated spans that overlap (two days' slack); an undated or publication-dated report can be
    any of the document's events."""
    if not (a.date_start and b.date_start) or "publication" in (a.date_precision, b.date_precision):
        return True
    slack = timedelta(days=2)
    return (date.fromisoformat(a.date_start) - slack <= date.fromisoformat(b.date_end)
            and date.fromisoformat(b.date_start) - slack <= date.fromisoformat(a.date_end))


def _own_toll(report: _Report) -> tuple[int, bool, int]:
    """Which report of an article gives its toll: one with a toll, of every victim rather than of
    one group, the first in the text (the headline and the lead say what the outlet found; the
    figures it relays from others stay as attributed figures, and incidents weigh all sources)."""
    event = report.event
    if event.fatalities_low is None and event.fatalities_high is None:
        return 1, False, 0
    return 0, not report.whole_toll, event.start


def _combined(a: _Report, b: _Report) -> _Report:
    """`a` with what `b` adds: its evidence and participants (an unidentified armed group gives way
    to a named actor), the more precise place and date, the article's own toll."""
    first, second = a.event, b.event
    place = min((p for p in (first.place, second.place) if p is not None), key=_precision, default=None)
    when = min((first, second), key=lambda e: PRECISION.index(e.date_precision))
    deaths = min((a, b), key=_own_toll)
    actors = tuple(dict.fromkeys(first.actors + second.actors))
    named = tuple(a for a in actors if a != UNNAMED[1])  # a report that names the group tells who it was
    event = replace(first, actors=named or actors,
                    targets=tuple(dict.fromkeys(first.targets + second.targets)), place=place,
                    date_start=when.date_start, date_end=when.date_end, date_precision=when.date_precision,
                    fatalities_low=deaths.event.fatalities_low, fatalities_high=deaths.event.fatalities_high,
                    alleged=first.alleged and second.alleged, also=(*first.also, (second.start, second.end), *second.also))
    return replace(a, event=event, whole_toll=deaths.whole_toll)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


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


def _announced(sent: Span, words: EventWords) -> list[tuple[int, int]]:
    """Spans of the modals of what was announced ("Chad announced that its battalion would pull
    out"): not a plan that may not happen, but the content of an announcement, which is the
    event."""
    modals = [t for t in sent if t.tag_ == "MD"]
    return [(t.idx - sent.start_char, t.idx - sent.start_char + len(t)) for t in modals
            if (verb := _clause(t.head)[-1]).dep_ == "ccomp" and fold(verb.head.lemma_) in words.announcements]


def _future(token: Token) -> bool:
    """A verb in the future ("the battalion will pull out", "ils retireront"), or a trigger in
    such a verb's clause ("will extend beyond training")."""
    return any("Fut" in verb.morph.get("Tense") or any(
        c.dep_ in ("aux", "aux:tense") and c.lower_ in ("will", "'ll", "shall", "wo") for c in verb.children)
        for verb in _clause(token))


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


def _participants(sent: Span, offset: int, mentions: list[Mention], places: list[PlaceMention], found: Trigger,
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
               and (m.entity_key.startswith("actor:") or (m.label not in ("GPE", "LOC", "FAC") and not _within(m, towns)))]
    inside = [m for m in present if not _within(m, speakers + relays)]
    clause = _clause(token)
    agents = next((spans for verb in clause if (spans := _agents(sent, offset, verb))), [])
    by = [m for m in inside if _within(m, agents)]
    if kind in VIOLENT and _passive(token):
        actors = by
    else:
        subject = _subject(token, offset)
        named_subject = [m for m in inside if subject and subject[0] <= m.start < subject[1]]
        patients = [] if found.sub_type in words.passive_actors else [
            _extent(c, offset) for verb in clause for c in verb.children if c.dep_ in ("nsubjpass", "nsubj:pass")]
        before = [m for m in inside if m.start < trigger and not _within(m, patients)]
        actors = by or named_subject or ([] if kind in CROWDS else before)
    if not actors and kind == "strategic_developments":  # "a Russian diplomat said Malian officers train in Russia"
        actors = [m for m in present if _within(m, speakers)]
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


def _within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(a <= mention.start < b for a, b in spans)


def _clause(trigger: Token) -> list[Token]:
    """The trigger and the verbs whose clause it is part of: a noun's verb ("was ousted in a
    coup", "staged a coup") and the verbs that verb is joined to ("was detained by the guards
    and ousted in a putsch")."""
    chain, token = [trigger], trigger
    if token.pos_ == "NOUN" and token.dep_ in ("pobj", "obl", "dobj", "obj"):
        token = token.head.head if token.head.dep_ == "prep" else token.head
        chain.append(token)
    while token.dep_ == "conj" and token.head != token and token.pos_ in ("VERB", "AUX"):
        token = token.head
        chain.append(token)
    return [t for t in chain if t == trigger or t.pos_ in ("VERB", "AUX")]


def _agents(sent: Span, offset: int, trigger: Token) -> list[tuple[int, int]]:
    """Spans of the trigger's passive agents: "by X" parsed as its agent, else, for a passive
    trigger, the first "by" or "par" phrase after it before another verb, wherever the parser
    hung it ("was seized on Monday, at dawn, by the rebels")."""
    parsed = [_extent(t, offset) for t in trigger.children if t.dep_ in ("agent", "obl:agent")]
    if parsed or not _passive(trigger):
        return parsed
    for t in sent[trigger.i - sent.start + 1:]:
        if t.pos_ == "VERB":
            break
        if t.lower_ in ("by", "par"):
            return [_extent(t.head if t.dep_ == "case" else t, offset)]
    return []


def _officials(roles: tuple[Role, ...], known: States, words: EventWords) -> dict[str, tuple[str, str]]:
    """People whose role makes them act for a state ("Russian Foreign Minister", "le président
    malien"): their entity key -> the state's (key, name); ACLED codes them as its government."""
    found = {}
    for role in roles:
        tokens = regex.findall(r"[\w.'’-]+", fold(role.role))
        state = next((known.by_demonym[t] for t in tokens if t in known.by_demonym), None)
        if state is not None and any(t in words.state_words for t in tokens):
            found.setdefault(role.entity_key, state.state)
    return found


def _groups_named_again(text: str, sent: Span, offset: int, mentions: list[Mention], groups: list[Mention],
                        speech: SpeechWords) -> list[Mention]:
    """"The group", "le mouvement": the armed group or military company the article named last
    before them, unless another group was spoken of since ("a group of officers ... the group")."""
    found = []
    for token in sent:
        at = offset + token.idx
        if (fold(token.lemma_) in speech.anaphors
                and any(c.dep_ == "det" and fold(c.lower_) in DEFINITE for c in token.children)
                and not any(m.start <= at < m.end for m in mentions)):
            last = _last_before(groups, at)
            if last is not None and not regex.search(rf"(?<!\w){regex.escape(fold(token.lemma_))}", fold(text[last.end:at])):
                found.append(replace(last, start=at, end=at + len(token)))
    return found


def _last_before(mentions: list[Mention], at: int) -> Mention | None:
    return next((m for m in reversed(mentions) if m.start < at), None)


def _group_of(description: Mention, groups: list[Mention], words: EventWords) -> tuple[Mention, ...]:
    """The armed group a description ("the insurgents") stands for: the nearest one the article
    names before it, else the only one it names."""
    if description.entity_key not in words.group_descriptions or not groups:
        return ()
    if (last := _last_before(groups, description.start)) is not None:
        return (last,)
    return (groups[0],) if len({g.entity_key for g in groups}) == 1 else ()


def _state_of(person: Mention, officials: dict[str, tuple[str, str]]) -> tuple[Mention, ...]:
    if person.entity_key not in officials:
        return ()
    key, name = officials[person.entity_key]
    return (replace(person, text=name, label="GPE", entity_key=key),)


def _with_states(sent: Span, offset: int, mentions: list[Mention], known: States, home: State | None,
                 words: EventWords) -> list[Mention]:
    """The sentence's mentions, with states and their forces named by a demonym on a word for them
    ("Russian soldiers", "the Italian Prime Minister"), by a state's possessive ("Mali's army") or,
    for the country the article is about, by that word alone ("the army", "la junte")."""
    start, end = offset + sent.start_char, offset + sent.end_char
    here = [m for m in mentions if start <= m.start < end and m.label != "NORP"
            and (m.entity_key.startswith("actor:") or fold(m.text) not in known.by_demonym)]  # "Nigerien" taken for a name
    for token in sent:
        at = offset + token.idx
        named = next((m for m in here if m.start <= at < m.end), None)
        if named is None and (state := known.by_demonym.get(fold(token.text))):
            role = _state_role(token, (token.head, token.head.head), words)
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


def _possessive(token: Token) -> bool:
    return any(c.lower_ in ("'s", "’s") for c in token.children)


def _bare(token: Token, words: EventWords) -> bool:
    """"the army", "l'armée": a definite word for forces or a government, not said whose."""
    children = list(token.children)
    return (any(c.dep_ == "det" and fold(c.lower_) in ("the", "le", "la", "l'", "les") for c in children)
            and not any(c.dep_ in ("amod", "poss", "compound", "nmod", "prep") for c in children))


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
    return _extent(subject, offset)


def _forces(actors: list[Mention], where: PlaceMention | None, at: int, known: States) -> list[Mention]:
    """The actors of an event a state's forces carry out: a state named stands for its forces
    ("Mali staged a coup"), and when no forces are named, those of the country where it happened
    act ("the president was ousted in a coup")."""
    def forces(m: Mention) -> Mention:
        key, name = known.by_key[m.entity_key].forces
        return replace(m, text=name, label="ORG", entity_key=key)
    actors = [forces(m) if m.entity_key in known.by_key else m for m in actors]
    home = known.by_country.get(where.country) if where is not None and where.country else None
    if home is None or any(m.entity_key in known.forces_keys for m in actors):
        return actors
    key, name = home.forces
    return [*actors, Mention(at, at, name, "ORG", key)]


def _named(names: dict[str, str], *groups: list[Mention]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(dict.fromkeys(names.get(m.entity_key, m.text) for m in group)) for group in groups)


def _extent(token: Token, offset: int) -> tuple[int, int]:
    """Character span of a token's subtree."""
    return offset + token.left_edge.idx, offset + token.right_edge.idx + len(token.right_edge)


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
    speakers = [_extent(t, offset) for t in heard if t.dep_ in ("nsubj", "nsubj:pass")]
    relays = [_extent(t, offset) for t in heard if t.dep_ in ("dobj", "dative", "iobj") and t.pos_ == "PROPN"]
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


def _place(places: list[PlaceMention], start: int, end: int, text: str, actors: list[Mention],
           asides: list[tuple[int, int]]) -> PlaceMention | None:
    """The most precise resolved place of the sentence, else the last one earlier in its paragraph.
    A dateline ("Kinshasa — ...") says where the reporter is, a place that is also the event's
    actor ("France launched an operation in Mali") or that owns something ("Bamako's demands")
    where an actor comes from, and a relative clause beside the event ("the town, which lies
    between Douentza and Hombori") where something else is: they are not where the event
    happened, which is then told by the paragraph or the article; and a region of no country
    ("West Africa") is taken only when nothing else is named."""
    here = [p for p in places if start <= p.start < end and p.geonames_id is not None
            and not _dateline(p, text) and not any(a.start <= p.start < a.end for a in actors)
            and not any(a <= p.start < b for a, b in asides) and text[p.end:p.end + 2] not in ("'s", "’s")]
    if here:
        return min(here, key=lambda p: (p.country is None, *_precision(p), p.start))
    paragraph = text.rfind("\n", 0, start) + 1
    earlier = [p for p in places if paragraph <= p.start < start and p.geonames_id is not None]
    return earlier[-1] if earlier else None


def _asides(sent: Span, offset: int, trigger: Token) -> list[tuple[int, int]]:
    """Character spans that name no place of the event: the sentence's relative clauses that
    neither hold the trigger nor tell about it ("the raid, which he led in the north": the raid's
    place is told there), and a name that is the subject of another verb, a capital standing for
    its government ("Moscow has shielded Mali over the massacre in the village")."""
    relative = [_extent(t, offset) for t in sent if t.dep_ in ("relcl", "acl:relcl") and t.head != trigger
                and trigger not in t.subtree]
    return relative + [(offset + t.idx, offset + t.idx + len(t)) for t in sent
                       if t.dep_ == "nsubj" and t.pos_ == "PROPN" and t.head != trigger]


def _precision(place: PlaceMention) -> tuple[int, bool]:
    """ACLED's precision, and a region before its country."""
    return place.precision or 9, place.kind == "country"


def _dateline(place: PlaceMention, text: str) -> bool:
    """A place opening its line before a dash: "Kinshasa —", "MOPTI, March 15, 2025 —", "Gao (AFP) -"."""
    line = text.rfind("\n", 0, place.start) + 1
    return not text[line:place.start].strip(" ,") and bool(
        regex.match(r"[^\S\n]*(?:\([^)]*\))?(?:,[^\n—–]{0,40}?)?(?:[^\S\n]*[—–]|[^\S\n]+-[^\S\n])", text[place.end:]))


def _main_area(places: list[PlaceMention],
               country_of: Callable[[str], PlaceMention | None] | None = None) -> PlaceMention | None:
    """Where the document happens, for events its text does not place: the region that most of
    its places lie in when it names that region, else its main country (from the gazetteer when
    the text never names it as such)."""
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    regions = Counter(p.admin1 for p in places if p.country == top and p.admin1)
    if regions:
        region, n = regions.most_common(1)[0]
        named = next((p for p in places if p.kind == "admin1" and p.admin1 == region), None)
        if named and n >= 0.6 * sum(1 for p in places if p.country == top and p.kind != "country"):
            return named
    named = next((p for p in places if p.kind == "country" and p.country == top), None)
    return named or (country_of(top) if country_of else None)


def _when(times: list[TimeSpan], start: int, end: int, trigger: int, published: str | None, reference: str | None,
          paragraph: int) -> tuple[str | None, str | None, str]:
    """The sentence's date nearest the trigger ("On May 2, the mayor said gunmen killed 12 people
    between April 20 and 22" is dated April 20-22), else the last date earlier in its paragraph;
    else the publication date (precision "publication" for a day, else the month or year it gives); else the year of the latest date the article mentions, the
    coarsest sure precision; else unknown."""
    dated = [t for t in times if start <= t.start < end and t.date_start]
    earlier = [t for t in times if paragraph <= t.start < start and t.date_start]
    if dated or earlier:
        chosen = min(dated, key=lambda t: min(abs(t.start - trigger), abs(t.end - trigger))) if dated else earlier[-1]
        return chosen.date_start, chosen.date_end, chosen.precision
    if span := published_interval(published):
        first, last, precision = span
        return first.isoformat(), last.isoformat(), "publication" if precision == "day" else precision
    if reference:
        return f"{reference[:4]}-01-01", f"{reference[:4]}-12-31", "year"
    return None, None, "unknown"


def _fatalities(figures: list[Figure], start: int, end: int, sent: Span) -> tuple[int | None, int | None]:
    toll = _toll(figures, start, end)
    if toll is None:
        return (1, 1) if _one_killed(sent) else (None, None)
    low = toll.value_low if toll.value_low is not None else 0
    return int(low), None if toll.value_high is None else int(toll.value_high)


def _one_killed(sent: Span) -> bool:
    """"A peacekeeper was killed", "un soldat a été tué": one death told without a number."""
    return any(fold(t.lemma_) in FATAL and c.dep_ in ("nsubjpass", "nsubj:pass") and c.pos_ == "NOUN"
               and "Sing" in c.morph.get("Number") and any(d.lower_ in ("a", "an", "un", "une") for d in c.children)
               for t in sent for c in t.children)


def _toll(figures: list[Figure], start: int, end: int) -> Figure | None:
    return next((f for f in figures if start <= f.start < end and f.measure == "fatalities"), None)


def _one_group(toll: Figure | None, words: EventWords) -> bool:
    """A toll of armed men only ("one soldier was killed"), not of everyone an attack killed."""
    return toll is not None and bool(toll.subject) and fold(toll.subject.split()[-1]) in words.armed
