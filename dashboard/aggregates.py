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

Corrections are applied in Python (:mod:`dashboard.corrections`): control over time reads the few
corrected articles' claims and corrects them; the map of a database with corrections still reads every
corrected row.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from dashboard import corrections, store
from dashboard.events import Territory, territory
from dashboard.keys import key
from dashboard.sides import Sides
from dashboard.rollups import CHECK_BELOW, MARKER_KINDS, ORD, PER_FEATURE, PER_NAME  # noqa: F401 (tests)
from dashboard.rollups import PLACE_PARTS, STATEMENT_COLUMNS

_PART = "g.ftype, g.k1, g.k2, g.klat, g.klon"
Part = tuple[Any, ...]  # a feature part as Python keys it (_part)


class MapRows(NamedTuple):
    """What :func:`dashboard.mapview.overlays` needs of one filter."""

    places: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    totals: Callable[[tuple[Any, ...], Sequence[str]], int | None]


def _at_positions(conn: sqlite3.Connection, table: str, positions: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of ``table`` at these ``report_id * ORD + seq``, in (report, position) order, read by
    the report-id index (joined to the aggregates in one statement, PostgreSQL misjudged how few
    they are and read every row: 50 s at 100,000 reports)."""
    pairs = sorted({divmod(int(p), ORD) for p in positions})
    found = []
    for i in range(0, len(pairs), 400):  # SQLite's bound-parameter limit
        chunk = pairs[i:i + 400]
        values = ", ".join("(?, ?)" for _ in chunk)
        found += store._child_rows(conn, table, f"WHERE (t.report_id, t.seq) IN (VALUES {values})",
                                   [v for pair in chunk for v in pair])
    return found


def feature_places(conn: sqlite3.Connection, provinces: Sequence[str] = (), per_feature: int = PER_FEATURE
                   ) -> tuple[list[dict[str, Any]], dict[tuple[Any, ...], tuple[int, int]]]:
    """The place rows the map needs, in (report, position) order, and per feature part its
    (rows kept, rows in all), from the aggregates the store keeps (:mod:`dashboard.rollups`): each
    part's oldest rows in the tooltip's order, the first row of each name it is mentioned by (its
    claims are found by name) and its first row to check."""
    if per_feature > PER_FEATURE:
        msg = f"the store keeps {PER_FEATURE} rows per feature, not {per_feature}"
        raise ValueError(msg)
    where, params = store._admin1_filter(provinces)
    sql = f"""
        WITH g AS (SELECT * FROM roll_features t {where})
        SELECT ord, ftype, k1, k2, klat, klon, CAST(NULL AS INTEGER) AS n_rows FROM (
            SELECT o.ord, {_PART}, ROW_NUMBER() OVER (
                       PARTITION BY {_PART} ORDER BY o.published = '', o.published, o.ord) AS nth
            FROM g JOIN roll_feature_rows o ON o.feature_id = g.id) w
        WHERE nth <= ?
        UNION ALL SELECT MIN(n.ord), {_PART}, NULL FROM g JOIN roll_feature_names n ON n.feature_id = g.id
            GROUP BY {_PART}, n.mention_key
        UNION ALL SELECT MIN(g.check_ord), {_PART}, NULL FROM g WHERE g.check_ord IS NOT NULL GROUP BY {_PART}
        UNION ALL SELECT NULL, {_PART}, SUM(g.n_rows) FROM g GROUP BY {_PART}"""
    by_position: dict[int, Part] = {}
    sizes: dict[Part, int] = {}
    for ord_, *part, n_rows in store._read(conn, sql, (*params, per_feature)):
        if n_rows is not None:
            sizes[_part(part)] = int(n_rows)
        else:
            by_position[int(ord_)] = _part(part)
    kept: dict[Part, int] = defaultdict(int)
    for part in by_position.values():
        kept[part] += 1
    return (_at_positions(conn, "places", list(by_position)),
            {part: (n, sizes[part]) for part, n in kept.items()})


def _part(part: Sequence[Any]) -> tuple[Any, ...]:
    """A feature part as Python keys it: ("m", ref or name, lat, lon) rounded as mapview rounds;
    ("p", iso3, name); ("b", id)."""
    ftype, k1, k2, klat, klon = part
    if ftype == "m":
        return ("m", k1, round(float(klat), 4), round(float(klon), 4), float(klat), float(klon))
    if ftype == "p":
        return ("p", k1, k2)
    return ("b", k1)


def _per_name(conn: sqlite3.Connection, provinces: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per folded place name, its claims in the filter and its distinct claims (article, actor, action)."""
    where, params = store._admin1_filter(provinces)
    sql = f"SELECT t.place_key, SUM(t.n_rows), SUM(t.n_claims) FROM roll_names t {where} GROUP BY t.place_key"
    return {name: (int(rows), int(claims)) for name, rows, claims in store._read(conn, sql, params)}


def feature_claims(conn: sqlite3.Connection, provinces: Sequence[str] = (), per_name: int = PER_NAME,
                   per_name_counts: dict[str, tuple[int, int]] | None = None
                   ) -> tuple[list[dict[str, Any]], dict[str, tuple[int, int]]]:
    """The oldest claims about each place name (in the tooltip's order), in (report, position) order,
    and per folded name its (claims kept, claims in all)."""
    if per_name > PER_NAME:
        msg = f"the store keeps {PER_NAME} claims per name, not {per_name}"
        raise ValueError(msg)
    where, params = store._admin1_filter(provinces)
    sql = f"""
        SELECT ord, place_key FROM (
            SELECT c.ord, g.place_key, ROW_NUMBER() OVER (
                       PARTITION BY g.place_key
                       ORDER BY c.by_when = '', c.by_when, c.own_undated, c.ord) AS nth
            FROM (SELECT * FROM roll_names t {where}) g JOIN roll_name_claims c ON c.name_id = g.id) w
        WHERE nth <= ?"""
    picked = store._read(conn, sql, (*params, per_name))
    totals = per_name_counts if per_name_counts is not None else _per_name(conn, provinces)
    kept: dict[str, int] = defaultdict(int)
    for _, place_key in picked:
        kept[place_key] += 1
    found = _at_positions(conn, "claims", [int(ord_) for ord_, _ in picked])
    return found, {name: (n, totals[name][0]) for name, n in kept.items()}


def _line_counts(conn: sqlite3.Connection, provinces: Sequence[str]
                 ) -> tuple[dict[Part, int], dict[tuple[Part, str], int]]:
    """What a tooltip's lines are made of (mapview._quote_items), summed from the aggregates: per
    feature part its distinct sentences (article, folded sentence); per part and place name those of
    its sentences an unquoted claim of that name in the same article states (quoted once, by the
    claim)."""
    where, params = store._admin1_filter(provinces)
    on_claims, claim_params = (store._in_provinces("q", provinces, "q.country_iso3 = ?") if provinces
                               else ("true", ()))
    sql = f"""
        WITH g AS (SELECT * FROM roll_features t {where})
        SELECT {_PART}, NULL AS place_key, SUM(g.n_sentences) FROM g GROUP BY {_PART}
        UNION ALL
        SELECT {_PART}, q.place_key, SUM(q.n) FROM g JOIN roll_quoted q ON q.feature_id = g.id
        WHERE {on_claims} GROUP BY {_PART}, q.place_key"""
    mentions: dict[Part, int] = {}
    quoted: dict[tuple[Part, str], int] = {}
    for *fpart, place_key, n in store._read(conn, sql, (*params, *claim_params)):
        if place_key is None:
            mentions[_part(fpart)] = int(n)
        else:
            quoted[(_part(fpart), place_key)] = int(n)
    return mentions, quoted


def map_rows(conn: sqlite3.Connection, provinces: Sequence[str] = (), per_feature: int = PER_FEATURE,
             per_name: int = PER_NAME) -> MapRows:
    """The rows :func:`dashboard.mapview.overlays` draws one filter's layers from, and the lines of
    each tooltip whose rows were cut."""
    places, parts = feature_places(conn, provinces, per_feature)
    per_name_counts = _per_name(conn, provinces)
    claims, names = feature_claims(conn, provinces, per_name, per_name_counts)
    by_feature: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for part in parts:
        by_feature[part[:4]].append(part)
    cut_somewhere = any(kept < total for kept, total in [*parts.values(), *names.values()])
    mentions, quoted = _line_counts(conn, provinces) if cut_somewhere else ({}, {})
    claimed = {name: distinct for name, (_, distinct) in per_name_counts.items()}

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
    """The territorial claims (actions of control, not expected) grouped by all a statement is made of,
    each joined to the place of its article it names (``claims.place_seq``), as the store keeps them
    (:mod:`dashboard.rollups`): a row per statement, its first article and the ids of all of them."""
    names = ", ".join(f"st.{name}" for name, _, _ in STATEMENT_COLUMNS)
    sql = f"""
        SELECT {names}, st.first_report AS report_id, m.report_ids
        FROM roll_statements st JOIN (
            SELECT statement_id, group_concat(report_id) AS report_ids FROM roll_statement_reports
            GROUP BY statement_id) m ON m.statement_id = st.id
        ORDER BY st.first_report, st.min_seq"""
    return store._read(conn, sql)


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
            places.append({"report_id": first, **{c: g[f"p_{c}"] for c in PLACE_PARTS}})
        reports.setdefault(first, {"id": first, "title": g["title"], "published": g["published"],
                                   "outlet": g["outlet"], "url": g["url"]})
    return claims, places, list(reports.values())


def _without(groups: Sequence[Any], report_ids: set[int]) -> list[Any]:
    """Claim groups as if these articles were not stored: each states what the others state."""
    if not report_ids:
        return list(groups)
    out = []
    for g in groups:
        left = sorted({int(i) for i in str(g["report_ids"]).split(",")} - report_ids)
        if left:
            out.append({**store._as_dict(g), "report_id": left[0], "report_ids": ",".join(map(str, left))})
    return out


def control_territory(conn: sqlite3.Connection, sides: Sides) -> Territory:
    """:func:`dashboard.events.territory` of the stored articles as the analysts corrected them: the
    claims of the articles no correction names grouped in SQL; those of the few corrected ones read
    and corrected in Python (:func:`dashboard.corrections.apply`), so one correction does not send
    control back to reading every claim (2 minutes at 100,000 reports)."""
    ids, fixed = corrections.corrected_articles(conn)
    claims, places, reports = territory_rows(_without(claim_groups(conn), ids))
    return territory(claims + fixed["claims"], places + fixed["places"], reports + fixed["reports"], None,
                     sides, copies_of=lambda ids: store.near_copies(conn, ids))  # the signatures kept at save
