"""What happens to an article, in order. Read this file first.

1. Read       ingest.sources.read_sources   paths, folders, URLs, feeds, JSON Lines (fields checked), stdin
2. Extract    ingest.extract.extract        bytes to text: trafilatura for HTML, pypdf for PDF
3. Clean      ingest.clean.clean            site furniture out, each repeated line kept once
4. Describe   ingest.metadata.describe      title, outlet, date, authors, agencies, language
5. Identify   ingest.dedup                  stable id from the words; copies of stored articles (found
                                            by their LSH band keys, indexed in the store) marked
                                            duplicate_of the earliest copy
6. Analyse    analysis.analyse_documents    entities, roles, dates, quotes, figures, events (not for copies),
   Places     geo.places                    over the first `analysis_cap` characters; place names
                                            resolved in the gazetteer (geo.gazetteer)
7. Store      store.Writer.add_document     one transaction per document and its analysis, in which
                                            stage 5 is decided again against the store as it is then
8. Incidents  rebuild.update_incidents      after the batch: the reports of one event merged
                                            (events.incidents.merge), analysts' decisions applied;
                                            only what the batch changed is merged again

Stages 2-5 run one input at a time; the language stage runs over batches (spaCy is faster
that way, and can use worker processes). An input that cannot be read becomes a Rejected
outcome with its reason, and the batch goes on; so does one on which a stage fails (`guarded`).

Several ingests may run at once on one store and give what one serial run gives: whether a
document is stored already, or copies one, is settled inside the transaction that stores it.
Stage 7 leaves a mark that the incidents are due in the same transaction; stage 8 removes it.
A crash in between leaves the mark, and the next command that writes does stage 8.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, BinaryIO, TypeVar

from .datafiles import LineRule, boilerplate_rules
from .errors import InputError, StageFault, StoreError
from .ingest.clean import clean
from .ingest.dedup import CopyIndex, Fingerprint, added_spans, identify, original_among, restrict
from .ingest.extract import extract
from .ingest.fetch import fetch
from .ingest.metadata import describe
from .ingest.sources import Fetcher, read_sources
from .workers import Analyser
from .rebuild import complete as complete_incidents, update_incidents
from .records import Analysis, Document, RawInput, Rejected
from .settings import Settings
from .store import Store, Writer

T = TypeVar("T")


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
    errors: list[str] = field(default_factory=list)  # failures of the batch as a whole (the incident rebuild)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count("rejected") > 0 or bool(self.errors)

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
    extracted = guarded("extract", extract, raw)
    cleaned = guarded("clean", clean, extracted.text, rules=rules, url=extracted.hints.url)
    if not cleaned.text.strip():
        raise InputError("no article text left once site furniture is removed")
    meta = guarded("describe", describe, cleaned, extracted.hints, rules=rules)
    doc_id, print_ = guarded("identify", identify, cleaned.text, meta.outlet)
    doc = Document(id=doc_id, source=raw.source, text=cleaned.text, meta=meta, raw=raw.content, raw_kind=raw.kind,
                   encoding=extracted.encoding)
    return Built(doc, print_, extracted.notes)


def analyser_for(settings: Settings) -> Analyser:
    """The language and geo stages as the settings configure them (closing it stops its workers)."""
    return Analyser(workers=settings.workers, extra_actors=settings.extra_actors, gazetteer=settings.gazetteer,
                    places_overlay=settings.places_overlay)


def guarded(stage: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A stage over one input; a fault in sitrep's own code on it rejects that input, not the batch."""
    try:
        return function(*args, **kwargs)
    except (InputError, StoreError):
        raise
    except Exception as exc:  # noqa: BLE001 - the fault barrier around one input: any bug becomes its rejection
        raise StageFault(stage, exc) from exc


def within_cap(doc: Document, cap: int) -> tuple[Document, str | None]:
    """The document as the language stage reads it: its first `cap` characters, cut at a paragraph or
    line end when one is near, and a note saying so."""
    if len(doc.text) <= cap:
        return doc, None
    end = doc.text.rfind("\n", int(cap * 0.9), cap)
    end = end if end > 0 else cap
    note = f"truncated: the language stage read the first {end:,} of {len(doc.text):,} characters (analysis_cap)"
    return replace(doc, text=doc.text[:end]), note


def analyse(docs: list[Document], analyser: Analyser, *, cap: int) -> dict[str, Analysis | StageFault]:
    """Stage 6 over a batch, each text within the analysis cap; when the batch fails, each document
    alone, so that the one that cannot be analysed is rejected and the others go on."""
    capped = [within_cap(d, cap) for d in docs]
    try:
        found = guarded("language", analyser, [d for d, _ in capped])
    except StageFault as fault:
        if len(docs) == 1:
            return {docs[0].id: fault}
        return {k: v for d in docs for k, v in analyse([d], analyser, cap=cap).items()}
    return {d.id: replace(a, note=a.note or note) for (d, note), a in zip(capped, found)}


@dataclass(frozen=True)
class _Pending:
    """A new document waiting for the language stage: copies of stored articles are not analysed,
    but for the lines they add to their original."""

    source: str
    built: Built
    looks_like_copy: bool
    original: str | None = None
    added: tuple[tuple[int, int], ...] = ()  # a copy's lines that its original lacks


@dataclass(frozen=True)
class _Identity:
    """What the store says a new document is, asked inside the transaction that stores it."""

    known: bool = False
    original: str | None = None  # it copies this stored document
    supersedes: str | None = None  # it is an earlier copy of this one, which becomes its copy


def _within(analysis: Analysis | StageFault | None, spans: tuple[tuple[int, int], ...]) -> Analysis | None:
    """What a copy's analysis finds in the lines it adds to its original (a copy's own fault rejects it)."""
    if isinstance(analysis, StageFault):
        raise analysis
    return restrict(analysis, spans) if analysis is not None and spans else None


class Ingestor:
    """Runs the stages over a batch, against one store; several may run at once on one store."""

    BATCH = 32

    def __init__(self, store: Store, settings: Settings, *, fetcher: Fetcher | None = None,
                 analyser: Analyser | None = None) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher or partial(fetch, settings=settings)
        self.rules = boilerplate_rules(settings.extra_boilerplate or None)
        self.analyser = analyser or analyser_for(settings)
        self.copies = CopyIndex(threshold=settings.duplicate_threshold)  # the originals of the batch, not stored yet
        self._batch: dict[str, str | None] = {}  # documents of the batch not stored yet: their publication

    def ingest(self, sources: Iterable[str], *, stdin: BinaryIO | None = None, run_id: int | None = None,
               on_outcome: Callable[[Outcome], None] = lambda _o: None,
               on_incidents: Callable[[], None] = lambda: None) -> IngestReport:
        """Each source's documents stored (`on_outcome` hears of each), then the incidents merged again
        (`on_incidents` hears when that starts)."""
        items = read_sources(sources, settings=self.settings, fetcher=self.fetcher, stdin=stdin)
        report = IngestReport(self.store_items(items, run_id=run_id, on_outcome=on_outcome))
        on_incidents()
        report.errors += complete(self.store)
        return report

    def store_items(self, items: Iterable[RawInput | Rejected], *, run_id: int | None = None,
                    on_outcome: Callable[[Outcome], None] = lambda _o: None) -> list[Outcome]:
        """Stages 2-7 over inputs already read, in batches; their outcomes in input order. The
        incidents are left due (stage 8 is the caller's, once after all its batches)."""
        outcomes: list[Outcome] = []
        queue: list[Outcome | _Pending] = []  # in input order, so that outcomes come out in that order

        def flush() -> None:
            done = iter(self._commit([q for q in queue if isinstance(q, _Pending)], run_id))
            for entry in queue:
                outcome = entry if isinstance(entry, Outcome) else next(done)
                outcomes.append(outcome)
                on_outcome(outcome)
            queue.clear()
        for item in items:
            queue.append(self._prepare(item))
            if sum(isinstance(q, _Pending) for q in queue) >= self.BATCH:
                flush()
        flush()
        return outcomes

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
        if doc.id in self._batch or self.store.has_document(doc.id):
            return Outcome(item.source, "known", doc.id, "already stored", built.warnings)
        self._batch[doc.id] = doc.meta.published
        original = self._original_of(built.fingerprint, self.store.copy_candidates(built.fingerprint))
        copy = original is not None and not _older(doc.meta.published, self._published(original))
        if not copy:  # an original of this batch, as far as later inputs of the batch are concerned
            self.copies.add(doc.id, built.fingerprint)
        return _Pending(item.source, built, looks_like_copy=copy, original=original if copy else None)

    def _original_of(self, print_: Fingerprint, stored: list[tuple[str, Fingerprint]]) -> str | None:
        """The original, among the `stored` candidates and the batch's originals, that a text copies."""
        return original_among(print_, stored + self.copies.candidates(print_), threshold=self.copies.threshold)

    def _published(self, doc_id: str) -> str | None:
        return self._batch[doc_id] if doc_id in self._batch else self.store.published(doc_id)

    def _commit(self, batch: list[_Pending], run_id: int | None) -> list[Outcome]:
        """Stages 6-7: the language stage over what looks original in the batch, then one transaction each."""
        batch = [self._with_additions(p, batch) for p in batch]
        analyses = self._analyse([p.built.doc for p in batch if not p.looks_like_copy or p.added])
        outcomes = [self._store(p, analyses.get(p.built.doc.id), run_id) for p in batch]
        self._batch.clear()
        self.copies.clear()
        return outcomes

    def _with_additions(self, p: _Pending, batch: list[_Pending]) -> _Pending:
        """A copy, with the lines it adds to its original (in this batch or in the store)."""
        if not p.original:
            return p
        original = next((q.built.doc for q in batch if q.built.doc.id == p.original), None) \
            or self.store.document(p.original)
        return replace(p, added=added_spans(p.built.doc.text, original.text)) if original else p

    def _analyse(self, docs: list[Document]) -> dict[str, Analysis | StageFault]:
        return analyse(docs, self.analyser, cap=self.settings.analysis_cap)

    def _store(self, p: _Pending, analysis: Analysis | StageFault | None, run_id: int | None) -> Outcome:
        """Stage 7 for one document. What the language stage must have read is settled only inside the
        transaction (the store may have changed since stage 5 looked: another process stored an original,
        or a document of the batch was rejected); when it lacks an analysis, the transaction is left
        unwritten, the language stage runs, and a new transaction decides again."""
        doc = p.built.doc
        analyses = {} if analysis is None else {doc.id: analysis}
        try:
            for _attempt in range(4):
                stored = self._store_as_identified(p, analyses, run_id)
                if isinstance(stored, Outcome):
                    return stored
                analyses |= self._analyse(stored)
        except StageFault as fault:
            return Outcome(p.source, "rejected", doc.id, str(fault), p.built.warnings)
        return Outcome(p.source, "rejected", doc.id, "the store kept changing under this document; ingest it again",
                       p.built.warnings)

    def _store_as_identified(self, p: _Pending, analyses: dict[str, Analysis | StageFault],
                             run_id: int | None) -> Outcome | list[Document]:
        """Who the document is, decided and written in one transaction; or the documents the language stage
        must read first: the document (an original, or a copy that adds lines to its original) and an
        original it supersedes that adds lines to it (which keeps the analysis of those lines only)."""
        doc = p.built.doc
        with self.store.writing() as w:
            identity = self._identify(w, p.built)
            if identity.known:
                return Outcome(p.source, "known", doc.id, "already stored", p.built.warnings)
            if identity.original:
                added = added_spans(doc.text, w.document(identity.original).text)
                if added and doc.id not in analyses:
                    return [doc]
                return self._write_copy(w, p, identity.original, _within(analyses.get(doc.id), added), run_id)
            superseded = w.document(identity.supersedes) if identity.supersedes else None
            added = added_spans(superseded.text, doc.text) if superseded else ()
            wanted = [d for d in (doc, superseded if added else None) if d is not None and d.id not in analyses]
            if wanted:
                return wanted
            kept = analyses.get(superseded.id) if superseded and added else None  # its own fault: it keeps nothing
            kept = restrict(kept, added) if isinstance(kept, Analysis) else None
            return self._write_original(w, p, analyses[doc.id], identity.supersedes, kept, run_id)

    def _identify(self, w: Writer, built: Built) -> _Identity:
        """Stage 5 against the store as it is now, inside the writer's transaction: stored already, a
        copy of a stored original, or an original (perhaps earlier than one stored, which it supersedes)."""
        doc = built.doc
        if w.has_document(doc.id):
            return _Identity(known=True)
        original = original_among(built.fingerprint, w.copy_candidates(built.fingerprint),
                                  threshold=self.settings.duplicate_threshold)
        if original is None:
            return _Identity()
        if _older(doc.meta.published, w.published(original)):
            return _Identity(supersedes=original)
        return _Identity(original=original)

    def _write_copy(self, w: Writer, p: _Pending, original: str, added: Analysis | None, run_id: int | None) -> Outcome:
        guarded("store", w.add_document, replace(p.built.doc, duplicate_of=original), p.built.fingerprint,
                analysis=added, run_id=run_id)
        return Outcome(p.source, "copy", p.built.doc.id, f"copy of {original}", p.built.warnings)

    def _write_original(self, w: Writer, p: _Pending, analysis: Analysis | StageFault, supersedes: str | None,
                        kept: Analysis | None, run_id: int | None) -> Outcome:
        doc = p.built.doc
        if isinstance(analysis, StageFault):
            raise analysis
        guarded("store", w.add_document, doc, p.built.fingerprint, analysis=analysis, run_id=run_id,
                supersedes=supersedes, superseded_analysis=kept)
        warnings = p.built.warnings + ((analysis.note,) if analysis.note else ())
        if supersedes:
            return Outcome(p.source, "added", doc.id, f"earlier than {supersedes}, now its original", warnings)
        return Outcome(p.source, "added", doc.id, warnings=warnings)


def complete(store: Store) -> list[str]:
    """Stage 8, whenever documents were stored since the incidents were last built (by this command, or
    by one a crash interrupted): the incidents rebuilt. Returns the errors, if the rebuild failed."""
    try:
        guarded("incidents", complete_incidents, store)
    except StageFault as fault:
        return [f"incidents: {fault}; the documents are stored, and the next command that writes tries again"]
    return []


def reprocess(store: Store, analyser: Analyser, *, settings: Settings, doc_ids: list[str] | None = None,
              on_done: Callable[[str, str | None], None] = lambda _id, _error: None,
              on_incidents: Callable[[], None] = lambda: None) -> int:
    """Run the language stage again over stored documents (after an upgrade or a dictionary edit): each
    original, and each copy that adds lines to its original, for those lines. A document it fails on
    keeps its earlier analysis, and `on_done` hears why; `on_incidents` hears when the incidents are
    merged again. Returns how many documents were analysed."""
    if doc_ids:
        missing = sorted(set(doc_ids) - {d.id for d in store.documents(ids=doc_ids)})
        if missing:
            raise InputError(f"no document {', '.join(missing)} in the store; `sitrep documents` lists them")
    docs = [(d, _added_to_original(store, d)) for d in list(store.documents(ids=doc_ids))]
    docs = [(d, added) for d, added in docs if d.duplicate_of is None or added]
    for start in range(0, len(docs), Ingestor.BATCH):
        batch = docs[start:start + Ingestor.BATCH]
        found = analyse([d for d, _ in batch], analyser, cap=settings.analysis_cap)
        for doc, added in batch:
            analysis = found[doc.id]
            if not isinstance(analysis, StageFault):
                store.replace_analysis(doc.id, restrict(analysis, added) if doc.duplicate_of else analysis)
            on_done(doc.id, str(analysis) if isinstance(analysis, StageFault) else None)
    on_incidents()
    update_incidents(store)
    return len(docs)


def _added_to_original(store: Store, doc: Document) -> tuple[tuple[int, int], ...]:
    original = store.document(doc.duplicate_of) if doc.duplicate_of else None
    return added_spans(doc.text, original.text) if original else ()


def _older(candidate: str | None, than: str | None) -> bool:
    """Strictly earlier publication, comparing only as precisely as both dates allow."""
    if not candidate or not than:
        return False
    n = min(len(candidate), len(than))
    return candidate[:n] < than[:n]
