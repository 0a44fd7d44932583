"""The map and control over time read as aggregates in SQL are those built from every row, on both
backends (issue 17): the same features and tooltips, the same events and control."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import folium
import pytest

from dashboard import aggregates, control, corrections, events, ingest, mapview, rollups, sides, store
from dashboard.keys import key
from dashboard.mapview import MapLayers, overlays

CORPUS = Path(__file__).resolve().parent / "corpus_campaign"


@pytest.fixture(scope="module")
def campaign(module_db: str) -> str:
    """The campaign corpus (30+ wire reports, real extraction) in a database of each backend, and
    copies of three of them under other hashes (as a cloned corpus stores them): claims stated word
    for word by several articles."""
    return _campaign_in(module_db)


def _campaign_in(db: str) -> str:
    assert not [r.error for r in ingest.ingest_paths(db, [CORPUS]) if r.error]
    conn = store.connect(db)
    try:
        for rid in (1, 5, 9):
            report = store.load_report(conn, rid)
            meta = dataclasses.replace(report.report, sha256=f"copy-{rid}")
            copy = dataclasses.replace(report, report=meta)
            assert store.save_report(conn, copy, store.report_text(conn, rid)).created
    finally:
        conn.close()
    return db


@pytest.fixture(scope="module")
def layers() -> MapLayers:
    return MapLayers.bundled()


def _features(made: mapview.Overlays) -> list[dict[str, Any]]:
    """Every feature of every layer (geometry and properties: the tooltips' HTML), and the bounds."""
    out = []
    for group in made.groups + ([made.mentions] if made.mentions else []):
        for element in mapview._walk(group):
            if isinstance(element, folium.GeoJson):
                out += element.data["features"]
    return [*out, {"bounds": made.bounds}]


def _provinces(conn) -> list[tuple[str, ...]]:
    top = store.province_counts(conn)[:2]
    return [(), (top[0]["admin1"],), tuple(r["admin1"] for r in top)]


def test_the_sql_constants_are_the_modules(layers: MapLayers) -> None:
    assert set(aggregates.MARKER_KINDS) == mapview.MARKER_KINDS
    assert aggregates.CHECK_BELOW == corrections.LOW_CONFIDENCE


def test_the_map_of_the_aggregates_is_the_map_of_every_row(campaign: str, layers: MapLayers) -> None:
    conn = store.connect(campaign, readonly=True)
    try:
        counts = store.province_counts(conn)
        for provinces in _provinces(conn):
            rows = aggregates.map_rows(conn, provinces)
            # only what the map draws (a country named alone is no feature)
            assert len(rows.places) < len(store.places(conn, provinces)) or provinces
            every = overlays(store.places(conn, provinces), store.claims(conn, provinces), counts, provinces,
                             layers=layers)
            made = overlays(rows.places, rows.claims, counts, provinces, layers=layers, totals=rows.totals)
            assert _features(made) == _features(every)
            assert len(_features(made)) > 10
    finally:
        conn.close()


_LINE = re.compile(r"<li>")
_MORE = re.compile(r"… and (\d+) more")


def _lines(tip: str) -> int:
    """How many lines a tooltip has: those shown and the "… and N more"."""
    more = _MORE.search(tip)
    return len(_LINE.findall(tip)) + (int(more.group(1)) if more else 0)


def test_cut_rows_still_count_every_tooltip_line(campaign: str, layers: MapLayers) -> None:
    """Two rows per feature and one claim per name read: the features are the same, and each tooltip
    counts its lines in SQL as many as every row gives."""
    conn = store.connect(campaign, readonly=True)
    try:
        counts = store.province_counts(conn)
        every = _features(overlays(store.places(conn), store.claims(conn), counts, layers=layers))
        rows = aggregates.map_rows(conn, (), per_feature=2, per_name=1)
        cut = _features(overlays(rows.places, rows.claims, counts, layers=layers, totals=rows.totals))
    finally:
        conn.close()
    assert [f.get("id") for f in cut] == [f.get("id") for f in every]
    assert [f.get("geometry") for f in cut] == [f.get("geometry") for f in every]
    tips = [(f["properties"]["tip"], g["properties"]["tip"]) for f, g in zip(cut, every) if "properties" in f]
    assert sum(a != b for a, b in tips) > 5  # the cut changed what is quoted...
    assert [_lines(a) for a, _ in tips] == [_lines(b) for _, b in tips]  # ...not how many lines there are
    assert max(_lines(b) for _, b in tips) > mapview.QUOTES_PER_TOOLTIP


def _events(known: events.Territory) -> list[tuple[Any, ...]]:
    return [(e.place, e.action, e.actor, e.loser, e.day, e.precision, e.sources, e.reports)
            for e in known.events]


def test_control_from_claim_groups_is_control_from_every_claim(campaign: str) -> None:
    conn = store.connect(campaign, readonly=True)
    try:
        table = sides.table()
        grouped = aggregates.control_territory(conn, table)
        every = events.territory(store.claims(conn), store.places(conn), store.reports(conn),
                                 lambda ids: store.report_texts(conn, ids), table)
        groups = aggregates.claim_groups(conn)
    finally:
        conn.close()
    assert len(grouped.events) > 5 and _events(grouped) == _events(every)
    assert sum(len(s.report_ids) for s in grouped.statements) == len(every.statements)
    assert len(groups) < len(every.statements)  # identical claims of several articles are one statement
    for day in sorted({e.day for e in every.events}):
        shown = control.as_of(grouped.events, grouped.statements, grouped.sides, day)
        full = control.as_of(every.events, every.statements, every.sides, day)
        strip = lambda pcs: [{**pc.to_dict(), "contradictions": None} for pc in pcs]  # noqa: E731
        assert strip(shown) == strip(full)
        assert [bool(pc.contradictions) for pc in shown] == [bool(pc.contradictions) for pc in full]


@pytest.fixture
def corrected_campaign(new_db) -> tuple[str, int]:
    """The campaign corpus and its copies in a fresh database of the same backend, with an analyst's
    corrections of every kind, some in articles stored twice (a claim group keeps the other copy); and
    the id of the article deleted. The articles are chosen by what the extraction found in them."""
    db = _campaign_in(new_db())
    conn = store.connect(db)
    try:
        sha = {r["id"]: r["sha256"] for r in store.reports(conn)}
        territorial: dict[int, list[dict[str, Any]]] = {}
        for c in store.claims(conn):
            if c["action"] in rollups.CONTROL_ACTIONS:
                territorial.setdefault(c["report_id"], []).append(c)

        def located(rid: int) -> dict[str, Any] | None:
            """The place a claim of the article is about, when resolved (its first mention)."""
            claimed = {key(c["place"]) for c in territorial[rid]}
            return next((p for p in store.rows_of_report(conn, "places", rid)
                         if key(p["mention"]) in claimed), None)

        copied = [rid for rid in (1, 5, 9) if rid in territorial]  # stored twice (_campaign_in)
        assert len(copied) >= 2
        edited, rejected = territorial[copied[0]][0], territorial[copied[1]][0]
        corrections.record(conn, sha[copied[0]], "claim", corrections.claim_key(edited), "edit",
                           {"actor": "Afghan government forces", "action": "retook",
                            "place": edited["place"], "when": "2021-08-30"}, "Ana")
        corrections.record(conn, sha[copied[1]], "claim", corrections.claim_key(rejected), "reject",
                           author="Ana")
        moved = next(rid for rid in sorted(territorial, key=lambda r: r not in copied)
                     if rid not in copied[:2] and (located(rid) or {}).get("lat") is not None)
        corrections.record(conn, sha[moved], "place", corrections.place_key(located(moved)), "reassign",
                           {"name": "Elsewhere", "ref": "test:elsewhere", "kind": "town",
                            "country_iso3": "AFG", "admin1": "Kabul", "lat": 34.5, "lon": 69.2,
                            "precision": 1}, "Ana")
        gone = next(rid for rid in sorted(territorial, reverse=True) if rid not in (*copied, moved))
        corrections.record(conn, sha[gone], "report", "", "delete", author="Ana")
    finally:
        conn.close()
    return db, gone


def test_control_with_corrections_reads_the_corrected_articles_alone(corrected_campaign: tuple[str, int]
                                                                     ) -> None:
    """Control over time of a corrected database: the claim groups of the articles no correction names
    and the corrected articles' own rows, corrected, make the control of every corrected row."""
    db, deleted = corrected_campaign
    conn = store.connect(db, readonly=True)
    try:
        table = sides.table()
        fixed = corrections.corrected(conn)
        every = events.territory(fixed["claims"], fixed["places"], fixed["reports"],
                                 lambda ids: store.report_texts(conn, ids), table)
        before = events.territory(store.claims(conn), store.places(conn), store.reports(conn),
                                  lambda ids: store.report_texts(conn, ids), table)
        grouped = events.from_store(conn, table)
    finally:
        conn.close()
    assert _events(grouped) == _events(every) and _events(every) != _events(before)  # the corrections show
    assert any(s.actor_text == "Afghan government forces" for s in grouped.statements)
    assert not any(deleted in s.report_ids for s in grouped.statements)
    assert any(s.place.lat == 34.5 for s in grouped.statements)  # the place re-assigned
    assert sum(len(s.report_ids) for s in grouped.statements) == len(every.statements)
    for day in sorted({e.day for e in every.events}):
        strip = lambda pcs: [{**pc.to_dict(), "contradictions": None} for pc in pcs]  # noqa: E731
        assert (strip(control.as_of(grouped.events, grouped.statements, grouped.sides, day))
                == strip(control.as_of(every.events, every.statements, every.sides, day)))
