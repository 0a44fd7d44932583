"""build_map() on tiny synthetic geometry (unit squares), asserting on the rendered HTML."""
from __future__ import annotations

import html
import json
import re

import folium.plugins
import geopandas as gpd
import pytest
from shapely.geometry import LineString, box

from dashboard.mapview import (ATTRIBUTION, CLUSTER_ABOVE, LOCAL_ASSETS, MapLayers, _border_features, _coords,
                               _walk, base_map, build_map, class_breaks, color_of, esc, legend_html,
                               marker_features, overlays, province_options, render_copy)
from dashboard.settings import STATIC_DIR

LAYERS = MapLayers(
    countries=gpd.GeoDataFrame(
        {"iso3": ["AAA", "BBB", "CCC", "DDD", "EEE"], "name": ["Aland", "Bland", "Cland", "Dland", "Eland"]},
        geometry=[box(0, 0, 2, 1), box(0, 1, 2, 2), box(10, 10, 11, 11), box(100, 50, 101, 51),
                  box(-60, -20, 150, -5)], crs=4326),
    provinces=gpd.GeoDataFrame(
        {"id": ["a1", "a2", "b1", "c1"], "iso3": ["AAA", "AAA", "BBB", "CCC"],
         "name": ["Westprov", "Eastprov", "Northprov", "Farprov"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 2, 2), box(10, 10, 11, 11)], crs=4326),
    borders=gpd.GeoDataFrame({"id": ["AAA-BBB"], "iso3_a": ["AAA"], "iso3_b": ["BBB"],
                              "name": ["Aland–Bland border"], "length_km": [222.0]},
                             geometry=[LineString([(0, 1), (2, 1)])], crs=4326),
)
META = {"report_id": 1, "title": "Seed story", "published": "2021-07-04"}


def town(name="Oldtown", lat=0.5, lon=0.5, precision=1, kind="town", admin1="Westprov", **extra):
    return {**META, "mention": name, "name": name, "kind": kind, "country_iso3": "AAA", "admin1": admin1,
            "lat": lat, "lon": lon, "precision": precision, "ref": f"geonames:{name}",
            "sentence": f"Fighters seized {name} on Saturday.", **extra}


PROVINCE = {**META, "mention": "Westprov", "name": "Westprov", "kind": "admin1", "country_iso3": "AAA",
            "admin1": "Westprov", "admin1_id": "a1", "lat": 0.5, "lon": 0.5, "precision": 3,
            "ref": "ne-admin1:a1", "sentence": "The advances in Westprov are important."}
BORDER = {**META, "mention": "the border", "name": "Aland–Bland border", "kind": "border",
          "country_iso3": "AAA", "lat": 1.0, "lon": 1.0, "precision": 3, "ref": "border:AAA-BBB",
          "sentence": "Soldiers fled across the border into Bland."}
COUNTS = [{"admin1": "Westprov", "country_iso3": "AAA", "n_places": 7, "n_claims": 2, "n_figures": 1,
           "n_reports": 1},
          {"admin1": "Eastprov", "country_iso3": "AAA", "n_places": 1, "n_claims": 0, "n_figures": 0,
           "n_reports": 1}]
CLAIM = {**META, "actor": "Fighters", "action": "captured", "place": "Oldtown", "when": "2021-06",
         "source": "a council member", "quote": "they took it without a fight", "sentence": "..."}


def js(text: str) -> str:
    """How folium's ``tojson`` writes a string into the page."""
    return json.dumps(text)[1:-1].translate({ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                                             ord("'"): "\\u0027"})


def render(places=(), claims=(), counts=(), selected=()):
    return build_map(list(places), list(claims), list(counts), selected, layers=LAYERS).get_root().render()


def test_every_asset_is_served_by_the_app_and_exists():
    page = render([town()], counts=COUNTS)
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert urls, "the page loads Leaflet from somewhere"
    for url in urls:
        assert url.startswith("/app/static/"), url
        assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url
    # the only outside address is the tile template of the opt-in OSM layer
    assert set(re.findall(r"https?://[^\s\"'<>]+",
                          page)) == {"https://tile.openstreetmap.org/{z}/{x}/{y}.png"}


def test_osm_tiles_are_opt_in():
    m = build_map([town()], [], COUNTS, layers=LAYERS)
    tiles = [c for c in m._children.values() if type(c).__name__ == "TileLayer"]
    assert len(tiles) == 1 and tiles[0].show is False and tiles[0].overlay is True


def test_town_is_a_point_with_its_quote_and_claim_in_the_tooltip():
    assert "Fighters seized Oldtown on Saturday." in render([town()], [], COUNTS)
    page = render([town()], [CLAIM], COUNTS)
    assert "they took it without a fight" in page and "a council member" in page
    assert "Seed story" in page and "2021-07-04" in page
    assert "mk mk-exact" in page


@pytest.mark.parametrize(("place", "symbol"), [
    (town(), "exact"),
    (town(precision=2, kind="admin2"), "approx"),
    (town("Ferry", kind="crossing"), "crossing"),
])
def test_marker_symbol_says_precision(place, symbol):
    [feature] = marker_features([place], [])
    assert feature["properties"]["symbol"] == symbol


@pytest.mark.parametrize("place", [PROVINCE, BORDER, town(precision=3), town(lat=None, lon=None)])
def test_no_invented_points(place):
    assert marker_features([place], []) == []


def test_province_mention_shades_province_and_quotes_it():
    m = build_map([PROVINCE], [], COUNTS, layers=LAYERS)
    page = m.get_root().render()
    assert "The advances in Westprov are important." in page
    assert "mk mk-" not in page
    assert color_of(7, class_breaks(7)) in page  # the shaded class of Westprov
    assert "Farprov" not in page  # a country without data shows no provinces
    assert "Eastprov" in page and "Northprov" not in page  # all provinces of the countries with data


def test_border_line_drawn_with_its_sentence():
    page = render([BORDER], counts=COUNTS)
    assert js("Aland–Bland border") in page and "Soldiers fled across the border into Bland." in page
    assert "border-line" in page


def test_only_mentioned_borders_are_drawn():
    assert js("Aland–Bland border") not in render([town()], counts=COUNTS)


PAYLOADS = ["<script>window.pwned=1</script>", "<img src=x onerror=\"window.pwned=1\">",
            "`;window.pwned=1;`", "${window.pwned=1}", "</script><script>window.pwned=1</script>"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_article_text_is_escaped_everywhere(payload):
    evil = {**META, "title": payload}
    page = render([town(**{**evil, "sentence": payload})], [{**CLAIM, **evil, "quote": payload}], COUNTS)
    assert payload not in page
    assert "<script>window" not in page and "<img src=x" not in page


@pytest.mark.parametrize(("text", "expected"), [
    ("<b>", "&lt;b&gt;"), ("a`b", "a&#96;b"), ("${x}", "&#36;&#123;x&#125;"), ("\\", "&#92;"), (None, ""),
    ("{{7*7}}", "&#123;&#123;7*7&#125;&#125;"),
    ('"q"', "&quot;q&quot;"),
])
def test_esc(text, expected):
    assert esc(text) == expected


@pytest.mark.parametrize(("max_value", "expected"), [
    (0, []), (1, [(1, 1)]), (2, [(1, 1), (2, 2)]), (3, [(1, 1), (2, 3)]),
    (10, [(1, 1), (2, 3), (4, 7), (8, 10)]), (100, [(1, 1), (2, 3), (4, 7), (8, 15), (16, 100)]),
])
def test_class_breaks_cover_every_count(max_value, expected):
    breaks = class_breaks(max_value)
    assert breaks == expected
    assert all(color_of(n, breaks) for n in range(1, max_value + 1)) and color_of(0, breaks) is None


def test_selected_province_is_outlined():
    page = render([PROVINCE], counts=COUNTS, selected=["Westprov"])
    assert '"weight": 3' in page


def places_clustered(m) -> bool:
    [group] = [c for c in m._children.values() if getattr(c, "layer_name", "") == "Places"]
    return any(isinstance(c, folium.plugins.MarkerCluster) for c in group._children.values())


def test_many_markers_are_clustered():
    many = [town(f"T{i}", lat=0.1 + i / 1000, lon=0.1) for i in range(CLUSTER_ABOVE + 1)]
    assert places_clustered(build_map(many, [], COUNTS, layers=LAYERS))
    assert '"maxZoom": 18' in render(many, counts=COUNTS)  # the plugin needs a maxZoom
    assert not places_clustered(build_map(many[:3], [], COUNTS, layers=LAYERS))


def test_attribution_on_the_map():
    assert js(ATTRIBUTION) in render([town()], counts=COUNTS)


def test_basemap_is_the_countries_around_the_data():
    page = render([town()], counts=COUNTS)
    assert "Cland" in page and "Dland" not in page


def test_basemap_is_clipped_to_a_frame_around_the_data():
    m = build_map([town()], [], COUNTS, layers=LAYERS)
    [basemap] = [c for c in m._children.values() if getattr(c, "layer_name",
                                                            "") == "Countries (offline basemap)"]
    names = {f["properties"]["name"] for f in basemap.data["features"]}
    assert names == {"Aland", "Bland", "Cland", "Eland"}  # Eland reaches into the frame
    points = [pt for f in basemap.data["features"] for pt in _coords(f["geometry"]["coordinates"])]
    assert all(-12 <= lon <= 14 and -12 <= lat <= 14 for lon, lat in points)


def test_country_mention_alone_draws_no_provinces():
    bland = {**META, "mention": "Bland", "name": "Bland", "kind": "country", "country_iso3": "BBB",
             "lat": 1.5, "lon": 1.0, "precision": 3, "ref": "ne-admin0:BBB", "sentence": "Bland said so."}
    page = render([town(), bland], counts=COUNTS)
    assert "Westprov" in page and "Northprov" not in page


def test_empty_data_still_draws_the_whole_basemap():
    page = render()
    assert "Cland" in page and "Dland" in page and LOCAL_ASSETS["leaflet"] in page


def test_province_options_list_provinces_with_data_first():
    counts = [{**COUNTS[1], "n_places": 9}, COUNTS[0]]
    assert province_options(counts, LAYERS.provinces) == ["Eastprov", "Westprov"]
    assert province_options(COUNTS[:1], LAYERS.provinces) == ["Westprov", "Eastprov"]
    assert province_options([], LAYERS.provinces) == []


# a second "Westprov", in Bland: same name, another country
TWINS = MapLayers(countries=LAYERS.countries, borders=LAYERS.borders, provinces=gpd.GeoDataFrame(
    {"id": ["a1", "a2", "b1", "b2"], "iso3": ["AAA", "AAA", "BBB", "BBB"],
     "name": ["Westprov", "Eastprov", "Northprov", "Westprov"]},
    geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2), box(1, 1, 2, 2)], crs=4326))
TWIN_COUNTS = [COUNTS[0], {**COUNTS[0], "country_iso3": "BBB", "n_places": 2}]


@pytest.mark.parametrize(("counts", "expected"), [
    (COUNTS[:1], ["Westprov", "Eastprov"]),  # only Aland has data: its Westprov is the only one offered
    (TWIN_COUNTS, ["Westprov (AAA)", "Westprov (BBB)", "Eastprov", "Northprov"]),
])
def test_province_options_qualify_a_name_only_when_two_offered_share_it(counts, expected):
    assert province_options(counts, TWINS.provinces) == expected


def province_features(m) -> dict[str, dict]:
    [group] = [c for c in m._children.values() if getattr(c, "layer_name", "") == "Provinces"]
    [layer] = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    return {f["id"]: f["properties"] for f in layer.data["features"]}


@pytest.mark.parametrize(("selected", "outlined"), [
    (["Westprov (BBB)"], {"b2"}), (["Westprov (AAA)"], {"a1"}),
    (["Westprov (AAA)", "Westprov (BBB)"], {"a1", "b2"}),
    (["Northprov"], {"b1"}), ([], set())])
def test_same_name_provinces_are_shaded_and_outlined_by_country(selected, outlined):
    twin_bland = {**PROVINCE, "country_iso3": "BBB", "admin1_id": "b2"}
    props = province_features(build_map([PROVINCE, twin_bland], [], TWIN_COUNTS, selected, layers=TWINS))
    assert {i: p["n"] for i, p in props.items()} == {"a1": 7, "a2": 0, "b1": 0, "b2": 2}
    assert {i for i, p in props.items() if p["selected"]} == outlined
    assert {i: p["label"] for i, p in props.items()} == {"a1": "Westprov (AAA)", "a2": "Eastprov",
                                                          "b1": "Northprov", "b2": "Westprov (BBB)"}


def test_render_copy_shares_the_geometry_but_not_the_map():
    parts = overlays([town()], [], COUNTS, layers=LAYERS)
    base = base_map(parts.bounds, COUNTS, layers=LAYERS)
    m, groups = render_copy(base, parts.groups)
    folium.FeatureGroup().add_to(m)  # what st_folium does to the map it is given
    assert len(m._children) == len(base._children) + 1
    layers = [[e for root in roots for e in _walk(root) if isinstance(e, folium.GeoJson)]
              for roots in ((base, *parts.groups), (m, *groups))]
    assert layers[0] and all(a is not b and a.data is b.data for a, b in zip(*layers))
    assert m.get_bounds() == base.get_bounds()  # computed when built, kept in the copy


def test_the_overlays_fit_the_view_at_once():
    # the view is final when the filter's layers are drawn: no zoom animation moving markers under the pointer
    page = render([PROVINCE], counts=COUNTS, selected=["Westprov"])
    assert re.search(r"\.fitBounds\(\[\[[^]]+\], \[[^]]+\]\], \{padding: \[20, 20\], maxZoom: 8, animate: "
                     r"false\}\)", page)


def test_invisible_and_control_characters_are_not_shown():
    assert esc("\u202eevil\u202c Kun\u200bduz\x1b[31m") == "evil Kunduz[31m"
def tooltip_text(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", html_text))


def test_tooltip_lines_are_date_ordered_and_a_headline_repeating_the_body_counts_once():
    old = {**CLAIM, "report_id": 2, "when": "2015-10-13", "actor": "Afghan forces", "action": "retook"}
    body = {**CLAIM, "report_id": 3, "when": "2021-08-08", "quote": None,
            "sentence": "Fighters took Oldtown."}
    headline = {**body, "when": None, "sentence": "Fighters take Oldtown"}
    [feature] = marker_features([town()], [body, headline, CLAIM, old])
    text = tooltip_text(feature["properties"]["tip"])
    assert text.index("2015-10-13") < text.index("2021-06") < text.index("2021-08-08")
    assert "Fighters take Oldtown" not in text and text.count("Fighters captured Oldtown") == 2
    assert "more (see the tables)" not in text


def test_tooltips_are_compact():
    long = {**CLAIM, "quote": "word " * 200}
    [feature] = marker_features([town()], [long])
    assert len(tooltip_text(feature["properties"]["tip"])) < 400
    many = [{**CLAIM, "report_id": i, "when": f"20{10 + i}"} for i in range(9)]
    [feature] = marker_features([town()], many)  # 9 claims and 1 sentence
    assert "… and 5 more (see the tables)" in tooltip_text(feature["properties"]["tip"])


def test_a_border_is_not_called_border_twice():
    [feature] = _border_features(LAYERS, [BORDER], [])
    assert "border border" not in tooltip_text(feature["properties"]["tip"])


@pytest.mark.parametrize(("confidence", "symbol"), [(0.53, "check"), (0.9, "exact")])
def test_a_low_confidence_place_is_flagged_on_the_map(confidence, symbol):
    [feature] = marker_features([town(confidence=confidence)], [])
    assert feature["properties"]["symbol"] == symbol
    assert ("low confidence (0.53)" in tooltip_text(feature["properties"]["tip"])) is (symbol == "check")
    assert "low confidence" in legend_html(class_breaks(7))


def _province_ids(group) -> set[str]:
    return {f["id"] for e in _walk(group) if isinstance(e, folium.GeoJson) for f in e.data["features"]}


def test_provinces_without_reports_are_drawn_once_under_every_filter():
    """The page's base map draws the provinces nothing is reported in; a filter's "Provinces" layer
    leaves them out (issue 16): together they are the standalone map's provinces, same tooltips."""
    counts = COUNTS[:1]  # Westprov only: Eastprov, in the same country, has nothing
    everything = overlays([town()], [CLAIM], counts, layers=LAYERS, apart=None)
    assert everything.quiet_ids == {"a2"}
    assert _province_ids(everything.quiet) == {"a2"}
    [provinces] = [g for g in everything.groups if g.layer_name == "Provinces"]
    assert _province_ids(provinces) == {"a1"}
    chosen = overlays([town()], [CLAIM], counts, ["Westprov"], layers=LAYERS, apart=everything.quiet_ids)
    [filtered] = [g for g in chosen.groups if g.layer_name == "Provinces"]
    assert _province_ids(filtered) == {"a1"} and chosen.quiet is None
    alone = overlays([town()], [CLAIM], counts, ["Westprov"], layers=LAYERS)  # the standalone map's
    [whole] = [g for g in alone.groups if g.layer_name == "Provinces"]
    tips = {f["id"]: f["properties"]["tip"] for e in _walk(whole) if isinstance(e, folium.GeoJson)
            for f in e.data["features"]}
    drawn = {f["id"]: f["properties"]["tip"] for group in (everything.quiet, filtered) for e in _walk(group)
             if isinstance(e, folium.GeoJson) for f in e.data["features"]}
    assert drawn == tips and set(tips) == {"a1", "a2"}
