"""Stored places and claims out as CSV (ACLED column names), GeoJSON or GeoPackage.

Rows are events in ACLED's sense: one per claim (at its place when resolved), then one per
distinct resolved place of an article that no claim is about. Output is deterministic: rows
are ordered by article (publication date, content hash), never by ingestion order or clock.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from dashboard import corrections
from dashboard.errors import BadInput

Format = Literal["geojson", "csv", "gpkg"]
FORMATS: tuple[str, ...] = ("geojson", "csv", "gpkg")

# ACLED names where ACLED has the column (ACLED codebook), then ours.
COLUMNS = ("event_date", "time_precision", "admin1", "location", "latitude", "longitude", "geo_precision",
           "source", "notes", "country_iso3", "actor", "action", "ref", "report_title", "report_published",
           "report_sha256")
_GPKG_FIXED_DATE = "2000-01-01T00:00:00Z"  # GDAL stamps GeoPackages with the clock unless told a date


def _time_precision(resolved: str) -> int:
    """ACLED time_precision: 1 the day is known, 2 a span of days, 3 a month or longer."""
    if "/" in resolved:
        return 2
    return 1 if len(resolved) == 10 else 3


def _event_date(resolved: str | None, published: str | None) -> tuple[str | None, int | None]:
    """The claim's own date, else the publication date, which bounds the event within days."""
    if resolved:
        return resolved, _time_precision(resolved)
    return (published, 2) if published else (None, None)


def _key(name: str | None) -> str:
    return (name or "").strip().casefold()


def _row(report: dict[str, Any], place: dict[str, Any] | None, claim: dict[str, Any] | None) -> dict[str,
                                                                                                     Any]:
    p = place or {}
    c = claim or {}
    when, precision = _event_date(c.get("when"), report["published"])
    lat, lon = p.get("lat"), p.get("lon")
    return {
        "event_date": when, "time_precision": precision,
        "admin1": c.get("admin1") or p.get("admin1"),
        "location": p.get("name") or c.get("place") or p.get("mention"),
        "latitude": None if lat is None else round(lat, 5),
            "longitude": None if lon is None else round(lon, 5),
        "geo_precision": p.get("precision"),
        "source": c.get("source") or report["source"],
        "notes": c.get("sentence") or p.get("sentence"),
        "country_iso3": c.get("country_iso3") or p.get("country_iso3"),
        "actor": c.get("actor"), "action": c.get("action"), "ref": p.get("ref"),
        "report_title": report["title"], "report_published": report["published"],
        "report_sha256": report["sha256"],
    }


def _by_report(items: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Items grouped by ``report_id``, in their given order: one pass, not one per article."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["report_id"], []).append(item)
    return groups


def event_rows(reports: Sequence[dict[str, Any]], places: Sequence[dict[str, Any]],
               claims: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims joined to their places, then the articles' other resolved places (pure)."""
    resolved: dict[int, dict[str, dict[str, Any]]] = {}
    for p in places:
        if p["lat"] is not None and p["lon"] is not None:
            by_name = resolved.setdefault(p["report_id"], {})
            for name in (p["mention"], p["name"]):
                by_name.setdefault(_key(name), p)
    claims_of = _by_report(claims)
    located_of = _by_report(p for p in places if p["lat"] is not None and p["lon"] is not None)
    rows: list[dict[str, Any]] = []
    for rep in sorted(reports, key=lambda r: (r["published"] or "", r["sha256"])):
        rid = rep["id"]
        used: set[str] = set()
        for c in claims_of.get(rid, ()):
            place = resolved.get(rid, {}).get(_key(c["place"]))
            if place is not None:
                used.add(place["ref"] or _key(place["name"]))
            rows.append(_row(rep, place, c))
        for p in located_of.get(rid, ()):
            ident = p["ref"] or _key(p["name"] or p["mention"])
            if ident not in used:
                used.add(ident)
                rows.append(_row(rep, p, None))
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """Article text that a spreadsheet would run as a formula (OWASP "CSV injection") gets a quote."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] = COLUMNS) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return buf.getvalue().encode("utf-8")


def to_geojson(rows: Sequence[dict[str, Any]]) -> bytes:
    """A FeatureCollection of the rows that have a point."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
         "properties": {k: v for k, v in r.items() if k not in ("latitude", "longitude")}}
        for r in rows if r["latitude"] is not None
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def to_gpkg(rows: Sequence[dict[str, Any]], out: Path) -> None:
    """A GeoPackage layer ``events`` (EPSG:4326 points) written with pyogrio."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio
    from pyogrio.errors import DataSourceError

    frame = pd.DataFrame(list(rows), columns=list(COLUMNS))
    for col in ("time_precision", "geo_precision"):
        frame[col] = frame[col].astype("Int64")
    for col in ("latitude", "longitude"):
        frame[col] = frame[col].astype("float64")
    geometry = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(frame, geometry=geometry)
    gdf.loc[frame["latitude"].isna(), "geometry"] = None
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_FIXED_DATE})
    try:
        out.unlink(missing_ok=True)  # the GPKG driver would otherwise add to an existing file
        gdf.to_file(out, driver="GPKG", layer="events", engine="pyogrio")
    except (OSError, DataSourceError) as exc:
        raise _cannot_write(out, exc) from None
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def export(conn: sqlite3.Connection, fmt: Format, out: Path | None = None) -> bytes | None:
    """The stored events in ``fmt``: written to ``out`` (returns None), else returned as bytes."""
    if fmt not in FORMATS:
        msg = f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise BadInput(msg)
    fixed = corrections.corrected(conn)  # the analyst's corrections applied (dashboard/corrections.py)
    rows = event_rows(fixed["reports"], fixed["places"], fixed["claims"])
    if fmt == "gpkg":
        if out is not None:
            to_gpkg(rows, Path(out))
            return None
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.gpkg"
            to_gpkg(rows, path)
            return path.read_bytes()
    data = to_csv(rows) if fmt == "csv" else to_geojson(rows)
    if out is None:
        return data
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    return None


def _cannot_write(out: Path, exc: Exception) -> BadInput:
    """A file the user named that cannot be written: one line, whatever wrote it (Python or GDAL)."""
    reason = getattr(exc, "strerror", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    msg = f"cannot write {out}: {reason}"
    return BadInput(msg)
