"""The aggregates the store keeps at each save (dashboard/rollups.py) are those made from every row, on
both engines, after ingest, re-ingest, older copies, corrections and deletions; the page's map drawn
from them is the map of every row (issue 17)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from dashboard import aggregates, corrections, events, ingest, rollups, sections, store
from dashboard.mapview import MapLayers, overlays
from tests.test_aggregates import _features, _lines
from tests.test_sections import _same

CORPUS = Path(__file__).resolve().parent / "corpus_campaign"
_F = "f.ftype, f.k1, f.k2, f.klat, f.klon, f.admin1, f.country_iso3"  # a feature's key
_READ = {  # each table in a form that does not depend on its ids
    "roll_provinces": "SELECT * FROM roll_provinces",
    "roll_features": f"SELECT {_F}, n_rows, n_sentences, check_ord FROM roll_features f",
    "roll_feature_rows": f"SELECT {_F}, o.report_id, o.seq, o.published, o.ord FROM roll_feature_rows o "
                         "JOIN roll_features f ON f.id = o.feature_id",
    "roll_feature_names": f"SELECT {_F}, n.mention_key, n.ord FROM roll_feature_names n "
                          "JOIN roll_features f ON f.id = n.feature_id",
    "roll_quoted": f"SELECT {_F}, q.place_key, q.admin1, q.country_iso3, q.n FROM roll_quoted q "
                   "JOIN roll_features f ON f.id = q.feature_id",
    "roll_names": "SELECT place_key, admin1, country_iso3, n_rows, n_claims FROM roll_names",
    "roll_name_claims": "SELECT n.place_key, n.admin1, n.country_iso3, c.report_id, c.seq, c.by_when, "
                        "c.own_undated, c.ord FROM roll_name_claims c JOIN roll_names n ON n.id = c.name_id",
    "roll_statements": "SELECT * FROM roll_statements",
    "roll_statement_reports": "SELECT s.skey, m.report_id, m.min_seq FROM roll_statement_reports m "
                              "JOIN roll_statements s ON s.id = m.statement_id",
}


def _snapshot(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every aggregate, without the ids of the rows of aggregates (made afresh by a rebuild)."""
    def row(table: str, values: Any) -> tuple[Any, ...]:
        return tuple(values)[1:] if table == "roll_statements" else tuple(values)

    return {table: sorted((row(table, r) for r in conn.execute(sql).fetchall()), key=repr)
            for table, sql in _READ.items()}


def _rebuilt(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The aggregates made again from every row (rolled back: the database keeps its own)."""
    conn.execute("BEGIN")
    try:
        rollups.rebuild(conn)
        return _snapshot(conn)
    finally:
        conn.execute("ROLLBACK")


def _check(conn: Any, layers: MapLayers) -> dict[str, list[tuple[Any, ...]]]:
    """The kept aggregates equal those made from every row; the counts per province and the map (cut
    rows, counted lines) equal those of every row. Returns the aggregates."""
    kept = _snapshot(conn)
    assert kept == _rebuilt(conn)
    live = {r["id"] for r in store.reports(conn)}
    assert {r[7] for r in kept["roll_feature_rows"]} | {r[3] for r in kept["roll_name_claims"]} <= live
    counts = store.province_counts(conn)
    every = sections.province_counts(store.places(conn), store.claims(conn), store.figures(conn))
    assert counts == every and len(counts) > 3
    if not corrections.count(conn):  # the caption's and tables' counts, filtered by name and by label
        top = counts[0]
        label = f"{top['admin1']} ({top['country_iso3']})"
        for provinces in ((), (top["admin1"],), (label, counts[1]["admin1"])):
            rows = sections.page_rows(conn, provinces)
            _same(sections.from_store(conn, provinces, 5), sections.from_rows(rows, 5))
    full = _features(overlays(store.places(conn), store.claims(conn), counts, layers=layers))
    rows = aggregates.map_rows(conn, (), per_feature=rollups.PER_FEATURE, per_name=rollups.PER_NAME)
    cut = _features(overlays(rows.places, rows.claims, counts, layers=layers, totals=rows.totals))
    assert [f.get("id") for f in cut] == [f.get("id") for f in full]
    assert [f.get("geometry") for f in cut] == [f.get("geometry") for f in full]
    assert [_lines(f["properties"]["tip"]) for f in cut if "properties" in f] == \
        [_lines(f["properties"]["tip"]) for f in full if "properties" in f]
    return kept


@pytest.fixture(scope="module")
def layers() -> MapLayers:
    return MapLayers.bundled()


def test_the_kept_aggregates_are_those_of_every_row_through_saves_corrections_and_deletions(
        db: str, layers: MapLayers, monkeypatch: pytest.MonkeyPatch) -> None:
    # few rows kept per feature and name: cutting them and filling them again is exercised
    monkeypatch.setattr(rollups, "PER_FEATURE", 3)
    monkeypatch.setattr(rollups, "PER_NAME", 2)
    assert not [r.error for r in ingest.ingest_paths(db, [CORPUS]) if r.error]
    conn = store.connect(db)
    try:
        first = _check(conn, layers)
        assert max(n for *_, n, _s, _c in first["roll_features"]) > rollups.PER_FEATURE  # rows were cut
        assert ingest.ingest_paths(db, [CORPUS]) and _snapshot(conn) == first  # re-ingest: a no-op

        # copies of three articles published earlier (a backfill): they come first in the tooltips
        for rid in (1, 5, 9):
            report = store.load_report(conn, rid)
            meta = dataclasses.replace(report.report, sha256=f"copy-{rid}", published=f"2001-01-0{rid}")
            copy = dataclasses.replace(report, report=meta)
            assert store.save_report(conn, copy, store.report_text(conn, rid)).created
        report = store.load_report(conn, 3)  # a word-for-word copy: the same statements as article 3
        same = dataclasses.replace(report, report=dataclasses.replace(report.report, sha256="same-3"))
        assert store.save_report(conn, same, store.report_text(conn, 3)).created
        copied = _check(conn, layers)
        before, now = ({r[7] for r in rows["roll_feature_rows"]} for rows in (first, copied))
        assert now - before and before - now  # the copies, older, pushed others out of the oldest rows

        # corrections are kept apart from the rows: the aggregates stay those of the stored rows
        place = store.rows_of_report(conn, "places", 2)[0]
        claim = store.rows_of_report(conn, "claims", 2)[0]
        sha = store.load_report(conn, 2).report.sha256
        corrections.record(conn, sha, "place", corrections.place_key(place), "wrong", author="ab")
        corrections.record(conn, sha, "claim", corrections.claim_key(claim), "reject", author="ab")
        assert _check(conn, layers) == copied

        # deletions: a copy that heads oldest lists, the article with the most places, and the first of
        # two articles stating the same (its statements stay, with the copy first)
        biggest = max(store.reports(conn), key=lambda r: r["n_places"])["id"]
        shared = [r for r in copied["roll_statements"] if r[-2] == 3]
        keys = {r[0] for r in shared}
        assert keys and {r[1] for r in copied["roll_statement_reports"] if r[0] in keys} == {
            3, store.find_report(conn, "same-3")["id"]}
        for rid in (store.find_report(conn, "copy-5")["id"], biggest, 3):
            store.delete_report(conn, rid)
            after = _check(conn, layers)
            assert rid not in {r[7] for r in after["roll_feature_rows"]} | {r[3] for r in
                                                                            after["roll_name_claims"]}
            assert rid not in {r[1] for r in after["roll_statement_reports"]}
        assert {r[0] for r in after["roll_statements"]} >= keys
    finally:
        conn.close()


def test_the_migrations_to_schemas_4_and_6_make_the_aggregates_of_the_stored_rows(
        db: str, layers: MapLayers, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database of schema 3 (rows, no aggregates) gains them on connect, as saves would have kept them."""
    monkeypatch.setattr(store, "_ready", set())  # as a new process: PostgreSQL's schema is checked again
    paths = sorted(CORPUS.glob("*.txt"))[:8]
    assert not [r.error for r in ingest.ingest_paths(db, paths) if r.error]
    conn = store.connect(db)
    saved = _snapshot(conn)
    for table in reversed(rollups.TABLES):
        conn.execute(f"DROP TABLE {table}")
    store._set_schema_version(conn, 3)
    conn.close()
    store._ready.clear()
    conn = store.connect(db)
    try:
        assert store._schema_version(conn) == store.SCHEMA_VERSION
        assert _check(conn, layers) == saved and saved["roll_features"]
        # a database of schema 5 (kept aggregates, no per-article counts) gains them
        units = conn.execute("SELECT * FROM roll_units ORDER BY report_id, admin1, country_iso3").fetchall()
        conn.execute("DROP TABLE roll_units")
        store._set_schema_version(conn, 5)
    finally:
        conn.close()
    store._ready.clear()
    conn = store.connect(db)
    try:
        again = conn.execute("SELECT * FROM roll_units ORDER BY report_id, admin1, country_iso3").fetchall()
        assert [tuple(r) for r in again] == [tuple(r) for r in units] and units
    finally:
        conn.close()


def test_copies_from_the_signatures_kept_at_save_are_those_from_the_texts(
        db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Syndicated copies found from the MinHash signatures the store keeps (dashboard/copies.py) are
    those found by reading and signing the texts, after saves and after the migration to schema 5."""
    monkeypatch.setattr(store, "_ready", set())  # as a new process: PostgreSQL's schema is checked again
    assert not [r.error for r in ingest.ingest_paths(db, sorted(CORPUS.glob("*.txt"))[:10]) if r.error]
    conn = store.connect(db)
    report, text = store.load_report(conn, 1), store.report_text(conn, 1)
    made = {}  # a wire copy with its own dateline and a last line, and a word-for-word copy
    for sha, variant in (("near-1", f"KABUL (Wire) - {text}\nEditing by Someone Else."), ("same-1", text)):
        copy = dataclasses.replace(report, report=dataclasses.replace(report.report, sha256=sha))
        made[sha] = store.save_report(conn, copy, variant).report_id
    ids = [r["id"] for r in store.reports(conn)]
    from_texts = events.copies_of_texts(store.report_texts(conn, ids))
    assert from_texts[made["near-1"]] == from_texts[made["same-1"]] == from_texts[1] == 1
    assert len(set(from_texts.values())) >= 8  # the others are no copies of each other
    assert store.near_copies(conn, ids) == from_texts
    assert conn.execute("SELECT COUNT(*) FROM signatures").fetchone()[0] == len(ids) - 1  # "same-1": one
    conn.execute("DROP TABLE signatures")
    conn.execute("ALTER TABLE reports DROP COLUMN text_key")
    store._set_schema_version(conn, 4)
    conn.close()
    store._ready.clear()
    conn = store.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM reports WHERE text_key IS NULL").fetchone()[0] == 0
        assert store.near_copies(conn, ids) == from_texts
    finally:
        conn.close()


def test_two_writers_at_once_keep_the_aggregates_right(db: str) -> None:
    """Two connections saving articles about the same places at the same time (app replicas, batch
    clients): every save lands (a deadlock between their upserts is retried) and the aggregates are
    those of every row."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.test_store import sample_report

    def write(worker: int) -> int:
        conn = store.connect(db)
        try:
            texts = [f"writer {worker} article {i}" for i in range(12)]
            provinces = ("Badakhshan", "Kunduz")
            return sum(store.save_report(conn, sample_report(t, admin1=provinces[i % 2]), t).created
                       for i, t in enumerate(texts))
        finally:
            conn.close()

    store.connect(db).close()  # the schema made once
    with ThreadPoolExecutor(2) as pool:
        assert sum(pool.map(write, (1, 2))) == 24
    conn = store.connect(db)
    try:
        assert _snapshot(conn) == _rebuilt(conn)
        assert sum(r["n_reports"] for r in store.province_counts(conn)) == 24  # one province each
    finally:
        conn.close()
