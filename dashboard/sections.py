"""What the page shows beside the map for one province filter: its caption's counts and its tables,
each cut at ``charts.TABLE_LIMIT`` rows (pure apart from the reads in :func:`from_store`).

Two ways to the same result: :func:`from_store` asks the database (counts, and the last rows of each
table, with LIMIT: a table of 100,000 articles reads 1,000 rows, issue 17); :func:`from_rows` takes
the rows the page has read, as the analysts' corrections leave them (corrections are applied in
Python, so a database with corrections takes this way)."""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from dashboard import charts, corrections, store

Row = Mapping[str, Any]
Table = tuple[pd.DataFrame, str | None]  # the table, and a note when it is cut


class Sections(NamedTuple):
    counts: dict[str, int]  # places, claims, figures in the filter and the articles they come from
    figures: Table
    claims: Table
    to_check: Table  # places resolved with low confidence
    consistency: pd.DataFrame | None
    reports: Table


def page_rows(conn: sqlite3.Connection, provinces: Sequence[str] = (),
              unfiltered: Mapping[str, Any] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of one filter as the analysts' corrections leave them: places, claims, figures that
    count, consistency findings, the counts per province, and the articles (all, and those the filter
    shows). ``unfiltered``: the same without a filter, already read (its counts and article list)."""
    fixed = corrections.corrected(conn, provinces)
    live = {r["id"] for r in fixed["reports"]}
    if unfiltered:
        counts = unfiltered["province_counts"]
    elif corrections.count(conn):  # deleted articles, places marked wrong or moved: count what is left
        counts = province_counts(fixed["places"], fixed["claims"],
                                 [f for f in store.figures(conn) if f["report_id"] in live])
    else:
        counts = store.province_counts(conn)
    rows = {"places": fixed["places"], "claims": fixed["claims"],
            "figures": [f for f in charts.counted(store.figures(conn, provinces)) if f["report_id"] in live],
            "consistency": [c for c in store.consistency(conn, provinces) if c["report_id"] in live],
            "province_counts": counts,
            "all_reports": unfiltered["all_reports"] if unfiltered else fixed["reports"]}
    # the report list obeys the filter: the articles with a place, claim or figure in it
    shown = {r["report_id"] for key in ("places", "claims", "figures") for r in rows[key]}
    rows["reports"] = ([r for r in rows["all_reports"] if r["id"] in shown] if provinces
                       else rows["all_reports"])
    return rows


def province_counts(places: Sequence[Row], claims: Sequence[Row], figures: Sequence[Row]
                    ) -> list[dict[str, Any]]:
    """:func:`store.province_counts` of these rows (the corrected ones): per (province, country)
    mentions, claims, figures and reports, most counted first. A figure's country is that of a place
    of its report in its province."""
    country_of = {(p["report_id"], p.get("admin1")): p.get("country_iso3")
                  for p in reversed(places) if p.get("admin1") and p.get("country_iso3")}
    units: dict[tuple[Any, Any], dict[str, Any]] = {}

    def add(admin1: Any, iso3: Any, report_id: Any, key: str) -> None:
        unit = units.setdefault((admin1, iso3), {"admin1": admin1, "country_iso3": iso3, "n_places": 0,
                                                 "n_claims": 0, "n_figures": 0, "reports": set()})
        unit[key] += 1
        unit["reports"].add(report_id)

    for rows, key in ((places, "n_places"), (claims, "n_claims")):
        for r in rows:
            if r.get("admin1"):
                add(r["admin1"], r.get("country_iso3"), r["report_id"], key)
    for f in figures:
        if f.get("admin1"):
            add(f["admin1"], country_of.get((f["report_id"], f["admin1"])), f["report_id"], "n_figures")
    out = [{**{k: v for k, v in u.items() if k != "reports"}, "n_reports": len(u["reports"])}
           for u in units.values()]
    return sorted(out, key=lambda u: (-(u["n_places"] + u["n_claims"] + u["n_figures"]), str(u["admin1"]),
                                      u["country_iso3"] or ""))


def _flagged(places: Sequence[Row]) -> list[Row]:
    return [p for p in places if corrections.flag(p).startswith("⚠")]


def from_rows(rows: Mapping[str, Sequence[Row]], limit: int = charts.TABLE_LIMIT) -> Sections:
    """From the page's rows of one filter (``load_rows``: places, claims, figures that count,
    consistency, reports)."""
    figures, figures_note = charts.latest(rows["figures"], limit)
    claims, claims_note = charts.latest(rows["claims"], limit)
    to_check, to_check_note = charts.latest(_flagged(rows["places"]), limit)
    reports = rows["reports"]
    shown = {r["report_id"] for key in ("places", "claims", "figures") for r in rows[key]}
    return Sections(
        counts={"places": len(rows["places"]), "claims": len(rows["claims"]),
                "figures": len(rows["figures"]), "reports": len(shown)},
        figures=(charts.figures_table(figures, rows["claims"]), figures_note),
        claims=(charts.claims_table(claims), claims_note),
        to_check=(charts.places_table(to_check), to_check_note),
        consistency=charts.consistency_table(rows["consistency"]) if rows["consistency"] else None,
        reports=(charts.reports_table(reports[:limit]), charts.limit_note(limit, len(reports))))


def from_store(conn: sqlite3.Connection, provinces: Sequence[str] = (), limit: int = charts.TABLE_LIMIT
               ) -> Sections:
    """The same as :func:`from_rows` of a database without corrections, read with counts and LIMITs."""
    figures, n_figures = store.recent_rows(conn, "figures", provinces, limit)
    claims, n_claims = store.recent_rows(conn, "claims", provinces, limit)
    to_check, n_to_check = store.recent_rows(conn, "places", provinces, limit)
    reports, n_reports = store.recent_reports(conn, provinces, limit)
    consistency = store.consistency(conn, provinces)
    sources = store.claims_of_reports(conn, [f["report_id"] for f in figures], provinces)
    return Sections(
        counts=store.filter_counts(conn, provinces),
        figures=(charts.figures_table(figures, sources), charts.limit_note(limit, n_figures)),
        claims=(charts.claims_table(claims), charts.limit_note(limit, n_claims)),
        to_check=(charts.places_table(to_check), charts.limit_note(limit, n_to_check)),
        consistency=charts.consistency_table(consistency) if consistency else None,
        reports=(charts.reports_table(reports), charts.limit_note(limit, n_reports)))


def of_database(conn: sqlite3.Connection, provinces: Sequence[str], rows: Any) -> Sections:
    """:func:`from_store` when the database allows it (no corrections, every figure classified),
    else :func:`from_rows` of ``rows()`` (the page's cached rows, read only then)."""
    if not corrections.count(conn) and not store.unclassified_figures(conn):
        return from_store(conn, provinces)
    return from_rows(rows())
