"""Databases of 1, 1,000 and 10,000 reports for the page benchmark.

1: the seed, ingested as the app does on first start. 1,000: the batch-ingest benchmark's
database (real extracts of 1,000 distinct articles). 10,000: that one copied, then its reports
and every child row cloned nine times by SQL with a distinct sha256 per copy, which is what
10,000 extracts of similar articles would store, in seconds instead of minutes.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from dashboard import ingest, store
from dashboard.store import CHILD_TABLES


def seed_db(path: Path) -> Path:
    conn = store.connect(path)
    try:
        failed = [r.error for r in ingest.ingest_seeds(conn) if r.error]
    finally:
        conn.close()
    if failed:
        msg = f"seed not stored: {failed[0]}"
        raise RuntimeError(msg)
    return path


def cloned_db(source: Path, path: Path, copies: int) -> Path:
    """``source`` with every report present ``copies`` times (ids shifted, sha256 suffixed)."""
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        shift = conn.execute("SELECT MAX(id) FROM reports").fetchone()[0]
        for k in range(1, copies):
            conn.execute("INSERT INTO reports (id, sha256, title, published, source, text, ingested_at, "
                         "warnings) "
                         "SELECT id + ?, sha256 || '-copy' || ?, title, published, source, text, "
                         "ingested_at, "
                         "warnings FROM reports WHERE id <= ?", (k * shift, k, shift))
            for table in CHILD_TABLES:
                cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("id",
                                                                                                  "report_id")]
                names = ", ".join(f'"{c}"' for c in cols)
                conn.execute(f"INSERT INTO {table} (report_id, {names}) "
                             f"SELECT report_id + ?, {names} FROM {table} "
                             "WHERE report_id <= ?", (k * shift, shift))
        conn.execute("COMMIT")
    finally:
        conn.close()
    conn = store.connect(path)
    try:
        store.rebuild_aggregates(conn)  # the clones' share of the aggregates a save would have added
    finally:
        conn.close()
    return path


def report_count(path: Path) -> int:
    conn = store.connect(path)
    try:
        return store.counts(conn)["reports"]
    finally:
        conn.close()
