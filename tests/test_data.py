"""The bundled data (data/, built by scripts/build_data.py) and its loaders (dashboard/bundled_data.py).

Two halves: the committed files checked against facts (Afghan provinces and their capitals, the
Afghan-Tajik border...), and the build script's pure transforms run on tiny synthetic inputs.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from dashboard import bundled_data, settings
from dashboard.errors import DashboardError

SPEC = importlib.util.spec_from_file_location("build_data", settings.ROOT / "scripts" / "build_data.py")
build_data = sys.modules.setdefault("build_data", importlib.util.module_from_spec(SPEC))
SPEC.loader.exec_module(build_data)

DATA = settings.ROOT / "data"


@pytest.fixture(scope="module")
def bundled(request):
    """Loaders pointed at the committed data/ (whatever DASHBOARD_DATA says)."""
    saved = settings.DATA_DIR
    settings.DATA_DIR = DATA
    bundled_data.clear_caches()
    yield bundled_data
    settings.DATA_DIR = saved
    bundled_data.clear_caches()


def _admin1_named(bundled, iso3: str, name: str) -> pd.Series:
    a1 = bundled.admin1()
    rows = a1[(a1["iso3"] == iso3) & (a1["name"] == name)]
    assert len(rows) == 1, f"{iso3} {name}: {len(rows)} units"
    return rows.iloc[0]


# --------------------------------------------------------------------------------------------------
# the committed data


def test_afghanistan_has_34_provinces_with_unique_correct_names(bundled):
    afg = bundled.admin1().query("iso3 == 'AFG'")
    assert len(afg) == 34
    assert afg["name"].is_unique
    assert {"Daykundi", "Panjshir", "Parwan", "Uruzgan", "Badakhshan", "Kunduz"} <= set(afg["name"])
    assert afg.geometry.is_valid.all()


def test_renamed_province_drops_alternates_copied_from_its_neighbour(bundled):
    panjshir = _admin1_named(bundled, "AFG", "Panjshir")
    assert "Parwan" not in panjshir["names"].split("|")
    assert "Charikar" not in panjshir["names"].split("|")  # Parwan's capital, copied in name_alt
    assert "Urozgan" not in _admin1_named(bundled, "AFG", "Daykundi")["names"].split("|")


@pytest.mark.parametrize(("place", "province"), [
    ("Fayzabad", "Badakhshan"),
    ("Kunduz", "Kunduz"),
    ("Bāzārak", "Panjshir"),
    ("Nīlī", "Daykundi"),
    ("Imām Şāḩib", "Kunduz"),
])
def test_afghan_towns_fall_in_their_province(bundled, place, province):
    gaz = bundled.gazetteer()
    town = gaz[(gaz["country_iso3"] == "AFG") & (gaz["name"] == place)]
    assert len(town) == 1
    town = town.iloc[0]
    unit = _admin1_named(bundled, "AFG", province)
    assert town["admin1_id"] == unit["id"]
    assert town["admin1_name"] == province
    assert unit.geometry.contains(Point(town["lon"], town["lat"]))


@pytest.mark.parametrize(("spelling", "asciiname"), [("Imam Sahib", "Imam Sahib"), ("Faizabad", "Fayzabad")])
def test_gazetteer_keeps_latin_alternate_spellings(bundled, spelling, asciiname):
    gaz = bundled.gazetteer()
    town = gaz[(gaz["country_iso3"] == "AFG") & (gaz["asciiname"] == asciiname)].iloc[0]
    assert spelling in [town["name"], town["asciiname"], *town["alternatenames"].split("|")]


def test_gazetteer_columns_and_alternates_are_clean(bundled):
    gaz = bundled.gazetteer()
    assert list(gaz.columns) == ["geonameid", "name", "asciiname", "alternatenames", "lat", "lon",
                                 "population", "country_iso3", "admin1_id", "admin1_name"]
    assert gaz["geonameid"].is_unique and gaz["geonameid"].is_monotonic_increasing
    assert len(gaz) > 200_000
    alternates = pd.Series(gaz["alternatenames"].str.split("|").explode().dropna().unique())
    alternates = alternates[alternates != ""]
    assert alternates.map(build_data.is_latin).all()
    assert not alternates.str.fullmatch(r"[A-Z0-9]{2,4}").any()  # airport codes
    assert not alternates.str.contains("://").any()
    assert set(gaz["admin1_id"].dropna()) <= set(bundled.admin1()["id"])
    assert gaz["admin1_id"].notna().mean() > 0.99
    assert set(gaz["country_iso3"]) - set(bundled.admin0()["iso3"]) <= {"TKL"}  # not in NE admin-0


def test_afghan_tajik_border_line(bundled):
    b = bundled.borders().set_index("id")
    line = b.loc["AFG-TJK"]
    assert (line["iso3_a"], line["iso3_b"]) == ("AFG", "TJK")
    assert line["name"] == "Afghanistan–Tajikistan border"
    assert 1100 < line["length_km"] < 1250
    assert line.geometry.geom_type == "MultiLineString"
    a0 = bundled.admin0().set_index("iso3")
    middle = Point(line["lon"], line["lat"])
    assert a0.loc["AFG"].geometry.boundary.distance(middle) < 1e-6
    assert a0.loc["TJK"].geometry.boundary.distance(middle) < 1e-6
    assert {"AFG-UZB", "AFG-IRN", "AFG-PAK", "IRQ-SYR", "RUS-UKR", "SDN-SSD"} <= set(b.index)


def test_border_ids_are_sorted_code_pairs_of_known_countries(bundled):
    b = bundled.borders()
    codes = set(bundled.admin0()["iso3"])
    assert b["id"].is_unique
    assert (b["iso3_a"] < b["iso3_b"]).all()
    assert set(b["iso3_a"]) | set(b["iso3_b"]) <= codes
    assert (b["length_km"] > 0).all()


@pytest.mark.parametrize("iso3", ["UKR", "SYR", "SDN", "COD", "USA"])
def test_sample_countries_have_valid_admin1_layers(bundled, iso3):
    for layer in (bundled.admin1(), bundled.admin1_display()):
        units = layer[layer["iso3"] == iso3]
        assert len(units) >= 10
        assert units.geometry.is_valid.all() and not units.geometry.is_empty.any()
        assert units["name"].str.len().gt(0).all()
    country = bundled.admin0().set_index("iso3").loc[iso3].geometry
    units = bundled.admin1().query("iso3 == @iso3")
    assert shapely.dwithin(country, shapely.points(units["lon"], units["lat"]), 0.1).all()


def test_admin1_ids_unique_and_points_inside(bundled):
    a1 = bundled.admin1()
    assert a1["id"].is_unique and a1["id"].is_monotonic_increasing
    assert len(set(a1["iso3"])) > 200
    assert shapely.contains_xy(a1.geometry.values, a1["lon"].to_numpy(), a1["lat"].to_numpy()).all()
    assert set(a1["iso3"]) <= set(bundled.admin0()["iso3"])


@pytest.mark.parametrize(("iso3", "name", "alternate"), [
    ("USA", "United States", "United States of America"),
    ("COD", "Democratic Republic of the Congo", "DRC"),
    ("FRA", "France", "French Republic"),
    ("NOR", "Norway", "Kingdom of Norway"),
    ("KOS", "Kosovo", "Republic of Kosovo"),
    ("SSD", "South Sudan", "Republic of South Sudan"),
    ("CIV", "Côte d'Ivoire", "Ivory Coast"),
])
def test_admin0_codes_names_and_alternates(bundled, iso3, name, alternate):
    a0 = bundled.admin0().set_index("iso3")
    assert a0.loc[iso3, "name"] == name
    assert alternate in a0.loc[iso3, "names"].split("|")
    assert a0.loc[iso3].geometry.contains(Point(a0.loc[iso3, "lon"], a0.loc[iso3, "lat"]))


def test_admin0_codes_unique():
    a0 = gpd.read_parquet(DATA / "admin0.parquet")
    assert a0["iso3"].is_unique and not a0["iso3"].str.contains("-99").any()
    assert a0.geometry.is_valid.all()


@pytest.mark.parametrize(("demonym", "iso3"), [
    ("Afghan", "AFG"), ("Tajik", "TJK"), ("Iraqi", "IRQ"), ("Syrian", "SYR"), ("Ukrainian", "UKR"),
    ("Russian", "RUS"), ("Sudanese", "SDN"), ("Uzbek", "UZB"), ("Iranian", "IRN"), ("American", "USA"),
    ("Congolese", "COD"), ("Pakistani", "PAK"), ("Kosovar", "KOS"),
])
def test_demonyms(bundled, demonym, iso3):
    assert bundled.demonyms()[demonym] == iso3


def test_every_demonym_country_exists(bundled):
    assert set(bundled.demonyms().values()) <= set(bundled.admin0()["iso3"])
    assert len(bundled.demonyms()) > 200


def test_every_actor_acronym_has_a_long_form_and_known_countries(bundled):
    rows = bundled.actor_acronyms()
    assert len(rows) > 40 and all(re.fullmatch(r"[A-Z0-9]{2,7}", acr) and long for acr, long, _ in rows)
    assert set().union(*(where for _, _, where in rows)) <= set(bundled.admin0()["iso3"])


def test_actor_table_rejects_unknown_countries_and_sorts():
    admin0 = pd.DataFrame({"iso3": ["SYR", "SOM"]})
    rows = [{"acronym": "SNA", "long_form": "Syrian National Army", "iso3": "SYR"},
            {"acronym": "HTS", "long_form": "Hayat Tahrir al-Sham", "iso3": "SYR"}]
    assert build_data.actor_table(rows, admin0)["acronym"].tolist() == ["HTS", "SNA"]
    with pytest.raises(ValueError, match="ZZZ"):
        build_data.actor_table([{"acronym": "X", "long_form": "X Front", "iso3": "SYR ZZZ"}], admin0)


@pytest.mark.parametrize("name", ["admin0_display", "admin1_display", "borders_display"])
def test_display_layers_are_small_valid_and_rounded(bundled, name):
    layer = getattr(bundled, name)()
    assert layer.geometry.is_valid.all() and not layer.geometry.is_empty.any()
    coords = shapely.get_coordinates(layer.geometry.values[:200])
    assert np.allclose(coords, np.round(coords, 5), atol=1e-9)
    assert (DATA / f"{name}.parquet").stat().st_size < 5_000_000


def test_display_ids_match_full_layers(bundled):
    assert list(bundled.admin1_display()["id"]) == list(bundled.admin1()["id"])
    assert list(bundled.admin0_display()["iso3"]) == list(bundled.admin0()["iso3"])
    assert list(bundled.borders_display()["id"]) == list(bundled.borders()["id"])


def test_data_dir_under_budget():
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 80 * 1024 * 1024


def test_sources_md_records_inputs_fixes_and_output_hashes():
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8").split(build_data.APPENDIX_RULE)[0]
    assert "Contains data from GeoNames (geonames.org), CC BY 4.0" in text
    for source in build_data.SOURCES:
        assert f"| {source.package} | {source.version} |" in text and source.sha256 in text
    assert "| AFG-1753 | AFG | Uruzgan | Daykundi |" in text
    assert "| AFG-1769 | AFG | Parwan | Panjshir |" in text
    recorded = dict(re.findall(r"^\| `([\w.]+)` \| `([0-9a-f]{64})` \|$", text, re.MULTILINE))
    assert set(recorded) == set(build_data.OUTPUTS)
    for name, digest in recorded.items():  # the committed files are the ones the build wrote
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(("text", "kept"), [
    ("# Sources\n\nbody\n", ""),
    ("# Sources\n\nbody\n\n---\n\n## Vendored assets\n| a | b |\n",
     "\n---\n\n## Vendored assets\n| a | b |\n"),
])
def test_rebuild_keeps_sections_appended_to_sources_md(text, kept):
    assert build_data.appended_sections(text) == kept


def test_missing_data_file_is_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    bundled_data.clear_caches()
    try:
        for loader in (*bundled_data.LOADERS, lambda: bundled_data.columns("admin1.parquet")):
            with pytest.raises(DashboardError, match=r"run `make data`") as caught:
                loader()
            assert "\n" not in str(caught.value)
    finally:
        bundled_data.clear_caches()


def test_loaders_are_cached(bundled):
    assert bundled.admin1() is bundled.admin1()
    assert bundled.gazetteer() is bundled.gazetteer()
    assert bundled.columns("borders.parquet") is bundled.columns("borders.parquet")


def test_light_columns_agree_with_the_geodataframe(bundled):
    """The extractor's pandas-free read gives the same rows and shapes as geopandas."""
    frame, light = bundled.admin1(), bundled.columns("admin1.parquet")
    assert list(light["id"]) == list(frame["id"])
    assert light["lat"].dtype.kind == "f" and light["id"].dtype == object
    assert all(a.equals(b) for a, b in zip(light["geometry"][:50], frame.geometry.values[:50]))


@pytest.mark.parametrize(("word", "common"), [("the", True), ("march", True), ("said", True),
                                              ("kunduz", False), ("faizabad", False), ("taliban", False)])
def test_common_words_list(bundled, word, common):
    """wordfreq's frequent English words, bundled: "march" is a word, "kunduz" is not."""
    assert (word in bundled.common_words()) is common


def test_common_words_match_wordfreq_bins():
    """A cB list's bins 0..500 are exactly Zipf >= 4 (bin i has Zipf 9 - i/100)."""
    import gzip
    import io
    import zipfile

    import msgpack

    payload = gzip.compress(msgpack.packb([{"format": "cB", "version": 1}, ["the"], *[[] for _ in range(499)],
                                           ["edge"], ["rare"]]))
    wheel = io.BytesIO()
    with zipfile.ZipFile(wheel, "w") as whl:
        whl.writestr("wordfreq/data/large_en.msgpack.gz", payload)
    assert build_data.read_common_words(wheel) == ["edge", "the"]


# --------------------------------------------------------------------------------------------------
# the build script's pure transforms, on synthetic inputs


def _unit(id_, name, gn="", gns="", woe="", names=None, x=0, hasc=None):
    return {"id": id_, "iso3": "AFG", "name": name, "names": names or name, "hasc": hasc, "iso_3166_2": None,
            "type_en": "Province", "lat": 0.5, "lon": x + 0.5, "src_gn_name": gn, "src_gns_name": gns,
            "src_woe_name": woe, "geometry": box(x, 0, x + 1, 1)}


def _layer(*units):
    return gpd.GeoDataFrame(list(units), geometry="geometry", crs="EPSG:4326")


def test_fix_duplicate_names_renames_the_copy_from_gn_name():
    layer = _layer(
        _unit("A-1", "Parwan", "Panjshir", "Panjshayr, Wilayat-e", "Parwan", "Parwan|Charikar", 0, "AF.PV"),
        _unit("A-2", "Parwan", "Parwan", "Parwan, Wilayat-e", "Parwan", "Parwan|Charikar", 1, "AF.PV"),
        _unit("A-3", "Kabul", "Wilayat-e Kabul", x=2),
    )
    fixed, fixes = build_data.fix_duplicate_names(layer)
    fixed = fixed.set_index("id")
    assert fixed.loc["A-1", "name"] == "Panjshir" and fixed.loc["A-2", "name"] == "Parwan"
    assert fixed.loc["A-1", "names"] == "Panjshir"
    assert fixed.loc["A-1", "hasc"] is None and fixed.loc["A-2", "hasc"] == "AF.PV"
    assert fixed.loc["A-3", "name"] == "Kabul"
    assert fixes == [build_data.NameFix("A-1", "AFG", "Parwan", "Panjshir",
                                        "label of A-2; from GeoNames/GNS/WOE name fields")]


def test_fix_duplicate_names_strips_unit_words_and_handles_ties_and_dead_ends():
    layer = _layer(
        _unit("B-1", "Uruzgan", "Uruzgan", "Uruzgan, Wilayat-e", "Uruzgan", x=0),
        _unit("B-2", "Uruzgan", "Wilayat-e Daykundi", "Daykundi, Wilayat-e", "Daykundi", x=1),
        _unit("B-3", "Southeastern", "Opstina Strumica", woe="Southeastern", x=2),
        _unit("B-4", "Southeastern", "Opstina Gevgelija", woe="Southeastern", x=3),
        _unit("B-5", "Rezina", "Raionul Rezina", "Rezina, Raionul", "Rezina", x=4),
        _unit("B-6", "Rezina", x=5),
    )
    fixed, fixes = build_data.fix_duplicate_names(layer)
    names = dict(zip(fixed["id"], fixed["name"]))
    assert names == {"B-1": "Uruzgan", "B-2": "Daykundi", "B-3": "Strumica", "B-4": "Gevgelija",
                     "B-5": "Rezina", "B-6": "Rezina"}
    assert [f.new for f in fixes if f.id == "B-6"] == [None]
    assert "Southeastern" in fixed.set_index("id").loc["B-3", "names"].split("|")  # a tie keeps it


def test_fix_duplicate_names_tie_goes_to_the_unit_whose_name_starts_the_others():
    layer = _layer(
        _unit("D-1", "Tashkent", "Toshkent Shahri", woe="Tashkent", x=0),
        _unit("D-2", "Tashkent", "Toshkent Viloyati", woe="Tashkent", x=1),
    )
    fixed, fixes = build_data.fix_duplicate_names(layer)
    assert list(fixed["name"]) == ["Toshkent Shahri", "Tashkent"]
    assert [(f.id, f.new) for f in fixes] == [("D-1", "Toshkent Shahri")]


def test_fix_duplicate_names_is_a_no_op_without_duplicates():
    layer = _layer(_unit("C-1", "Kunduz", x=0), _unit("C-2", "Takhar", x=1))
    fixed, fixes = build_data.fix_duplicate_names(layer)
    assert fixes == [] and fixed.equals(layer)


@pytest.mark.parametrize(("text", "core"), [
    ("Wilayat-e Daykundi", "Daykundi"), ("Panjshayr, Wilayat-e", "Panjshayr"), ("County Cork", "Cork"),
    ("Metropolitan Borough of Wirral", "Wirral"), ("Cork City", "Cork City"),
                                            ("Toshkent Shahri", "Toshkent Shahri"),
    ("-99", ""),
])
def test_name_core(text, core):
    assert build_data.name_core(text) == core


@pytest.mark.parametrize(("name", "other", "same"), [
    ("Şuşa", "Susa Rayonu", True), ("Durrës", "Qarku i Durresit", True), ("Cork", "Cork City", False),
    ("Lankaran", "Lankaran Sahari", False), ("Parwan", "Panjshir", False), ("Kabul", "", False),
])
def test_names_match(name, other, same):
    assert build_data.names_match(name, other) is same


def _two_countries(gap: float = 0.0) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"iso3": ["BBB", "AAA", "CCC"], "name": ["Bee", "Ay", "Cee"]},
                            geometry=[box(1 + gap, 0, 2, 1), box(0, 0, 1, 1), box(2, 1, 3, 2)],
                            crs="EPSG:4326")


def test_neighbour_borders_of_unit_squares():
    borders = build_data.neighbour_borders(_two_countries())
    assert list(borders["id"]) == ["AAA-BBB"]  # BBB and CCC only touch at a corner
    row = borders.iloc[0]
    assert (row["name_a"], row["name_b"], row["name"]) == ("Ay", "Bee", "Ay–Bee border")
    assert row.geometry.equals(shapely.MultiLineString([[(1, 0), (1, 1)]]))
    assert row["length_km"] == pytest.approx(110.6, abs=0.5)  # one degree of latitude at the equator
    assert (row["lon"], row["lat"]) == (1.0, 0.5)


def test_no_border_between_separate_countries():
    assert build_data.neighbour_borders(_two_countries(gap=0.1)).empty


def _provinces() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ["AAA-1", "BBB-1"], "iso3": ["AAA", "BBB"]},
                            geometry=[box(0, 0, 1, 1), box(0.9, 0, 2, 1)], crs="EPSG:4326")


@pytest.mark.parametrize(("lon", "lat", "country", "expected"), [
    (0.5, 0.5, "AAA", 0),    # inside
    (0.95, 0.5, "BBB", 1),   # in the overlap: own country's unit wins
    (0.95, 0.5, "AAA", 0),
    (-0.03, 0.5, "AAA", 0),  # 3 km off the shore
    (-0.2, 0.5, "AAA", -1),  # 22 km off: nowhere
    (1.5, 0.5, "AAA", 1),    # inside another country's unit only
])
def test_units_of_points(lon, lat, country, expected):
    found = build_data.units_of_points(np.array([lat]), np.array([lon]), _provinces(), np.array([country]))
    assert found.tolist() == [expected]


@pytest.mark.parametrize(("alternate", "kept"), [
    ("Imam Sahib", True), ("Kondôz", True), ("Qaryah-e Nīlī", True), ("FBD", False), ("OAFZ", False),
    ("https://en.wikipedia.org/wiki/Kunduz", False), ("nyly", False), ("Кундуз", False), ("ኢማም ሳህብ", False),
])
def test_keep_alternate(alternate, kept):
    assert build_data.keep_alternate(alternate) is kept


@pytest.mark.parametrize(("text", "ascii_"),
                         [("Imām Şāḩib", "Imam Sahib"), ("Tromsø", "Tromso"), ("Kabul", "Kabul")])
def test_ascii_fold(text, ascii_):
    assert build_data.ascii_fold(text) == ascii_


def test_gazetteer_table_joins_country_and_province():
    admin0 = gpd.GeoDataFrame({"iso3": ["AAA", "BBB"], "iso2": ["AA", None]},
                              geometry=[box(0, 0, 1, 1), box(0.9, 0, 2, 1)], crs="EPSG:4326")
    admin1 = _provinces().assign(name=["Ayland", "Beeland"])
    cities = [
        {"geonameid": 2, "name": "Bētown", "latitude": 0.5, "longitude": 1.5, "countrycode": "BX",
         "population": 700, "alternatenames": ["Betown", "BTW", "bitawn"]},
        {"geonameid": 1, "name": "Aytown", "latitude": 0.5, "longitude": 0.5, "countrycode": "AA",
         "population": None, "alternatenames": ["Aytown", "Ay Town"]},
    ]
    table = build_data.gazetteer_table(cities, {"BX": {"iso3": "BXX"}}, admin0, admin1)
    assert table.to_dict("records") == [
        {"geonameid": 1, "name": "Aytown", "asciiname": "Aytown", "alternatenames": "Ay Town", "lat": 0.5,
         "lon": 0.5, "population": 0, "country_iso3": "AAA", "admin1_id": "AAA-1", "admin1_name": "Ayland"},
        {"geonameid": 2, "name": "Bētown", "asciiname": "Betown", "alternatenames": "Betown", "lat": 0.5,
         "lon": 1.5, "population": 700, "country_iso3": "BBB", "admin1_id": "BBB-1",
         "admin1_name": "Beeland"},
    ]


def test_demonym_table_resolves_shared_demonyms_by_population():
    admin0 = pd.DataFrame({"iso3": ["COD", "COG", "BIH"], "iso2": ["CD", "CG", "BA"],
                           "population": [90, 5, 3]})
    records = [("CG", "COG", "Congolese"), ("CD", "COD", "Congolese"), ("BA", "BIH", "Bosnian,Herzegovinian"),
               ("ZZ", "ZZZ", "Nowherian")]
    table = build_data.demonym_table(records, admin0)
    assert table.values.tolist() == [["Bosnian", "BIH"], ["Congolese", "COD"], ["Herzegovinian", "BIH"]]


def test_admin0_layer_codes_for_minus_99():
    columns = ["NAME_LONG", "NAME_EN", "NAME", "ADMIN", "FORMAL_EN", "NAME_SORT", "NAME_CIAWF", "BRK_NAME",
               "GEOUNIT", "SUBUNIT", "NAME_ALT"]
    rows = [
        {"ISO_A3": "-99", "ISO_A3_EH": "FRA", "ADM0_A3": "FRA", "ISO_A2": "-99", "ISO_A2_EH": "FR",
         "ABBREV": "Fr.", **dict.fromkeys(columns, "France")},
        {"ISO_A3": "-99", "ISO_A3_EH": "-99", "ADM0_A3": "KOS", "ISO_A2": "-99", "ISO_A2_EH": "XK",
         "ABBREV": "Kos.", **dict.fromkeys(columns, "Kosovo")},
        {"ISO_A3": "-99", "ISO_A3_EH": "FRA", "ADM0_A3": "CLP", "ISO_A2": "-99", "ISO_A2_EH": "FR",
         "ABBREV": "Clp.", **dict.fromkeys(columns, "Clipperton I."), "NAME_EN": "Clipperton Island"},
        {"ISO_A3": "USA", "ISO_A3_EH": "USA", "ADM0_A3": "USA", "ISO_A2": "US", "ISO_A2_EH": "US",
         "ABBREV": "U.S.A.", **dict.fromkeys(columns, "United States"),
         "FORMAL_EN": "United States of America"},
    ]
    for i, row in enumerate(rows):
        row.update(LABEL_X=i * 2 + 0.5, LABEL_Y=0.5, POP_EST=float(i), geometry=box(i * 2, 0, i * 2 + 1, 1))
    layer = build_data.admin0_layer(gpd.GeoDataFrame(rows, crs="EPSG:4326")).set_index("iso3")
    assert sorted(layer.index) == ["CLP", "FRA", "KOS", "USA"]
    assert layer.loc["KOS", "iso2"] == "XK" and layer.loc["CLP", "iso2"] is None
    assert layer.loc["CLP", "name"] == "Clipperton Island"
    assert layer.loc["USA", "names"] == "United States|United States of America|U.S.A.|USA"


def test_display_copy_rounds_and_keeps_tiny_islands():
    ring = [(x / 100 + 1e-7, np.sin(x / 10) / 1000) for x in range(100)]
    wiggly = shapely.Polygon([*ring, (1, 1), (0, 1)])
    islet = box(5, 5, 5.00002, 5.00002)
    layer = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[wiggly, islet], crs="EPSG:4326")
    display = build_data.display_copy(layer, 0.01, ["id"])
    assert display.geometry.is_valid.all() and not display.geometry.is_empty.any()
    assert shapely.get_num_coordinates(display.geometry.iloc[0]) < shapely.get_num_coordinates(wiggly)
    coords = shapely.get_coordinates(display.geometry.values)
    assert np.allclose(coords, np.round(coords, 5), atol=1e-9)


def test_writers_are_deterministic(tmp_path):
    borders = build_data.neighbour_borders(_two_countries())
    table = pd.DataFrame({"geonameid": [1, 2], "name": ["a", "b"]})
    for run in ("one", "two"):
        (tmp_path / run).mkdir()
        build_data.write_geoparquet(borders, tmp_path / run / "b.parquet")
        build_data.write_parquet(table, tmp_path / run / "g.parquet")
    for name in ("b.parquet", "g.parquet"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert gpd.read_parquet(tmp_path / "one" / "b.parquet").geometry.iloc[0].equals(borders.geometry.iloc[0])


def test_linear_keeps_only_lines():
    mixed = shapely.GeometryCollection([Point(0, 0), LineString([(0, 0), (1, 0)]),
                                        LineString([(1, 0), (2, 0)])])
    assert build_data.linear(mixed).equals(shapely.MultiLineString([[(0, 0), (1, 0), (2, 0)]]))
    assert build_data.linear(Point(0, 0)) is None


def test_districts_have_a_country_and_mostly_a_province(bundled):
    """geoBoundaries units placed by point-in-polygon: Afghanistan's ~400 districts are all there."""
    d = bundled.districts()
    assert (d["country_iso3"] == "AFG").sum() >= 350
    assert d["admin1_id"].notna().mean() > 0.99
    # the package files Roshtqal'a under Afghanistan; its centroid lies in Tajikistan's Gorno-Badakhshan
    roshtqala = d[d["name"] == "Roshtqal'a District"].iloc[0]
    assert (roshtqala["alternatenames"], roshtqala["country_iso3"]) == ("Roshtqal'a", "TJK")
    assert d[d["name"] == "Gulran"].iloc[0]["admin1_name"] == "Hirat"


def test_regions_lie_inside_their_member_provinces(bundled):
    """Donbas is placed inside Donetsk or Luhansk; every region names its country."""
    import shapely

    admin1 = bundled.admin1().set_index("id")
    for region in bundled.regions():
        assert region["iso3"] and region["name"]
        ids = [i for i in region["admin1_ids"].split("|") if i]
        point = shapely.Point(float(region["lon"]), float(region["lat"]))
        assert not ids or any(admin1.loc[i, "geometry"].covers(point) for i in ids)
    assert {r["name"] for r in bundled.regions()} >= {"Donbas", "Nagorno-Karabakh"}


# --------------------------------------------------------------------------------------------------
# places in any news (issue 15): continents and world regions, abbreviations, county names


def test_world_regions_and_continents(bundled):
    world = {r["name"]: r for r in bundled.world_regions()}
    for name in ("Europe", "Africa", "Asia", "Middle East", "Sahel", "Horn of Africa", "Korean Peninsula",
                 "Balkans", "Caucasus"):
        assert -90 <= float(world[name]["lat"]) <= 90 and -180 <= float(world[name]["lon"]) <= 180
    assert world["Europe"]["members"] == "" and "SOM" in world["Horn of Africa"]["members"].split()
    assert 40 < float(world["Europe"]["lat"]) < 55 and 0 < float(world["Europe"]["lon"]) < 20  # GeoNames


@pytest.mark.parametrize(("abbreviation", "unit"), [
    ("Ky.", "USA-KY"), ("KY", "USA-KY"), ("Calif.", "USA-CA"), ("B.C.", "CAN-633"), ("Man.", "CAN-630"),
    ("Que.", "CAN-683"), ("N.S.W.", "AUS-2654")])
def test_state_abbreviations(bundled, abbreviation, unit):
    assert unit in {r["admin1_id"] for r in bundled.abbreviations() if r["abbreviation"] == abbreviation}


def test_us_counties_carry_their_county_names(bundled):
    d = bundled.districts()
    laurel = d[(d["country_iso3"] == "USA") & (d["name"] == "Laurel") & (d["admin1_name"] == "Kentucky")]
    assert laurel["alternatenames"].str.split("|").iloc[0] == ["Laurel County"]
    assert (d["alternatenames"].str.contains(" County", regex=False)).sum() > 2900


def test_world_region_table_places_regions_inside_their_members():
    admin0 = gpd.GeoDataFrame({"iso3": ["AAA", "BBB"]}, geometry=[box(0, 0, 1, 1), box(10, 0, 11, 1)],
                              crs="EPSG:4326")
    continents = [{"name": "Testland", "alternates": ["Testland", "Test Land"], "lat": 5.0, "lon": 6.0}]
    rows = [{"name": "East Region", "alternates": "the East", "members": "BBB", "lat": "", "lon": ""}]
    table = build_data.world_region_table(continents, rows, admin0)
    east = table.set_index("name").loc["East Region"]
    assert box(10, 0, 11, 1).covers(Point(east["lon"], east["lat"])) and east["members"] == "BBB"
    assert table.set_index("name").loc["Testland", "alternatenames"] == "Test Land"
    with pytest.raises(SystemExit):
        build_data.world_region_table([], [{**rows[0], "members": "ZZZ"}], admin0)


def test_abbreviation_table_and_county_names():
    admin1 = gpd.GeoDataFrame({"id": ["USA-KY", "USA-OH"], "iso3": ["USA", "USA"],
                               "name": ["Kentucky", "Ohio"]},
                              geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    rows = [{"iso3": "USA", "name": "Kentucky", "ap": "Ky.", "postal": "KY"},
            {"iso3": "USA", "name": "Ohio", "ap": "Ohio", "postal": "OH"}]
    table = build_data.abbreviation_table(rows, admin1)
    assert table.to_dict("records") == [{"abbreviation": "KY", "style": "postal", "admin1_id": "USA-KY"},
                                        {"abbreviation": "Ky.", "style": "ap", "admin1_id": "USA-KY"},
                                        {"abbreviation": "OH", "style": "postal", "admin1_id": "USA-OH"}]
    with pytest.raises(SystemExit):
        build_data.abbreviation_table([{"iso3": "USA", "name": "Texas", "ap": "Tex.", "postal": "TX"}],
                                      admin1)
    districts = pd.DataFrame({"name": ["Laurel", "Laurel"], "alternatenames": ["", ""],
                              "country_iso3": ["USA", "USA"], "admin1_id": ["USA-KY", "USA-OH"]})
    counties = [{"name": "Laurel County", "state": "KY"}]
    named = build_data.with_county_names(districts, counties, {"KY": "USA-KY"})
    assert named["alternatenames"].tolist() == ["Laurel County", ""]


def test_capitals_name_each_countrys_seat_of_government() -> None:
    capitals = bundled_data.capitals()
    assert capitals["Moscow"] == "RUS" and capitals["Kyiv"] == "UKR" and capitals["Kabul"] == "AFG"
    assert set(capitals.values()) <= set(bundled_data.country_names())
