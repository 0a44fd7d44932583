"""Shared fixtures: the two store backends (a SQLite file; a throwaway PostgreSQL + PostGIS cluster
on 127.0.0.1) and a Dask scheduler with two single-threaded workers, all started by the tests."""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import services

BACKENDS = ("sqlite",)  # "postgis" joins with its backend
TEMPLATE = "dashboard_template"
_numbers = itertools.count()


class PostgresServer:
    """One cluster per test session; each test gets a fresh database copied from a template that
    already has PostGIS (CREATE EXTENSION takes ~1 s; a copy ~0.1 s)."""

    def __init__(self, url: str) -> None:
        self.url = url
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
        return self.url_of(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with services.postgres() as url:
        yield PostgresServer(url)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend, as the ``--db`` / ``DASHBOARD_DB`` setting names it."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite")
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.DaskCluster]:
    """A scheduler and two single-threaded workers shared by the tests that do not kill workers."""
    with services.DaskCluster(2, log=tmp_path_factory.mktemp("dask") / "dask.log") as cluster:
        yield cluster
