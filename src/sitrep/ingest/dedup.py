"""Identity and copies: a stable id from the normalised text, and near-duplicate detection
with MinHash (datasketch's, computed here) over word 5-gram shingles, and LSH band keys.

A syndicated copy carries the same story with another site's header and footer, so the test
is containment, not plain similarity: the share of the shorter text's shingles found in the
longer one, estimated from the MinHash Jaccard and the two shingle counts. The candidates are
the documents that share one of a text's LSH band keys (`Fingerprint.bands`): the store keeps
them in an indexed table, so the check is one indexed query, as flat as the store grows, and
nothing is loaded at start; `CopyIndex` holds those of a batch not stored yet.

A copy that adds lines to its original (an update, a local paragraph) is analysed for what it
adds, and only that: `added_spans` finds those lines, `restrict` keeps what was found in them.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import regex

from ..records import Analysis

NUM_PERM = 128
SEED = 1
SHINGLE_WORDS = 5
# LSH: the candidates for the containment check are the texts that agree with one on all ROWS values of
# one of BANDS bands of the signature: what datasketch's MinHashLSH(threshold=0.4, num_perm=128) chooses,
# a Jaccard threshold well below any real copy's
BANDS, ROWS = 32, 4
_BATCH = 8192  # shingles hashed at once
FINGERPRINT_WORDS = 100_000  # far more than any article has: a longer text is judged a copy on these, at a bounded cost


_MARKS = regex.compile(r"\p{M}+")
_WORD = regex.compile(r"\w+")
_LINE = regex.compile(r"[^\n]+")


def normalised_words(text: str) -> list[str]:
    """The words of a text, case and accents folded: what identity and copies are judged on."""
    return _WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())))


def document_id(words: list[str], outlet: str | None = None) -> str:
    """Stable across runs and machines: the same words from the same outlet give the same id. The
    same words from another outlet are another document (a syndicated copy, which the copy check
    then points at its original)."""
    named = _NamedWords()
    named.add(words)
    return named.id(outlet)


def identify(text: str, outlet: str | None = None) -> tuple[str, Fingerprint]:
    """A text's `document_id` and `fingerprint`, its words read a line at a time (no word spans a
    line): a list of every word of a long text takes ten times the memory of the text."""
    named, first = _NamedWords(), []
    for line in _LINE.finditer(text):
        words = normalised_words(line.group())
        named.add(words)
        first += words[:FINGERPRINT_WORDS - len(first)]
    return named.id(outlet), fingerprint(first)


class _NamedWords:
    """The hash of words joined by spaces, fed a group at a time."""

    def __init__(self) -> None:
        self._hash, self._empty = hashlib.sha256(), True

    def add(self, words: list[str]) -> None:
        if words:
            self._hash.update((("" if self._empty else " ") + " ".join(words)).encode("utf-8"))
            self._empty = False

    def id(self, outlet: str | None) -> str:
        if outlet:
            self._hash.update(f"\n{' '.join(normalised_words(outlet))}".encode("utf-8"))
        return f"doc-{self._hash.hexdigest()[:16]}"


@dataclass(frozen=True)
class Fingerprint:
    hashvalues: np.ndarray  # MinHash signature: NUM_PERM values below 2**32 (stored as 8 bytes each)
    shingles: int

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Fingerprint:
        return cls(np.frombuffer(data, dtype="<u8").astype(np.uint64), shingles)

    def bands(self) -> tuple[int, ...]:
        """The LSH band keys: each band's values and its number hashed to a signed 64-bit integer (a
        BIGINT column on either database). A false match of two keys only adds a candidate to verify."""
        data = self.hashvalues[:BANDS * ROWS].astype("<u8").tobytes()
        return tuple(int.from_bytes(hashlib.blake2b(data[b * ROWS * 8:(b + 1) * ROWS * 8], digest_size=8,
                                                    salt=b.to_bytes(16, "little")).digest(), "little", signed=True)
                     for b in range(BANDS))

    def jaccard(self, other: Fingerprint) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM


def fingerprint(words: list[str]) -> Fingerprint:
    """The MinHash of a text's shingles, over its first FINGERPRINT_WORDS words."""
    words = words[:FINGERPRINT_WORDS]
    shingles = list({" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
                     for i in range(max(1, len(words) - SHINGLE_WORDS + 1))})
    values = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(shingles), _BATCH):  # a batch costs NUM_PERM x its size in 4-byte values: keep it small
        values = np.minimum(values, _permuted(shingles[start:start + _BATCH]).min(axis=0))
    return Fingerprint(values, len(shingles))


def _permuted(shingles: list[bytes]) -> np.ndarray:
    """datasketch's MinHash, scheme "affine32", for these shingles: each one's crc32 (stable across processes,
    and much cheaper than sha1) mixed by MurmurHash3's finalizer, then NUM_PERM affine maps modulo 2^32
    (numpy's uint32 arithmetic wraps around). Done here to spare every command datasketch's import (0.5 s)."""
    hashed = np.fromiter(map(zlib.crc32, shingles), dtype=np.uint32, count=len(shingles)).reshape(-1, 1)
    for shift, multiplier in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):
        hashed = (hashed ^ (hashed >> np.uint32(shift))) * np.uint32(multiplier)
    hashed ^= hashed >> np.uint32(16)
    a, b = _permutations()
    return hashed * a + b


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine maps' odd multipliers and offsets, drawn as datasketch draws them from SEED."""
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set found in the larger."""
    jaccard = a.jaccard(b)
    shared = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return min(1.0, shared / max(1, min(a.shingles, b.shingles)))


def original_among(print_: Fingerprint, candidates: Iterable[tuple[str, Fingerprint]], *,
                   threshold: float) -> str | None:
    """The candidate this text copies (containment at least `threshold`), the closest when several
    qualify, the greatest id among equally close ones."""
    scored = [(containment(print_, other), doc_id) for doc_id, other in candidates]
    best = max((s for s in scored if s[0] >= threshold), default=None)
    return best[1] if best else None


class CopyIndex:
    """Originals not stored yet (those of a batch), searchable for copies of a new text as the store's are."""

    def __init__(self, *, threshold: float) -> None:
        self.threshold = threshold
        self._bands: dict[int, set[str]] = {}
        self._prints: dict[str, Fingerprint] = {}

    def add(self, doc_id: str, print_: Fingerprint) -> None:
        if doc_id not in self._prints:
            self._prints[doc_id] = print_
            for key in print_.bands():
                self._bands.setdefault(key, set()).add(doc_id)

    def clear(self) -> None:
        self._bands.clear()
        self._prints.clear()

    def candidates(self, print_: Fingerprint) -> list[tuple[str, Fingerprint]]:
        """The texts that share a band key with this one."""
        found = set().union(*(self._bands.get(key, ()) for key in print_.bands()))
        return [(doc_id, self._prints[doc_id]) for doc_id in sorted(found)]

    def original_of(self, print_: Fingerprint) -> str | None:
        """The indexed text this text copies, the closest when several qualify."""
        return original_among(print_, self.candidates(print_), threshold=self.threshold)


ADDED_SHINGLE = 3  # words; a copy's line is the original's when most of its 3-word runs are there
KNOWN_SHARE = 0.8
ADDED_WORDS = 12  # a copy that adds fewer words than a sentence has adds nothing to analyse


def added_spans(text: str, original: str) -> tuple[tuple[int, int], ...]:
    """The lines of a copy that its original does not have (an update, a local paragraph), as
    (start, end) offsets into the copy's text; none when they add less than a sentence."""
    known = _shingles(normalised_words(original))
    spans, pos = [], 0
    for line in text.split("\n"):
        words = normalised_words(line)
        shingles = _shingles(words)
        if words and len(shingles & known) < KNOWN_SHARE * len(shingles):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    added = sum(len(normalised_words(text[s:e])) for s, e in spans)
    return tuple(spans) if added >= ADDED_WORDS else ()


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + ADDED_SHINGLE]) for i in range(max(1, len(words) - ADDED_SHINGLE + 1))}


def restrict(analysis: Analysis, spans: tuple[tuple[int, int], ...]) -> Analysis:
    """What a copy's analysis finds in the text it adds: records whose evidence lies in `spans`,
    and the entities they name."""
    def inside(record) -> bool:
        return any(start <= record.start and record.end <= end for start, end in spans)
    mentions = tuple(filter(inside, analysis.mentions))
    keys = {m.entity_key for m in mentions}
    return replace(analysis, sentences=tuple(filter(inside, analysis.sentences)), mentions=mentions,
                   entities=tuple(e for e in analysis.entities if e.key in keys),
                   roles=tuple(r for r in analysis.roles if inside(r) and r.entity_key in keys),
                   times=tuple(filter(inside, analysis.times)), quotes=tuple(filter(inside, analysis.quotes)),
                   figures=tuple(filter(inside, analysis.figures)), places=tuple(filter(inside, analysis.places)),
                   events=tuple(filter(inside, analysis.events)))
