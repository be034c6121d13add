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
