"""Incidents: reports of one event merged; disagreeing tolls flagged; far-apart events kept apart."""

from sitrep.events.incidents import EventRef, merge


def event(id, document, day, low=None, high=None, kind="violence_against_civilians", place="gn:1", precision="day"):
    return EventRef(id, document, kind, day, day, precision, place, "ML", "Mopti", 1, low, high)


def test_two_outlets_one_attack_with_different_tolls():
    (incident,) = merge([event("a:e0", "a", "2025-03-14", 23, 23), event("b:e0", "b", "2025-03-15", 41, None)])
    assert incident.events == ("a:e0", "b:e0")
    assert (incident.date_start, incident.date_end) == ("2025-03-14", "2025-03-15")
    assert (incident.fatalities_low, incident.fatalities_high, incident.disagreement) == (23, None, True)


def test_agreeing_sources_are_not_a_disagreement():
    (incident,) = merge([event("a:e0", "a", "2025-03-14", 20, 30), event("b:e0", "b", "2025-03-14", 25, 25)])
    assert (incident.fatalities_low, incident.fatalities_high, incident.disagreement) == (20, 30, False)


def test_different_days_types_and_coarse_dates_stay_apart():
    incidents = merge([event("a:e0", "a", "2025-03-01"), event("b:e0", "b", "2025-03-20"),
                       event("c:e0", "c", "2025-03-20", kind="battles"),
                       event("d:e0", "d", "2025-03-20", precision="month")])
    assert sorted(i.events for i in incidents) == [("a:e0",), ("b:e0",), ("c:e0",)]
