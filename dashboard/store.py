"""The database: schema derived from the result dataclasses, idempotent saves, queries.

One row per article in ``reports`` (keyed by the SHA-256 of its text, so re-ingesting the
same text is a no-op) and one child table per list of :class:`~dashboard.model.Report`, with
one column per dataclass field.

Two engines behind this one interface, chosen by :func:`settings.database`: a SQLite file (WAL lets
the page read while a batch writes; a busy timeout plus retries with backoff let two writers share
the file, issue 7), or PostgreSQL + PostGIS for a team sharing one corpus (:mod:`dashboard.postgis`:
pooled connections that run this module's SQL; places get a ``geometry(Point, 4326)`` column with a
GiST index). The SQL is written once, in SQLite's spelling.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from dashboard import copies, province_names
from dashboard import rollups
from dashboard import settings
from dashboard.keys import key
from dashboard.errors import StoreError
from dashboard.model import Claim, Consistency, DateRef, Figure, Place, Quote, Report, ReportMeta

SCHEMA_VERSION = 6
# ``PRAGMA application_id`` of this project's SQLite files ("TCdb"): a file with another id, or
# with tables of its own and none, is someone else's and is refused untouched (issue 19).
APPLICATION_ID = int.from_bytes(b"TCdb", "big")
BUSY_TIMEOUT_MS = 30_000
_RETRIES = 8

# Child table name -> row dataclass; the table name is also the Report attribute holding the rows.
CHILD_TABLES: dict[str, type] = {
    "places": Place,
    "figures": Figure,
    "dates": DateRef,
    "claims": Claim,
    "quotes": Quote,
    "consistency": Consistency,
}
# Keys written beside the text they fold (dashboard/keys.py), so SQL can group and join on them:
# table -> key column -> the field it is the key of.
KEY_COLUMNS: dict[str, dict[str, str]] = {
    "places": {"mention_key": "mention", "name_key": "name", "sentence_key": "sentence"},
    "claims": {"place_key": "place", "actor_key": "actor", "sentence_key": "sentence"},
}
# claims.place_seq: the place row of its article a claim is about (its ``seq``), as control over time
# and exports join them (claim_place_seqs); NULL when the article has no place of that name.
_REPORT_COLUMNS = ("id", "title", "published", "sha256", "source", "ingested_at", "outlet", "url")

T = TypeVar("T")


@dataclass(frozen=True)
class SaveResult:
    report_id: int
    created: bool


def _q(name: str) -> str:
    """Quote an identifier: fields such as ``end`` and ``when`` are SQL keywords."""
    return '"' + name.replace('"', '""') + '"'


def _sql_type(annotation: Any) -> str:
    """SQLite column type of a dataclass field (annotations are strings under PEP 563)."""
    text = str(annotation)
    if text.startswith(("tuple", "list", "dict")):
        return "TEXT"
    if "float" in text:
        return "REAL"
    if "int" in text or "bool" in text:
        return "INTEGER"
    return "TEXT"


def _to_sql(value: Any) -> Any:
    """Containers (a field a later model may add, e.g. a tuple of names) are stored as JSON text,
    flags as 0/1 (SQLite has no boolean; the PostgreSQL column is an integer too)."""
    if isinstance(value, bool):
        return int(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, tuple, dict)) else value


def _from_sql(cls: type) -> dict[str, Callable[[Any], Any]]:
    """Per field that SQLite cannot hold as is, how to turn the stored value back."""
    out: dict[str, Callable[[Any], Any]] = {}
    for f in fields(cls):
        kind = str(f.type)
        if kind.startswith("bool"):
            out[f.name] = bool
        elif kind.startswith("tuple"):
            out[f.name] = lambda v: tuple(json.loads(v))
        elif kind.startswith(("list", "dict")):
            out[f.name] = json.loads
    return out


def _child_ddl(table: str, cls: type) -> list[str]:
    cols = ", ".join(f"{_q(f.name)} {_sql_type(f.type)}" for f in fields(cls))
    return [
        f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, "
        f"report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, seq INTEGER NOT NULL, {cols})",
        f"CREATE INDEX IF NOT EXISTS {table}_report_id ON {table}(report_id, seq)",
        *([f"CREATE INDEX IF NOT EXISTS {table}_admin1 ON {table}(admin1)"]
          if "admin1" in {f.name for f in fields(cls)} else []),
    ]


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, title "
        "TEXT, "
        "published TEXT, source TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL, warnings TEXT NOT NULL)"
    )
    for table, cls in CHILD_TABLES.items():
        for stmt in _child_ddl(table, cls):
            conn.execute(stmt)
    if is_postgres(conn):
        # A place's point as PostGIS geometry, kept by the database from lat/lon (no second write
        # path), with a GiST index for spatial queries (ST_Within a province, ST_DWithin a town...).
        conn.execute("ALTER TABLE places ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) GENERATED "
                     "ALWAYS AS (CASE WHEN lat IS NOT NULL AND lon IS NOT NULL "
                     "THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED")
        conn.execute("CREATE INDEX IF NOT EXISTS places_geom ON places USING GIST (geom)")
        # a figure's country is a place of the same report and province (province_counts, filters):
        # without this, PostgreSQL ANDs the report and admin-1 indexes, 20 s at 3,000 reports
        conn.execute("CREATE INDEX IF NOT EXISTS places_report_admin1 ON places (report_id, admin1)")


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    """Who published each article and where (the sidecar's ``outlet`` and ``url``): events count
    sources by outlet (issue #16). Idempotent: a column already there is kept."""
    have = table_columns(conn, "reports")
    for column in ("outlet", "url"):
        if column not in have:
            conn.execute(f"ALTER TABLE reports ADD COLUMN {column} TEXT")


def claim_place_seqs(places: Sequence[Any], claims: Sequence[Any]) -> list[int | None]:
    """Per claim, the position in ``places`` (one article's, in order) of the place it names: the first
    resolved place whose mention or resolved name folds to the claim's place, else the first unresolved
    one (what :func:`dashboard.events.place_index` picks); None when none is named so. Rows are
    dataclasses or dicts."""
    def get(row: Any, name: str) -> Any:
        return row.get(name) if isinstance(row, dict) else getattr(row, name)

    index: dict[str, int] = {}
    for seq, place in sorted(enumerate(places), key=lambda item: get(item[1], "lat") is None):
        for name in (get(place, "mention"), get(place, "name")):
            if name:
                index.setdefault(key(name), seq)
    return [index.get(key(get(claim, "place"))) if get(claim, "place") else None for claim in claims]


def _fill_place_seqs(conn: sqlite3.Connection) -> None:
    """claims.place_seq of the stored claims (a migration: computed in Python, article by article)."""
    claims = conn.execute("SELECT id, report_id, place FROM claims ORDER BY report_id, seq").fetchall()
    places: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute("SELECT report_id, mention, name, lat FROM places ORDER BY report_id, seq"):
        places.setdefault(int(row[0]), []).append({"mention": row[1], "name": row[2], "lat": row[3]})
    by_report: dict[int, list[Any]] = {}
    for row in claims:
        by_report.setdefault(int(row[1]), []).append(row)
    updates = []
    for report_id, rows in by_report.items():
        seqs = claim_place_seqs(places.get(report_id, []), [{"place": r[2]} for r in rows])
        updates += [(seq, r[0]) for seq, r in zip(seqs, rows) if seq is not None]
    if updates:
        conn.executemany("UPDATE claims SET place_seq = ? WHERE id = ?", updates)


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    """Folded keys of names and sentences (:data:`KEY_COLUMNS`) and each claim's place
    (``claims.place_seq``), computed for the stored rows, and the index that finds the claims about a
    place: the page's map and control over time are read as aggregates in SQL (issue 17). Idempotent."""
    for table, keys in KEY_COLUMNS.items():
        have = table_columns(conn, table)
        for column in keys:
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        sources = ", ".join(_q(field) for field in keys.values())
        rows = conn.execute(f"SELECT id, {sources} FROM {table} WHERE {next(iter(keys))} IS NULL").fetchall()
        if rows:
            sets = ", ".join(f"{column} = ?" for column in keys)
            conn.executemany(f"UPDATE {table} SET {sets} WHERE id = ?",
                             [(*(key(v) for v in row[1:]), row[0]) for row in rows])
    if "place_seq" not in table_columns(conn, "claims"):
        conn.execute("ALTER TABLE claims ADD COLUMN place_seq INTEGER")
        _fill_place_seqs(conn)
    conn.execute("CREATE INDEX IF NOT EXISTS claims_place_key ON claims(place_key)")


def _migrate_to_4(conn: sqlite3.Connection) -> None:
    """The per-place aggregates the page reads (:mod:`dashboard.rollups`), made from the stored rows;
    each save and deletion keeps them up to date from here on (issue 17)."""
    rollups.rebuild(conn)


_SIGNATURES_DDL = "CREATE TABLE IF NOT EXISTS signatures (text_key TEXT PRIMARY KEY, minhash TEXT NOT NULL)"


def _fill_signatures(conn: sqlite3.Connection) -> None:
    """The text key and signature (:mod:`dashboard.copies`) of every stored article without one, read a
    chunk at a time (each distinct text signed once)."""
    known: dict[str, str] = {}  # SHA-256 of a text -> its key
    last = 0
    while True:
        rows = conn.execute("SELECT id, text FROM reports WHERE text_key IS NULL AND id > ? ORDER BY id "
                            "LIMIT 500", (last,)).fetchall()
        if not rows:
            return
        keys, signed = [], []
        for report_id, text in rows:
            raw = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if raw not in known:
                known[raw], minhash = copies.stored(text)
                signed.append((known[raw], minhash))
            keys.append((known[raw], report_id))
        _store_signatures(conn, signed)
        conn.executemany("UPDATE reports SET text_key = ? WHERE id = ?", keys)
        last = int(rows[-1][0])


def _store_signatures(conn: sqlite3.Connection, signed: Sequence[tuple[str, str]]) -> None:
    if signed:
        conn.executemany("INSERT INTO signatures (text_key, minhash) VALUES (?, ?) "
                         "ON CONFLICT (text_key) DO NOTHING", signed)


def _migrate_to_5(conn: sqlite3.Connection) -> None:
    """Each article's MinHash signature, kept by the key of its masked text, so control over time finds
    syndicated copies without reading every text (issue 17). Idempotent."""
    if "text_key" not in table_columns(conn, "reports"):
        conn.execute("ALTER TABLE reports ADD COLUMN text_key TEXT")
    conn.execute(_SIGNATURES_DDL)
    _fill_signatures(conn)


def _migrate_to_6(conn: sqlite3.Connection) -> None:
    """Per article and province, what the page's caption and tables count (``roll_units``), so they
    are sums over articles, not counts of every row (issue 17). A database made since schema 4 by
    the rebuild has it already."""
    if not has_table(conn, "roll_units"):
        rollups.make_units(conn)


# _MIGRATIONS[i] takes a database at schema version i to i + 1. Append, never edit.
_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1, _migrate_to_2, _migrate_to_3,
                                                                 _migrate_to_4, _migrate_to_5, _migrate_to_6)
assert len(_MIGRATIONS) == SCHEMA_VERSION


def is_postgres(conn: object) -> bool:
    """True on a PostgreSQL + PostGIS connection (:class:`dashboard.postgis.Connection`, imported only
    when used: psycopg takes 0.3 s to import), False on a SQLite one."""
    return not isinstance(conn, sqlite3.Connection)


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """Column names of ``table`` (empty when there is no such table)."""
    if is_postgres(conn):
        sql = ("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
               "AND table_name = ?")
        return {row[0] for row in conn.execute(sql, (table,))}
    return {row[1] for row in conn.execute(f"PRAGMA table_info({_q(table)})")}


def has_table(conn: sqlite3.Connection, table: str) -> bool:
    return bool(table_columns(conn, table))


def _schema_version(conn: sqlite3.Connection) -> int:
    if not is_postgres(conn):
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    if not has_table(conn, "schema_version"):
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def _set_schema_version(conn: sqlite3.Connection, version: int) -> None:
    if not is_postgres(conn):
        conn.execute(f"PRAGMA user_version = {int(version)}")
        return
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    conn.execute("DELETE FROM schema_version")
    conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))


def _missing_columns(conn: sqlite3.Connection) -> list[tuple[str, Any]]:
    """(table, field) of dataclass fields the database has no column for (yet)."""
    out = []
    for table, cls in CHILD_TABLES.items():
        have = table_columns(conn, table)
        out += [(table, f) for f in fields(cls) if f.name not in have]
    return out


def _add_new_field_columns(conn: sqlite3.Connection) -> None:
    """Fields added to a dataclass after a database was made become NULL-able columns."""
    for table, f in _missing_columns(conn):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {_q(f.name)} {_sql_type(f.type)}")
    for table, cls in CHILD_TABLES.items():
        for stmt in _child_ddl(table, cls)[1:]:
            conn.execute(stmt)


def _needs_upgrade(conn: sqlite3.Connection) -> bool:
    """Read-only check, so opening an up-to-date database never waits for a writer's lock."""
    return _schema_version(conn) != SCHEMA_VERSION or bool(_missing_columns(conn))


def _is_busy(exc: sqlite3.Error) -> bool:
    """Another writer holds the lock (SQLite), or PostgreSQL broke a deadlock between two writers'
    aggregate upserts by failing this transaction: either way it can run again."""
    words = ("locked", "busy", "deadlock")
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc) for w in words)


def _retrying(action: Callable[[], T]) -> T:
    """Run ``action``, retrying with exponential backoff while another writer holds the lock."""
    for attempt in range(_RETRIES):
        try:
            return action()
        except sqlite3.Error as exc:
            if not _is_busy(exc) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _transaction(conn: sqlite3.Connection, body: Callable[[sqlite3.Connection], T]) -> T:
    """``body`` inside BEGIN IMMEDIATE ... COMMIT (rolled back on any error), retried when busy.

    IMMEDIATE takes the write lock up front, so the busy handler applies; a deferred
    transaction upgrading from read to write could fail at once in WAL mode.
    """

    def attempt() -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = body(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    return _retrying(attempt)


def _upgrade(conn: sqlite3.Connection) -> None:
    if is_postgres(conn):
        # one process migrates at a time (several app replicas may start together); the lock ends
        # with the transaction
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    version = _schema_version(conn)
    if version > SCHEMA_VERSION:
        msg = f"database schema version {version} is newer than this program's ({SCHEMA_VERSION})"
        raise StoreError(msg)
    for step in _MIGRATIONS[version:]:
        step(conn)
    _add_new_field_columns(conn)
    _set_schema_version(conn, SCHEMA_VERSION)


def connect(path: str | Path | None = None, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) the database named by ``path`` (``--db``), default ``$DASHBOARD_DB`` or
    ``var/dashboard.sqlite``; :func:`settings.database` says which engine it names.

    A SQLite file is first checked, read-only, to be this project's (refused untouched otherwise).
    ``readonly``: only reads will follow (``stats``, ``export``, the page), so a database in a
    read-only folder can be read; a new or outdated one is still made or upgraded when allowed.
    Without it, a file that cannot be written is refused here, before any article is read."""
    setting = settings.database(path)
    if setting.kind == "postgresql":
        return _connect_postgres(setting.where, readonly)
    db = Path(setting.where)
    if str(db) != ":memory:" and db.is_file() and db.stat().st_size > 0:
        probe = _open_readonly(db)
        try:
            ours = _is_ours(probe, db)
            if readonly and not _needs_upgrade(probe):
                return probe
        except BaseException:
            probe.close()
            raise
        probe.close()
        _check_writable(db)
    else:
        ours = False
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE), never implicit.
        conn = sqlite3.connect(db, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        msg = f"cannot open database {db}: {exc}"
        raise StoreError(msg) from None
    with _closed_on_failure(conn, str(db)):
        conn.row_factory = sqlite3.Row
        conn.create_function("md5", 1, _md5, deterministic=True)  # as PostgreSQL's (dashboard.rollups)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = _retrying(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal" and str(db) != ":memory:":
            msg = f"database {db} cannot use WAL journaling (got {mode})"
            raise StoreError(msg)
        conn.execute("PRAGMA synchronous = NORMAL")  # durable in WAL mode up to the last checkpoint
        if _needs_upgrade(conn):
            _transaction(conn, _upgrade)
        if not ours:  # new, or made before databases were marked
            _transaction(conn, lambda c: c.execute(f"PRAGMA application_id = {APPLICATION_ID}"))
    return conn


def _md5(text: str | None) -> str | None:
    return None if text is None else hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 (a key)


@contextmanager
def _closed_on_failure(conn: sqlite3.Connection, name: str) -> Iterator[None]:
    """Setting up a connection: on failure it is closed, and a database error becomes one line."""
    try:
        yield
    except sqlite3.Error as exc:
        conn.close()
        msg = f"cannot use database {name}: {exc}"
        raise StoreError(msg) from None
    except BaseException:
        conn.close()
        raise


def _open_readonly(db: Path) -> sqlite3.Connection:
    """A connection that cannot change the file. ``mode=ro`` needs the WAL index beside the file;
    in a folder where it cannot be made, ``immutable=1`` reads the file as it is."""
    last: sqlite3.Error | None = None
    for flags in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{db.resolve().as_uri()}?{flags}", uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            last = exc
            conn.close()
    msg = f"cannot open database {db}: {last}"
    raise StoreError(msg)


def _is_ours(conn: sqlite3.Connection, db: Path) -> bool:
    """True for this project's mark; False for a file without a mark that is empty or holds this
    project's tables (made before the mark); a StoreError for anyone else's, read and left as it is."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return True
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%'")}
    if app_id == 0 and (not tables or "reports" in tables and 0 < _schema_version(conn) <= SCHEMA_VERSION):
        return False
    what = f"application_id {app_id:#x}" if app_id else f"tables {', '.join(sorted(tables)[:3])}"
    msg = (f"{db} is another program's SQLite database ({what}), not this dashboard's: refused, "
           "left unchanged (give another --db or DASHBOARD_DB)")
    raise StoreError(msg)


def _check_writable(db: Path) -> None:
    """Refuse a database this process cannot write before a batch reads anything (SQLite itself says
    so only at the first write, after the extraction)."""
    wal = db.with_name(db.name + "-wal")
    for target, what in ((db, "file"), (db.parent if not wal.exists() else wal, "folder")):
        if not os.access(target, os.W_OK):
            msg = f"database {db} cannot be written (its {what} is read-only): nothing was read or stored"
            raise StoreError(msg)


_MIGRATION_LOCK = 7_117_117  # pg_advisory_xact_lock key of schema changes
_ready: set[str] = set()  # PostgreSQL databases this process has seen at the current schema


def _connect_postgres(url: str, readonly: bool = False) -> sqlite3.Connection:
    """A pooled connection; the schema is checked (and migrated, under a lock) once per process,
    through ``url`` (the primary). ``readonly``: from a pool whose transactions are read-only (the
    server refuses any write), on ``DASHBOARD_DB_READ`` when set (:func:`settings.read_url`)."""
    from dashboard import postgis

    conn = postgis.connect(url)
    if url not in _ready:
        with _closed_on_failure(conn, postgis.redacted(url)):  # type: ignore[arg-type]
            if _needs_upgrade(conn):
                _transaction(conn, _upgrade)
        _ready.add(url)
    if not readonly:
        return conn  # type: ignore[return-value]
    conn.close()
    return postgis.connect(settings.read_url(url), readonly=True)  # type: ignore[return-value]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _insert_children(conn: sqlite3.Connection, saved: Sequence[tuple[int, Report]]) -> None:
    """Every child row of the reports just saved, one statement per table for all of them (on
    PostgreSQL one round trip per table and chunk, not per table and article)."""
    for table, cls in CHILD_TABLES.items():
        names = [f.name for f in fields(cls)]
        keys = KEY_COLUMNS.get(table, {})
        extra = ["place_seq"] if table == "claims" else []
        rows = [(report_id, seq, *(_to_sql(getattr(row, n)) for n in names),
                 *(key(getattr(row, source)) for source in keys.values()),
                 *([place_seq] if extra else []))
                for report_id, report in saved
                for seq, (row, place_seq) in enumerate(zip(getattr(report, table),
                                                           _place_seqs(report, table)))]
        columns = ", ".join([*map(_q, names), *keys, *extra])
        marks = ", ".join("?" * (len(names) + len(keys) + len(extra)))
        if rows:
            conn.executemany(f"INSERT INTO {table} (report_id, seq, {columns}) VALUES (?, ?, {marks})", rows)


def _place_seqs(report: Report, table: str) -> list[int | None]:
    """claims.place_seq of a report's claims (None for the rows of other tables)."""
    rows = getattr(report, table)
    return claim_place_seqs(report.places, rows) if table == "claims" else [None] * len(rows)


def save_report(conn: sqlite3.Connection, report: Report, text: str, source: str | None = None) -> SaveResult:
    """Store one article and everything extracted from it in one transaction.

    Idempotent on ``report.report.sha256``: saving the same text again changes nothing.
    """
    return save_reports(conn, [(report, text, source)])[0]


def save_reports(conn: sqlite3.Connection,
                 items: Sequence[tuple[Report, str, str | None]]) -> list[SaveResult]:
    """Store several articles in one transaction (all or none): a batch's worker takes the write
    lock once per few articles instead of once per article. Idempotent like ``save_report``."""

    # signed before the write lock is taken (a few ms of CPU per article)
    signed = [copies.stored(text) for _, text, _ in items]

    def one(c: sqlite3.Connection, report: Report, text: str, source: str | None, text_key: str,
            created: list[tuple[int, Report]]) -> SaveResult:
        meta = report.report
        # ON CONFLICT DO NOTHING: a concurrent writer of the same article (two app replicas seeding,
        # two batches) makes this one wait for its commit and then do nothing, on both engines
        rows = c.execute(
            "INSERT INTO reports (sha256, title, published, source, text, ingested_at, warnings, outlet, "
            "url, text_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING id",
            (meta.sha256, meta.title, meta.published, source, text, _now(),
             json.dumps(list(report.warnings), ensure_ascii=False), meta.outlet, meta.url, text_key),
        ).fetchall()
        if not rows:
            known = c.execute("SELECT id FROM reports WHERE sha256 = ?", (meta.sha256,)).fetchone()
            return SaveResult(report_id=known[0], created=False)
        report_id = int(rows[0][0])
        created.append((report_id, report))
        return SaveResult(report_id=report_id, created=True)

    def body(c: sqlite3.Connection) -> list[SaveResult]:
        created: list[tuple[int, Report]] = []
        results = [one(c, *item, key_of, created) for item, (key_of, _) in zip(items, signed)]
        _store_signatures(c, [pair for pair, result in zip(signed, results) if result.created])
        _insert_children(c, created)
        rollups.added(c, [report_id for report_id, _ in created])
        return results

    try:
        return _transaction(conn, body)
    except sqlite3.Error as exc:
        msg = f"cannot save the article: {exc}"
        raise StoreError(msg) from None


def delete_report(conn: sqlite3.Connection, report_id: int) -> None:
    """Remove one article and every row extracted from it (a paste the user discards at once), and its
    share of the aggregates, in one transaction."""

    def body(c: sqlite3.Connection) -> None:
        touched = rollups.deleting(c, report_id)
        c.execute("DELETE FROM reports WHERE id = ?", (report_id,))
        rollups.deleted(c, touched)

    try:
        _transaction(conn, body)
    except sqlite3.Error as exc:
        msg = f"cannot delete the article: {exc}"
        raise StoreError(msg) from None


def rebuild_aggregates(conn: sqlite3.Connection) -> None:
    """Make the per-place aggregates again from every row (:mod:`dashboard.rollups`), and sign the
    articles without a signature, in one transaction: for rows written by SQL around the store (a
    corpus cloned by ``bench``)."""

    def body(c: sqlite3.Connection) -> None:
        rollups.rebuild(c)
        _fill_signatures(c)

    _transaction(conn, body)


def _read(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    try:
        return _retrying(lambda: conn.execute(sql, params).fetchall())
    except sqlite3.Error as exc:
        msg = f"cannot read the database: {exc}"
        raise StoreError(msg) from None


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts of reports and of every child table."""
    tables = ("reports", *CHILD_TABLES)
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in tables)
    return {name: int(n) for name, n in _read(conn, sql)}


def version(conn: sqlite3.Connection) -> dict[str, int]:
    """What changes whenever an article is stored or deleted, read from indexes only: the number of
    articles and the last id of every table (a count of every row took 0.6 s per page run at 100,000
    reports on PostGIS). Child rows are written and deleted only with their article."""
    tables = ("reports", *CHILD_TABLES)
    sql = " UNION ALL ".join(f"SELECT '{t}', (SELECT MAX(id) FROM {t})" for t in tables)
    last = {f"{name}_last": int(n or 0) for name, n in _read(conn, sql)}
    return {"reports": int(_read(conn, "SELECT COUNT(*) FROM reports")[0][0]), **last}


def reports(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Stored articles, newest publication first (undated last, then latest ingested first)."""
    return [_as_dict(row) for row in _read(conn, _reports_sql())]


def _reports_sql(where: str = "") -> str:
    cols = ", ".join(f"r.{c}" for c in _REPORT_COLUMNS)
    return (f"SELECT {cols}, "
            "(SELECT COUNT(*) FROM places p WHERE p.report_id = r.id) AS n_places, "
            "(SELECT COUNT(*) FROM claims c WHERE c.report_id = r.id) AS n_claims "
            f"FROM reports r {where} ORDER BY r.published IS NULL, r.published DESC, r.id DESC")


def _report_row(conn: sqlite3.Connection, report_id: int, columns: str) -> sqlite3.Row:
    rows = _read(conn, f"SELECT {columns} FROM reports WHERE id = ?", (report_id,))
    if not rows:
        msg = f"no stored report with id {report_id}"
        raise StoreError(msg)
    return rows[0]


def report_row(conn: sqlite3.Connection, report_id: int) -> dict[str, Any] | None:
    """One article as :func:`reports` lists it (None when there is no such id)."""
    rows = _read(conn, _reports_sql("WHERE r.id = ?"), (report_id,))
    return _as_dict(rows[0]) if rows else None


def rows_of_report(conn: sqlite3.Connection, table: str, report_id: int) -> list[dict[str, Any]]:
    """The rows of one child table of one article, as :func:`places` or :func:`claims` give them."""
    return rows_of_reports(conn, table, [report_id])


def rows_of_reports(conn: sqlite3.Connection, table: str, report_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of one child table of these articles, in (report, position) order."""
    ids = sorted(set(report_ids))
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[i:i + 500]
        out += _child_rows(conn, table, f"WHERE t.report_id IN ({', '.join('?' * len(chunk))})", chunk)
    return out


def reports_of_hashes(conn: sqlite3.Connection, sha256s: Sequence[str]) -> list[dict[str, Any]]:
    """The stored articles with these content hashes, as :func:`reports` lists them."""
    wanted = sorted(set(sha256s))
    out: list[dict[str, Any]] = []
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        sql = _reports_sql(f"WHERE r.sha256 IN ({', '.join('?' * len(chunk))})")
        out += [_as_dict(row) for row in _read(conn, sql, chunk)]
    return out


def report_text(conn: sqlite3.Connection, report_id: int) -> str:
    """The article's text exactly as read (the offsets of its rows slice it)."""
    return _report_row(conn, report_id, "text")[0]


def _read_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> list[sqlite3.Row]:
    """``sql`` (ending in ``IN``) read for the given values, 500 at a time (SQLite's parameter limit)."""
    out: list[sqlite3.Row] = []
    for i in range(0, len(values), 500):
        chunk = list(values[i:i + 500])
        out += _read(conn, f"{sql} ({', '.join('?' * len(chunk))})", chunk)
    return out


def report_texts(conn: sqlite3.Connection, report_ids: Sequence[int]) -> dict[int, str]:
    """Texts of the given articles by id (near-duplicate detection reads only those it needs)."""
    same: dict[str, str] = {}  # identical texts held once (syndicated copies, a cloned corpus)
    return {int(rid): same.setdefault(text, text)
            for rid, text in _read_in(conn, "SELECT id, text FROM reports WHERE id IN", list(report_ids))}


def near_copies(conn: sqlite3.Connection, report_ids: Sequence[int]) -> dict[int, int]:
    """:func:`dashboard.copies.near_copies_of` the given articles, from the signatures kept at save
    (no text is read, but for an article stored without one)."""
    ids = sorted(set(report_ids))
    sql = "SELECT id, text_key FROM reports"
    # many: one read of every key (200 lists of 500 ids took 5 s at 100,000 reports)
    rows = _read(conn, sql) if len(ids) > 2_000 else _read_in(conn, f"{sql} WHERE id IN", ids)
    wanted = set(ids)
    keys = {int(rid): key_of for rid, key_of in rows if rid in wanted}
    signed = dict(_read_in(conn, "SELECT text_key, minhash FROM signatures WHERE text_key IN",
                           sorted({k for k in keys.values() if k is not None})))
    current = f"{copies.scheme()}:"  # a signature of another MinHash scheme is made again
    unsigned = [rid for rid, key_of in keys.items() if not signed.get(key_of, "").startswith(current)]
    for rid, text in report_texts(conn, unsigned).items():
        keys[rid], signed_now = copies.stored(text)
        signed[keys[rid]] = signed_now
    return copies.near_copies_of(keys, signed)


def find_report(conn: sqlite3.Connection, sha256: str) -> dict[str, Any] | None:
    """The stored article with this content hash: id, title, and its row count per child table."""
    per_table = ", ".join(f"(SELECT COUNT(*) FROM {t} WHERE report_id = r.id) AS {t}" for t in CHILD_TABLES)
    rows = _read(conn, f"SELECT r.id, r.title, {per_table} FROM reports r WHERE r.sha256 = ?", (sha256,))
    return dict(rows[0]) if rows else None


def _as_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A row as a dict on either engine (``dict(row)`` of a PostgreSQL row would look up every
    column by name in Python: 2x slower on 100,000 rows)."""
    return dict(zip(row.keys(), row))


def _row_dict(convert: dict[str, Callable[[Any], Any]], row: sqlite3.Row) -> dict[str, Any]:
    out = _as_dict(row)
    for name, to_python in convert.items():
        if out.get(name) is not None:
            out[name] = to_python(out[name])
    return out


def _child_rows(conn: sqlite3.Connection, table: str, where: str = "", params: Sequence[Any] = (),
                newest: int | None = None, skip: int = 0) -> list[dict[str, Any]]:
    """Rows of one child table as dicts: every dataclass field + report_id, title, published; in
    (report, position) order; with ``newest``, only that many of the last ones after the ``skip`` last
    (a LIMIT and OFFSET in SQL: one page of a table)."""
    cls = CHILD_TABLES[table]
    cols = ", ".join(f"t.{_q(f.name)}" for f in fields(cls))
    order = ("ORDER BY t.report_id, t.seq" if newest is None
             else "ORDER BY t.report_id DESC, t.seq DESC LIMIT ? OFFSET ?")
    sql = (f"SELECT {cols}, t.report_id, r.title, r.published FROM {table} t "
           f"JOIN reports r ON r.id = t.report_id {where} {order}")
    convert = _from_sql(cls)
    rows = _read(conn, sql, (*params, newest, skip) if newest is not None else params)
    out = [_row_dict(convert, row) for row in rows]
    return out if newest is None else out[::-1]


def _in_provinces(alias: str, provinces: Sequence[str], country_test: str) -> tuple[str, tuple[str, ...]]:
    """SQL true when row ``alias`` lies in one of ``provinces`` (labels, see :mod:`dashboard.province_names`):
    a bare name matches on the name, ``"Name (ISO3)"`` on name and country (``country_test``, one ``?``)."""
    units = [province_names.parse(label) for label in provinces]
    bare = [name for iso3, name in units if iso3 is None]
    parts = [f"{alias}.admin1 IN ({', '.join('?' * len(bare))})"] if bare else []
    params: list[str] = list(bare)
    for iso3, name in units:
        if iso3 is not None:
            parts.append(f"({alias}.admin1 = ? AND {country_test})")
            params += [name, iso3]
    return "(" + " OR ".join(parts) + ")", tuple(params)


# Figures carry no country: theirs is that of a place of the same report in the same province.
# (INDEXED BY: as in _place_filter, 44 s instead of 0.06 s at 10,000 reports.)
_FIGURE_COUNTRY = ("EXISTS (SELECT 1 FROM places q INDEXED BY places_report_id WHERE q.report_id = "
                   "t.report_id "
                   "AND q.admin1 = t.admin1 AND q.country_iso3 = ?)")


def _admin1_filter(provinces: Sequence[str], country_test: str = "t.country_iso3 = ?"
                   ) -> tuple[str, tuple[str, ...]]:
    if not provinces:
        return "", ()
    sql, params = _in_provinces("t", provinces, country_test)
    return f"WHERE {sql}", params


def places(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Place mentions, resolved and unresolved; only those in ``provinces`` (labels) when given."""
    return _child_rows(conn, "places", *_admin1_filter(provinces))


def figures(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> list[dict[str, Any]]:
    return _child_rows(conn, "figures", *_admin1_filter(provinces, _FIGURE_COUNTRY))


def claims(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> list[dict[str, Any]]:
    return _child_rows(conn, "claims", *_admin1_filter(provinces))


def _and(where: str, condition: str) -> str:
    return f"{where} AND {condition}" if where else f"WHERE {condition}"


# What the page's tables show, in SQL: figures that count (figures.SHOWN_KINDS), places to check
# (below corrections.LOW_CONFIDENCE, uncorrected). Checked against those modules by the tests.
SHOWN_FIGURES = rollups.SHOWN_FIGURES
LOW_CONFIDENCE_PLACES = rollups.TO_CHECK
_TABLE_FILTERS = {"figures": SHOWN_FIGURES, "places": LOW_CONFIDENCE_PLACES, "claims": ""}


def _table_where(table: str, provinces: Sequence[str], shown: bool) -> tuple[str, tuple[str, ...]]:
    """The province filter of ``table`` (as :func:`places`, :func:`figures`, :func:`claims` apply it),
    and with ``shown`` the rows the page's table of it lists."""
    where, params = _admin1_filter(provinces, _FIGURE_COUNTRY if table == "figures" else "t.country_iso3 = ?")
    extra = _TABLE_FILTERS[table] if shown else ""
    return (_and(where, extra) if extra else where), params


def recent_rows(conn: sqlite3.Connection, table: str, provinces: Sequence[str] = (), limit: int | None = 1000,
                offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """A page of a table of the page without reading every row: the ``limit`` rows that the table
    lists after its ``offset`` most recent (articles: highest report id first), in (report, position)
    order, and how many it lists in all; every row when ``limit`` is None.
    ``table``: "figures" (those that count), "claims", or "places" (those to check)."""
    where, params = _table_where(table, provinces, shown=True)
    total = _unit_counts(conn, provinces)[_UNIT_COUNTS[table]]
    return _child_rows(conn, table, where, params, newest=limit, skip=offset), total


def claims_of_reports(conn: sqlite3.Connection, report_ids: Sequence[int], provinces: Sequence[str] = ()
                      ) -> list[dict[str, Any]]:
    """The claims of the given articles in the province filter (who said a figure of the same sentence)."""
    out: list[dict[str, Any]] = []
    ids = sorted(set(report_ids))
    where, params = _admin1_filter(provinces)
    for i in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[i:i + 500]
        out += _child_rows(conn, "claims", _and(where, f"t.report_id IN ({', '.join('?' * len(chunk))})"),
                           (*params, *chunk))
    return sorted(out, key=lambda r: r["report_id"])  # stable: (report, position) order


# what each table of the page counts, per article and province (rollups.roll_units)
_UNIT_COUNTS = {"places": "to_check", "claims": "claims", "figures": "figures"}


def _unit_counts(conn: sqlite3.Connection, provinces: Sequence[str]) -> dict[str, int]:
    """Summed from the counts each save keeps per article and province (:mod:`dashboard.rollups`; a
    count of every row took seconds at 100,000 reports): mentions, mentions to check, claims, figures
    that count, and articles with any of them, in the filter. A figure's province is matched by its
    name and the country of the first place of its article with that name."""
    where, params = _admin1_filter(provinces)
    sums = ", ".join(f"COALESCE(SUM(t.n_{name}), 0)" for name in ("places", "to_check", "claims", "figures"))
    row = _read(conn, f"SELECT {sums}, COUNT(DISTINCT t.report_id) FROM roll_units t {where}", params)[0]
    return dict(zip(("places", "to_check", "claims", "figures", "reports"), map(int, row)))


def _shown_report_ids(provinces: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """SQL of the ids of the articles with a place, claim or shown figure in the filter."""
    where, params = _admin1_filter(provinces)
    return f"SELECT t.report_id FROM roll_units t {where}", params


def filter_counts(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> dict[str, int]:
    """The page's caption: place mentions, claims and shown figures in the filter, and the articles they
    come from."""
    counts = _unit_counts(conn, provinces)
    return {name: counts[name] for name in ("places", "claims", "figures", "reports")}


def recent_reports(conn: sqlite3.Connection, provinces: Sequence[str] = (), limit: int | None = 1000,
                   offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The ``limit`` articles after the first ``offset`` in :func:`reports` order (all when ``limit`` is
    None), only those with a place, claim or shown figure in ``provinces`` when given, and how many
    there are."""
    where, params = "", ()
    if provinces:
        ids, params = _shown_report_ids(provinces)
        where = f"WHERE r.id IN ({ids})"
    total = int(_read(conn, f"SELECT COUNT(*) FROM reports r {where}", params)[0][0])
    page, bounds = ("", ()) if limit is None else (" LIMIT ? OFFSET ?", (limit, offset))
    return [_as_dict(row) for row in _read(conn, _reports_sql(where) + page, (*params, *bounds))], total


def unclassified_figures(conn: sqlite3.Connection) -> int:
    """Figures stored before they had a kind (issue 18): the page classifies those in Python."""
    return int(_read(conn, "SELECT COUNT(*) FROM figures WHERE kind IS NULL OR kind = ''")[0][0])


def _place_filter(match: str, provinces: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """Rows with no province of their own: kept when a place of the same report, matched by
    ``match`` (SQL on ``p``, the place, and ``t``, the row), lies in one of ``provinces``."""
    if not provinces:
        return "", ()
    inside, params = _in_provinces("p", provinces, "p.country_iso3 = ?")
    # INDEXED BY: left to itself SQLite scans the province's places (admin1 index) once per row,
    # 4.8 s instead of 3 ms at 10,000 reports (`make bench`, issue 8)
    return ("WHERE EXISTS (SELECT 1 FROM places p INDEXED BY places_report_id "
            f"WHERE p.report_id = t.report_id "
            f"AND {match} AND {inside})", params)


def dates(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Dates; with ``provinces``, only those whose sentence names a place in one of them."""
    return _child_rows(conn, "dates", *_place_filter("p.sentence = t.sentence", provinces))


def consistency(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Stated-geography findings; with ``provinces``, only about a place of that report in one of them."""
    return _child_rows(conn, "consistency", *_place_filter("p.mention = t.place", provinces))


def province_counts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Per admin-1 unit (country and name: several countries have an "Eastern" province): mentions,
    claims, figures and reports; most mentioned first. Read from the counts each save keeps
    (:mod:`dashboard.rollups`: 10 s at 100,000 reports when counted from the rows).

    Figures carry no country: theirs is that of a place of the same report in the same province.
    """
    sql = """
        SELECT admin1, NULLIF(country_iso3, '') AS country_iso3, n_places, n_claims, n_figures, n_reports
        FROM roll_provinces ORDER BY n_places + n_claims + n_figures DESC, admin1, country_iso3"""
    return [_as_dict(row) for row in _read(conn, sql)]


def load_report(conn: sqlite3.Connection, report_id: int) -> Report:
    """The stored :class:`Report` of one article, as it was saved."""
    head = _report_row(conn, report_id, "title, published, sha256, warnings, outlet, url")
    children = {}
    for table, cls in CHILD_TABLES.items():
        names = [f.name for f in fields(cls)]
        found = _child_rows(conn, table, "WHERE t.report_id = ?", (report_id,))
        children[table] = tuple(cls(**{n: row[n] for n in names}) for row in found)
    return Report(report=ReportMeta(title=head["title"], published=head["published"], sha256=head["sha256"],
                                    outlet=head["outlet"], url=head["url"]),
                  warnings=tuple(json.loads(head["warnings"])), **children)
