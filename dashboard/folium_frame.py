"""st_folium in two halves: the component's arguments built once per view (cacheable, shared by
every session), and the component shown from them on each rerun.

``streamlit_folium.st_folium`` renders the map to script three times on every call (~0.5 s of each
rerun of each session at one report, all under the interpreter lock): eight sessions changing a
filter waited on one another (issue 19). The arguments are built here with streamlit-folium's own
helpers, in the order ``st_folium`` (0.27) uses them, so the browser gets the same component.

The map's own script (the basemap, the hidden mentions layer: 3 MB at 10,000 reports) is run by the
component's frame once, when it makes the map; later renders only swap the feature groups. So a rerun
whose browser frame has the map already gives :data:`ASK_FOR_MAP` instead of the script (issue 16):
should the frame have lost its map all the same (remounted), that script asks for the whole one.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import folium
import folium.elements
import streamlit_folium as stf

MAP_MISSING = "map_missing"  # in the component's value: this frame has no map, send its script
# Run (by the component's frame) only when the frame has no map: it skips the one initComponent call
# that would need one and sets the component's value, which reruns the page with the map's script.
ASK_FOR_MAP = f"""var map_div = null;
(function () {{
  var init = window.initComponent;
  window.initComponent = function () {{ window.initComponent = init; }};
  window.Streamlit.setComponentValue({{last_active_drawing: null, {MAP_MISSING}: Date.now()}});
}})();
"""


def _assets(element: Any) -> Iterator[Any]:
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _assets(child)


def component_args(m: folium.Map, groups: Sequence[folium.FeatureGroup], control: folium.LayerControl,
                   key: str = "map") -> dict[str, Any]:
    """The arguments ``st_folium(m, key=key, feature_group_to_add=groups, layer_control=control)``
    gives the component (``m`` and ``groups`` are altered: give copies)."""
    m.get_root().render()
    m.render()
    html, header = stf._get_html(m), stf._get_header(m)
    script = stf._get_map_string(m)
    map_id = stf.get_full_id(m)
    southwest, northeast = m.get_bounds()
    bounds = {"_southWest": {"lat": southwest[0], "lng": southwest[1]},
              "_northEast": {"lat": northeast[0], "lng": northeast[1]}}
    feature_group = "".join(stf._get_feature_group_string(g, map=m, idx=i) for i, g in enumerate(groups))
    layer_control = stf._get_layer_control_string(control, m)
    css: list[str] = []
    js: list[str] = []
    for element in _assets(m):  # (no branca ColorMap on this map, for which st_folium adds d3 from a CDN)
        css += [href for _, href in getattr(element, "default_css", [])]
        js += [src for _, src in getattr(element, "default_js", [])]
    return {"script": script, "header": header, "html": html, "id": map_id,
            "key": stf.generate_js_hash(script, key, False), "feature_group": feature_group,
            "layer_control": layer_control, "css_links": list(dict.fromkeys(css)),
            "js_links": list(dict.fromkeys(js)), "bounds": bounds, "zoom": m.options.get("zoom")}


def show(args: dict[str, Any], height: int, returned_objects: list[str],
         on_change: Callable[[], None], has_map: bool = False) -> Any:
    """The component (full width), as ``st_folium`` shows it; ``has_map``: the browser's frame made
    this map already (the last run showed it), so it gets :data:`ASK_FOR_MAP`, not the script."""
    defaults = {"bounds": args["bounds"], "zoom": args["zoom"]}
    return stf._component_func(
        script=ASK_FOR_MAP if has_map else args["script"], header=args["header"], html=args["html"],
        id=args["id"], key=args["key"],
        height=height, width=None, returned_objects=returned_objects,
        default={k: defaults.get(k) for k in returned_objects}, zoom=None, center=None,
        feature_group=args["feature_group"], return_on_hover=False, layer_control=args["layer_control"],
        pixelated=False, css_links=args["css_links"], js_links=args["js_links"], on_change=on_change,
        wrap_longitude=False)
