"""The page through streamlit.testing.v1.AppTest on a real temporary SQLite database."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import bundled_data, charts, corrections, folium_frame, ingest, settings, store
from dashboard.model import Claim, Figure, Place, Report, ReportMeta
from dashboard.settings import MAX_ARTICLE_BYTES
from dashboard.vocabulary import Action

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
    options = [o.split(" · ")[0] for o in at.multiselect(key="provinces").options]
    assert sorted(options) == ["Badakhshan", "Kunduz"]  # only provinces with data
    assert not any("Natural Earth" in c.value for c in at.caption)  # credited once, inside the map


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


def map_script(at: AppTest) -> str:
    """The script the map component was given in this run (its frame runs it to make the map)."""
    (component,) = [e for e in at.main if e.type == "component_instance"]
    return json.loads(component.proto.json_args)["script"]


def test_a_filter_change_does_not_send_the_map_the_browser_has_again(db):
    """The map's script (basemap, mentions layer; megabytes at 10,000 reports) is run once by the
    component's frame: a rerun of the same map sends the feature groups and a stand-in that asks
    for the script only if the frame has no map (issue 16)."""
    at = run()
    full = map_script(at)
    assert "L.map(" in full and len(full) > 10 * len(folium_frame.ASK_FOR_MAP)
    at.multiselect(key="provinces").set_value(["Kunduz"]).run()
    assert map_script(at) == folium_frame.ASK_FOR_MAP
    assert figures_shown(at) == ["about 120"]
    fresh = run()  # a new session (a new browser page) gets the whole map
    assert map_script(fresh) == full


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
    assert any(o.startswith("Al Jawf (YEM) · Yemen") for o in at.sidebar.multiselect[0].options)
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
    at.button(key="add").click().run()
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
    at.button(key="add").click().run()
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
    at.button(key="add").click().run()
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
    at.button(key="add").click().run()
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
        bundled_data.clear_caches()
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
    assert not [df for df in at.dataframe if "title" in df.value.columns]
    assert "No articles in this selection." in [i.value for i in at.info]  # a sentence, not an empty grid


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
# ---- issue 18: the page as an analyst's tool

def review(at: AppTest, reviewer: str = "Ana") -> AppTest:
    at.text_input(key="reviewer").input(reviewer)
    return at


def choose_article(at: AppTest, title: str) -> AppTest:
    box = at.selectbox(key="review_report")
    return box.select_index([o.split(" · ")[0] for o in box.options].index(title)).run()


def test_a_place_is_reassigned_and_a_claim_edited_with_who_and_when(db):
    at = review(run())
    choose_article(at, "Kunduz story")
    assert "confidence 0.90" in at.selectbox(key="review_place").options[0]  # its confidence is shown
    namesakes = at.selectbox(key="review_candidate")
    assert len(namesakes.options) >= 1 and all("(" in o for o in namesakes.options)  # the alternatives
    namesakes.set_value(0).run()
    at.button(key="review_reassign").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "saved by Ana" in shown(at.success[0])
    at.text_input(key="review_actor").input("Taliban")
    at.selectbox(key="review_action").set_value("retook")
    at.text_input(key="review_when").input("2021-06-20")
    at.button(key="review_save_claim").click().run()
    claims = table(at, "actor")
    row = claims[claims["article"] == "Kunduz story"].iloc[0]
    assert (row["actor"], row["action"], row["when"]) == ("Taliban", "retook", "2021-06-20")
    assert row["check"].startswith("✎ edit by Ana")
    conn = store.connect(db)
    assert [(c.target, c.action, c.author) for c in corrections.load(conn)] == [
        ("place", "reassign", "Ana"), ("claim", "edit", "Ana")]
    conn.close()


def test_a_claim_is_rejected_and_an_article_deleted(db):
    at = review(run())
    choose_article(at, "Kunduz story")
    at.button(key="review_reject").click().run()
    assert list(table(at, "actor")["place"]) == ["Faizabad"]
    choose_article(at, "Badakhshan story")
    assert at.button(key="review_delete").disabled  # only after saying so
    at.checkbox(key="review_confirm").check().run()
    at.button(key="review_delete").click().run()
    assert not at.exception and not at.error
    assert set(table(at, "title")["title"]) == {"Kunduz story"}
    assert "No claims in this selection" in " ".join(i.value for i in at.info)
    # the deleted article's province is no longer offered, nor counted on the map
    assert [o.split(" · ")[0] for o in at.multiselect(key="provinces").options] == ["Kunduz"]


def test_a_correction_needs_a_name_and_an_action_of_the_vocabulary(db):
    at = run()
    choose_article(at, "Kunduz story")
    at.button(key="review_wrong").click().run()
    assert len(at.error) == 1 and "who makes the correction" in at.error[0].value
    assert sorted(table(at, "actor")["place"]) == ["Faizabad", "Imam Sahib"]  # nothing changed
    assert at.selectbox(key="review_action").options == [a.value for a in Action]


def test_low_confidence_places_and_claims_are_flagged(db):
    rep, text = report("Doubtful story", "Hilmand", "Lashkar Gah", 31.59, 64.37, "about 40")
    rep = replace(rep, places=(replace(rep.places[0], confidence=0.3),),
                  claims=(replace(rep.claims[0], confidence=0.4),))
    conn = store.connect(db)
    store.save_report(conn, rep, text, source="test")
    conn.close()
    at = run()
    to_check = table(at, "resolved as")
    assert list(to_check["mention"]) == ["Lashkar Gah"]
    assert to_check["check"][0].startswith("⚠ low confidence")
    claims = table(at, "actor")
    assert claims[claims["place"] == "Lashkar Gah"]["check"].iloc[0].startswith("⚠ low confidence (0.40)")


@pytest.fixture
def wars(tmp_path, monkeypatch):
    """Claims at different dates in two countries' provinces, loaded out of date order."""
    path = tmp_path / "wars.sqlite"
    conn = store.connect(path)
    for title, province, town, lat, lon, country, when, loser in (
            ("Helmand story", "Hilmand", "Lashkar Gah", 31.59, 64.37, "AFG", "2021-08-13", "Afghan army"),
            ("Goma story", "Nord-Kivu", "Goma", -1.68, 29.22, "COD", "2025-01-27", "FARDC"),
            ("Old Helmand story", "Hilmand", "Sangin", 32.07, 64.83, "AFG", "2015-12-20", None)):
        rep, text = report(title, province, town, lat, lon, "about 40", country)
        rep = replace(rep, claims=(replace(rep.claims[0], when=when, loser=loser),))
        store.save_report(conn, rep, text, source="test")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    return path


def test_provinces_are_offered_by_every_spelling_with_their_country(wars):
    at = run()
    options = at.multiselect(key="provinces").options
    hilmand = next(o for o in options if o.startswith("Hilmand"))
    kivu = next(o for o in options if o.startswith("Nord-Kivu"))
    assert "Helmand" in hilmand and "Afghanistan" in hilmand
    assert "North Kivu" in kivu and "Congo" in kivu
    assert len(options) == 2  # only provinces with data


def test_claims_are_in_date_order_with_who_lost_the_place(wars):
    at = run()
    claims = table(at, "actor")
    assert list(claims["when"]) == ["2015-12-20", "2021-08-13", "2025-01-27"]
    assert list(claims["taken from"]) == ["", "Afghan army", "FARDC"]


def test_the_report_list_obeys_the_province_filter(wars):
    at = run({"province": ["Nord-Kivu"]})
    assert list(table(at, "title")["title"]) == ["Goma story"]


def test_text_with_nothing_in_it_is_offered_for_discarding(db):
    at = run()
    at.text_area(key="article_text").input("hello world this is not an article")
    at.button(key="add").click().run()
    assert "nothing was found" in shown(at.sidebar.warning[0])
    at.button(key="discard_article").click().run()
    assert not at.exception and not at.error
    assert set(table(at, "title")["title"]) == {"Kunduz story", "Badakhshan story"}


def test_an_undated_article_asks_for_its_date(db):
    at = run()
    at.text_area(key="article_text").input("Taliban fighters entered Kunduz city on Monday, officials said.")
    at.text_input(key="article_title").input("Undated report")
    at.button(key="add").click().run()
    assert any("No publication date" in shown(w) for w in at.sidebar.warning)
    reports = table(at, "title")
    assert reports[reports["title"] == "Undated report"]["published"].iloc[0] == "undated"
    box = at.selectbox(key="review_report")
    assert box.options[box.index].startswith("Undated report · undated")  # the review opens on it
    at.date_input(key="undated_date").set_value(date(2021, 8, 9))
    at.button(key="set_date").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    reports = table(at, "title")
    assert reports[reports["title"] == "Undated report"]["published"].iloc[0] == "2021-08-09"
    claims = table(at, "actor")
    assert "2021-08-09" in set(claims[claims["article"] == "Undated report"]["when"])  # Monday resolved


def test_figures_are_a_full_width_table_whose_long_cells_wrap(db):
    """Beside the map the figures grid hid all but its first column and cut its long cells (issue 18):
    it is a table of the page's width now, its rows tall enough for a long text to wrap."""
    conn = store.connect(db)
    long_figure = "hundreds of Afghan army, police, border, and intelligence personnel and their families"
    rep, text = report("Long story", "Takhar", "Taloqan", 36.73, 69.53, "about 9")
    rep = replace(rep, figures=(replace(rep.figures[0], text=long_figure, counts=long_figure),))
    store.save_report(conn, rep, text, source="test")
    conn.close()
    at = run()
    assert not at.exception
    beside_map = [df for column in at.columns for df in column.dataframe]
    assert not [df for df in beside_map if "figure" in df.value.columns]
    (grid,) = [df for df in at.dataframe if "figure" in df.value.columns]
    assert long_figure in grid.value["figure"].tolist()
    assert len(long_figure) * charts.CHAR_PX > charts.WIDEST_PX  # too long for one line
    assert grid.proto.row_height >= charts.row_px(2)  # so it wraps instead of being cut off


def test_figures_are_counts_shown_as_written(db):
    """Finding 5 on the page: a figure is a count of people, units, places or equipment (not "150 km"
    or "two weeks"), shown as the article writes it ("> 12 million", "> 1/3", not "≥ 12,000,001")."""
    text = ("KHARTOUM -- The war in Sudan has displaced more than 12 million people, over a third of the "
            "population of Darfur, the UN said on Monday. Aid convoys travelled 150 km in two weeks to "
            "reach El Fasher, where RSF fighters seized 40 villages.")
    conn = store.connect(db)
    assert ingest.ingest_text(conn, text, "2024-07-01", "Sudan figures", source="test").error is None
    conn.close()
    grid = table(run(), "figure")
    shown = dict(zip(grid["figure"], grid["value/range"], strict=True))
    assert shown["more than 12 million people"] == "> 12 million"
    assert shown["over a third"] == "> 1/3"
    assert shown["40 villages"] == "40"
    assert not {"150 km", "two weeks"} & set(shown)


@pytest.fixture
def many(new_db, monkeypatch):
    """More claims, figures and articles than a table sends at once: 130 stories of Kunduz, 5 of
    Badakhshan (one claim and one figure each), in each backend."""
    path = new_db()
    conn = store.connect(path)
    kunduz, badakhshan = ("Kunduz", "Imam Sahib", 37.19, 68.94), ("Badakhshan", "Faizabad", 37.12, 70.58)
    for i in range(135):
        where = kunduz if i < 130 else badakhshan
        store.save_report(conn, *report(f"Story {i:03d}", *where, f"about {i + 1}"), source="test")
    conn.close()
    monkeypatch.setenv("DASHBOARD_DB", path)
    return path


def page_notes(at: AppTest) -> list[str]:
    """What the paged tables (figures, claims, reports here) say under them, in page order."""
    return [c.value for c in at.caption if c.value.startswith("Rows ")]


def test_a_long_table_sends_one_page_says_how_many_rows_and_turns_pages(many):
    """At 10,000 reports every rerun sent the tables' 1,000 most recent rows (issue 16): a table sends a
    page now, says which rows of how many it shows, turns to any page and offers every row as CSV."""
    pager = "table_page_claims"  # app.PAGE_KEY of the claims (importing the app runs it)
    at = run()
    assert not at.exception
    claims = table(at, "actor")
    assert len(claims) == charts.PAGE_ROWS
    assert set(claims["article"]) == {f"Story {i:03d}" for i in range(35, 135)}  # the most recent first
    assert page_notes(at) == ["Rows 1–100 of 135, the most recent articles first"] * 3
    downloads = [e.proto.label for e in at.main if e.type == "download_button"]
    assert "Download all 135 rows (CSV)" in downloads
    at.number_input(key=pager).set_value(2).run()
    claims = table(at, "actor")
    assert set(claims["article"]) == {f"Story {i:03d}" for i in range(35)}
    assert page_notes(at)[1] == "Rows 101–135 of 135, the most recent articles first"
    assert len(table(at, "figure")) == charts.PAGE_ROWS  # the other tables stay on their page
    at.multiselect(key="provinces").set_value(["Kunduz"]).run()  # another filter: its first page
    assert set(table(at, "actor")["article"]) == {f"Story {i:03d}" for i in range(30, 130)}
    assert at.number_input(key=pager).value == 1
    at.multiselect(key="provinces").set_value(["Badakhshan"]).run()  # a page of its own: no pager
    assert len(table(at, "actor")) == 5 and not at.number_input
