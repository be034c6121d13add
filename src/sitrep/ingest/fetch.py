"""Fetch a URL safely: one deadline for the whole download, a size cap, a redirect cap, a
content-type check, a clear User-Agent, and only globally routable addresses unless the user
allows others (egress.py: each host resolved once, and connected to at the address checked).

Every hop of a redirect chain is checked again. Tests pass an httpx.MockTransport and a fake
resolver, or serve on 127.0.0.1, so none of this needs the network to be tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpcore
import httpx

from ..errors import FetchError
from ..settings import Settings
from .egress import Deadline, PinnedTransport, Resolver, checked_address, system_resolver

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


def fetch(url: str, *, settings: Settings, transport: httpx.BaseTransport | None = None,
          resolve: Resolver = system_resolver) -> Fetched:
    """Download one URL within the settings' limits, redirects included, in `fetch_timeout` seconds at
    most. Raises FetchError with the reason."""
    deadline = Deadline(settings.fetch_timeout)
    pinned = PinnedTransport(deadline) if transport is None else None
    headers = {"User-Agent": settings.user_agent, "Accept": ", ".join(ACCEPTED_TYPES)}
    with httpx.Client(transport=pinned or transport, timeout=settings.fetch_timeout, headers=headers,
                      follow_redirects=False, trust_env=False) as client:
        for _ in range(settings.max_redirects + 1):
            host = _host(url)
            address = checked_address(host, allow_private=settings.allow_private, resolve=resolve)
            if pinned is not None:
                pinned.pin(host, address)
            response = _get(client, url, settings, deadline)
            if isinstance(response, Fetched):
                return response
            url = urljoin(url, response)
    raise FetchError(f"more than {settings.max_redirects} redirects")


def _host(url: str) -> str:
    """The host an http(s) URL names, as it goes on the wire (IDNA, IPv6 without brackets)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"not a valid URL: {url} ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise FetchError(f"not an http(s) URL: {url}")
    return parsed.raw_host.decode("ascii")


def _get(client: httpx.Client, url: str, settings: Settings, deadline: Deadline) -> Fetched | str:
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
            return Fetched(url, _read_capped(response, settings.max_bytes, deadline), kind)
    except (httpx.TimeoutException, httpcore.TimeoutException) as exc:
        raise FetchError(f"timed out after {settings.fetch_timeout:g}s") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect ({_reason(exc)})") from exc
    except (httpx.HTTPError, ValueError) as exc:  # a malformed response: headers, lengths, encodings
        raise FetchError(f"fetch failed ({_reason(exc)})") from exc


def _kind(content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media not in ACCEPTED_TYPES:
        raise FetchError(f"unsupported content type {media or 'missing'!r}; "
                         "sitrep reads HTML, text, PDF, feeds and JSON Lines")
    return ACCEPTED_TYPES[media]


def _read_capped(response: httpx.Response, limit: int, deadline: Deadline) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(f"too large: more than {limit:,} bytes")
        deadline.left()
    return bytes(body)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.split("] ")[-1]
