"""Events in ACLED's taxonomy, one per real event a document reports, with their evidence.

Every rule's words are in data/events.yaml (read by words.py). For each sentence:
1. triggers.py: triggers give a type and sub-type; not triggers are nouns used as modifiers
   ("attack helicopters"), purposes ("troops to fight"), references back ("the attack, he
   said"), states of affairs ("has been battling") and the other language's look-alikes;
2. violent ones are refined by the nearest word naming the victims (civilians or armed);
3. the sentence keeps one event: its own before one in an after/since clause, then the most
   specific type (`precedence`);
4. a sentence that is a question, or negates, plans or imagines the event, gives none;
5. participants.py, states.py: actors: the trigger verb's subject, else who is named before the
   trigger, but not whoever a passive verb acts upon ("was ousted in a coup"; forces deployed are
   actors); targets after it; passive agents ("killed by X") are actors, so are armed groups named
   after a violent trigger and both sides of a battle; who reports it ("X said", "according to
   X") is neither;
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

from ..language.actors import ActorDictionary, actor_dictionary
from ..language.models import Chunk, fold
from ..language.quotes import speech_words
from ..records import Entity, Event, Figure, Mention, PlaceMention, Role, TimeSpan
from .participants import find_participants, group_of, groups_named_again, names_of
from .relevance import elsewhere, speaks_of_conflict
from .setting import asides_of, event_dates, event_fatalities, event_place, main_area, one_group, toll_in
from .states import officials_of, state_of, states, with_forces, with_states
from .syntax import blank
from .triggers import announced, strongest
from .within_document import Report, corefer, headline_span
from .words import event_words


def find_events(text: str, chunks: list[Chunk], *, mentions: list[Mention], entities: list[Entity],
                places: list[PlaceMention], times: list[TimeSpan], figures: list[Figure],
                published: str | None, reference: str | None = None, language: str = "en",
                dictionary: ActorDictionary | None = None, roles: tuple[Role, ...] = (),
                country_of: Callable[[str], PlaceMention | None] | None = None, title: str | None = None) -> list[Event]:
    words = event_words()
    known_states = states(dictionary or actor_dictionary())
    officials = officials_of(roles, known_states, words)
    kinds = {e.key: e.actor_type for e in entities}
    groups = [m for m in mentions if kinds.get(m.entity_key) in ("non-state armed group", "private military company")]
    insurgents = [m for m in groups if kinds[m.entity_key] == "non-state armed group"]
    speech = speech_words(language)
    armed = (frozenset(e.key for e in entities if e.actor_type in words.armed_types) | words.armed_descriptions
             | {s.forces[0] for s in known_states.by_country.values() if s.forces != s.state})
    armed_mentions = [m for m in mentions if m.entity_key in armed]
    if not speaks_of_conflict(chunks, language=language, armed_mentions=len(armed_mentions)):
        return []
    names = {e.key: e.name for e in entities}
    country = main_area(places, country_of)
    home = known_states.by_country.get(country.country) if country and country.country else None
    headline = headline_span(text, title)
    reports: list[Report] = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            start, end = chunk.offset + sent.start_char, chunk.offset + sent.end_char
            dates = [(t.start - start, t.end - start) for t in times if start <= t.start < end]
            folded = blank(fold(sent.text), dates + announced(sent, words))  # "May 27" is a date, not a modal
            if (words.not_events.search(folded) or sent.text.rstrip().endswith("?")
                    or elsewhere(sent, language=language, armed_here=any(start <= m.start < end for m in armed_mentions))):
                continue
            found = strongest(sent, folded, words, dates, language)
            if found is None:
                continue
            kind, sub_type, at = found.kind, found.sub_type, found.at
            here = with_states(sent, chunk.offset, mentions, known_states, home, words)
            here = sorted(here + groups_named_again(text, sent, chunk.offset, here, groups, speech), key=lambda m: m.start)
            actors, targets = find_participants(sent, chunk.offset, here, places, found, speech, armed, words)
            actors = [a for m in actors for a in (*group_of(m, insurgents, words), m, *state_of(m, officials))]
            asides = asides_of(sent, chunk.offset, found.token)
            where = event_place(places, start, end, text, actors, asides) or country
            if sub_type in words.by_forces:
                actors = with_forces(actors, where, start + at, known_states)
            event = Event(
                start, end, text[start:end], kind, sub_type, *names_of(names, actors, targets), where,
                *event_dates(times, start, end, start + at, published, reference, text.rfind("\n", 0, start) + 1),
                *event_fatalities(figures, start, end, sent),
                bool(words.alleged.search(folded)))
            reports.append(Report(event, found.sure, not one_group(toll_in(figures, start, end), words), found.background,
                                   headline[0] <= start < headline[1]))
    return [r.event for r in corefer(reports)]
