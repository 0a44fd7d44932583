"""Shared fixtures: the two store backends (a SQLite file; a throwaway PostgreSQL + PostGIS cluster
on 127.0.0.1) and a Dask scheduler with two single-threaded workers, all started by the tests."""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard import services

BACKENDS = ("sqlite", "postgis")
TEMPLATE = "dashboard_template"
_numbers = itertools.count()


class PostgresServer:
    """One cluster per test session; each test gets a fresh database copied from a template that
    already has PostGIS (CREATE EXTENSION takes ~1 s; a copy ~0.1 s)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []
        self._admin(f"CREATE DATABASE {TEMPLATE}")
        import psycopg

        with psycopg.connect(self.url_of(TEMPLATE), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def url_of(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, with_postgis: bool = True) -> str:
        name = f"test_{next(_numbers)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE if with_postgis else 'template0'}")
        self.made.append(name)
        return self.url_of(name)

    def drop_databases(self) -> None:
        """After a test: its pooled connections closed, its databases dropped (disk and connection slots)."""
        from dashboard import postgis

        while self.made:
            name = self.made.pop()
            postgis.close_pools(self.url_of(name))
            self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with services.postgres() as url:
        yield PostgresServer(url)


@pytest.fixture
def postgres(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """The session's server; the databases a test makes are dropped after it."""
    yield postgres_server
    postgres_server.drop_databases()


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


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.DaskCluster]:
    """A scheduler and two single-threaded workers shared by the tests that do not kill workers."""
    with services.DaskCluster(2, log=tmp_path_factory.mktemp("dask") / "dask.log") as cluster:
        yield cluster
