"""Loaders of the bundled boundary and gazetteer data (built by ``make data``, see data/SOURCES.md).

Each loader reads one file from ``settings.DATA_DIR`` once per process and returns the same
object afterwards: callers must treat what they get as read-only. The extractor reads through
``columns`` and ``common_words`` only, which import neither pandas nor geopandas: a batch
ingest's start-up is paid once per run (issue 8), and those imports are ~0.4 s of it.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow.parquet as pq
import shapely

from dashboard import settings
from dashboard.errors import DashboardError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


def data_file(name: str) -> Path:
    """Path of a bundled data file; a one-line error saying how to build it when it is missing."""
    path = settings.DATA_DIR / name
    if not path.is_file():
        msg = f"missing data file {path}: run `make data` to build it"
        raise DashboardError(msg)
    return path


def _geo(name: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.read_parquet(data_file(name))


@lru_cache(maxsize=None)
def columns(name: str) -> dict[str, np.ndarray]:
    """A bundled Parquet file as numpy columns, ``geometry`` decoded to shapely geometries.

    ``ParquetFile.read`` and ``to_pylist``, not ``pq.read_table`` and ``to_numpy``: both of
    those import pandas.
    """
    table = pq.ParquetFile(data_file(name)).read()
    out = {c: np.array(table.column(c).to_pylist(),
                       dtype=object if table.schema.field(c).type == "string" else None)
           for c in table.column_names if c != "geometry"}
    if "geometry" in table.column_names:
        out["geometry"] = shapely.from_wkb(table.column("geometry").to_pylist())
    return out


@lru_cache(maxsize=1)
def admin0() -> gpd.GeoDataFrame:
    """Countries (full resolution): iso3, iso2, name, names, lat, lon, geometry."""
    return _geo("admin0.parquet")


@lru_cache(maxsize=1)
def admin1() -> gpd.GeoDataFrame:
    """Provinces/states (full resolution): id, iso3, name, names, hasc, iso_3166_2, type_en, lat, lon."""
    return _geo("admin1.parquet")


@lru_cache(maxsize=1)
def admin0_display() -> gpd.GeoDataFrame:
    """Countries simplified for the map: iso3, name, geometry."""
    return _geo("admin0_display.parquet")


@lru_cache(maxsize=1)
def admin1_display() -> gpd.GeoDataFrame:
    """Provinces simplified for the map: id, iso3, name, geometry."""
    return _geo("admin1_display.parquet")


@lru_cache(maxsize=1)
def borders() -> gpd.GeoDataFrame:
    """Land borders of neighbouring countries: id, iso3_a, iso3_b, name_a, name_b, name, length_km."""
    return _geo("borders.parquet")


@lru_cache(maxsize=1)
def borders_display() -> gpd.GeoDataFrame:
    """Borders simplified for the map: id, iso3_a, iso3_b, name, geometry."""
    return _geo("borders_display.parquet")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> country name, read without geometry (geopandas not imported)."""
    table = pq.read_table(data_file("admin0.parquet"), columns=["iso3", "name"]).to_pydict()
    return dict(zip(table["iso3"], table["name"], strict=True))


@lru_cache(maxsize=1)
def gazetteer() -> pd.DataFrame:
    """GeoNames populated places (population >= 500) with admin-1 by point-in-polygon."""
    return pq.ParquetFile(data_file("gazetteer.parquet")).read().to_pandas()


@lru_cache(maxsize=1)
def districts() -> pd.DataFrame:
    """geoBoundaries districts and townships (ADM2/ADM3) as centroids, admin-1 by point-in-polygon."""
    return pq.ParquetFile(data_file("districts.parquet")).read().to_pandas()


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of a bundled CSV file, as dicts keyed by its header."""
    with open(data_file(name), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def regions() -> list[dict[str, str]]:
    """Hand-kept regions (Donbas, Nagorno-Karabakh...): name, alternatenames, iso3, lat, lon, admin1_ids."""
    return _rows("regions.csv")


@lru_cache(maxsize=1)
def world_regions() -> list[dict[str, str]]:
    """Continents and world regions (Europe, Middle East, Sahel...): name, alternatenames, members (iso3),
    lat, lon."""
    return _rows("world_regions.csv")


@lru_cache(maxsize=1)
def abbreviations() -> list[dict[str, str]]:
    """Abbreviations of states and provinces ("Ky.", "KY", "B.C."): abbreviation, style (ap|postal),
    admin1_id."""
    return _rows("abbreviations.csv")


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or country adjective -> admin-0 iso3 ("Tajik" -> "TJK")."""
    return {row["demonym"]: row["iso3"] for row in _rows("demonyms.csv")}


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """National capital -> admin-0 iso3 ("Moscow" -> "RUS")."""
    return {row["capital"]: row["iso3"] for row in _rows("capitals.csv")}


@lru_cache(maxsize=1)
def actor_acronyms() -> list[tuple[str, str, frozenset[str]]]:
    """Hand-kept armed actors' acronyms: (acronym, long form, countries it fights in; empty: many)."""
    return [(row["acronym"], row["long_form"], frozenset(row["iso3"].split())) for row in _rows("actors.csv")]


@lru_cache(maxsize=1)
def armed_groups() -> frozenset[str]:
    """Hand-kept names of armed groups without an acronym ("Taliban", "Hamas"): never places."""
    return frozenset(row["name"] for row in _rows("armed_groups.csv"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case English words frequent enough (wordfreq Zipf >= 4) not to be read as places."""
    return frozenset(data_file("common_words.txt").read_text(encoding="utf-8").split())


LOADERS = (admin0, admin1, admin0_display, admin1_display, borders, borders_display, country_names, gazetteer,
           districts, regions, world_regions, abbreviations, demonyms, capitals, actor_acronyms, armed_groups,
           common_words)


def clear_caches() -> None:
    """Forget loaded data (tests pointing ``settings.DATA_DIR`` elsewhere)."""
    for loader in (*LOADERS, columns):
        loader.cache_clear()
