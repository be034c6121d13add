"""Events in ACLED's taxonomy, one per real event a document reports, with their evidence.

Every rule's words are in data/events.yaml (read by words.py). For each sentence:
1. triggers.py: triggers give a type and sub-type; reported.py: not triggers are nouns used as
   modifiers ("attack helicopters"), purposes ("troops to fight"), references back ("the
   attack, he said"), states of affairs ("has been battling") and the other language's look-alikes;
2. violent ones are refined by the nearest word naming the victims (civilians or armed);
3. the sentence keeps one event: its own before one in an after/since clause, then the most
   specific type (`precedence`);
4. a sentence that is a question, or negates, plans or imagines the event, gives none;
5. participants.py, states.py: actors: the trigger verb's subject, else who is named before the
   trigger, but not whoever a passive verb acts upon ("was ousted in a coup"; forces deployed are
   actors); targets after it; passive agents ("killed by X") are actors, so are armed groups named
   after a violent trigger and both sides of a battle; who reports it ("X said", "according to
   X") and a dateline ("Gao, March 2 (AFP) -") are neither;
6. setting.py: the place: the sentence's most precise place that is not a dateline, the actor's
   country, a possessor or a region of no country; else the paragraph's; else the document's
   main region or country;
7. the date: the time expression nearest the trigger, else the paragraph's last one, else the
   publication date (marked so), else the year of the document's estimated date;
8. fatalities from the sentence's fatality figures; allegation cues make it alleged.
Then 9. within_document.py: the sentences of one document that report the same violent event
(same type, compatible place and date) become one event with all their evidence and the toll
the article states first for all its victims (figures it relays from others stay attributed
figures; the incident then weighs every source's): articles come back to their main event
again and again. An attack whose victims go unnamed takes the type of the violent event it
joins; an attack joins an explosion of the same place and time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from ..language.actors import ActorDictionary, actor_dictionary
from ..language.in_context import set_abroad
from ..language.models import Chunk, fold
from ..language.quotes import SpeechWords, speech_words
from ..records import Entity, Event, Figure, Mention, PlaceMention, Role, TimeSpan
from .kinds import VIOLENT
from .participants import blame, find_participants, group_of, groups_named_again, names_of, subject_span
from .relevance import elsewhere, speaks_of_conflict
from .setting import asides_of, datelines, event_dates, event_fatalities, event_place, main_area, one_group, toll_in
from .states import State, States, officials_of, state_of, state_of_country, states, with_forces, with_states
from .syntax import blank, within
from .reported import announced, counts_events, told_apart
from .triggers import Trigger, clause_triggers
from .within_document import Report, claimed, corefer, headline_span
from .words import EventWords, event_words


@dataclass(frozen=True)
class _Article:
    """What one document's events are read against."""

    text: str
    language: str
    mentions: list[Mention]
    places: list[PlaceMention]
    times: list[TimeSpan]
    figures: list[Figure]
    published: str | None
    reference: str | None
    words: EventWords
    states: States
    officials: dict[str, tuple[str, str]]
    groups: list[Mention]  # armed groups and military companies
    insurgents: list[Mention]  # armed groups
    speech: SpeechWords
    armed: frozenset[str]  # entity keys of armed actors
    armed_mentions: list[Mention]
    names: dict[str, str]
    country: PlaceMention | None  # where the document happens
    home: State | None  # that country's state
    headline: tuple[int, int]
    country_of: Callable[[str], PlaceMention | None] | None
    datelines: list[tuple[int, int]]

    def state_in(self, place: PlaceMention | None) -> State | None:
        """The state of the country a place lies in."""
        if place is None or not place.country:
            return None
        country = self.country_of(place.country) if self.country_of else None
        return state_of_country(self.states, place.country, country.name if country else None)


def find_events(text: str, chunks: list[Chunk], *, mentions: list[Mention], entities: list[Entity],
                places: list[PlaceMention], times: list[TimeSpan], figures: list[Figure],
                published: str | None, reference: str | None = None, language: str = "en",
                dictionary: ActorDictionary | None = None, roles: tuple[Role, ...] = (),
                country_of: Callable[[str], PlaceMention | None] | None = None, title: str | None = None) -> list[Event]:
    words = event_words()
    known = states(dictionary or actor_dictionary())
    kinds = {e.key: e.actor_type for e in entities}
    groups = [m for m in mentions if kinds.get(m.entity_key) in ("non-state armed group", "private military company")]
    armed = (frozenset(e.key for e in entities if e.actor_type in words.armed_types) | words.armed_descriptions
             | {s.forces[0] for s in known.by_country.values() if s.forces != s.state})
    armed_mentions = [m for m in mentions if m.entity_key in armed]
    if not speaks_of_conflict(chunks, language=language, armed_mentions=len(armed_mentions)):
        return []
    article = _Article(text, language, mentions, places, times, figures, published, reference, words, known,
                       officials_of(roles, known, words), groups,
                       [m for m in groups if kinds[m.entity_key] == "non-state armed group"], speech_words(language),
                       armed, armed_mentions, {e.key: e.name for e in entities}, main_area(places, country_of), None,
                       headline_span(text, title), country_of,
                       datelines(text, places, mentions))
    article = replace(article, home=article.state_in(article.country))
    reports = [r for chunk in chunks for sent in chunk.doc.sents for r in _sentence_reports(article, sent, chunk.offset)]
    return [r.event for r in claimed(corefer(reports), words.claim_sub_types)]


def _sentence_reports(article: _Article, sent: Span, offset: int) -> list[Report]:
    """The events a sentence reports, one for each clause that tells one; none when it asks,
    negates, plans or imagines, or speaks of another subject than conflict."""
    words, start, end = article.words, offset + sent.start_char, offset + sent.end_char
    dates = [(t.start - start, t.end - start) for t in article.times if start <= t.start < end]
    folded = blank(fold(sent.text), dates + announced(sent, words))  # "May 27" is a date, not a modal
    if (words.not_events.search(folded) or sent.text.rstrip().endswith("?")
            or elsewhere(sent, language=article.language, armed_here=any(start <= m.start < end for m in article.armed_mentions))):
        return []
    found = clause_triggers(sent, folded, words, dates, article.language)
    if not found:
        return []
    here = with_states(sent, offset, article.mentions, article.states, _home_here(article, start, end), words)
    here = sorted(here + groups_named_again(article.text, sent, offset, here, article.groups, article.speech,
                                            article.mentions), key=lambda m: m.start)
    here = [m for m in here if not within(m, article.datelines)]  # where the reporter is, not who acts
    alleged = bool(words.alleged.search(folded))
    return [_report(article, sent, clause, offset, trigger, here, alleged)
            for trigger, clause in zip(found, _clauses(sent, found))]


def _home_here(article: _Article, start: int, end: int) -> State | None:
    """The state a bare title or word for forces names ("the president", "l'armée"): that of the
    article's country, unless the sentence's towns and regions all lie in others ("the president
    met the rebels in Niamey", in an article about Mali, is not Mali's president)."""
    placed = [p for p in article.places if not any(a <= p.start < b for a, b in article.datelines)]
    return None if set_abroad(placed, start, end, article.country.country if article.country else None) \
        else article.home


@dataclass(frozen=True)
class _Clause:
    """An event's own words in its sentence: from the first to the last, and which they are."""

    span: Span
    words: tuple[Token, ...]


def _clauses(sent: Span, found: list[Trigger]) -> list[_Clause]:
    """Each event's own words: the sentence when it reports one event; else its clause without
    the clauses of the sentence's other events that lie inside it ("the rebels seized the town
    and the army launched air strikes": "the rebels seized the town")."""
    if len(found) == 1:
        return [_Clause(sent, tuple(sent))]
    clauses = []
    for own in _own_words(found):
        while len(own) > 1 and (own[-1].is_punct or own[-1].is_space or own[-1].dep_ == "cc"):
            own = own[:-1]
        clauses.append(_Clause(sent.doc[own[0].i:own[-1].i + 1], tuple(own)))
    return clauses


def _own_words(found: list[Trigger]) -> list[list[Token]]:
    """The words of each trigger's clause that no other trigger's clause inside it holds."""
    words = []
    for trigger in found:
        nested = {t.i for other in found if other.head != trigger.head and trigger.head in other.head.ancestors
                  for t in other.head.subtree}
        words.append(sorted((t for t in trigger.head.subtree if t.i not in nested), key=lambda t: t.i) or [trigger.token])
    return words


def _report(article: _Article, sent: Span, clause: _Clause, offset: int, found: Trigger, here: list[Mention],
            alleged: bool) -> Report:
    """One event of a sentence, read from its clause (and the clause's subject), else from the
    sentence, its paragraph and the article."""
    start, end = offset + clause.span.start_char, offset + clause.span.end_char
    own = [(start, end)] if clause.span == sent else [(offset + t.idx, offset + t.idx + len(t)) for t in clause.words]
    if clause.span != sent:
        subjects = [span for token in (found.token, found.head) if (span := subject_span(token, offset))]
        blamed = blame(sent, offset, article.words)[0] if found.kind in VIOLENT else []  # "and X blamed it on Y"
        here = [m for m in here if within(m, own + subjects + blamed)]
    actors, targets = find_participants(sent, offset, here, article.places, found, article.speech, article.armed,
                                        article.words)
    actors = [a for m in actors for a in (*group_of(m, article.insurgents, article.words), m,
                                          *state_of(m, article.officials))]
    where = _place(article, sent, clause.span, offset, found, actors)
    if found.sub_type in article.words.by_forces:
        actors = with_forces(actors, article.state_in(where), offset + found.token.idx, article.states)
    deaths = event_fatalities(article.figures, own, clause.words, article.text, article.words) if found.kind != "strategic_developments" else (None, None)
    event = Event(start, end, article.text[start:end], found.kind, found.sub_type,
                  *names_of(article.names, actors, targets), where,
                  *_dates(article, sent, offset, own, found, offset + found.token.idx),
                  *deaths, alleged)
    return Report(event, found.sure, not one_group(toll_in(article.figures, own, article.text), article.words),
                  found.background, article.headline[0] <= offset + sent.start_char < article.headline[1],
                  (offset + sent.start_char, offset + sent.end_char), found.kind in VIOLENT and not found.by_victims,
                  another=told_apart(found.token, article.words), summed=counts_events(clause.words, article.words))


def _dates(article: _Article, sent: Span, offset: int, own: list[tuple[int, int]], found: Trigger,
           trigger: int) -> tuple[str | None, str | None, str]:
    """When the clause says it happened, else its sentence, paragraph or article. An event told
    in passing ("after the attack on the market") without a date of its own is dated by the
    count of time its sentence gives ("four days after": four days before the sentence's date),
    one told as going on meanwhile ("while three civilians died in Mopti") by its sentence,
    else keeps the precision it has: some time in the year up to its sentence's date."""
    start, end = own[0][0], own[-1][1]
    paragraph = article.text.rfind("\n", 0, start) + 1
    first, last, precision = event_dates(article.times, start, end, trigger, article.published, article.reference,
                                         paragraph)
    if not found.background or last is None or any(t.date_start and any(a <= t.start < b for a, b in own)
                                                   for t in article.times):
        return first, last, precision
    told = event_dates(article.times, offset + sent.start_char, offset + sent.end_char, trigger, article.published,
                       article.reference, paragraph)
    if found.meanwhile:
        return told
    if found.days_before is not None and told[2] in ("day", "publication") and told[0] == told[1]:
        day = (date.fromisoformat(told[0]) - timedelta(days=found.days_before)).isoformat()
        return day, day, "day"
    return f"{told[1][:4]}-01-01", told[1], "year"


def _place(article: _Article, sent: Span, clause: Span, offset: int, found: Trigger,
           actors: list[Mention]) -> PlaceMention | None:
    """Where the clause says it happened, else what its paragraph said before it (not another
    clause's place after it: "the clash was the first since the attack on the market in Boni"),
    else the article's main area."""
    asides = asides_of(sent, offset, found, article.words, article.speech.verbs)
    return event_place(article.places, offset + clause.start_char, offset + clause.end_char, article.text, actors,
                       asides) or article.country
