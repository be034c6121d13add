"""What happens to an article, in order. Read this file first.

1. Read       ingest.sources.read_sources   paths, folders, URLs, feeds, JSON Lines, stdin
2. Extract    ingest.extract.extract        bytes to text: trafilatura for HTML, pypdf for PDF
3. Clean      ingest.clean.clean            site furniture out, each repeated line kept once
4. Describe   ingest.metadata.describe      title, outlet, date, authors, agencies, language
5. Identify   ingest.dedup                  stable id from the words; copies of stored articles
                                            marked duplicate_of the earliest copy
6. Language   language.analyse              entities, roles, dates, quotes, figures (not for copies)
   Places     geo.places                    place names resolved in the gazetteer (geo.gazetteer)
7. Store      store.Store.add_document      one transaction per document and its analysis
8. Incidents  events.incidents.merge        after the batch: the reports of one event merged,
                                            analysts' decisions applied (store.Store.rebuild_incidents)

Stages 2-5 run one input at a time; the language stage runs over batches (spaCy is faster
that way, and can use worker processes). An input that cannot be read becomes a Rejected
outcome with its reason, and the batch goes on.
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
from .language.workers import Analyser
from .records import Analysis, Document, RawInput, Rejected
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
    cleaned = clean(extracted.text, rules=rules, url=extracted.hints.url)
    if not cleaned.text.strip():
        raise InputError("no article text left once site furniture is removed")
    meta = describe(cleaned, extracted.hints, rules=rules)
    words = normalised_words(cleaned.text)
    doc = Document(id=document_id(words, meta.outlet), source=raw.source, text=cleaned.text, meta=meta,
                   raw=raw.content, raw_kind=raw.kind, encoding=extracted.encoding)
    return Built(doc, fingerprint(words), extracted.notes)


def analyser_for(settings: Settings) -> Analyser:
    """The language and geo stages as the settings configure them (closing it stops its workers)."""
    return Analyser(workers=settings.workers, extra_actors=settings.extra_actors, gazetteer=settings.gazetteer,
                    places_overlay=settings.places_overlay)


@dataclass(frozen=True)
class _Pending:
    """A new document waiting for the language stage, and what identity decided about it."""

    source: str
    built: Built
    original: str | None = None  # it copies this stored document
    supersedes: str | None = None  # it is an earlier copy of this one, which becomes its copy


class Ingestor:
    """Runs the stages over a batch, against one store."""

    BATCH = 32

    def __init__(self, store: Store, settings: Settings, *, fetcher: Fetcher | None = None,
                 analyser: Analyser | None = None) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher or partial(fetch, settings=settings)
        self.rules = boilerplate_rules(settings.extra_boilerplate or None)
        self.analyser = analyser or analyser_for(settings)
        self._copies: CopyIndex | None = None
        self._pending_ids: set[str] = set()

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
        queue: list[Outcome | _Pending] = []  # in input order, so that outcomes come out in that order

        def flush() -> None:
            done = iter(self._commit([q for q in queue if isinstance(q, _Pending)], run_id))
            for entry in queue:
                outcome = entry if isinstance(entry, Outcome) else next(done)
                report.outcomes.append(outcome)
                on_outcome(outcome)
            queue.clear()
        for item in read_sources(sources, settings=self.settings, fetcher=self.fetcher, stdin=stdin):
            queue.append(self._prepare(item))
            if sum(isinstance(q, _Pending) for q in queue) >= self.BATCH:
                flush()
        flush()
        if report.count("added"):
            self.store.rebuild_incidents()
        return report

    def add(self, item: RawInput | Rejected, *, run_id: int | None = None) -> Outcome:
        """Every stage for one input."""
        prepared = self._prepare(item)
        return prepared if isinstance(prepared, Outcome) else self._commit([prepared], run_id)[0]

    def _prepare(self, item: RawInput | Rejected) -> Outcome | _Pending:
        """Stages 2-5: an Outcome when the input goes no further, else a document to analyse."""
        if isinstance(item, Rejected):
            return Outcome(item.source, "rejected", detail=item.reason)
        try:
            built = build_document(item, rules=self.rules)
        except InputError as exc:
            return Outcome(item.source, "rejected", detail=str(exc))
        doc = built.doc
        if doc.id in self._pending_ids or self.store.has_document(doc.id):
            return Outcome(item.source, "known", doc.id, "already stored", built.warnings)
        self._pending_ids.add(doc.id)
        original = self.copies.original_of(built.fingerprint)
        if original and _older(doc.meta.published, self._published(original)):
            self.copies.remove(original)
            self.copies.add(doc.id, built.fingerprint)
            return _Pending(item.source, built, supersedes=original)
        if original:
            return _Pending(item.source, replace(built, doc=replace(doc, duplicate_of=original)), original=original)
        self.copies.add(doc.id, built.fingerprint)
        return _Pending(item.source, built)

    def _published(self, doc_id: str) -> str | None:
        return self.store.published(doc_id) if self.store.has_document(doc_id) else None

    def _commit(self, batch: list[_Pending], run_id: int | None) -> list[Outcome]:
        """Stages 6-7: the language stage over the originals of the batch, then one transaction each."""
        originals = [p for p in batch if p.original is None]
        analyses: dict[str, Analysis] = dict(zip((p.built.doc.id for p in originals),
                                                 self.analyser([p.built.doc for p in originals])))
        outcomes = []
        for p in batch:
            doc = p.built.doc
            self.store.add_document(doc, p.built.fingerprint, analysis=analyses.get(doc.id), run_id=run_id,
                                    supersedes=p.supersedes)
            self._pending_ids.discard(doc.id)
            warnings = p.built.warnings + ((analyses[doc.id].note,) if doc.id in analyses and analyses[doc.id].note else ())
            if p.original:
                outcomes.append(Outcome(p.source, "copy", doc.id, f"copy of {p.original}", warnings))
            elif p.supersedes:
                outcomes.append(Outcome(p.source, "added", doc.id, f"earlier than {p.supersedes}, now its original", warnings))
            else:
                outcomes.append(Outcome(p.source, "added", doc.id, warnings=warnings))
        return outcomes


def reprocess(store: Store, analyser: Analyser, *, doc_ids: list[str] | None = None,
              on_done: Callable[[str], None] = lambda _id: None) -> int:
    """Run the language stage again over stored originals (after an upgrade or a dictionary edit)."""
    docs = list(store.documents(ids=doc_ids, originals_only=True))
    for start in range(0, len(docs), Ingestor.BATCH):
        batch = docs[start:start + Ingestor.BATCH]
        for doc, analysis in zip(batch, analyser(batch)):
            store.replace_analysis(doc.id, analysis)
            on_done(doc.id)
    store.rebuild_incidents()
    return len(docs)


def _older(candidate: str | None, than: str | None) -> bool:
    """Strictly earlier publication, comparing only as precisely as both dates allow."""
    if not candidate or not than:
        return False
    n = min(len(candidate), len(than))
    return candidate[:n] < than[:n]
