"""Roles of people, from the syntax around their names:

- an apposition after the name:   "Igor Beliaev, Russian ambassador to Algeria, said"
- a name in apposition to a role: "the Russian ambassador to Algeria, Igor Beliaev,"
  (also when the parser takes it for a conjunct: "le préfet de Douentza, Moussa Traoré")
- a title before the name:        "Russian Foreign Minister Sergey Lavrov"
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..records import Mention, Role
from .name_shapes import is_title
from .models import Chunk

MAX_ROLE_TOKENS = 14
_DETERMINERS = {"the", "a", "an", "le", "la", "les", "l'", "un", "une"}


def find_roles(chunks: list[Chunk], people: list[Mention], *, date: str | None) -> list[Role]:
    """The roles the text gives the names of `people` ("the regional governor, X")."""
    roles = []
    for chunk in chunks:
        for mention in people:
            span = chunk.doc.char_span(mention.start - chunk.offset, mention.end - chunk.offset,
                                       alignment_mode="expand")
            if span is None or not len(span):
                continue
            role = _role_of(span)
            if role is not None:
                roles.append(Role(mention.entity_key, _text(role), chunk.offset + role.start_char,
                                  chunk.offset + role.end_char, date))
    return roles


def _role_of(name: Span) -> Span | None:
    root = name.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > name.end - 1:
            return _trim(name.doc, child.left_edge.i, child.right_edge.i)
    if (root.dep_ == "appos" or _comma_conj(root)) and root.head.i < name.start:
        head = root.head
        return _trim(name.doc, head.left_edge.i, max(head.i, name.start - 1))
    lefts = [t for t in root.lefts if t.i < name.start and t.dep_ in ("compound", "amod", "nmod", "npadvmod", "nmod:poss")]
    if lefts:
        return _trim(name.doc, min(t.left_edge.i for t in lefts), name.start - 1)
    return None


def _comma_conj(root: Token) -> bool:
    """"le préfet de Douentza, Moussa Traoré": an apposition the parser took for a
    conjunct (a comma before the name, no "and")."""
    return (root.dep_ == "conj" and root.i > 0 and root.doc[root.i - 1].text == ","
            and not any(c.dep_ == "cc" for c in root.children))


def _trim(doc, first: int, last: int) -> Span | None:
    """The tokens first..last without leading determiners and prepositions ("selon le maire"), up
    to a comma, at most MAX_ROLE_TOKENS."""
    while first <= last and (doc[first].lower_ in _DETERMINERS or doc[first].is_punct or doc[first].pos_ == "ADP"):
        first += 1
    for i in range(first, last + 1):
        if doc[i].text in (",", ";", "(", "—", "–"):
            last = i - 1
            break
    while last >= first and doc[last].is_punct:
        last -= 1
    if last < first or last - first + 1 > MAX_ROLE_TOKENS or not any(_says_role(t) for t in doc[first:last + 1]):
        return None
    return doc[first:last + 1]


def _says_role(token: Token) -> bool:
    """A role has a common word in it ("ambassador", "director") or a title: not just a name."""
    return (token.is_alpha and token.is_lower and not token.is_stop) or is_title(token.text)


def _text(span: Span) -> str:
    return span.text.strip()
