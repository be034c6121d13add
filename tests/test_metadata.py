from sitrep.calendar import find_dates, is_date_line
from sitrep.datafiles import boilerplate_rules
from sitrep.ingest.clean import clean
from sitrep.ingest.metadata import describe, identify_language
from sitrep.records import Hints

RULES = boilerplate_rules()


def meta_of(text: str, hints: Hints = Hints()):
    return describe(clean(text, rules=RULES), hints, rules=RULES)


BODY = "The council met on Monday to discuss the state of the roads between Mopti and Djenné after the rains."


def test_title_byline_and_dateline():
    meta = meta_of(f"Road repairs begin in the Mopti region\n\nBy: jean dupont & Awa Sow\n\nMarch 3 2025\n\n{BODY}")
    assert meta.title == "Road repairs begin in the Mopti region"
    assert meta.authors == ("Jean Dupont", "Awa Sow")
    assert meta.published == "2025-03-03"


def test_signature_names_the_author_and_the_outlet():
    text = f"{BODY}\n\n{BODY} Again.\n\nSidi Keita is a senior correspondent for the Sahel Courier."
    meta = meta_of(text)
    assert meta.authors == ("Sidi Keita",)
    assert meta.outlet == "Sahel Courier"


def test_wire_credit_is_an_agency_not_an_author():
    meta = meta_of(f"{BODY}\n\nab / cd (AFP, Reuters)")
    assert meta.authors == ()
    assert meta.agencies == ("AFP", "Reuters")


def test_name_published_line():
    meta = meta_of(f"Roads reopen in Mopti after the floods\nAwa Traore Published April 20, 2024 | 09:30 AM\n{BODY}")
    assert meta.authors == ("Awa Traore",)
    assert meta.published == "2024-04-20"


def test_hints_win_over_the_text():
    meta = meta_of(f"A headline in the text of the page\n\n{BODY}",
                   Hints(title="The real title", published="2025-01-02T10:00:00Z", outlet="Desk"))
    assert (meta.title, meta.published, meta.outlet) == ("The real title", "2025-01-02", "Desk")


def test_date_from_the_url_when_the_text_has_none():
    assert meta_of(BODY, Hints(url="https://example.org/2024/07/01/roads")).published == "2024-07-01"


def test_language():
    assert identify_language(BODY)[0] == "en"
    assert identify_language("Le conseil s'est réuni lundi pour parler de l'état des routes.")[0] == "fr"
    assert identify_language("12 34 -- 56") == (None, None)


def test_dates_in_several_languages():
    found = [d.iso() for d in find_dates("April 1, 2022; 28 agosto 2024; le 16 mars 2025; 20th Apr, 2024; 2024-02-30")]
    assert found == ["2022-04-01", "2024-08-28", "2025-03-16", "2024-04-20"]


def test_numeric_dates_are_read_only_when_day_and_month_cannot_be_confused():
    found = [d.iso() for d in find_dates("(photo archive, 24/1/2025); 1/24/2025; 3/4/2025; 31.12.2024; v1.2.2024.5")]
    assert found == ["2025-01-24", "2025-01-24", "2024-12-31"]


def test_date_lines():
    assert is_date_line("Mercoledì 28 Agosto 2024")
    assert is_date_line("28 agosto 2024 | 12.41")
    assert not is_date_line("The attack of March 3, 2024 killed nine people")


def test_a_masthead_named_again_at_the_foot_is_the_outlet_and_neither_line_is_article_text():
    text = (f"Lakeside Courier\n\nRoad repairs begin in the Mopti region\n\n{BODY}\n\n{BODY} Again.\n\n"
            "Lakeside Courier is an independent weekly published in Mopti.")
    cleaned = clean(text, rules=RULES)
    assert meta_of(text).outlet == "Lakeside Courier"
    assert "Lakeside Courier" not in cleaned.text
    assert meta_of(f"Lakeside Courier\n\nRoad repairs begin in the Mopti region\n\n{BODY}").outlet is None


LEAD = ("Ferries crossed the lake again on Monday after a week-long halt, the port authority said. "
        "Traders in the market said prices had doubled since March.")


def test_the_headline_is_the_line_the_lead_is_about():
    text = f"Opinion\n\nMarkets rally in the capital\n\nFerry service resumes on the lake after a week\n\n{LEAD}"
    assert meta_of(text).title == "Ferry service resumes on the lake after a week"


def test_a_date_in_the_url_when_the_page_gives_none():
    assert meta_of(BODY, Hints(url="https://example.org/2022/1/7/roads")).published == "2022-01-07"
    assert meta_of(BODY, Hints(url="https://example.org/news/20230522-roads-reopen")).published == "2023-05-22"
    assert meta_of(BODY, Hints(url="https://example.org/stories/202501270520.html")).published == "2025-01-27"
    assert meta_of(BODY, Hints(url="https://example.org/article68481032.ece")).published is None


def test_the_outlet_is_the_url_s_site_written_as_the_page_writes_it():
    text = f"{LEAD}\n\n{BODY}\n\nRead more on Lake Courier every morning."
    assert meta_of(text, Hints(url="https://www.lakecourier.com/2024/07/01/ferry")).outlet == "Lake Courier"
    assert meta_of(BODY, Hints(url="https://news.delta-voice.co.uk/x")).outlet == "Delta Voice"
    assert meta_of(BODY, Hints(url="https://www.dlt.org/x")).outlet == "DLT"
    assert meta_of(BODY, Hints(url="https://lakeside.blogspot.com/2024/07/x.html")).outlet == "Lakeside"


def test_a_section_label_or_a_headline_is_no_outlet():
    text = f"World\n\nFerry service resumes on the lake\n\n{LEAD}\n\n{BODY}\n\nWorld"
    assert meta_of(text).outlet is None
    assert meta_of(text, Hints(url="https://www.lakecourier.com/x")).outlet == "Lake Courier"


def test_an_outlet_named_in_the_text_counts_only_if_it_is_the_site():
    text = f"{LEAD}\n\n{BODY}\n\n© 2024 Thomson/Reuters. All rights reserved."
    meta = meta_of(text, Hints(url="https://www.lakecourier.com/x"))
    assert meta.outlet == "Lake Courier"
    assert meta.agencies == ("Reuters",)


def test_wire_credits_in_the_text_are_agencies():
    assert meta_of(f"MOPTI, Mali (Reuters) - {LEAD}\n\n{BODY}").agencies == ("Reuters",)
    assert meta_of(f"{LEAD}\n\n{BODY} — AFP").agencies == ("AFP",)
    assert meta_of(f"{LEAD}\n\n{BODY}\n\n(Lake Radio with AFP and AP)").agencies == ("AFP", "AP")


def test_a_desk_an_agency_or_a_demonym_is_no_author():
    for byline in ("By AP Auto Writer", "By The Russian", "By Associated Press", "By Staff Reporter"):
        meta = meta_of(f"Ferry service resumes on the lake\n\n{byline}\n\n{LEAD}\n\n{BODY}")
        assert meta.authors == (), byline
    assert meta_of(f"Ferry service resumes\n\nBy Awa Sow, AP Auto Writer\n\n{LEAD}").authors == ("Awa Sow",)
    assert meta_of(f"Ferry service resumes\n\nBy Associated Press\n\n{LEAD}").agencies == ("AP",)


def test_a_name_under_the_last_paragraph_signs_the_article():
    assert meta_of(f"{LEAD}\n\n{BODY}\n\nAwa Traore").authors == ("Awa Traore",)


FRENCH_PAGE = """Accueil > Afrique > Mali
S'abonner
Le Courrier du Lac
Afrique
Mali : au moins quinze civils tués dans l'attaque d'un marché près de Ségou
Par Jean Dupont
Publié le 12/03/2024 à 14h32
Lecture 3 min.
Des hommes armés ont attaqué un marché près de Ségou dimanche, tuant au moins quinze civils, selon des sources locales.
Les assaillants, arrivés à moto, ont ouvert le feu sur les commerçants avant d'incendier des boutiques, a indiqué un élu.
À lire aussi : Au Mali, la saison des pluies menace les récoltes
L'armée n'a pas communiqué sur l'attaque.
Avec AFP
Les plus lus
Sénégal : le gouvernement annonce de nouvelles mesures
Niger : hausse du prix du carburant
Recevez chaque matin l'essentiel de l'actualité africaine.
© Le Courrier du Lac 2024 - Tous droits réservés"""


def test_a_french_page():
    url = "https://www.courrierdulac.ml/afrique/mali-attaque"
    cleaned = clean(FRENCH_PAGE, rules=RULES, url=url)
    meta = describe(cleaned, Hints(url=url), rules=RULES)
    assert cleaned.text.split("\n") == FRENCH_PAGE.split("\n")[4:5] + FRENCH_PAGE.split("\n")[8:10] + [
        "L'armée n'a pas communiqué sur l'attaque."]
    assert (meta.title, meta.outlet, meta.published) == (cleaned.lines[4].text, "Le Courrier du Lac", "2024-03-12")
    assert (meta.authors, meta.agencies) == (("Jean Dupont",), ("AFP",))
    assert cleaned.lines[2].verdict == "masthead"


def test_a_site_s_name_made_readable_from_its_host():
    text = f"{LEAD}\n\nThe lake ferry service is run by the Moscow port authority."
    assert meta_of(text, Hints(url="https://themoscowtimes.example/2024/x")).outlet == "The Moscow Times"
    assert meta_of(text, Hints(url="https://dailynewsferry.example/x")).outlet == "Daily News Ferry"
    assert meta_of(text, Hints(url="https://trtworld.example/x")).outlet == "TRT World"
    assert meta_of(text, Hints(url="https://qwzrtplk.example/x")).outlet == "Qwzrtplk"
