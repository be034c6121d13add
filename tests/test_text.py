"""Text as every layer compares it, and phrases found where their words start."""

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.text import Phrases, fold

NAMES = ["river guard", "river", "north-east militia", "al-nur", "port authority", "u.s. navy", "é"]
PATTERN = regex.compile(r"(?<![\w-])(?:" + "|".join(regex.escape(n) for n in sorted(NAMES, key=len, reverse=True))
                        + r")(?![\w-])")


def test_fold_keeps_one_character_for_one():
    assert fold("Ségou’s Forces") == "segou's forces"


def test_phrases_are_found_where_their_words_start_and_not_inside_words():
    phrases = Phrases(PATTERN, NAMES)
    text = "The river guard met the u.s. navy at al-nur; riverside and the-river are no names, é is."
    assert [m.group() for m in phrases.finditer(text)] == ["river guard", "u.s. navy", "al-nur", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAMES + ["the", "riverside", "-", "north", "guard", "al", "nur", ".", " ", "\n",
                                        "east", "1", "é", "port", "s"]), max_size=40),
       st.sampled_from(["", " ", "-"]))
def test_phrases_find_what_the_whole_pattern_finds(words, joint):
    text = joint.join(words)
    assert [m.span() for m in Phrases(PATTERN, NAMES).finditer(text)] == [m.span() for m in PATTERN.finditer(text)]


def test_phrases_that_open_with_a_sign_are_tried_everywhere():
    pattern = regex.compile(r"(?<![\w-])(?:#shelling|river)(?![\w-])")
    assert [m.group() for m in Phrases(pattern, ["#shelling", "river"]).finditer("a #shelling by the river")] == [
        "#shelling", "river"]
