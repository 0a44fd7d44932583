"""The page's connections on PostgreSQL only read (issue 17): read-only transactions, and with
``DASHBOARD_DB_READ`` a role that may only read (or a read replica); writes go to ``DASHBOARD_DB``."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import corrections, ingest, postgis, settings, store
from dashboard.errors import StoreError

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
INSERT = ("INSERT INTO reports (sha256, text, ingested_at, warnings) VALUES ('x', 'x', 'now', '[]')")


def test_a_read_only_postgres_connection_cannot_write(postgres) -> None:
    db = postgres.new_database()
    conn = store.connect(db, readonly=True)  # a new database: made through a writing connection first
    try:
        assert store.counts(conn)["reports"] == 0
        with pytest.raises(sqlite3.OperationalError, match="read-only transaction"):
            conn.execute(INSERT)
        with pytest.raises(StoreError, match="read-only transaction"):
            store.save_report(conn, ingest.extract(SEED.read_text(encoding="utf-8")), "text")
    finally:
        conn.close()
    conn = store.connect(db)  # the same database, written through the primary's pool
    try:
        conn.execute(INSERT)
        assert store.counts(conn)["reports"] == 1
    finally:
        conn.close()


def test_reads_go_to_the_reader_role_and_writes_to_the_primary(postgres, monkeypatch) -> None:
    db = postgres.new_database()
    reader = postgis.create_reader(db)
    assert postgis.create_reader(db) == reader and reader.startswith("postgresql://dashboard_reader@")
    monkeypatch.setenv("DASHBOARD_DB", db)
    monkeypatch.setenv("DASHBOARD_DB_READ", reader)
    assert settings.read_url(db) == reader and settings.read_url(postgres.url) == postgres.url
    conn = store.connect(db, readonly=True)
    try:
        assert conn.execute("SELECT current_user").fetchone()[0] == "dashboard_reader"
        with pytest.raises(sqlite3.OperationalError, match="read-only|permission denied"):
            conn.execute(INSERT)
    finally:
        conn.close()
    # the page: seeds written through the primary, read as the reader, a correction table made later
    # (a table the store makes after the grant) readable too
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    conn = store.connect(db)
    try:
        (report,) = store.reports(conn)
        corrections.record(conn, report["sha256"], "report", "", "delete", None, "Ana")
    finally:
        conn.close()
    conn = store.connect(db, readonly=True)
    try:
        assert conn.execute("SELECT current_user").fetchone()[0] == "dashboard_reader"
        assert corrections.count(conn) == 1 and store.counts(conn)["reports"] == 1
    finally:
        conn.close()


def test_a_read_setting_that_is_not_postgres_is_one_line(postgres, monkeypatch) -> None:
    db = postgres.new_database()
    monkeypatch.setenv("DASHBOARD_DB", db)
    monkeypatch.setenv("DASHBOARD_DB_READ", "/tmp/some.sqlite")
    with pytest.raises(StoreError, match="DASHBOARD_DB_READ must be a postgresql:// URL"):
        store.connect(db, readonly=True)
