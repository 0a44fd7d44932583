"""Article text is never template source (issue 19): every stored field carrying Jinja syntax is
drawn literally by every render path (``build_map(...).get_root().render()``, the page's
streamlit-folium path with ``feature_group_to_add``), never evaluated, never an exception."""
from __future__ import annotations

import html
import json
import re
from typing import Any

import folium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit_folium import _get_feature_group_string
from test_mapview import COUNTS, LAYERS, META

from dashboard import ingest, store
from dashboard.folium_frame import component_args
from dashboard.mapview import base_map, build_map, inert_json, overlays, render_copy
from dashboard.text import displayable

# what an attacker writes: Jinja tags, expressions that would run code, half-open tags, and the
# characters the other escapes care about
FRAGMENTS = ["{{7*7}}", "{% raw %}", "{% endraw %}", "{% if %}", "{% if x %}", "{#", "#}", "{{", "{%",
             "}}", "%}", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "{{'abc'}}",
             "{{ self }}", "{", "}", "\\", "`", "${x}", "</script>", "'", '"', "\u2028", "&amp;", "<b>"]
payloads = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=1, max_size=6).map(
    "".join).filter(lambda s: s.strip() == s and s != "")

# every text field a map row carries: what the store returns for places and claims (title, file
# name as ``source``, outlet), the article's sentence and quote, place names as written and resolved
PLACE_FIELDS = ("mention", "name", "sentence", "title", "source", "outlet", "admin1")
CLAIM_FIELDS = ("actor", "action", "when", "source", "quote", "title", "sentence", "outlet")
SHOWN = {"place": ("name", "sentence", "title", "admin1"),
         "claim": ("actor", "action", "when", "source", "quote")}


def layer_data(script: str) -> list[dict[str, Any]]:
    """Every GeoJSON object folium wrote into a script (``geo_json_..._add({...})``), decoded."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, m.end())[0] for m in re.finditer(r"_add\(", script)
            if script.startswith("{", m.end())]


def shown_text(script: str) -> str:
    """What the layers show: every property, tooltips unescaped as the browser shows them."""
    props = [f["properties"] for data in layer_data(script) for f in data.get("features", [])]
    return "\n".join(html.unescape(str(v)) for p in props for v in p.values())


def rows_with(place_payloads: dict[str, str], claim_payloads: dict[str, str]) -> tuple[list, list]:
    place = {**META, "kind": "town", "country_iso3": "AAA", "lat": 0.5, "lon": 0.5, "precision": 1,
             "ref": "geonames:1", **place_payloads}
    claim = {**META, **claim_payloads, "place": place_payloads["name"]}
    return [place], [claim]


def assert_literal(script: str, place: dict[str, str], claim: dict[str, str]) -> None:
    """Each field is shown as written (less the invisible and control characters the page drops)."""
    text = shown_text(script)
    for field in SHOWN["place"]:
        assert displayable(place[field]) in text, (field, place[field])
    for field in SHOWN["claim"]:
        assert displayable(claim[field]) in text, (field, claim[field])


field_payloads = st.tuples(st.fixed_dictionaries({f: payloads for f in PLACE_FIELDS}),
                           st.fixed_dictionaries({f: payloads for f in CLAIM_FIELDS}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_payloads)
def test_build_map_draws_every_field_literally(fields):
    place, claim = fields
    places, claims = rows_with(place, claim)
    page = build_map(places, claims, COUNTS, layers=LAYERS).get_root().render()
    assert_literal(page, place, claim)
    assert "uid=" not in page


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_payloads)
def test_page_path_draws_every_field_literally(fields):
    """What app.py does: a copy of the base map rendered as st_folium renders it, the overlays as
    its ``feature_group_to_add`` (rendered into a branca Element, then to a script string)."""
    place, claim = fields
    places, claims = rows_with(place, claim)
    layers = overlays(places, claims, COUNTS, layers=LAYERS)
    m, groups = render_copy(base_map(layers.bounds, COUNTS, layers=LAYERS), layers.groups)
    args = component_args(m, groups, folium.LayerControl())
    m.get_root().render()  # the groups are now the map's children: the whole figure renders again
    assert_literal(args["script"] + args["feature_group"], place, claim)


def test_the_seven_times_seven_probe_stays_literal():
    probe = "{{7*7}} {{ cycler.__init__.__globals__.os.popen('id').read() }}"
    places, claims = rows_with({"name": "Oldtown", "sentence": probe, "title": probe, "admin1": probe},
                               {"actor": probe, "action": "captured", "when": "", "source": "", "quote": ""})
    page = build_map(places, claims, COUNTS, layers=LAYERS).get_root().render()
    assert probe in shown_text(page)
    assert not re.search(r"\b49\b", shown_text(page)) and "uid=" not in page


@pytest.mark.parametrize("value", ["{{7*7}}", "{%x%}", "{#", "{{{", "a{", {"k": "{%"}, ["{{", 1]])
def test_inert_json_is_the_same_json_without_template_openers(value):
    dumped = inert_json(value)
    assert json.loads(dumped) == value
    assert not re.search(r"\{[{%#]", dumped)


def test_a_stored_article_with_template_syntax_renders_literally(db):
    """End to end: text, title and file name through extraction and a real database of each backend."""
    probe = "{{7*7}} {% raw %} {% if %} {{ cycler.__init__.__globals__ }}"
    text = (f"Fighters seized Kunduz on Saturday, a resident said: \"{probe}\". "
            f"Taliban fighters took Taloqan in Takhar province. {probe}")
    conn = store.connect(db)
    try:
        result = ingest.ingest_text(conn, text, "2021-07-04", f"Title {probe}", source=f"{probe}.txt")
        assert result.error is None
        places, claims = store.places(conn), store.claims(conn)
    finally:
        conn.close()
    assert places, "the article names places"
    page = build_map(places, claims, [], layers=LAYERS).get_root().render()
    layers = overlays(places, claims, [], layers=LAYERS)
    m, groups = render_copy(base_map(layers.bounds, [], layers=LAYERS), layers.groups)
    m.get_root().render()
    scripts = page + "".join(_get_feature_group_string(g, m, i) for i, g in enumerate(groups))
    for source in (page, scripts):
        assert probe in shown_text(source)
        assert f"Title {probe}" in shown_text(source)
