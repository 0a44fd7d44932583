"""Stored places and claims out as CSV (ACLED column names), GeoJSON or GeoPackage.

Rows are events in ACLED's sense: one per claim (at its place when resolved), then one per
distinct resolved place of an article that no claim is about. Output is deterministic: rows
are ordered by article (publication date, content hash), never by ingestion order or clock.

On PostGIS a GeoJSON export is made in SQL (:data:`GEOJSON_SQL`: the claims joined to their places
on the folded keys the store writes, the places no claim is about, the order, and each point by
``ST_AsGeoJSON``); Python only writes the features out. The same document as :func:`event_rows`
gives (tested on both engines). Corrections are applied in Python (:mod:`dashboard.corrections`):
on PostGIS the few corrected articles are left out of the SQL and made by :func:`event_rows` from
their corrected rows; SQLite, CSV and GeoPackage take :func:`event_rows` of every corrected row.
"""
from __future__ import annotations

import csv
import heapq
import io
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from dashboard import corrections, store
from dashboard.errors import BadInput
from dashboard.keys import key

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
                if name:
                    by_name.setdefault(key(name), p)
    claims_of = _by_report(claims)
    located_of = _by_report(p for p in places if p["lat"] is not None and p["lon"] is not None)
    rows: list[dict[str, Any]] = []
    for rep in sorted(reports, key=lambda r: (r["published"] or "", r["sha256"])):
        rid = rep["id"]
        used: set[str] = set()
        for c in claims_of.get(rid, ()):
            place = resolved.get(rid, {}).get(key(c["place"]))
            if place is not None:
                used.add(place["ref"] or key(place["name"]))
            rows.append(_row(rep, place, c))
        for p in located_of.get(rid, ()):
            ident = p["ref"] or key(p["name"] or p["mention"])
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
    return _feature_collection(_features(rows))


def _features(rows: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(geometry, properties) of the rows that have a point."""
    return [({"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
             {k: v for k, v in r.items() if k not in ("latitude", "longitude")})
            for r in rows if r["latitude"] is not None]


def _feature_collection(features: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> bytes:
    """(geometry, properties) pairs as a GeoJSON FeatureCollection, written the same way whichever
    engine made them."""
    doc = {"type": "FeatureCollection",
           "features": [{"type": "Feature", "geometry": g, "properties": p} for g, p in features]}
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# event_rows in SQL, PostGIS only: a claim's place is the first resolved place of its article named
# like it (claims.place_seq, written at ingest); a resolved place no claim is about adds a row, once per
# article and place; the rows with a point, by article (publication date, content hash: bytes order,
# as Python sorts) then claims before places, each in the article's order.
_IDENT = "COALESCE(NULLIF({p}.ref, ''), {name})"
GEOJSON_SQL = f"""
    WITH joined AS (
        SELECT c.*, p.id AS place_id FROM claims c
        LEFT JOIN places p ON p.report_id = c.report_id AND p.seq = c.place_seq
            AND p.lat IS NOT NULL AND p.lon IS NOT NULL),
    used AS (
        SELECT DISTINCT j.report_id, {_IDENT.format(p="p", name="p.name_key")} AS ident
        FROM joined j JOIN places p ON p.id = j.place_id),
    own AS (
        SELECT p.*, {_IDENT.format(p="p", name="CASE WHEN COALESCE(p.name, '') <> '' THEN p.name_key "
                                              "ELSE p.mention_key END")} AS ident
        FROM places p WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL),
    rows AS (
        SELECT j.report_id, 0 AS part, j.seq, j."when", j.admin1 AS c_admin1, j.place, j.source,
               j.sentence AS c_sentence, j.country_iso3 AS c_country, j.actor, j.action, j.place_id
        FROM joined j WHERE j.place_id IS NOT NULL
        UNION ALL
        SELECT o.report_id, 1, o.seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.id
        FROM (SELECT own.*, ROW_NUMBER() OVER (PARTITION BY own.report_id, own.ident ORDER BY own.seq) AS nth
              FROM own WHERE NOT EXISTS (SELECT 1 FROM used u WHERE u.report_id = own.report_id
                                         AND u.ident = own.ident)) o
        WHERE o.nth = 1)
    SELECT ST_AsGeoJSON(p.geom, 5) AS geometry,
           CASE WHEN COALESCE(x."when", '') <> '' THEN x."when" ELSE r.published END AS event_date,
           CASE WHEN COALESCE(x."when", '') = '' THEN (CASE WHEN COALESCE(r.published, '') <> '' THEN 2 END)
                WHEN strpos(x."when", '/') > 0 THEN 2 WHEN length(x."when") = 10 THEN 1 ELSE 3 END
               AS time_precision,
           COALESCE(NULLIF(x.c_admin1, ''), p.admin1) AS admin1,
           COALESCE(NULLIF(p.name, ''), NULLIF(x.place, ''), p.mention) AS location,
           p.precision AS geo_precision, COALESCE(NULLIF(x.source, ''), r.source) AS source,
           COALESCE(NULLIF(x.c_sentence, ''), p.sentence) AS notes,
           COALESCE(NULLIF(x.c_country, ''), p.country_iso3) AS country_iso3, x.actor, x.action, p.ref,
           r.title AS report_title, r.published AS report_published, r.sha256 AS report_sha256
    FROM rows x JOIN places p ON p.id = x.place_id JOIN reports r ON r.id = x.report_id {{skip}}
    ORDER BY COALESCE(r.published, '') COLLATE "C", r.sha256 COLLATE "C", x.report_id, x.part, x.seq"""


def geojson_in_sql(conn: sqlite3.Connection) -> bytes:
    """:func:`to_geojson` of :func:`event_rows` of the corrected articles, made by PostGIS: the articles
    no correction names in SQL; the few corrected ones read, corrected and made in Python, and merged
    in at their place in the order (one correction does not send the export back to every row)."""
    fixed_ids, fixed = corrections.corrected_articles(conn)
    ids = sorted(fixed_ids)
    skip = f"WHERE x.report_id NOT IN ({', '.join('?' * len(ids))})" if ids else ""
    features = []
    for row in store._read(conn, GEOJSON_SQL.replace("{skip}", skip), ids):
        geometry = json.loads(row[0])
        geometry["coordinates"] = [float(c) for c in geometry["coordinates"]]  # 69 -> 69.0, as Python
        features.append((geometry, {name: row[name] for name in COLUMNS
                                    if name not in ("latitude", "longitude")}))
    if ids:
        by_article = lambda f: (f[1]["report_published"] or "", f[1]["report_sha256"])  # noqa: E731
        own = _features(event_rows(fixed["reports"], fixed["places"], fixed["claims"]))
        features = list(heapq.merge(features, own, key=by_article))  # each article's rows stay together
    return _feature_collection(features)


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
    if fmt == "geojson" and store.is_postgres(conn):
        return _written(geojson_in_sql(conn), out)
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
    return _written(to_csv(rows) if fmt == "csv" else to_geojson(rows), out)


def _written(data: bytes, out: Path | None) -> bytes | None:
    """``data`` written to ``out`` (None returned), else returned."""
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
