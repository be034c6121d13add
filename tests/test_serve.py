"""The web app and API over the demo store: every endpoint answers, filters and pages; writes need
--write and the token; article text is escaped; every response carries the security headers."""

import pytest
from fastapi.testclient import TestClient

from sitrep.serve.app import ServeSettings, create_app, host_names, is_loopback
from sitrep.store import Store


@pytest.fixture(scope="module")
def client(demo_store):
    with Store.open(demo_store, readonly=True) as store:
        yield TestClient(create_app(store), base_url="http://localhost:8765")


@pytest.fixture(scope="module")
def writer(demo_store):
    with Store.open(demo_store) as store:
        yield TestClient(create_app(store, ServeSettings(write=True, token="s3cret")), base_url="http://localhost")


def items(client, path, **params):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def disputed(client):
    return next(i for i in items(client, "/api/incidents", min_fatalities=20)["items"] if i["disagreement"])


def test_list_endpoints_page_and_filter(client):
    for path in ("/api/documents", "/api/entities", "/api/places", "/api/events", "/api/incidents", "/api/quotes",
                 "/api/figures"):
        first = items(client, path, limit=2)
        assert first["limit"] == 2 and len(first["items"]) <= 2 and first["total"] >= len(first["items"])
        if first["total"] > 2:
            assert items(client, path, limit=2, offset=2)["items"] != first["items"]
    events = items(client, "/api/events", country="ML", type="violence_against_civilians")["items"]
    assert events and all(e["type"] == "violence_against_civilians" and e["location"]["country"] == "ML" for e in events)
    series = items(client, "/api/figures", subject="instructors")["items"]
    assert any(s["measure"] == "personnel" for s in series)


def test_one_of_each(client):
    incident = disputed(client)
    assert items(client, f"/api/incidents/{incident['id']}")["reports"] == incident["reports"]
    doc = items(client, f"/api/documents/{incident['reports'][0]['document']}")
    assert doc["text"] and doc["spans"]
    entity = items(client, "/api/entities", name="Borealis Security Group")["items"][0]
    assert items(client, f"/api/entities/{entity['id']}")["name"] == "Borealis Security Group"
    for missing in ("/api/incidents/inc-nope", "/api/documents/doc-nope", "/api/entities/nobody"):
        assert client.get(missing).status_code == 404


def test_search_finds_an_actor_with_facets(client):
    found = items(client, "/api/search", q="Borealis")
    assert found["total"] >= 2 and any(e["name"] == "Borealis Security Group" for e in found["entities"])
    assert {f["value"] for f in found["facets"]["outlet"]}
    narrowed = items(client, "/api/search", q="Borealis", outlet=found["facets"]["outlet"][0]["value"])
    assert narrowed["total"] == found["facets"]["outlet"][0]["count"]


def test_the_search_page_shows_each_opening_after_its_headline_and_pages_on(client):
    import re
    page = client.get("/", params={"q": "Boni"}).text
    first = re.search(r"<li><a href=\"/documents/[^\"]+\">(.*?)</a>.*?<span class=\"opening\">(.*?)…</span>", page, re.S)
    title = re.sub("<[^>]+>", "", first.group(1))
    assert not re.sub("<[^>]+>", "", first.group(2)).startswith(title)
    assert "1–10 of 10 documents" in page and 'rel="next"' not in page
    assert 'rel="prev"' in client.get("/", params={"q": "Boni", "offset": 50}).text


def test_each_number_of_the_overviews_regions_opens_the_list_that_gives_it(client):
    import re
    from html import unescape
    table = re.search(r'<table class="list" id="regions">.*?</table>', client.get("/").text, re.S).group(0)
    links = re.findall(r'<td class="num"><a href="([^"]+)">([\d,]+)</a></td>', table)
    assert len(links) >= 4
    for link, number in links:
        listed = client.get(unescape(link)).text
        total = re.search(r'data-total="(\d+)"', listed).group(1)
        dead = re.search(r'data-dead="(\d+)"', listed).group(1)
        assert number.replace(",", "") == (dead if "min_fatalities" in link else total), link


def test_bad_parameters_are_refused_not_failed(client):
    assert client.get("/api/events", params={"limit": 0}).status_code == 422
    assert client.get("/api/incidents", params={"type": "picnic"}).status_code == 422
    assert client.get("/api/search", params={"q": '"unbalanced (syntax'}).status_code == 200


def test_writes_need_write_mode_and_the_token(client, writer):
    incident = disputed(client)
    body = {"event": incident["reports"][-1]["event"], "note": "a later attack"}
    path = f"/api/incidents/{incident['id']}/split"
    assert client.post(path, json=body).status_code == 403
    assert writer.post(path, json=body).status_code == 401
    assert writer.post(path, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    done = writer.post(path, json=body, headers={"Authorization": "Bearer s3cret"})
    assert done.status_code == 200 and done.json()["decision"] == "split"
    alone = next(i for i in items(client, "/api/incidents", limit=500)["items"]
                 if body["event"] in [r["event"] for r in i["reports"]])
    merged = writer.post("/api/incidents/merge", json={"first": alone["id"], "second": disputed(client)["id"]},
                         headers={"Authorization": "Bearer s3cret"})
    assert merged.status_code == 200
    assert len(disputed(client)["reports"]) == len(incident["reports"])


def test_pages_render_with_security_headers(client):
    incident = disputed(client)
    borealis = items(client, "/api/entities", name="Borealis Security Group")["items"][0]["id"]
    for path in ("/", "/?q=Boni", "/documents", "/documents?sort=events&order=asc&language=en", "/incidents",
                 "/incidents?disputed=1", f"/incidents/{incident['id']}", "/map", "/trends", "/trends?by=week&mark=2025-03-15",
                 "/timeline?by=quarter", "/review", f"/review?event={incident['reports'][0]['event']}",
                 f"/entities/{borealis}", f"/documents/{incident['reports'][0]['document']}?q=Boni", "/docs",
                 "/openapi.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert float(response.headers["server-timing"].removeprefix("app;dur=")) > 0  # the server's own time, in ms


def test_article_text_is_escaped_everywhere(client):
    (probe,) = items(client, "/api/search", q="onerror")["items"]
    for path in (f"/documents/{probe['id']}", "/?q=onerror", "/incidents?country=ML"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in client.get(f"/documents/{probe['id']}").text


@pytest.mark.parametrize("host, status", [
    ("localhost:8765", 200), ("127.0.0.1", 200), ("[::1]:8765", 200),
    ("attacker.example", 400), ("localhost.attacker.example:8765", 400), ("", 400),
])
def test_only_requests_for_a_known_host_are_answered(client, host, status):
    assert client.get("/api/documents", headers={"host": host}).status_code == status


def test_the_hosts_a_server_answers_to():
    assert host_names("127.0.0.1") == ("localhost", "127.0.0.1", "::1", "[::1]")
    assert host_names("0.0.0.0", ("sitrep.lan",)) == ("localhost", "127.0.0.1", "::1", "[::1]", "sitrep.lan")
    assert host_names("192.0.2.7") == ("localhost", "127.0.0.1", "::1", "[::1]", "192.0.2.7")
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.0.2.7")] == [
        True, True, True, False, False]


def test_a_search_that_cannot_run_is_a_400_with_the_reason(client):
    assert client.get("/api/search", params={"q": '"boni" AND title:boni'}).status_code == 200
    refused = client.get("/api/search", params={"q": '"boni" AND nosuch:boni'})
    assert refused.status_code == 400 and "no such column: nosuch" in refused.json()["detail"]
    page = client.get("/", params={"q": '"boni" AND nosuch:boni'})
    assert page.status_code == 400 and "no such column: nosuch" in page.text


def test_pages_answer_head_and_refuse_bad_parameters(client):
    for path in ("/", "/documents", "/map", "/trends", "/review"):
        assert client.head(path).status_code == 200, path
    assert client.get("/trends", params={"mark": "next week"}).status_code == 422
    assert client.get("/documents", params={"sort": "raw"}).status_code == 422


def test_a_refused_page_is_a_page_and_a_refused_api_call_is_json(client):
    missing = client.get("/entities/nobody")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "no entity nobody" in missing.text and 'href="/incidents"' in missing.text
    invalid = client.get("/incidents", params={"min_fatalities": "many"})
    assert invalid.status_code == 422 and "min_fatalities" in invalid.text and "<h1>" in invalid.text
    assert client.get("/api/entities/nobody").json() == {"detail": "no entity nobody"}
    assert client.get("/api/events", params={"limit": 0}).json()["detail"][0]["loc"] == ["query", "limit"]


def test_the_review_offers_to_merge_with_incidents_of_the_same_type_and_place_first(client):
    import re
    page = next(p for p in (client.get(f"/review?offset={n}").text for n in range(10)) if "<option value=\"inc-" in p)
    kind = re.search(r"<h2><span class=\"tag\">.*?</span>(.*?)</span> <span class=\"sub\">", page, re.S).group(1).strip()
    offered = [o.split(" · ")[1] for o in re.findall(r"<option value=\"inc-[^\"]+\">([^<]+)</option>", page)]
    assert offered and offered == sorted(offered, key=lambda t: t != kind) and offered[0] == kind


def test_confirm_and_reject_need_the_token_and_a_reason(client, writer):
    event = disputed(client)["reports"][0]["event"]
    path = f"/api/events/{event}/reject"
    assert client.post(path, json={"reason": "a drill"}).status_code == 403
    assert writer.post(path, json={"reason": "a drill"}).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    assert writer.post(path, json={"reason": ""}, headers=auth).status_code == 422
    assert writer.post("/api/events/doc-nope:e0/confirm", json={}, headers=auth).status_code == 404
    confirmed = writer.post(f"/api/events/{event}/confirm", json={"note": "checked"}, headers=auth)
    assert confirmed.status_code == 200 and confirmed.json()["decision"] == "confirm"
    assert f"<td>confirm</td><td><code>{event}</code>" in client.get("/review").text  # among the latest decisions


def test_the_map_hands_its_script_each_place_once_and_draws_outlines_unless_tiles_are_named(client, demo_store):
    import json
    import re
    page = client.get("/map").text
    data = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S).group(1))
    assert data["tiles"] is None and "class=\"land\"" in page
    assert len(data["places"]) == len({tuple(p) for p in data["places"]}) < len(data["points"])
    assert "town" in {p[5] for p in data["places"]} and {p[5] for p in data["places"]} & {"region", "country"}
    assert {data["types"][p[2]][0] for p in data["points"]} >= {"battles", "protests"}  # each type named once
    assert all(p[5] is None or p[5] > p[4] for p in data["points"])  # an end only when it is another day
    with Store.open(demo_store, readonly=True) as store:
        tiled = TestClient(create_app(store, ServeSettings(tiles="https://tiles.example.org/{z}/{x}/{y}.png")),
                           base_url="http://localhost").get("/map").text
    assert "class=\"land\"" not in tiled and "https://tiles.example.org/{z}/{x}/{y}.png" in tiled


def test_incidents_filter_by_how_finely_they_are_placed(client):
    coarse = items(client, "/api/incidents", precision="country", limit=500)["items"]
    towns = items(client, "/api/incidents", precision="town", limit=500)["items"]
    assert coarse and all(i["location"]["country"] and not i["location"]["admin1"] for i in coarse)
    assert towns and all(i["location"]["admin1"] for i in towns)
    assert not {i["id"] for i in coarse} & {i["id"] for i in towns}
    assert client.get("/api/incidents", params={"precision": "village"}).status_code == 422


def test_a_dossier_of_many_events_lists_the_latest_and_links_to_all(client, monkeypatch):
    from sitrep.serve import pages
    borealis = items(client, "/api/entities", name="Borealis Security Group")["items"][0]["id"]
    assert "Its latest" not in client.get(f"/entities/{borealis}").text
    monkeypatch.setattr(pages, "DOSSIER_EVENTS", 1)
    page = client.get(f"/entities/{borealis}").text
    assert "Its latest 1 events" in page and 'href="/incidents?actor=Borealis+Security+Group"' in page
