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
