"""One place for paths and limits shared by the CLI, the store and the app."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dashboard.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DASHBOARD_DATA", ROOT / "data"))
SEEDS_DIR = ROOT / "seeds"
CACHE_DIR = Path(os.environ.get("DASHBOARD_CACHE", ROOT / "var" / "cache"))
STATIC_DIR = Path(__file__).resolve().parent / "static"

# Larger input is refused with a clear error (issue 7). News articles are rarely over 200 KB; 2 MB
# keeps the worst text (no full stop, a place name every few words) within ~30 s of extraction.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# Per article and per kind (place names, figures, dates): beyond it the rest of the text is not
# read for that kind, with a warning. A news article has tens; a list of thousands is not news
# and would cost minutes and store thousands of rows (issue 19).
MAX_MATCHES = 2000
# Seconds the page gives one added article (read in a separate process, stopped after this).
EXTRACT_BUDGET_S = float(os.environ.get("DASHBOARD_EXTRACT_BUDGET_S", "60"))

POSTGRES_SCHEMES = ("postgresql", "postgres")
DASK_SCHEDULER = re.compile(r"^tcp://[^\s/:]+:\d{1,5}$")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def default_db_path() -> Path:
    """``var/dashboard.sqlite`` under the project root: the database when ``DASHBOARD_DB`` is not set."""
    return ROOT / "var" / "dashboard.sqlite"


@dataclass(frozen=True)
class Database:
    """Where the data lives: a SQLite file (``where`` is its path) or PostgreSQL + PostGIS (a URL)."""

    kind: Literal["sqlite", "postgresql"]
    where: str

    @property
    def shared(self) -> bool:
        return self.kind == "postgresql"


def database(setting: str | os.PathLike[str] | None = None) -> Database:
    """The one reading of ``--db`` / ``DASHBOARD_DB`` (default ``var/dashboard.sqlite``):
    ``postgresql://user@host:port/db`` is PostGIS, any other URL is refused, anything else is a path."""
    if setting is None:  # the variable as given: a URL must not go through Path (its // would collapse)
        setting = os.environ.get("DASHBOARD_DB") or default_db_path()
    text = os.fspath(setting)
    scheme = _URL_SCHEME.match(text)
    if scheme is None:
        return Database("sqlite", text)
    if scheme.group(1).lower() in POSTGRES_SCHEMES:
        return Database("postgresql", text)
    msg = (f"unsupported database URL scheme {scheme.group(1)!r}: give postgresql://user@host:port/db "
           "or a SQLite path")
    raise StoreError(msg)


def read_url(url: str) -> str:
    """Where read-only connections to the PostgreSQL database ``url`` read: ``DASHBOARD_DB_READ`` (a read
    replica, or the same database through a role that may only read) when ``url`` is the database
    ``DASHBOARD_DB`` names, else ``url`` itself. Writes, and schema changes, always go to ``url``."""
    reads = os.environ.get("DASHBOARD_DB_READ")
    if reads and url == os.environ.get("DASHBOARD_DB"):
        if database(reads).kind != "postgresql":
            msg = "DASHBOARD_DB_READ must be a postgresql:// URL (a read replica or a read-only role)"
            raise StoreError(msg)
        return reads
    return url


def scheduler_address(value: str) -> str:
    """A Dask scheduler's address as ``--scheduler`` takes it: ``tcp://HOST:PORT``."""
    if not DASK_SCHEDULER.match(value):
        msg = f"{value!r} is not a Dask scheduler address; give tcp://HOST:PORT"
        raise ValueError(msg)
    return value
