"""What the page shows beside the map for one province filter: its caption's counts and its tables,
each a page of ``charts.PAGE_ROWS`` rows at a time (pure apart from the reads in :func:`from_store`).

Two ways to the same result: :func:`from_store` asks the database (counts, and one page of each table
with LIMIT and OFFSET: a table of 100,000 articles reads 100 rows, issue 17); :func:`from_rows` takes
the rows the page has read, as the analysts' corrections leave them (corrections are applied in
Python, so a database with corrections takes this way)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from dashboard import charts, corrections, store

Row = Mapping[str, Any]
TABLES = ("figures", "claims", "to_check", "reports")  # the tables that page, by their Sections name
_STORED = {"figures": "figures", "claims": "claims", "to_check": "places"}  # the store's table of each


class Table(NamedTuple):
    """One page of a table: its rows as the page shows them, how many rows the table has in all, and
    where the page starts among them (most recent articles first)."""
    frame: pd.DataFrame
    total: int
    offset: int = 0


class Sections(NamedTuple):
    counts: dict[str, int]  # places, claims, figures in the filter and the articles they come from
    figures: Table  # each table: its first page
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


def _frame(name: str, rows: Sequence[Row], claims: Sequence[Row]) -> pd.DataFrame:
    """The page's table ``name`` of these rows (a figure's source is a claim of its sentence)."""
    if name == "figures":
        return charts.figures_table(rows, claims)
    if name == "claims":
        return charts.claims_table(rows)
    if name == "to_check":
        return charts.places_table(rows)
    return charts.reports_table(rows)


def table_from_rows(rows: Mapping[str, Sequence[Row]], name: str, limit: int | None = charts.PAGE_ROWS,
                    offset: int = 0) -> Table:
    """One page of table ``name`` (one of :data:`TABLES`) from the page's rows of one filter
    (``load_rows``); every row from ``offset`` on when ``limit`` is None."""
    if name == "reports":
        listed = rows["reports"]
        page = listed[offset:] if limit is None else listed[offset:offset + limit]
    else:
        listed = _flagged(rows["places"]) if name == "to_check" else rows[name]
        page = charts.latest(listed, limit, offset)
    return Table(_frame(name, page, rows["claims"]), len(listed), offset)


def table_from_store(conn: sqlite3.Connection, name: str, provinces: Sequence[str] = (),
                     limit: int | None = charts.PAGE_ROWS, offset: int = 0) -> Table:
    """The same as :func:`table_from_rows` of a database without corrections, read with LIMIT and OFFSET."""
    if name == "reports":
        reports, total = store.recent_reports(conn, provinces, limit, offset)
        return Table(charts.reports_table(reports), total, offset)
    found, total = store.recent_rows(conn, _STORED[name], provinces, limit, offset)
    sources = (store.claims_of_reports(conn, [f["report_id"] for f in found], provinces)
               if name == "figures" else ())
    return Table(_frame(name, found, sources), total, offset)


def from_rows(rows: Mapping[str, Sequence[Row]], limit: int = charts.PAGE_ROWS) -> Sections:
    """From the page's rows of one filter (``load_rows``: places, claims, figures that count,
    consistency, reports): the counts and each table's first page."""
    shown = {r["report_id"] for key in ("places", "claims", "figures") for r in rows[key]}
    return Sections(
        counts={"places": len(rows["places"]), "claims": len(rows["claims"]),
                "figures": len(rows["figures"]), "reports": len(shown)},
        consistency=charts.consistency_table(rows["consistency"]) if rows["consistency"] else None,
        **{name: table_from_rows(rows, name, limit) for name in TABLES})


def from_store(conn: sqlite3.Connection, provinces: Sequence[str] = (), limit: int = charts.PAGE_ROWS
               ) -> Sections:
    """The same as :func:`from_rows` of a database without corrections, read with counts and LIMITs."""
    consistency = store.consistency(conn, provinces)
    return Sections(
        counts=store.filter_counts(conn, provinces),
        consistency=charts.consistency_table(consistency) if consistency else None,
        **{name: table_from_store(conn, name, provinces, limit) for name in TABLES})


def _in_sql(conn: sqlite3.Connection) -> bool:
    """Whether the database's tables can be read in SQL: no corrections, every figure classified."""
    return not corrections.count(conn) and not store.unclassified_figures(conn)


def of_database(conn: sqlite3.Connection, provinces: Sequence[str], rows: Callable[[], Any]) -> Sections:
    """:func:`from_store` when the database allows it (no corrections, every figure classified),
    else :func:`from_rows` of ``rows()`` (the page's cached rows, read only then)."""
    return from_store(conn, provinces) if _in_sql(conn) else from_rows(rows())


def page_of_database(conn: sqlite3.Connection, name: str, provinces: Sequence[str], rows: Callable[[], Any],
                     limit: int | None = charts.PAGE_ROWS, offset: int = 0) -> Table:
    """One page of one table, the way :func:`of_database` reads them."""
    if _in_sql(conn):
        return table_from_store(conn, name, provinces, limit, offset)
    return table_from_rows(rows(), name, limit, offset)


def whole_table(conn: sqlite3.Connection, name: str, provinces: Sequence[str] = ()) -> pd.DataFrame:
    """Every row of table ``name`` in the filter, as corrected (the page's download of it)."""
    return page_of_database(conn, name, provinces, lambda: page_rows(conn, provinces), None).frame
