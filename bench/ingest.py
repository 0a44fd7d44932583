"""Batch ingest of 1,000 distinct articles with 1 and 2 worker processes, each run as a fresh
``python`` process into a fresh database, as a user's batch command runs: start-up included.
The 2-worker database is kept as the 1,000-report dataset of the scale benchmark."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.corpus import write_articles
from bench.timing import seconds
from dashboard import store
from dashboard.settings import ROOT

N_ARTICLES = 1000
MIN_SPEEDUP = 1.8


def ingest_once(workdir: Path, articles: Path, n: int, workers: int) -> tuple[float, Path]:
    """Wall seconds of a fresh process ingesting ``articles`` into a new database, and its path."""
    db = workdir / f"ingest-{workers}w.sqlite"
    cmd = [sys.executable, "-m", "bench.ingest", str(db), str(articles), str(workers)]
    elapsed = seconds(lambda: subprocess.run(cmd, cwd=ROOT, check=True))
    conn = store.connect(db)
    try:
        stored = store.counts(conn)["reports"]
    finally:
        conn.close()
    if stored != n:
        msg = f"{stored} reports stored with {workers} workers, expected {n}"
        raise RuntimeError(msg)
    return elapsed, db


def run(workdir: Path, n: int = N_ARTICLES) -> dict[str, Any]:
    articles = workdir / "articles"
    articles.mkdir()
    write_articles(articles, n)
    one, _ = ingest_once(workdir, articles, n, 1)
    two, db = ingest_once(workdir, articles, n, 2)
    speedup = one / two
    return {"articles": n, "one_worker_s": one, "two_workers_s": two, "speedup": speedup,
            "one_worker_articles_per_s": n / one, "two_workers_articles_per_s": n / two,
            "met": speedup >= MIN_SPEEDUP, "db": str(db)}


def main(db: str, articles: str, workers: str) -> None:
    """The timed child: ingest a directory, fail loudly if any article was not stored."""
    from dashboard.ingest import ingest_paths

    failed = [r for r in ingest_paths(Path(db), [Path(articles)], workers=int(workers)) if r.error]
    if failed:
        sys.exit(f"{len(failed)} articles failed with {workers} workers, e.g. {failed[0].error}")


if __name__ == "__main__":
    main(*sys.argv[1:])
