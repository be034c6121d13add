"""URL fetching: the address policy on the addresses themselves and through a resolver passed in; the
limits through a fake transport; the deadline, the pinned connection and feeds through servers on
127.0.0.1. No test sends traffic to any other address."""

import ipaddress
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.cli.options import ensured_gazetteer
from sitrep.errors import FetchError
from sitrep.ingest.egress import checked_address, refusal
from sitrep.ingest.fetch import fetch
from sitrep.ingest.sources import read_sources
from sitrep.settings import Settings

PUBLIC = lambda host: ["93.184.216.34"]  # noqa: E731 - a resolver that always answers a public address
PAGE = b"<html><body><article><p>Text.</p></article></body></html>"


def get(url, handler, *, resolve=PUBLIC, **settings):
    return fetch(url, settings=Settings(**settings), transport=httpx.MockTransport(handler), resolve=resolve)


@pytest.mark.parametrize("address, reason", [
    ("93.184.216.34", None), ("2606:4700::1111", None), ("::ffff:93.184.216.34", None),
    ("127.0.0.1", "a loopback address"), ("::1", "a loopback address"), ("::ffff:127.0.0.1", "a loopback address"),
    ("10.0.0.5", "a private, shared or reserved address"), ("192.168.1.4", "a private, shared or reserved address"),
    ("172.16.0.1", "a private, shared or reserved address"), ("fc00::1", "a private, shared or reserved address"),
    ("100.64.0.1", "a private, shared or reserved address"),  # shared address space (carrier-grade NAT)
    ("169.254.169.254", "a link-local address"), ("fe80::1", "a link-local address"),
    ("0.0.0.0", "a private, shared or reserved address"), ("::", "a private, shared or reserved address"),
    ("240.0.0.1", "a private, shared or reserved address"), ("255.255.255.255", "a private, shared or reserved address"),
    ("192.0.0.8", "a private, shared or reserved address"), ("198.18.0.1", "a private, shared or reserved address"),
    ("2001:db8::1", "a private, shared or reserved address"),
    ("224.0.0.1", "a multicast address"), ("233.252.0.1", "a multicast address"), ("ff0e::1", "a multicast address"),
    ("2002:c0a8:0101::1", "a 6to4 address"), ("2002:5db8:d822::1", "a 6to4 address"),
    ("64:ff9b::7f00:1", "a NAT64 address"), ("192.88.99.1", "a 6to4 relay address"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "a private, shared or reserved address"),  # Teredo
])
def test_only_globally_routable_unicast_addresses_may_be_fetched(address, reason):
    assert refusal(ipaddress.ip_address(address)) == reason


def test_a_host_is_resolved_once_and_refused_when_any_of_its_addresses_is_not_public():
    calls = []

    def resolver(host):
        calls.append(host)
        return {"news.example": ["93.184.216.34", "2606:4700::1111"],
                "mixed.example": ["93.184.216.34", "10.0.0.5"]}[host]
    assert checked_address("news.example", allow_private=False, resolve=resolver) == "93.184.216.34"
    with pytest.raises(FetchError, match=r"refused: mixed.example is a private, shared or reserved address \(10.0.0.5\)"):
        checked_address("mixed.example", allow_private=False, resolve=resolver)
    assert calls == ["news.example", "mixed.example"]
    assert checked_address("[::1]", allow_private=True, resolve=pytest.fail) == "::1"
    assert checked_address("10.0.0.5", allow_private=True, resolve=pytest.fail) == "10.0.0.5"


def test_fetch_sends_a_clear_user_agent_and_returns_the_page():
    seen = {}

    def handler(request):
        seen["ua"] = request.headers["user-agent"]
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE)
    fetched = get("https://news.example/story", handler)
    assert (fetched.kind, fetched.content, fetched.url) == ("html", PAGE, "https://news.example/story")
    assert seen["ua"].startswith("sitrep/")


def test_redirects_are_followed_up_to_the_cap():
    def handler(request):
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{n + 1}"})
    with pytest.raises(FetchError, match="more than 2 redirects"):
        get("https://news.example/0", handler, max_redirects=2)


@pytest.mark.parametrize("location", ["http://10.0.0.5/admin", "http://[::ffff:169.254.169.254]/latest",
                                      "http://100.100.100.200/metadata"])
def test_a_redirect_to_an_address_that_is_not_public_is_refused(location):
    def handler(request):
        return httpx.Response(301, headers={"location": location})
    with pytest.raises(FetchError, match="refused: .* not a public one"):
        get("https://news.example/", handler)


@pytest.mark.parametrize("headers, body, message", [
    ({"content-type": "image/png"}, b"png", "unsupported content type 'image/png'"),
    ({"content-type": "text/html", "content-length": "5000"}, b"x", "too large: 5,000 bytes"),
    ({"content-type": "text/html"}, iter([b"x" * 600] * 5), "too large: more than 1,000 bytes"),
])
def test_content_checks(headers, body, message):
    with pytest.raises(FetchError, match=message):
        get("https://news.example/", lambda r: httpx.Response(200, headers=headers, content=body), max_bytes=1000)


def test_http_errors_and_timeouts():
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        get("https://news.example/", lambda r: httpx.Response(404))

    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)
    with pytest.raises(FetchError, match="timed out after 3s"):
        get("https://news.example/", slow, fetch_timeout=3)


def test_only_http_urls():
    with pytest.raises(FetchError, match="not an http"):
        get("file:///etc/passwd", lambda r: httpx.Response(200))


# --- against servers on 127.0.0.1 ---

LOOPS = {"/loop": "/loop", "/ping": "/pong", "/pong": "/ping"}
FEED_ITEM = "<item><title>Item {n}</title><link>{link}</link><description>A teaser.</description></item>"


class Handler(BaseHTTPRequestHandler):
    """/page: an article; /drip-head and /drip-body: a byte every 0.1 s; /feed: a feed whose items link
    back to itself; /loop redirects to itself, /ping and /pong to each other; every request is counted,
    with its Host header."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.requests.append((self.path, self.headers["host"]))
        if self.path.startswith("/drip"):
            return self.drip(head=self.path == "/drip-head")
        if self.path in LOOPS:
            self.send_response(302)
            self.send_header("location", LOOPS[self.path])
            self.send_header("content-length", "0")
            return self.end_headers()
        if self.path == "/feed":
            link = f"http://127.0.0.1:{self.server.server_port}/feed"
            items = "".join(FEED_ITEM.format(n=n, link=link) for n in range(3))
            return self.reply("application/rss+xml", f"<rss><channel><title>Loop</title>{items}</channel></rss>")
        self.reply("text/html", "<html><body><article><p>Rains flooded the market of Mopti on Thursday, the "
                                "council said.</p></article></body></html>")

    def reply(self, content_type, body):
        data = body.encode()
        self.send_response(200)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def drip(self, *, head):
        self.wfile.write(b"HTTP/1.1 200 OK\r\n" + (b"" if head else b"content-type: text/html\r\n\r\n"))
        until = time.monotonic() + 10
        try:
            while time.monotonic() < until:
                self.wfile.write(b"x")  # a header line, or the body, that never ends
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client hung up: what the test wants

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def local(**settings):
    return Settings(allow_private=True, **settings)


def test_the_connection_goes_to_the_address_checked_with_the_host_name_kept(server):
    port = server.server_port
    resolved = []

    def resolver(host):
        resolved.append(host)
        return ["127.0.0.1"]
    fetched = fetch(f"http://news.example:{port}/page", settings=local(), resolve=resolver)
    assert fetched.kind == "html" and b"Rains flooded" in fetched.content
    assert resolved == ["news.example"] and server.requests == [("/page", f"news.example:{port}")]


def test_without_allow_private_a_local_server_is_refused_before_any_connection(server):
    with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address"):
        fetch(f"http://127.0.0.1:{server.server_port}/page", settings=Settings())
    assert server.requests == []


@pytest.mark.parametrize("path", ["/drip-head", "/drip-body"])
def test_a_server_dripping_bytes_holds_a_fetch_no_longer_than_its_deadline(server, path):
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1s"):
        fetch(f"http://127.0.0.1:{server.server_port}{path}", settings=local(fetch_timeout=1))
    assert time.monotonic() - start < 3  # the 1 s deadline, with room for a loaded machine; the drip lasts 10 s


def test_a_feed_whose_items_link_to_itself_is_read_once(server):
    url = f"http://127.0.0.1:{server.server_port}/feed"
    settings = local()
    items = list(read_sources([url], settings=settings, fetcher=lambda u: fetch(u, settings=settings)))
    assert [str(i) for i in items] == [f"{url}: a feed item links to a feed; sitrep follows one level of links from a "
                                       "feed (ingest that URL by itself)"] * 3
    assert len(server.requests) == 4  # the feed, and each item's link once


def test_a_feed_is_read_up_to_its_item_limit(server):
    url = f"http://127.0.0.1:{server.server_port}/feed"
    limited = local(max_feed_items=2)
    items = list(read_sources([url], settings=limited, fetcher=lambda u: fetch(u, settings=limited)))
    assert str(items[0]) == f"{url}: 1 of its 3 items left out: sitrep reads the first 2 (max_feed_items)"
    assert len(items) == 3 and len(server.requests) == 3


@pytest.mark.parametrize("path", ["/loop", "/ping"])
def test_a_server_redirecting_in_a_loop_is_left_after_the_redirect_cap(server, path):
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(f"http://127.0.0.1:{server.server_port}{path}", settings=local(max_redirects=3))
    assert len(server.requests) == 4  # the first request and three redirects


def test_a_dripping_server_holds_sitrep_ingest_no_longer_than_its_timeout(server, tmp_path):
    url = f"http://127.0.0.1:{server.server_port}/drip-body"
    ensured_gazetteer(quiet=True)  # a first build (~20 s) is not the download's time
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "s.db"), "--allow-private", "--timeout", "1",
                                      url])
    assert time.monotonic() - start < 1.5 + 3  # the deadline, and the store opened around it; the drip lasts 10 s
    assert result.exit_code == 1
    assert f"error: {url}: timed out after 1s" in result.stderr.splitlines()
