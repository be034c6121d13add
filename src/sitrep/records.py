"""Plain, frozen records passed between the stages of the pipeline.

Each stage takes records and returns records; none of them does I/O. Offsets are
character offsets into `Document.text`, the clean body.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hints:
    """Metadata that came with an input (JSON Lines fields, feed entries, HTTP)."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawInput:
    """One article as it arrived: the bytes, what they are, and where they came from."""

    source: str
    content: bytes
    kind: str  # "text" | "html" | "pdf"
    hints: Hints = field(default_factory=Hints)


@dataclass(frozen=True)
class Rejected:
    """An input that was skipped, and why. Printed as one line: `source: reason`."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Extracted:
    """Text taken out of the raw bytes, before cleaning, with what the container said."""

    text: str
    encoding: str
    hints: Hints
    notes: tuple[str, ...] = ()  # e.g. "decoded as cp1252", shown to the user as warnings


@dataclass(frozen=True)
class Line:
    """One line of extracted text and what the cleaner decided about it."""

    text: str
    verdict: str  # "keep" or the rule that removed it, e.g. "navigation", "repeat", "byline"
    blank_before: bool = False


@dataclass(frozen=True)
class Cleaned:
    """The clean body and the lines that were removed, kept for metadata and for auditing."""

    text: str
    lines: tuple[Line, ...]
    title: str | None = None  # the headline: the line the lead paragraph is about

    def removed(self, verdict: str) -> list[str]:
        return [line.text for line in self.lines if line.verdict == verdict]


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD or YYYY-MM
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()  # wire services credited (AFP, Reuters, ...)
    language: str | None = None
    language_score: float | None = None


@dataclass(frozen=True)
class Document:
    """A clean article with its metadata and its raw input, ready for the store."""

    id: str
    source: str
    text: str
    meta: Metadata
    raw: bytes
    raw_kind: str
    encoding: str
    duplicate_of: str | None = None


# --- the language stage: every record carries character offsets into Document.text ---


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A name or description in the text, and the entity (or actor category) it refers to."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC, NORP, or DESC for a descriptive mention
    entity_key: str


@dataclass(frozen=True)
class Entity:
    """A canonical entity within one document; `key` is the same across documents."""

    key: str
    name: str
    type: str  # PERSON, ORG, GPE, LOC, FAC, NORP, DESC
    actor_type: str | None = None  # from the actor dictionary: state forces, NGO, ...
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    entity_key: str
    role: str
    start: int
    end: int
    date: str | None = None  # the publication date the role was stated on


@dataclass(frozen=True)
class TimeSpan:
    """A temporal expression and the interval it stands for (precision: day, month, year, unknown)."""

    start: int
    end: int
    text: str
    date_start: str | None
    date_end: str | None
    precision: str


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_key: str | None
    speaker_role: str | None
    direct: bool
    nested: bool = False  # a quotation inside another quotation


@dataclass(frozen=True)
class Figure:
    """A number stated as a fact: value interval, what was counted, and who says so."""

    start: int  # the evidence: the clause or sentence that states it
    end: int
    text: str
    as_reported: str
    value_low: float | None
    value_high: float | None
    unit: str | None
    qualifier: str | None
    measure: str
    subject: str | None
    attributed_to: str | None
    date: str | None


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text and the gazetteer record it was resolved to (or why not).
    `precision` follows ACLED: 1 the town itself, 2 a district, 3 a region or a country."""

    start: int
    end: int
    text: str
    reason: str  # why this candidate won, or why nothing was chosen
    geonames_id: int | None = None
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None
    score: float | None = None
    admin2: str | None = None


@dataclass(frozen=True)
class Event:
    """Who did what to whom, where, when, how many killed, as one document reports it."""

    start: int  # the evidence: the sentence that reports it
    end: int
    text: str
    type: str  # one of ACLED's six, snake_case
    sub_type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    place: PlaceMention | None
    date_start: str | None
    date_end: str | None
    date_precision: str  # day | week | month | year | publication (the article's date, no better) | unknown
    fatalities_low: int | None
    fatalities_high: int | None
    alleged: bool
    also: tuple[tuple[int, int], ...] = ()  # further sentences of the document that report the same event


@dataclass(frozen=True)
class Analysis:
    """All the language stage found in one document; `note` says why it was skipped, if it was."""

    language: str | None
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    roles: tuple[Role, ...] = ()
    times: tuple[TimeSpan, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    events: tuple[Event, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class EventFilter:
    """Which events (or incidents) a view, an export or a briefing is about; None is no limit."""

    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None
    type: str | None = None  # one of ACLED's six
    actor: str | None = None  # part of an actor's or target's name
    since: str | None = None  # events ending on or after (YYYY-MM-DD)
    until: str | None = None  # events starting on or before
    min_fatalities: int | None = None
    doc: str | None = None
    precision: str | None = None  # how finely placed: one of PRECISIONS


# How finely an event or an incident is placed, by its place: a town, a district (second or third-level
# division), a first-level region, or a country alone (no first-level region known: a country, a wider
# area, or a place the gazetteer gives no region).
PRECISIONS = ("town", "district", "region", "country")


RECORD_KINDS = ("document", "entity", "place", "event", "incident", "quote", "figure")  # what an export writes
