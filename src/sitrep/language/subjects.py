"""Who a reporting verb says spoke, read from the parse: the nominal subject, the agent of a
passive (but "X was quoted"), the noun phrase that ends a sentence before the verb ("…, local
sources said"), or, when the verb stands after what was said with nothing before it but
auxiliaries and adverbs ("…, a déclaré à la radio un responsable", "« … », a-t-il ajouté", "“…,”
said the mayor"), a clitic or the first noun phrase after it that no preposition introduces; where
the parser found none, the name just before the verb.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .models import fold
from .speech import lemma_of, reflexive, speech_words

SUBJECTS = ("nsubj", "nsubj:pass", "nsubjpass")
PASSIVE = ("nsubj:pass", "nsubjpass", "aux:pass", "auxpass")
_MARKS = frozenset("«»“”„\"")
_BOUNDARY = frozenset(",;:«»“”\"—–()")  # what stands between what was said and a verb placed after it
_AUXILIARIES = frozenset({"a", "avait", "has", "had", "have", "was", "is", "ont", "avaient"})
_CLITICS = frozenset({"-il", "-elle", "-on", "-ils", "-elles", "-t-il", "-t-elle", "-t-on"})


def subject_of(verb: Token) -> Span | None:
    """Who a reporting verb says spoke, as a phrase of the text, or None (a passive's subject is
    what was said of it: "X is accused of …" has no speaker but its agent)."""
    passive = any(c.dep_ in PASSIVE for c in verb.children)
    if passive and lemma_of(verb) in speech_words(verb.doc.lang_).quoted:  # "X was quoted as saying"
        return next((phrase(c) for c in verb.children if c.dep_ in ("nsubjpass", "nsubj:pass")), None)
    if passive:
        agent = next((c for c in verb.children if c.dep_ in ("agent", "obl:agent")), None)
        agent = next((c for c in agent.children if c.dep_ == "pobj"), agent) if agent is not None else None
        return phrase(agent) if agent is not None else None
    after = placed_after(verb)
    if after:  # the clause it is hung on is what was said, not who said it
        inverted = subject_after(verb)
        if inverted is not None:
            return inverted
    tail = None if after else _tail_subject(verb)
    if tail is not None:
        return tail
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS and not (c.i > verb.i and after)
                and not any(g.dep_ == "case" for g in c.children)]  # "de son côté" is no subject
    if subjects:  # the parser may give two; the nearer is the verb's
        return phrase(min(subjects, key=lambda c: abs(verb.i - c.i)))
    if after:
        return name_before(verb)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i and verb.head.i < verb.i:
        return _participle_speaker(verb) if _participle(verb) else subject_of(verb.head)
    if verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm") and verb.head.pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_ == "case" for c in verb.head.children):
        return phrase(verb.head)  # "le gouverneur ajoutant que …": the noun it qualifies says it
    return name_before(verb)


def _participle(verb: Token) -> bool:
    """"adding", "ajoutant": a present participle."""
    return verb.tag_ == "VBG" or ("Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense"))


def _participle_speaker(verb: Token) -> Span | None:
    """Who says what a participle reports ("…, adding that", "…, soulignant que"): who speaks in the
    nearest reporting verb above it ("X said its aircraft struck the car, adding …" is X's); else,
    when it governs a clause or its object is what was said, the subject of the verb it hangs on
    ("troops stormed the village, saying the vote was stolen", "…, accusing France of …"); any
    other, on a verb of no speech, reports nothing ("the symbols have become common, underscoring
    the brutality")."""
    words = speech_words(verb.doc.lang_)
    classes = words.classes
    above = next((t for t in verb.ancestors if t.pos_ in ("VERB", "AUX") and lemma_of(t) in classes
                  and not (reflexive(t) and lemma_of(t) not in words.reflexive)), None)
    if above is not None:
        return subject_of(above)
    clause = any(c.dep_ in ("ccomp", "obj:ccomp", "xcomp") for c in verb.children)
    return subject_of(verb.head) if clause or lemma_of(verb) in words.object_verbs else None


def placed_after(verb: Token) -> bool:
    """A reporting verb after what was said, with only auxiliaries, adverbs and a clitic subject
    before it since the last comma or quote mark ("…, a précisé X", "« … » a-t-il dit", "“…,” said X");
    what stands before a comma must be a clause or a quotation, not a name in apposition."""
    doc = verb.doc
    form = verb.morph.get("VerbForm")
    if "Fin" not in form and not ("Part" in form and "Past" in verb.morph.get("Tense")
                                  and any(c.dep_.startswith("aux") for c in verb.children)):
        return False  # "…, adding that", "…, ajoutant que": a participle clause, not an inversion
    if any(c.dep_ in SUBJECTS and c.i < verb.i and not _clitic(c) and not _quote_between(c, verb) for c in verb.children):
        return False  # "X, a group of doctors, has documented …": X is the subject, before the verb
    i = verb.i - 1
    while i > 0 and doc[i].text not in _BOUNDARY:
        if doc[i].pos_ not in ("AUX", "ADV", "PART") and not _clitic(doc[i]) \
                and fold(doc[i].lower_) not in ("vient", "venait", "d'", "de", "-t"):
            return False
        i -= 1
    if i <= 0 or verb.i - i > 5:
        return False
    said = doc[max(0, verb.sent.start - 2):i]  # the parser may end a sentence at the closing mark
    return doc[i].text != "," or any("Fin" in t.morph.get("VerbForm") or t.text in _MARKS for t in said)


def _quote_between(first: Token, last: Token) -> bool:
    """A closing quote mark between two tokens: the parser's "subject" is inside the quotation."""
    return any(t.text in ("»", "”", "\"") for t in first.doc[first.i + 1:last.i])


def _clitic(token: Token) -> bool:
    """The subject pronoun of an inversion ("-il" in "a-t-il dit")."""
    lowered = fold(token.lower_)
    return lowered in _CLITICS or lowered.startswith("-") and token.pos_ == "PRON" and lowered != "-t"


def _tail_subject(verb: Token) -> Span | None:
    """"…, locals and media reports said.": a sentence that ends with a noun phrase and the verb
    after a comma is attributed to that phrase, however the parser joined it to the clause."""
    doc = verb.doc
    rest = [t for t in doc[verb.i + 1:verb.sent.end] if not (t.is_punct or t.is_space)]
    if any(t.dep_ in ("ccomp", "xcomp", "dobj", "obj", "mark") or t.pos_ in ("VERB", "AUX") for t in rest) or len(rest) > 6:
        return None
    i = verb.i - 1
    while i > verb.sent.start and doc[i].text not in (",", ";") and doc[i].text not in _MARKS:
        i -= 1
    words = doc[i + 1:verb.i]
    if doc[i].text != "," or not 0 < len(words) <= 8 or any(t.pos_ in ("VERB", "AUX", "SCONJ") for t in words) \
            or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
        return None
    first = words.start + (words[0].pos_ == "DET")
    return doc[first:words.end] if first < words.end else None


def name_before(verb: Token) -> Span | None:
    """When the parser found no subject: the noun phrase just before the verb, outside what it
    governs ("…, the Foreign Intelligence Service (SZRU) said Sunday"), past an apposition between
    commas ("Ali Kane, the mayor of Gao, said")."""
    doc = verb.doc
    governed = {t.i for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "obj") for t in c.subtree}
    segments: list[list[Token]] = [[]]
    last_mark = max((t.i for t in doc[verb.sent.start:verb.i] if t.text in _MARKS), default=-1)
    for token in doc[verb.sent.start:verb.i]:
        if token.text == "," or token.text in _MARKS:
            segments.append([])
        elif token.i not in governed or token.i > last_mark >= 0:  # after the quotation: not what was said
            segments[-1].append(token)
    segments = [s for s in segments if s]
    if not segments or verb.i - segments[-1][-1].i > 3:
        return None
    last = segments[-1]
    if len(segments) > 1 and last[0].pos_ == "DET" and doc[last[-1].i + 1].text == ",":
        last = segments[-2]  # the apposition names the one before it
    if _name_like(last):  # a name the tagger broke ("Aid to the Church in Need spoke of …")
        return doc[last[0].i + (last[0].pos_ == "DET"):last[-1].i + 1]
    verbs = [i for i, t in enumerate(last) if t.pos_ in ("VERB", "AUX")]
    if verbs and any(t.pos_ == "VERB" and t.dep_ != "cop" or t.lower_ not in _AUXILIARIES for t in
                     (last[i] for i in verbs)):
        return None
    last = last[:verbs[0]] if verbs else last  # "Un habitant a de son côté parlé": before the auxiliary
    nouns = [t for t in last if t.pos_ in ("PROPN", "NOUN")]
    if not nouns:
        return None
    head = nouns[-1]
    while head.head.i != head.i and last[0].i <= head.head.i <= last[-1].i and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    return phrase(head)


def _name_like(tokens: list[Token]) -> bool:
    """Capitalised words, with the function words names have between them ("Friends of the Earth")."""
    words = [t for t in tokens if not (t.pos_ in ("DET", "ADP", "CCONJ") and t.is_lower)]
    return len(words) >= 2 and all(t.is_title or t.is_upper for t in words) and not tokens[-1].is_lower \
        and any(t.pos_ in ("PROPN", "NOUN") for t in words)


def subject_after(verb: Token) -> Span | None:
    """The subject of a verb placed after what was said: a clitic ("a-t-il dit", "dit-elle"), else
    the first noun phrase after the verb that no preposition introduces, past adverbs, times and
    prepositional phrases ("a annoncé dimanche à la radio un porte-parole")."""
    doc = verb.doc
    clitic = next((t for t in doc[max(0, verb.i - 3):min(len(doc), verb.i + 3)] if _clitic(t)), None)
    if clitic is not None:
        return doc[clitic.i:clitic.i + 1]
    in_pp, pp_noun = False, False
    for token in doc[verb.i + 1:_clause_end(verb)]:
        lowered = fold(token.lower_)
        named = token.ent_type_ in ("PER", "PERSON", "ORG") or token.is_title and token.i + 1 < len(doc) \
            and doc[token.i + 1].pos_ == "PROPN"  # a name the tagger took for something else ("Léon/SCONJ")
        starts = (token.pos_ in ("NOUN", "PROPN", "PRON", "DET", "NUM") or named) and not _time_word(token)
        if in_pp and pp_noun and _starts_after_phrase(token):
            in_pp = False  # "à la radio | un responsable", "sur Telegram | un porte-parole"
        if token.pos_ == "ADP" or lowered in ("au", "aux"):
            in_pp, pp_noun = True, False
        elif in_pp:
            pp_noun = pp_noun or token.pos_ in ("NOUN", "PROPN", "PRON")
        elif starts and token.ent_iob_ == "B" and token.ent_type_ in ("PER", "PERSON", "ORG") \
                and token.pos_ not in ("NOUN", "PROPN", "DET", "NUM"):
            return next(e for e in doc.ents if e.start == token.i)  # the name as the tagger found it
        elif starts:
            return phrase(_head_from(token))
        elif token.pos_ in ("VERB", "SCONJ", "CCONJ") and not named or token.is_punct and token.text != ",":
            return None
    return None


def _clause_end(verb: Token) -> int:
    """Where the words after a verb stop: at sentence punctuation or a line break, past a sentence
    boundary the parser put inside the clause ("…, a annoncé lundi | l'armée.")."""
    doc = verb.doc
    for token in doc[verb.i + 1:min(len(doc), verb.i + 16)]:
        if token.text in (".", "!", "?", ";") or "\n" in token.text or "\n" in token.whitespace_:
            return token.i
    return min(len(doc), verb.i + 16)


def _starts_after_phrase(token: Token) -> bool:
    """After a prepositional phrase's noun, this word starts the next noun phrase: a determiner, or a
    name that is no part of the phrase (a new entity, a person after a common noun, a name after an
    acronym: "à l'AFP | Ali Kane"); a medium's name stays in it ("sur l'application Telegram")."""
    previous = token.nbor(-1)
    if fold(token.lower_) in speech_words(token.doc.lang_).channels:
        return False
    return token.pos_ == "DET" or token.pos_ == "PROPN" and token.ent_iob_ == "B" \
        or token.pos_ == "PROPN" and previous.pos_ in ("NOUN", "ADJ") and _personal(token) \
        or token.is_title and token.ent_iob_ != "I" and previous.ent_iob_ in ("B", "I") \
        or token.is_title and previous.is_upper and len(previous) > 1


def _personal(token: Token) -> bool:
    """A person's name, or a name of several words ("Ibrahim Miko")."""
    return token.ent_type_ in ("PER", "PERSON") or token.i + 1 < len(token.doc) and token.nbor().pos_ == "PROPN"


def _time_word(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or fold(token.lower_) in _TIME_NOUNS


_TIME_NOUNS = frozenset(("lundi mardi mercredi jeudi vendredi samedi dimanche matin soir nuit hier aujourd'hui "
                         "monday tuesday wednesday thursday friday saturday sunday morning evening night "
                         "yesterday today tonight").split())


def _head_from(first: Token) -> Token:
    """The head noun of the phrase that starts at `first`."""
    head = first
    while head.head.i != head.i and first.i <= head.head.i and head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") \
            and head.head.i - first.i < 6:
        head = head.head
    if head.pos_ in ("DET", "NUM", "ADJ"):
        nxt = next((t for t in head.doc[head.i + 1:head.i + 4] if t.pos_ in ("NOUN", "PROPN")), None)
        head = nxt or head
    return head


_CLAUSE_WORDS = frozenset({"who", "which", "that", "qui", "que", "dont", "lequel", "laquelle"})
# Prepositions that open an adverbial after a speaker ("the ministry on its website", "le ministère sur
# son site"), not a part of the speaker's name as "of" and "de" are.
_ADVERBIAL = frozenset({"on", "sur", "via", "par", "with", "avec", "through", "à", "au", "aux", "during",
                        "pendant", "lors", "after", "après", "before", "avant"})


def phrase(head: Token) -> Span:
    """A subject's words, up to a comma, a clause or a verb (appositions and clauses stay out)."""
    doc = head.doc
    first, last = head.left_edge.i, head.right_edge.i
    for i in range(head.i + 1, last + 1):
        t = doc[i]
        if t.text in (",", "(", "—", "–", "«", "“", "\"") or t.dep_ in ("relcl", "acl", "acl:relcl") or t.is_space \
                or t.pos_ in ("VERB", "AUX", "PRON") and t.dep_ not in ("amod", "compound") \
                or fold(t.lower_) in _CLAUSE_WORDS or t.pos_ == "ADP" and fold(t.lower_) in _ADVERBIAL:
            last = i - 1
            break
    while last > head.i and (doc[last].is_punct or doc[last].is_space or doc[last].pos_ in ("ADP", "DET", "CCONJ")):
        last -= 1
    while last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ \
            and not doc[last + 1].whitespace_:
        last += 2  # a word the tokenizer cut at its hyphen ("état-major")
    for i in range(head.i - 1, first - 1, -1):
        if doc[i].text in (",", ")", "»", "”", "\"", ":") or doc[i].pos_ in ("VERB", "AUX"):
            first = i + 1
            break
    while first < head.i and (doc[first].is_punct or doc[first].pos_ in ("ADP", "DET", "CCONJ")):
        first += 1
    return doc[first:last + 1]
