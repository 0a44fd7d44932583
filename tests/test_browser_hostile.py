"""The real page in headless Debian Chromium under hostile articles and URLs (issue 19): Jinja
syntax in an article's text, title and file name leaves every view drawing the map with the text
literal and no traceback; a URL repeating ``?province=`` hundreds of times still draws the map."""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import requests_leaving
from test_browser import MAP_FRAME, hover_tooltip, marker_provinces

from dashboard import ingest, store

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
PROBE = "{{7*7}} {% raw %} {% if %} {# {{ cycler.__init__.__globals__.os.popen('id').read() }}"
ARTICLE = (f"Taliban fighters seized Kunduz city on Sunday, a resident said: \"{PROBE}\". "
           f"The fighting spread to Khanabad district in Kunduz province. {PROBE}")
FAILURES = ("Traceback", "TemplateSyntaxError", "UndefinedError", "internal error", "uid=")


@pytest.fixture(scope="module")
def server(module_db, app_servers, tmp_path_factory):
    db = module_db
    conn = store.connect(db)
    result = ingest.ingest_text(conn, ARTICLE, "2021-08-08", f"Outlet {PROBE}: Kunduz falls",
                                source=f"{PROBE}.txt")
    conn.close()
    assert result.error is None and result.counts["places"] > 0, result
    # the one entry point, started from another folder: it still applies the project's settings
    return app_servers(command=(sys.executable, "-m", "dashboard", "serve", "--port", "{port}"),
                       cwd=tmp_path_factory.mktemp("elsewhere"), env={"PYTHONPATH": str(ROOT)})


def drawn_map(page, url: str):
    """Load ``url``; wait for the map's features; return the map's frame."""
    page.goto(url, wait_until="domcontentloaded")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive:visible").first.wait_for(timeout=180_000)
    return frame


def assert_no_failure(page) -> None:
    page.get_by_text("Reports", exact=True).wait_for(timeout=60_000)  # the run reached the page's end
    body = page.locator("body").inner_text()
    assert not [f for f in FAILURES if f in body], body[:2000]
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("query", ["", "?province=Kunduz"])
def test_template_syntax_in_an_article_stays_literal_in_every_view(server, page, query):
    frame = drawn_map(page, f"{server}/{query}")
    assert_no_failure(page)
    tips = marker_provinces(page, frame)
    assert tips and any(PROBE in tip for tip in tips), tips  # the quote, exactly as written
    assert any(f"Outlet {PROBE}: Kunduz falls" in tip for tip in tips), tips  # the title
    assert not any(" 49 " in f" {tip} " for tip in tips)
    province = frame.locator("path.province:visible:not(.unreported)").first  # one the articles name
    assert hover_tooltip(page, frame, province)


def test_a_pasted_article_with_template_syntax_is_added_and_drawn(server, page):
    drawn_map(page, server)
    page.get_by_label("Paste the article's text").fill(
        f"Government troops retook Taloqan in Takhar province on Monday {PROBE}, officials said.")
    page.get_by_label("Title (optional)").fill(f"Pasted {PROBE}")
    page.get_by_role("button", name="Add").click()
    alert = page.get_by_test_id("stAlertContentSuccess")
    alert.wait_for(timeout=180_000)  # the first article starts the extractor process
    assert f"Pasted {PROBE}" in alert.inner_text()
    frame = drawn_map(page, f"{server}/?province=Takhar")
    assert_no_failure(page)
    tips = marker_provinces(page, frame)
    assert any(f"Pasted {PROBE}" in tip for tip in tips), tips


def test_serve_started_elsewhere_binds_127_0_0_1_and_serves_everything_itself(server, page):
    port = urlsplit(server).port
    listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 + Path("/proc/net/tcp6").read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].rsplit(":", 1)[1], 16) == port]
    assert listening == [f"0100007F:{port:04X}"], listening  # 127.0.0.1 only, no IPv6 or wildcard
    drawn_map(page, server)
    page.wait_for_load_state("networkidle")
    assert any("/app/static/leaflet/leaflet.js" in u for u in page.requested)  # static serving is on
    assert requests_leaving(page) == []  # no usage statistics, no tiles, no fonts from elsewhere


def test_a_province_repeated_600_times_in_the_url_draws_the_map(server, page):
    query = "&".join(["province=Kunduz"] * 300 + ["province=Al+Jawf+(YEM)"] * 300)
    frame = drawn_map(page, f"{server}/?{query}")
    assert_no_failure(page)
    assert frame.locator("path.mk").count() > 0
