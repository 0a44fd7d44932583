"""Per-place aggregates the store keeps in tables, updated in each article's transaction (issue 17).

The page's map, its counts per province and its tooltips read these instead of every row: at
100,000 reports the rows are 3.5 million place mentions and a million claims, the aggregates a few
thousand features and names. Each table is keyed by what the page groups on and by the province
filter's columns (``admin1``, ``country_iso3``; NULL stored as ``''`` so the keys are unique on both
engines), so a filter is a ``WHERE`` on a small table:

- ``roll_provinces``: per province, mentions, claims, figures and articles (:func:`store.province_counts`);
- ``roll_units``: per article and province, what the page's caption and tables count (deleted with it);
- ``roll_features``: per map feature part (a marker's point, a province, a border) its rows, its
  distinct sentences, its first row to check; ``roll_feature_rows`` its oldest rows (in the
  tooltip's order), ``roll_feature_names`` the first row of each name it is mentioned by,
  ``roll_quoted`` the sentences of its rows an unquoted claim of a name states;
- ``roll_names``: per place name its claims and distinct claims; ``roll_name_claims`` its oldest.

Every count is a sum over articles (an article's distinct sentences are distinct from another's),
so saving an article adds its share (``INSERT ... ON CONFLICT DO UPDATE``); the oldest rows are the
new article's candidates merged and cut again. Deleting an article subtracts its province counts and
builds its features and names again from the rows left. :func:`rebuild` makes them all from the
rows, the same statements without a restriction (the schema migration, and databases cloned by SQL).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

from dashboard.vocabulary import CONTESTING, GIVING_UP, TAKING, Action

PER_FEATURE = 40  # place rows a feature part keeps (its oldest): a tooltip quotes 5 distinct lines
PER_NAME = 20  # claims kept per place name (their oldest)
CHECK_BELOW = 0.6  # corrections.LOW_CONFIDENCE, in SQL (checked by the tests)
# mapview.MARKER_KINDS, in SQL (checked by the tests)
MARKER_KINDS = ("town", "admin2", "crossing", "region", "river", "other")
# the claims control over time is made of: actions of control, not only expected
CONTROL_ACTIONS = tuple(a.value for a in Action
                        if a in TAKING | GIVING_UP | CONTESTING or a is Action.REPELLED)
ORD = 10_000_000  # report_id * ORD + seq orders rows by (report, position): seq < ORD
_CHUNK = 400  # ids per statement (SQLite's bound-parameter limit)

TABLES = ("roll_provinces", "roll_units", "roll_features", "roll_feature_rows", "roll_feature_names",
          "roll_quoted", "roll_names", "roll_name_claims", "roll_statements", "roll_statement_reports")
# What a statement of control over time is made of (aggregates.claim_groups): its column here, the
# SQL it is read from (claims c, their article r, the place p of the article it is about), its type.
_CLAIM_PARTS = ("actor", "action", "place", "when", "source", "quote", "sentence", "admin1", "country_iso3",
                "modality", "loser", "side")
PLACE_PARTS = ("mention", "name", "kind", "country_iso3", "admin1", "lat", "lon", "precision", "ref")
STATEMENT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    *((f'"{c}"' if c == "when" else c, f'c."{c}"', "TEXT") for c in _CLAIM_PARTS),
    *((c, f"r.{c}", "TEXT") for c in ("title", "published", "outlet", "url")),
    *((f"p_{c}", f"p.{c}", "REAL" if c in ("lat", "lon") else "INTEGER" if c == "precision" else "TEXT")
      for c in PLACE_PARTS))
_FEATURE_KEY = ("ftype", "k1", "k2", "klat", "klon", "admin1", "country_iso3")
_NAME_KEY = ("place_key", "admin1", "country_iso3")
# SQLite's spelling (dashboard/postgis.py rewrites it); NOT NULL keys: '' stands for NULL
DDL = (
    "CREATE TABLE IF NOT EXISTS roll_provinces (admin1 TEXT NOT NULL, country_iso3 TEXT NOT NULL, "
    "n_places INTEGER NOT NULL, n_claims INTEGER NOT NULL, n_figures INTEGER NOT NULL, "
    "n_reports INTEGER NOT NULL, PRIMARY KEY (admin1, country_iso3))",
    "CREATE TABLE IF NOT EXISTS roll_units ("
    "report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, admin1 TEXT NOT NULL, "
    "country_iso3 TEXT NOT NULL, n_places INTEGER NOT NULL, n_to_check INTEGER NOT NULL, "
    "n_claims INTEGER NOT NULL, n_figures INTEGER NOT NULL, PRIMARY KEY (report_id, admin1, country_iso3))",
    "CREATE INDEX IF NOT EXISTS roll_units_admin1 ON roll_units(admin1)",
    "CREATE TABLE IF NOT EXISTS roll_features (id INTEGER PRIMARY KEY, ftype TEXT NOT NULL, "
    "k1 TEXT NOT NULL, k2 TEXT NOT NULL, klat REAL NOT NULL, klon REAL NOT NULL, admin1 TEXT NOT NULL, "
    "country_iso3 TEXT NOT NULL, "
    "n_rows INTEGER NOT NULL, n_sentences INTEGER NOT NULL, check_ord INTEGER, "
    f"UNIQUE ({', '.join(_FEATURE_KEY)}))",
    "CREATE INDEX IF NOT EXISTS roll_features_admin1 ON roll_features(admin1)",
    "CREATE TABLE IF NOT EXISTS roll_feature_rows (id INTEGER PRIMARY KEY, "
    "feature_id INTEGER NOT NULL REFERENCES roll_features(id) ON DELETE CASCADE, "
    "report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, seq INTEGER NOT NULL, "
    "published TEXT NOT NULL, ord INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS roll_feature_rows_feature ON roll_feature_rows(feature_id)",
    "CREATE INDEX IF NOT EXISTS roll_feature_rows_report ON roll_feature_rows(report_id)",
    "CREATE TABLE IF NOT EXISTS roll_feature_names ("
    "feature_id INTEGER NOT NULL REFERENCES roll_features(id) ON DELETE CASCADE, mention_key TEXT NOT NULL, "
    "ord INTEGER NOT NULL, PRIMARY KEY (feature_id, mention_key))",
    "CREATE TABLE IF NOT EXISTS roll_quoted (feature_id INTEGER NOT NULL REFERENCES roll_features(id) "
    "ON DELETE CASCADE, place_key TEXT NOT NULL, admin1 TEXT NOT NULL, country_iso3 TEXT NOT NULL, "
    "n INTEGER NOT NULL, PRIMARY KEY (feature_id, place_key, admin1, country_iso3))",
    "CREATE TABLE IF NOT EXISTS roll_names (id INTEGER PRIMARY KEY, place_key TEXT NOT NULL, "
    "admin1 TEXT NOT NULL, country_iso3 TEXT NOT NULL, n_rows INTEGER NOT NULL, n_claims INTEGER NOT NULL, "
    f"UNIQUE ({', '.join(_NAME_KEY)}))",
    "CREATE INDEX IF NOT EXISTS roll_names_admin1 ON roll_names(admin1)",
    "CREATE TABLE IF NOT EXISTS roll_name_claims (id INTEGER PRIMARY KEY, "
    "name_id INTEGER NOT NULL REFERENCES roll_names(id) ON DELETE CASCADE, "
    "report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, seq INTEGER NOT NULL, "
    "by_when TEXT NOT NULL, own_undated INTEGER NOT NULL, ord INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS roll_name_claims_name ON roll_name_claims(name_id)",
    "CREATE INDEX IF NOT EXISTS roll_name_claims_report ON roll_name_claims(report_id)",
    "CREATE TABLE IF NOT EXISTS roll_statements (id INTEGER PRIMARY KEY, skey TEXT NOT NULL UNIQUE, "
    + ", ".join(f"{name} {kind}" for name, _, kind in STATEMENT_COLUMNS)
    + ", first_report INTEGER NOT NULL, min_seq INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS roll_statement_reports (statement_id INTEGER NOT NULL REFERENCES "
    "roll_statements(id) ON DELETE CASCADE, "
    "report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, min_seq INTEGER NOT NULL, "
    "PRIMARY KEY (statement_id, report_id))",
    "CREATE INDEX IF NOT EXISTS roll_statement_reports_report ON roll_statement_reports(report_id)",
)

# The feature of the map a place row belongs to (mapview: marker_features, _province_features,
# _border_features), in one pass over the places: its kind, two text keys and its exact point (a
# marker groups its rows by the point rounded, in Python: one marker may gather several parts here,
# summed). The kinds exclude each other: a border mention has kind "border" and no province.
_MARKER = ("(t.kind IN ({markers}) AND t.lat IS NOT NULL AND t.lon IS NOT NULL "
           "AND t.precision IN (1, 2))")
_LEVEL1 = "(t.kind = 'admin1' OR (t.precision = 3 AND t.admin1 IS NOT NULL AND t.admin1 <> ''))"
_BORDER = "(SUBSTR(t.ref, 1, 7) = 'border:')"
_FEATURE_ROWS = f"""
    SELECT * FROM (
        SELECT t.report_id, t.seq, t.report_id * {ORD} + t.seq AS ord,
            COALESCE(t.mention_key, '') AS mention_key, t.sentence_key, t.confidence,
            COALESCE(t.admin1, '') AS admin1, COALESCE(t.country_iso3, '') AS country_iso3,
            CASE WHEN {_MARKER} THEN 'm' WHEN {_LEVEL1} THEN 'p' WHEN {_BORDER} THEN 'b' END AS ftype,
            COALESCE(CASE WHEN {_MARKER} THEN COALESCE(NULLIF(t.ref, ''), t.name)
                          WHEN {_LEVEL1} THEN t.country_iso3
                          WHEN {_BORDER} THEN SUBSTR(t.ref, 8) END, '') AS k1,
            COALESCE(CASE WHEN {_MARKER} THEN NULL WHEN {_LEVEL1} THEN t.admin1 END, '') AS k2,
            COALESCE(CASE WHEN {_MARKER} THEN t.lat END, 0) AS klat,
            COALESCE(CASE WHEN {_MARKER} THEN t.lon END, 0) AS klon
        FROM places t {{where}}) u
    WHERE ftype IS NOT NULL {{also}}"""


def _feature_rows(where: str, also: str = "") -> str:
    markers = ", ".join(f"'{kind}'" for kind in MARKER_KINDS)
    return _FEATURE_ROWS.replace("{markers}", markers).format(where=where, also=also)


def _on(left: str, right: str, names: Sequence[str]) -> str:
    return " AND ".join(f"{left}.{n} = {right}.{n}" for n in names)


def _qualified(alias: str, names: Sequence[str]) -> str:
    return ", ".join(f"{alias}.{n}" for n in names)


def _keep_lesser(table: str, column: str) -> str:
    """An upsert's update that keeps the lesser of the stored and the new value (NULL: none)."""
    return (f"{column} = CASE WHEN {table}.{column} IS NULL OR excluded.{column} < {table}.{column} "
            f"THEN excluded.{column} ELSE {table}.{column} END")


def _add_features(conn: sqlite3.Connection, where: str, params: Sequence[Any], also: str = "",
                  also_params: Sequence[Any] = ()) -> None:
    """Add the map's aggregates of the place rows ``where`` (on ``places t``) and ``also`` (on their
    feature keys) selects, and of the claims of the same articles and sentences."""
    rows = _feature_rows(where, also)
    args = (*params, *also_params)
    keys, grouped = ", ".join(_FEATURE_KEY), _qualified("f", _FEATURE_KEY)
    conn.execute(f"""
        WITH f AS ({rows}),
        s AS (SELECT {keys}, COUNT(*) AS n FROM (
                SELECT DISTINCT {keys}, report_id, sentence_key FROM f WHERE sentence_key <> '') d
              GROUP BY {keys})
        INSERT INTO roll_features ({keys}, n_rows, n_sentences, check_ord)
        SELECT {grouped}, COUNT(*), COALESCE(MAX(s.n), 0),
               MIN(CASE WHEN f.confidence < {CHECK_BELOW} THEN f.ord END)
        FROM f LEFT JOIN s ON {_on('s', 'f', _FEATURE_KEY)} WHERE true
        GROUP BY {grouped}
        ON CONFLICT ({keys}) DO UPDATE SET n_rows = roll_features.n_rows + excluded.n_rows,
            n_sentences = roll_features.n_sentences + excluded.n_sentences,
            {_keep_lesser('roll_features', 'check_ord')}""", args)
    joined = f"f JOIN roll_features r ON {_on('r', 'f', _FEATURE_KEY)}"
    conn.execute(f"""
        WITH f AS ({rows})
        INSERT INTO roll_feature_names (feature_id, mention_key, ord)
        SELECT r.id, f.mention_key, MIN(f.ord) FROM {joined} WHERE true GROUP BY r.id, f.mention_key
        ON CONFLICT (feature_id, mention_key) DO UPDATE SET {_keep_lesser('roll_feature_names', 'ord')}""",
                 args)
    conn.execute(f"""
        WITH f AS ({rows})
        INSERT INTO roll_feature_rows (feature_id, report_id, seq, published, ord)
        SELECT id, report_id, seq, published, ord FROM (
            SELECT r.id, f.report_id, f.seq, COALESCE(p.published, '') AS published, f.ord,
                   ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY COALESCE(p.published, '') = '',
                                      COALESCE(p.published, ''), f.ord) AS nth
            FROM {joined} JOIN reports p ON p.id = f.report_id) w
        WHERE nth <= ?""", (*args, PER_FEATURE))
    # per part and place name, the sentences of its rows an unquoted claim of that name in the same
    # article states (the tooltip quotes those once, by the claim)
    conn.execute(f"""
        WITH f AS ({rows})
        INSERT INTO roll_quoted (feature_id, place_key, admin1, country_iso3, n)
        SELECT id, place_key, admin1, country_iso3, COUNT(*) FROM (
            SELECT DISTINCT r.id, f.report_id, f.sentence_key, COALESCE(c.place_key, '') AS place_key,
                   COALESCE(c.admin1, '') AS admin1, COALESCE(c.country_iso3, '') AS country_iso3
            FROM {joined}
            JOIN claims c ON c.report_id = f.report_id AND c.sentence_key = f.sentence_key
            WHERE f.sentence_key <> '' AND COALESCE(c.quote, '') = '') q
        WHERE true GROUP BY id, place_key, admin1, country_iso3
        ON CONFLICT (feature_id, place_key, admin1, country_iso3) DO UPDATE SET
            n = roll_quoted.n + excluded.n""", args)


def _claim_rows(where: str, also: str = "") -> str:
    when = "COALESCE(NULLIF(t.\"when\", ''), p.published, '')"
    return f"""
        SELECT * FROM (
            SELECT t.report_id, t.seq, t.report_id * {ORD} + t.seq AS ord,
                COALESCE(t.place_key, '') AS place_key, COALESCE(t.admin1, '') AS admin1,
                COALESCE(t.country_iso3, '') AS country_iso3, t.actor_key, t.action, {when} AS by_when,
                CASE WHEN COALESCE(t."when", '') = '' THEN 1 ELSE 0 END AS own_undated
            FROM claims t JOIN reports p ON p.id = t.report_id {where}) u
        WHERE true {also}"""


def _add_names(conn: sqlite3.Connection, where: str, params: Sequence[Any], also: str = "",
               also_params: Sequence[Any] = ()) -> None:
    """Add the per-name aggregates of the claims ``where`` (on ``claims t``) and ``also`` select."""
    rows = _claim_rows(where, also)
    args = (*params, *also_params)
    keys, grouped = ", ".join(_NAME_KEY), _qualified("c", _NAME_KEY)
    conn.execute(f"""
        WITH c AS ({rows}),
        d AS (SELECT {keys}, COUNT(*) AS n FROM (
                SELECT DISTINCT {keys}, report_id, actor_key, action FROM c) x GROUP BY {keys})
        INSERT INTO roll_names ({keys}, n_rows, n_claims)
        SELECT {grouped}, COUNT(*), MAX(d.n)
        FROM c JOIN d ON {_on('d', 'c', _NAME_KEY)} WHERE true
        GROUP BY {grouped}
        ON CONFLICT ({keys}) DO UPDATE SET n_rows = roll_names.n_rows + excluded.n_rows,
            n_claims = roll_names.n_claims + excluded.n_claims""", args)
    conn.execute(f"""
        WITH c AS ({rows})
        INSERT INTO roll_name_claims (name_id, report_id, seq, by_when, own_undated, ord)
        SELECT id, report_id, seq, by_when, own_undated, ord FROM (
            SELECT n.id, c.report_id, c.seq, c.by_when, c.own_undated, c.ord,
                   ROW_NUMBER() OVER (PARTITION BY n.id ORDER BY c.by_when = '', c.by_when, c.own_undated,
                                      c.ord) AS nth
            FROM c JOIN roll_names n ON {_on('n', 'c', _NAME_KEY)}) w
        WHERE nth <= ?""", (*args, PER_NAME))


def _trim(conn: sqlite3.Connection, report_ids: Sequence[int]) -> None:
    """Cut the oldest rows of the parts and names these articles added to back to their limit."""
    marks = ", ".join("?" * len(report_ids))
    for table, group, order, limit in (
            ("roll_feature_rows", "feature_id", "published = '', published, ord", PER_FEATURE),
            ("roll_name_claims", "name_id", "by_when = '', by_when, own_undated, ord", PER_NAME)):
        conn.execute(f"""
            DELETE FROM {table} WHERE id IN (
                SELECT id FROM (
                    SELECT id, ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {order}) AS nth FROM {table}
                    WHERE {group} IN (SELECT {group} FROM {table} WHERE report_id IN ({marks}))) w
                WHERE nth > ?)""", (*report_ids, limit))


def _encoded(sql: str) -> str:
    """``sql``'s value as text that tells NULL, '' and every value apart once concatenated: its length,
    a colon, the value; '-' for NULL."""
    return f"COALESCE(LENGTH(CAST({sql} AS TEXT)) || ':' || CAST({sql} AS TEXT), '-')"


def _statement_rows(where: str) -> str:
    """The territorial claims ``where`` (on ``claims c``) selects, each with its statement's key: an MD5
    of everything it is made of (a key of the texts themselves would pass PostgreSQL's index row size)."""
    parts = ", ".join(f"{sql} AS {name}" for name, sql, _ in STATEMENT_COLUMNS)
    key = " || '|' || ".join(_encoded(sql) for _, sql, _ in STATEMENT_COLUMNS)
    actions = ", ".join(f"'{a}'" for a in CONTROL_ACTIONS)
    return f"""
        SELECT md5({key}) AS skey, {parts}, c.report_id, c.seq
        FROM claims c JOIN reports r ON r.id = c.report_id
        LEFT JOIN places p ON p.report_id = c.report_id AND p.seq = c.place_seq
        {where} {'AND' if where else 'WHERE'} c.action IN ({actions})
        AND COALESCE(c.modality, '') <> 'expected'"""


def _add_statements(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> None:
    """Add the statements of the claims ``where`` (on ``claims c``) selects, and their articles."""
    rows = _statement_rows(where)
    args = tuple(params)
    names = [name for name, _, _ in STATEMENT_COLUMNS]
    conn.execute(f"""
        WITH s AS ({rows})
        INSERT INTO roll_statements (skey, {', '.join(names)}, first_report, min_seq)
        SELECT skey, {', '.join(f'MIN(s.{n})' for n in names)}, MIN(report_id), MIN(seq) FROM s WHERE true
        GROUP BY skey
        ON CONFLICT (skey) DO UPDATE SET {_keep_lesser('roll_statements', 'first_report')},
            {_keep_lesser('roll_statements', 'min_seq')}""", args)
    conn.execute(f"""
        WITH s AS ({rows})
        INSERT INTO roll_statement_reports (statement_id, report_id, min_seq)
        SELECT st.id, s.report_id, MIN(s.seq) FROM s JOIN roll_statements st ON st.skey = s.skey WHERE true
        GROUP BY st.id, s.report_id
        ON CONFLICT (statement_id, report_id) DO UPDATE SET
            {_keep_lesser('roll_statement_reports', 'min_seq')}""", args)


def _statements_left(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """The statements an article deleted was one of: gone when no article is left, else their first
    article and position are those of the articles left."""
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        conn.execute(f"DELETE FROM roll_statements WHERE id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM "
                     "roll_statement_reports m WHERE m.statement_id = roll_statements.id)", chunk)
        conn.execute(f"""
            UPDATE roll_statements SET
                first_report = (SELECT MIN(m.report_id) FROM roll_statement_reports m
                                WHERE m.statement_id = roll_statements.id),
                min_seq = (SELECT MIN(m.min_seq) FROM roll_statement_reports m
                           WHERE m.statement_id = roll_statements.id)
            WHERE id IN ({marks})""", chunk)


def _province_rows(where: str) -> str:
    """Per (province, country, article) of the rows ``where`` (on ``t``) selects: its mentions, claims,
    figures (a figure's country is that of a place of its article in its province)."""
    return f"""
        SELECT admin1, COALESCE(country_iso3, '') AS country_iso3, report_id,
               SUM(CASE WHEN k = 'p' THEN 1 ELSE 0 END) AS n_places,
               SUM(CASE WHEN k = 'c' THEN 1 ELSE 0 END) AS n_claims,
               SUM(CASE WHEN k = 'f' THEN 1 ELSE 0 END) AS n_figures
        FROM (
            SELECT t.admin1, t.country_iso3, t.report_id, 'p' AS k FROM places t {where}
                AND t.admin1 IS NOT NULL
            UNION ALL SELECT t.admin1, t.country_iso3, t.report_id, 'c' FROM claims t {where}
                AND t.admin1 IS NOT NULL
            UNION ALL SELECT t.admin1, {_FIGURE_COUNTRY}, t.report_id, 'f' FROM figures t {where}
                AND t.admin1 IS NOT NULL) u
        GROUP BY admin1, COALESCE(country_iso3, ''), report_id"""


# What the page's caption and tables count (store.SHOWN_FIGURES, store.LOW_CONFIDENCE_PLACES; checked by
# the tests)
SHOWN_FIGURES = "t.kind IN ('count', 'share')"
TO_CHECK = f"t.confidence < {CHECK_BELOW}"
# a figure's country: that of a place of its article in its province (figures carry none)
_FIGURE_COUNTRY = ("(SELECT q.country_iso3 FROM places q INDEXED BY places_report_id WHERE q.report_id = "
                   "t.report_id AND q.admin1 = t.admin1 AND q.country_iso3 IS NOT NULL LIMIT 1)")


def _add_units(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> None:
    """Per article and (province, country; '' for none) it has rows in: its mentions, mentions to check,
    claims and figures that count (the page's caption and tables count these; deleted with the
    article)."""
    conn.execute(f"""
        INSERT INTO roll_units (report_id, admin1, country_iso3, n_places, n_to_check, n_claims, n_figures)
        SELECT report_id, admin1, country_iso3, SUM(p), SUM(k), SUM(c), SUM(f) FROM (
            SELECT t.report_id, COALESCE(t.admin1, '') AS admin1,
                   COALESCE(t.country_iso3, '') AS country_iso3, 1 AS p,
                   CASE WHEN {TO_CHECK} THEN 1 ELSE 0 END AS k, 0 AS c, 0 AS f FROM places t {where}
            UNION ALL SELECT t.report_id, COALESCE(t.admin1, ''), COALESCE(t.country_iso3, ''), 0, 0, 1, 0
                FROM claims t {where}
            UNION ALL SELECT t.report_id, COALESCE(t.admin1, ''), COALESCE({_FIGURE_COUNTRY}, ''), 0, 0, 0, 1
                FROM figures t {where} {'AND' if where else 'WHERE'} {SHOWN_FIGURES}) u
        GROUP BY report_id, admin1, country_iso3""", (*params,) * 3)


def _add_provinces(conn: sqlite3.Connection, where: str, params: Sequence[Any], sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) the province counts of the articles ``where`` selects."""
    conn.execute(f"""
        INSERT INTO roll_provinces (admin1, country_iso3, n_places, n_claims, n_figures, n_reports)
        SELECT admin1, country_iso3, ? * SUM(n_places), ? * SUM(n_claims), ? * SUM(n_figures), ? * COUNT(*)
        FROM ({_province_rows(where)}) a WHERE true GROUP BY admin1, country_iso3
        ON CONFLICT (admin1, country_iso3) DO UPDATE SET
            n_places = roll_provinces.n_places + excluded.n_places,
            n_claims = roll_provinces.n_claims + excluded.n_claims,
            n_figures = roll_provinces.n_figures + excluded.n_figures,
            n_reports = roll_provinces.n_reports + excluded.n_reports""", (sign,) * 4 + (*params,) * 3)
    if sign < 0:
        conn.execute("DELETE FROM roll_provinces WHERE n_reports <= 0")


def _of_reports(report_ids: Sequence[int], alias: str = "t") -> tuple[str, tuple[int, ...]]:
    return f"WHERE {alias}.report_id IN ({', '.join('?' * len(report_ids))})", tuple(report_ids)


def added(conn: sqlite3.Connection, report_ids: Sequence[int]) -> None:
    """Add the articles just saved (their rows are in; same transaction)."""
    ids = sorted(report_ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        where, params = _of_reports(chunk)
        _add_provinces(conn, where, params, 1)
        _add_units(conn, where, params)
        _add_features(conn, where, params)
        _add_names(conn, where, params)
        _add_statements(conn, *_of_reports(chunk, "c"))
        _trim(conn, chunk)


def _values(keys: Sequence[tuple[Any, ...]], names: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    """SQL true when a row's ``names`` are one of ``keys`` (a row value IN a VALUES list)."""
    row = "(" + ", ".join("?" * len(names)) + ")"
    return (f"AND ({', '.join(names)}) IN (VALUES {', '.join([row] * len(keys))})",
            tuple(v for k in keys for v in k))


class Touched(NamedTuple):
    """What a deleted article had a share of: feature keys, name keys, statement ids."""

    features: list[tuple[Any, ...]]
    names: list[tuple[Any, ...]]
    statements: list[int]


def deleting(conn: sqlite3.Connection, report_id: int) -> Touched:
    """Before the article's rows go (same transaction): take its province counts away; what it has a
    share of, for :func:`deleted`."""
    where, params = _of_reports([report_id])
    _add_provinces(conn, where, params, -1)
    features = f"SELECT DISTINCT {', '.join(_FEATURE_KEY)} FROM ({_feature_rows(where)}) f"
    names = f"SELECT DISTINCT {', '.join(_NAME_KEY)} FROM ({_claim_rows(where)}) c"
    statements = "SELECT statement_id FROM roll_statement_reports WHERE report_id = ?"
    return Touched(*([tuple(r) for r in conn.execute(sql, params).fetchall()] for sql in (features, names)),
                   [int(r[0]) for r in conn.execute(statements, params).fetchall()])


def deleted(conn: sqlite3.Connection, touched: Touched) -> None:
    """After the article's rows went: the features and names it had rows in, built again from the rows
    left (their oldest rows and first rows cannot be told from the article's alone), and its statements
    without it."""
    for keys, names_of, table, add in ((touched.features, _FEATURE_KEY, "roll_features", _add_features),
                                       (touched.names, _NAME_KEY, "roll_names", _add_names)):
        for i in range(0, len(keys), 50):
            also, params = _values(keys[i:i + 50], names_of)
            conn.execute(f"DELETE FROM {table} WHERE true {also}", params)
            add(conn, "", (), also, params)
    _statements_left(conn, touched.statements)


def make_units(conn: sqlite3.Connection) -> None:
    """``roll_units`` made and filled from every row (a database whose other aggregates are kept)."""
    for stmt in DDL:
        if " roll_units" in stmt:
            conn.execute(stmt)
    _add_units(conn, "", ())


def rebuild(conn: sqlite3.Connection) -> None:
    """Every aggregate made again from the rows (inside the caller's transaction)."""
    for stmt in DDL:
        conn.execute(stmt)
    for table in reversed(TABLES):
        conn.execute(f"DELETE FROM {table}")
    _add_provinces(conn, "WHERE true", (), 1)
    _add_units(conn, "", ())
    _add_features(conn, "", ())
    _add_names(conn, "", ())
    _add_statements(conn, "", ())
