"""Server-drawn SVG and marked-up text: escaped, nested marks, tiles only when configured."""

from sitrep.serve.app import content_security_policy
from sitrep.serve.charts import MapPoint, map_svg, network_svg, timeline_svg
from sitrep.serve.highlight import highlighted

GAO = MapPoint(-0.04, 16.27, "battles", 12, "battles, Gao <b>", "/incidents/inc-1")


def test_the_offline_map_draws_outlines_and_escaped_points():
    svg = map_svg([GAO])
    assert "class='land'" in svg and "class='border'" in svg and "<image" not in svg
    assert svg.count("class='point'") == 1 and "Gao &lt;b&gt;" in svg


def test_a_tile_server_only_when_configured_and_allowed_by_the_policy():
    svg = map_svg([GAO], tiles="https://tiles.example.org/{z}/{x}/{y}.png")
    assert "<image href='https://tiles.example.org/" in svg and "class='land'" not in svg
    assert "img-src 'self' data: https://tiles.example.org" in content_security_policy(
        "https://tiles.example.org/{z}/{x}/{y}.png")
    assert "tiles.example.org" not in content_security_policy(None)


def test_timeline_bars_link_to_their_incidents_and_the_network_escapes_names():
    svg = timeline_svg({"2025-03": {"battles": 2, "riots": 1}}, {"2025-03|battles": "/incidents?type=battles"})
    assert svg.count("class='bar'") == 2 and "href='/incidents?type=battles'" in svg
    assert "&lt;x&gt;" in network_svg("Army", [("<x>", 3, "/entities/x")])


def test_nested_marks_are_escaped_and_link_to_the_innermost_entity():
    text = "Gunmen <i>killed</i> 3 in Gao."
    spans = [{"start": 0, "end": len(text), "kind": "event", "label": "battles", "link": "inc-1"},
             {"start": 27, "end": 30, "kind": "entity", "label": "GPE", "link": "name:gao"}]
    html = highlighted(text, spans)
    assert "&lt;i&gt;killed&lt;/i&gt;" in html and "<i>" not in html
    assert "<a href='/entities/name:gao' class='hl-entity hl-event'" in html
    assert html.startswith("<a href='/incidents/inc-1' class='hl-event'")
