"""Shared fixtures: the two store backends (a SQLite file; a throwaway PostgreSQL + PostGIS cluster
on 127.0.0.1), a Dask scheduler with two single-threaded workers, and for the browser tests the
page served on a free port and a headless Chromium that refuses any request leaving this machine;
all started by the tests."""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS, wait_healthy  # one launcher for tests and bench
from dashboard import services, settings

BACKENDS = ("sqlite", "postgis")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[services.PostgresServer]:
    with services.postgres() as url:
        yield services.PostgresServer(url)


@pytest.fixture
def postgres(postgres_server: services.PostgresServer) -> Iterator[services.PostgresServer]:
    """The session's server; the databases a test makes are dropped after it."""
    before = len(postgres_server.made)
    yield postgres_server
    postgres_server.drop_databases(keep=before)


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Makes fresh, empty databases of each backend, named as ``--db`` / ``DASHBOARD_DB`` takes them."""
    if request.param == "sqlite":
        names = (str(tmp_path / f"db{i or ''}.sqlite") for i in itertools.count())
        return lambda: next(names)
    return request.getfixturevalue("postgres").new_database


@pytest.fixture
def db(new_db: Callable[[], str]) -> str:
    """A fresh, empty database of each backend."""
    return new_db()


@pytest.fixture(scope="module", params=BACKENDS)
def module_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database of each backend shared by one module's tests (a page server started once
    per module and backend); a PostGIS one is dropped after the module."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "dashboard.sqlite")
        return
    server: services.PostgresServer = request.getfixturevalue("postgres_server")
    before = len(server.made)
    yield server.new_database()
    server.drop_databases(keep=before)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.DaskCluster]:
    """A scheduler and two single-threaded workers shared by the tests that do not kill workers."""
    with services.DaskCluster(2, log=tmp_path_factory.mktemp("dask") / "dask.log") as cluster:
        yield cluster


# The page as `make run` serves it; ``{port}`` is filled with a free port.
STREAMLIT_RUN = (sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", "{port}",
                 "--server.address", "127.0.0.1", "--server.headless", "true")
LOCAL_HOSTS = {"127.0.0.1", "localhost", None}  # None: data:, blob: and about: URLs


def start_app(stack: ExitStack, db: str | Path, command: Sequence[str] = STREAMLIT_RUN,
              cwd: Path = settings.ROOT, env: dict[str, str] | None = None) -> str:
    """Serve the page on a free port against ``db``; its URL once healthy. It stops with ``stack``."""
    port = services.free_port()
    proc = subprocess.Popen([arg.format(port=port) for arg in command], cwd=cwd,
                            env={**os.environ, "DASHBOARD_DB": str(db), **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stack.callback(services.stop, proc)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc)
    return url


def requests_leaving(page) -> list[str]:
    """The requests the page tried to send off this machine (the ``page`` fixture refuses them)."""
    return [url for url in page.requested if urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture(scope="module")
def app_servers(module_db: str) -> Iterator[Callable[..., str]]:
    """``start_app`` on the module's database of each backend, for a module's server fixtures: the
    servers stop before that database goes."""
    with ExitStack() as stack:
        yield partial(start_app, stack, module_db)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A 1400x900 page that records every request and refuses any that would leave this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.requested = []

    def guard(route):
        pg.requested.append(route.request.url)
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    yield pg
    context.close()
