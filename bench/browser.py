"""The page in headless Chromium: time until every map feature is drawn, time for a province
filter change to redraw, and bytes sent, for the dashboard and for a bare streamlit-folium map
of the same features (``bench/bare_map.py``) served the same way in the same run."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import folium
import folium.plugins
from folium.map import FitBounds

from dashboard import controlview, bundled_data, events, store
from dashboard.mapview import MapLayers, build_map, province_options
from dashboard.settings import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
APP = ROOT / "dashboard" / "app.py"
BARE = Path(__file__).resolve().parent / "bare_map.py"
SELECTED = "path[stroke='#08519c']"  # the outline of a chosen province, on both pages
COUNT_JS = "() => document.querySelectorAll('.leaflet-interactive').length"
SELECTED_JS = f"() => document.querySelectorAll(\"{SELECTED}\").length"
TIMEOUT_S = 120.0
# the first load of a page that has never read its database (the server's caches cold): at 100,000
# reports on PostGIS it reads its aggregates for minutes on this loaded 2-core machine (issue 17)
FIRST_LOAD_TIMEOUT_S = 900.0
SETTLED_S = 2.0  # the count of drawn features unchanged this long: the map is complete
REPEAT = 3


def option_name(province: str) -> re.Pattern[str]:
    """The filter's option for ``province``: the page shows "Hilmand · Afghanistan (Helmand, ...)"
    (province_names.search_label), the bare page the name alone."""
    return re.compile(rf"^{re.escape(province)}(?: · .*)?$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            msg = f"the server exited with {proc.returncode}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    msg = f"{url} did not answer within {timeout_s:.0f} s"
    raise RuntimeError(msg)


def stop(proc: subprocess.Popen) -> None:
    """End a server started by this module in its own process group (``make`` and its child)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextmanager
def server(cmd: Sequence[str], env: dict[str, str], port: int) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``cmd`` (a streamlit server on ``port``) from the project root until the block ends."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        stop(proc)


def streamlit_cmd(script: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true"]


@contextmanager
def streamlit(script: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    with server(streamlit_cmd(script, port), env, port) as (url, proc):
        wait_healthy(url, proc)
        yield url


def _geojson_layers(m: folium.Map) -> Iterator[tuple[folium.GeoJson, bool]]:
    """Every GeoJson layer of the map and whether it sits in a marker cluster."""
    def walk(element: Any, clustered: bool) -> Iterator[tuple[folium.GeoJson, bool]]:
        for child in element._children.values():
            if isinstance(child, folium.FeatureGroup) and not child.show:
                continue  # a layer off by default (mentions per province) is not drawn
            if isinstance(child, folium.GeoJson):
                yield child, clustered
            yield from walk(child, clustered or isinstance(child, folium.plugins.MarkerCluster))
    return walk(m, False)


def map_spec(db: Path) -> dict[str, Any]:
    """The dashboard's unfiltered map for ``db`` as the bare page's input: the same features
    (geometry, plus the province name to choose by), clustering and bounds, and their sizes."""
    conn = store.connect(db)
    try:
        counts = store.province_counts(conn)
        layers = MapLayers.bundled()
        m = build_map(store.places(conn), store.claims(conn), counts, layers=layers)
        known = events.from_store(conn)
    finally:
        conn.close()
    if known.events:  # the control layers the page draws on its default date (place names are labels)
        shown = controlview.view(known, max(e.day for e in known.events), [], [], layers=layers, labels={})
        for group in shown.groups:
            if group.layer_name != "Place names":
                group.add_to(m)
    spec: dict[str, Any] = {"layers": [], "names": [], "basemap": None, "bounds": None, "geometry_bytes": 0}
    for layer, clustered in _geojson_layers(m):
        features = [{"type": "Feature", "geometry": f["geometry"],
                     "properties": {"name": f["properties"].get("name")}} for f in layer.data["features"]]
        spec["geometry_bytes"] += sum(len(json.dumps(f["geometry"], separators=(",", ":"))) for f in features)
        if not layer.options.get("interactive", True):
            spec["basemap"] = {"type": "FeatureCollection", "features": features}
            continue
        spec["names"] += [f["properties"]["name"] for f in features if f["properties"]["name"]]
        spec["layers"].append({"geojson": {"type": "FeatureCollection", "features": features},
                               "markers": layer.marker is not None, "cluster": clustered})
    spec["bounds"] = next((c.bounds for c in m._children.values() if isinstance(c, FitBounds)), None)
    # the page's first filter choice that is a plain name on both pages (not an "Al Jawf (YEM)" label)
    options = province_options(counts, bundled_data.admin1_display())
    spec["province"] = next((o for o in options if o in spec["names"]), None)
    return spec


def first_event_day(db: Path) -> str | None:
    """The first day with a territorial event: where the "as of" slider's Home key goes."""
    conn = store.connect(db)
    try:
        days = [e.day for e in events.from_store(conn).events]
    finally:
        conn.close()
    return min(days).isoformat() if days else None


class Probe:
    """One page with counters of the bytes it receives (HTTP bodies and websocket frames)."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.responses: list[Any] = []
        self.ws_bytes = 0
        self.page.on("response", lambda response: self.responses.append(response))
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        self.ws_bytes += len(payload)

    def http_bytes(self) -> int:
        total = 0
        for response in self.responses:
            try:
                total += response.request.sizes()["responseBodySize"]
            except Exception:  # noqa: BLE001 -- a request cut short by navigation has no size
                continue
        return total

    def _in_map(self, script: str) -> int:
        for frame in self.page.frames:
            if "st_folium" in frame.url:
                try:
                    return int(frame.evaluate(script))
                except Exception:  # noqa: BLE001 -- the frame is being replaced: nothing drawn yet
                    return 0
        return 0

    def drawn(self) -> int:
        return self._in_map(COUNT_JS)

    def until(self, done: Callable[[], bool], what: str, timeout_s: float = TIMEOUT_S) -> float:
        """Seconds until ``done()``, polled every 20 ms."""
        start = time.perf_counter()
        while not done():
            if time.perf_counter() - start > timeout_s:
                msg = f"timed out waiting for {what}"
                raise RuntimeError(msg)
            self.page.wait_for_timeout(20)
        return time.perf_counter() - start

    def settled_count(self, timeout_s: float = TIMEOUT_S) -> int:
        """The number of drawn features once it stops changing."""
        self.until(lambda: self.drawn() > 0, "the first map feature", timeout_s)
        last, since = -1, time.perf_counter()
        while time.perf_counter() - since < SETTLED_S:
            now = self.drawn()
            if now != last:
                last, since = now, time.perf_counter()
            self.page.wait_for_timeout(100)
        return last

    def load(self, url: str, expected: int) -> float:
        """Seconds from navigation until ``expected`` map features are drawn."""
        start = time.perf_counter()
        self.page.goto(url, wait_until="commit")
        self.until(lambda: self.drawn() >= expected, f"{expected} drawn features")
        return time.perf_counter() - start

    def choose(self, province: str) -> float:
        """Seconds from choosing ``province`` in the sidebar multiselect until its outline is drawn."""
        self.page.get_by_test_id("stMultiSelect").first.click()
        self.page.keyboard.type(province)
        option = self.page.get_by_role("option", name=option_name(province))
        option.wait_for()
        start = time.perf_counter()
        option.click()
        self.until(lambda: self._in_map(SELECTED_JS) > 0, f"{province} outlined")
        return time.perf_counter() - start

    def change_date(self, day: str) -> float:
        """Seconds from moving the "as of" slider to its first day (``day``, the first event) until
        the map shows control on that day (controlview's ``data-as-of`` stamp)."""
        thumb = self.page.get_by_test_id("stSlider").locator("input[type='range']").first
        thumb.focus()
        start = time.perf_counter()
        thumb.press("Home")
        stamp = f"() => document.documentElement.dataset.asOf === {json.dumps(day)} ? 1 : 0"
        self.until(lambda: self._in_map(stamp) > 0, f"control as of {day}")
        return time.perf_counter() - start

    def close(self) -> None:
        self.context.close()


def measure_page(browser: Any, url: str, province: str | None, repeat: int = REPEAT,
                 first_day: str | None = None, first_timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
    """Medians over fresh browser contexts, after one load that warms the server's caches and fixes
    the number of features a complete map has (its time until the map is complete: ``first_load_s``)."""
    probe = Probe(browser)
    try:
        start = time.perf_counter()
        probe.page.goto(url, wait_until="commit")
        features = probe.settled_count(first_timeout_s)
        first_load_s = time.perf_counter() - start - SETTLED_S
        probe.page.wait_for_load_state("networkidle")
        sent = {"http_bytes": probe.http_bytes(), "ws_bytes": probe.ws_bytes}
    finally:
        probe.close()
    drawn, filtered, dated = [], [], []
    for _ in range(repeat):
        probe = Probe(browser)
        try:
            drawn.append(probe.load(url, features))
            if province:
                filtered.append(probe.choose(province))
            if first_day:
                dated.append(probe.change_date(first_day))
        finally:
            probe.close()
    # the first change of a filter misses the server's caches; the median is the usual case
    return {"features": features, "drawn_s": statistics.median(drawn),
            "filter_s": statistics.median(filtered) if filtered else None,
            "filter_first_s": filtered[0] if filtered else None,
            "date_s": statistics.median(dated) if dated else None,
            "date_first_s": dated[0] if dated else None,
            "first_load_s": first_load_s, "drawn_runs_s": drawn, "filter_runs_s": filtered, **sent}


def compare(browser: Any, db: Path, workdir: Path, repeat: int = REPEAT) -> dict[str, Any]:
    """The dashboard on ``db`` and the bare map of the same features, one after the other."""
    spec = map_spec(db)
    spec_path = workdir / f"bare-{db.stem}.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    with streamlit(APP, {"DASHBOARD_DB": str(db)}) as url:
        ours = measure_page(browser, url, spec["province"], repeat, first_event_day(db))
    with streamlit(BARE, {"BENCH_FEATURES": str(spec_path)}) as url:
        bare = measure_page(browser, url, spec["province"], repeat)
    return {"province": spec["province"], "geometry_bytes": spec["geometry_bytes"], "ours": ours,
            "bare": bare,
            "drawn_ratio": ours["drawn_s"] / bare["drawn_s"],
            "filter_ratio": (ours["filter_s"] / bare["filter_s"]) if spec["province"] else None,
            # a date change reruns the page like a filter change: the bare page's rerun is the peer
            "date_ratio": ((ours["date_s"] / bare["filter_s"]) if ours["date_s"] and spec["province"]
                           else None),
            "ws_bytes_per_geometry_byte": ours["ws_bytes"] / max(spec["geometry_bytes"], 1)}


def peak_rss_bytes(pid: int) -> int:
    """The most memory a live process has held (``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def page_only(browser: Any, db: str, repeat: int = REPEAT) -> dict[str, Any]:
    """The dashboard alone on ``db`` (a SQLite path or a PostGIS URL), filtered by its most
    mentioned province that has a plain name; its first load may take ``FIRST_LOAD_TIMEOUT_S``, and
    the server's peak memory is read after the measures."""
    conn = store.connect(db)
    try:
        counts = store.province_counts(conn)
    finally:
        conn.close()
    names = {c["admin1"] for c in counts}
    province = next((o for o in province_options(counts, bundled_data.admin1_display()) if o in names), None)
    port = free_port()
    with server(streamlit_cmd(APP, port), {"DASHBOARD_DB": db}, port) as (url, proc):
        wait_healthy(url, proc)
        ours = measure_page(browser, url, province, repeat, first_timeout_s=FIRST_LOAD_TIMEOUT_S)
        return {"province": province, "ours": ours, "server_peak_rss_bytes": peak_rss_bytes(proc.pid)}


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
