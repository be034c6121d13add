"""Which language a text is in: py3langid's model, read from an unpacked copy in the user's cache.

py3langid ships its model xz-compressed, and unpacking it takes about half a second in every process
that identifies a language: a third of a one-file ingest. The first process keeps the unpacked
arrays under $XDG_CACHE_HOME/sitrep/ (written whole, then renamed into place, so that a reader never
sees half a file); the next ones read them in a fraction of that time. Where the cache cannot be
written, the packed model is read as before.
"""

from __future__ import annotations

import lzma
import os
import tempfile
from array import array
from collections.abc import Mapping
from contextlib import suppress
from functools import cache
from importlib.metadata import version
from pathlib import Path
from zipfile import BadZipFile

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

_ARRAY_TYPES = {2: "H", 4: "I", 8: "L"}  # item size -> the array module's unsigned type


def unpacked_model_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the unpacked model is kept: one file per py3langid version."""
    env = os.environ if env is None else env
    cache_home = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "sitrep" / f"py3langid-{version('py3langid')}-model.npz"


@cache
def identifier() -> LanguageIdentifier:
    """The language identifier of this process, its probabilities normalised."""
    return load_identifier(unpacked_model_path())


def load_identifier(path: Path) -> LanguageIdentifier:
    """The identifier read from the unpacked model at `path`, unpacked there first if it is not yet."""
    if not path.is_file():
        try:
            _unpack(MODEL_DIR / MODEL_FILE, path)
        except OSError:
            return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        return _from_unpacked(path)
    except (OSError, ValueError, KeyError, BadZipFile):  # damaged since: unpacked again by the next process
        with suppress(OSError):
            path.unlink()
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _unpack(packed: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".unpacking-", delete=False) as out:
        try:
            with lzma.open(packed) as source:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            out.close()
            os.replace(out.name, path)
        except BaseException:
            os.unlink(out.name)
            raise


def _from_unpacked(path: Path) -> LanguageIdentifier:
    """The identifier py3langid builds from its packed model, built from the same arrays unpacked."""
    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(data["ptc"], data["pc"], data["classes"].tolist(), _unsigned(data["nextmove"]),
                                  data["out_feat"].tolist(), norm_probs=True, tk_row=_unsigned(data["nextmove_row"]))


def _unsigned(values: np.ndarray) -> array:
    """A NumPy array of unsigned integers as a flat array of the array module (what py3langid indexes)."""
    flat = array(_ARRAY_TYPES[values.dtype.itemsize])
    flat.frombytes(np.ascontiguousarray(values).tobytes())
    return flat
