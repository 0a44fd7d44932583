"""Cold start: ``make run`` until the page answers and until its first map is drawn (on an empty
database, so the seed is read as on a first start), and the cost of loading ``data/``."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.browser import Probe, free_port, server, wait_healthy
from dashboard.settings import ROOT

REPEAT = 3
# `-o .venv/.installed`: never reinstall the project while timing (that is `make`'s first run only)
MAKE_RUN = ["make", "--no-print-directory", "-o", ".venv/.installed", "run"]


def make_run_once(browser: Any, db: Path) -> tuple[float, float]:
    """(seconds until /_stcore/health answers, seconds until the first visit's map is drawn)."""
    port = free_port()
    start = time.perf_counter()
    with server(MAKE_RUN, {"DASHBOARD_DB": str(db), "STREAMLIT_SERVER_PORT": str(port)}, port) as (url, proc):
        wait_healthy(url, proc)
        answered = time.perf_counter() - start
        probe = Probe(browser)
        try:
            probe.page.goto(url, wait_until="commit")
            probe.until(lambda: probe.drawn() > 0, "the first map feature")
            drawn = time.perf_counter() - start
        finally:
            probe.close()
    return answered, drawn


def data_load_times(cache_dir: Path | None = None) -> dict[str, float]:
    """Seconds per loader of ``data/`` in a fresh process; with ``cache_dir``, the gazetteer index is
    built there from the parquet files instead of loaded from ``var/cache``."""
    env = {**os.environ, **({"DASHBOARD_CACHE": str(cache_dir)} if cache_dir else {})}
    out = subprocess.run([sys.executable, "-m", "bench.dataload"], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def run(browser: Any, workdir: Path, repeat: int = REPEAT) -> dict[str, Any]:
    answered, drawn = [], []
    for i in range(repeat):
        a, d = make_run_once(browser, workdir / f"cold-{i}.sqlite")
        answered.append(a)
        drawn.append(d)
    cold_cache = workdir / "empty-cache"
    cold_cache.mkdir()
    return {"make_run_answers_s": statistics.median(answered), "first_map_drawn_s": statistics.median(drawn),
            "data_load_s": data_load_times(), "data_load_without_index_cache_s": data_load_times(cold_cache)}
