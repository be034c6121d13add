"""URL fetching through a fake transport and a fake resolver: no network needed."""

import httpx
import pytest

from sitrep.errors import FetchError
from sitrep.ingest.fetch import check_address, fetch
from sitrep.settings import Settings

PUBLIC = lambda host: ["93.184.216.34"]  # noqa: E731 - a resolver that always answers a public address
PAGE = b"<html><body><article><p>Text.</p></article></body></html>"


def get(url, handler, *, resolve=PUBLIC, **settings):
    return fetch(url, settings=Settings(**settings), transport=httpx.MockTransport(handler), resolve=resolve)


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


def test_a_redirect_to_a_private_address_is_refused():
    def handler(request):
        return httpx.Response(301, headers={"location": "http://10.0.0.5/admin"})
    with pytest.raises(FetchError, match="refused: 10.0.0.5 is a local or private address"):
        get("https://news.example/", handler)


def test_hosts_resolving_to_private_addresses_are_refused_unless_allowed():
    with pytest.raises(FetchError, match="local or private"):
        check_address("intranet.example", allow_private=False, resolve=lambda h: ["192.168.1.4"])
    for host in ("localhost", "127.0.0.1", "169.254.169.254", "[::1]"):
        with pytest.raises(FetchError):
            check_address(host, allow_private=False, resolve=lambda h: ["127.0.0.1"])
    check_address("127.0.0.1", allow_private=True)


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
