"""Who said what: direct quotations and attributed indirect statements, with their speakers.

1. Quotations are found by their marks (quotemarks.py): apostrophes are never marks, a mark's
   direction is read from its neighbours, an unclosed quotation ends with its paragraph.
2. A quotation's speaker is the subject of a reporting verb outside it in its sentences (or the one
   its closing mark runs into), or what "according to" / "selon" frames (reporting.py); else the
   sentence ending in a colon that introduces it; else, for a quotation that follows another in
   its paragraph or opens the next one, the previous speaker; else the speaker of the same words
   quoted elsewhere in the article (a pull quote); else, for a long quotation, the named subject of
   the verb it is the object of ("X voiced concern about “…”").
3. The subject is resolved to a name (speakers.py). A quotation shorter than SHORT_WORDS with no
   speaker is a scare quote, not a quotation.
4. Indirect statements are what reporting verbs govern ("X said that …", "…, a précisé X", "X
   denied the report", "X spoke of …") and what "according to X" frames; the headline's are left
   out (the body says them again).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..records import Entity, Mention, Quote, Role, TimeSpan
from .models import Chunk, fold
from .quotemarks import SINGLE, Quotation, quotations
from .reporting import according_to, is_infinitive, is_reporting, verb_class, _phrasal_partner
from .speech import SpeechWords, lemma_of, speech_words
from .subjects import placed_after, subject_after, subject_of
from .speakers import Speaker, Speakers

__all__ = ["SpeechWords", "find_quotes", "speech_words"]

MIN_WORDS = 3
SHORT_WORDS = 6  # a quotation shorter than this needs an attribution to count (not a scare quote)
_FRAMING = frozenset({"according", "to", "as", "reported", "by", "selon", "d'", "d’", "après", "citant"})


def find_quotes(text: str, chunks: list[Chunk], mentions: list[Mention], entities: list[Entity],
                roles: list[Role], *, language: str, times: list[TimeSpan] = (),
                title: str | None = None) -> list[Quote]:
    words = speech_words(language)
    marked = quotations(text)
    speakers = Speakers(text, chunks, mentions, entities, roles, words, times=times,
                        quoted=[(q.start, q.end) for q in marked])
    direct = _direct(text, chunks, marked, words, speakers)
    headline = len(title) if title and text.startswith(title) else 0
    indirect = [q for q in _indirect(chunks, marked, words, speakers) if q.start >= headline]
    return sorted(direct + indirect, key=lambda q: q.start)


def _direct(text: str, chunks: list[Chunk], marked: list[Quotation], words: SpeechWords,
            speakers: Speakers) -> list[Quote]:
    quotes: list[Quote] = []
    previous: Quote | None = None
    for span in marked:
        n_words = len(text[span.start:span.end].strip(" ,").split())
        if n_words < MIN_WORDS:
            continue
        speaker = _attribution(span, chunks, words, speakers, reach=_line_end(text, span.end, 4)) \
            or _introduced(text, span, chunks, words, speakers)
        if speaker is None and previous is not None and previous.speaker and _follows(text, previous.end, span.start):
            speaker = (previous.speaker, previous.speaker_key)
        if speaker is None and n_words >= SHORT_WORDS:
            speaker = _governing(span, chunks, speakers)
        if n_words < SHORT_WORDS and speaker is None:
            continue
        name, key = speaker or (None, None)
        quote = Quote(span.start, span.end, text[span.start:span.end], name, key, speakers.role(key), True)
        quotes.append(quote)
        quotes.extend(_nested(text, quote))
        previous = quote
    return _pulled(quotes)


def _line_end(text: str, at: int, most: int) -> int:
    """`at` + `most`, or the end of the line if that comes first; past a line break right after the
    closing mark when the next line goes on in lower case (text broken at a fixed width)."""
    newline = text.find("\n", at)
    if newline >= 0 and not text[at:newline].strip(" ,.”»\"'’") and text[newline + 1:newline + 2].islower():
        return newline + 1 + most
    return min(at + most, newline if newline >= 0 else len(text))


def _paragraph(text: str, at: int) -> int:
    return sum(1 for line in text[:at].split("\n")[:-1] if line.strip())


def _follows(text: str, previous_end: int, start: int) -> bool:
    """A quotation in the same paragraph as the previous one, or opening the next paragraph."""
    gap = _paragraph(text, start) - _paragraph(text, previous_end)
    line_start = text.rfind("\n", 0, start) + 1
    return gap == 0 or (gap == 1 and text[line_start:start].strip(" “«\"") == "")


def _introduced(text: str, span: Quotation, chunks: list[Chunk], words: SpeechWords, speakers: Speakers) -> Speaker | None:
    """A quotation after a colon that closes its introduction ("the report states: …", "X : « … »")."""
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[line_start:span.start].rstrip(" “«\"„")
    if before.endswith(":"):
        colon = line_start + len(before) - 1
    elif not before.strip() and text[:line_start].rstrip().endswith(":"):
        colon = len(text[:line_start].rstrip()) - 1
    else:
        return None
    found = _attribution(Quotation(colon, colon + 1), chunks, words, speakers)
    if found is None and colon > line_start:
        found = _named_before_colon(chunks, colon, speakers)
    return found


def _named_before_colon(chunks: list[Chunk], colon: int, speakers: Speakers) -> Speaker | None:
    """"Ali Kane (mayor of Gao): « … »": a name that is all the line says before the colon."""
    for sent, offset in _sentences_of(chunks, colon, colon + 1):
        before = [t for t in sent if offset + t.idx < colon]
        names = [t for t in before if t.pos_ == "PROPN"]
        if names and before[0].pos_ == "PROPN" and not any(t.pos_ in ("VERB", "AUX") for t in before):
            return speakers.resolve(sent.doc[before[0].i:names[-1].i + 1], offset, named_only=True)
    return None


def _nested(text: str, quote: Quote) -> list[Quote]:
    return [Quote(q.start, q.end, text[q.start:q.end], None, None, None, True, nested=True)
            for q in quotations(text, marks=SINGLE, start=quote.start, end=quote.end)
            if q.closed and len(text[q.start:q.end].split()) >= MIN_WORDS]


def _pulled(quotes: list[Quote]) -> list[Quote]:
    """A quotation with no speaker that another quotation with one repeats (a pull quote)."""
    said = [q for q in quotes if q.speaker and not q.nested]
    out = []
    for quote in quotes:
        if quote.speaker is None and not quote.nested:
            same = next((s for s in said if _overlap(s.text, quote.text) >= 0.8), None)
            if same is not None:
                quote = Quote(quote.start, quote.end, quote.text, same.speaker, same.speaker_key, same.speaker_role, True)
        out.append(quote)
    return out


def _overlap(a: str, b: str) -> float:
    wa, wb = set(fold(a).split()), set(fold(b).split())
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _sentences_of(chunks: list[Chunk], start: int, end: int) -> Iterator[tuple[Span, int]]:
    for chunk in chunks:
        if chunk.offset > end or chunk.end < start:
            continue
        for sent in chunk.doc.sents:
            if chunk.offset + sent.start_char < end and start < chunk.offset + sent.end_char:
                yield sent, chunk.offset


def _attribution(span: Quotation, chunks: list[Chunk], words: SpeechWords, speakers: Speakers, *,
                 reach: int | None = None) -> Speaker | None:
    """The speaker a reporting verb or 'according to' outside the quotation names, in its
    sentences (and the one right after its closing mark: '“… create?” the official added.')."""
    candidates = []
    for sent, offset in _sentences_of(chunks, span.start, span.end if reach is None else reach):
        after = offset + sent.start_char >= span.end  # a sentence the closing mark runs into: its first words
        for token in sent:
            at = offset + token.idx
            if span.start <= at < span.end or not is_reporting(token, words) or after and token.i - sent.start > 4:
                continue
            subject = subject_of(token)
            if subject is not None and not span.start <= offset + subject.start_char < span.end:
                candidates.append((min(abs(at - span.start), abs(at - span.end)), subject, offset, False))
        framed = according_to(sent, words, outside=(span.start, span.end), offset=offset)
        if framed is not None:
            candidates.append((0, framed, offset, _opens(framed, words)))
    for _, subject, offset, named_only in sorted(candidates, key=lambda c: c[0]):
        found = speakers.resolve(subject, offset, before=span.start, named_only=named_only)
        if found is not None:
            return found
    return None


def _opens(framed: Span, words: SpeechWords) -> bool:
    """A frame that opens its sentence ("Pour X, …") names someone only when X is a known name."""
    first = framed.doc[framed.sent.start]
    return fold(first.lower_) in words.opening_frames


def _governing(span: Quotation, chunks: list[Chunk], speakers: Speakers) -> Speaker | None:
    """The named subject of the verb whose object holds the quotation ("X raised concern about “…”")."""
    for sent, offset in _sentences_of(chunks, span.start, span.start + 1):
        inside = [t for t in sent if span.start <= offset + t.idx < span.end]
        if not inside:
            continue
        token = inside[0]
        while token.head.i != token.i and (span.start <= offset + token.idx < span.end or token.pos_ != "VERB"):
            token = token.head
        if token.pos_ == "VERB" and not span.start <= offset + token.idx < span.end:
            return speakers.resolve(subject_of(token), offset, before=span.start, named_only=True)
    return None


def _indirect(chunks: list[Chunk], marked: list[Quotation], words: SpeechWords, speakers: Speakers) -> list[Quote]:
    """What reporting verbs govern and what "according to X" frames."""
    quotes = []
    for chunk in chunks:
        for sent in chunk.doc.sents:
            found = [(body, subject_of(token), False) for token in sent
                     if is_reporting(token, words) and not is_infinitive(token)
                     and (body := _reported(token, words)) is not None]
            framed = according_to(sent, words)
            if framed is not None and not found:
                body = _without(sent, framed)
                if body is not None:
                    found.append((body, framed, _opens(framed, words)))
            for body, subject, named_only in found:
                start, end = chunk.offset + body.start_char, chunk.offset + body.end_char
                quoted = sum(max(0, min(end, m.end) - max(start, m.start)) for m in marked)
                if len(body) < 4 or quoted * 2 > end - start:
                    continue  # the same words as a direct quotation (a scare quote inside is no matter)
                speaker = speakers.resolve(subject, chunk.offset, named_only=named_only)
                if speaker is not None:
                    quotes.append(Quote(start, end, body.text, speaker[0], speaker[1], speakers.role(speaker[1]), False))
    return quotes


def _reported(verb: Token, words: SpeechWords) -> Span | None:
    """What a reporting verb reports: its clause, its object, or the sentence before it."""
    lemma = lemma_of(verb)
    doc = verb.doc
    directive = lemma in words.not_statements or verb_class(verb, words) in words.not_statements
    for child in verb.children:
        if child.dep_ in ("ccomp", "obj:ccomp") or (child.dep_ == "xcomp" and not directive):
            first = child.left_edge.i
            if fold(doc[first].lower_) in ("that", "que", "qu'", "to"):
                first += 1
            return doc[first:child.right_edge.i + 1]
    clause = _that_clause(verb)
    if clause is not None:
        return clause
    partner = _phrasal_partner(verb, words)
    if partner is not None or lemma in words.object_verbs:
        inverted = subject_after(verb) if placed_after(verb) else None  # "…, a confirmé un élu": no object
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj", "prep", "obl:arg", "nmod") and c.i > verb.i
                   and (partner is not None or c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN"))
                   and not (inverted is not None and inverted.start <= c.i < inverted.end)]
        if objects:
            first = objects[0].left_edge.i
            while doc[first].pos_ == "ADP" or fold(doc[first].lower_) in ("of", "de", "d'"):
                first += 1
            last = max(t.i for o in objects for t in o.subtree)
            return doc[first:last + 1] if last >= first else None
    subject = subject_of(verb)
    first = subject.root.left_edge.i if subject is not None else 0
    if subject is not None and first > verb.sent.start + 2 and doc[first - 1].text == "," \
            and subject.end <= verb.i and verb.right_edge.i >= verb.sent.end - 2 \
            and not any(c.dep_ in ("dobj", "obj", "attr", "acomp") and c.pos_ not in ("PROPN", "PRON")
                        and fold(c.lemma_) not in words.addressees for c in verb.children) \
            and any(t.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") for t in doc[verb.sent.start:first - 1]):
        return _without(verb.sent, doc[first:verb.right_edge.i + 1])  # "<a clause>, the governor added."
    if placed_after(verb) or verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.pos_ in ("VERB", "AUX") \
            and verb.head.i < verb.i:
        return _without(verb.sent, doc[verb.left_edge.i:verb.right_edge.i + 1] if not placed_after(verb)
                        else doc[verb.i:verb.sent.end])
    return None


def _that_clause(verb: Token) -> Span | None:
    """A "that" clause the parser hung elsewhere in the verb's phrase ("said in statements that …")."""
    for token in verb.subtree:
        if token.i > verb.i and token.dep_ == "mark" and fold(token.lower_) in ("that", "que", "qu'") \
                and token.head.pos_ in ("VERB", "AUX") and token.head.i != verb.i:
            clause = token.head
            return verb.doc[token.i + 1:clause.right_edge.i + 1]
    return None


def _without(sent: Span, part: Span) -> Span | None:
    """The sentence before an attribution at its end ("…, X said."), or after one at its start
    ("According to X, …"); None when the attribution sits in the middle."""
    doc = sent.doc
    first, last = part.start, max(part.end, part.root.right_edge.i + 1)  # with its apposition
    while first > sent.start and (doc[first - 1].is_punct or doc[first - 1].pos_ in ("DET", "AUX", "ADV")
                                  or doc[first - 1].lower_ in _FRAMING):
        first -= 1
    if last >= sent.end - 2:
        end = first
        while end > sent.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return doc[sent.start:end] if end > sent.start else None
    if first <= sent.start + 1:
        start = last
        while start < sent.end and doc[start].is_punct:
            start += 1
        end = sent.end
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return doc[start:end] if end > start else None
    return None
