"""Fetch a URL safely: a timeout, a size cap, a redirect cap, a content-type check, a clear
User-Agent, and no loopback, private or link-local address unless the user allows it.

Every hop of a redirect chain is checked again. Tests pass an httpx.MockTransport and a fake
resolver, so none of this needs the network to be tested.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError
from ..settings import Settings

Resolver = Callable[[str], list[str]]

ACCEPTED_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
    "text/markdown": "text", "application/pdf": "pdf", "application/rss+xml": "feed",
    "application/atom+xml": "feed", "application/xml": "feed", "text/xml": "feed",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
}


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    kind: str  # html | text | pdf | feed | jsonl


def system_resolver(host: str) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc.strerror})") from exc


def check_address(host: str, *, allow_private: bool, resolve: Resolver = system_resolver) -> None:
    """Refuse a host that is, or resolves to, a loopback, private, link-local or reserved address."""
    if allow_private:
        return
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        addresses = resolve(host)
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved \
                or ip.is_multicast or ip.is_unspecified:
            raise FetchError(f"refused: {host} is a local or private address ({address}); "
                             "pass --allow-private to fetch it")


def fetch(url: str, *, settings: Settings, transport: httpx.BaseTransport | None = None,
          resolve: Resolver = system_resolver) -> Fetched:
    """Download one URL within the settings' limits. Raises FetchError with the reason."""
    headers = {"User-Agent": settings.user_agent, "Accept": ", ".join(ACCEPTED_TYPES)}
    with httpx.Client(transport=transport, timeout=settings.fetch_timeout, headers=headers,
                      follow_redirects=False) as client:
        for _ in range(settings.max_redirects + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"not an http(s) URL: {url}")
            check_address(parts.hostname, allow_private=settings.allow_private, resolve=resolve)
            response = _get(client, url, settings)
            if isinstance(response, Fetched):
                return response
            url = urljoin(url, response)
    raise FetchError(f"more than {settings.max_redirects} redirects")


def _get(client: httpx.Client, url: str, settings: Settings) -> Fetched | str:
    """The page, or the next URL of a redirect."""
    try:
        with client.stream("GET", url) as response:
            if response.is_redirect:
                return response.headers.get("location", "")
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
            kind = _kind(response.headers.get("content-type", ""))
            declared = int(response.headers.get("content-length") or 0)
            if declared > settings.max_bytes:
                raise FetchError(f"too large: {declared:,} bytes (limit {settings.max_bytes:,})")
            return Fetched(str(response.url), _read_capped(response, settings.max_bytes), kind)
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out after {settings.fetch_timeout:g}s") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect ({_reason(exc)})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed ({_reason(exc)})") from exc


def _kind(content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media not in ACCEPTED_TYPES:
        raise FetchError(f"unsupported content type {media or 'missing'!r}; "
                         "sitrep reads HTML, text, PDF, feeds and JSON Lines")
    return ACCEPTED_TYPES[media]


def _read_capped(response: httpx.Response, limit: int) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(f"too large: more than {limit:,} bytes")
    return bytes(body)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.split("] ")[-1]
