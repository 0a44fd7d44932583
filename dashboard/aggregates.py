"""The page's map and control over time read as aggregates in SQL, the same on both engines (issue 17).

At 100,000 reports the stored rows are 3.5 million place mentions and a million claims: read as
Python dicts they took over 10 GB and many minutes. What the page draws needs far less:

- the map: per feature (a marker, a province, a border line) the few rows its tooltip quotes (its
  oldest, in the tooltip's order), the first row of each name it is mentioned by (its claims are
  found by name) and its first row to check; per place name the oldest claims about it; and, for a
  feature whose rows were cut, how many lines its tooltip would have (counted in SQL on the folded
  keys the store writes, :data:`dashboard.store.KEY_COLUMNS`). :func:`dashboard.mapview.overlays`
  draws from those rows as from every row: the same features and tooltips (tested on both engines).
- control over time: the territorial claims grouped by everything a statement is made of (place as
  joined to the article's resolved place, action, actor, date, quote, sentence, article title and
  outlet), with the ids of the articles stating each word for word: a statement per group, not per
  article (:attr:`dashboard.events.Statement.also`).

A database with corrections does not come here: corrections are applied in Python to every row
(:mod:`dashboard.corrections`).
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any, NamedTuple

from dashboard import store
from dashboard.events import Territory, territory
from dashboard.keys import key
from dashboard.model import Claim
from dashboard.sides import Sides
from dashboard.vocabulary import CONTESTING, GIVING_UP, TAKING, Action

PER_FEATURE = 40  # place rows a feature keeps (its oldest): a tooltip quotes 5 distinct lines
PER_NAME = 20  # claims kept per place name (their oldest)
CHECK_BELOW = 0.6  # corrections.LOW_CONFIDENCE, in SQL (checked by the tests)
# mapview.MARKER_KINDS, in SQL (checked by the tests)
MARKER_KINDS = ("town", "admin2", "crossing", "region", "river", "other")
CONTROL_ACTIONS = tuple(a.value for a in Action
                        if a in TAKING | GIVING_UP | CONTESTING or a is Action.REPELLED)

# The feature of the map a place row belongs to (mapview: marker_features, _province_features,
# _border_features), in one pass over the places: its kind, two text keys and its exact point (a
# marker groups its rows by the point rounded, in Python: one marker may gather several parts here,
# summed). The kinds exclude each other: a border mention has kind "border" and no province.
_MARKER = ("(t.kind IN ({markers}) AND t.lat IS NOT NULL AND t.lon IS NOT NULL "
           "AND t.precision IN (1, 2))")
_LEVEL1 = "(t.kind = 'admin1' OR (t.precision = 3 AND t.admin1 IS NOT NULL AND t.admin1 <> ''))"
_BORDER = "(SUBSTR(t.ref, 1, 7) = 'border:')"
_FEATURES = f"""
    SELECT * FROM (
        SELECT t.id AS row_id, t.report_id, t.seq, t.mention_key, t.sentence_key, t.confidence,
            CASE WHEN {_MARKER} THEN 'm' WHEN {_LEVEL1} THEN 'p' WHEN {_BORDER} THEN 'b' END AS ftype,
            CASE WHEN {_MARKER} THEN COALESCE(NULLIF(t.ref, ''), t.name) WHEN {_LEVEL1} THEN t.country_iso3
                 WHEN {_BORDER} THEN SUBSTR(t.ref, 8) END AS k1,
            CASE WHEN {_MARKER} THEN NULL WHEN {_LEVEL1} THEN t.admin1 END AS k2,
            CASE WHEN {_MARKER} THEN t.lat END AS klat, CASE WHEN {_MARKER} THEN t.lon END AS klon
        FROM places t {{where}}) u
    WHERE ftype IS NOT NULL"""
_PART = "f.ftype, f.k1, f.k2, f.klat, f.klon"
Part = tuple[Any, ...]  # a feature part as Python keys it (_part)
_TO_CHECK = f"CASE WHEN f.confidence < {CHECK_BELOW} THEN 1 ELSE 0 END"


def _features_sql(provinces: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    where, params = store._admin1_filter(provinces)
    markers = ", ".join(f"'{kind}'" for kind in MARKER_KINDS)
    return _FEATURES.replace("{markers}", markers).format(where=where), params


class MapRows(NamedTuple):
    """What :func:`dashboard.mapview.overlays` needs of one filter."""

    places: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    totals: Callable[[tuple[Any, ...], Sequence[str]], int | None]


def _width(cls: type) -> int:
    return len(fields(cls)) + 3


def _rows(cls: type, rows: Sequence[sqlite3.Row]) -> list[dict[str, Any]]:
    """Rows of ``cls`` fields + report_id, title, published, as :func:`store.places` gives them (the
    columns after those are left out)."""
    names = [*(f.name for f in fields(cls)), "report_id", "title", "published"]
    convert = store._from_sql(cls)
    out = []
    for row in rows:
        item = dict(zip(names, tuple(row)[:len(names)]))
        for name, to_python in convert.items():
            if item.get(name) is not None:
                item[name] = to_python(item[name])
        out.append(item)
    return out


def _columns(cls: type, alias: str = "t") -> str:
    return ", ".join(f"{alias}.{store._q(f.name)}" for f in fields(cls))


def feature_places(conn: sqlite3.Connection, provinces: Sequence[str] = (), per_feature: int = PER_FEATURE
                   ) -> tuple[list[dict[str, Any]], dict[tuple[Any, ...], tuple[int, int]]]:
    """The place rows the map needs, in (report, position) order, and per feature part its
    (rows kept, rows in all)."""
    features, params = _features_sql(provinces)
    # one sort (each part's rows in the tooltip's order: its oldest, and how many rows it has); the
    # first row of each name and the first to check are MIN()s of an integer that orders (report,
    # position), hashed, not sorted (seq < 10**7: an article has fewer places than characters)
    sql = f"""
        WITH f AS MATERIALIZED (
            SELECT f.*, f.report_id * 10000000 + f.seq AS ord, r.published AS published
            FROM ({features}) f JOIN reports r ON r.id = f.report_id),
        picked AS (
            SELECT ord, ftype, k1, k2, klat, klon, n_rows FROM (
                SELECT {_PART}, f.ord,
                       ROW_NUMBER() OVER (PARTITION BY {_PART}
                                          ORDER BY COALESCE(f.published, '') = '', f.published, f.ord) AS nth,
                       COUNT(*) OVER (PARTITION BY {_PART}) AS n_rows FROM f) w
            WHERE nth <= ?
            UNION ALL SELECT MIN(f.ord), {_PART}, NULL FROM f GROUP BY {_PART}, f.mention_key
            UNION ALL SELECT MIN(f.ord), {_PART}, NULL FROM f WHERE {_TO_CHECK} = 1 GROUP BY {_PART})
        SELECT * FROM picked"""
    # the rows picked, read by (report, position) on the report-id index: joined in the statement above,
    # PostgreSQL misjudged how few they are and joined every feature row (50 s at 100,000 reports)
    picked = store._read(conn, sql, (*params, per_feature))
    by_position: dict[tuple[int, int], Part] = {}
    sizes: dict[Part, int] = {}
    for ord_, *part, n_rows in picked:
        by_position[divmod(int(ord_), 10_000_000)] = _part(part)
        if n_rows is not None:  # every part's oldest row says how many it has
            sizes[_part(part)] = int(n_rows)
    positions = sorted(by_position)
    found = []
    for i in range(0, len(positions), 400):  # SQLite's bound-parameter limit
        chunk = positions[i:i + 400]
        pairs = ", ".join("(?, ?)" for _ in chunk)
        found += store._child_rows(conn, "places", f"WHERE (t.report_id, t.seq) IN (VALUES {pairs})",
                                   [v for pair in chunk for v in pair])
    kept: dict[Part, int] = defaultdict(int)
    for part in by_position.values():
        kept[part] += 1
    return found, {part: (n, sizes[part]) for part, n in kept.items()}  # chunks in (report, position) order


def _part(part: Sequence[Any]) -> tuple[Any, ...]:
    """A feature part as Python keys it: ("m", ref or name, lat, lon) rounded as mapview rounds;
    ("p", iso3, name); ("b", id)."""
    ftype, k1, k2, klat, klon = part
    if ftype == "m":
        return ("m", k1, round(float(klat), 4), round(float(klon), 4), float(klat), float(klon))
    if ftype == "p":
        return ("p", k1, k2)
    return ("b", k1)


def feature_claims(conn: sqlite3.Connection, provinces: Sequence[str] = (), per_name: int = PER_NAME
                   ) -> tuple[list[dict[str, Any]], dict[str, tuple[int, int]]]:
    """The oldest claims about each place name (in the tooltip's order), in (report, position) order,
    and per folded name its (claims kept, claims in all)."""
    where, params = store._admin1_filter(provinces)
    when = "COALESCE(NULLIF(t.\"when\", ''), r.published, '')"
    sql = f"""
        WITH ranked AS (
            SELECT t.id AS row_id, t.place_key,
                ROW_NUMBER() OVER (PARTITION BY t.place_key ORDER BY {when} = '', {when},
                                   COALESCE(t."when", '') = '', t.report_id, t.seq) AS by_when,
                COUNT(*) OVER (PARTITION BY t.place_key) AS n_rows
            FROM claims t JOIN reports r ON r.id = t.report_id {where})
        SELECT {_columns(Claim)}, t.report_id, r.title, r.published, t.seq, k.place_key, k.n_rows
        FROM ranked k JOIN claims t ON t.id = k.row_id JOIN reports r ON r.id = t.report_id
        WHERE k.by_when <= ?
        ORDER BY t.report_id, t.seq"""
    found = store._read(conn, sql, (*params, per_name))
    names: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for raw in found:
        _, place_key, n_rows = tuple(raw)[_width(Claim):]
        names[place_key or ""][0] += 1
        names[place_key or ""][1] = int(n_rows)
    return _rows(Claim, found), {name: (kept, total) for name, (kept, total) in names.items()}


def _line_counts(conn: sqlite3.Connection, provinces: Sequence[str]
                 ) -> tuple[dict[Part, int], dict[tuple[Part, str], int], dict[str, int]]:
    """Counted in SQL, what a tooltip's lines are made of (mapview._quote_items): per feature part its
    distinct sentences (article, folded sentence); per part and place name those of its sentences an
    unquoted claim of that name in the same article states (quoted once, by the claim); per place
    name its distinct claims (article, actor, action)."""
    features, params = _features_sql(provinces)
    claims_where, claims_params = store._admin1_filter(provinces)
    on_claims, _ = store._in_provinces("c", provinces, "c.country_iso3 = ?") if provinces else ("", ())
    part = "s.ftype, s.k1, s.k2, s.klat, s.klon"
    sql = f"""
        WITH f AS ({features}),
        said AS MATERIALIZED (
            SELECT DISTINCT {_PART}, f.report_id, f.sentence_key FROM f WHERE f.sentence_key <> '')
        SELECT 'sentences' AS what, {part}, NULL AS place_key, COUNT(*) AS n FROM said s GROUP BY {part}
        UNION ALL
        SELECT 'quoted', ftype, k1, k2, klat, klon, place_key, COUNT(*) FROM (
            SELECT DISTINCT {part}, s.report_id, s.sentence_key, c.place_key
            FROM said s JOIN claims c ON c.report_id = s.report_id AND c.sentence_key = s.sentence_key
            WHERE COALESCE(c.quote, '') = '' {'AND ' + on_claims if on_claims else ''}) q
        GROUP BY ftype, k1, k2, klat, klon, place_key
        UNION ALL
        SELECT 'claims', NULL, NULL, NULL, NULL, NULL, place_key, COUNT(*)
        FROM (SELECT DISTINCT t.place_key, t.report_id, t.actor_key, t.action FROM claims t {claims_where}) u
        GROUP BY place_key"""
    mentions: dict[Part, int] = {}
    quoted: dict[tuple[Part, str], int] = {}
    claims: dict[str, int] = {}
    for what, *fpart, place_key, n in store._read(conn, sql, (*params, *claims_params, *claims_params)):
        if what == "sentences":
            mentions[_part(fpart)] = int(n)
        elif what == "quoted":
            quoted[(_part(fpart), place_key or "")] = int(n)
        else:
            claims[place_key or ""] = int(n)
    return mentions, quoted, claims


def map_rows(conn: sqlite3.Connection, provinces: Sequence[str] = (), per_feature: int = PER_FEATURE,
             per_name: int = PER_NAME) -> MapRows:
    """The rows :func:`dashboard.mapview.overlays` draws one filter's layers from, and the lines of
    each tooltip whose rows were cut."""
    places, parts = feature_places(conn, provinces, per_feature)
    claims, names = feature_claims(conn, provinces, per_name)
    by_feature: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for part in parts:
        by_feature[part[:4]].append(part)
    cut_somewhere = any(kept < total for kept, total in [*parts.values(), *names.values()])
    mentions, quoted, claimed = _line_counts(conn, provinces) if cut_somewhere else ({}, {}, {})

    def totals(feature: tuple[Any, ...], feature_names: Sequence[str]) -> int | None:
        folded = list(dict.fromkeys(key(n) for n in feature_names if n))
        own = by_feature.get(feature, [])
        if not any(parts[p][0] < parts[p][1] for p in own) and not any(
                names.get(n, (0, 0))[0] < names.get(n, (0, 0))[1] for n in folded):
            return None  # every row is here: the tooltip counts them
        return (sum(claimed.get(n, 0) for n in folded) + sum(mentions.get(p, 0) for p in own)
                - sum(quoted.get((p, n), 0) for p in own for n in folded))

    return MapRows(places, claims, totals)


def claim_groups(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """The territorial claims (actions of control, not expected), each joined to the place of its
    article it names (``claims.place_seq``, written at ingest as events.place_index picks it), grouped by
    all a statement is made of: a row per group, its first article and the others' ids."""
    claim_cols = ("actor", "action", "place", "when", "source", "quote", "sentence", "admin1", "country_iso3",
                  "modality", "loser", "side")
    place_cols = ("mention", "name", "kind", "country_iso3", "admin1", "lat", "lon", "precision", "ref")
    group = [*(f"c.{store._q(c)}" for c in claim_cols), "r.title", "r.published", "r.outlet", "r.url",
             *(f"p.{store._q(c)}" for c in place_cols)]
    actions = ", ".join("?" * len(CONTROL_ACTIONS))
    sql = f"""
        SELECT {', '.join(group[:len(claim_cols) + 4])},
               {', '.join(f'{g} AS p_{c}' for g, c in zip(group[len(claim_cols) + 4:], place_cols))},
               MIN(c.report_id) AS report_id, group_concat(c.report_id) AS report_ids
        FROM claims c JOIN reports r ON r.id = c.report_id
        LEFT JOIN places p ON p.report_id = c.report_id AND p.seq = c.place_seq
        WHERE c.action IN ({actions}) AND COALESCE(c.modality, '') <> 'expected'
        GROUP BY {', '.join(group)}
        ORDER BY MIN(c.report_id), MIN(c.seq)"""
    return store._read(conn, sql, CONTROL_ACTIONS)


def territory_rows(groups: Sequence[Mapping[str, Any]]
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Claim groups -> the claims, places and reports :func:`dashboard.events.territory` takes: a
    claim per group (its first article; ``also`` the others), the place it was joined to, the article."""
    claims, places, reports = [], [], {}
    for g in groups:
        first = int(g["report_id"])
        others = sorted({int(i) for i in str(g["report_ids"]).split(",")} - {first})
        claims.append({**{k: g[k] for k in ("actor", "action", "place", "when", "source", "quote", "sentence",
                                             "admin1", "country_iso3", "modality", "loser", "side", "title",
                                             "published")},
                       "report_id": first, "also": tuple(others)})
        if g["p_mention"] is not None or g["p_name"] is not None:
            places.append({"report_id": first, **{c: g[f"p_{c}"] for c in (
                "mention", "name", "kind", "country_iso3", "admin1", "lat", "lon", "precision", "ref")}})
        reports.setdefault(first, {"id": first, "title": g["title"], "published": g["published"],
                                   "outlet": g["outlet"], "url": g["url"]})
    return claims, places, list(reports.values())


def control_territory(conn: sqlite3.Connection, sides: Sides) -> Territory:
    """:func:`dashboard.events.territory` of the stored articles from the claims grouped in SQL (a
    database without corrections)."""
    claims, places, reports = territory_rows(claim_groups(conn))
    return territory(claims, places, reports, lambda ids: store.report_texts(conn, ids), sides)
