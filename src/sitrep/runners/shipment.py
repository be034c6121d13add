"""The client's settings as a cluster's workers get them: the data files they name (extra actors, extra
boilerplate, the places overlay) travel as their contents, so that a worker on another machine, which
cannot read the client's files, analyses as the client would. A worker writes them into a folder of its
own and reads them from there. The gazetteer is each worker's own (built from sitrep's place data and
the overlay): at the default path of the worker's user unless the settings name another path.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ..errors import SitrepError
from ..settings import Settings, default_gazetteer

FILES = ("extra_actors", "extra_boilerplate", "places_overlay")  # the settings that name a data file


@dataclass(frozen=True)
class Shipment:
    """Settings, and the contents of the files they name: (setting, the file's name, its bytes)."""

    settings: Settings
    files: tuple[tuple[str, str, bytes], ...] = ()


def pack(settings: Settings) -> Shipment:
    """On the client: the settings with the contents of the data files they name."""
    files = []
    for name in FILES:
        if path := getattr(settings, name):
            try:
                files.append((name, Path(path).name, Path(path).read_bytes()))
            except OSError as exc:
                raise SitrepError(f"{name} = {path}: cannot read the file ({exc.strerror}); the cluster's "
                                  "workers get its contents from here") from exc
    gazetteer = "" if settings.gazetteer == default_gazetteer() else settings.gazetteer
    return Shipment(replace(settings, gazetteer=gazetteer), tuple(files))


def unpack(shipment: Shipment) -> Settings:
    """On a worker: the settings, naming copies of the client's files in this process's own folder."""
    paths = {name: str(_written(filename, content)) for name, filename, content in shipment.files}
    return replace(shipment.settings, gazetteer=shipment.settings.gazetteer or default_gazetteer(), **paths)


def _written(filename: str, content: bytes) -> Path:
    """The file in this process's folder, under its digest (two files of one name stay apart)."""
    path = Path(_folder().name) / hashlib.sha256(content).hexdigest()[:16] / filename
    if not path.is_file():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
    return path


@cache
def _folder() -> tempfile.TemporaryDirectory[str]:
    """A folder only this process writes to, removed when it exits (the cache holds it until then)."""
    return tempfile.TemporaryDirectory(prefix="sitrep-settings-")
