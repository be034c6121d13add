"""The situation briefing: cited sentences, disagreements called out, HTML that is text-safe."""

from sitrep.report.brief import Briefing, Sources, count_by_month, describe, html, markdown
from sitrep.records import EventFilter


def briefing(**changes):
    fields = dict(title="Situation briefing", scope="country ML", generated="2025-04-01",
                  period=("2025-03-14", "2025-03-16"),
                  headline=["2 reports of events in 2 articles make 1 incident: 1 violence against civilians [1][2]."],
                  by_month={"2025-03": {"violence_against_civilians": 1}}, by_region=[("Mopti, ML", 1, 23)],
                  top=[{"incident": "inc-1", "sentence": "Violence against civilians in Boni on 2025-03-14: at least 23 "
                        "dead, reported by 2 sources [1][2].",
                        "disagreement": "The sources disagree: Sahel Mirror 23 dead [1]; Daily at least 41 dead [2].",
                        "tolls": [{"toll": "23 dead", "source": "Sahel Mirror", "cite": "[1]",
                                   "evidence": "Gunmen killed 23 people."}]}],
                  timelines=[], quotes=[{"speaker": "A. Diallo", "role": None, "text": "<script>alert(1)</script>",
                                         "outlet": "Daily", "cite": "[2]"}],
                  sources=[{"number": 1, "document": "doc-a", "outlet": "Sahel Mirror", "title": "Boni attack",
                            "published": "2025-03-15", "url": "https://mirror.example/boni"},
                           {"number": 2, "document": "doc-b", "outlet": "Daily", "title": "Toll rises",
                            "published": "2025-03-16", "url": None}])
    return Briefing(**fields | changes)


def test_sources_are_numbered_in_the_order_first_cited():
    sources = Sources({"a": {}, "b": {}})
    assert sources.cite("b") == "[1]" and sources.cite("a", "b") == "[1][2]"
    assert [s["document"] for s in sources.listed()] == ["b", "a"]


def test_markdown_cites_and_calls_out_disagreement():
    text = markdown(briefing())
    assert "**The sources disagree: Sahel Mirror 23 dead [1]; Daily at least 41 dead [2].**" in text
    assert "1. Sahel Mirror, “Boni attack”, 2025-03-15. https://mirror.example/boni" in text
    assert "| 2025-03 | 1 |" in text


def test_html_is_one_file_with_no_script_and_escaped_text():
    page = html(briefing())
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<svg" in page and "src=" not in page and "<link" not in page


def test_the_scope_says_what_was_filtered():
    assert describe(EventFilter()) == "everything in the store"
    assert describe(EventFilter(country="ML", type="battles", since="2025-03-01")) == \
        "country ML, battles, from 2025-03-01"


def test_an_incident_known_only_to_its_year_is_not_counted_in_january():
    incidents = [{"type": "battles", "date_start": "2025-03-14", "date_end": "2025-03-15"},
                 {"type": "battles", "date_start": "2025-01-01", "date_end": "2025-12-31"},
                 {"type": "riots", "date_start": "2025-01-01", "date_end": "2025-01-31"}]
    assert count_by_month(incidents) == {"2025, month unknown": {"battles": 1}, "2025-01": {"riots": 1},
                                         "2025-03": {"battles": 1}}


def test_markdown_carries_no_markup_from_articles():
    text = markdown(briefing(quotes=[{"speaker": "A. Diallo", "role": None, "outlet": "Daily", "cite": "[2]",
                                      "text": "<script>alert(1)</script> see [here](javascript:alert(2)) "
                                              "![x](https://tracker.example/p.png)\n[1]: javascript:alert(3)"}]))
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "](javascript" not in text and "![x]" not in text and "\n[1]:" not in text
    assert "- A. Diallo: “&lt;script&gt;alert(1)&lt;/script&gt; see [here]\\(javascript:alert(2)) !\\[x]\\(https://" in text
