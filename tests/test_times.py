"""Temporal expressions resolved against the publication date (Thursday 20 March 2025 here)."""

import pytest

from sitrep.language.times import find_times

PUBLISHED = "2025-03-20"


@pytest.mark.parametrize("text, start, end, precision", [
    ("on March 14", "2025-03-14", "2025-03-14", "day"),
    ("on Friday", "2025-03-14", "2025-03-14", "day"),
    ("last month", "2025-02-01", "2025-02-28", "month"),
    ("late December 2024", "2024-12-01", "2024-12-31", "month"),
    ("between March 10 and 13", "2025-03-10", "2025-03-13", "day"),
    ("in 2022–2024", "2022-01-01", "2024-12-31", "year"),
    ("since 2013", "2013-01-01", "2025-03-20", "year"),
    ("yesterday", "2025-03-19", "2025-03-19", "day"),
    ("on December 30", "2024-12-30", "2024-12-30", "day"),  # after publication this year: last year
    ("fin février 2025", "2025-02-01", "2025-02-28", "month"),
    ("le 16 mars", "2025-03-16", "2025-03-16", "day"),
    ("mardi dernier", "2025-03-18", "2025-03-18", "day"),
    ("du 14 au 16 mars 2025", "2025-03-14", "2025-03-16", "day"),
    ("April 1, 2022", "2022-04-01", "2022-04-01", "day"),
    ("on Saturday, March 15", "2025-03-15", "2025-03-15", "day"),
    ("samedi 15 mars", "2025-03-15", "2025-03-15", "day"),
    ("In February", "2025-02-01", "2025-02-28", "month"),
    ("en avril", "2024-04-01", "2024-04-30", "month"),  # after the publication month: last year's
    ("fin janvier", "2025-01-01", "2025-01-31", "month"),
])
def test_expressions(text, start, end, precision):
    (found,) = find_times(text, published=PUBLISHED)
    assert (found.date_start, found.date_end, found.precision) == (start, end, precision)


def test_relative_expressions_without_a_publication_day_are_kept_unknown():
    (found,) = find_times("The convoy left on Thursday.", published="2025-03")
    assert (found.text, found.date_start, found.precision) == ("Thursday", None, "unknown")


def test_offsets_point_at_the_expression():
    text = "Gunmen attacked Boni on March 14 and again last week."
    assert [text[t.start:t.end] for t in find_times(text, published=PUBLISHED)] == ["March 14", "last week"]


def test_numbers_of_people_are_not_years():
    assert find_times("About 2000 people fled.", published=PUBLISHED) == []
    assert find_times("About 2,020 people fled.", published=PUBLISHED) == []


def test_since_a_year_when_something_happened_is_that_year():
    (found,) = find_times("Trade has grown since 2019, when the port reopened.", published=PUBLISHED)
    assert (found.text, found.date_start, found.date_end) == ("2019", "2019-01-01", "2019-12-31")
    (found,) = find_times("The first, in 2018, followed a strike.", published=PUBLISHED)
    assert found.text == "2018"


def test_an_undated_article_is_dated_after_the_full_dates_it_mentions():
    from sitrep.language.times import estimated_date
    assert estimated_date("A rally took place on May 27, 2021. On March 30, helicopters arrived.") == "2022-03-30"
    assert estimated_date("A rally took place on May 27, 2021. On June 30, helicopters arrived.") == "2021-06-30"
    assert estimated_date("A rally took place on May 27, 2021.") == "2021-05-27"
    assert estimated_date("No date here.") is None


def test_a_weekday_written_with_its_day_fixes_the_year_of_an_undated_article():
    from datetime import date

    from sitrep.language.times import estimated_date
    text = "Peacekeepers have patrolled here since 2013. On Saturday October 2, their truck hit a mine."
    assert estimated_date(text, today=date(2026, 1, 1)) == "2021-10-02"  # the first Saturday 2 October from 2012
    assert estimated_date("Le scrutin du lundi 16 décembre est repoussé à janvier 2020.", today=date(2026, 1, 1)) == "2019-12-16"
    assert estimated_date("On Saturday October 2, their truck hit a mine.") is None  # no year to count from
