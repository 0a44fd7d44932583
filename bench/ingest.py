"""Batch ingest of 1,000 distinct articles with 1 and 2 worker processes, each run as the user's
batch command (``python -m dashboard ingest``) into a fresh database: start-up included.
The 2-worker database is kept as the 1,000-report dataset of the scale benchmark."""
from __future__ import annotations

import resource
import statistics
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
REPEAT = 3


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest_once(workdir: Path, articles: Path, n: int, workers: int) -> tuple[float, float, Path]:
    """Wall and CPU seconds of a fresh process (and its workers) ingesting ``articles`` into a new
    database, and its path. CPU / wall near ``workers`` means each worker had a core to itself."""
    db = workdir / f"ingest-{workers}w.sqlite"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # a re-run must extract everything again, not find it stored
    cmd = [sys.executable, "-m", "dashboard", "ingest", "--db", str(db), "--workers", str(workers),
           str(articles)]
    cpu = _children_cpu_s()
    elapsed = seconds(lambda: subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL))  # no progress bar in the table
    cpu = _children_cpu_s() - cpu
    conn = store.connect(db)
    try:
        stored = store.counts(conn)["reports"]
    finally:
        conn.close()
    if stored != n:
        msg = f"{stored} reports stored with {workers} workers, expected {n}"
        raise RuntimeError(msg)
    return elapsed, cpu, db


def run(workdir: Path, n: int = N_ARTICLES, repeat: int = REPEAT) -> dict[str, Any]:
    """Medians of alternated runs of the whole batch; start-up alone is timed with a batch of 2
    articles, so the speed-up of the steady state (the batch minus its start-up) is reported too."""
    (workdir / "two").mkdir()
    write_articles(workdir / "two", 2)
    (workdir / "articles").mkdir()
    write_articles(workdir / "articles", n)
    runs: dict[str,
               list[float]] = {k: [] for k in ("start_1", "start_2", "wall_1", "wall_2", "cpu_1", "cpu_2")}
    for _ in range(repeat):
        for workers in (1, 2):
            runs[f"start_{workers}"].append(ingest_once(workdir / "two", workdir / "two", 2, workers)[0])
            wall, cpu, db = ingest_once(workdir, workdir / "articles", n, workers)
            runs[f"wall_{workers}"].append(wall)
            runs[f"cpu_{workers}"].append(cpu / wall)
    one, two, start_one, start_two = (statistics.median(runs[k]) for k in ("wall_1", "wall_2", "start_1",
                                                                           "start_2"))
    speedup = one / two
    return {"articles": n, "repeat": repeat, "one_worker_s": one, "two_workers_s": two, "speedup": speedup,
            "start_up_one_worker_s": start_one, "start_up_two_workers_s": start_two,
            "steady_speedup": (one - start_one) / (two - start_two),
            "one_worker_articles_per_s": n / one, "two_workers_articles_per_s": n / two,
            "one_worker_cpu_per_wall": statistics.median(runs["cpu_1"]),
            "two_workers_cpu_per_wall": statistics.median(runs["cpu_2"]), "runs": runs,
            "met": speedup >= MIN_SPEEDUP, "db": str(db)}



def untimed_db(workdir: Path, n: int = N_ARTICLES) -> Path:
    """A SQLite database of ``n`` real extracts for the rows that need one without timing its making."""
    (workdir / "articles").mkdir()
    write_articles(workdir / "articles", n)
    return ingest_once(workdir, workdir / "articles", n, 2)[2]
