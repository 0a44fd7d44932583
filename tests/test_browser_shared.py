"""Two real `streamlit run` processes serving one PostGIS database (app replicas of a team), drawn
in headless Chromium: both fill the empty database from seeds/ at the same moment, and each seed is
stored once; an article stored through one shows on the other."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from dashboard import ingest, settings, store
from conftest import start_app
from test_browser import open_map

pytestmark = pytest.mark.browser


@pytest.fixture
def two_servers(postgres) -> Iterator[tuple[str, str, str]]:
    db = postgres.new_database()
    with ExitStack() as stack:
        yield db, start_app(stack, db), start_app(stack, db)


def _articles_caption(page) -> str:
    caption = page.get_by_text("place mentions,").first
    caption.wait_for(timeout=60_000)
    return caption.inner_text()


def test_two_app_processes_share_one_postgis_database(two_servers, browser, tmp_path) -> None:
    db, first_url, second_url = two_servers
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    first, second = context.new_page(), context.new_page()
    first.goto(first_url, wait_until="domcontentloaded")
    second.goto(second_url, wait_until="domcontentloaded")  # both seed the empty database at once
    for page, url in ((first, first_url), (second, second_url)):
        frame = open_map(page, url)
        assert frame.locator("path.province").count() > 0 and frame.locator("path.mk").count() > 0
    seeds = sorted(settings.SEEDS_DIR.glob("*.txt"))
    conn = store.connect(db)
    try:
        assert store.counts(conn)["reports"] == len(seeds)  # each seed once, whoever stored it
        before = _articles_caption(second)
        result = ingest.ingest_text(conn, "Taliban fighters entered Zaranj in Nimroz province on Friday, "
                                          "officials said.", "2021-08-06", "Zaranj report", source="test")
        assert result.created
    finally:
        conn.close()
    open_map(second, second_url)
    after = _articles_caption(second)
    assert after != before and f"from {len(seeds) + 1} articles" in after
    second.screenshot(path=str(tmp_path / "second.png"))
    context.close()
