"""Batch extraction on a real Dask scheduler and workers on 127.0.0.1, into both store backends."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import dask_ingest, ingest, services, store
from test_cli import assert_one_line_error, run_cli
from test_ingest import write_variants

N_KILL_BATCH = 400


def test_chunks_go_to_the_cluster_and_errors_stay_in_order(tmp_path: Path, db: str,
                                                           dask_cluster: services.DaskCluster) -> None:
    good = write_variants(tmp_path / "in", 6)
    (tmp_path / "in" / "empty.txt").write_text("   ")
    paths = [good[0], tmp_path / "in" / "empty.txt", tmp_path / "nope.txt", *good[1:]]
    results = ingest.ingest_paths(db, paths, "2021-07-04", scheduler=dask_cluster.address)
    assert [r.path_or_name for r in results] == [str(p) for p in paths]
    assert [r.error is None for r in results] == [True, False, False, *[True] * 5]
    assert "empty article" in results[1].error and "cannot read" in results[2].error
    conn = store.connect(db)
    try:
        first = store.counts(conn)
        stored = {r["source"]: r["id"] for r in store.reports(conn)}
    finally:
        conn.close()
    assert first["reports"] == 6 and {r.report_id for r in results if r.error is None} == set(stored.values())
    again = ingest.ingest_paths(db, [tmp_path / "in"], scheduler=dask_cluster.address)
    assert len(again) == 7 and not any(r.created for r in again)
    conn = store.connect(db)
    try:
        assert store.counts(conn) == first
    finally:
        conn.close()


def test_a_worker_returns_each_article_s_report_or_its_error_line() -> None:
    text = (ingest.settings.SEEDS_DIR / "ap_2021-07-04_badakhshan.txt").read_text(encoding="utf-8")
    ok = ingest.Pending("a.txt", text, "2021-07-04", "T", "a.txt")
    bad = ingest.Pending("b.txt", text, "yesterday", "T", "b.txt")
    report, error = dask_ingest.extract_chunk([ok, bad])
    assert report.report.title == "T" and report.places
    assert isinstance(error, str) and "YYYY-MM-DD" in error


def test_cli_on_a_local_cluster_shows_progress(tmp_path: Path) -> None:
    write_variants(tmp_path / "in", 5)
    db = tmp_path / "db.sqlite"
    proc = run_cli("ingest", tmp_path / "in", "--db", db, "--dask-workers", "2", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "5 of 5 articles ingested, 0 failed" in proc.stdout
    assert "5/5" in proc.stderr  # the progress bar's last state
    assert json.loads(run_cli("stats", "--format", "json", "--db", db).stdout)["reports"] == 5


@pytest.mark.parametrize(("args", "fragment"), [
    (("--scheduler", "localhost:8786"), "give tcp://HOST:PORT"),
    (("--scheduler", "tcp://127.0.0.1:9"), "cannot reach the Dask scheduler"),
    (("--scheduler", "tcp://127.0.0.1:9", "--dask-workers", "2"), "not allowed with argument"),
    (("--workers", "2", "--dask-workers", "2"), "not both"),
])
def test_dask_usage_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], fragment: str) -> None:
    write_variants(tmp_path / "in", 2)
    proc = run_cli("ingest", tmp_path / "in", "--db", tmp_path / "db.sqlite", *args, timeout=120)
    assert_one_line_error(proc, fragment)


def _stored(db: str) -> int:
    conn = store.connect(db)
    try:
        return store.counts(conn)["reports"]
    finally:
        conn.close()


def _kill_a_busy_worker(cluster: services.DaskCluster, db: str, batch: subprocess.Popen) -> int:
    """SIGKILL a worker that is running a task once the batch has stored some articles (mid-batch);
    returns how many were stored then."""
    from distributed import Client

    with Client(cluster.address, timeout=10) as client:
        procs = {p.pid: p for p in cluster.workers}
        worker_of = {addr: procs[pid] for addr, pid in client.run(os.getpid).items()}
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and batch.poll() is None:
            stored = _stored(db)
            busy = [addr for addr, tasks in client.processing().items() if tasks]
            if stored and busy:
                victim = worker_of[busy[0]]
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                return stored
            time.sleep(0.01)
    pytest.fail("the batch ended before a worker could be killed mid-batch")


def test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(tmp_path: Path, postgres) -> None:
    """The issue's acceptance test: 400 distinct articles into PostGIS on a scheduler with two
    single-threaded workers, one SIGKILLed while it runs a task; then a re-run changes nothing, and
    stats, export and control read the database. (SQLite takes the same client-side writer path.)"""
    db = postgres.new_database()
    write_variants(tmp_path / "in", N_KILL_BATCH)
    with services.DaskCluster(2, log=tmp_path / "dask.log") as cluster:
        cmd = [sys.executable, "-m", "dashboard", "ingest", str(tmp_path / "in"), "--db", db,
               "--scheduler", cluster.address, "--published", "2021-07-04"]
        batch = subprocess.Popen(cmd, cwd=services.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        try:
            stored_at_kill = _kill_a_busy_worker(cluster, db, batch)
            out, err = batch.communicate(timeout=300)
        finally:
            if batch.poll() is None:
                batch.kill()
        assert 0 < stored_at_kill < N_KILL_BATCH
        assert sum(w.poll() is None for w in cluster.workers) == 1
        assert batch.returncode == 0, err[-2000:]
        assert f"{N_KILL_BATCH} of {N_KILL_BATCH} articles ingested, 0 failed" in out
        conn = store.connect(db)
        try:
            counts = store.counts(conn)
            one = store.find_report(conn, store.reports(conn)[0]["sha256"])
        finally:
            conn.close()
        # every article once, each with all its rows: none lost, doubled or partial
        assert counts == {"reports": N_KILL_BATCH, **{k: one[k] * N_KILL_BATCH for k in store.CHILD_TABLES}}
        again = subprocess.run(cmd, cwd=services.ROOT, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0 and again.stdout.count("unchanged (already stored)") == N_KILL_BATCH
    stats = run_cli("stats", "--format", "json", "--db", db)
    assert json.loads(stats.stdout) == counts
    conn = store.connect(db)
    try:
        geometry = conn.execute("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'places'"
                                ).fetchall()
        located = conn.execute("SELECT COUNT(*) FROM places WHERE geom IS NOT NULL").fetchone()[0]
    finally:
        conn.close()
    assert [tuple(g) for g in geometry] == [("POINT", 4326)] and located > N_KILL_BATCH
    exported = run_cli("export", "--format", "geojson", "--db", db)
    assert exported.returncode == 0, exported.stderr
    features = json.loads(exported.stdout)["features"]
    assert len({f["properties"]["report_sha256"] for f in features}) == N_KILL_BATCH
    control = run_cli("control", "--format", "json", "--db", db)
    assert control.returncode == 0, control.stderr
    held = json.loads(control.stdout)
    assert held and all({"place", "status", "holder"} <= set(row) for row in held)
