"""The web app and API: sitrep serve."""

from __future__ import annotations

import click

from ..errors import InputError
from .options import db_option, load_settings, open_store


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port to listen on.")
@click.option("--write", is_flag=True, help="Accept analysts' decisions through the API (needs SITREP_TOKEN).")
@click.option("--tiles", default=None, help="A map tile URL template ({z}/{x}/{y}); default: the offline outlines.")
@click.option("--allow-host", "allowed", multiple=True,
              help="Also answer requests for this host name (repeatable); by default only localhost names and "
                   "the --host address are answered, so that no other site can reach the server by DNS rebinding.")
def serve(db: str | None, host: str, port: int, write: bool, tiles: str | None, allowed: tuple[str, ...]) -> None:
    """Open the store in a local web app (overview, documents, search, incidents, map, trends, review queue,
    dossiers) and a REST API
    (/api/..., schema at /openapi.json, docs at /docs). Read-only unless --write."""
    import os

    import uvicorn

    from ..serve.app import ServeSettings, create_app, host_names, is_loopback
    token = os.environ.get("SITREP_TOKEN")
    if write and not token:
        raise InputError("--write needs a token in SITREP_TOKEN, which every write request must carry")
    settings = load_settings(db=db)
    store = open_store(settings.db, readonly=not write)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}, beyond this machine: anyone who can reach it can read the store"
                   + ("" if write else "; use --host 127.0.0.1 to keep it local"), err=True)
    click.echo(f"sitrep serving {settings.db} on http://{host}:{port}/ ({'read-write' if write else 'read-only'})",
               err=True)
    serve_settings = ServeSettings(write=write, token=token, tiles=tiles, hosts=host_names(host, allowed))
    uvicorn.run(create_app(store, serve_settings), host=host, port=port, log_level="warning")
