"""Incidents: reports of one event merged; disagreeing tolls flagged; far-apart events kept apart;
analysts' merges and splits applied."""

from sitrep.events.incidents import Decision, EventRef, merge


def event(id, day, low=None, high=None, kind="violence_against_civilians", admin1="Mopti", precision="day",
          sub_type="attack", country="ML"):
    return EventRef(id, id.split(":")[0], kind, sub_type, day, day, precision, f"gn:{admin1}", country, admin1,
                    1 if admin1 else 3, low, high)


def grouped(incidents):
    return sorted(i.events for i in incidents)


def test_two_outlets_one_attack_with_different_tolls():
    (incident,) = merge([event("a:e0", "2025-03-14", 23, 23), event("b:e0", "2025-03-15", 41, None)])
    assert incident.events == ("a:e0", "b:e0")
    assert (incident.date_start, incident.date_end) == ("2025-03-14", "2025-03-15")
    assert (incident.fatalities_low, incident.fatalities_high, incident.disagreement) == (23, None, True)


def test_agreeing_sources_are_not_a_disagreement():
    (incident,) = merge([event("a:e0", "2025-03-14", 20, 30), event("b:e0", "2025-03-14", 25, 25)])
    assert (incident.fatalities_low, incident.fatalities_high, incident.disagreement) == (20, 30, False)


def test_one_outlets_clash_is_anothers_massacre_but_a_deal_is_not_a_protest():
    assert grouped(merge([event("a:e0", "2025-03-14", kind="battles"), event("b:e0", "2025-03-14")])) == [
        ("a:e0", "b:e0")]
    assert grouped(merge([event("a:e0", "2025-03-14", kind="strategic_developments", sub_type="agreement"),
                          event("b:e0", "2025-03-14", kind="protests", sub_type="peaceful_protest")])) == [
        ("a:e0",), ("b:e0",)]


def test_different_days_regions_coarse_dates_and_country_level_reports_stay_apart():
    from dataclasses import replace
    march = replace(event("d:e0", "2025-03-01", precision="month"), date_end="2025-03-31")  # on two incidents
    incidents = merge([event("a:e0", "2025-03-01"), event("b:e0", "2025-03-20"),
                       event("c:e0", "2025-03-20", admin1="Gao"), march,
                       event("e:e0", "2025-03-20", admin1=None)])
    assert grouped(incidents) == [("a:e0",), ("b:e0",), ("c:e0",), ("d:e0",), ("e:e0",)]


def test_an_event_told_in_passing_without_its_day_joins_the_one_dated_incident_it_lies_on():
    from dataclasses import replace
    dated = [event("a:e0", "2025-03-14", 23, 23), event("b:e0", "2025-03-15", 41, None)]
    in_passing = replace(event("c:e3", "2025-01-01", 23, None, precision="year"), date_end="2025-12-31")
    (incident,) = merge([*dated, in_passing])
    assert incident.events == ("a:e0", "b:e0", "c:e3") and incident.fatalities_low == 23
    elsewhere = replace(in_passing, place_id="gn:Boni", admin1="Mopti")
    assert len(merge([*dated, elsewhere])) == 2


def test_daily_reports_do_not_chain_into_one_incident():
    days = [event(f"{d}:e0", f"2025-03-{d:02d}", precision="publication") for d in range(10, 20)]
    assert [len(i.events) for i in merge(days)] == [3, 3, 3, 1]


def test_reports_that_give_the_day_merge_only_a_day_apart():
    assert grouped(merge([event("a:e0", "2025-03-14"), event("b:e0", "2025-03-15")])) == [("a:e0", "b:e0")]
    assert grouped(merge([event("a:e0", "2025-03-16", kind="battles"), event("b:e0", "2025-03-18")])) == [
        ("a:e0",), ("b:e0",)]
    assert grouped(merge([event("a:e0", "2025-03-16"), event("b:e0", "2025-03-18", precision="publication")])) == [
        ("a:e0", "b:e0")]


def test_analysts_split_and_merge():
    reports = [event("a:e0", "2025-03-14"), event("b:e0", "2025-03-14"), event("c:e0", "2025-03-25")]
    assert grouped(merge(reports, [Decision("split", "b:e0", "a:e0")])) == [("a:e0",), ("b:e0",), ("c:e0",)]
    assert grouped(merge(reports, [Decision("merge", "a:e0", "c:e0")])) == [("a:e0", "b:e0", "c:e0")]


def test_far_apart_attacks_by_different_groups_on_one_day_stay_two_incidents():
    from dataclasses import replace
    boni = replace(event("a:e0", "2025-03-14"), lat=15.06, lon=-2.23, actors=frozenset({"Rising Sun Movement"}))
    djenne = replace(event("b:e0", "2025-03-14"), lat=13.91, lon=-4.55, actors=frozenset({"Ansar al-Waha"}))
    same_group = replace(djenne, id="c:e0", document="c", actors=frozenset({"Rising Sun Movement"}))
    assert grouped(merge([boni, djenne])) == [("a:e0",), ("b:e0",)]
    assert grouped(merge([boni, same_group])) == [("a:e0", "c:e0")]


def test_a_report_placed_only_in_its_country_joins_that_countrys_one_incident_of_those_days():
    placed = event("a:e0", "2025-03-25", 13, None, kind="battles", admin1="Mopti")
    vague = event("b:e0", "2025-03-25", 11, 11, kind="battles", admin1=None)
    (incident,) = merge([placed, vague])
    assert incident.events == ("a:e0", "b:e0") and incident.fatalities_low == 11
    other = event("c:e0", "2025-03-24", kind="battles", admin1="Gao")
    assert len(merge([placed, vague, other])) == 3


def test_incidents_keep_their_ids_through_splits_and_merges():
    from sitrep.events.incidents import successors
    reports = [event("a:e0", "2025-03-14"), event("b:e0", "2025-03-14"), event("c:e0", "2025-03-15"),
               event("d:e0", "2025-03-25")]
    first = merge(reports)
    previous = {e: i.id for i in first for e in i.events}
    attack, later = sorted(first, key=lambda i: -len(i.events))
    split = merge(reports, [Decision("split", "c:e0", "a:e0")], previous)
    assert {i.id: i.events for i in split}[attack.id] == ("a:e0", "b:e0")  # the larger part keeps the id
    assert later.id in {i.id for i in split} and len({i.id for i in split}) == 3
    after_split = {e: i.id for i in split for e in i.events}
    joined = merge(reports, [Decision("merge", "a:e0", "d:e0")], after_split)
    assert {i.id for i in joined} == {attack.id} and successors(after_split, joined) == {
        later.id: attack.id, after_split["c:e0"]: attack.id}
    undone = merge(reports, [], {e: attack.id for e in after_split})  # every report was in one incident
    assert sorted(i.id for i in undone) == sorted(i.id for i in first)  # each gets back the id it was made with
