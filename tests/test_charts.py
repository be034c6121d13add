"""Server-drawn SVG and marked-up text: escaped, nested marks, tiles only when configured."""

from sitrep.serve.app import content_security_policy
from sitrep.serve.charts import network_svg, outline_paths, world
from sitrep.serve.highlight import highlighted, marked, search_words

def test_the_map_base_is_drawn_offline_in_zoom_0_world_units():
    assert world(0, 0) == (128.0, 128.0)
    land, borders = outline_paths((-5.0, 10.0, 5.0, 20.0))
    assert land.startswith("M") and "Z" in land and borders.startswith("M")


def test_a_tile_server_is_allowed_by_the_policy_only_when_configured():
    assert "img-src 'self' data: https://tiles.example.org" in content_security_policy(
        "https://tiles.example.org/{z}/{x}/{y}.png")
    assert "tiles.example.org" not in content_security_policy(None)


def test_the_network_escapes_names():
    assert "&lt;x&gt;" in network_svg("Army", [("<x>", 3, "/entities/x")])


def test_nested_marks_are_escaped_styled_as_the_innermost_and_link_to_it():
    text = "Gunmen <i>killed</i> 3 in Gao."
    spans = [{"start": 0, "end": len(text), "kind": "event", "label": "battles", "link": "inc-1"},
             {"start": 27, "end": 30, "kind": "entity", "label": "GPE", "link": "name:gao"}]
    html = highlighted(text, spans)
    assert "&lt;i&gt;killed&lt;/i&gt;" in html and "<i>" not in html
    assert "<a href='/entities/name:gao' class='hl hl-entity' data-kinds='entity event'" in html
    assert html.startswith("<a href='/incidents/inc-1' class='hl hl-event' data-kinds='event'")


def test_a_figure_is_marked_at_its_words_not_at_its_sentence():
    text = "Officials said at least 12 people died."
    figure = {"start": 0, "end": len(text), "kind": "figure", "label": "fatalities: at least 12", "link": "f1",
              "words": "at least 12"}
    html = highlighted(text, [figure])
    assert html.startswith("Officials said <span class='hl hl-figure'") and ">at least 12</span> people died." in html
    assert "class='hl hl-figure'" in highlighted(text, [figure | {"words": "twelve"}])[:30]  # not found: the sentence


def test_search_words_are_marked_whatever_their_case_and_accents():
    words = search_words('ségou AND title:"Mopti" OR attack*')
    assert words == ["segou", "mopti", "attack"]
    assert marked("Attacks near Segou & <Mopti>", words) == (
        "<mark>Attacks</mark> near <mark>Segou</mark> &amp; &lt;<mark>Mopti</mark>&gt;")
    assert "<mark>Ségou</mark>" in highlighted("In Ségou.", [], hits=words)


def test_an_excerpt_is_the_paragraphs_around_a_span():
    from sitrep.serve.highlight import paragraphs_around
    text = "Title\n\nFirst part here.\n\nSecond part."
    assert text[slice(*paragraphs_around(text, 8, 12))] == "First part here."
    assert text[slice(*paragraphs_around(text, 1, 3))] == "Title"
    assert text[slice(*paragraphs_around(text, 8, 30))] == "First part here.\n\nSecond part."


def test_a_date_span_is_written_as_the_day_month_or_year_it_covers():
    from sitrep.serve.views import when
    assert [when("2025-03-14", "2025-03-14"), when("2025-03-01", "2025-03-31"), when("2025-01-01", "2025-12-31"),
            when("2025-03-14", "2025-03-15"), when(None, None)] == [
        "2025-03-14", "2025-03", "2025", "2025-03-14 – 2025-03-15", "?"]
