"""The real page in headless Debian Chromium, served by a real `streamlit run` on a free port,
on a fresh database of each backend (SQLite, PostGIS) that the app fills from seeds/ on first load."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import requests_leaving

from dashboard import store
from dashboard.mapview import CLUSTER_ABOVE
from dashboard.model import Claim, Figure, Place, Report, ReportMeta

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SEED_TEXT = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
PAYLOAD = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=1\">`${window.pwned=1}`"




@pytest.fixture(scope="module")
def server(module_db, app_servers):
    """The page on a fresh database of each backend, which it fills from seeds/ on first load."""
    return app_servers(), module_db


def open_map(page, url: str):
    """Load the page and wait until Leaflet has drawn the map; return the map's frame."""
    page.goto(url, wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=180_000)
    frame.locator("path.leaflet-interactive:visible").first.wait_for(timeout=60_000)
    return frame


def open_filtered(page, url: str, province: str):
    """Load the page filtered by the URL and wait until the map shows that filter: the province
    outlined (a first render may still show everything; the filter's layers are then swapped in)."""
    frame = open_map(page, f"{url}/?province={province}")
    frame.locator("path.province[stroke='#08519c']").first.wait_for(timeout=60_000)
    return frame


def hover_tooltip(page, frame, marker) -> str:
    marker.hover(force=True)
    tip = frame.locator(".leaflet-tooltip.dash-tooltip")  # not the permanent place-name labels
    tip.first.wait_for(timeout=10_000)
    return tip.first.inner_text()


def test_seed_map_draws_with_every_request_served_by_the_app(server, page, tmp_path):
    url, _ = server
    frame = open_map(page, url)
    assert frame.locator("path.province").count() > 0  # provinces of the seed's country
    assert frame.locator("path.mk").count() > 0  # towns/districts as markers
    assert frame.locator("path.border-line").count() >= 1  # the Afghanistan-Tajikistan border
    assert "Natural Earth" in frame.locator(".leaflet-control-attribution").inner_text()
    page.wait_for_load_state("networkidle")
    assert requests_leaving(page) == []
    assert any("/app/static/leaflet/leaflet.js" in u for u in page.requested)
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hovering_a_town_shows_its_quote(server, page):
    frame = open_map(page, server[0])
    text = hover_tooltip(page, frame, frame.locator("path.mk-exact").first)
    quoted = text.split("“", 1)[1].split("”", 1)[0]
    assert len(quoted) > 20 and quoted in " ".join(SEED_TEXT.split())
    assert "2021-07-04" in text


def marker_provinces(page, frame) -> list[str]:
    out = []
    for i in range(frame.locator("path.mk").count()):
        out.append(hover_tooltip(page, frame, frame.locator("path.mk").nth(i)))
        page.mouse.move(5, 5)
    return out


def figure_rows(page) -> int:
    """Rows of the figures table (the grid's accessible table mirrors its canvas)."""
    table = page.get_by_test_id("stDataFrame").first.locator("table").first
    table.locator("th").first.wait_for(state="attached")
    return int(table.get_attribute("aria-rowcount")) - 1  # the header row counts too


def test_province_in_url_narrows_map_and_table(server, page):
    url, _ = server
    frame = open_map(page, url)
    all_markers = frame.locator("path.mk").count()
    all_figures = figure_rows(page)
    assert all_figures > 0
    frame = open_filtered(page, url, "Kunduz")
    page.get_by_text("· Kunduz").wait_for()
    assert 0 < frame.locator("path.mk").count() < all_markers
    assert all("Kunduz" in tip for tip in marker_provinces(page, frame))
    assert figure_rows(page) < all_figures
    assert frame.locator("path.province[stroke='#08519c']").count() == 1  # the filtered province


def test_click_on_a_province_filters_and_goes_into_the_url(server, page):
    frame = open_map(page, server[0])
    province = frame.locator("path.province:visible:not([fill='#ffffff'])").nth(1)  # one with data
    hover_tooltip(page, frame, province)  # the pointer on a province, its tooltip shown
    province.click(force=True)
    page.wait_for_url("**province=*", timeout=30_000)
    # the province the click chose (read from the URL: while the map still settles after fitting its
    # bounds, the point under the pointer may already be a neighbour's)
    name = parse_qs(urlparse(page.url).query)["province"][0]
    page.get_by_text(f"· {name}", exact=False).wait_for(timeout=30_000)
    assert page.get_by_test_id("stMultiSelect").get_by_text(name).count() == 1


def test_article_html_and_js_render_inert(server, page):
    url, db = server
    sentence = f"Fighters took Faizabad {PAYLOAD} after a short fight."
    text = f"Evil page\n\n{sentence}"
    report = Report(
        report=ReportMeta(title=f"Evil {PAYLOAD}", published="2021-07-05",
                          sha256=hashlib.sha256(text.encode()).hexdigest()),
        places=(Place(mention="Faizabad", start=0, end=8, kind="town", name="Faizabad", country_iso3="AFG",
                      admin1="Badakhshan", lat=37.1166, lon=70.58, precision=1, ref="geonames:1142226",
                      confidence=0.9, sentence=sentence),),
        figures=(Figure(text=f"5 {PAYLOAD}", start=0, end=1, value=5, sentence=sentence, admin1="Badakhshan"),
                 ),
        claims=(Claim(actor=PAYLOAD, action="took", place="Faizabad", quote=PAYLOAD, sentence=sentence,
                      admin1="Badakhshan", country_iso3="AFG"),),
    )
    conn = store.connect(db)
    store.save_report(conn, report, text, source=PAYLOAD)
    conn.close()
    frame = open_filtered(page, url, "Badakhshan")
    tips = marker_provinces(page, frame)
    assert any("<script>window.pwned=1</script>" in tip for tip in tips), tips  # shown as text
    for target in (page, page.frame(url=lambda u: "st_folium" in u)):
        assert target.evaluate("window.pwned") is None
        assert target.locator("img[src='x']").count() == 0


def test_pasted_article_with_payloads_is_added_and_inert(server, page):
    url, _ = server
    open_map(page, url)
    page.get_by_label("Paste the article's text").fill(
        f"Taliban fighters entered Faizabad on Monday {PAYLOAD}, officials said.")
    page.get_by_label("Title (optional)").fill(f"[link](http://example.invalid/x) {PAYLOAD}")
    page.get_by_role("button", name="Add").click()
    # "added", or "added, but nothing was found in it" (the page then offers to discard it)
    alert = page.get_by_test_id("stAlertContentSuccess").or_(page.get_by_test_id("stAlertContentWarning"))
    alert = alert.first
    alert.wait_for(timeout=60_000)
    assert "[link](http://example.invalid/x) <script>" in alert.inner_text()  # shown as text
    frame = open_map(page, url)  # the new report is on the map: render every tooltip
    marker_provinces(page, frame)
    for target in (page, page.frame(url=lambda u: "st_folium" in u)):
        assert target.evaluate("window.pwned") is None
        assert target.locator("img[src='x'], a[href*='example.invalid']").count() == 0


def test_many_places_are_clustered_with_the_vendored_plugin(server, page):
    url, db = server
    towns = tuple(Place(mention=f"Village {i}", start=0, end=9, kind="town", name=f"Village {i}",
                        country_iso3="AFG", admin1="Takhar", lat=36.0 + (i % 10) * 0.1,
                        lon=69.0 + (i // 10) * 0.1,
                        precision=1, ref=f"geonames:test{i}", confidence=0.9, sentence=f"Village {i} fell.")
                  for i in range(CLUSTER_ABOVE + 10))
    text = " ".join(t.sentence for t in towns)
    meta = ReportMeta(title="Many villages", published="2021-07-06",
                      sha256=hashlib.sha256(text.encode()).hexdigest())
    conn = store.connect(db)
    store.save_report(conn, Report(report=meta, places=towns), text, source="test")
    conn.close()
    page.goto(f"{url}/?province=Takhar", wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".marker-cluster").first.wait_for(timeout=180_000)
    assert any("/app/static/leaflet.markercluster/leaflet.markercluster.js" in u for u in page.requested)
    assert requests_leaving(page) == []


def test_a_filter_change_swaps_the_layers_in_the_same_map(server, page):
    url, _ = server
    frame = open_map(page, url)
    map_window = page.locator(MAP_FRAME).element_handle().content_frame()
    map_window.evaluate("() => { window.__sameMap = true; }")
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("Kunduz")
    page.get_by_role("option").filter(has_text="Kunduz · Afghanistan").first.click()
    frame.locator("path.province[stroke='#08519c']").first.wait_for(timeout=30_000)
    # the page's map kept its window (not reloaded) and now shows the filter's places only
    same_map = page.locator(MAP_FRAME).element_handle().content_frame()
    assert same_map.evaluate("() => window.__sameMap === true")
    tips = marker_provinces(page, frame)
    assert tips and all("Kunduz" in tip for tip in tips)


def test_a_map_frame_that_lost_its_map_gets_it_again(server, page):
    """After the first run the page no longer sends the map's script (issue 16); a frame reloaded
    without its map asks for it and draws the filtered map again."""
    url, _ = server
    frame = open_filtered(page, url, "Kunduz")
    map_window(page).evaluate("() => window.location.reload()")
    page.wait_for_function("() => !document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
                           ".contentWindow.map", timeout=30_000)  # the reloaded frame, no map yet
    frame.locator("path.province[stroke='#08519c']").first.wait_for(timeout=60_000)
    assert frame.locator("path.mk").count() > 0 and map_window(page).evaluate("() => !!window.map")


# ---- issue 18: the page as an analyst's tool

VIEW = """() => { const m = window.map; const b = m.getBounds();
                  return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), m.getZoom()]; }"""


def map_window(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def settled_view(page) -> list[float]:
    """The map's view once it stops changing."""
    last = None
    for _ in range(40):
        view = map_window(page).evaluate(VIEW)
        if view == last:
            return view
        last = view
        page.wait_for_timeout(250)
    return last


def test_a_shared_link_shows_the_view_of_the_sidebar_choice(server, page):
    url, _ = server
    open_filtered(page, url, "Kunduz")
    linked = settled_view(page)
    open_map(page, url)
    everything = settled_view(page)
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("Kunduz")
    page.get_by_role("option").filter(has_text="Kunduz · Afghanistan").first.click()
    page.frame_locator(MAP_FRAME).locator("path.province[stroke='#08519c']").first.wait_for(timeout=30_000)
    chosen = settled_view(page)
    assert linked[4] == chosen[4] > everything[4]  # zoomed in as far as the choice zooms
    assert all(abs(a - b) < 0.05 for a, b in zip(linked[:4], chosen[:4])), (linked, chosen)


def test_a_province_is_found_by_its_news_spelling(server, page):
    url, db = server
    text = "M23 rebels captured Rutshuru in North Kivu province."
    report = Report(
        report=ReportMeta(title="Kivu story", published="2022-06-13",
                          sha256=hashlib.sha256(text.encode()).hexdigest()),
        places=(Place(mention="Rutshuru", start=20, end=28, kind="town", name="Rutshuru", country_iso3="COD",
                      admin1="Nord-Kivu", lat=-1.18, lon=29.45, precision=1, ref="geonames:204405",
                      confidence=0.9, sentence=text),),
        claims=(Claim(actor="M23 rebels", action="captured", place="Rutshuru", sentence=text,
                      admin1="Nord-Kivu", country_iso3="COD"),))
    conn = store.connect(db)
    store.save_report(conn, report, text, source="test")
    conn.close()
    open_map(page, url)
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("North Kivu")
    option = page.get_by_role("option").first
    assert "Nord-Kivu" in option.inner_text() and "Congo" in option.inner_text()
    page.keyboard.press("Escape")
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Qunduz")  # the boundary file's alternate spelling of Kunduz
    assert page.get_by_role("option").first.inner_text().startswith("Kunduz · Afghanistan")


def test_a_town_tooltip_is_date_ordered_with_a_headline_counted_once(server, page):
    """Finding 4 in the page: a place's reports in date order (not load order), and a headline that
    repeats its article's body is one line, not two."""
    url, db = server
    town = "Khanabad"

    def story(title: str, text: str, claims: list[tuple[str, str, str, str]]) -> Report:
        body = claims[0][2]
        return Report(
            report=ReportMeta(title=title, published=claims[0][3],
                              sha256=hashlib.sha256(text.encode()).hexdigest()),
            places=(Place(mention=town, start=text.index(body) + body.index(town), end=0, kind="town",
                          name=town, country_iso3="AFG", admin1="Kunduz", lat=36.68, lon=69.11, precision=1,
                          ref="geonames:1138336", confidence=0.9, sentence=body),),
            claims=tuple(Claim(actor=actor, action=action, place=town, sentence=sentence, when=when or None,
                               admin1="Kunduz", country_iso3="AFG")
                         for actor, action, sentence, when in claims))

    recent = "Taliban take Khanabad\n\nTaliban fighters took Khanabad district on Sunday."
    older = "Afghan forces retook Khanabad district from the Taliban on Tuesday."
    conn = store.connect(db)
    for report, text in ((story("Khanabad falls", recent, [
            ("Taliban", "captured", "Taliban fighters took Khanabad district on Sunday.", "2021-08-08"),
            ("Taliban", "captured", "Taliban take Khanabad", "")]), recent),
            (story("Khanabad retaken", older, [("Afghan forces", "retook", older, "2015-10-13")]), older)):
        store.save_report(conn, report, text, source="test")  # the newer story loaded first
    conn.close()
    frame = open_filtered(page, url, "Kunduz")
    tips = [tip for tip in marker_provinces(page, frame) if "retook" in tip and town in tip]
    assert tips, marker_provinces(page, frame)
    tip = tips[0]
    assert tip.index("2015-10-13") < tip.index("2021-08-08")
    assert "Taliban take Khanabad" not in tip  # the headline repeats the body: counted once


def box_of(locator) -> dict[str, float]:
    return locator.bounding_box()


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 1) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


OPEN_TIP_AT = """([x, y]) => {
    const map = window.map;
    const quoted = c => c.feature && (c.feature.properties.tip || "").includes("tt-quotes");
    const geo = Object.values(map._layers).find(l => l.getTooltip && l.getTooltip() && l.getLayers
                                                     && l.getLayers().some(quoted));
    const child = geo.getLayers().find(quoted);
    const at = map.containerPointToLatLng([x, y]);  // as if the pointer came onto it there
    const where = {latlng: at, layerPoint: map.latLngToLayerPoint(at), containerPoint: L.point(x, y)};
    child.fire("mouseover", where, true);
    return child.feature.properties.tip.length;
}"""


@pytest.mark.parametrize("corner", [(0.5, 0.01), (0.5, 0.99), (0.99, 0.5), (0.01, 0.99)])
def test_tooltips_stay_inside_the_map_at_its_edges(server, page, corner):
    frame = open_map(page, server[0])
    container = box_of(frame.locator(".leaflet-container"))
    point = [container["width"] * corner[0], container["height"] * corner[1]]
    assert map_window(page).evaluate(OPEN_TIP_AT, point) > 0
    tip = frame.locator(".leaflet-tooltip.dash-tooltip").first
    tip.wait_for(timeout=10_000)
    assert inside(box_of(tip), container), (box_of(tip), container)
    assert box_of(tip)["height"] < 0.6 * container["height"]  # compact: the map stays readable
    assert "border border" not in tip.inner_text()


@pytest.mark.parametrize("width", [1400, 420])
def test_the_map_look_legend_attribution_and_background(server, browser, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        frame = open_map(pg, server[0])
        legend, markers = frame.locator(".dash-legend"), frame.locator("path.mk")
        legend_box = box_of(legend)
        for i in range(markers.count()):
            spot = box_of(markers.nth(i))
            assert not spot or not inside(spot, legend_box, slack=0), "the legend covers a place"
        container = box_of(frame.locator(".leaflet-container"))
        assert legend_box["width"] * legend_box["height"] < 0.05 * container["width"] * container["height"]
        legend.locator("summary").click()  # the reader opens it
        assert "Mentions per province" in legend.inner_text()
        attribution = frame.locator(".leaflet-control-attribution")
        a, s = box_of(attribution), box_of(frame.locator(".leaflet-control-scale"))
        assert a["x"] >= s["x"] + s["width"] or a["y"] + a["height"] <= s["y"], "the scale is hidden"
        assert pg.get_by_text("Natural Earth").count() == 0  # credited once: inside the map only
        assert attribution.inner_text().count("Natural Earth") == 1
        background = frame.locator(".leaflet-container").evaluate("e => getComputedStyle(e).backgroundColor")
        assert background == "rgb(242, 239, 233)"  # the basemap's paper, not a land rectangle on grey
        pg.screenshot(path=str(tmp_path / f"map_{width}.png"))
    finally:
        context.close()


def test_after_adding_an_article_the_map_shows_it(server, page):
    url, _ = server
    open_map(page, url)
    before = settled_view(page)
    page.get_by_label("Paste the article's text").fill("Government troops retook Herat city on 3 May 2021, "
                                                        "officials in Herat said.")
    page.get_by_label("Title (optional)").fill("Herat report")
    page.get_by_role("button", name="Add").click()
    page.get_by_test_id("stAlertContentSuccess").wait_for(timeout=60_000)
    steady = 0
    for _ in range(240):  # the map is drawn anew for the new data: wait until only the new one is left
        steady = steady + 1 if page.locator(MAP_FRAME).count() == 1 else 0
        if steady == 8:
            break
        page.wait_for_timeout(250)
    page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive:visible").first.wait_for(timeout=60_000)
    south, west, north, east, _ = after = settled_view(page)
    assert south < 34.35 < north and west < 62.2 < east, after  # Herat in view
    assert after != before


def test_a_long_table_pages_and_downloads_every_row(server, page, tmp_path):
    """A table sends one page of rows (issue 16: at 10,000 reports each rerun sent 1,000 rows a table);
    it says how many rows there are, turns pages, and its download holds every row of the filter."""
    url, db = server
    conn = store.connect(db)
    for i in range(110):
        text = f"Story {i:03d}\n\nFighters seized Aybak in Samangan province on 2 May 2021."
        where = {"country_iso3": "AFG", "admin1": "Samangan"}
        store.save_report(conn, Report(
            report=ReportMeta(title=f"Samangan story {i:03d}", published="2021-05-03",
                              sha256=hashlib.sha256(text.encode()).hexdigest()),
            places=(Place(mention="Aybak", start=0, end=5, kind="town", name="Aybak", lat=36.26, lon=68.02,
                          precision=1, ref="geonames:Aybak", confidence=0.9, sentence=text, **where),),
            claims=(Claim(actor="Fighters", action="seized", place="Aybak", when="2021-05-02", sentence=text,
                          **where),)), text, source="test")
    conn.close()
    open_filtered(page, url, "Samangan")
    note = page.get_by_text("Rows 1–100 of 110, the most recent articles first")
    note.first.wait_for(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download all 110 rows (CSV)").first.click()
    saved = tmp_path / "claims.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["article"] for r in rows) == [f"Samangan story {i:03d}" for i in range(110)]
    assert {(r["actor"], r["action"], r["place"]) for r in rows} == {("Fighters", "seized", "Aybak")}
    pager = page.get_by_label("Page, of 2").first
    pager.fill("2")
    pager.press("Enter")
    page.get_by_text("Rows 101–110 of 110, the most recent articles first").first.wait_for(timeout=30_000)
    assert requests_leaving(page) == []
