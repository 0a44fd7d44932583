"""The baseline page: a bare streamlit-folium map of the same GeoJSON features as the dashboard's
map (geometry only, default styles, no tooltips, no tables), and one multiselect whose change
reruns the script and outlines the chosen feature. ``BENCH_FEATURES`` names the JSON to draw."""
from __future__ import annotations

import json
import os

import folium
import folium.plugins
import streamlit as st
from streamlit_folium import st_folium

from dashboard.mapview import SELECTED_COLOR, use_local_assets

spec = json.loads(open(os.environ["BENCH_FEATURES"], encoding="utf-8").read())
chosen = st.multiselect("Provinces", spec["names"])
m = folium.Map(location=[30, 40], zoom_start=3, tiles=None)
folium.GeoJson(spec["basemap"], interactive=False).add_to(m)
for layer in spec["layers"]:
    if layer["markers"]:
        target = folium.plugins.MarkerCluster().add_to(m) if layer["cluster"] else m
        folium.GeoJson(layer["geojson"], marker=folium.CircleMarker()).add_to(target)
    else:
        folium.GeoJson(layer["geojson"], style_function=lambda f: {
            "color": SELECTED_COLOR if f["properties"].get("name") in chosen else "#3388ff"}).add_to(m)
if spec["bounds"]:
    m.fit_bounds(spec["bounds"])
st_folium(use_local_assets(m), key="map", height=560, use_container_width=True, returned_objects=[])
