"""Shared fixtures: the two store backends (a SQLite file; a throwaway PostgreSQL + PostGIS cluster
on 127.0.0.1) and a Dask scheduler with two single-threaded workers, all started by the tests."""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard import services

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
