"""Figures: numbers stated as facts, with interval, measure, and who says so."""

import pytest

from tests.language_helpers import analyse


def figure(text, as_reported, **kwargs):
    found = analyse(text, **kwargs).figures
    return next(f for f in found if f.as_reported == as_reported)


@pytest.mark.parametrize("text, as_reported, low, high, qualifier, measure", [
    ("About 1,000 Russian instructors are deployed in Mali.", "About 1,000", 1000, 1000, "about", "personnel"),
    ("As many as 456 civilians died in nine incidents.", "As many as 456", None, 456, "as many as", "fatalities"),
    ("Gunmen killed at least 23 people at the market.", "at least 23", 23, None, "at least", "fatalities"),
    ("The company is paid $6 million a month.", "$6 million", 6_000_000, 6_000_000, None, "money"),
    ("Dozens of officers were arrested.", "Dozens", 12, None, "Dozens", "personnel"),
    ("Fifty-seven wounded people were treated and 12 were moved to Sévaré.", "12", 12, 12, None, "count"),
    ("The army received two helicopters on Wednesday.", "two", 2, 2, None, "equipment_count"),
    ("One guard was killed and five others were wounded.", "five", 5, 5, None, "injured"),
])
def test_english_figures(text, as_reported, low, high, qualifier, measure):
    f = figure(text, as_reported)
    assert (f.value_low, f.value_high, f.qualifier, f.measure) == (low, high, qualifier, measure)


@pytest.mark.parametrize("text, as_reported, low, high, measure", [
    ("Quelque 300 civils ont été tués dans le village.", "Quelque 300", 300, 300, "fatalities"),
    ("Plus de 2 000 personnes ont quitté Boni.", "Plus de 2 000", 2000, None, "count"),
    ("Des dizaines d'assaillants ont été tués.", "Des dizaines", 10, None, "fatalities"),
    ("Un deuil national de trois jours a été décrété.", "trois", 3, 3, "duration"),
])
def test_french_figures(text, as_reported, low, high, measure):
    f = figure(text, as_reported, language="fr")
    assert (f.value_low, f.value_high, f.measure) == (low, high, measure)


def test_attribution_and_date():
    f = figure("Gunmen killed 23 people in Boni on Friday, the governor said.", "23")
    assert (f.attributed_to, f.date, f.measure) == ("governor", "2025-03-14", "fatalities")
    assert f.text == "Gunmen killed 23 people in Boni on Friday, the governor said."


def test_years_dates_and_names_are_not_figures():
    found = analyse("In 2019 the G5 Sahel force met in Niamey on March 3, 2025.").figures
    assert found == ()


def test_tolls_told_by_a_noun_or_a_clause_on_the_number():
    measures = lambda text: [(f.as_reported, f.measure) for f in analyse(text).figures]  # noqa: E731
    assert measures("Survivors described hundreds of people killed in the village.") == [("hundreds", "fatalities")]
    assert measures("Elders mourned the killing of over 35 herders near the river.") == [("over 35", "fatalities")]


def test_deaths_told_by_a_verb_and_its_object():
    measures = lambda text, **kw: [(f.as_reported, f.measure) for f in analyse(text, **kw).figures]  # noqa: E731
    assert measures("Over 300 herders lost their lives in the raids on the camps.") == [("Over 300", "fatalities")]
    assert measures("Au moins 14 villageois ont perdu la vie lors du raid.", language="fr") == [("Au moins 14", "fatalities")]
    assert measures("Nine passengers sustained injuries when the bus hit a mine.") == [("Nine", "injured")]


def values(text, **kwargs):
    return [(f.as_reported, f.value_low, f.value_high, f.measure) for f in analyse(text, **kwargs).figures]


@pytest.mark.parametrize("text, language, expected", [
    ("Four hundred families fled the valley.", "en", ("Four hundred", 400, 400)),
    ("Thirty-five villages were emptied.", "en", ("Thirty-five", 35, 35)),
    ("A dozen trucks reached the camp.", "en", ("A dozen", 12, 12)),
    ("Quelque deux cents civils ont fui.", "fr", ("Quelque deux cents", 200, 200)),
    ("Une quinzaine de maisons ont brûlé.", "fr", ("Une quinzaine", 15, 15)),
    ("Les pluies ont fait plus de 2.000 sinistrés.", "fr", ("plus de 2.000", 2000, None)),
    ("Quatre-vingt-dix familles sont rentrées.", "fr", ("Quatre-vingt-dix", 90, 90)),
])
def test_numbers_in_words_and_separators(text, language, expected):
    assert expected in [v[:3] for v in values(text, language=language)]


def test_a_number_that_stands_alone_counts_what_its_verb_says():
    assert values("Seven were killed and eight wounded when the bus hit a mine.") == [
        ("Seven", 7, 7, "fatalities"), ("eight", 8, 8, "injured")]


def test_one_person_killed_is_a_toll_of_one():
    assert values("A nurse was killed near the clinic.") == [("A", 1, 1, "fatalities")]
    assert values("Un gendarme a été tué à Kona.", language="fr") == [("Un", 1, 1, "fatalities")]


@pytest.mark.parametrize("text, language", [
    ("The convoy left at 5 a.m. and the shooting began around 8 in the morning.", "en"),
    ("L'attaque a commencé vers 23 heures.", "fr"),
    ("He was one of the drivers of the convoy.", "en"),
    ("The shell hit a nine-story building.", "en"),
    ("Talks between the two sides resumed.", "en"),
    ("The last three months were calm in the district.", "en"),
    ("One official said the road was closed.", "en"),
])
def test_times_references_and_modifiers_are_not_figures(text, language):
    assert values(text, language=language) == []


def test_an_age_is_a_figure_of_its_own():
    assert values("Le maire, âgé de 54 ans, a quitté la ville.", language="fr") == [("54", 54, 54, "age")]


def test_a_headline_figure_the_body_repeats_is_counted_once():
    title = "Floods kill 40 in Gao"
    text = title + "\n\nFloods killed 40 people in Gao on Monday, the regional council said."
    assert [(f.as_reported, f.text[:6]) for f in analyse(text, title=title).figures] == [("40", "Floods")]


@pytest.mark.parametrize("text, language, source", [
    ("Gunmen burned 30 houses in Kona on Friday, local sources said.", "en", "local sources"),
    ("Officials said in statements that 12 wells had been poisoned.", "en", "Officials"),
    ("Twelve wells were poisoned, according to the Water Board of Kona.", "en", "Water Board of Kona"),
    ("“We buried 14 people this morning,” said Ruth Akello, a nurse.", "en", "Ruth Akello"),
    ("Douze puits ont été empoisonnés, a annoncé lundi l'armée.", "fr", "armée"),
    ("Selon la Croix-Rouge, 300 familles ont fui.", "fr", "Croix-Rouge"),
])
def test_who_says_so(text, language, source):
    (found,) = analyse(text, language=language).figures
    assert found.attributed_to == source


def test_a_sentence_that_refers_back_keeps_the_source_of_the_one_before():
    text = ("The Kona Health Office said 40 people died on Monday. This brings the toll since June to 310.")
    assert [f.attributed_to for f in analyse(text).figures] == ["Kona Health Office", "Kona Health Office"]


@pytest.mark.parametrize("text", [
    "No one was injured when the shell hit the school.",
    "A total of 40 people were injured, the hospital said.",
    "The region has long been unstable.[1] Aid groups left in May.",
])
def test_no_one_a_total_and_notes_are_not_tolls_of_one(text):
    assert [f.value_low for f in analyse(text).figures if f.value_low == 1] == []
