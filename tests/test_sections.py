"""The page's caption and tables read with counts and LIMITs in SQL are the tables built from every row,
on both backends (issue 17), and a database with corrections takes the rows' way."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import corrections, figures, ingest, sections, store

CORPUS = Path(__file__).resolve().parent / "corpus_campaign"


@pytest.fixture(scope="module")
def campaign(module_db: str) -> str:
    """The campaign corpus (30+ wire reports, real extraction) in a database of each backend."""
    assert not [r.error for r in ingest.ingest_paths(module_db, [CORPUS]) if r.error]
    return module_db


def _same(a: sections.Sections, b: sections.Sections) -> None:
    assert a.counts == b.counts
    for name in ("figures", "claims", "to_check", "reports"):
        (frame_a, *where_a), (frame_b, *where_b) = getattr(a, name), getattr(b, name)
        pd.testing.assert_frame_equal(frame_a, frame_b, obj=name)
        assert where_a == where_b, name  # how many rows in all, where the page starts
    if a.consistency is None or b.consistency is None:
        assert a.consistency is None and b.consistency is None
    else:
        pd.testing.assert_frame_equal(a.consistency, b.consistency)


def _provinces(conn) -> list[tuple[str, ...]]:
    top = store.province_counts(conn)[:2]
    return [(), (top[0]["admin1"],), tuple(r["admin1"] for r in top)]


@pytest.mark.parametrize("limit", [3, 25, 10_000])
def test_sql_tables_are_the_tables_of_every_row(campaign: str, limit: int) -> None:
    conn = store.connect(campaign, readonly=True)
    try:
        assert not store.unclassified_figures(conn) and not corrections.count(conn)
        for provinces in _provinces(conn):
            from_sql = sections.from_store(conn, provinces, limit)
            _same(from_sql, sections.from_rows(sections.page_rows(conn, provinces), limit))
            assert from_sql.counts["places"] > 0 and from_sql.counts["reports"] > 0
    finally:
        conn.close()


def test_a_cut_table_reads_only_its_rows_and_says_so(campaign: str) -> None:
    conn = store.connect(campaign, readonly=True)
    try:
        rows, total = store.recent_rows(conn, "claims", (), 4)
        every = store.claims(conn)
        assert total == len(every) > 4 and rows == every[-4:]
        shown = sections.from_store(conn, (), 4)
        assert len(shown.claims.frame) == 4 and shown.claims.total == len(every)
        reports, n = store.recent_reports(conn, (), 2)
        assert reports == store.reports(conn)[:2] and n == len(store.reports(conn))
    finally:
        conn.close()


def _as_rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return sorted(tuple(map(str, row)) for row in frame.itertuples(index=False))


@pytest.mark.parametrize("name", sections.TABLES)
def test_a_table_pages_through_every_row_most_recent_first(campaign: str, name: str) -> None:
    """Each page read in SQL (LIMIT and OFFSET) is the page of every row; the pages hold every row of
    the table once, and the download (:func:`sections.whole_table`) gives them all (issue 16)."""
    conn = store.connect(campaign, readonly=True)
    try:
        rows = sections.page_rows(conn)
        whole = sections.whole_table(conn, name)
        pd.testing.assert_frame_equal(whole, sections.table_from_rows(rows, name, None).frame)
        size, pages = max(len(whole) // 3, 1), []  # three pages or more
        for offset in range(0, len(whole), size):
            page = sections.table_from_store(conn, name, (), size, offset)
            in_memory = sections.table_from_rows(rows, name, size, offset)
            pd.testing.assert_frame_equal(page.frame, in_memory.frame)
            assert page.total == len(whole) and page.offset == offset and 0 < len(page.frame) <= size
            pages.append(page.frame)
        assert len(pages) >= 2 and _as_rows(pd.concat(pages)) == _as_rows(whole)
        if name != "reports":  # the first page: the most recent articles (reports: by publication date)
            newest = max(r["report_id"] for r in rows[_listed(name)] if _shown(name, r))
            assert (pages[0]["article"] == store.report_row(conn, newest)["title"]).any()
    finally:
        conn.close()


def _listed(name: str) -> str:
    return "places" if name == "to_check" else name


def _shown(name: str, row: dict) -> bool:
    return name != "to_check" or corrections.flag(row).startswith("⚠")


def test_the_sql_filters_are_the_modules_rules() -> None:
    """The SQL spells figures.SHOWN_KINDS and corrections.LOW_CONFIDENCE: one rule, checked here."""
    kinds = store.SHOWN_FIGURES.split("IN (")[1].rstrip(")").replace("'", "").split(", ")
    assert set(kinds) == set(figures.SHOWN_KINDS)
    assert float(store.LOW_CONFIDENCE_PLACES.split("<")[1]) == corrections.LOW_CONFIDENCE


def test_a_database_with_corrections_takes_the_rows_way(db: str) -> None:
    conn = store.connect(db)
    try:
        assert not [r.error for r in ingest.ingest_paths(db, sorted(CORPUS.glob("*.txt"))[:4]) if r.error]
        first = store.reports(conn)[0]
        before = sections.of_database(conn, (), lambda: sections.page_rows(conn))
        corrections.record(conn, first["sha256"], "report", "", "delete", None, "Ana")
        after = sections.of_database(conn, (), lambda: sections.page_rows(conn))
        assert after.counts["reports"] == before.counts["reports"] - 1
        assert first["title"] not in set(after.reports[0]["title"])
        _same(after, sections.from_rows(sections.page_rows(conn)))
    finally:
        conn.close()
