"""The web app and REST API over a store: `create_app` assembles them (pages.py, api.py), the
static files, and the security headers every response carries.

Read-only unless started with `write=True` and a token; then the API's write requests must carry
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.responses import PlainTextResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..store import Store
from . import api, pages, review
from .views import error_page

STATIC = Path(__file__).parent / "static"


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


@dataclass(frozen=True)
class ServeSettings:
    write: bool = False
    token: str | None = None
    tiles: str | None = None  # a tile URL template ({z}/{x}/{y}); none: the offline outline layer
    hosts: tuple[str, ...] = LOCAL_NAMES  # the Host headers answered; any other is refused (DNS rebinding)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def host_of(header: str) -> str:
    """The host of a Host header, without its port: 'localhost:8765' -> 'localhost', '[::1]:80' -> '[::1]'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[:header.find("]") + 1]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_names(host: str, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names a server listening on `host` answers to: localhost names, the address it listens on
    (unless it is every address, 0.0.0.0 or ::), and those the user allows."""
    wildcard = host.strip("[]") in ("0.0.0.0", "::", "")
    bracketed = (f"[{host.strip('[]')}]",) if ":" in host else ()
    return tuple(dict.fromkeys((*LOCAL_NAMES, *(() if wildcard else (host, *bracketed)), *allowed)))


class ServerTiming:
    """Every response says how long the app took to make it (`Server-Timing: app;dur=12.3`, in ms), as a
    browser's developer tools and benchmarks/serve.py read it: the server's own time, without the network's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                spent = f"app;dur={(time.perf_counter() - started) * 1000:.1f}".encode()
                message = {**message, "headers": [*message.get("headers", []), (b"server-timing", spent)]}
            await send(message)

        await self.app(scope, receive, timed)


def is_page(request: Request) -> bool:
    """Whether a request asks for a page (answered in HTML when refused), not the API or a file."""
    return request.method in ("GET", "HEAD") and not request.url.path.startswith(("/api/", "/static/", "/openapi"))


def content_security_policy(tiles: str | None) -> str:
    images = "'self' data:" + (f" {urlsplit(tiles).scheme}://{urlsplit(tiles).netloc}" if tiles else "")
    return (f"default-src 'none'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def create_app(store: Store, settings: ServeSettings = ServeSettings()) -> FastAPI:
    app = FastAPI(title="sitrep", version=__version__, docs_url=None, redoc_url=None,
                  description="Conflict news as a situation picture: documents, entities, places, events, "
                              "incidents, quotes and figures, each with its evidence.")
    app.state.store = store
    app.state.settings = settings
    policy = content_security_policy(settings.tiles)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    hosts = {h.lower() for h in settings.hosts}

    @app.middleware("http")
    async def known_hosts(request: Request, call_next):
        if host_of(request.headers.get("host", "")) not in hosts:
            return PlainTextResponse("unknown Host: start the server with --allow-host NAME to answer it", 400)
        return await call_next(request)

    @app.exception_handler(HTTPException)
    async def refused(request: Request, exc: HTTPException) -> Response:
        if is_page(request):
            return error_page(request, exc.status_code, str(exc.detail))
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_page(request):
            problems = "; ".join(f"{'.'.join(str(part) for part in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
            return error_page(request, 422, problems)
        return await request_validation_exception_handler(request, exc)

    app.include_router(api.router)
    app.include_router(review.api)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(ServerTiming)
    return app
