"""Who said what: direct quotations and attributed indirect statements, with their speakers.

Direct quotations are found in the text by their marks (straight or curly double quotes, French
guillemets), across sentences, and across paragraphs where a paragraph's quotation runs on into
the next one that opens with a quote mark. The speaker is the subject of a speech verb outside
the quotation in the same sentence ("said", "told", "a déclaré"), or the object of "according
to" / "selon"; a pronoun is resolved to the nearest person (or organisation) named before; a
quotation with no attribution that follows another carries on its speaker. Indirect statements
are the clauses that speech verbs govern ("X said that ...") and what "according to X" frames.
The verbs and phrases are data (data/speech.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from spacy.tokens import Span, Token

from ..datafiles import read_yaml
from ..records import Entity, Mention, Quote, Role
from .models import Chunk, fold

MIN_WORDS = 3
SHORT_WORDS = 6  # a quotation shorter than this needs an attribution to count (not a scare quote)
# Opening and closing marks may be mixed (“…" or "…”), as they are in pasted text.
_PAIRS = regex.compile(r"“(?P<a>[^“”\"]*)(?:[”\"]|$)|«(?P<b>[^«»]*)(?:»|$)|\"(?P<c>[^\"”\n]*)(?:[\"”]|$)", regex.M)
_FRAMING = frozenset({"according", "to", "as", "reported", "by", "selon", "d'", "d’", "après"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "qui", "que", "lequel", "laquelle"})
_NESTED = regex.compile(r"[‘'](?P<q>[^‘’']{12,})[’']")


@dataclass(frozen=True)
class SpeechWords:
    verbs: frozenset[str]
    according_to: tuple[str, ...]
    pronouns: frozenset[str]
    object_verbs: frozenset[str]
    not_statements: frozenset[str]
    anaphors: frozenset[str]


@cache
def speech_words(language: str) -> SpeechWords:
    data = read_yaml("speech.yaml")
    return SpeechWords(frozenset(data["verbs"].get(language, [])),
                       tuple(sorted(data["according_to"].get(language, []), key=len, reverse=True)),
                       frozenset(data["pronouns"].get(language, [])),
                       frozenset(data["object_verbs"].get(language, [])),
                       frozenset(data["not_statements"].get(language, [])),
                       frozenset(data["anaphors"].get(language, [])))


@dataclass(frozen=True)
class _Marked:
    start: int  # the quotation's text, inside its marks
    end: int


def quotation_spans(text: str) -> list[_Marked]:
    """Spans inside quote marks, with a paragraph's unclosed quotation ending at the paragraph."""
    spans = []
    offset = 0
    for paragraph in text.split("\n"):
        for m in _PAIRS.finditer(paragraph):
            group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
            start, end = m.start(group), m.end(group)
            inner = paragraph[start:end].strip()
            lead = paragraph[start:end].find(inner) if inner else 0
            if inner:
                spans.append(_Marked(offset + start + lead, offset + start + lead + len(inner)))
        offset += len(paragraph) + 1
    return spans


def find_quotes(text: str, chunks: list[Chunk], mentions: list[Mention], entities: list[Entity],
                roles: list[Role], *, language: str) -> list[Quote]:
    words = speech_words(language)
    resolver = _Speakers(text, mentions, entities, roles, words)
    marked = quotation_spans(text)
    quotes: list[Quote] = []
    previous: Quote | None = None
    for span in marked:
        quote_text = text[span.start:span.end].strip(" ,")
        n_words = len(quote_text.split())
        if n_words < MIN_WORDS:
            continue
        speaker = _attribution(span, chunks, words, resolver, reach=_line_end(text, span.end, 4)) \
            or _introduced(text, span, chunks, words, resolver)
        if speaker is None and previous is not None and previous.speaker and _follows(text, previous.end, span.start):
            speaker = (previous.speaker, previous.speaker_key)
        if n_words < SHORT_WORDS and speaker is None:
            continue
        name, key = speaker or (None, None)
        quote = Quote(span.start, span.end, text[span.start:span.end], name, key, resolver.role(key), True)
        quotes.append(quote)
        quotes.extend(_nested(text, quote))
        previous = quote
    quotes.extend(_indirect(chunks, marked, words, resolver))
    return sorted(quotes, key=lambda q: q.start)


def _line_end(text: str, at: int, most: int) -> int:
    """`at` + `most`, or the end of the line if that comes first."""
    newline = text.find("\n", at)
    return min(at + most, newline if newline >= 0 else len(text))


def _paragraph(text: str, at: int) -> int:
    return sum(1 for line in text[:at].split("\n")[:-1] if line.strip())


def _follows(text: str, previous_end: int, start: int) -> bool:
    """A quotation in the same paragraph as the previous one, or opening the next paragraph."""
    gap = _paragraph(text, start) - _paragraph(text, previous_end)
    line_start = text.rfind("\n", 0, start) + 1
    return gap == 0 or (gap == 1 and text[line_start:start].strip(" “«\"") == "")


def _introduced(text: str, span: "_Marked", chunks: list[Chunk], words: SpeechWords, resolver: "_Speakers"):
    """A quotation opening a paragraph after one that ends with a colon ("the report states:")."""
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[:line_start].rstrip()
    if not before.endswith(":") or text[line_start:span.start].strip(" “«\"") != "":
        return None
    return _attribution(_Marked(len(before) - 1, len(before)), chunks, words, resolver)


def _nested(text: str, quote: Quote) -> list[Quote]:
    return [Quote(quote.start + m.start("q"), quote.start + m.end("q"), m.group("q"), None, None, None, True, nested=True)
            for m in _NESTED.finditer(quote.text) if len(m.group("q").split()) >= MIN_WORDS]


def _sentences_of(chunks: list[Chunk], start: int, end: int) -> list[tuple[Span, int]]:
    out = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            s, e = chunk.offset + sent.start_char, chunk.offset + sent.end_char
            if s < end and start < e:
                out.append((sent, chunk.offset))
    return out


def _attribution(span: _Marked, chunks: list[Chunk], words: SpeechWords, resolver: "_Speakers", *,
                 reach: int | None = None):
    """(speaker, key) from a speech verb or 'according to' outside the quotation, in its sentences
    (and the one right after its closing mark: '“… create?” the official added.')."""
    sentences = _sentences_of(chunks, span.start, span.end if reach is None else reach)
    candidates = []
    for sent, offset in sentences:
        for token in sent:
            at = offset + token.idx
            if span.start <= at < span.end or token.lemma_.lower() not in words.verbs or token.pos_ not in ("VERB", "AUX"):
                continue
            subject = _subject(token)
            if subject is not None and not span.start <= offset + subject.start_char < span.end:
                candidates.append((min(abs(at - span.start), abs(at - span.end)), subject, offset))
        framed = _according_to(sent, offset, words, outside=(span.start, span.end))
        if framed is not None:
            candidates.append((0, framed, offset))
    if not candidates:
        return None
    _, subject, offset = min(candidates, key=lambda c: c[0])
    return resolver.resolve(subject, offset)


def _subject(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass", "nsubjpass"):
            return _phrase(child)
    if (inverted := _inverted_subject(verb)) is not None:
        return inverted
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)
    if verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm") and verb.head.pos_ in ("NOUN", "PROPN"):
        return _phrase(verb.head)  # "le gouverneur ajoutant que ...": the noun it qualifies says it
    return _name_before(verb)


def _inverted_subject(verb: Token) -> Span | None:
    """"« … », a souligné le gouverneur": after a quotation in French, the speaker follows the
    verb, and the parser often takes it for the object."""
    doc = verb.doc
    before = doc[max(verb.sent.start, verb.i - 3):verb.i]
    if doc.lang_ != "fr" or "Part" not in verb.morph.get("VerbForm") and "Fin" not in verb.morph.get("VerbForm") \
            or not any(t.text in ("»", "”", '"', ",") for t in before):
        return None
    return next((_phrase(c) for c in verb.children if c.dep_ in ("obj", "dobj") and c.pos_ in ("NOUN", "PROPN")
                 and 0 < c.i - verb.i <= 2), None)


def _name_before(verb: Token) -> Span | None:
    """When the parser found no subject: the noun phrase just before the verb, outside what it
    governs ("…, Ukraine's Foreign Intelligence Service (SZRU) said Sunday")."""
    governed = {t.i for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "obj") for t in c.subtree}
    doc = verb.doc
    for token in reversed(doc[max(verb.sent.start, verb.i - 8):verb.i]):
        if token.i in governed or token.text in (",", ";", ":"):
            return None
        if token.pos_ in ("NOUN", "PROPN"):
            head = token
            while token.i - 8 < head.head.i < verb.i and head.head.i != head.i \
                    and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            return _phrase(head)
    return None


def _phrase(head: Token) -> Span:
    """A subject's words, up to a comma (so that appositions and clauses stay out)."""
    doc = head.doc
    first, last = head.left_edge.i, head.right_edge.i
    for i in range(head.i + 1, last + 1):
        if doc[i].text in (",", "(", "—", "–") or doc[i].dep_ in ("relcl", "acl") or doc[i].is_space:
            last = i - 1
            break
    while last > head.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    while first < head.i and (doc[first].is_punct or doc[first].pos_ in ("ADP", "DET")
                               or doc[first].lower_ in ("the", "le", "la", "les", "l'")):
        first += 1
    return doc[first:last + 1]


def _according_to(sent: Span, offset: int, words: SpeechWords, *, outside: tuple[int, int]) -> Span | None:
    """Who frames the sentence with "according to X" / "selon X", outside the given span."""
    lowered = sent.text.lower()
    for phrase in words.according_to:
        at = lowered.find(phrase + " ")
        if at < 0 or outside[0] <= offset + sent.start_char + at < outside[1]:
            continue
        after = sent.doc.char_span(sent.start_char + at + len(phrase) + 1, sent.end_char, alignment_mode="expand")
        if after is None or not len(after):
            continue
        framing = {t.i for t in sent.doc[after.start - len(phrase.split()):after.start]}
        attached = [t for t in after if t.pos_ in ("NOUN", "PROPN", "PRON")
                    and (t.head.i < after.start or framing & {c.i for c in t.children})]
        if attached:
            return _phrase(attached[0])
    return None


def _indirect(chunks: list[Chunk], marked: list[_Marked], words: SpeechWords, resolver: "_Speakers") -> list[Quote]:
    """What speech verbs govern ("X said that ...", "…, X said", "X claimed to have ...",
    "X confirmed the death of ...") and what "according to X" frames."""
    quotes = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            found = [found for token in sent if (found := _reported(token, words)) is not None]
            framed = _according_to(sent, 0, words, outside=(-1, -1))
            if framed is not None and not found:
                body = _without(sent, framed)
                if body is not None:
                    found.append((body, framed))
            for body, subject in found:
                start, end = chunk.offset + body.start_char, chunk.offset + body.end_char
                if len(body) < 4 or any(m.start < end and start < m.end for m in marked):
                    continue
                speaker = resolver.resolve(subject, chunk.offset)
                if speaker is not None:
                    quotes.append(Quote(start, end, body.text, speaker[0], speaker[1], resolver.role(speaker[1]), False))
    return quotes


def _reported(verb: Token, words: SpeechWords) -> tuple[Span, Span] | None:
    """(what was said, who said it) for a speech verb, or None."""
    lemma = verb.lemma_.lower()
    if lemma not in words.verbs or verb.pos_ not in ("VERB", "AUX") or _infinitive(verb):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in ("ccomp", "obj:ccomp") or (child.dep_ == "xcomp" and lemma not in words.not_statements):
            first = child.left_edge.i
            if doc[first].lower_ in ("that", "que", "qu'", "qu’", "to"):
                first += 1
            return doc[first:child.right_edge.i + 1], subject
        if child.dep_ in ("dobj", "obj") and lemma in words.object_verbs and child.pos_ in ("NOUN", "PROPN"):
            return doc[child.left_edge.i:child.right_edge.i + 1], subject
    if verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i:
        body = _without(verb.sent, doc[verb.left_edge.i:verb.right_edge.i + 1])
        return (body, subject) if body is not None else None
    return None


def _infinitive(verb: Token) -> bool:
    """'to deny', 'de démentir': what someone may or should say, not what was said."""
    return "Inf" in verb.morph.get("VerbForm") or verb.tag_ == "VB"


def _without(sent: Span, part: Span) -> Span | None:
    """The sentence before an attribution at its end ("…, X said."), or after one at its start
    ("According to X, …"); None when the attribution sits in the middle."""
    doc = sent.doc
    first, last = part.start, part.end
    while first > sent.start and (doc[first - 1].is_punct or doc[first - 1].pos_ == "DET"
                                  or doc[first - 1].lower_ in _FRAMING):
        first -= 1
    if last >= sent.end - 2:
        end = first
        while end > sent.start and doc[end - 1].is_punct:
            end -= 1
        return doc[sent.start:end] if end > sent.start else None
    if first <= sent.start + 1:
        start = last
        while start < sent.end and doc[start].is_punct:
            start += 1
        end = sent.end - 1 if doc[sent.end - 1].is_punct else sent.end
        return doc[start:end] if end > start else None
    return None


def _bare_role(text: str) -> str:
    return regex.sub(r"^(?:the|a|an|le|la|les|l'|un|une)\s*", "", fold(text).strip())


class _Speakers:
    """Turns a subject phrase into a speaker: the entity it names, a pronoun's antecedent, or itself."""

    def __init__(self, text: str, mentions: list[Mention], entities: list[Entity], roles: list[Role],
                 words: SpeechWords) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.names = {e.key: e.name for e in entities}
        self.types = {e.key: e.type for e in entities}
        self.roles = {}
        self.holders: dict[str, str] = {}  # folded role -> the person who holds it
        for role in roles:
            self.roles.setdefault(role.entity_key, role.role)
            self.holders.setdefault(_bare_role(role.role), role.entity_key)
        self.words = words

    def _holder(self, subject: Span) -> tuple[str, str] | None:
        """The person the article names as holding the role a subject states ("le préfet de
        Douentza" after "le préfet de Douentza, Moussa Traoré")."""
        key = self.holders.get(_bare_role(subject.text))
        return (self.names[key], key) if key in self.names and self.types.get(key) == "PERSON" else None

    def _named(self, at: int, *, person: bool = False) -> tuple[str, str] | None:
        """The entity a mention at `at` names: a person by full name, others as the text calls them."""
        holding = [m for m in self.mentions if m.start <= at < m.end and self.types.get(m.entity_key) != "DESC"]
        if not holding or (person and self.types.get(holding[-1].entity_key) != "PERSON"):
            return None
        mention = holding[-1]
        name = self.names.get(mention.entity_key, mention.text)
        if self.types.get(mention.entity_key) == "PERSON" or fold(name) == fold(mention.text):
            return name, mention.entity_key
        return f"{name} ({mention.text})", mention.entity_key

    def role(self, key: str | None) -> str | None:
        return self.roles.get(key) if key else None

    def resolve(self, subject: Span, offset: int) -> tuple[str, str | None] | None:
        """The speaker a subject names: the entity whose mention holds the subject's head word,
        a pronoun's antecedent, or the phrase itself ("one U.N.-based diplomat")."""
        if subject.root.lower_ in _RELATIVE:
            return None
        start = offset + subject.start_char
        named = self._named(offset + subject.root.idx)
        for child in subject.root.children:
            if named is None and child.dep_ == "appos":
                named = self._named(offset + child.idx, person=True)
        if named is not None:
            return named
        if (holder := self._holder(subject)) is not None:
            return holder
        if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in subject):
            return None
        lowered = subject.text.lower()
        if lowered in self.words.pronouns:
            wanted = ("PERSON",) if lowered in ("he", "she", "il", "elle", "him", "her", "lui") else ("PERSON", "ORG", "GPE")
            return self._antecedent(start, wanted) or (subject.text, None)
        if subject.root.lemma_.lower() in self.words.anaphors \
                and all(t.pos_ == "ADJ" for t in subject.doc[subject.root.i + 1:subject.end]) \
                and subject.doc[subject.root.left_edge.i].lower_ in ("the", "this", "le", "la", "l'", "ce", "cette"):
            return self._antecedent(start, ("ORG",)) or (subject.text, None)
        return subject.text, None

    def _antecedent(self, before: int, wanted: tuple[str, ...]) -> tuple[str, str] | None:
        """The entity named last before `before`; a person only when known by a full name
        (a one-word "person" is often a place the tagger got wrong)."""
        earlier = [m for m in self.mentions if m.end <= before and self.types.get(m.entity_key) in wanted]
        full = [m for m in earlier if self.types[m.entity_key] != "PERSON" or len(self.names.get(m.entity_key, "").split()) > 1]
        chosen = full or earlier
        return self._named(chosen[-1].start) if chosen else None
