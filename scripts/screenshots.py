"""Take the README's pictures of the real page, served by ``python -m dashboard serve`` on a free port
and looked at in Debian's headless Chromium (1400x900):

- docs/screenshot.png: the page on a fresh database, which it fills from seeds/;
- docs/review.png: *Review and correct* on one article whose Pokrovsk the extractor resolves to its
  namesake in Yakutia, that place chosen and its namesakes open.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM, CHROMIUM_ARGS, wait_healthy  # noqa: E402
from dashboard import ingest, services, store  # noqa: E402

ARTICLE = "Russian forces captured Pokrovsk on Monday, the Russian Defence Ministry said."
TITLE = "Pokrovsk report"


@contextmanager
def served(db: Path) -> Iterator[str]:
    port = services.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port)], cwd=ROOT,
                            env={**os.environ, "DASHBOARD_DB": str(db)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)
        yield url
    finally:
        services.stop(proc)


def overview(browser: Any, url: str, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url, wait_until="domcontentloaded")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.leaflet-interactive:visible").first.wait_for(timeout=180_000)
    page.get_by_text("Changes of control").wait_for(timeout=60_000)
    page.wait_for_timeout(3_000)  # the timeline drawn, the map's view settled
    page.screenshot(path=str(out))
    page.close()


def review(browser: Any, url: str, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url, wait_until="domcontentloaded")
    name = page.get_by_label("Your name (saved with each correction)")
    name.wait_for(timeout=180_000)
    name.fill("Ana")
    name.press("Enter")
    page.get_by_text("Place to correct").wait_for(timeout=60_000)
    page.wait_for_timeout(1_500)
    page.get_by_text("Review and correct", exact=True).scroll_into_view_if_needed()
    page.get_by_test_id("stSelectbox").filter(has_text="It is").locator("input").click()
    page.get_by_role("option").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(out))
    page.close()


def take(out_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with served(Path(tmp) / "seeded.sqlite") as url:
            overview(browser, url, out_dir / "screenshot.png")
        db = Path(tmp) / "review.sqlite"
        conn = store.connect(db)
        result = ingest.ingest_text(conn, ARTICLE, "2025-01-13", TITLE, source="screenshot")
        conn.close()
        if result.error:
            raise SystemExit(f"error: {result.error}")
        with served(db) as url:
            review(browser, url, out_dir / "review.png")
        browser.close()


if __name__ == "__main__":
    take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
