"""What the page draws for control, from hand-built rows: colours, dashes, labels, tooltips with
history and quotes, legend, timeline and contradictions; article text escaped everywhere."""
from __future__ import annotations

from datetime import date

import folium
import geopandas as gpd
from shapely.geometry import box

from dashboard import controlview
from dashboard.mapview import MapLayers
from test_control import NIMROZ, ZARANJ, claim, territory_of

HOSTILE = '<img src=x onerror="alert(1)">{{7*7}}'
LAYERS = MapLayers(
    countries=gpd.GeoDataFrame({"iso3": ["AFG"], "name": ["Afghanistan"]}, geometry=[box(60, 29, 75, 39)],
                               crs=4326),
    provinces=gpd.GeoDataFrame({"id": ["n1"], "iso3": ["AFG"], "name": ["Nimroz"]}, geometry=[box(60, 29,
                                                                                                  63, 32)],
                               crs=4326),
    borders=gpd.GeoDataFrame({"id": [], "iso3_a": [], "iso3_b": [], "name": []}, geometry=[], crs=4326))
CLAIMS = [claim(1, "Taliban fighters", "captured", "2021-08-06", quote=f"We took it {HOSTILE}"),
          claim(2, "the Taliban", "captured", "2021-08-06"),
          claim(3, "Afghan government forces", "retook", "2021-08-19",
                sentence=f"Forces retook Zaranj {HOSTILE}."),
          claim(4, "Taliban", "retook", "2021-08-24", quote="Zaranj is ours again")]


def view_on(day: str, claims=CLAIMS, actors=()):
    return controlview.view(territory_of(claims), date.fromisoformat(day), [], actors, layers=LAYERS,
                            labels={})


def test_tooltip_gives_history_sources_and_the_latest_quote():
    (pc,) = view_on("2021-08-25").places
    tip = controlview.place_tooltip(pc, territory_of(CLAIMS).sides)
    assert ("Captured by Taliban 2021-08-06 (2 sources) → Retaken by Afghan government forces 2021-08-19 → "
            "Recaptured by Taliban 2021-08-24") in tip
    assert "“Zaranj is ours again”" in tip and "held by Taliban since 2021-08-24 · recaptured" in tip


def test_article_text_is_escaped_in_every_property():
    shown = view_on("2021-08-20")
    (pc,) = shown.places
    tip = controlview.place_tooltip(pc, territory_of(CLAIMS).sides)
    assert "<img" not in tip and "&lt;img src=x" in tip and "{{" not in tip
    m = folium.Map(tiles=None)
    for group in shown.groups:
        group.add_to(m)
    page = m.get_root().render()
    assert "We took it" in page or "Forces retook Zaranj" in page
    assert '<img src=x' not in page and "{{7*7}}" not in page and "Zaranj 49" not in page


def test_holder_colours_and_contested_dashes():
    known = territory_of(CLAIMS)
    taliban = known.sides.colour("Taliban", "AFG")
    (f,) = controlview.place_features(view_on("2021-08-07").places, known.sides)
    assert (f["properties"]["colour"], f["properties"]["contested"]) == (taliban, False)
    besieged = [claim(1, "Taliban", "besieged", "2021-08-03")]
    (g,) = controlview.place_features(view_on("2021-08-04", besieged).places, known.sides)
    assert g["properties"]["contested"] and g["properties"]["colour"] == controlview.CONTESTED_COLOUR
    assert controlview._point_style(g)["dashArray"] and not controlview._point_style(f)["dashArray"]


def test_province_takes_the_colour_of_its_holder_and_keeps_the_filter_label():
    known = territory_of(CLAIMS)
    shown = view_on("2021-08-20")
    (unit,) = controlview.province_features(shown.provinces, shown.places, LAYERS, {("AFG",
                                                                                     "Nimroz"): "Nimroz"},
                                            known.sides)
    assert unit["properties"]["label"] == "Nimroz"
    assert unit["properties"]["colour"] == known.sides.colour("Afghan government forces", "AFG")
    stated = view_on("2021-08-10", [claim(1, "Taliban", "captured", "2021-08-06", NIMROZ)])
    (own,) = controlview.province_features(stated.provinces, stated.places, LAYERS, {}, known.sides)
    assert "Captured by Taliban 2021-08-06" in own["properties"]["tip"]


def test_legend_names_the_actors_by_side():
    known = territory_of(CLAIMS)
    html = controlview.legend_html(controlview.holders(known), known.sides)
    assert "Taliban" in html and "Afghan government: Afghan government forces" in html and "contested" in html
    hostile = known.sides.extended([(HOSTILE, "AFG", "non-state")])
    assert "<img" not in controlview.legend_html([(HOSTILE, "AFG")], hostile)


def test_timeline_has_one_mark_per_change_not_per_report():
    shown = view_on("2021-08-25")
    rows = controlview.timeline_rows(shown.places, territory_of(CLAIMS).sides)
    assert [(r["date"], r["holder"], r["sources"]) for r in rows] == [
        ("2021-08-06", "Taliban", 2), ("2021-08-19", "Afghan government forces", 1), ("2021-08-24",
                                                                                      "Taliban", 1)]
    spec = shown.timeline
    assert spec is not None and "2021-08-25" in str(spec)  # the rule at the chosen date


def test_contradictions_table_has_both_sides_and_quotes():
    disputed = [claim(1, "Taliban", "captured", "2021-08-08", source="a Taliban spokesman",
                      quote="We hold Zaranj"),
                claim(2, "Taliban", "captured", "2021-08-08", modality="denied", source="the ministry",
                      quote="Zaranj has not fallen")]
    table = view_on("2021-08-09", disputed).contradictions
    (row,) = table.to_dict("records")
    assert "We hold Zaranj" in row["one side says"] and "Zaranj has not fallen" in row["the other side says"]
    assert (row["according to"], row["according to "]) == ("a Taliban spokesman", "the ministry")


def test_actor_filter_keeps_places_the_actor_held_or_acted_on():
    claims = [*CLAIMS, claim(5, "Taliban", "besieged", "2021-08-03", {**ZARANJ, "mention": "Kang",
                                                                      "ref": "k"})]
    assert {pc.place.name for pc in view_on("2021-08-20", claims,
                                            ("Afghan government forces",)).places} == {"Zaranj"}
    assert len(view_on("2021-08-20", claims, ("Taliban",)).places) == 2
