"""Named entities: mentions from spaCy's NER and the actor dictionary, merged into canonical
entities within a document; the key of an entity is the same in every document.

Merging rules, in order:
1. a name in the actor dictionary is that actor (FAMa = Malian Armed Forces = Forces armées maliennes = Military Forces of Mali);
2. titles and ranks, a leading article and a possessive are not part of a name (Col. Assimi Goïta);
3. a surname alone refers to the person named in full earlier (or later) in the text (Pham);
4. an acronym in brackets after a name is that name (Human Rights Watch (HRW));
5. otherwise names merge when they are equal once case and accents are folded (Goïta = Goita).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import regex
from spacy.tokens import Doc, Span, Token

from ..datafiles import read_yaml
from ..records import Entity, Mention
from .actors import ActorDictionary, Found
from .headed_names import headed_names
from .models import Chunk, common_word, fold
from .name_shapes import NameSpan, is_title, name_spans, names_a_direction, names_a_people, strip_name
from .state_names import country_of, is_demonym

LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
          "NORP": "NORP"}
_ACRONYM_AFTER = regex.compile(r"\s*\((\p{Lu}[\p{Lu}\p{Ll}&.-]{1,11})\)")


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    text: str
    label: str
    found: Found | None = None


@cache
def _water_words() -> tuple[regex.Pattern, regex.Pattern]:
    water = "|".join(regex.escape(w) for w in sorted(read_yaml("names.yaml")["water_words"], key=len, reverse=True))
    return (regex.compile(rf"\s+(?:{water})(?!\w)", regex.I),
            regex.compile(rf"(?<!\w)(?:{water})\s+(?:(?:du|de la|de l'|de|d')\s*)?$", regex.I))


def names_water(text: str, start: int, end: int) -> bool:
    """"the Niger river", "Lake Chad", "le fleuve Sénégal": the name at start..end is part of a
    river's or lake's, not the country's or town's."""
    after, before = _water_words()
    return bool(after.match(text, end) or before.search(text[max(0, start - 20):start]))


def find_mentions(text: str, chunks: list[Chunk], dictionary: ActorDictionary) -> list[_Raw]:
    """Dictionary names first; NER names where no dictionary name overlaps them, shaped as
    name_shapes.py says, and no rank that the tagger took for a person on its own ("Col." before
    a name); names of organisations that the tagger missed (headed_names.py). A longer name of
    an organisation holds the names at its start ("UN General Assembly", "Sudan Relief Network":
    neither the UN nor Sudan). A country's or town's name in a river's ("the Niger river") names
    neither; a country's name names its state; a demonym names no one ("Nigerien", tagged a person)."""
    tagged = [(chunk.offset + ent.start_char, chunk.offset + ent.end_char, ent.label_)
              for chunk in chunks for ent in _tagged(chunk)]
    headed = list(headed_names(text, chunks))
    longer = [(n.start, n.end) for n in headed] + [(s, e) for s, e, label in tagged if LABELS.get(label) == "ORG"]
    found = [_Raw(f.start, f.end, f.text, f.actor.ner_type if f.actor else "DESC", f) for f in dictionary.find(text)
             if not names_water(text, f.start, f.end) and not any(_heads(text, f, *span) for span in longer)]
    taken = [(r.start, r.end) for r in found]
    raws = list(found)
    language = chunks[0].doc.lang_ if chunks else "en"
    for start, end, label in tagged + [(n.start, n.end, n.label) for n in headed]:
        if label not in ("PERSON", "PER") and any(n.start <= start and end <= n.end and (n.start, n.end) != (start, end)
                                                  and text[n.start:n.end][:1].islower() for n in headed):
            continue  # "Défense" of "ministère de la Défense"
        label, start = LABELS.get(label), _after_possessor(text, start, end, taken)
        if not label or any(s < end and start < e for s, e in taken) or names_water(text, start, end):
            continue
        taken.append((start, end))  # a person's name grown over the next name the tagger found
        raws.extend(filter(None, (_ner_raw(text, span, dictionary)
                                  for span in name_spans(text, start, end, label, language=language))))
    return sorted((_people_of_a_state(r, chunks, dictionary) if r.label == "NORP" else r for r in raws),
                  key=lambda r: r.start)


def _people_of_a_state(raw: _Raw, chunks: list[Chunk], dictionary: ActorDictionary) -> _Raw:
    """A demonym at the head of its phrase, after an article or a number or in the plural, not
    before a noun, stands for its country as the press uses it ("the British pulled out", "three
    Malawian and one Uruguayan", "the Russians"): the state.
    Before a noun it describes ("a Nigerien official") and names no one."""
    code = country_of(raw.text)
    token = _last_token(chunks, raw.start, raw.end)
    if code is None or token is None or token.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss") \
            or (token.i + 1 < len(token.doc) and token.doc[token.i + 1].pos_ in ("NOUN", "PROPN", "ADJ", "NUM")):
        return raw
    first = token.doc[token.i - len(raw.text.split()) + 1]
    if first.i == 0 or token.doc[first.i - 1].pos_ not in ("DET", "NUM") and not raw.text.endswith("s"):
        return raw  # "spoke French", "in Arabic": a language
    state = dictionary.by_country[code]["state"]
    return _Raw(raw.start, raw.end, raw.text, state.ner_type, Found(raw.start, raw.end, raw.text, state))


def _last_token(chunks: list[Chunk], start: int, end: int) -> Token | None:
    for chunk in chunks:
        if chunk.offset <= start < chunk.end:
            span = chunk.doc.char_span(start - chunk.offset, end - chunk.offset, alignment_mode="expand")
            return span[-1] if span is not None and len(span) else None
    return None


def _after_possessor(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> int:
    """Where a span starts once a name already found, and its possessive, are left out: the
    tagger's "Chad's Ministry of Water" holds "Ministry of Water" after Chad's."""
    for s, e in taken:
        if s <= start + strip_name(text[start:end], person=False)[0] < e:
            m = regex.match(r"['’]s?\s+(?=\p{Lu})", text[e:end])
            return e + m.end() if m else start
    return start


def _tagged(chunk: Chunk) -> Iterator[Span]:
    """The tagger's names: a person's grown to the whole name (_whole_name); two names joined by
    a hyphen one name ("Ganar-Kiyawa"); an organisation's name and a demonym after it that no
    noun follows, the organisation's service in that language ("BBC Somali")."""
    ents = list(chunk.doc.ents)
    i = 0
    while i < len(ents):
        ent = ents[i]
        while i + 1 < len(ents) and (_hyphenated(ent, ents[i + 1]) or _in_a_language(ent, ents[i + 1])):
            i += 1
            ent = Span(chunk.doc, ent.start, ents[i].end, label=ent.label_)
        yield _whole_name(ent) if LABELS.get(ent.label_) == "PERSON" else ent
        i += 1


def _hyphenated(ent: Span, after: Span) -> bool:
    doc = ent.doc
    return after.start == ent.end + 1 and doc[ent.end].text == "-" and not ent[-1].whitespace_ \
        and not doc[ent.end].whitespace_


def _in_a_language(ent: Span, after: Span) -> bool:
    doc = ent.doc
    return ent.label_ == "ORG" and after.label_ == "NORP" and after.start == ent.end and ent[-1].whitespace_ == " " \
        and len(after) == 1 and (after.end == len(doc) or doc[after.end].pos_ not in ("NOUN", "PROPN", "ADJ"))


def _heads(text: str, found: Found, start: int, end: int) -> bool:
    """Whether the organisation's name at start..end goes on past the dictionary's name at its
    start in capitalised words ("UN" in "UN Security Council")."""
    head, _ = strip_name(text[start:end], person=False)
    if start + head != found.start or found.end >= end:
        return False
    rest = text[found.end:end].split()
    return bool(rest) and rest[0][:1].isupper()


def _ner_raw(text: str, span: NameSpan, dictionary: ActorDictionary) -> _Raw | None:
    head, tail = strip_name(text[span.start:span.end], person=span.label == "PERSON")
    start, end = span.start + head, span.end - tail
    first = text[start:end].split()[0] if text[start:end].split() else ""
    if first.islower() and is_demonym(first) and end - start > len(first) + 1 and text[start + len(first) + 1].isupper():
        start += len(first) + 1  # "le mouvement palestinien Hamas": Hamas
    surface = text[start:end]
    if not _plausible_name(text, start, end, span.label) or (span.label == "PERSON" and is_title(surface)) \
            or (first.islower() and is_title(first)) or names_a_direction(text, start, end):
        return None  # ... and "ministre de l'Intérieur" is a person's title
    if is_demonym(surface) or names_a_people(surface):
        return _Raw(start, end, surface, "NORP")
    if span.label == "DESC":
        return _Raw(start, end, surface, "DESC", Found(start, end, surface, None, surface))
    state = dictionary.state_named(surface)
    if state is not None:
        return _Raw(start, end, surface, state.ner_type, Found(start, end, surface, state))
    return _Raw(start, end, surface, span.label)


def _whole_name(ent: Span) -> Span:
    """A person's span grown over the capitalised words that the tagger left out or gave to
    another name: after it ("Moussa" + "Tembely", which it took for an adverb; "Ali Mahaman" +
    "Lamine Zeine", two names to it; "Mahamat Idriss" + "Déby", a one-word place to it, that ends
    the name; "Oumar Ag Hamed" + "-Lind"), and before it when the word is no word of the
    language ("Mahamat" + "Nour Mamadou" at the start of a paragraph); never across a line or
    punctuation other than a hyphen inside a word."""
    doc, start, end = ent.doc, ent.start, ent.end
    while True:
        if end < len(doc) and doc[end - 1].whitespace_ == " " and (
                _name_word(doc[end], ent.label_) or _last_name_tagged_apart(doc[end])):
            end += 1
        elif _hyphen_joins(doc, end):
            end += 2
        else:
            break
    while start > 0 and _name_word(doc[start - 1], ent.label_) and doc[start - 1].whitespace_ == " " \
            and not common_word(doc[start - 1].text, doc.lang_):
        start -= 1
    return Span(doc, start, end, label=ent.label_) if (start, end) != (ent.start, ent.end) else ent


def _hyphen_joins(doc: Doc, end: int) -> bool:
    """A hyphen at `end` joins the name to a capitalised word, with no space on either side."""
    return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_ and doc[end + 1].is_title and doc[end + 1].is_alpha


def _last_name_tagged_apart(token: Token) -> bool:
    """A one-word name of another kind right after a person's, ending the run of names and no word
    of the language: the person's last name ("Mahamat Idriss" + "Déby,")."""
    doc = token.doc
    return token.is_title and token.is_alpha and token.ent_iob_ == "B" and token.ent_type_ not in ("", "DATE", "TIME") \
        and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I") and not common_word(token.text, doc.lang_) \
        and (token.i + 1 == len(doc) or not doc[token.i + 1].is_title)


def _name_word(token: Token, label: str) -> bool:
    return token.is_title and token.is_alpha and not token.is_stop and token.ent_type_ in ("", label) \
        and token.pos_ in ("PROPN", "NOUN", "ADV", "ADJ", "X")


def _plausible_name(text: str, start: int, end: int, label: str) -> bool:
    """Not a photo credit (Name/AFP), not lower case, not a lone letter or number."""
    surface = text[start:end]
    if label == "PERSON" and regex.search(r"\d", surface):
        return False  # a model or a unit ("Mi-24", "Brigade 7"), not a person
    if end - start < 2 or not regex.search(r"\p{Lu}", surface) or regex.fullmatch(r"[\d\W]+", surface):
        return False
    return "/" not in surface and text[max(0, start - 1):start] != "/" and text[end:end + 1] != "/"


def canonical_entities(text: str, raws: Iterable[_Raw]) -> tuple[list[Mention], list[Entity]]:
    raws = list(raws)
    keys = _assign_keys(text, raws)
    by_key: dict[str, list[_Raw]] = defaultdict(list)
    for raw, key in zip(raws, keys):
        by_key[key].append(raw)
    entities = [_entity(key, group) for key, group in by_key.items()]
    mentions = [Mention(r.start, r.end, r.text, r.label, k) for r, k in zip(raws, keys)]
    return mentions, entities


def _assign_keys(text: str, raws: list[_Raw]) -> list[str]:
    people = [(i, _name_words(r.text), "name:" + fold(r.text)) for i, r in enumerate(raws)
              if r.found is None and r.label == "PERSON" and len(r.text.split()) >= 2]
    full_names = [p for p in people if not any(_shortens(p[1], other[1]) for other in people)]
    acronyms: dict[str, str] = {}
    named = {r.found.actor.name: r.found.actor.key for r in raws if r.found is not None and r.found.actor is not None}
    keys: list[str] = []
    for i, raw in enumerate(raws):
        if raw.found is not None and raw.found.actor is None and raw.found.link in named:
            key = named[raw.found.link]  # "Russian instructors" in an article that names the Wagner Group
        elif raw.found is not None:
            key = raw.found.actor.key if raw.found.actor else "desc:" + fold(raw.found.category)
        elif raw.text in acronyms:
            key = acronyms[raw.text]
        else:
            key = _surname_key(i, raw, full_names) or "name:" + fold(raw.text)
        keys.append(key)
        if m := _ACRONYM_AFTER.match(text, raw.end):
            acronyms.setdefault(m.group(1), key)
    return keys


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
MAX_SHORT_FORM = 2  # words


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in fold(name).split() if w not in _SUFFIXES)


def _shortens(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return len(full) > len(words) and full[-len(words):] == words


def _surname_key(i: int, raw: _Raw, full_names: list[tuple[int, tuple[str, ...], str]]) -> str | None:
    """A short form of a person named in full, the last words of the full name ("Traoré", "Ag
    Hamed" for "Oumar Ag Hamed"): nearest earlier first."""
    words = _name_words(raw.text)
    if not words or len(words) > MAX_SHORT_FORM or raw.label not in ("PERSON", "ORG", "LOC", "GPE"):
        return None
    matches = [(j, key) for j, full, key in full_names if _shortens(words, full) and j != i]
    if not matches:
        return None
    earlier = [m for m in matches if m[0] < i]
    return (earlier[-1] if earlier else matches[0])[1]


def _entity(key: str, group: list[_Raw]) -> Entity:
    aliases = tuple(dict.fromkeys(" ".join(r.text.split()) for r in group))  # a name across a line break is one line
    found = next((r.found for r in group if r.found is not None and r.found.actor is not None),
                 next((r.found for r in group if r.found is not None), None))
    if found is not None and found.actor is not None:
        a = found.actor
        return Entity(key, a.name, a.ner_type, a.type, a.country, aliases)
    if found is not None:
        return Entity(key, found.category, "DESC", None, None, aliases)
    labels = Counter(r.label for r in group)
    kind = "PERSON" if labels["PERSON"] and any(len(r.text.split()) > 1 for r in group if r.label == "PERSON") \
        else labels.most_common(1)[0][0]
    name = max(aliases, key=lambda a: (len(a.split()), not a.isupper(), -aliases.index(a)))  # not a dateline's "MOPTI"
    return Entity(key, name, kind, None, None, aliases)
