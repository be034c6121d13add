"""How texts are parsed: sentences first, then each sentence's tree on its own, then the rules that
read the trees."""

import spacy
from spacy.tokens import Doc

from sitrep.language.attribute_rules import IndexedRuler
from sitrep.language.models import package, parse

TEXT = ("Rebels shelled the northern town on Tuesday, and the governor said that twelve houses burned\n"
        "Residents fled toward the river. Aid workers counted 400 families in the camp.")


def parsed(text: str, language: str = "en"):
    (chunk,) = next(parse([text], language))
    return chunk.doc


def test_every_sentence_has_one_tree_and_none_runs_across_a_line_break():
    doc = parsed(TEXT)
    sentences = list(doc.sents)
    assert [s.text.strip() for s in sentences] == [
        "Rebels shelled the northern town on Tuesday, and the governor said that twelve houses burned",
        "Residents fled toward the river.", "Aid workers counted 400 families in the camp."]
    for sentence in sentences:
        assert [t.text for t in sentence if t.dep_ == "ROOT"] == [sentence.root.text]
        assert all(sentence.start <= t.head.i < sentence.end for t in sentence)
    assert {t.text: t.dep_ for t in doc if t.text in ("Rebels", "houses", "workers", "families")} == {
        "Rebels": "nsubj", "houses": "nsubj", "workers": "nsubj", "families": "dobj"}


def test_names_tags_and_lemmas_are_those_of_the_whole_package_pipeline():
    whole = spacy.load(package("en"))(TEXT)
    doc = parsed(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in whole.ents]
    assert [(t.tag_, t.pos_, t.lemma_) for t in doc] == [(t.tag_, t.pos_, t.lemma_) for t in whole]


def test_the_rules_that_read_the_parse_run_after_it():
    # the attribute ruler makes an auxiliary of a verb the parser attached as one
    doc = parsed("The convoy was attacked near the border.")
    assert [(t.text, t.dep_, t.pos_) for t in doc if t.text == "was"] == [("was", "auxpass", "AUX")]


def test_french_sentences_are_parsed_the_same_way():
    doc = parsed("Des hommes armés ont attaqué le village lundi. Les habitants ont fui vers la ville.", "fr")
    assert len(list(doc.sents)) == 2
    assert [t.text for t in doc if t.dep_ == "nsubj"] == ["hommes", "habitants"]


def test_the_indexed_ruler_sets_what_the_ruler_sets_later_rules_winning():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"TAG": {"IN": ["VBD", "VBN"]}}]], {"POS": "VERB", "MORPH": "Tense=Past"})
    ruler.add([[{"TAG": "VBD", "LOWER": "was"}]], {"POS": "AUX", "LEMMA": "be"})  # over the rule before
    ruler.add([[{"LOWER": "the"}]], {"POS": "DET"})
    ruler.add([[{"LOWER": "the"}, {"TAG": "NN"}]], {"LEMMA": "town"}, index=1)  # two tokens: the matcher's
    ruler.add([[{"TAG": "NN"}]], {"POS": "PROPN"})
    words = ["The", "town", "was", "shelled", "and", "burned"]
    tags = ["DT", "NN", "VBD", "VBN", "CC", "VBD"]
    by_ruler, indexed = (Doc(nlp.vocab, words=words, tags=tags) for _ in range(2))
    ruler(by_ruler)
    IndexedRuler(ruler)(indexed)
    expected = [("DET", ""), ("PROPN", "town"), ("AUX", "be"), ("VERB", ""), ("", ""), ("VERB", "")]
    assert [(t.pos_, t.lemma_) for t in by_ruler] == expected
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in indexed] == [(t.pos_, t.lemma_, str(t.morph)) for t in by_ruler]
