"""The analysis of documents, one pure stage: parse with spaCy, then find names, places, roles,
times, quotes, figures and events. Documents in a language sitrep has no pipeline for are kept and
flagged, not parsed. Records in, records out: no store, and nothing but read-only data and models.

Order within a document (each step uses the ones before):
1. sentences                                   from the parser
2. mentions and canonical entities             language/entities.py (NER + actor dictionary)
3. places, resolved in the gazetteer           geo/places.py (when a gazetteer is given)
   names settled by the places                 language/in_context.py ("the army" of the article's country)
4. roles of people                             language/roles.py
5. temporal expressions                        language/times.py
6. quotes, direct and indirect, with speakers  language/quotes.py
   names typed by roles, quotes and outlet     language/in_context.py (a place to the tagger who speaks)
7. figures, with who says so                   language/figures.py
8. events                                      events/extract.py
   names typed by the violence they do         language/in_context.py (an unplaced "place" that attacks)
"""

from __future__ import annotations

from collections import defaultdict

from .events.extract import find_events
from .events.kinds import VIOLENT
from .geo.places import PlaceFinder
from .language.actors import ActorDictionary
from .language.entities import canonical_entities, find_mentions
from .language.figures import find_figures
from .language.in_context import settle, typed_as_doers, typed_as_outlet, typed_as_people, unplaced_names
from .language.models import SUPPORTED, Chunk, parse
from .language.quotes import find_quotes
from .language.roles import find_roles
from .language.times import estimated_date, find_times
from .records import Analysis, Document, Sentence


def analyse_documents(docs: list[Document], *, dictionary: ActorDictionary,
                      places: PlaceFinder | None = None) -> list[Analysis]:
    """One Analysis per document, in order; texts of one language are parsed together, and each is
    analysed as soon as it is parsed (its parse is let go before the next one's is asked for)."""
    results: dict[int, Analysis] = {}
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        language = doc.meta.language
        if language in SUPPORTED:
            by_language[language].append(i)
        else:
            results[i] = Analysis(language, note=f"language {language or 'unknown'!r} has no pipeline in sitrep "
                                                 f"(supported: {', '.join(sorted(SUPPORTED))}); stored, not analysed")
    for language, indexes in by_language.items():
        for i, chunks in zip(indexes, parse([docs[i].text for i in indexes], language)):
            results[i] = analyse_parsed(docs[i], chunks, dictionary=dictionary, places=places)
    return [results[i] for i in range(len(docs))]


def analyse_parsed(doc: Document, chunks: list[Chunk], *, dictionary: ActorDictionary,
                   places: PlaceFinder | None = None) -> Analysis:
    language = doc.meta.language or "en"
    text = doc.text
    sentences = tuple(Sentence(c.offset + s.start_char, c.offset + s.end_char) for c in chunks for s in c.doc.sents)
    mentions, entities = canonical_entities(text, find_mentions(text, chunks, dictionary))
    found_places = places.find(text, mentions, language=language) if places is not None else []
    mentions, entities = settle(text, mentions, entities, found_places, dictionary=dictionary, language=language,
                                 sentences=sentences)
    unplaced = unplaced_names(mentions, found_places)
    roles = find_roles(chunks, [m for m in mentions if m.label == "PERSON"] + unplaced, date=doc.meta.published)
    reference = doc.meta.published or estimated_date(text)
    times = find_times(text, published=reference)
    quotes = find_quotes(text, chunks, mentions, entities, roles, language=language, times=times,
                         title=doc.meta.title)
    speakers = [r.entity_key for r in roles] + [q.speaker_key for q in quotes if q.speaker_key]
    entities = typed_as_outlet(typed_as_people(entities, speakers, unplaced), doc.meta.outlet)
    figures = find_figures(text, chunks, times=times, quotes=quotes, mentions=mentions, language=language,
                           published=doc.meta.published, title=doc.meta.title)
    events = find_events(text, chunks, mentions=mentions, entities=entities, places=found_places, times=times,
                         figures=figures, published=doc.meta.published, reference=reference, language=language,
                         dictionary=dictionary, roles=tuple(roles),
                         country_of=places.country if places is not None else None, title=doc.meta.title)
    entities = typed_as_doers(entities, [a for e in events if e.type in VIOLENT for a in e.actors], mentions, found_places)
    return Analysis(language, sentences, tuple(mentions), tuple(entities), tuple(roles), tuple(times),
                    tuple(quotes), tuple(figures), tuple(found_places), tuple(events))
