"""The web app and REST API over a store: `create_app` assembles them (pages.py, api.py), the
static files, and the security headers every response carries.

Read-only unless started with `write=True` and a token; then the API's write requests must carry
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..store import Store
from . import api, pages

STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class ServeSettings:
    write: bool = False
    token: str | None = None
    tiles: str | None = None  # a tile URL template ({z}/{x}/{y}); none: the offline outline layer


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

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
