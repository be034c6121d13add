"""The language stage over documents: parse with spaCy, then find names, roles, times, quotes
and figures. Documents in a language sitrep has no pipeline for are kept and flagged, not parsed.

Order within a document (each step uses the ones before):
1. sentences                                   from the parser
2. mentions and canonical entities             entities.py (NER + actor dictionary)
3. places, resolved in the gazetteer           geo/places.py (when a gazetteer is given)
   names settled by the places                 in_context.py ("the army" of the article's country)
4. roles of people                             roles.py
5. temporal expressions                        times.py
6. quotes, direct and indirect, with speakers  quotes.py
7. figures, with who says so                   figures.py
8. events                                      events/extract.py
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..events.extract import find_events
from ..geo.places import PlaceFinder
from ..records import Analysis, Document, Sentence
from .actors import ActorDictionary
from .entities import canonical_entities, find_mentions
from .figures import find_figures
from .in_context import settle
from .models import SUPPORTED, Chunk, parse
from .quotes import find_quotes
from .roles import find_roles
from .times import find_times, weekday_confirmed_days


def analyse_documents(docs: list[Document], *, dictionary: ActorDictionary,
                      places: PlaceFinder | None = None) -> list[Analysis]:
    """One Analysis per document, in order; texts of one language are parsed together."""
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
        parsed = parse([docs[i].text for i in indexes], language)
        for i, chunks in zip(indexes, parsed):
            results[i] = analyse_parsed(docs[i], chunks, dictionary=dictionary, places=places)
    return [results[i] for i in range(len(docs))]


def estimated_date(text: str, *, today: date | None = None) -> str | None:
    """For an article with no publication date: a guess from the dates it mentions, from which
    "on Thursday" or "March 30" can be read (events dated by it are marked as such).

    A day written with its weekday ("Saturday October 2", "lundi 16 décembre") fixes its year: the
    first from the year before the latest year the article mentions (it may announce next year's
    plans) in which that day falls on that weekday, up to today. Otherwise: writers give the year
    of earlier years' dates and leave it out for this year's. So the guess is the latest full date,
    unless the article also has dates without a year ("March 30", not "Tuesday", which is relative
    to the article's own date): then it is the latest of those, in the latest full date's year when
    they all fall after it, else in the next year."""
    times = find_times(text, published=None)
    days = [t.date_end for t in times if t.precision == "day" and t.date_end]
    years = [int(t.date_end[:4]) for t in times if t.date_end]
    confirmed = weekday_confirmed_days(text, not_before=max(years) - 1, not_after=(today or date.today()).year) if years else []
    if confirmed:
        return max([confirmed[-1].isoformat(), *days])
    if not days:
        return None
    latest = max(days)
    yearless = {(t.start, t.end) for t in times if t.date_start is None and any(c.isdigit() for c in t.text)}
    year = int(latest[:4])
    undated = [t.date_end for t in find_times(text, published=f"{year}-12-31")
               if (t.start, t.end) in yearless and t.precision == "day" and t.date_end]
    if not undated:
        return latest
    if min(undated) > latest:
        return max(undated)
    guess = max(undated)
    return f"{year + 1}{guess[4:]}" if guess[5:] != "02-29" else f"{year + 1}-02-28"


def analyse_parsed(doc: Document, chunks: list[Chunk], *, dictionary: ActorDictionary,
                   places: PlaceFinder | None = None) -> Analysis:
    language = doc.meta.language or "en"
    text = doc.text
    sentences = tuple(Sentence(c.offset + s.start_char, c.offset + s.end_char) for c in chunks for s in c.doc.sents)
    mentions, entities = canonical_entities(text, find_mentions(text, chunks, dictionary))
    found_places = places.find(text, mentions, language=language) if places is not None else []
    mentions, entities = settle(text, mentions, entities, found_places, dictionary=dictionary, language=language)
    roles = find_roles(chunks, mentions, date=doc.meta.published)
    reference = doc.meta.published or estimated_date(text)
    times = find_times(text, published=reference)
    quotes = find_quotes(text, chunks, mentions, entities, roles, language=language, times=times,
                         title=doc.meta.title)
    figures = find_figures(text, chunks, times=times, quotes=quotes, mentions=mentions, language=language,
                           published=doc.meta.published, title=doc.meta.title)
    events = find_events(text, chunks, mentions=mentions, entities=entities, places=found_places, times=times,
                         figures=figures, published=doc.meta.published, reference=reference, language=language,
                         dictionary=dictionary, roles=tuple(roles),
                         country_of=places.country if places is not None else None, title=doc.meta.title)
    return Analysis(language, sentences, tuple(mentions), tuple(entities), tuple(roles), tuple(times),
                    tuple(quotes), tuple(figures), tuple(found_places), tuple(events))
