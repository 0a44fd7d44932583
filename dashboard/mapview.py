"""Rows from the store -> an offline ``folium.Map``: a base that every filter shares, and the
filter's overlays (pure: no streamlit, no I/O).

Layers, bottom to top: countries (the offline basemap), provinces of the countries with data
shaded by mentions, border lines the articles mention, then towns/districts/crossings as
markers whose symbol says the precision. A province-level mention shades its province and never
becomes a point. Every tooltip is HTML built here from escaped text: article text is untrusted.
"""
from __future__ import annotations

import copy
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import folium
import folium.plugins
import jinja2
import shapely
from branca.element import MacroElement
from folium.template import Template

from dashboard import province_names
from dashboard.keys import key as folded
from dashboard.text import displayable
from dashboard.corrections import LOW_CONFIDENCE, flag

if TYPE_CHECKING:
    import geopandas as gpd

Row = Mapping[str, Any]
# (feature, the names its claims are found by) -> how many lines its tooltip has, when the rows given
# are only a feature's oldest (dashboard/aggregates.py); None: count the rows given. Features:
# ("m", ref or name, lat, lon) a marker, ("p", iso3, name) a province, ("b", id) a border.
Totals = Callable[[tuple[Any, ...], Sequence[str]], "int | None"]

# Streamlit serves dashboard/static/ (beside app.py) at /app/static/ (enableStaticServing).
STATIC_URL = "/app/static"
LOCAL_ASSETS = {
    "leaflet": f"{STATIC_URL}/leaflet/leaflet.js",
    "leaflet_css": f"{STATIC_URL}/leaflet/leaflet.css",
    "markerclusterjs": f"{STATIC_URL}/leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.Default.css",
}
# folium.Map also lists jquery, bootstrap and awesome-markers; only folium.Icon markers use them
# and this map draws none, so they are not vendored and not loaded.
UNUSED_ASSETS = frozenset({
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})

ATTRIBUTION = "Natural Earth · GeoNames, geoBoundaries (CC BY 4.0)"
PAPER = "#f2efe9"  # the basemap's land, and the map's background around the clipped countries
# ColorBrewer Purples, 5 classes: mention counts are a layer off by default; colour says who holds a
# place (controlview.py), and red no longer encodes how often it is mentioned (issue #16)
PALETTE = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
MARKER_KINDS = frozenset({"town", "admin2", "crossing", "region", "river", "other"})
CLUSTER_ABOVE = 80  # markers; fewer are drawn one by one
MAX_ZOOM = 18
QUOTES_PER_TOOLTIP = 5
SELECTED_COLOR = "#08519c"
BASEMAP_MARGIN_DEG = 12.0  # countries this far around the data make the offline basemap
WORLD_SIMPLIFY_DEG = 0.2  # coarse whole-world basemap when there is no data yet


@dataclass(frozen=True)
class MapLayers:
    """Display geometry (EPSG:4326 GeoDataFrames from ``dashboard.bundled_data``)."""

    countries: gpd.GeoDataFrame  # admin0_display: iso3, name, geometry
    provinces: gpd.GeoDataFrame  # admin1_display: id, iso3, name, geometry
    borders: gpd.GeoDataFrame  # borders_display: id ("AFG-TJK"), iso3_a, iso3_b, name, geometry

    @classmethod
    def bundled(cls) -> MapLayers:
        """The display layers of the bundled data (read once per process by ``bundled_data``)."""
        from dashboard.bundled_data import admin0_display, admin1_display, borders_display

        return cls(admin0_display(), admin1_display(), borders_display())


_INERT_HTML = {ord("`"): "&#96;", ord("$"): "&#36;", ord("\\"): "&#92;",
               ord("{"): "&#123;", ord("}"): "&#125;"}
# a "{" that would open a Jinja tag ({{, {%, {#); in json.dumps output a structural "{" is followed
# by '"' or "}", so every such "{" is inside a string
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")


def esc(text: object) -> str:
    """HTML-escape untrusted text; backtick, ``$`` and ``\\`` too, so it stays inert in a JS template
    literal as well, and braces, so it never opens a Jinja tag where folium re-templates it; invisible
    and control characters (a bidi override would reorder the tooltip) are dropped (issue 19)."""
    if text is None:
        return ""
    return html.escape(displayable(str(text)), quote=True).translate(_INERT_HTML)


def inert_json(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` whose output cannot open a Jinja tag: a "{" before "{", "%" or "#" (only ever
    inside a string) is written ``\\u007b``, the same character to JavaScript and JSON.

    branca's ``MacroElement.render`` wraps each rendered script in ``Element(template=script)``,
    which the figure renders again (and streamlit-folium's ``feature_group_to_add`` renders the
    group the same way): data that folium wrote with ``tojson`` becomes template source, so an
    article saying ``{{7*7}}`` printed 49 and ``{{ cycler.__init__.__globals__... }}`` ran code
    (issue 19)."""
    return _TEMPLATE_OPENER.sub(r"\\u007b", json.dumps(obj, **kwargs))


def make_inert(root: Any) -> Any:
    """Make every template under ``root`` write data with :func:`inert_json` (Jinja's ``tojson``
    reads its dump function from the environment's policies at render time)."""
    for element in _walk(root):
        template = getattr(element, "_template", None)
        if isinstance(template, jinja2.Template):
            template.environment.policies["json.dumps_function"] = inert_json
    return root


def class_breaks(max_value: int, n_classes: int = len(PALETTE)) -> list[tuple[int, int]]:
    """Doubling integer classes 1, 2–3, 4–7, … (the last one open up to ``max_value``): mention
    counts are skewed, one province often has most, and equal steps would lump the rest together."""
    lows = [2**i for i in range(n_classes) if 2**i <= max_value]
    highs = [low * 2 - 1 for low in lows[:-1]] + [max_value] if lows else []
    return list(zip(lows, highs))


def color_of(value: int, breaks: Sequence[tuple[int, int]]) -> str | None:
    """Palette colour of the class holding ``value``; None for 0 (no data)."""
    for i, (low, high) in enumerate(breaks):
        if low <= value <= high:
            return PALETTE[round(i * (len(PALETTE) - 1) / max(len(breaks) - 1, 1))]
    return None


def _source_line(row: Row) -> str:
    """`— Title, 2021-07-04` for a mention or claim row."""
    bits = [f"<i>{esc(row.get('title') or 'untitled article')}</i>"]
    if row.get("published"):
        bits.append(esc(row["published"]))
    return ", ".join(bits)


def _plain(text: object) -> str:
    return "" if text is None else str(text)


QUOTE_CHARS = 160  # a tooltip line quotes at most this much of its sentence (the tables have it all)


def _short(text: str) -> str:
    """Escaped, cut at a word boundary; the cut is marked outside the quotation marks."""
    if len(text) <= QUOTE_CHARS:
        return f"“{esc(text)}”"
    cut = " ".join(text[:QUOTE_CHARS].split()[:-1]) or text[:QUOTE_CHARS]
    return f"“{esc(cut)}”…"


def _when(row: Row) -> str:
    """The date a tooltip line is ordered by: the event's own, else its article's publication."""
    return str(row.get("when") or row.get("published") or "")


def _same_claim(claim: Row) -> tuple[Any, ...]:
    """A headline and the body of one article state the same claim, the body often with a date:
    one line per article, actor, action and place."""
    return (claim.get("report_id"), folded(claim.get("actor")), _plain(claim.get("action")),
            folded(claim.get("place")))


def _claim_item(claim: Row) -> str:
    who = f" · {esc(claim['source'])}" if claim.get("source") else ""
    what = f"{esc(claim.get('actor') or 'someone')} {esc(claim.get('action'))} {esc(claim.get('place'))}"
    loser = f" from {esc(claim['loser'])}" if claim.get("loser") else ""
    return (f"<li><span class='tt-date'>{esc(_when(claim)) or 'undated'}</span> <b>{what}</b>{loser}{who}"
            f"<br>{_short(claim.get('quote') or claim.get('sentence') or '')} — {_source_line(claim)}</li>")


def _mention_item(row: Row, sentence: str) -> str:
    return (f"<li><span class='tt-date'>{esc(_when(row)) or 'undated'}</span> {_short(sentence)} — "
            f"{_source_line(row)}</li>")


def _quote_items(mentions: Sequence[Row], claims: Sequence[Row], total: int | None = None) -> list[str]:
    """One ``<li>`` per distinct claim (a headline repeating the body counted once), and per sentence
    naming the feature that no claim line already quotes; oldest first, so a place's history reads in
    order. Only the lines shown are built: a province of 10,000 reports has ~100,000 mentions (issue 8).
    ``total``: how many lines there are, when the rows given are only the oldest ones (counted in SQL,
    :mod:`dashboard.aggregates`)."""
    items: dict[tuple[Any, ...], tuple[str, Callable[[], str]]] = {}
    # dated claims first: of a headline and a body, the line kept is the one that says when
    seen: set[tuple[Any, ...]] = set()  # (article, title, sentence) already quoted
    for claim in sorted(claims, key=lambda c: not c.get("when")):
        key = ("claim", *_same_claim(claim))
        if key not in items:
            items[key] = (_when(claim), partial(_claim_item, claim))
            if not claim.get("quote"):  # the line quotes the claim's sentence
                said = folded(claim.get("sentence"))
                seen.add((claim.get("report_id"), claim.get("title"), said))
    for row in mentions:
        sentence = (row.get("sentence") or "").strip()
        said = (row.get("report_id"), row.get("title"), folded(sentence))
        if sentence and said not in seen:
            seen.add(said)
            items.setdefault(("mention", *said), (_when(row), partial(_mention_item, row, sentence)))
    ordered = sorted(items.values(), key=lambda item: (not item[0], item[0]))
    lines = [make() for _, make in ordered[:QUOTES_PER_TOOLTIP]]
    more = (len(ordered) if total is None else max(total, len(ordered))) - len(lines)
    if more > 0:
        lines.append(f"<li class='tt-more'>… and {more} more (see the tables)</li>")
    return lines


def tooltip_html(title: str, subtitle: str, mentions: Sequence[Row], claims: Sequence[Row],
                 warning: str = "", total: int | None = None) -> str:
    """Tooltip body: escaped title line, a warning when the place needs checking, then the claims and
    sentences about the feature (``total``: see :func:`_quote_items`)."""
    quotes = "".join(_quote_items(mentions, claims, total))
    body = f"<ul class='tt-quotes'>{quotes}</ul>" if quotes else ""
    sub = f" <span class='tt-sub'>{esc(subtitle)}</span>" if subtitle else ""
    warn = f"<div class='tt-warn'>{esc(warning)}</div>" if warning else ""
    return f"<div class='tt'><b>{esc(title)}</b>{sub}{warn}{body}</div>"


def _precision_label(precision: int | None) -> str:
    return {1: "exact point", 2: "approximate (near / part of)"}.get(precision or 0, "region")


def _marker_class(place: Row) -> str:
    if place.get("kind") == "crossing":
        return "crossing"
    return "exact" if place.get("precision") == 1 else "approx"


MARKER_STYLES = {
    "exact": {"fill": True, "radius": 6, "color": "#ffffff", "weight": 1.5, "fillColor": "#08306b",
              "fillOpacity": 0.95},
    "approx": {"fill": True, "radius": 10, "color": "#08306b", "weight": 2, "dashArray": "3 3",
               "fillColor": "#6baed6",
               "fillOpacity": 0.25},
    "crossing": {"fill": True, "radius": 7, "color": "#ffffff", "weight": 1.5, "fillColor": "#6a3d9a",
                 "fillOpacity": 0.95},
    # resolved with low confidence: the namesake may be wrong (issue 18)
    "check": {"fill": True, "radius": 8, "color": "#d94801", "weight": 2.5, "dashArray": "2 3",
              "fillColor": "#fdae6b", "fillOpacity": 0.9},
}


def _warning(rows: Sequence[Row]) -> str:
    """What a marker says about its resolution: corrected by someone, or too unsure to trust."""
    flags = [flag(r) for r in rows]
    corrected = next((f for f in flags if f.startswith("✎")), "")
    return corrected or next((f for f in flags if f.startswith("⚠")), "")


def _claims_by_place(claims: Iterable[Row]) -> dict[str, list[Row]]:
    by_place: dict[str, list[Row]] = defaultdict(list)
    for claim in claims:
        if claim.get("place"):
            by_place[folded(claim["place"])].append(claim)
    return by_place


def _claims_for(names: Iterable[str | None], by_place: Mapping[str, list[Row]]) -> list[Row]:
    seen: list[Row] = []
    # first-seen order: same tooltip every run
    for name in dict.fromkeys(folded(n) for n in names if n):
        seen.extend(by_place.get(name, ()))
    return seen


def marker_features(places: Sequence[Row], claims: Sequence[Row], totals: Totals | None = None
                    ) -> list[dict[str, Any]]:
    """GeoJSON points, one per located town/district/crossing (precision 1 or 2) with its quotes."""
    groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for place in places:
        if (place.get("kind") in MARKER_KINDS and place.get("lat") is not None
                and place.get("lon") is not None and place.get("precision") in (1, 2)):
            key = (place.get("ref") or place.get("name"), round(place["lat"], 4), round(place["lon"], 4))
            groups[key].append(place)
    by_place = _claims_by_place(claims)
    features = []
    for i, (group, rows) in enumerate(groups.items()):
        _, lat, lon = group
        first = rows[0]
        name = first.get("name") or first.get("mention")
        where = ", ".join(str(x) for x in (first.get("admin1"), first.get("country_iso3")) if x)
        subtitle = f"{first.get('kind')} · {where} · {_precision_label(first.get('precision'))}"
        names = [name, *(r.get("mention") for r in rows)]
        related = _claims_for(names, by_place)
        warning = _warning(rows)
        total = totals(("m", *group), names) if totals else None
        features.append({
            "type": "Feature", "id": f"m{i}",
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {"tip": tooltip_html(str(name), subtitle, rows, related, warning, total),
                           "symbol": "check" if warning.startswith("⚠") else _marker_class(first),
                           "admin1": first.get("admin1")},
        })
    return features


def _province_features(layers: MapLayers, places: Sequence[Row], claims: Sequence[Row],
                       province_counts: Sequence[Row], selected: Collection[str],
                       totals: Totals | None = None) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """Provinces of every country with data, with mentions count and tooltip properties; and the ids
    of those nothing is reported in or about (no count, no line quoted: the same under any filter)."""
    counts = {(r.get("country_iso3"), r.get("admin1")): r for r in province_counts}
    # a country named alone ("the United States") does not pull in all its provinces
    countries = {iso3 for iso3, _ in counts} | {p.get("country_iso3") for p in places if p.get("admin1")}
    provinces = layers.provinces[layers.provinces["iso3"].isin([c for c in countries if c])]
    labels = province_labels(province_counts, layers.provinces)
    chosen = [province_names.parse(label) for label in selected]
    level1 = defaultdict(list)
    for place in places:
        if place.get("kind") == "admin1" or place.get("precision") == 3 and place.get("admin1"):
            level1[(place.get("country_iso3"), place.get("admin1"))].append(place)
    by_place = _claims_by_place(claims)
    features = []
    quiet = set()
    for row in provinces.itertuples(index=False):
        count = counts.get((row.iso3, row.name), {})
        mentions = level1.get((row.iso3, row.name), [])
        numbers = (f"{count.get('n_places', 0)} mentions, {count.get('n_claims', 0)} claims, "
                   f"{count.get('n_figures', 0)} figures in {count.get('n_reports', 0)} reports")
        names = [row.name, *(m.get("mention") for m in mentions)]
        total = totals(("p", row.iso3, row.name), names) if totals else None
        related = _claims_for(names, by_place)
        if not count and not mentions and not related:
            quiet.add(str(row.id))
        features.append({
            "type": "Feature", "id": str(row.id),
            "geometry": row.geometry.__geo_interface__,
            "properties": {
                "name": row.name, "iso3": row.iso3, "n": int(count.get("n_places", 0) or 0),
                "label": labels.get((row.iso3, row.name)) or province_names.qualified(row.iso3, row.name),
                "selected": any(name == row.name and iso3 in (None, row.iso3) for iso3, name in chosen),
                "tip": tooltip_html(row.name, f"province · {row.iso3} · {numbers}", mentions, related,
                                    total=total),
            },
        })
    return features, frozenset(quiet)


def _province_style(breaks: Sequence[tuple[int, int]], shaded: bool = True):
    """Outlined provinces, filled by mention count only for the (off by default) mentions layer."""
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        fill = color_of(props["n"], breaks) if shaded else None
        return {"fillColor": fill or "#ffffff", "fillOpacity": 0.75 if fill else 0.15,
                "color": SELECTED_COLOR if props["selected"] else "#7f7f7f",
                "weight": 3 if props["selected"] else 0.8}
    return style


def _border_features(layers: MapLayers, places: Sequence[Row], claims: Sequence[Row],
                     totals: Totals | None = None) -> list[dict[str, Any]]:
    """Border lines referenced by ``border:<id>`` places, with the sentences that mention them."""
    mentions: dict[str, list[Row]] = defaultdict(list)
    for place in places:
        ref = place.get("ref") or ""
        if ref.startswith("border:"):
            mentions[ref.removeprefix("border:")].append(place)
    rows = layers.borders[layers.borders["id"].isin(list(mentions))]
    by_place = _claims_by_place(claims)
    return [{
        "type": "Feature", "id": str(row.id), "geometry": row.geometry.__geo_interface__,
        "properties": {"tip": tooltip_html(
            row.name, "" if row.name.endswith("border") else "border", mentions[row.id],
            _claims_for([m.get("mention") for m in mentions[row.id]], by_place),
            total=totals(("b", row.id), [m.get("mention") for m in mentions[row.id]]) if totals else None)},
    } for row in rows.itertuples(index=False)]


def _tooltip() -> folium.GeoJsonTooltip:
    # labels=False: the property already holds the escaped HTML built by tooltip_html()
    return folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True, class_name="dash-tooltip")


class _Legend(MacroElement):
    """Legend control plus the page CSS for markers and tooltips (no external asset)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          /* the offline basemap is outlines on the paper colour: no land-coloured rectangle on grey
             where the clipped countries end */
          .leaflet-container { background: {{ this.paper }}; }
          /* one attribution, short, wrapping beside the scale bar instead of covering it */
          .leaflet-control-attribution { font-size: 10px; line-height: 13px; white-space: normal;
                                         max-width: calc(100% - 150px); }
          /* controls sit above every map pane, tooltips included: fade the legend while one shows */
          .leaflet-map-pane:has(.dash-tooltip) ~ .leaflet-control-container .dash-legend { opacity: .2; }
          .dash-tooltip { min-width: 220px; max-width: min(360px, 70vw); max-height: 260px; overflow: hidden;
                          white-space: normal; font-size: 12px; line-height: 15px; }
          .dash-tooltip ul { margin: 3px 0 0 0; padding-left: 14px; }
          .dash-tooltip li { margin-bottom: 3px; }
          .dash-tooltip .tt-sub, .dash-tooltip .tt-more { color: #555; }
          .dash-tooltip .tt-date { color: #08519c; font-variant-numeric: tabular-nums; }
          .dash-tooltip .tt-warn { color: #a63603; }
          .dash-legend { background: rgba(255,255,255,.92); padding: 2px 8px; font: 11px sans-serif;
                         border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,.3); line-height: 15px; }
          .dash-legend summary { cursor: pointer; font-weight: bold; }
          .dash-legend i { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                           vertical-align: -2px; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var legend = L.control({position: "topright"});
            legend.onAdd = function() {
                // folded by default: open, it would cover data (issue 18); the reader opens it
                var div = L.DomUtil.create("details", "dash-legend");
                div.innerHTML = "<summary>Legend</summary>" + {{ this.legend_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
            // a tooltip stays inside the map: Leaflet centres it on the pointer, so near the top or
            // bottom edge half of it was cut off by the map's frame
            if (!L.Tooltip.prototype._dashClamped) {
                var place = L.Tooltip.prototype._setPosition;
                L.Tooltip.prototype._setPosition = function(pos) {
                    place.call(this, pos);
                    var el = this._container, owner = this._map;
                    // hover tooltips only: a place's permanent label stays at its place
                    var hover = (this.options.className || "").indexOf("dash-tooltip") >= 0;
                    if (!el || !owner || !hover) { return; }
                    var size = owner.getSize(), at = L.DomUtil.getPosition(el);
                    var box = owner.layerPointToContainerPoint(at), margin = 4;
                    var dx = Math.min(0, size.x - margin - (box.x + el.offsetWidth))
                        || Math.max(0, margin - box.x);
                    var dy = Math.min(0, size.y - margin - (box.y + el.offsetHeight))
                        || Math.max(0, margin - box.y);
                    if (dx || dy) { L.DomUtil.setPosition(el, at.add([dx, dy])); }
                };
                L.Tooltip.prototype._dashClamped = true;
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, legend_html: str):
        super().__init__()
        self._name = "Legend"
        self.legend_html = legend_html
        self.paper = PAPER


def legend_html(breaks: Sequence[tuple[int, int]]) -> str:
    """Classes of the province shading and the marker symbols."""
    rows = ["<b>Mentions per province</b> (layer, off by default)"]
    rows += [f"<i style='background:{color_of(low, breaks)}'></i>{low}" + (f"–{high}" if high > low else "")
             for low, high in breaks]
    rows.append("<i style='background:#fff;border:1px solid #999'></i>none")
    rows.append("<b>Places</b>")
    rows.append("<i style='background:#08306b;border-radius:50%'></i>exact town (point)")
    rows.append("<i style='border:2px dashed #08306b;border-radius:50%'></i>approximate (near / part of)")
    rows.append("<i style='background:#6a3d9a;border-radius:50%'></i>crossing")
    rows.append("<i style='border-top:3px dashed #6a3d9a;height:0'></i>border mentioned")
    rows.append("<i style='background:#fdae6b;border:2px dashed #d94801;border-radius:50%'></i>"
                f"low confidence (below {LOW_CONFIDENCE}): check")
    return "<br>".join(rows)


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point every element's JS/CSS at the app's own static folder (nothing leaves the host)."""
    for element in _walk(m):
        for attr in ("default_js", "default_css"):
            if hasattr(element, attr):
                setattr(element, attr, [(name, _local_url(name)) for name, _ in getattr(element, attr)
                                        if name not in UNUSED_ASSETS])
    return m


def _local_url(name: str) -> str:
    if name not in LOCAL_ASSETS:
        msg = f"no local copy of the map asset {name!r}: add it to scripts/vendor_static.py"
        raise ValueError(msg)
    return LOCAL_ASSETS[name]


def _walk(element: Any) -> Iterable[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _bounds(features: Iterable[dict[str, Any]]) -> list[list[float]] | None:
    lons, lats = [], []
    for feature in features:
        for lon, lat in _coords(feature["geometry"]["coordinates"]):
            lons.append(lon)
            lats.append(lat)
    if not lons:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _coords(nested: Any) -> Iterable[tuple[float, float]]:
    if nested and isinstance(nested[0], (int, float)):
        yield nested[0], nested[1]
    else:
        for part in nested:
            yield from _coords(part)


def _basemap(countries: gpd.GeoDataFrame, bounds: list[list[float]] | None) -> dict[str, Any]:
    """Countries around the data, clipped to a frame (all countries, coarsened, when there is no
    data): the world's display polygons inlined whole would weigh megabytes."""
    if bounds is None:
        world = countries[["name"]].set_geometry(
            shapely.simplify(countries.geometry.values, WORLD_SIMPLIFY_DEG, preserve_topology=True))
        return world.__geo_interface__
    (south, west), (north, east) = bounds
    m = BASEMAP_MARGIN_DEG
    frame = (west - m, south - m, east + m, north + m)
    near = countries.iloc[sorted(countries.sindex.query(shapely.box(*frame), predicate="intersects"))]
    return near[["name"]].set_geometry(shapely.clip_by_rect(near.geometry.values, *frame)).__geo_interface__


def _feature_collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


class _GeoJson(folium.GeoJson):
    """A GeoJson layer that computes its bounds once, when built (and cached with the map): st_folium
    asks for the map's bounds on every rerun, and walking the basemap's coordinates took 0.15 s of
    each at 10,000 reports (issue 8)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cached_bounds = super()._get_self_bounds()

    def _get_self_bounds(self) -> list[list[float | None]]:
        return self._cached_bounds


def render_copy(m: folium.Map, groups: list[folium.FeatureGroup]) -> tuple[folium.Map,
                                                                           list[folium.FeatureGroup]]:
    """Copies of a cached map and its overlays for st_folium, which alters what it is given; the
    GeoJSON data (never altered) is shared, not copied: deep-copying the basemap's coordinates took
    0.25 s of every rerun at 10,000 reports."""
    memo = {id(e.data): e.data for root in (m, *groups) for e in _walk(root) if isinstance(e, folium.GeoJson)}
    return copy.deepcopy((m, groups), memo)


@dataclass(frozen=True)
class Overlays:
    """The layers a filter changes (provinces, borders, places, each a FeatureGroup, the view fitted
    to them last), apart from the map beneath: the page swaps these on a filter change instead of
    reloading the whole map (`make bench`, issue 8)."""

    groups: list[folium.FeatureGroup]
    bounds: list[list[float]] | None
    # provinces shaded by mentions: a layer off by default, so it belongs in the map itself
    # (st_folium's feature_group_to_add shows every group it is given)
    mentions: folium.FeatureGroup | None = None
    # provinces nothing is reported in or about: their outline and tooltip are the same under every
    # filter, so the page's base map draws them once (``quiet``) and a filter's "Provinces" layer
    # leaves them out (issue 16: 259 of 305 provinces at 10,000 reports, 1.2 MB of each filter change)
    quiet: folium.FeatureGroup | None = None
    quiet_ids: frozenset[str] = frozenset()


class _FitBounds(MacroElement):
    """``map.fitBounds`` as part of a layer group's script (the group's parent is the map), so that it
    runs again whenever the page swaps the group in. Not animated: the view is final once the group
    is drawn (a pointer, or a test, aiming at a marker meanwhile would miss it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {% set options = '{padding: [20, 20], maxZoom: 8, animate: false}' %}
        {{ this._parent._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {{ options }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitBounds"
        self.bounds = bounds


def overlays(places: Sequence[Row], claims: Sequence[Row], province_counts: Sequence[Row],
             provinces_selected: Collection[str] = (), *, layers: MapLayers,
             totals: Totals | None = None, apart: Collection[str] | None = ()) -> Overlays:
    """The filter's layers (each to be added to a map); the rows are already filtered to
    ``provinces_selected``. ``totals``: the rows are only each feature's oldest (see :data:`Totals`).
    ``apart``: ids of provinces the "Provinces" layer leaves to the base map (``quiet`` of the
    unfiltered layers; None: these rows' own quiet ones, which ``quiet`` then draws)."""
    every_province, quiet_ids = _province_features(layers, places, claims, province_counts,
                                                   provinces_selected, totals)
    left_out = quiet_ids if apart is None else frozenset(apart)
    provinces = [f for f in every_province if f["id"] not in left_out]
    borders = _border_features(layers, places, claims, totals)
    markers = marker_features(places, claims, totals)
    bounds = _bounds([f for f in every_province if f["properties"]["selected"]] or [
        *markers, *borders, *(f for f in every_province if f["properties"]["n"])])
    groups = []
    mentions = quiet = None
    if provinces:
        groups.append(_provinces_group("Provinces", provinces, province_counts))
    if apart is None and quiet_ids:
        unreported = [f for f in every_province if f["id"] in quiet_ids]
        quiet = make_inert(use_local_assets(_provinces_group("Provinces without reports", unreported,
                                                             province_counts, "province unreported")))
    if every_province:
        mentions = folium.FeatureGroup(name="Mentions per province", show=False)
        _GeoJson(_feature_collection(every_province),
                 style_function=_province_style(_breaks(province_counts)),
                 tooltip=_tooltip(), className="mention-province").add_to(mentions)
        make_inert(use_local_assets(mentions))
    if borders:
        group = folium.FeatureGroup(name="Borders mentioned")
        _GeoJson(_feature_collection(borders),
                 style_function=lambda _: {"color": "#6a3d9a", "weight": 4, "dashArray": "8 4"},
                 tooltip=_tooltip(), className="border-line").add_to(group)
        groups.append(group)
    if markers:
        group = folium.FeatureGroup(name="Places")
        target = folium.plugins.MarkerCluster().add_to(group) if len(markers) > CLUSTER_ABOVE else group
        _GeoJson(_feature_collection(markers), marker=folium.CircleMarker(),
                 style_function=lambda f: {**MARKER_STYLES[f["properties"]["symbol"]],
                                           "className": f"mk mk-{f['properties']['symbol']}"},
                 tooltip=_tooltip()).add_to(target)
        groups.append(group)
    if groups and bounds:
        _FitBounds(bounds).add_to(groups[-1])
    for group in groups:
        make_inert(use_local_assets(group))
    return Overlays(groups, bounds, mentions, quiet, quiet_ids)


def _provinces_group(name: str, features: list[dict[str, Any]], province_counts: Sequence[Row],
                     class_name: str = "province") -> folium.FeatureGroup:
    """Province outlines (the chosen ones thick) with their tooltips; a click filters by one."""
    group = folium.FeatureGroup(name=name)
    _GeoJson(_feature_collection(features), style_function=_province_style(_breaks(province_counts), False),
             tooltip=_tooltip(), className=class_name).add_to(group)
    return group


def focus_group(view: list[list[float]]) -> folium.FeatureGroup:
    """A layer that only fits the view to ``view`` (the article just added); added after the filter's
    layers, its fit is the last one run."""
    group = folium.FeatureGroup(name="Article just added", control=False)
    _FitBounds(view).add_to(group)
    return group


def _breaks(province_counts: Sequence[Row]) -> list[tuple[int, int]]:
    """Shading classes from every province's count: the same whatever the filter, like the legend."""
    return class_breaks(max((int(r.get("n_places") or 0) for r in province_counts), default=0))


def base_map(bounds: list[list[float]] | None, province_counts: Sequence[Row], *, layers: MapLayers,
             height: int = 560, view: list[list[float]] | None = None) -> folium.Map:
    """What stays under every filter: the offline basemap around all the data (``bounds``), the
    opt-in OSM tiles, the legend, and the marker-cluster plugin's assets (a filter may need them
    after the page has loaded its scripts). The first view fits ``view``, else ``bounds``."""
    # tiles=None leaves the map without a maxZoom, which MarkerCluster requires; folium's
    # min_zoom/max_zoom only reach a tile layer, so the Leaflet options are given as they are
    m = folium.Map(location=[30, 40], zoom_start=3, tiles=None, height=height, control_scale=True,
                   minZoom=2, maxZoom=MAX_ZOOM)
    _GeoJson(_basemap(layers.countries, bounds), name="Countries (offline basemap)", interactive=False,
             style_function=lambda _: {"fillColor": PAPER, "fillOpacity": 1, "color": "#b0a99f",
                                       "weight": 0.7},
             control=False, attribution=ATTRIBUTION).add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", overlay=True, show=False,
                     attr="© OpenStreetMap contributors").add_to(m)
    folium.plugins.MarkerCluster(control=False).add_to(m)
    if view or bounds:
        m.fit_bounds(view or bounds, padding=(20, 20), max_zoom=8)
    _Legend(legend_html(_breaks(province_counts))).add_to(m)
    return make_inert(use_local_assets(m))


def build_map(places: Sequence[Row], claims: Sequence[Row], province_counts: Sequence[Row],
              provinces_selected: Collection[str] = (), *, layers: MapLayers,
              height: int = 560) -> folium.Map:
    """The dashboard map as one standalone ``folium.Map``: ``base_map`` with the filter's overlays
    and a layer control (the page draws the same parts, swapping the overlays)."""
    everything = overlays(places, claims, province_counts, layers=layers)
    chosen = overlays(places, claims, province_counts, provinces_selected,
                      layers=layers) if provinces_selected \
        else everything  # the same layers: built once
    m = base_map(everything.bounds, province_counts, layers=layers, height=height)
    for group in [*chosen.groups, *([chosen.mentions] if chosen.mentions else [])]:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def province_labels(province_counts: Sequence[Row], provinces: gpd.GeoDataFrame
                    ) -> dict[province_names.Unit, str]:
    """(country, name) -> filter label of the provinces offered: those with data (most mentioned
    first), then the other provinces of the same countries alphabetically. A name two of them
    share is qualified by the country ("Al Jawf (YEM)")."""
    with_data = [(r.get("country_iso3"), str(r["admin1"])) for r in province_counts if r.get("admin1")]
    countries = {r.get("country_iso3") for r in province_counts}
    rest = provinces.loc[provinces["iso3"].isin([c for c in countries if c]), ["name", "iso3"]]
    others = sorted(zip(rest["iso3"], rest["name"]), key=lambda unit: (unit[1], unit[0]))
    return province_names.labels([*with_data, *others])


def province_options(province_counts: Sequence[Row], provinces: gpd.GeoDataFrame) -> list[str]:
    """Filter choices, in the order of :func:`province_labels`."""
    return list(dict.fromkeys(province_labels(province_counts, provinces).values()))
