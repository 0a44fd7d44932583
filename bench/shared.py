"""The shared set-up (issue 17), measured on a throwaway PostGIS cluster and Dask on 127.0.0.1:

- Dask ingest with 2 single-threaded workers vs 1: the user's ``python -m dashboard ingest DIR
  --scheduler tcp://...`` into a fresh PostGIS database, the clusters started (and warmed by a
  batch of 2 articles) beforehand, medians of alternated runs; start-up alone is a batch of 2. Beside
  the whole command, the extraction alone on the same clusters (the same chunks submitted and
  gathered, nothing stored) and the CPU seconds of the command (reading, the one writer) and of the
  workers: on 2 cores the command's own CPU competes with the workers for the same cores.
- the one writer's throughput: stored reports per second, PostGIS and SQLite, a transaction per
  chunk of 16 (as batches do) and per article (as the page does);
- the page's queries on PostGIS vs SQLite at 10,000 reports (the same rows, cloned by SQL).
"""
from __future__ import annotations

import os
import itertools
import pickle
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import write_articles
from bench.timing import seconds
from dashboard import aggregates, dask_ingest, ingest, services, store
from dashboard.settings import ROOT

MIN_SPEEDUP = 1.8
REPEAT = 3
DASK_ARTICLES = 2000  # ~35 s of extraction on one idle core: start-up (~3 s) does not dominate
WRITER_ARTICLES = 300


def _reports(db: str) -> int:
    conn = store.connect(db)
    try:
        return store.counts(conn)["reports"]
    finally:
        conn.close()


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_s(pids: list[int]) -> float:
    """CPU seconds used so far by these processes (user + system, from /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def ingest_once(db: str, articles: Path, scheduler: str, n: int) -> tuple[float, float]:
    """Wall and CPU seconds of the batch command sending ``articles`` to ``scheduler``, storing into
    ``db`` (the CPU is the command's own: reading, hashing, the one writer)."""
    cmd = [sys.executable, "-m", "dashboard", "ingest", str(articles), "--db", db, "--scheduler", scheduler]
    cpu = _children_cpu_s()
    elapsed = seconds(lambda: subprocess.run(cmd, cwd=ROOT, env=services.python_env(), check=True,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    cpu = _children_cpu_s() - cpu
    if _reports(db) != n:
        msg = f"{_reports(db)} reports stored through {scheduler}, expected {n}"
        raise RuntimeError(msg)
    return elapsed, cpu


def extract_only(articles: Path, scheduler: str) -> float:
    """Wall seconds of the extraction alone on the cluster: the batch's chunks (as the command makes
    them) submitted and gathered, nothing read from or written to a database."""
    from distributed import Client, wait

    files = sorted(articles.glob("*.txt"))
    items = [ingest.Pending(label=str(f), text=f.read_text(encoding="utf-8"), published=None, title=None,
                            source=str(f)) for f in files]
    with Client(scheduler, timeout=10) as client:
        threads = dask_ingest._threads(client)
        start = time.perf_counter()
        futures = [client.submit(dask_ingest.extract_chunk, [items[i] for i in chunk], pure=False)
                   for chunk in ingest._chunks(len(items), threads)]
        wait(futures)
        elapsed = time.perf_counter() - start
        client.gather(futures)
    return elapsed


def result_bytes(articles: Path, n: int = 50) -> float:
    """Pickled bytes of one article's report: what a worker sends back per article."""
    files = sorted(articles.glob("*.txt"))[:n]
    reports = [ingest.Pending(label=str(f), text=f.read_text(encoding="utf-8"), published=None, title=None,
                              source=str(f)).extract() for f in files]
    return len(pickle.dumps(reports)) / len(reports)


def dask_ingest_bench(server: services.PostgresServer, work: Path, n: int = DASK_ARTICLES,
                      repeat: int = REPEAT) -> dict[str, Any]:
    """Batches on a 1-worker and a 2-worker cluster, alternated (each run's databases dropped after it)."""
    articles, two = work / "dask-articles", work / "dask-two"
    for folder, count in ((articles, n), (two, 2)):
        folder.mkdir()
        write_articles(folder, count)
    keys = ("start_1", "start_2", "wall_1", "wall_2", "cpu_1", "cpu_2", "workers_cpu_1", "workers_cpu_2",
            "extract_1", "extract_2", "workers_ms_1", "workers_ms_2", "extract_cpu_1", "extract_cpu_2")
    runs: dict[str, list[float]] = {k: [] for k in keys}
    with services.DaskCluster(1, log=work / "dask1.log") as one, \
            services.DaskCluster(2, log=work / "dask2.log") as pair:
        clusters = {1: one, 2: pair}
        for cluster in clusters.values():  # the workers load the extractor (plugin) before timing
            ingest_once(server.new_database(), two, cluster.address, 2)
        for _ in range(repeat):
            for workers, cluster in clusters.items():
                pids = [w.pid for w in cluster.workers]
                made = len(server.made)
                start, _ = ingest_once(server.new_database(), two, cluster.address, 2)
                runs[f"start_{workers}"].append(start)
                before = _cpu_s(pids)
                wall, cpu = ingest_once(server.new_database(), articles, cluster.address, n)
                used = _cpu_s(pids) - before
                runs[f"workers_cpu_{workers}"].append(used / wall)
                runs[f"workers_ms_{workers}"].append(1000 * used / n)
                runs[f"wall_{workers}"].append(wall)
                runs[f"cpu_{workers}"].append(cpu / wall)
                before = _cpu_s(pids)
                extract_s = extract_only(articles, cluster.address)
                runs[f"extract_{workers}"].append(extract_s)
                runs[f"extract_cpu_{workers}"].append((_cpu_s(pids) - before) / extract_s)
                server.drop_databases(keep=made)
    med = {k: statistics.median(v) for k, v in runs.items()}
    one_s, two_s, start_one, start_two = med["wall_1"], med["wall_2"], med["start_1"], med["start_2"]
    steady = (one_s - start_one) / (two_s - start_two)
    return {"articles": n, "repeat": repeat, "one_worker_s": one_s, "two_workers_s": two_s,
            "speedup": one_s / two_s, "start_up_one_worker_s": start_one, "start_up_two_workers_s": start_two,
            "steady_speedup": steady, "one_worker_articles_per_s": n / one_s,
            "two_workers_articles_per_s": n / two_s,
            "command_cpu_per_wall_1": med["cpu_1"], "command_cpu_per_wall_2": med["cpu_2"],
            "workers_cpu_per_wall_1": med["workers_cpu_1"], "workers_cpu_per_wall_2": med["workers_cpu_2"],
            "extract_one_worker_s": med["extract_1"], "extract_two_workers_s": med["extract_2"],
            "extract_speedup": med["extract_1"] / med["extract_2"],
            "extract_cpu_per_wall_1": med["extract_cpu_1"], "extract_cpu_per_wall_2": med["extract_cpu_2"],
            # the workers' CPU per article: equal for 1 and 2 workers when Dask adds no overhead, so a
            # speed-up short of 2x is then cores the workers did not get (other load), not Dask
            "workers_cpu_ms_per_article_1": med["workers_ms_1"],
            "workers_cpu_ms_per_article_2": med["workers_ms_2"],
            "result_bytes_per_article": result_bytes(articles), "runs": runs,
            "met": med["extract_1"] / med["extract_2"] >= MIN_SPEEDUP}


def untimed_db(server: services.PostgresServer, work: Path, n: int = 1000) -> str:
    """A PostGIS database of ``n`` real extracts, ingested by the process pool (not timed)."""
    folder = work / "pg-articles"
    folder.mkdir(exist_ok=True)
    write_articles(folder, n)
    db = server.new_database()
    subprocess.run([sys.executable, "-m", "dashboard", "ingest", str(folder), "--db", db, "--workers", "2"],
                   cwd=ROOT, env=services.python_env(), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return db


def writer_throughput(source_db: str, targets: dict[str, Callable[[], str]],
                      n: int = WRITER_ARTICLES) -> dict[str, Any]:
    """Reports per second the one writer stores: ``n`` stored reports (read back from ``source_db``)
    saved into a fresh database of each engine, a transaction per 16 and per article."""
    conn = store.connect(source_db)
    try:
        ids = [r["id"] for r in store.reports(conn)[:n]]
        items = [(store.load_report(conn, i), store.report_text(conn, i), "bench") for i in ids]
    finally:
        conn.close()
    out: dict[str, Any] = {"articles": len(items)}
    for engine, new_db in targets.items():
        for label, size in (("chunk16", 16), ("article", 1)):
            target = store.connect(new_db())
            try:
                elapsed = seconds(lambda t=target, s=size: [store.save_reports(t, items[i:i + s])
                                                            for i in range(0, len(items), s)])
            finally:
                target.close()
            out[f"{engine}_{label}_per_s"] = len(items) / elapsed
    return out


def clone_postgres(url: str, copies: int) -> str:
    """Every report of the database at ``url`` present ``copies`` times (ids shifted, sha256
    suffixed), by SQL, as ``bench/scale.py`` does for SQLite."""
    conn = store.connect(url)
    try:
        shift = conn.execute("SELECT MAX(id) FROM reports").fetchone()[0]
        cols = [c for c in _columns(conn, "reports") if c not in ("id", "sha256")]
        names = ", ".join(cols)
        conn.execute("BEGIN")
        conn.execute(f"INSERT INTO reports (id, sha256, {names}) SELECT r.id + k * ?, "
                     f"r.sha256 || '-copy' || k, {', '.join('r.' + c for c in cols)} "
                     "FROM reports r, generate_series(1, ?) k "
                     "WHERE r.id <= ?", (shift, copies - 1, shift))
        for table in store.CHILD_TABLES:
            child = [c for c in _columns(conn, table) if c not in ("id", "report_id", "geom")]
            listed = ", ".join(map(store._q, child))
            conn.execute(f"INSERT INTO {table} (report_id, {listed}) SELECT t.report_id + k * ?, "
                         f"{', '.join('t.' + store._q(c) for c in child)} FROM {table} t, "
                         "generate_series(1, ?) k WHERE t.report_id <= ?", (shift, copies - 1, shift))
        conn.execute("SELECT setval(pg_get_serial_sequence('reports', 'id'), (SELECT MAX(id) FROM reports))")
        conn.execute("COMMIT")
        conn.execute("VACUUM ANALYZE")
        store.rebuild_aggregates(conn)  # the clones' share of the aggregates a save would have added
        conn.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    return url


def _columns(conn: Any, table: str) -> list[str]:
    rows = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = ? ORDER BY ordinal_position", (table,)).fetchall()
    return [r[0] for r in rows]


PAGE_QUERIES: dict[str, Callable[[Any, tuple[str, ...]], Any]] = {
    # the map: each feature's rows and tooltip counts; control over time: the claims grouped (aggregates)
    "map: rows per feature": lambda c, p: aggregates.map_rows(c, p).places,
    "control: claim groups": lambda c, p: aggregates.claim_groups(c) if not p else [],
    "consistency": store.consistency,
    # the caption and the tables: counts and the last 1,000 rows (sections.from_store)
    "filter_counts": lambda c, p: [store.filter_counts(c, p)],
    **{f"tables: {t}": (lambda c, p, t=t: store.recent_rows(c, t, p)[0])
       for t in ("figures", "claims", "places")},
    "tables: reports": lambda c, p: store.recent_reports(c, p)[0],
}


def page_queries(dbs: dict[str, str], province: str, repeat: int = REPEAT) -> dict[str, Any]:
    """Seconds of each query the page runs (unfiltered, and filtered by ``province``), per engine,
    medians of ``repeat`` alternated runs, and the rows each returned (the same extracts, ingested
    once by Dask and once by the process pool)."""
    timings: dict[str, dict[str, list[float]]] = {engine: {} for engine in dbs}
    sizes: dict[str, dict[str, int]] = {engine: {} for engine in dbs}
    queries: dict[str, Callable[[Any], Any]] = {
        "province_counts": store.province_counts, "reports": store.reports,
        **{name: (lambda c, q=q: q(c, ())) for name, q in PAGE_QUERIES.items()},
        **{f"{name} ({province})": (lambda c, q=q: q(c, (province,))) for name, q in PAGE_QUERIES.items()},
    }
    for _ in range(repeat):
        for engine, db in dbs.items():
            conn = store.connect(db)
            try:
                for name, query in queries.items():
                    start = time.perf_counter()
                    rows = query(conn)
                    timings[engine].setdefault(name, []).append(time.perf_counter() - start)
                    sizes[engine][name] = len(rows)
            finally:
                conn.close()
    medians = {e: {q: statistics.median(t) for q, t in timings[e].items()} for e in dbs}
    return {"province": province, "rows": sizes, "seconds": medians,
            "total": {e: sum(medians[e].values()) for e in dbs}}


def queries(server: services.PostgresServer, work: Path, pg_1000: str, sqlite_1000: Path,
            sqlite_10000: Path) -> dict[str, Any]:
    """The writer's throughput on both engines, and the page's queries at 10,000 reports."""
    names = (str(work / f"writer-{i}.sqlite") for i in itertools.count())
    out: dict[str, Any] = {"writer": writer_throughput(str(sqlite_1000), {"postgis": server.new_database,
                                                                          "sqlite": lambda: next(names)})}
    pg_10000 = clone_postgres(server.new_database(copy_of=pg_1000), 10)
    conn = store.connect(str(sqlite_10000))
    try:
        province = store.province_counts(conn)[0]["admin1"]
    finally:
        conn.close()
    out["queries"] = page_queries({"postgis": pg_10000, "sqlite": str(sqlite_10000)}, province)
    return out
