"""Where a fetch may connect, and the connection that keeps to it: sitrep fetches like an egress proxy.

1. The host is resolved once; every address it resolves to must be globally routable (`refusal`):
   Python's `is_global`, and explicit refusals of what that lets through — multicast, and the
   transition ranges that tunnel to any IPv4 address, private ones included (6to4, NAT64), and an
   IPv4 address written as IPv6 is judged as the IPv4 address it is.
2. The connection goes to the address that was checked (`PinnedTransport`), never to a second
   resolution of the name (which a hostile DNS server may answer differently: DNS rebinding).
   The URL keeps its host name, so the Host header, TLS server name and certificate check are the
   site's.
3. One deadline bounds the whole download, every connect, handshake, write and read of it: a server
   that sends a byte now and then cannot hold a fetch beyond it.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from ..errors import FetchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]

_TUNNELS = {  # ranges whose traffic a relay carries on to an IPv4 address of the sender's choosing
    ipaddress.ip_network("2002::/16"): "a 6to4 address",
    ipaddress.ip_network("64:ff9b::/96"): "a NAT64 address",
    ipaddress.ip_network("64:ff9b:1::/48"): "a NAT64 address",
    ipaddress.ip_network("192.88.99.0/24"): "a 6to4 relay address",
}
_SPECIAL = ipaddress.ip_network("192.0.0.0/24")  # IETF protocol assignments


def refusal(address: Address) -> str | None:
    """Why a fetch may not connect to `address`, or None when it may (a globally routable unicast address)."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        return refusal(mapped)
    tunnel = next((name for network, name in _TUNNELS.items() if address.version == network.version
                   and address in network), None)
    if tunnel:
        return tunnel
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if not address.is_global or (address.version == 4 and address in _SPECIAL):
        return "a private, shared or reserved address"
    return None


def system_resolver(host: str) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r} ({getattr(exc, 'strerror', None) or exc})") from exc


def checked_address(host: str, *, allow_private: bool, resolve: Resolver = system_resolver) -> str:
    """The address to connect to for `host`: resolved once, and refused unless every address it resolves
    to is globally routable (with `allow_private`, any address)."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host)]
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r} (no address)")
    for address in addresses if not allow_private else ():
        reason = refusal(address)
        if reason:
            raise FetchError(f"refused: {host} is {reason} ({address}), not a public one; "
                             "pass --allow-private to fetch it")
    return str(addresses[0])


class Deadline:
    """The time left before one download must be over."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self, timeout: float | None = None) -> float:
        """The timeout for the next operation: the operation's own, or what is left if less. Raises
        httpcore's timeout once none is left."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout(f"deadline of {self.seconds:g}s passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self.inner, self.deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.deadline.left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, self.deadline.left(timeout)), self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects a host only to the address checked for it, within the deadline."""

    def __init__(self, pins: dict[str, str], deadline: Deadline) -> None:
        self.pins, self.deadline, self.inner = pins, deadline, httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        address = self.pins.get(host.strip("[]").lower())
        if address is None:
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        stream = self.inner.connect_tcp(address, port, self.deadline.left(timeout), local_address, socket_options)
        return _Stream(stream, self.deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise httpcore.ConnectError("sitrep fetches over TCP only")


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport whose connections go to the checked address of each host (`pin`), all within
    one deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self.pins: dict[str, str] = {}
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                             network_backend=_PinnedBackend(self.pins, deadline))

    def pin(self, host: str, address: str) -> None:
        self.pins[host.strip("[]").lower()] = address

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                           target=request.url.raw_path)
        with _as_httpx(request):
            response = self._pool.handle_request(httpcore.Request(request.method, url, headers=request.headers.raw,
                                                                  content=request.stream,
                                                                  extensions=request.extensions))
        return httpx.Response(response.status, headers=response.headers, stream=_Body(response, request),
                              extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()


class _Body(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response, request: httpx.Request) -> None:
        self.response, self.request = response, request

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx(self.request):
            yield from self.response.iter_stream()

    def close(self) -> None:
        self.response.close()


@contextmanager
def _as_httpx(request: httpx.Request) -> Iterator[None]:
    """httpcore's errors as httpx's, which the fetcher reports."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise httpx.TimeoutException(str(exc), request=request) from exc
    except httpcore.ConnectError as exc:
        raise httpx.ConnectError(str(exc), request=request) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
        raise httpx.TransportError(str(exc), request=request) from exc
