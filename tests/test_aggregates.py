"""The map and control over time read as aggregates in SQL are those built from every row, on both
backends (issue 17): the same features and tooltips, the same events and control."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import folium
import pytest

from dashboard import aggregates, control, corrections, events, ingest, mapview, sides, store
from dashboard.mapview import MapLayers, overlays

CORPUS = Path(__file__).resolve().parent / "corpus_campaign"


@pytest.fixture(scope="module")
def campaign(module_db: str) -> str:
    """The campaign corpus (30+ wire reports, real extraction) in a database of each backend, and
    copies of three of them under other hashes (as a cloned corpus stores them): claims stated word
    for word by several articles."""
    assert not [r.error for r in ingest.ingest_paths(module_db, [CORPUS]) if r.error]
    conn = store.connect(module_db)
    try:
        for rid in (1, 5, 9):
            report = store.load_report(conn, rid)
            meta = dataclasses.replace(report.report, sha256=f"copy-{rid}")
            copy = dataclasses.replace(report, report=meta)
            assert store.save_report(conn, copy, store.report_text(conn, rid)).created
    finally:
        conn.close()
    return module_db


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
