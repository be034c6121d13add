import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.datafiles import boilerplate_rules
from sitrep.ingest.clean import clean, normalise, repeat_key
from tests.conftest import SHARED

RULES = boilerplate_rules()

PAGE = """Skip to main content
Menu

Analysis

Rains come late to the Inner Niger Delta

4 min read

Herders in the Inner Niger Delta moved their cattle south a month earlier than usual this year.
A herder waters cattle near Mopti on a dry morning.
A herder waters cattle near Mopti on a dry morning. Photo: Field Desk/Agency

Fishermen say the river is lower than at any time in a decade, and that catches have fallen.

Herders in the Inner Niger Delta moved their cattle south a month earlier than usual this year.

Share this article: Facebook Twitter Email

Subscribe to read our weekly delta bulletin.

Ana Keita is a climate reporter at the Delta Courier.

More from the Delta Courier
Fish prices double in Mopti
Why the floods came early last year
"""


def test_furniture_goes_and_each_repeated_line_stays_once():
    cleaned = clean(PAGE, rules=RULES)
    assert cleaned.text == (
        "Rains come late to the Inner Niger Delta\n\n"
        "Herders in the Inner Niger Delta moved their cattle south a month earlier than usual this year.\n"
        "A herder waters cattle near Mopti on a dry morning.\n\n"
        "Fishermen say the river is lower than at any time in a decade, and that catches have fallen."
    )


def test_each_removed_line_says_why():
    verdicts = {line.text: line.verdict for line in clean(PAGE, rules=RULES).lines}
    assert verdicts["Skip to main content"] == "navigation"
    assert verdicts["Analysis"] == "label"
    assert verdicts["4 min read"] == "reading time"
    assert verdicts["A herder waters cattle near Mopti on a dry morning. Photo: Field Desk/Agency"] == "repeat"
    assert verdicts["Share this article: Facebook Twitter Email"] == "share bar"
    assert verdicts["Subscribe to read our weekly delta bulletin."] == "subscription"
    assert verdicts["Ana Keita is a climate reporter at the Delta Courier."] == "signature"
    assert verdicts["Fish prices double in Mopti"] == "related articles"


def test_french_furniture():
    page = ("Rechercher\n\nAbonnez-vous à notre lettre d'information\n\n"
            "Des pluies tardives inquiètent les éleveurs du delta intérieur du Niger cette année.\n\n"
            "Lecture : 3 min\n\nLes pêcheurs disent que le fleuve est plus bas que jamais depuis dix ans.\n\n"
            "À lire aussi\nLe prix du poisson double à Mopti\n© Le Courrier 2025")
    assert clean(page, rules=RULES).text == (
        "Des pluies tardives inquiètent les éleveurs du delta intérieur du Niger cette année.\n\n"
        "Les pêcheurs disent que le fleuve est plus bas que jamais depuis dix ans.")


def test_a_footer_marker_early_in_the_text_goes_alone():
    text = "More from our correspondents\n\n" + "\n\n".join(
        f"Paragraph {n} of the article says something about the delta and its people." for n in range(8))
    assert clean(text, rules=RULES).text.startswith("Paragraph 0") and "Paragraph 7" in clean(text, rules=RULES).text


def test_article_sentences_that_mention_furniture_words_are_kept():
    sentence = ("The ministry said the subscription to the regional security fund had doubled since 2022, "
                "and that donations from the diaspora paid for two new ambulances in Gao this spring.")
    assert clean(sentence, rules=RULES).text == sentence


def test_normalise_odd_characters():
    assert normalise("Gao\u00a0market\u200b  reopened\r\nTuesday ") == "Gao market reopened\nTuesday"


ARTICLE = [
    "Herders in the delta moved their cattle south a month earlier than usual this year, officials said.",
    "The river is lower than at any time in a decade. Fishermen say their catches have fallen by half.",
    "Traders in the market said the price of millet had doubled since March, and that few buyers came.",
]


def test_an_article_with_no_furniture_loses_nothing():
    text = "\n\n".join(["Dry season comes early to the delta"] + ARTICLE)
    cleaned = clean(text, rules=RULES)
    assert [line.verdict for line in cleaned.lines] == ["keep"] * 4
    assert cleaned.text == text
    assert cleaned.title == "Dry season comes early to the delta"


def test_a_page_that_is_all_furniture_leaves_nothing():
    page = "Home | World | Sport\nSubscribe to our newsletter\n4:15 pm\nAdvertisement\n[ad_1]\n12m ago\n© 2025 Example"
    assert clean(page, rules=RULES).text == ""


def test_the_head_keeps_the_headline_the_lead_is_about_and_drops_the_rest():
    page = "\n".join(["World", "Latest Stories Markets Sport Culture", "Ferry service resumes on the lake",
                      "Three Killed As Storm Hits Coastal Town", "02/05/2023 updated: 11:40",
                      "Ferries crossed the lake again on Monday after a week-long halt, the port authority said.",
                      *ARTICLE])
    cleaned = clean(page, rules=RULES)
    verdicts = {line.text: line.verdict for line in cleaned.lines}
    assert cleaned.title == "Ferry service resumes on the lake"
    assert verdicts["World"] == "label"
    assert verdicts["Latest Stories Markets Sport Culture"] == "menu"
    assert verdicts["Three Killed As Storm Hits Coastal Town"] == "menu"  # another story's headline
    assert verdicts["02/05/2023 updated: 11:40"] == "time stamp"


def test_the_foot_goes_but_the_article_s_last_lines_stay():
    page = "\n".join([*ARTICLE, "The council will meet again on Friday.",
                      "Awa Traore", "Please enter your comment!", "Please enter your name here",
                      "About Delta Courier · 812 Articles"])
    cleaned = clean(page, rules=RULES)
    assert cleaned.text == "\n".join([*ARTICLE, "The council will meet again on Friday."])
    assert cleaned.removed("author") == ["Awa Traore"]


def test_teasers_after_a_footer_marker_go_until_prose_resumes():
    teasers = ["More stories", "Market Fire Destroys Stalls In River Town",
               "Traders counted their losses after the blaze on Sunday night.",
               "Rains Return To The North", "Farmers hope for a better harvest this year."]
    cleaned = clean("\n".join([*ARTICLE, *ARTICLE[::-1][:0], *teasers]), rules=RULES)
    assert cleaned.text == "\n".join(ARTICLE)


def test_a_stray_link_in_the_body_goes_alone():
    page = "\n".join([ARTICLE[0], "Related: Ferry service resumes on the lake", *ARTICLE[1:]])
    assert clean(page, rules=RULES).text == "\n".join(ARTICLE)


def test_time_stamps_symbols_and_ad_markers_go_wherever_they_stand():
    page = "\n".join([ARTICLE[0], "4:15 pm", ARTICLE[1], "12m ago", "[ad_1]", "+ -", ARTICLE[2]])
    assert clean(page, rules=RULES).text == "\n".join(ARTICLE)


def test_a_subheading_and_a_short_sentence_in_the_body_stay():
    page = "\n".join([ARTICLE[0], ARTICLE[1], "Prices at the market", "Nobody came.", ARTICLE[2]])
    assert clean(page, rules=RULES).text == page


def test_credit_and_caption_lines():
    page = "\n".join([ARTICLE[0], "Photo: Ana Sow / Agency", "(Ana Sow / Delta Courier)", ARTICLE[1],
                      "(AFP)", ARTICLE[2]])
    cleaned = clean(page, rules=RULES)
    assert cleaned.text == "\n".join(ARTICLE)
    assert cleaned.removed("wire credit") == ["(AFP)"]


def test_a_time_stamp_glued_to_the_first_line_is_split_from_it():
    cleaned = clean("date 2025-04-12 Ferry service resumes on the lake\n" + "\n".join(ARTICLE), rules=RULES)
    assert cleaned.lines[0].text == "date 2025-04-12" and cleaned.title == "Ferry service resumes on the lake"


STOP = "the of and to in a that for on with was by at from it were said after have has had but not".split()
CONTENT = ("people town road market army government officials residents region district week report council "
           "water food aid workers leaders farmers traders families river bridge patrol border").split()
SENTENCE = st.lists(st.tuples(st.sampled_from(STOP), st.sampled_from(CONTENT)), min_size=4, max_size=9).map(
    lambda pairs: " ".join(w for pair in pairs for w in pair).capitalize() + ".")
PROSE = st.lists(SENTENCE, min_size=2, max_size=4).map(" ".join)
ANY_LINE = st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60),
                     st.sampled_from(["The", "Market", "World", "© The Market", "More stories", "Related:", "By The",
                                      "Share", "4:15 pm", "Subscribe", "Traders", "The market"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PROSE, ANY_LINE), max_size=25))
def test_the_cleaner_never_fails_and_never_removes_a_line_of_plain_prose(lines):
    """A line of two sentences or more stays, or a kept line says all it says (a repeat)."""
    cleaned = clean("\n".join(lines), rules=RULES)
    kept = [repeat_key(line.text) for line in cleaned.lines if line.verdict == "keep"]
    for prose in (line for line in lines if line and line[0].isupper() and line.endswith(".") and ". " in line):
        verdicts = {line.verdict for line in cleaned.lines if line.text == prose}
        assert verdicts <= {"keep", "repeat"}, (prose, verdicts)
        assert any(k.startswith(repeat_key(prose)) for k in kept), prose


BLOG_PAGE = """Skip to content
Monday, March 3, 2025
Home
World
Subscribe
Lake Courier
Breaking
Flooding closes roads near the delta
Gold prices rise for third week
News
Gunmen kill 12 villagers in lakeside attack
By Ana Sow
4:15 pm
Photo: Ana Sow / Agency
Armed men on motorbikes killed at least 12 villagers in an attack on a lakeside village on Sunday, officials said.
The attackers set fire to granaries and houses before fleeing towards the hills, a local councillor said.
[ad_1]
"We buried twelve people this morning," said a resident. "Everyone is afraid to go to the fields."
Also Read
Army says it repelled attack on northern base
The army has stepped up patrols in the area since January, but residents say attacks have continued.
No group has claimed responsibility for the attack.
About Ana Sow · 812 Articles
Share this:
Facebook
Twitter
Related
Three soldiers killed in roadside blast
March 1, 2025
In "Security"
Leave a Reply
Your email address will not be published. Required fields are marked *
Name *
Email *
Save my name, email, and website in this browser for the next time I comment.
© 2025 Lake Courier. All rights reserved."""


def test_a_blog_page_keeps_its_headline_and_article_and_nothing_else():
    cleaned = clean(BLOG_PAGE, rules=RULES, url="https://www.lakecourier.com/2025/03/03/gunmen")
    assert cleaned.text.split("\n") == [
        "Gunmen kill 12 villagers in lakeside attack",
        "Armed men on motorbikes killed at least 12 villagers in an attack on a lakeside village on Sunday, "
        "officials said.",
        "The attackers set fire to granaries and houses before fleeing towards the hills, a local councillor said.",
        '"We buried twelve people this morning," said a resident. "Everyone is afraid to go to the fields."',
        "The army has stepped up patrols in the area since January, but residents say attacks have continued.",
        "No group has claimed responsibility for the attack."]
    verdicts = {line.text: line.verdict for line in cleaned.lines}
    assert verdicts["Lake Courier"] == "masthead"
    assert verdicts["Army says it repelled attack on northern base"] == "related articles"
    assert verdicts["About Ana Sow · 812 Articles"] == "author box"


def test_a_list_and_a_heading_that_end_the_article_stay():
    page = "\n".join([*ARTICLE, "Photo: Ana Sow / Agency", "What the council decided", "- Roads reopen on Monday",
                      "- Markets stay closed", "Schools are closed.", "Share this article: Facebook Twitter"])
    assert clean(page, rules=RULES).text == "\n".join([*ARTICLE, "What the council decided", "- Roads reopen on Monday",
                                                       "- Markets stay closed", "Schools are closed."])


DEV = SHARED / "eval" / "dev"


@pytest.mark.skipif(not (DEV / "inputs.jsonl").is_file(), reason="../shared/eval is not here")
def test_every_gold_evidence_survives_cleaning():
    """No line of an article's own prose goes: every event, quote and figure the dev gold cites is
    still whole in the clean text (the dev articles are read here, never copied into the repository)."""
    lost = []
    for row in map(json.loads, (DEV / "inputs.jsonl").read_text(encoding="utf-8").splitlines()):
        gold = json.loads((DEV / f"{row['doc_id']}.json").read_text(encoding="utf-8"))
        text = " ".join(clean(row["text"], rules=RULES, url=row.get("url")).text.split())
        cited = [i.get("evidence") for k in ("events", "quotes", "figures") for i in gold.get(k) or []]
        lost += [(row["doc_id"], e[:60]) for e in cited if e and " ".join(e.split()) not in text]
    assert not lost


def test_a_page_that_is_all_furniture_is_rejected_with_its_reason():
    from sitrep.errors import InputError
    from sitrep.pipeline import build_document
    from sitrep.records import RawInput
    page = "Home | World | Sport\nSign in\n4:15 pm\nAdvertisement\nShare this article: Facebook Twitter"
    with pytest.raises(InputError, match="no article text left"):
        build_document(RawInput("menu.txt", page.encode(), "text"), rules=RULES)
