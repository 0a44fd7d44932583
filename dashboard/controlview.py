"""Control as of a date -> what the page draws (pure: no streamlit, no I/O): the map's layers
(provinces and places coloured by holder, contested ones dashed, place labels), its legend, the
timeline of changes of control and the contradictions table (issue #16).

Article text reaches the browser only as escaped HTML in GeoJSON properties, never as template
source (issue 19: folium re-templates rendered scripts; ``mapview.make_inert`` guards the data).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import folium
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from dashboard import province_names
from dashboard import control
from dashboard.control import CONTESTED, PlaceControl, ProvinceControl, Step
from dashboard.mapview import MapLayers, esc, make_inert, use_local_assets
from dashboard.events import Territory
from dashboard.sides import Sides

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

CONTESTED_COLOUR = "#757575"
CONTESTED_DASH = "6 4"
PLACE_RADIUS = 11  # drawn under the mention markers (radius 6): the ring is the holder's colour
QUOTE_CHARS = 300
# A permanent label per place: the name is escaped HTML in the feature's properties (no article text
# in this code, which folium writes into the page as it is).
LABEL_EACH_FEATURE = JsCode(
    "function(feature, layer) { layer.bindTooltip(feature.properties.placename, "
    f"{{permanent: true, direction: 'right', offset: [{PLACE_RADIUS}, 0], className: 'ctl-label', "
    "interactive: false}); }")
# How a step reads in a place's history ("Captured by Taliban 2021-08-06 (2 sources)").
STEP_WORDING = {
    "captured": "Captured by {actor}", "retook": "Retaken by {actor}", "controls": "Held by {actor}",
    "withdrew": "{actor} withdrew", "lost": "Lost by {actor}", "fled": "{actor} fled",
    "besieged": "Besieged by {actor}", "attacked": "Attacked by {actor}",
    "repelled": "Attack repelled by {actor}",
    "entered": "Entered by {actor}", "advanced": "{actor} advanced",
}
RECAPTURED_WORDING = "Recaptured by {actor}"
CONTRADICTION_COLUMNS = ["place", "date", "why", "one side says", "according to", "the other side says",
                         "according to ", "articles"]


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def step_text(step: Step, earlier_holders: Sequence[str], sides: Sides) -> str:
    """One history step as words (plain text, not escaped)."""
    e = step.event
    actor = e.actor or "unknown forces"
    iso3 = e.place.country_iso3
    returned = step.change and any(sides.same_side(h, step.holder, iso3) for h in earlier_holders)
    wording = RECAPTURED_WORDING if returned else STEP_WORDING.get(e.action.value,
                                                                   "{actor} " + e.action.value)
    count = f" ({e.sources} sources)" if e.sources > 1 else ""
    return f"{wording.format(actor=actor)} {e.day.isoformat()}{count}"


def history_text(pc: PlaceControl, sides: Sides) -> str:
    """The place's history, oldest first, joined by arrows."""
    out, holders = [], []
    for step in pc.history:
        out.append(step_text(step, holders, sides))
        if step.change and step.holder:
            holders.append(step.holder)
    return " → ".join(out)


def status_text(pc: PlaceControl) -> str:
    if pc.status == CONTESTED:
        return f"contested (last held by {pc.holder})" if pc.holder else "contested"
    since = f" since {pc.since.isoformat()}" if pc.since else ""
    return f"held by {pc.holder}{since}" + (" · recaptured" if pc.recaptured else "")


def place_tooltip(pc: PlaceControl, sides: Sides) -> str:
    """Escaped HTML: status, history with sources, the quote of the latest change, disputes."""
    p = pc.place
    where = ", ".join(x for x in (p.admin1, p.country_iso3) if x)
    latest = next((s.event for s in reversed(pc.history) if s.change), pc.history[-1].event).latest
    said = latest.quote or latest.sentence
    who = f" — {esc(latest.source)}" if latest.source else ""
    article = ", ".join(esc(x) for x in (latest.outlet, latest.title, latest.published) if x)
    parts = [f"<b>{esc(p.name)}</b> <span class='tt-sub'>{esc(where)} · {esc(status_text(pc))}</span>",
             f"<div class='ctl-history'>{esc(history_text(pc, sides))}</div>",
             f"<div class='ctl-quote'>“{esc(_short(said))}”{who}<br><i>{article}</i></div>"]
    for c in pc.contradictions[:2]:
        parts.append(f"<div class='ctl-dispute'>Disputed: {esc(c.claim.actor or 'someone')} "
                     f"{esc(c.claim.action)} ({esc(c.claim.source or c.claim.title or '')}) vs "
                     f"“{esc(_short(c.counter.quote, 140))}” "
                     f"({esc(c.counter.source or c.counter.title or '')})</div>")
    return f"<div class='tt ctl-tt'>{''.join(parts)}</div>"


def _colour(holder: str | None, iso3: str | None, sides: Sides) -> str:
    """The holder's side colour; grey when no one is known to hold it (contested is drawn dashed)."""
    return CONTESTED_COLOUR if holder is None else sides.colour(holder, iso3)


def place_features(places: Iterable[PlaceControl], sides: Sides) -> list[dict[str, Any]]:
    """GeoJSON points of located places, coloured by holder, with their history tooltip."""
    out = []
    for i, pc in enumerate(places):
        p = pc.place
        if p.lat is None or p.lon is None or p.kind == "admin1":
            continue
        out.append({"type": "Feature", "id": f"c{i}",
                    "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                    "properties": {"tip": place_tooltip(pc, sides), "placename": esc(p.name),
                                   "colour": _colour(pc.holder, p.country_iso3, sides),
                                   "contested": pc.status == CONTESTED, "holder": pc.holder}})
    return out


def _province_tip(unit: ProvinceControl, own: PlaceControl | None, sides: Sides) -> str:
    if own is not None:
        return place_tooltip(own, sides)
    counted = ", ".join(f"{holder}: {n}" for holder, n in unit.by_holder) or "no place held"
    state = (f"held by {unit.holder}" if unit.status != CONTESTED and unit.holder else "contested")
    return (f"<div class='tt ctl-tt'><b>{esc(unit.admin1)}</b> <span class='tt-sub'>province · "
            f"{esc(unit.country_iso3 or '')} · {esc(state)}</span><div class='ctl-history'>places with a "
            f"known status: {unit.places} ({esc(counted)})</div></div>")


def province_features(units: Iterable[ProvinceControl], places: Iterable[PlaceControl], layers: MapLayers,
                      labels: Mapping[tuple[str | None, str], str], sides: Sides) -> list[dict[str, Any]]:
    """Admin-1 polygons coloured by holder; ``label`` is the province filter's label (a click filters)."""
    own = {(pc.place.country_iso3, pc.place.admin1): pc for pc in places if pc.place.kind == "admin1"}
    wanted = {(u.country_iso3, u.admin1): u for u in units}
    rows = layers.provinces[layers.provinces["iso3"].isin({iso3 for iso3, _ in wanted if iso3})]
    out = []
    for row in rows.itertuples(index=False):
        unit = wanted.get((row.iso3, row.name))
        if unit is None:
            continue
        out.append({"type": "Feature", "id": f"cp-{row.id}", "geometry": row.geometry.__geo_interface__,
                    "properties": {"tip": _province_tip(unit, own.get((row.iso3, row.name)), sides),
                                   "label": labels.get((row.iso3, row.name))
                                   or province_names.qualified(row.iso3, row.name),
                                   "colour": _colour(unit.holder, row.iso3, sides),
                                   "contested": unit.status == CONTESTED, "holder": unit.holder}})
    return out


def _style(fill_opacity: float, weight: float):
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        contested = props["contested"]
        return {"fillColor": props["colour"], "fillOpacity": fill_opacity * (0.5 if contested else 1),
                "color": "#212121" if contested else props["colour"],
                "weight": weight + (1 if contested else 0),
                "dashArray": CONTESTED_DASH if contested else None,
                # the style's className replaces the layer's: "province" keeps the click filter's hooks
                "className": f"ctl-province province {'ctl-contested' if contested else 'ctl-held'}"}
    return style


def _tooltip(**kwargs: Any) -> folium.GeoJsonTooltip:
    # labels=False: the property already holds escaped HTML
    return folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True, class_name="dash-tooltip",
                                 **kwargs)


def groups(places: Sequence[PlaceControl], provinces: Sequence[ProvinceControl], *, layers: MapLayers,
           labels: Mapping[tuple[str | None, str],
                           str], sides: Sides, as_of: str) -> list[folium.FeatureGroup]:
    """The control layers for one date and filter: provinces, places, place names."""
    out = []
    shaded = province_features(provinces, places, layers, labels, sides)
    if shaded:
        group = folium.FeatureGroup(name=f"Control of provinces, {as_of}")
        folium.GeoJson({"type": "FeatureCollection", "features": shaded}, style_function=_style(0.45, 1.2),
                       tooltip=_tooltip()).add_to(group)
        out.append(group)
    points = place_features(places, sides)
    labels_group = folium.FeatureGroup(name="Place names")
    AsOfStamp(as_of).add_to(labels_group)
    if points:
        group = folium.FeatureGroup(name=f"Control of places, {as_of}")
        folium.GeoJson({"type": "FeatureCollection", "features": points},
                       marker=folium.CircleMarker(radius=PLACE_RADIUS), style_function=_point_style,
                       tooltip=_tooltip()).add_to(group)
        out.append(group)
        folium.GeoJson({"type": "FeatureCollection", "features": points}, interactive=False,
                       # invisible anchors: not interactive, or they would take the places' hover
                       marker=folium.CircleMarker(radius=1, opacity=0, fill=False, interactive=False),
                       on_each_feature=LABEL_EACH_FEATURE).add_to(labels_group)
    out.append(labels_group)
    for group in out:
        make_inert(use_local_assets(group))
    return out


def _point_style(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    contested = props["contested"]
    return {"fill": True, "fillColor": props["colour"], "fillOpacity": 0.45 if contested else 0.9,
            "radius": PLACE_RADIUS,
            "color": "#212121" if contested else "#ffffff", "weight": 2.5 if contested else 1.5,
            "dashArray": "3 3" if contested else None,
            "className": f"ctl-place {'ctl-contested' if contested else 'ctl-held'}"}


class AsOfStamp(MacroElement):
    """Marks the map's document with the date its control layers show (``data-as-of``), when the
    page swaps them in: what a test or the benchmark waits for after a date change."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        document.documentElement.dataset.asOf = {{ this.day|tojson }};
        {% endmacro %}
    """)

    def __init__(self, day: str):
        super().__init__()
        self._name = "AsOfStamp"
        self.day = day


class Legend(MacroElement):
    """The legend of holders (one colour per side, naming its actors) and the page CSS for the
    control layers. The HTML reaches the page as JSON data (``tojson``), not as template source."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .ctl-legend { background: rgba(255,255,255,.94); padding: 4px 8px; font: 11px sans-serif;
                        border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,.3); line-height: 15px;
                        max-width: 260px; }
          .ctl-legend i { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                          vertical-align: -2px; }
          .leaflet-map-pane:has(.dash-tooltip) ~ .leaflet-control-container .ctl-legend { opacity: .2; }
          .ctl-label { background: rgba(255,255,255,.8); border: 0; box-shadow: none; padding: 0 3px;
                       font: 600 11px sans-serif; color: #212121; }
          .ctl-label:before { display: none; }
          .ctl-tt .ctl-history { margin-top: 4px; }
          .ctl-tt .ctl-quote { margin-top: 4px; color: #333; }
          .ctl-tt .ctl-dispute { margin-top: 4px; color: #8a1c1c; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "topright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "ctl-legend");
                div.innerHTML = {{ this.legend_html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, legend_html: str):
        super().__init__()
        self._name = "ControlLegend"
        self.legend_html = legend_html


def legend_html(actors: Iterable[tuple[str | None, str | None]], sides: Sides) -> str:
    """Holders by side (``(canonical actor, country)`` pairs), contested, unknown."""
    rows = ["<b>Who holds it (as of the chosen date)</b>"]
    for side, named in sides.legend(actors):
        who = ", ".join(esc(a) for a in named)
        title = esc(side.name) if side.name not in named else ""
        rows.append(f"<i style='background:{esc(side.colour)}'></i>" + (f"{title}: " if title else "") + who)
    rows.append(f"<i style='background:{CONTESTED_COLOUR};opacity:.5;border:1px dashed #212121'></i>"
                "contested (dashed)")
    return "<br>".join(rows)


def legend(actors: Iterable[tuple[str | None, str | None]], sides: Sides) -> Legend:
    return make_inert(Legend(legend_html(actors, sides)))


def in_filter(pc: PlaceControl, provinces: Collection[province_names.Unit], actors: Collection[str]) -> bool:
    """A place passes the province filter (units) and the actor filter (its holder or any actor in its
    history)."""
    p = pc.place
    if provinces and not any(name == p.admin1 and iso3 in (None, p.country_iso3) for iso3, name in provinces):
        return False
    return not actors or pc.holder in actors or any(s.event.actor in actors for s in pc.history)


def contradictions_table(places: Iterable[PlaceControl]) -> pd.DataFrame:
    """One row per contradiction: both sides with their quotes (plain text: the grid escapes it)."""
    import pandas as pd

    rows = [{"place": pc.place.name, "date": c.claim.date, "why": c.why,
             "one side says": f"{c.claim.actor or 'someone'} {c.claim.action}: “{_short(c.claim.quote)}”",
             "according to": c.claim.source or c.claim.outlet or c.claim.title,
             "the other side says": f"{c.counter.actor or 'someone'} {c.counter.action} "
                                    f"({c.counter.modality}): “{_short(c.counter.quote)}”",
             "according to ": c.counter.source or c.counter.outlet or c.counter.title,
             "articles": " / ".join(x for x in (c.claim.title, c.counter.title) if x)}
            for pc in places for c in pc.contradictions]
    return pd.DataFrame(rows, columns=CONTRADICTION_COLUMNS).fillna("")


def timeline_rows(places: Iterable[PlaceControl], sides: Sides) -> list[dict[str, Any]]:
    """One mark per change of control (events, so deduplicated), one lane per place."""
    out = []
    for pc in places:
        holders: list[str] = []
        for step in pc.history:
            if not step.change:
                continue
            e = step.event
            side = sides.side_of(step.holder, e.place.country_iso3)
            out.append({"place": e.place.name, "date": e.day.isoformat(), "what": step_text(step, holders,
                                                                                            sides),
                        "holder": step.holder or "unknown",
                        "side": side.name if side else (step.holder or "unknown"),
                        "colour": sides.colour(step.holder, e.place.country_iso3), "sources": e.sources,
                        "quote": _short(e.latest.quote or e.latest.sentence, 200),
                        "article": e.latest.title or "", "outlets": ", ".join(e.outlets)})
            if step.holder:
                holders.append(step.holder)
    return sorted(out, key=lambda r: (r["date"], r["place"]))


def timeline_chart(rows: Sequence[Mapping[str, Any]], as_of: str) -> alt.LayerChart:
    """Changes of control: a lane per place (first change first), dates with the year on the axis,
    the point coloured by the side that took it, a rule at the chosen date."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(list(rows))
    lanes = data.sort_values(["date", "place"])["place"].drop_duplicates().tolist()
    legend_of = data.drop_duplicates("side")
    colour = alt.Color("side:N", title="taken by", scale=alt.Scale(domain=legend_of["side"].tolist(),
                                                                   range=legend_of["colour"].tolist()))
    base = alt.Chart(data).encode(
        y=alt.Y("place:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("date:T", title="date", axis=alt.Axis(format="%Y-%m-%d", labelAngle=-30)))
    path = base.mark_line(color="#bdbdbd", strokeWidth=1).encode(detail="place:N")
    points = base.mark_point(filled=True, size=120).encode(
        color=colour, tooltip=[alt.Tooltip("what:N", title="change"), alt.Tooltip("sources:Q"),
                               alt.Tooltip("outlets:N"), alt.Tooltip("quote:N"), alt.Tooltip("article:N")])
    rule = alt.Chart(pd.DataFrame({"date": [as_of]})).mark_rule(color="#212121", strokeDash=[4, 3]).encode(
        x="date:T")
    return alt.layer(path, points, rule).properties(height=alt.Step(26))


@dataclass(frozen=True)
class ControlView:
    """Everything the page shows about control for one date and filter."""

    groups: list[folium.FeatureGroup]
    places: list[PlaceControl]
    provinces: list[ProvinceControl]
    timeline: dict[str, Any] | None
    contradictions: pd.DataFrame


def view(known: Territory, as_of: date, province_units: Collection[province_names.Unit],
         actors: Collection[str],
         *, layers: MapLayers, labels: Mapping[tuple[str | None, str], str]) -> ControlView:
    """Control on ``as_of`` for the provinces and actors chosen (none chosen: all)."""
    every = control.as_of(known.events, known.statements, known.sides, as_of)
    shown = [pc for pc in every if in_filter(pc, province_units, actors)]
    units = [u for u in control.provinces(shown)
             if not province_units or any(n == u.admin1 and i in (None, u.country_iso3) for i,
                                          n in province_units)]
    rows = timeline_rows(shown, known.sides)
    day = as_of.isoformat()
    return ControlView(groups=groups(shown, units, layers=layers, labels=labels, sides=known.sides,
                                     as_of=day),
                       places=shown, provinces=units,
                       timeline=timeline_chart(rows, day).to_dict() if rows else None,
                       contradictions=contradictions_table(shown))


def holders(known: Territory) -> list[tuple[str | None, str | None]]:
    """Every (actor, country) that holds a place at some point: what the legend names."""
    return list(dict.fromkeys((e.actor, e.place.country_iso3) for e in known.events if e.actor))
