"""Events, first cut: type from triggers and victims, negations left out, figures and dates attached."""

from tests.language_helpers import analyse


def events_of(text, **kwargs):
    return [(e.type, e.sub_type, e.date_start, e.fatalities_low, e.alleged) for e in analyse(text, **kwargs).events]


def test_an_attack_on_civilians_with_its_toll_and_date():
    assert events_of("Gunmen attacked the market in Boni on Friday, killing 23 civilians.") == [
        ("violence_against_civilians", "attack", "2025-03-14", 23, False)]


def test_a_clash_between_armed_groups():
    assert events_of("Soldiers clashed with rebels near Douentza on Tuesday.")[0][:3] == (
        "battles", "armed_clash", "2025-03-18")


def test_allegations_are_marked():
    (event,) = events_of("Witnesses said the militia reportedly executed 12 villagers on March 2.")
    assert event[0] == "violence_against_civilians" and event[-1] is True


def test_plans_denials_and_negations_are_not_events():
    assert events_of("The army denied that it had attacked the village.") == []
    assert events_of("The rebels threatened to attack Gao next month.") == []


def test_strategic_developments_and_french():
    assert events_of("The government signed an agreement with the company on March 3.")[0][:2] == (
        "strategic_developments", "agreement")
    assert events_of("Des centaines de femmes ont manifesté mercredi à Ségou.", language="fr")[0][:3] == (
        "protests", "peaceful_protest", "2025-03-19")
