"""Geometry questions the core asks of the bundled boundaries: which province contains a
point, which border line two countries share, how far a point lies from a line."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard import bundled_data

KM_PER_DEG = 111.32
NEAR_COAST_DEG = 0.05  # a point this close outside every polygon still takes the nearest one (~5 km)
SAME_COUNTRY_DEG = 0.15  # ~15 km: how far a town may sit outside its own country's coarse polygon


@dataclass(frozen=True)
class Border:
    id: str  # "AFG-TJK", codes sorted
    name: str
    iso3_a: str
    iso3_b: str
    lat: float
    lon: float
    length_km: float


@lru_cache(maxsize=1)
def _admin1_tree() -> tuple[shapely.STRtree, np.ndarray, np.ndarray, np.ndarray]:
    a1 = bundled_data.columns("admin1.parquet")
    return shapely.STRtree(a1["geometry"]), a1["id"], a1["name"], a1["iso3"]


@lru_cache(maxsize=100_000)
def admin1_of_point(lon: float, lat: float, iso3: str | None = None) -> tuple[str, str] | None:
    """(id, name) of the first-level unit containing the point, on full-resolution geometry.

    With ``iso3``, a unit of that country wins within ``SAME_COUNTRY_DEG`` of the point: towns on a
    border (Goma, on the Rwandan line) stay in their own country where coarse polygons disagree.
    """
    tree, ids, names, isos = _admin1_tree()
    point = shapely.Point(lon, lat)
    hits = tree.query(point, predicate="dwithin", distance=SAME_COUNTRY_DEG if iso3 else NEAR_COAST_DEG)
    if iso3 is not None:
        own = hits[isos[hits] == iso3]
        hits = own if len(own) else tree.query(point, predicate="dwithin", distance=NEAR_COAST_DEG)
    if len(hits) == 0:
        return None
    dist = shapely.distance(tree.geometries.take(hits), point)
    i = int(hits[int(np.argmin(dist))])
    return str(ids[i]), str(names[i])


@lru_cache(maxsize=1)
def _borders() -> dict[str, tuple[Border, BaseGeometry]]:
    b = bundled_data.columns("borders.parquet")
    rows = zip(b["id"], b["name"], b["iso3_a"], b["iso3_b"], b["lat"], b["lon"], b["length_km"],
               b["geometry"])
    return {str(i): (Border(str(i), str(name), str(a), str(z), float(lat), float(lon), float(km)), geom)
            for i, name, a, z, lat, lon, km, geom in rows}


def border_between(iso_a: str, iso_b: str) -> Border | None:
    """The land border two countries share, if they share one."""
    key = "-".join(sorted((iso_a, iso_b)))
    found = _borders().get(key)
    return found[0] if found else None


def borders_of(iso3: str) -> list[Border]:
    return [b for b, _ in _borders().values() if iso3 in (b.iso3_a, b.iso3_b)]


def nearest_on_border(border_id: str, lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) of the point of a border line nearest to a point (in degrees: a local choice)."""
    line = _borders()[border_id][1]
    x, y = shapely.get_coordinates(shapely.shortest_line(line, shapely.Point(lon, lat)))[0]
    return float(x), float(y)


def km_to_border(lon: float, lat: float, border_id: str) -> float | None:
    """Distance from a point to a border line, in km (local equirectangular: exact enough under ~500 km)."""
    found = _borders().get(border_id)
    if not found:
        return None
    geom = found[1]
    scale = math.cos(math.radians(lat))
    local = shapely.transform(geom, lambda xy: np.column_stack(((xy[:, 0] - lon) * scale, xy[:, 1] - lat)))
    return float(shapely.distance(local, shapely.Point(0.0, 0.0))) * KM_PER_DEG

