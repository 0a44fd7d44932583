"""Export of stored events: ACLED columns, points, deterministic bytes."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from dashboard import export, store
from dashboard.errors import BadInput
from test_store import HOSTILE, sample_report

ARTICLES = [("first", "2021-07-04", "Badakhshan"), ("second", "2024-02-17", "Kunduz"),
            ("third", None, "Kunduz")]


def _db(path: str | Path, order: list[int]) -> sqlite3.Connection:
    conn = store.connect(path)
    for i in order:
        text, published, admin1 = ARTICLES[i]
        store.save_report(conn, sample_report(text, published, admin1), text, source=f"{text}.txt")
    return conn


@pytest.fixture
def conn(db: str) -> sqlite3.Connection:
    c = _db(db, [0, 1, 2])
    yield c
    c.close()


def test_event_rows_join_claims_to_their_places(conn: sqlite3.Connection) -> None:
    rows = export.event_rows(store.reports(conn), store.places(conn), store.claims(conn))
    # per article: the claim at Ishkashim, then the province place no claim is about; "Nowhere" has no point
    assert [(r["location"], r["action"]) for r in rows] == [
        ("Ishkashim", "captured"), ("Kunduz", None), ("Ishkashim", "captured"), ("Badakhshan", None),
        ("Ishkashim", "captured"), ("Kunduz", None)]
    claim = rows[0]
    assert claim == {
        "event_date": "2021-07-03", "time_precision": 1, "admin1": "Kunduz", "location": "Ishkashim",
        "latitude": 36.7107, "longitude": 71.6121, "geo_precision": 1, "source": "officials",
        "notes": claim["notes"], "country_iso3": "AFG", "actor": "Taliban", "action": "captured",
        "ref": "geonames:1135689", "report_title": claim["report_title"], "report_published": None,
        "report_sha256": claim["report_sha256"]}
    assert [r["report_published"] for r in rows] == [None, None, "2021-07-04", "2021-07-04",
                                                     "2024-02-17", "2024-02-17"]
    assert rows[1]["source"] == "third.txt" and rows[1]["geo_precision"] == 3


def test_event_rows_keep_each_article_together_whatever_the_input_order() -> None:
    """Claims and places listed across articles (interleaved): per article, in article order, its claims
    in their own order, then its resolved places that no claim used, each once."""
    n = 30
    reports = [{"id": i, "published": None if i % 3 == 0 else f"2021-07-{i % 28 + 1:02d}",
                "sha256": f"{i:064x}",
                "title": f"t{i}", "source": f"{i}.txt"} for i in range(n)]

    def place(i: int, name: str, ref: str | None, lat: float | None) -> dict[str, object]:
        return {"report_id": i, "mention": name, "name": name, "ref": ref, "lat": lat, "lon": lat}

    places = [p for k in range(5) for i in range(n) for p in [
        (place(i, "Alpha", f"a{i}", 1.0), place(i, "Bravo", None, 2.0), place(i, "Charlie", None, None),
         place(i, "Delta", f"d{i}", 3.0), place(i, "Delta", f"d{i}", 3.0))[k]]]
    claims = [{"report_id": i, "place": where, "actor": f"actor {i}", "action": "captured"}
              for where in ("Alpha", "Nowhere", "bravo") for i in reversed(range(n))]
    rows = export.event_rows(list(reversed(reports)), places, claims)
    expected = [(r["sha256"], where, actor)
                for r in sorted(reports, key=lambda r: (r["published"] or "", r["sha256"]))
                for where, actor in (("Alpha", f"actor {r['id']}"), ("Nowhere", f"actor {r['id']}"),
                                     ("Bravo", f"actor {r['id']}"), ("Delta", None))]
    assert [(r["report_sha256"], r["location"], r["actor"]) for r in rows] == expected


@pytest.mark.parametrize(("resolved", "published", "expected"), [
    ("2021-07-03", None, ("2021-07-03", 1)), ("2021-06", "2021-07-04", ("2021-06", 3)),
    ("2021", None, ("2021", 3)), ("2021-06-28/2021-07-03", None, ("2021-06-28/2021-07-03", 2)),
    (None, "2021-07-04", ("2021-07-04", 2)), (None, None, (None, None)),
])
def test_event_date_and_acled_time_precision(resolved, published, expected) -> None:
    assert export._event_date(resolved, published) == expected


def test_csv_has_acled_columns_and_keeps_text_as_text(conn: sqlite3.Connection) -> None:
    data = export.export(conn, "csv", None)
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert tuple(table[0]) == export.COLUMNS
    assert {"event_date", "time_precision", "admin1", "location", "latitude", "longitude", "geo_precision",
            "source", "notes"} <= set(export.COLUMNS)
    assert len(table) == 6 and HOSTILE in table[0]["notes"]


def test_geojson_is_a_feature_collection_of_points(conn: sqlite3.Connection) -> None:
    doc = json.loads(export.export(conn, "geojson", None))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 6
    first = doc["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [71.6121, 36.7107]}
    assert first["properties"]["action"] == "captured" and "latitude" not in first["properties"]


def test_gpkg_round_trips_through_pyogrio(conn: sqlite3.Connection, tmp_path: Path) -> None:
    import pyogrio

    out = tmp_path / "events.gpkg"
    assert export.export(conn, "gpkg", out) is None
    frame = pyogrio.read_dataframe(out, layer="events")
    assert len(frame) == 6 and frame.crs.to_epsg() == 4326
    stamp = sqlite3.connect(out).execute("SELECT last_change FROM gpkg_contents").fetchone()[0]
    assert stamp.startswith("2000-01-01")  # no clock in the file: same database, same bytes
    assert list(frame["location"][:2]) == ["Ishkashim", "Kunduz"]
    assert frame.geometry.iloc[0].x == pytest.approx(71.6121)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_is_deterministic(tmp_path: Path, new_db, fmt: str) -> None:
    """Same database, same bytes; and the same articles ingested in another order, same bytes."""
    a = _db(new_db(), [0, 1, 2])
    b = _db(new_db(), [2, 0, 1])
    first = export.export(a, fmt, None)
    assert first == export.export(a, fmt, None) == export.export(b, fmt, None)
    out = tmp_path / f"x.{fmt}"
    export.export(a, fmt, out)
    assert out.read_bytes() == first


def test_empty_database_exports(db: str) -> None:
    conn = store.connect(db)
    assert json.loads(export.export(conn, "geojson", None)) == {"type": "FeatureCollection", "features": []}
    assert export.export(conn, "csv", None).decode().splitlines() == [",".join(export.COLUMNS)]
    assert export.export(conn, "gpkg", None)[:16] == b"SQLite format 3\x00"


def test_unknown_format_is_bad_input(conn: sqlite3.Connection) -> None:
    with pytest.raises(BadInput, match="unknown export format 'kml'"):
        export.export(conn, "kml", None)


def test_csv_cells_never_start_a_spreadsheet_formula() -> None:
    report = {"id": 1, "published": None, "sha256": "0", "title": "=HYPERLINK(\"http://x\")",
              "source": "@SUM(A1)"}
    place = {"report_id": 1, "mention": "Kunduz", "name": "Kunduz", "lat": -1.5, "lon": 2.0, "ref": None,
             "admin1": "+cmd|' /C calc'!A0", "country_iso3": "AFG", "precision": 1, "sentence": "-2+3"}
    table = list(csv.reader(io.StringIO(export.to_csv(export.event_rows([report], [place], [])).decode())))
    row = dict(zip(table[0], table[1]))
    assert row["report_title"] == "'=HYPERLINK(\"http://x\")" and row["source"] == "'@SUM(A1)"
    assert row["admin1"].startswith("'+") and row["notes"] == "'-2+3"
    assert row["latitude"] == "-1.5"  # numbers are numbers


CAMPAIGN = Path(__file__).resolve().parent / "corpus_campaign"


def test_geojson_is_made_in_sql_on_postgis_and_is_the_same_on_both_engines(
        tmp_path: Path, postgres, monkeypatch: pytest.MonkeyPatch) -> None:
    """The campaign corpus on both engines: PostGIS writes the GeoJSON in SQL (event_rows is never
    called), byte for byte what the SQLite path writes; with corrections too, PostGIS making the
    corrected articles alone with event_rows (SQLite: every corrected row)."""
    from dashboard import corrections, ingest

    dbs = {"sqlite": str(tmp_path / "campaign.sqlite"), "postgis": postgres.new_database()}
    for db in dbs.values():
        assert not [r.error for r in ingest.ingest_paths(db, [CAMPAIGN]) if r.error]

    def both() -> dict[str, bytes]:
        out = {}
        for engine, db in dbs.items():
            conn = store.connect(db, readonly=True)
            try:
                out[engine] = export.export(conn, "geojson", None)
            finally:
                conn.close()
        return out

    every_row = export.event_rows
    with monkeypatch.context() as patched:
        calls = []
        patched.setattr(export, "event_rows", lambda *a: calls.append(a) or every_row(*a))
        plain = both()
        assert len(calls) == 1  # SQLite's; PostGIS made it in SQL
    assert plain["postgis"] == plain["sqlite"]
    features = json.loads(plain["postgis"])["features"]
    assert len(features) > 30 and {f["properties"]["action"] for f in features} > {None, "captured"}
    for engine, db in dbs.items():  # a place moved, a claim rejected, an article deleted: the same on both
        conn = store.connect(db)
        try:
            place = next(p for p in store.places(conn) if p["mention"] == "Kunduz" and p["lat"] is not None)
            claim = store.claims(conn)[0]
            sha = {r["id"]: r["sha256"] for r in store.reports(conn)}
            moved = {**{k: place[k] for k in corrections.PLACE_FIELDS}, "lat": 1.5, "lon": 2.5}
            corrections.record(conn, sha[place["report_id"]], "place", corrections.place_key(place),
                               "reassign", moved, "Ana")
            corrections.record(conn, sha[claim["report_id"]], "claim", corrections.claim_key(claim), "reject",
                               author="Ana")
            gone = max(set(sha) - {place["report_id"], claim["report_id"]})
            corrections.record(conn, sha[gone], "report", "", "delete", author="Ana")
        finally:
            conn.close()
    with monkeypatch.context() as patched:
        calls = []
        patched.setattr(export, "event_rows", lambda *a: calls.append(a) or every_row(*a))
        fixed = both()
    assert fixed["postgis"] == fixed["sqlite"] != plain["sqlite"]
    sqlite_reports, postgis_reports = (len(reports) for reports, _, _ in calls)
    # PostGIS: the corrected articles alone (the deleted one left out by both)
    assert (sqlite_reports, postgis_reports) == (len(sha) - 1, len({place["report_id"], claim["report_id"]}))
    assert [2.5, 1.5] in [f["geometry"]["coordinates"] for f in json.loads(fixed["sqlite"])["features"]]
    assert len(json.loads(fixed["sqlite"])["features"]) < len(features)
