"""The page through streamlit.testing.v1.AppTest on a real temporary SQLite database."""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import datasets, ingest, settings, store
from dashboard.model import Claim, Figure, Place, Report, ReportMeta
from dashboard.settings import MAX_ARTICLE_BYTES

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TIMEOUT = 120


def report(title: str, province: str, town: str, lat: float, lon: float, figure: str,
           country: str = "AFG") -> tuple[Report, str]:
    sentence = f"Fighters seized {town} in {province} province, where {figure} soldiers fled."
    text = f"{title}\n\n{sentence}"
    meta = ReportMeta(title=title, published="2021-07-04", sha256=hashlib.sha256(text.encode()).hexdigest())
    return Report(
        report=meta,
        places=(Place(mention=town, start=0, end=len(town), kind="town", name=town, country_iso3=country,
                      admin1=province, lat=lat, lon=lon, precision=1, ref=f"geonames:{town}",
                      confidence=0.9, sentence=sentence),),
        figures=(Figure(text=figure, start=0, end=len(figure), value=float(figure.split()[-1]),
                        counts="soldiers", sentence=sentence, place=town, admin1=province, when="2021-07-03"),
                 ),
        claims=(Claim(actor="Fighters", action="seized", place=town, when="2021-06", sentence=sentence,
                      admin1=province, country_iso3=country),),
    ), text


@pytest.fixture
def db(new_db, monkeypatch):
    """Two stored reports, in each backend (a SQLite file; a PostGIS database)."""
    path = new_db()
    conn = store.connect(path)
    for rep, text in (report("Kunduz story", "Kunduz", "Imam Sahib", 37.19, 68.94, "about 120"),
                      report("Badakhshan story", "Badakhshan", "Faizabad", 37.12, 70.58, "more than 300")):
        store.save_report(conn, rep, text, source="test")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DB", path)
    return path


def run(query: dict[str, list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, values in (query or {}).items():
        at.query_params[key] = values
    return at.run()


def url_provinces(at: AppTest) -> list[str]:
    values = at.query_params.get("province", [])
    return [values] if isinstance(values, str) else list(values)


def shown(element) -> str:
    """A message as the reader sees it: the page escapes Markdown in untrusted text."""
    return re.sub(r"\\(.)", r"\1", element.value)


def table(at: AppTest, column: str):
    """The first table on the page with this column (figures: "figure", claims: "actor", reports: "title")."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def timeline_changes(at: AppTest) -> set[str]:
    """The changes of control in the timeline chart's data ("Captured by Taliban 2021-07-03"), as
    sent to the browser."""
    (chart,) = [e for e in at.main if e.type == "vega_lite_chart"]
    tables = [pa.ipc.open_stream(data.data.data).read_all() for data in chart.proto.datasets]
    return {f"{place}: {what}" for t in tables if "what" in t.column_names
            for place, what in zip(t.column("place").to_pylist(), t.column("what").to_pylist())}


def figures_shown(at: AppTest) -> list[str]:
    return table(at, "figure")["figure"].tolist()


def test_page_runs_and_shows_everything(db):
    at = run()
    assert not at.exception and not at.error
    assert sorted(figures_shown(at)) == ["about 120", "more than 300"]
    assert set(table(at, "title")["title"]) == {"Kunduz story", "Badakhshan story"}
    options = at.multiselect(key="provinces").options
    assert options[:2] in (["Kunduz", "Badakhshan"], ["Badakhshan", "Kunduz"])  # data first
    assert len(options) > 2 and {"Herat", "Hirat"} & set(options)  # then the rest of AFG
    assert any("Natural Earth" in c.value and "GeoNames" in c.value for c in at.caption)


def test_sidebar_filter_narrows_the_table_and_writes_the_url(db):
    at = run()
    at.multiselect(key="provinces").set_value(["Kunduz"]).run()
    assert figures_shown(at) == ["about 120"]
    assert url_provinces(at) == ["Kunduz"]
    at.multiselect(key="provinces").set_value(["Kunduz", "Badakhshan"]).run()
    assert sorted(figures_shown(at)) == ["about 120", "more than 300"]
    assert url_provinces(at) == ["Kunduz", "Badakhshan"]
    at.multiselect(key="provinces").set_value([]).run()
    assert url_provinces(at) == []


@pytest.mark.parametrize(("provinces", "figures"), [
    (["Badakhshan"], ["more than 300"]),
    (["Kunduz", "Badakhshan"], ["about 120", "more than 300"]),
])
def test_url_filter_is_read_on_load(db, provinces, figures):
    at = run({"province": provinces})
    assert at.multiselect(key="provinces").value == provinces
    assert sorted(figures_shown(at)) == figures


@pytest.mark.parametrize(("province", "figures"), [
    ("Al Jawf (YEM)", ["about 120"]), ("Al Jawf (SAU)", ["more than 300"]), ("Al Jawf", [])])
def test_a_name_two_countries_share_is_qualified_in_the_url(tmp_path, monkeypatch, province, figures):
    path = tmp_path / "twins.sqlite"
    conn = store.connect(path)
    for rep, text in (report("Yemen story", "Al Jawf", "Al Hazm", 16.16, 44.78, "about 120", "YEM"),
                      report("Saudi story", "Al Jawf", "Sakaka", 29.97, 40.21, "more than 300", "SAU")):
        store.save_report(conn, rep, text, source="test")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = run({"province": [province]})
    assert not at.exception
    assert "Al Jawf (YEM)" in at.sidebar.multiselect[0].options
    assert figures_shown(at) == (figures or ["about 120", "more than 300"])  # a bare twin name is ignored
    assert url_provinces(at) == ([province] if figures else [])


def test_unknown_province_in_url_is_ignored(db):
    at = run({"province": ["Atlantis"]})
    assert not at.exception and at.multiselect(key="provinces").value == []
    assert len(figures_shown(at)) == 2


def test_adding_an_article_shows_it_at_once(db):
    at = run()
    at.text_area(key="article_text").input("Taliban fighters entered Kunduz city on Monday, officials said.")
    at.text_input(key="article_title").input("Pasted report")
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success and "Pasted report" in shown(at.success[0])
    assert "Pasted report" in set(table(at, "title")["title"])
    conn = store.connect(db)
    assert store.counts(conn)["reports"] == 3
    conn.close()


@pytest.mark.parametrize(("text", "message"), [
    ("", "paste an article"),
    ("   \n\t  ", "paste an article"),
    ("bad\x00binary", "binary"),
])
def test_bad_article_shows_one_line_and_keeps_what_is_stored(db, text, message):
    at = run()
    at.text_area(key="article_text").input(text)
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value and "\n" not in at.error[0].value
    assert len(table(at, "title")) == 2


ARTICLE = "Taliban fighters entered Kunduz city on Monday, officials said."


@pytest.mark.parametrize(("name", "data", "mime"), [
    ("report.txt", ARTICLE.encode("utf-16"), "text/plain"),
    ("report.html", f"<!doctype html><html><body><p>{ARTICLE}</p></body></html>".encode(), "text/html"),
])
def test_uploaded_file_with_a_publication_date_is_added(db, name, data, mime):
    at = run()
    at.file_uploader(key="article_file").set_value((name, data, mime))
    at.date_input(key="article_published").set_value(date(2021, 7, 5))
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    reports = table(at, "title")
    assert "2021-07-05" in set(reports["published"]) and name in set(reports["source"])


@pytest.mark.parametrize(("name", "data", "message"), [
    ("big.txt", b"a" * (MAX_ARTICLE_BYTES + 1), "the limit is"),
    ("nul.txt", b"text\x00with NUL bytes", "binary"),
])
def test_bad_upload_is_refused_with_one_line(db, name, data, message):
    at = run()
    at.file_uploader(key="article_file").set_value((name, data, "text/plain"))
    at.button[0].click().run()
    assert len(at.error) == 1 and message in at.error[0].value and "\n" not in at.error[0].value
    assert len(table(at, "title")) == 2


def test_empty_database_is_filled_from_the_seeds(new_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", new_db())
    at = run()
    assert not at.exception and not at.error and not at.warning
    [title] = table(at, "title")["title"]
    assert "Taliban" in title and len(figures_shown(at)) > 0


def test_unreadable_database_is_one_error_line(tmp_path, monkeypatch):
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not SQLite " * 100)
    monkeypatch.setenv("DASHBOARD_DB", str(bad))
    at = run()
    assert not at.exception
    assert len(at.error) == 1 and str(bad) in shown(at.error[0]) and "\n" not in at.error[0].value


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty DASHBOARD_DATA (settings was read at import: its DATA_DIR is pointed there too)."""
    import streamlit as st

    def forget_loaded_data() -> None:
        datasets.clear_caches()
        st.cache_resource.clear()  # map_layers() holds the geometry read before

    empty = tmp_path / "data"
    empty.mkdir()
    monkeypatch.setenv("DASHBOARD_DATA", str(empty))
    monkeypatch.setattr(settings, "DATA_DIR", empty)
    forget_loaded_data()
    yield empty
    monkeypatch.undo()
    forget_loaded_data()


@pytest.mark.parametrize(("corrupt", "message"), [
    (False, "missing data file"), (True, "internal error: ")])
def test_missing_or_corrupt_data_is_one_error_line(db, data_dir, corrupt, message):
    if corrupt:
        for name in ("admin0_display.parquet", "admin1_display.parquet", "borders_display.parquet"):
            (data_dir / name).write_bytes(b"PAR1 not parquet at all PAR1")
    at = run()
    assert not at.exception
    assert len(at.error) == 1 and message in shown(at.error[0]) and "\n" not in at.error[0].value


def test_failed_seeding_is_tried_once_per_session(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "broken.txt").write_bytes(b"\x00\x01 not an article")
    monkeypatch.setattr(settings, "SEEDS_DIR", seeds)
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "new.sqlite"))
    at = run()
    assert not at.exception
    assert len(at.warning) == 1 and "broken.txt" in shown(at.warning[0])
    at.run()
    assert not at.exception and not at.warning
    assert table(at, "title").empty


def test_page_says_so_when_static_serving_is_off(db):
    from streamlit import config

    config.set_option("server.enableStaticServing", False)
    try:
        at = run()
    finally:
        config.set_option("server.enableStaticServing", True)
    assert len(at.error) == 1 and "static file serving is off" in at.error[0].value


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A database filled from seeds/ once for the module: the real extractor on the real article."""
    path = tmp_path_factory.mktemp("seeded") / "dashboard.sqlite"
    conn = store.connect(path)
    assert all(not r.error for r in ingest.ingest_seeds(conn))
    conn.close()
    return path


@pytest.mark.parametrize(("provinces", "shows_imam_sahib", "checked"), [
    ([], True, {"Imam Sahib", "Faizabad"}),
    (["Kunduz"], True, {"Imam Sahib"}),
    (["Badakhshan"], False, {"Faizabad"}),
])
def test_claims_and_checks_of_the_seed_follow_the_province_filter(seeded, monkeypatch, provinces,
                                                                  shows_imam_sahib, checked):
    monkeypatch.setenv("DASHBOARD_DB", str(seeded))
    at = run({"province": provinces} if provinces else None)
    assert not at.exception and not at.error
    claims = table(at, "actor")
    imam_sahib = claims[claims["place"] == "Imam Sahib"]
    assert list(imam_sahib["actor"]) == (["Taliban"] if shows_imam_sahib else [])
    changes = timeline_changes(at)
    assert any(c.startswith("Imam Sahib: Captured by Taliban") for c in changes) == shows_imam_sahib
    assert all("Imam Sahib" in evidence for evidence in imam_sahib["quote or sentence"])  # traceable
    if provinces:
        assert len(claims) > 0 and set(claims["province"]) == set(provinces)
    assert set(table(at, "statement")["place"]) & {"Imam Sahib", "Faizabad"} == checked


def test_no_checks_section_without_findings(db):
    at = run()
    assert "Claims" in [h.value for h in at.subheader]
    assert "Stated geography checks" not in [h.value for h in at.subheader]
    assert sorted(table(at, "actor")["place"]) == ["Faizabad", "Imam Sahib"]


def test_a_url_repeating_provinces_hundreds_of_times_is_read_once_each(new_db, monkeypatch):
    """`?province=Al+Jawf+(YEM)` 600 times failed with "Expression tree is too large" (issue 19)."""
    path = new_db()
    conn = store.connect(path)
    for rep, text in (report("Yemen story", "Al Jawf", "Al Hazm", 16.16, 44.78, "about 40", country="YEM"),
                      report("Saudi story", "Al Jawf", "Sakakah", 29.97, 40.2, "about 12", country="SAU"),
                      report("Kunduz story", "Kunduz", "Imam Sahib", 37.19, 68.94, "about 120")):
        store.save_report(conn, rep, text, source="test")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DB", path)
    at = run({"province": ["Al Jawf (YEM)"] * 600 + ["Kunduz"] * 300 + ["Nowhere"] * 10})
    assert not at.exception and not at.error
    assert url_provinces(at) == ["Al Jawf (YEM)", "Kunduz"]
    assert sorted(figures_shown(at)) == ["about 120", "about 40"]
