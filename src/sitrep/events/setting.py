"""Where, when and how many killed: a sentence's event's place, dates and toll."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import regex
from spacy.tokens import Span, Token

from ..language.figures import FATAL, light_verb
from ..language.models import fold
from ..language.times import published_interval
from ..records import Figure, Mention, PlaceMention, TimeSpan
from .syntax import extent, passive
from .triggers import Trigger
from .words import EventWords


def event_place(places: list[PlaceMention], start: int, end: int, text: str, actors: list[Mention],
                asides: list[tuple[int, int]]) -> PlaceMention | None:
    """The most precise resolved place of the sentence, else the last one earlier in its paragraph.
    A dateline ("Kinshasa — ...") says where the reporter is, a place that is also the event's
    actor ("France launched an operation in Mali") or that owns something ("Bamako's demands")
    where an actor comes from, and a relative clause beside the event ("the town, which lies
    between Douentza and Hombori") where something else is: they are not where the event
    happened, which is then told by the paragraph or the article; and a region of no country
    ("West Africa") is taken only when nothing else is named."""
    here = [p for p in places if start <= p.start < end and p.geonames_id is not None
            and not dateline(p, text) and not any(a.start <= p.start < a.end for a in actors)
            and not any(a <= p.start < b for a, b in asides) and text[p.end:p.end + 2] not in ("'s", "’s")]
    if here:
        return min(here, key=lambda p: (p.country is None, *place_precision(p), p.start))
    paragraph = text.rfind("\n", 0, start) + 1
    earlier = [p for p in places if paragraph <= p.start < start and p.geonames_id is not None]
    if not earlier:
        return None
    last = earlier[-1]  # "in Gao, Mali": the town before its country
    return next((p for p in reversed(earlier) if p.country == last.country and place_precision(p) < place_precision(last)
                 and last.start - p.end < 5), last)


def asides_of(sent: Span, offset: int, found: Trigger, words: EventWords,
              speech_verbs: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans that name no place of the event: the sentence's relative clauses that
    neither hold the trigger nor tell about it ("the raid, which he led in the north": the raid's
    place is told there); a name that is the subject of another verb, a capital standing for its
    government ("Moscow has shielded Mali over the massacre in the village", "as Moscow and Kyiv
    reported attacks"); a name inside a
    modifier ("Paris-backed forces"); the far side of a border ("near the border with Mali", "the
    Mali border", "une région frontalière de la Libye"); a neighbouring country ("fled to
    neighbouring Niger"); where someone spoke ("speaking to reporters in the capital"); and, but
    for violence, whom the event is about rather than where it is ("accused France of",
    "sanctioned Mali"; not "visited Niger")."""
    trigger = found.token
    relative = [extent(t, offset) for t in sent if t.dep_ in ("relcl", "acl:relcl") and t.head != trigger
                and trigger not in t.subtree]
    names = [t for t in sent if _subject_of_another(t, trigger)
             or (t.i + 1 < sent.end and t.nbor(1).text in ("-", "–") and not t.whitespace_)
             or _beyond_border(t, words)
             or any(c.dep_ in ("amod", "nmod", "compound") and fold(c.lower_) in words.neighbouring for c in t.children)
             or (found.kind == "strategic_developments" and t.dep_ in ("dobj", "obj")
                 and fold(t.head.lemma_) not in words.place_verbs)]
    spoken = [extent(c, offset) for t in sent if fold(t.lemma_) in speech_verbs | words.speaking and t != trigger
              and trigger not in t.subtree for c in t.children if c.dep_ == "prep"]
    return relative + spoken + [(offset + t.idx, offset + t.idx + len(t)) for t in names]


def _subject_of_another(token: Token, trigger: Token) -> bool:
    """A name that is the subject of another verb than the trigger, or joined to one ("as Moscow
    and Kyiv reported attacks"): a capital standing for its government."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token.dep_ == "nsubj" and token.pos_ == "PROPN" and token.head != trigger


def _beyond_border(token: Token, words: EventWords) -> bool:
    """A name for the country across a border: "the Mali border", "la frontière avec le Mali"."""
    if token.dep_ in ("case", "det", "punct"):
        return False
    head = token.head.head if token.head.pos_ == "ADP" else token.head
    before = [fold(t.lower_) for t in token.doc[max(token.sent.start, token.i - 5):token.i]]
    crossing = next((i for i, w in enumerate(before) if w in words.borders), None)  # the parser may hang
    return fold(head.lemma_) in words.borders or (  # "avec le Mali" elsewhere than on the border
        crossing is not None and any(w in words.border_with for w in before[crossing:]))


def place_precision(place: PlaceMention) -> tuple[int, bool]:
    """ACLED's precision, and a region before its country."""
    return place.precision or 9, place.kind == "country"


def dateline(place: PlaceMention, text: str) -> bool:
    """A place opening its line before a dash: "Kinshasa —", "MOPTI, March 15, 2025 —", "Gao (AFP) -"."""
    return dateline_span(place, text) is not None


def dateline_span(place: PlaceMention, text: str) -> tuple[int, int] | None:
    """Where the dateline a place opens lies, to its dash ("Gao, March 2 (AFP) -")."""
    line = text.rfind("\n", 0, place.start) + 1
    if text[line:place.start].strip(" ,"):
        return None
    dash = regex.match(r"[^\S\n]*(?:\([^)]*\))?(?:,[^\n—–]{0,40}?)?(?:[^\S\n]*[—–]|[^\S\n]+-[^\S\n])", text[place.end:])
    return (line, place.end + dash.end()) if dash else None


DATELINE = regex.compile(r"(?m)^[^\S\n]*(\p{Lu}[\p{L}'’.-]*(?:[ -]\p{Lu}[\p{L}'’.-]*){0,3})"
                         r"((?:,[^\n—–]{0,40}?)?(?:[^\S\n]*\([^)\n]{1,40}\))?)(?:[^\S\n]*[—–]|[^\S\n]+-[^\S\n])")


def datelines(text: str, places: list[PlaceMention], mentions: list[Mention]) -> list[tuple[int, int]]:
    """Where the text's datelines lie, to their dashes: a place opening its line ("Kinshasa —"),
    or a line's opening name in capitals, one the tagger calls a place, or one with a date or an
    agency after it ("GAO, March 2 (AFP) -", "Mali –"). No one named in them acts."""
    spans = [span for p in places if (span := dateline_span(p, text))]
    for line in DATELINE.finditer(text):
        name, rest = line.group(1), line.group(2)
        place = any(m.start == line.start(1) and m.label in ("GPE", "LOC") for m in mentions)
        if name.isupper() or rest or place:
            spans.append((line.start(), line.end()))
    return spans


def main_area(places: list[PlaceMention],
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


def event_dates(times: list[TimeSpan], start: int, end: int, trigger: int, published: str | None, reference: str | None,
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


def event_fatalities(figures: list[Figure], spans: list[tuple[int, int]], words: tuple[Token, ...],
                     text: str, event_words: EventWords) -> tuple[int | None, int | None]:
    """The toll a clause states, given its own words and their character spans: its number's
    interval ("at least 20": 20 and more, ACLED's lower bound first), else one person killed."""
    toll = toll_in(figures, spans, text) or _repeated(figures, spans, text)
    if toll is None:
        return (1, 1) if _one_killed(words, event_words) else (None, None)
    low = toll.value_low if toll.value_low is not None else 0
    return int(low), None if toll.value_high is None else int(toll.value_high)


def _one_killed(words: tuple[Token, ...], event_words: EventWords) -> bool:
    """One death told without a number: "a peacekeeper was killed", "un soldat a été tué", "the
    governor was killed", "le président est mort", "a soldier lost his life", a person named as killed."""
    return any((fold(t.lemma_) in FATAL and (c.dep_ in ("nsubjpass", "nsubj:pass") or c.dep_ == "nsubj" and passive(t)
                                             or c.dep_ == "nsubj" and fold(t.lemma_) in event_words.dying)
                or c.dep_ == "nsubj" and light_verb(t) == "fatalities")
               and _one_person(c, event_words) for t in words for c in t.children)


def _one_person(subject: Token, words: EventWords) -> bool:
    """A person named, or one singled out by an article ("a soldier", "the president"), not a
    group ("the family", "a convoy")."""
    if subject.pos_ == "PROPN":
        return subject.ent_type_ == "PERSON"
    return (subject.pos_ == "NOUN" and "Sing" in subject.morph.get("Number") and fold(subject.lemma_) not in words.collectives
            and not any(c.dep_ == "nummod" for c in subject.children)
            and any(fold(d.lower_) in words.singular_articles for d in subject.children if d.dep_ == "det"))


def toll_in(figures: list[Figure], spans: list[tuple[int, int]], text: str) -> Figure | None:
    """The first toll whose number lies in the spans (a figure's evidence is its whole sentence)."""
    def at(figure: Figure) -> int:
        found = text.find(figure.as_reported, figure.start, figure.end) if figure.as_reported else -1
        return found if found >= 0 else figure.start
    return next((f for f in figures if f.measure == "fatalities" and any(a <= at(f) < b for a, b in spans)), None)


def _repeated(figures: list[Figure], spans: list[tuple[int, int]], text: str) -> Figure | None:
    """A toll the article told before and the clause tells again, number and subject ("over 2,000
    civilians" in the title and again in the text: one figure, told twice)."""
    said = fold(" ".join(text[a:b] for a, b in spans))
    return next((f for f in figures if f.measure == "fatalities" and f.as_reported and f.subject
                 and fold(f"{f.as_reported} {f.subject}") in said), None)


def one_group(toll: Figure | None, words: EventWords) -> bool:
    """A toll of armed men only ("one soldier was killed"), not of everyone an attack killed."""
    return toll is not None and bool(toll.subject) and fold(toll.subject.split()[-1]) in words.armed
