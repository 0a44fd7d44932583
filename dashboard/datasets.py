"""Loaders of the bundled boundary and gazetteer data (built by ``make data``, see data/SOURCES.md).

Each loader reads one file from ``settings.DATA_DIR`` once per process and returns the same
object afterwards: callers must treat the frames as read-only.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq

from dashboard import settings
from dashboard.errors import DashboardError


def data_file(name: str) -> Path:
    """Path of a bundled data file; a one-line error saying how to build it when it is missing."""
    path = settings.DATA_DIR / name
    if not path.is_file():
        msg = f"missing data file {path}: run `make data` to build it"
        raise DashboardError(msg)
    return path


def _geo(name: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(data_file(name))


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
def gazetteer() -> pd.DataFrame:
    """GeoNames populated places (population >= 500) with admin-1 by point-in-polygon."""
    return pq.read_table(data_file("gazetteer.parquet")).to_pandas()


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or country adjective -> admin-0 iso3 ("Tajik" -> "TJK")."""
    with open(data_file("demonyms.csv"), newline="", encoding="utf-8") as handle:
        return {row["demonym"]: row["iso3"] for row in csv.DictReader(handle)}


LOADERS = (admin0, admin1, admin0_display, admin1_display, borders, borders_display, gazetteer, demonyms)


def clear_caches() -> None:
    """Forget loaded data (tests pointing ``settings.DATA_DIR`` elsewhere)."""
    for loader in LOADERS:
        loader.cache_clear()
