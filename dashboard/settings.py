"""One place for paths and limits shared by the CLI, the store and the app."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DASHBOARD_DATA", ROOT / "data"))
SEEDS_DIR = ROOT / "seeds"
CACHE_DIR = Path(os.environ.get("DASHBOARD_CACHE", ROOT / "var" / "cache"))
STATIC_DIR = Path(__file__).resolve().parent / "static"

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # larger input is refused with a clear error (issue 7)


def default_db_path() -> Path:
    """``DASHBOARD_DB`` if set, else ``var/dashboard.sqlite`` under the project root."""
    env = os.environ.get("DASHBOARD_DB")
    return Path(env) if env else ROOT / "var" / "dashboard.sqlite"
