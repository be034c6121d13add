"""All settings in one object: defaults <- config file <- SITREP_* environment <- flags.

The object is built once, at the edge (the CLI or a caller of the library), and passed down.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import SitrepError

CONFIG_FILE = "sitrep.toml"


@dataclass(frozen=True)
class Settings:
    db: str = "sitrep.db"
    """The store: a SQLite file's path, or a SQLAlchemy URL of a PostgreSQL database
    (postgresql+psycopg://USER@HOST/NAME) (env SITREP_DB)."""
    max_bytes: int = 20_000_000
    """Largest input accepted, file or download, in bytes."""
    fetch_timeout: float = 20.0
    """Seconds a URL's whole download may take, redirects included, before it gives up."""
    max_redirects: int = 5
    """Redirects followed per URL."""
    max_feed_items: int = 500
    """Items read from one feed; the rest are left out, with a message."""
    allow_private: bool = False
    """Fetch addresses that are not globally routable: loopback, private, link-local, shared (off: refused)."""
    user_agent: str = "sitrep/0.1 (+conflict news analysis; offline-first)"
    """User-Agent header sent with every fetch."""
    duplicate_threshold: float = 0.7
    """Share of the shorter text's 5-word shingles another text must contain to be its copy."""
    extra_boilerplate: str = ""
    """A YAML file of furniture rules added to the bundled data/boilerplate.yaml."""
    extra_actors: str = ""
    """A YAML file of actors added to the bundled actor dictionary, data/actors.yaml."""
    analysis_cap: int = 40_000
    """Characters of one document the language stage reads (about 6,000 words); the rest is stored, and the
    document noted as truncated. Bounds the time and memory one document can take."""
    workers: int = 1
    """Processes for the language stage (spaCy); 1 runs it in the main process."""
    cluster: str = ""
    """Where `sitrep ingest` runs stages 2-7: a Dask scheduler (tcp://HOST:8786), or local:N for N worker
    processes of a cluster on this machine; empty: this process (and its `workers`)."""
    gazetteer: str = ""
    """The gazetteer file [default: $XDG_DATA_HOME/sitrep/gazetteer.sqlite], built on first use."""
    places_overlay: str = ""
    """A CSV of extra places (name, aliases, lat, lon, country, admin1, kind) added to the gazetteer."""


_DOC = {f.name: f for f in fields(Settings)}


def load(*, config: Path | None = None, env: Mapping[str, str] | None = None,
         **flags: Any) -> Settings:
    """Resolve the settings: defaults, then the config file, then SITREP_* env, then flags."""
    env = os.environ if env is None else env
    settings = Settings()
    path = config or Path(env.get("SITREP_CONFIG", CONFIG_FILE))
    if path.is_file():
        settings = _apply(settings, _read_config(path), origin=str(path))
    from_env = {f: env[f"SITREP_{f.upper()}"] for f in _DOC if f"SITREP_{f.upper()}" in env}
    settings = _apply(settings, from_env, origin="environment")
    settings = _apply(settings, {k: v for k, v in flags.items() if v is not None}, origin="flags")
    return settings if settings.gazetteer else replace(settings, gazetteer=default_gazetteer(env))


def default_gazetteer(env: Mapping[str, str] | None = None) -> str:
    """The gazetteer's path when the settings name none: under the user's XDG data home."""
    env = os.environ if env is None else env
    data_home = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(data_home / "sitrep" / "gazetteer.sqlite")


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SitrepError(f"{path}: cannot read the config file ({exc}); fix or remove it") from exc
    return data.get("sitrep", data)


def _apply(settings: Settings, values: Mapping[str, Any], *, origin: str) -> Settings:
    unknown = sorted(set(values) - set(_DOC))
    if unknown:
        raise SitrepError(f"unknown setting(s) {', '.join(unknown)} in {origin}; "
                          f"known: {', '.join(_DOC)}")
    return replace(settings, **{k: _coerce(k, v, origin) for k, v in values.items()})


def _coerce(name: str, value: Any, origin: str) -> Any:
    default = getattr(Settings(), name)
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes", "on"}
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise SitrepError(f"setting {name}={value!r} from {origin} is not a valid "
                          f"{type(default).__name__}") from exc
