"""Who a subject phrase names: a speaker resolved to the person or organisation the text names.

- a name, or a description with a name in apposition ("the group's leader, Ali Mahamat")
- a pronoun ("he", "elle", "-t-il", "selon lui"): the nearest compatible antecedent before it — a man
  or a woman where a title, a role noun or a determiner shows it, an organisation for "it", a person
  or an organisation for "il"/"elle"; a speaker rather than anyone else mentioned when both are near
- a definite description: the person who holds that role in the article ("the governor" after
  "Governor Ali Kane"); an institution named before ("the ministry" after "the Ministry of Water");
  the armed group named last ("le groupe terroriste"); a document's issuer ("the statement", "un
  communiqué de l'armée")
- any other description stands for itself ("a resident", "local sources").
Never a time, an unresolved pronoun or a fragment of a clause: those are no speaker (None).
"""

from __future__ import annotations

import regex
from spacy.tokens import Span, Token

from ..records import Entity, Mention, Role, TimeSpan
from .antecedents import MAX_SENTENCES, NAMED, SPEAKS, SUBJECT, Candidate, Speaker, choose
from .models import Chunk, fold
from .reporting import is_reporting
from .speech import SpeechWords
from .subjects import SUBJECTS, phrase, subject_of
_DEFINITE = frozenset({"the", "this", "that", "its", "their", "his", "her", "le", "la", "l'", "les", "ce", "cette",
                       "ces", "son", "sa", "ses", "leur", "leurs"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "qui", "que", "lequel", "laquelle"})
ARMED_TYPES = frozenset({"non-state armed group", "private military company"})
MAX_WORDS = 10


class Speakers:
    """Resolves subject phrases in one document."""

    def __init__(self, text: str, chunks: list[Chunk], mentions: list[Mention], entities: list[Entity],
                 roles: list[Role], words: SpeechWords, *, times: list[TimeSpan] = (),
                 quoted: list[tuple[int, int]] = ()) -> None:
        self.text = text
        self.chunks = chunks
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.entities = {e.key: e for e in entities}
        self.roles: dict[str, str] = {}
        for role in roles:
            self.roles.setdefault(role.entity_key, role.role)
        self.all_roles = roles
        self.words = words
        self.times = [(t.start, t.end) for t in times]
        self.quoted = list(quoted)
        self.gender = {key: _gender(text, self.mentions, key, roles, words) for key in self.entities}
        self.sentences = [(c.offset + s.start_char, c.offset + s.end_char, s, c.offset) for c in chunks for s in c.doc.sents]
        self._said: list[Candidate] | None = None

    def role(self, key: str | None) -> str | None:
        return self.roles.get(key) if key else None

    def resolve(self, subject: Span | None, offset: int, *, before: int | None = None,
                named_only: bool = False) -> Speaker | None:
        """The speaker a subject phrase names; antecedents are sought before `before` (default: the
        subject itself). With `named_only`, only a known entity (or a pronoun's) will do."""
        if subject is None or not len(subject) or fold(subject.root.lower_) in _RELATIVE:
            return None
        start = offset + subject.start_char
        before = start if before is None else min(before, start)
        named = self._named_in(subject, offset) or self._surnamed(subject)
        if named is not None:
            return named
        pronoun = fold(subject.root.lower_).lstrip("-").removeprefix("t-")
        if pronoun in self.words.pronouns:
            return self._antecedent(before, self.words.pronouns[pronoun])
        if pronoun in self.words.first_person or subject.root.pos_ == "PRON" or self._is_time(subject, offset):
            return None
        described = self._described(subject, offset, before)
        if described is not None or named_only or self._document(subject.root) or self._bare_anaphor(subject):
            return described  # a document whose issuer is unknown, or "the group" alone, is no speaker
        return _description(subject)

    def _bare_anaphor(self, subject: Span) -> bool:
        """"The group", "le mouvement": a noun that only points back, with nothing of its own."""
        return fold(subject.root.lemma_) in self.words.anaphors and all(
            t.i == subject.root.i or t.pos_ in ("DET", "PRON") or t.dep_ in ("det", "poss") for t in subject)

    def _document(self, root: Token) -> bool:
        return fold(root.lemma_) in self.words.documents or fold(root.lower_) in self.words.documents

    def _named_in(self, subject: Span, offset: int) -> Speaker | None:
        """The entity the subject's head names, else a name in apposition to it ("the head of the
        mission, Ali Kane, said")."""
        named = self._named(offset + subject.root.idx)
        for child in subject.root.children:
            if named is None and child.dep_ in ("appos", "flat:name") and child.pos_ == "PROPN":
                named = self._named(offset + child.idx, types=("PERSON", "ORG"))
        doc = subject.doc
        if named is None and subject.end + 1 < len(doc) and doc[subject.end].text == "," \
                and subject.root.pos_ == "NOUN":
            named = self._named(offset + doc[subject.end + 1].idx, types=("PERSON", "ORG"))
        return self._with_conjuncts(named, subject, offset) if named is not None else None

    def _surnamed(self, subject: Span) -> Speaker | None:
        """A person the document names in full, called by the surname alone where the tagger saw no name
        ("Keita-Berg said"): proper nouns only, the end of one person's name and of no other's."""
        if not all(t.pos_ == "PROPN" or t.is_punct for t in subject) or not any(t.pos_ == "PROPN" for t in subject):
            return None
        said = " " + fold(subject.text)
        people = {e.key: e for e in self.entities.values()
                  if e.type == "PERSON" and len(e.name.split()) > 1 and fold(e.name).endswith(said)}
        return (next(iter(people.values())).name, next(iter(people))) if len(people) == 1 else None

    def _with_conjuncts(self, named: Speaker, subject: Span, offset: int) -> Speaker:
        """"X and Y said": both, named as the text joins them."""
        others = [found for c in subject.root.children if c.dep_ == "conj" and subject.start <= c.i < subject.end
                  and (found := self._named(offset + c.idx)) is not None and found[1] != named[1]]
        joiner = next((t.text for t in subject if t.dep_ == "cc"), "and")
        return (f" {joiner} ".join([named[0]] + [o[0] for o in others]), named[1]) if others else named

    def _named(self, at: int, *, types: tuple[str, ...] | None = None) -> Speaker | None:
        """The entity a mention at `at` names: a person by full name, others as the text calls them."""
        holding = [m for m in self.mentions if m.start <= at < m.end and self._type(m) != "DESC"]
        if not holding or types is not None and self._type(holding[-1]) not in types:
            return None
        return self._as_speaker(holding[-1])

    def _as_speaker(self, mention: Mention) -> Speaker:
        entity = self.entities.get(mention.entity_key)
        if entity is None or self._type(mention) == "DESC":
            return _bare(mention.text), None
        if entity.type == "PERSON" or fold(entity.name) == fold(mention.text):
            return entity.name, entity.key
        return f"{entity.name} ({mention.text})", entity.key

    def _type(self, mention: Mention) -> str:
        entity = self.entities.get(mention.entity_key)
        return entity.type if entity is not None else mention.label

    def _is_time(self, subject: Span, offset: int) -> bool:
        at = offset + subject.root.idx
        return subject.root.ent_type_ in ("DATE", "TIME") or any(s <= at < e for s, e in self.times)

    def _antecedent(self, before: int, wants: str) -> Speaker | None:
        """What a pronoun at `before` stands for (antecedents.py), else the entity of that kind named
        last (a person by a full name: a one-word "person" is often a place the tagger got wrong)."""
        last = self._sentence_before(before)
        found = choose((self._candidates(i, before) for i in range(last, -1, -1)), wants)
        if found is not None or wants == "group":
            return found
        types = ("ORG", "GPE") if wants == "organisation" else ("PERSON",)
        earlier = [m for m in self.mentions if m.end <= before and self._type(m) in types]
        full = [m for m in earlier if self._type(m) != "PERSON" or len(self._name(m).split()) > 1]
        return self._as_speaker(full[-1]) if full else None

    @property
    def said(self) -> list[Candidate]:
        """Everyone the article has speak, in order (built once, the first time it is needed; a
        pronoun that speaks is resolved against those who spoke before it)."""
        if self._said is None:
            self._said = []
            for _start, _end, sent, offset in self.sentences:
                for token in sent:
                    subject = subject_of(token) if is_reporting(token, self.words) else None
                    found = self.resolve(subject, offset) if subject is not None else None
                    if found is not None:
                        self._said.append(Candidate(offset + subject.start_char, found, self._kind(found, subject, offset),
                                                    self._gender_of(found, subject), SPEAKS))
        return self._said

    def _candidates(self, index: int, before: int) -> list[Candidate]:
        """Who a pronoun may stand for in one sentence, before `before`."""
        start, end, sent, offset = self.sentences[index]
        end = min(end, before)
        found = [c for c in self.said if start <= c.at < end]
        for mention in self.mentions:
            if start <= mention.start and mention.end <= end and self._type(mention) != "DESC" and not self._quoted(mention.start):
                speaker = self._as_speaker(mention)
                rank = SUBJECT if self._is_subject(mention, sent, offset) else NAMED
                found.append(Candidate(mention.start, speaker, self._type(mention), self.gender.get(mention.entity_key), rank))
        for token in sent:
            at = offset + token.idx
            if token.dep_ in SUBJECTS and token.pos_ == "NOUN" and "Plur" in token.morph.get("Number") and at < end \
                    and not self._quoted(at) and (speaker := _description(phrase(token))) is not None:
                found.append(Candidate(at, speaker, "GROUP", None, SUBJECT))
        return found

    def _quoted(self, at: int) -> bool:
        return any(s <= at < e for s, e in self.quoted)

    def _is_subject(self, mention: Mention, sent: Span, offset: int) -> bool:
        span = sent.doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
        if span is None or not len(span):
            return False
        root = span.root
        return root.dep_ in SUBJECTS or root.dep_ in ("appos", "compound", "flat:name") and root.head.dep_ in SUBJECTS

    def _kind(self, speaker: Speaker, subject: Span, offset: int) -> str:
        """PERSON, ORG, … for an entity the subject names; for a description (even one that a name in
        apposition resolves): an organisation, a group, or one person."""
        at = offset + subject.root.idx
        if speaker[1] in self.entities and any(m.start <= at < m.end and m.entity_key == speaker[1] for m in self.mentions):
            return self.entities[speaker[1]].type
        head = fold(subject.root.lemma_)
        if head in self.words.institutions or head in self.words.anaphors or head in self.words.documents:
            return "ORG"
        if speaker[1] in self.entities and subject.root.pos_ == "PROPN":
            return self.entities[speaker[1]].type
        return "GROUP" if "Plur" in subject.root.morph.get("Number") else "ONE"

    def _gender_of(self, speaker: Speaker, subject: Span) -> str | None:
        if speaker[1] is not None:
            return self.gender.get(speaker[1])
        said = {self.words.gendered[w] for w in fold(subject.text).split() if w in self.words.gendered}
        return said.pop() if len(said) == 1 else None

    def _name(self, mention: Mention) -> str:
        entity = self.entities.get(mention.entity_key)
        return entity.name if entity is not None else mention.text

    def _described(self, subject: Span, offset: int, before: int) -> Speaker | None:
        """What a definite description refers to: a role's holder, an institution, a group, an issuer."""
        root = subject.root
        head = fold(root.lemma_)
        definite = any(fold(t.lower_) in _DEFINITE or t.dep_ in ("poss", "nmod:poss") for t in root.children) \
            or fold(subject.doc[root.left_edge.i].lower_) in _DEFINITE
        if self._document(root):
            return self._issuer(root, offset, before)
        if any(fold(t.lower_) in self.words.same for t in subject):  # "the same source", "la même source"
            return self._last_speaker(before)
        if not definite:
            return None
        holder = self._holder(root, before)
        if holder is not None:
            return holder
        if head in self.words.anaphors or head in self.words.institutions:
            return self._institution(root, before)
        return None

    def _holder(self, root: Token, before: int) -> Speaker | None:
        """The person whose role in the article has this description's head noun ("the governor")."""
        head = fold(root.lower_)
        lemma = fold(root.lemma_)
        holders = [r for r in self.all_roles if {head, lemma} & set(regex.findall(r"[\w'’-]+", fold(r.role)))
                   and self.entities.get(r.entity_key) is not None and self.entities[r.entity_key].type == "PERSON"]
        if not holders:
            return self._introduced_as({head, lemma}, before)
        keys = {r.entity_key for r in holders}
        if len(keys) > 1:
            named_before = [m for m in self.mentions if m.entity_key in keys and m.end <= before]
            if not named_before:
                return None
            keys = {named_before[-1].entity_key}
        key = keys.pop()
        return self.entities[key].name, key

    def _introduced_as(self, nouns: set[str], before: int) -> Speaker | None:
        """The person last named right after the noun, as a title or in apposition ("Governor Ali
        Kane", "the governor of the province, Ali Kane"), where roles found none."""
        for mention in reversed([m for m in self.mentions if m.end <= before and self._type(m) == "PERSON"]):
            sentence = next((s for s in self.sentences if s[0] <= mention.start < s[1]), None)
            if sentence is None:
                continue
            _start, _end, sent, offset = sentence
            first = next((t for t in sent if offset + t.idx >= mention.start), None)
            if first is None:
                continue
            window = list(sent.doc[max(sent.start, first.i - 3):first.i])
            if window and window[-1].text == ",":
                window = [t for t in sent.doc[max(sent.start, first.i - 12):first.i - 1]]
                window = window[max((i + 1 for i, t in enumerate(window) if t.pos_ in ("VERB", "AUX") or t.text == ","),
                                    default=0):]
            if any(fold(t.lemma_) in nouns or fold(t.lower_) in nouns for t in window):
                return self._as_speaker(mention)
        return None

    def _institution(self, root: Token, before: int) -> Speaker | None:
        """An organisation named before whose name holds the noun ("the ministry"); for a group, the
        organisation named last (an armed group when the text calls it armed, jihadist, …)."""
        noun = fold(root.lemma_)
        armed = any(fold(t.lemma_) in self.words.armed or fold(t.lower_) in self.words.armed
                    for t in root.subtree if t.i != root.i)
        organisations = [m for m in self.mentions if m.end <= before and self._type(m) == "ORG"]
        same_noun = [m for m in organisations if regex.search(rf"(?<!\w){regex.escape(noun)}", fold(self._name(m) + " " + m.text))]
        if same_noun:
            return self._as_speaker(same_noun[-1])
        if armed:  # a known armed group, else an organisation of no known kind that did something
            groups = [m for m in organisations if self._actor_type(m) in ARMED_TYPES] \
                or [m for m in organisations if self._actor_type(m) is None and self._acts(m)]
            return self._as_speaker(groups[-1]) if groups else None
        acting = [m for m in organisations if self._acts(m)]
        if noun in self.words.anaphors and acting:
            return self._as_speaker(acting[-1])
        return None

    def _actor_type(self, mention: Mention) -> str | None:
        entity = self.entities.get(mention.entity_key)
        return entity.actor_type if entity is not None else None

    def _acts(self, mention: Mention) -> bool:
        """The mention is the subject of its clause."""
        sentence = next((s for s in self.sentences if s[0] <= mention.start < s[1]), None)
        return sentence is not None and self._is_subject(mention, sentence[2], sentence[3])

    def _issuer(self, root: Token, offset: int, before: int) -> Speaker | None:
        """Who a document speaks for: who issued it ("X published a statement", "a statement from
        the army", "le communiqué de l'état-major"), or who issued the same document named before
        ("… a statement. The statement said"), else who spoke last, within MAX_SENTENCES sentences."""
        found = self._beside(root, offset, before)
        last = self._sentence_before(before)
        for i in range(last, max(-1, last - MAX_SENTENCES), -1):
            if found is not None:
                return found
            start, _end, sent, sent_offset = self.sentences[i]
            same = [t for t in sent if fold(t.lemma_) == fold(root.lemma_) and sent_offset + t.idx < offset + root.idx]
            found = next((f for t in reversed(same) if (f := self._beside(t, sent_offset, before)) is not None), None)
        return found if found is not None else self._last_speaker(before, named=True)

    def _last_speaker(self, before: int, *, named: bool = False) -> Speaker | None:
        """Who spoke last before `before`, within MAX_SENTENCES sentences (only a known entity if `named`)."""
        last = self._sentence_before(before)
        for i in range(last, max(-1, last - MAX_SENTENCES), -1):
            spoke = [c for c in self.said if self.sentences[i][0] <= c.at < min(self.sentences[i][1], before)
                     and (not named or c.speaker[1] is not None and c.kind in ("ORG", "PERSON", "GPE", "ONE"))]
            if spoke:
                return spoke[-1].speaker
        return None

    def _beside(self, document: Token, offset: int, before: int) -> Speaker | None:
        """The issuer the text names beside a document: the subject of the verb it is the object of,
        its possessor, its "of/from/by/de X", the agent of a participle ("issued by X")."""
        verb = document.head
        issuing = subject_of(verb) if document.dep_ in ("dobj", "obj") and verb.pos_ == "VERB" else None
        if issuing is not None and not issuing.start <= document.i < issuing.end:
            found = self.resolve(issuing, offset, before=before)
            if found is not None:
                return found
        for child in document.children:
            target, surely = _issued_by(child)
            found = self.resolve(phrase(target), offset, before=before) if target is not None else None
            if found is not None and (surely or found[1] is not None or self._institutional(target)):
                return found  # an organisation or a person issues it; "le bilan de ce massacre" is about one
        return None

    def _institutional(self, token: Token) -> bool:
        """A name, or a phrase with an institution's noun in it ("l'état-major des armées")."""
        return token.pos_ == "PROPN" or any(
            fold(t.lemma_) in self.words.institutions or fold(t.lemma_) in self.words.anaphors
            or fold(t.lower_) in self.words.gendered for t in phrase(token))

    def _sentence_before(self, before: int) -> int:
        """The index of the last sentence that starts before `before`."""
        return max((i for i, (start, *_rest) in enumerate(self.sentences) if start < before), default=-1)


def _issued_by(child: Token) -> tuple[Token | None, bool]:
    """The noun beside a document that names its issuer, and whether it surely does: its
    possessor, "by/from X" and the agent of a participle ("issued by X") do; "of/de X" may name its
    subject instead ("le bilan de ce massacre")."""
    if child.dep_ in ("poss", "nmod:poss") and child.pos_ in ("NOUN", "PROPN", "PRON"):
        return child, True
    if child.dep_ == "nmod" and child.pos_ in ("NOUN", "PROPN"):
        return child, False
    if child.dep_ == "prep" and fold(child.lower_) in ("of", "from", "by"):
        return next((c for c in child.children if c.dep_ == "pobj"), None), fold(child.lower_) != "of"
    if child.dep_ in ("acl", "acl:relcl"):
        for token in child.subtree:
            if token.dep_ == "obl:agent":
                return token, True
            if token.dep_ == "agent":
                return next((c for c in token.children if c.dep_ == "pobj"), None), True
    return None, False


def _gender(text: str, mentions: list[Mention], key: str, roles: list[Role], words: SpeechWords) -> str | None:
    """man, woman or None, from a title or a role noun written before the person's mentions, or a role."""
    found = set()
    for mention in mentions:
        if mention.entity_key == key:
            before = fold(text[max(0, mention.start - 24):mention.start]).split()
            found |= {words.gendered[w] for w in before[-2:] if w in words.gendered}
            found |= {words.gendered[" ".join(before[-2:])]} if " ".join(before[-2:]) in words.gendered else set()
    for role in roles:
        if role.entity_key == key:
            found |= {words.gendered[w] for w in fold(role.role).split() if w in words.gendered}
    return found.pop() if len(found) == 1 else None


def _description(subject: Span) -> Speaker | None:
    """A description standing for itself, or None when it is no speaker (too long, no noun)."""
    words = [t for t in subject if not t.is_punct]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in words) or len(words) > MAX_WORDS:
        return None
    return _bare(subject.text), None


def _bare(text: str) -> str:
    return regex.sub(r"^(?:(?:the|an?|le|la|les|un|une)\s+|l['’]\s*)", "", text.strip(), flags=regex.I)
