from sitrep.datafiles import boilerplate_rules
from sitrep.ingest.clean import clean, normalise

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
