"""The "as of" view in a real page and headless Chromium: the six wire reports of issue #16 ingested,
then the map asked for two dates through the URL."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import requests_leaving
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import MAP_FRAME

from dashboard import ingest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus_zaranj"


@pytest.fixture(scope="module")
def campaign_server(module_db, app_servers):
    db = module_db
    assert not [r.error for r in ingest.ingest_paths(db, [CORPUS]) if r.error]
    return app_servers()


def place_tooltip(page, frame, name: str) -> str:
    """Hover the ring of a place's control marker (its centre may carry a mention marker) and read
    the tooltip that names the place."""
    label = frame.locator(".ctl-label", has_text=name)
    label.wait_for(timeout=60_000)
    for _ in range(3):  # a map still settling (its view fitted, its layers swapped in) may miss a hover
        for i in range(frame.locator("path.ctl-place").count()):
            marker = frame.locator("path.ctl-place").nth(i)
            box = marker.bounding_box()
            if box is None:
                continue
            # the ring's left edge: a mention marker (radius 6) may sit on the control marker's centre
            marker.hover(force=True, position={"x": 2.5, "y": box["height"] / 2})
            tip = frame.locator(".leaflet-tooltip.dash-tooltip:has(.ctl-tt)").filter(has_text=name)
            try:
                tip.first.wait_for(timeout=3_000)
                return tip.first.inner_text()
            except PlaywrightTimeout:
                continue
            finally:
                page.mouse.move(5, 5)
    raise AssertionError(f"no control marker with a tooltip for {name}")


def open_as_of(page, url: str, day: str):
    page.goto(f"{url}/?as_of={day}", wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.ctl-place").first.wait_for(timeout=180_000)
    return frame


def test_as_of_20_august_zaranj_is_held_by_government_forces(campaign_server, page):
    frame = open_as_of(page, campaign_server, "2021-08-20")
    tip = place_tooltip(page, frame, "Zaranj")
    assert "held by Afghan government forces since 2021-08-19" in tip
    assert ("Captured by Taliban 2021-08-06 (2 sources) → Retaken by Afghan government forces 2021-08-19"
            in tip)
    assert "Recaptured" not in tip
    assert page.get_by_test_id("stDateInput").first.locator("input").input_value() == "2021-08-20"


def test_as_of_25_august_zaranj_is_recaptured_and_the_legend_names_the_actors(campaign_server, page):
    frame = open_as_of(page, campaign_server, "2021-08-25")
    tip = place_tooltip(page, frame, "Zaranj")
    assert "held by Taliban since 2021-08-24 · recaptured" in tip
    assert tip.count("→") == 2 and "Recaptured by Taliban 2021-08-24" in tip
    assert "The Taliban recaptured Zaranj on Tuesday" in tip  # the quote of the latest change
    legend = frame.locator(".ctl-legend").inner_text()
    assert "Taliban" in legend and "Afghan government forces" in legend and "contested" in legend
    assert frame.locator("path.ctl-contested").count() >= 2  # Lashkar Gah and Kunduz, drawn dashed
    page.wait_for_load_state("networkidle")
    assert requests_leaving(page) == []


def test_a_date_before_any_event_shows_no_holder(campaign_server, page):
    page.goto(f"{campaign_server}/?as_of=2021-08-01", wait_until="domcontentloaded")
    page.get_by_text("As of 2021-08-01: 0 places held, 0 contested").wait_for(timeout=180_000)
    page.get_by_text("No change of control on or before this date").wait_for(timeout=60_000)
