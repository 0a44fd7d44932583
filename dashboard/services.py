"""Throwaway local services for the shared set-up: a PostgreSQL + PostGIS cluster in a folder and a
Dask scheduler with workers, all on 127.0.0.1. Used by the tests, ``make bench`` and
``make run-shared`` (``python -m dashboard.services``); production runs its own.

PostgreSQL refuses to run as root, so as root the cluster is made and run as the ``postgres`` user
(Debian's package creates it) in a folder that user owns.
"""
from __future__ import annotations

import argparse
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from dashboard.settings import ROOT

PG_USER = "postgres"
PG_DATABASE = "dashboard"
START_TIMEOUT_S = 60.0
# a throwaway test cluster need not survive a power cut: no fsync, no full-page writes
FAST_UNSAFE = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(program: str) -> str:
    """A PostgreSQL server program: Debian keeps them in /usr/lib/postgresql/NN/bin, off PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1])
    on_path = shutil.which(program)
    if on_path is None:
        msg = f"PostgreSQL's {program} is not installed (Debian: postgresql and postgresql-NN-postgis-3)"
        raise RuntimeError(msg)
    return on_path


def _as_postgres() -> tuple[Callable[[], None] | None, dict[str, str]]:
    """(preexec_fn, env) that run a server program as ``postgres`` when this process is root."""
    if os.geteuid() != 0:
        return None, {}
    user = pwd.getpwnam(PG_USER)

    def demote() -> None:
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return demote, {"HOME": user.pw_dir, "USER": PG_USER}


def _run_pg(args: Sequence[str]) -> None:
    demote, env = _as_postgres()
    done = subprocess.run(list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=demote,
                          env={**os.environ, **env}, cwd="/", check=False)
    if done.returncode != 0:
        tail = done.stdout.decode(errors="replace").strip().splitlines()[-3:]
        msg = f"{Path(args[0]).name} failed ({done.returncode}): {' / '.join(tail)}"
        raise RuntimeError(msg)


@contextmanager
def postgres(folder: Path | None = None, port: int | None = None, unsafe_fast: bool = True,
             keep: bool = False) -> Iterator[str]:
    """A PostgreSQL cluster in ``folder`` (made with initdb unless it holds one) on 127.0.0.1:``port``,
    with the database ``dashboard``; yields its URL and stops the server (and, unless ``keep``,
    removes the folder) afterwards."""
    port = port or free_port()
    folder = Path(folder or tempfile.mkdtemp(prefix="dashboard-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam(PG_USER)
        os.chown(folder, user.pw_uid, user.pw_gid)
    data, log = folder / "data", folder / "server.log"
    if not (data / "PG_VERSION").exists():
        _run_pg([pg_bin("initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8"])
    options = ["-p", str(port), "-k", str(folder), "-c", "listen_addresses=127.0.0.1",
               *(FAST_UNSAFE if unsafe_fast else ())]
    _run_pg([pg_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", str(int(START_TIMEOUT_S)),
             "-o", " ".join(options), "start"])
    try:
        _create_database(port)
        yield f"postgresql://{PG_USER}@127.0.0.1:{port}/{PG_DATABASE}"
    finally:
        _run_pg([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _create_database(port: int) -> None:
    import psycopg

    admin = f"postgresql://{PG_USER}@127.0.0.1:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone() is None:
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")


class PostgresServer:
    """A running cluster (``url`` names its ``dashboard`` database) that hands out fresh databases:
    copies of a template that already has PostGIS (CREATE EXTENSION takes ~1 s; a copy ~0.1 s)."""

    TEMPLATE = "dashboard_template"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.made: list[str] = []
        self._numbers = itertools.count()
        self.admin(f"CREATE DATABASE {self.TEMPLATE}")
        with psycopg.connect(self.url_of(self.TEMPLATE), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def url_of(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, with_postgis: bool = True, copy_of: str | None = None) -> str:
        """A new database: empty with PostGIS, empty without it, or a copy of the database named by the
        URL ``copy_of`` (which must have no open connection)."""
        name = f"db_{next(self._numbers)}"
        template = copy_of.rsplit("/", 1)[1] if copy_of else self.TEMPLATE if with_postgis else "template0"
        if copy_of:
            from dashboard import postgis

            postgis.close_pools(copy_of)
        self.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        self.made.append(name)
        return self.url_of(name)

    def drop_databases(self, keep: int = 0) -> None:
        """The databases made after the first ``keep`` dropped (this process's pooled connections to
        them closed first)."""
        from dashboard import postgis

        while len(self.made) > keep:
            name = self.made.pop()
            postgis.close_pools(self.url_of(name))
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def python_env() -> dict[str, str]:
    """The environment of a child Python that must import this checkout's ``dashboard``."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def _spawn(args: Sequence[str], log: Path | None) -> subprocess.Popen:
    out = log.open("ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=python_env(), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    finally:
        if log:
            out.close()


def stop(proc: subprocess.Popen, timeout_s: float = 15.0) -> None:
    """End a process this module started (its own session), politely, then not."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class DaskCluster:
    """A Dask scheduler and single-threaded worker processes (no nanny: a killed worker stays dead)."""

    def __init__(self, n_workers: int, port: int | None = None, log: Path | None = None) -> None:
        self.address = f"tcp://127.0.0.1:{port or free_port()}"
        self.log = log
        self.scheduler = _spawn(["-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", self.address.rsplit(":", 1)[1], "--no-dashboard"], log)
        self.workers: list[subprocess.Popen] = []
        try:
            self._wait_for(0)
            for _ in range(n_workers):
                self.add_worker()
        except BaseException:
            self.close()
            raise

    def add_worker(self) -> subprocess.Popen:
        proc = _spawn(["-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1", "--no-nanny",
                       "--host", "127.0.0.1", "--no-dashboard"], self.log)
        self.workers.append(proc)
        self._wait_for(sum(w.poll() is None for w in self.workers))
        return proc

    def _wait_for(self, n_workers: int) -> None:
        from distributed import Client

        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.scheduler.poll() is not None:
                msg = f"the Dask scheduler exited with {self.scheduler.returncode}"
                raise RuntimeError(msg)
            try:
                with Client(self.address, timeout=5) as client:
                    if n_workers:
                        client.wait_for_workers(n_workers, timeout=max(1.0, deadline - time.monotonic()))
                    return
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise

    def close(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            stop(proc)

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_shared(argv: Sequence[str] | None = None) -> int:
    """``make run-shared``: PostGIS, a Dask scheduler with workers, the seeds ingested on them, and
    the app on that database, until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.services",
                                     description="Start PostGIS, Dask and the app on 127.0.0.1 to try the "
                                                 "shared set-up by hand.")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "dashboard-shared-pg",
                        help="the PostgreSQL cluster's folder, kept between runs")
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--dask-port", type=int, default=58786)
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument("--app-port", type=int, default=8501)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url = stack.enter_context(postgres(args.folder, args.pg_port, unsafe_fast=False, keep=True))
        dask = stack.enter_context(DaskCluster(args.workers, args.dask_port))
        print(f"PostGIS: {url}\nDask scheduler: {dask.address}", flush=True)
        ingest = [sys.executable, "-m", "dashboard", "ingest", str(ROOT / "seeds"), "--db", url,
                  "--scheduler", dask.address]
        subprocess.run(ingest, cwd=ROOT, env=python_env(), check=False)
        print(f"more articles: python -m dashboard ingest DIR --db {url} --scheduler {dask.address}",
              flush=True)
        from dashboard import postgis

        reader = postgis.create_reader(url)  # the page reads as a role that may only read
        print(f"the app reads as {reader} (DASHBOARD_DB_READ) and writes to {url}", flush=True)
        app = [sys.executable, "-m", "dashboard", "serve", "--port", str(args.app_port)]  # the safe settings
        try:
            env = {**python_env(), "DASHBOARD_DB": url, "DASHBOARD_DB_READ": reader}
            subprocess.run(app, cwd=ROOT, env=env, check=False)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(run_shared())
