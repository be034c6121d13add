"""What happens to an article, in order. Read this file first.

1. Read       ingest.sources.read_sources   paths, folders, URLs, feeds, JSON Lines, stdin
2. Extract    ingest.extract.extract        bytes to text: trafilatura for HTML, pypdf for PDF
3. Clean      ingest.clean.clean            site furniture out, each repeated line kept once
4. Describe   ingest.metadata.describe      title, outlet, date, authors, agencies, language
5. Identify   ingest.dedup                  stable id from the words; copies of stored articles
                                            marked duplicate_of the earliest copy
6. Store      store.Store.add_document      one transaction per document, raw input kept

The language, geo and event stages run between 5 and 6 as they are built. An input that
cannot be read becomes a Rejected outcome with its reason, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import BinaryIO

from .datafiles import LineRule, boilerplate_rules
from .errors import InputError
from .ingest.clean import clean
from .ingest.dedup import CopyIndex, Fingerprint, document_id, fingerprint, normalised_words
from .ingest.extract import extract
from .ingest.fetch import fetch
from .ingest.metadata import describe
from .ingest.sources import Fetcher, read_sources
from .records import Document, RawInput, Rejected
from .settings import Settings
from .store import Store


@dataclass(frozen=True)
class Outcome:
    """What became of one input: added, a copy of a stored article, already stored, or rejected."""

    source: str
    status: str  # added | copy | known | rejected
    doc_id: str | None = None
    detail: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count("rejected") > 0

    def summary(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("added", "copy", "known", "rejected")}


@dataclass(frozen=True)
class Built:
    """A document from stages 2-5, its fingerprint for the copy check, and warnings for the user."""

    doc: Document
    fingerprint: Fingerprint
    warnings: tuple[str, ...]


def build_document(raw: RawInput, *, rules: tuple[LineRule, ...]) -> Built:
    """Stages 2-5 for one input: extracted, cleaned, described, identified."""
    extracted = extract(raw)
    cleaned = clean(extracted.text, rules=rules)
    if not cleaned.text.strip():
        raise InputError("no article text left once site furniture is removed")
    meta = describe(cleaned, extracted.hints, rules=rules)
    words = normalised_words(cleaned.text)
    doc = Document(id=document_id(words), source=raw.source, text=cleaned.text, meta=meta,
                   raw=raw.content, raw_kind=raw.kind, encoding=extracted.encoding)
    return Built(doc, fingerprint(words), extracted.notes)


class Ingestor:
    """Runs the stages over a batch, against one store."""

    def __init__(self, store: Store, settings: Settings, *, fetcher: Fetcher | None = None) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher or partial(fetch, settings=settings)
        self.rules = boilerplate_rules(settings.extra_boilerplate or None)
        self._copies: CopyIndex | None = None

    @property
    def copies(self) -> CopyIndex:
        if self._copies is None:
            self._copies = CopyIndex(threshold=self.settings.duplicate_threshold)
            for doc_id, print_, _published in self.store.fingerprints():
                self._copies.add(doc_id, print_)
        return self._copies

    def ingest(self, sources: Iterable[str], *, stdin: BinaryIO | None = None, run_id: int | None = None,
               on_outcome: Callable[[Outcome], None] = lambda _o: None) -> IngestReport:
        report = IngestReport()
        for item in read_sources(sources, settings=self.settings, fetcher=self.fetcher, stdin=stdin):
            outcome = self.add(item, run_id=run_id)
            report.outcomes.append(outcome)
            on_outcome(outcome)
        return report

    def add(self, item: RawInput | Rejected, *, run_id: int | None = None) -> Outcome:
        """Stages 2-6 for one input."""
        if isinstance(item, Rejected):
            return Outcome(item.source, "rejected", detail=item.reason)
        try:
            built = build_document(item, rules=self.rules)
        except InputError as exc:
            return Outcome(item.source, "rejected", detail=str(exc))
        doc, print_, warnings = built.doc, built.fingerprint, built.warnings
        if self.store.has_document(doc.id):
            return Outcome(item.source, "known", doc.id, "already stored", warnings)
        original = self.copies.original_of(print_)
        if original and _older(doc.meta.published, self.store.published(original)):
            self.store.add_document(doc, print_, run_id=run_id, supersedes=original)
            self._swap_original(original, doc.id, print_)
            return Outcome(item.source, "added", doc.id, f"earlier than {original}, now its original", warnings)
        if original:
            self.store.add_document(replace(doc, duplicate_of=original), print_, run_id=run_id)
            return Outcome(item.source, "copy", doc.id, f"copy of {original}", warnings)
        self.store.add_document(doc, print_, run_id=run_id)
        self.copies.add(doc.id, print_)
        return Outcome(item.source, "added", doc.id, warnings=warnings)

    def _swap_original(self, old: str, new: str, print_: Fingerprint) -> None:
        self.copies.remove(old)
        self.copies.add(new, print_)


def _older(candidate: str | None, than: str | None) -> bool:
    """Strictly earlier publication, comparing only as precisely as both dates allow."""
    if not candidate or not than:
        return False
    n = min(len(candidate), len(than))
    return candidate[:n] < than[:n]
