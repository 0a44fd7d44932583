"""An analyst's corrections, stored apart from the extraction and applied on top of it.

A correction names its target by the article's content hash and by what the extractor returns
for the same text every time (a place's offset and mention; a claim's sentence offset, place and
action), never by row id: re-ingesting or re-extracting an article keeps every correction. Each
one records who made it and when; the latest for a target wins.

- place: ``reassign`` to another candidate (its name, point, province, country), or ``wrong``
  (not this place: dropped from the map; claims about it lose their province);
- claim: ``edit`` (actor, action, place, date) or ``reject``;
- report: ``delete`` (the article and everything from it is hidden everywhere).

:func:`corrected` is the one reading of places and claims with corrections applied: the page,
``export`` and the control view use it.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from dashboard import province_names
from dashboard import store
from dashboard.errors import BadInput
from dashboard.vocabulary import Action

Row = dict[str, Any]
TARGET_ACTIONS = {"place": ("reassign", "wrong"), "claim": ("edit", "reject"), "report": ("delete",)}
PLACE_FIELDS = ("name", "ref", "kind", "country_iso3", "admin1", "admin1_id", "lat", "lon", "precision")
CLAIM_FIELDS = ("actor", "action", "place", "when")
LOW_CONFIDENCE = 0.6  # below this a place or claim is flagged for review on the map and in the tables

# SQLite's spelling; dashboard/postgis.py reads INTEGER PRIMARY KEY as an identity column
_DDL = """CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    action TEXT NOT NULL, fields TEXT NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL)"""


@dataclass(frozen=True)
class Correction:
    sha256: str
    target: str  # place | claim | report
    key: str
    action: str
    fields: Mapping[str, Any]
    author: str
    created_at: str


def place_key(place: Mapping[str, Any]) -> str:
    return f"{place.get('start')}:{place.get('mention')}"


def claim_key(claim: Mapping[str, Any]) -> str:
    return f"{claim.get('start')}:{claim.get('place')}:{claim.get('action')}"


def _ensure(conn: sqlite3.Connection) -> None:
    conn.execute(_DDL)
    conn.execute("CREATE INDEX IF NOT EXISTS corrections_sha256 ON corrections(sha256)")


def _check(target: str, action: str, fields: Mapping[str, Any], author: str) -> None:
    if action not in TARGET_ACTIONS.get(target, ()):
        msg = f"cannot {action} a {target}"
        raise BadInput(msg)
    if not author.strip():
        msg = "say who makes the correction (a name or initials)"
        raise BadInput(msg)
    if target == "claim" and action == "edit":
        if fields.get("action") not in {a.value for a in Action}:
            choices = ", ".join(a.value for a in Action)
            msg = f"unknown action {fields.get('action')!r}: choose one of {choices}"
            raise BadInput(msg)
        if not str(fields.get("place") or "").strip():
            msg = "a claim needs a place"
            raise BadInput(msg)
    if target == "place" and action == "reassign" and None in (fields.get("lat"), fields.get("lon")):
        msg = "re-assign a place to a candidate with a point"
        raise BadInput(msg)


def record(conn: sqlite3.Connection, sha256: str, target: str, key: str, action: str,
           fields: Mapping[str, Any] | None = None, author: str = "") -> Correction:
    """Store one correction (validated first: a bad one is refused in one line, nothing stored)."""
    fields = dict(fields or {})
    _check(target, action, fields, author)
    made = Correction(sha256, target, key, action, fields, author.strip(),
                      datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def write(c: sqlite3.Connection) -> None:
        _ensure(c)
        c.execute("INSERT INTO corrections (sha256, target, key, action, fields, author, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", (made.sha256, made.target, made.key, made.action,
                                                   json.dumps(made.fields, ensure_ascii=False), made.author,
                                                   made.created_at))
    try:
        store._transaction(conn, write)
    except sqlite3.Error as exc:
        msg = f"cannot save the correction: {exc}"
        raise BadInput(msg) from None
    return made


def load(conn: sqlite3.Connection) -> list[Correction]:
    """Every correction, oldest first (an empty list on a database that never had one)."""
    if not store.has_table(conn, "corrections"):
        return []
    rows = conn.execute("SELECT sha256, target, key, action, fields, author, created_at FROM corrections "
                        "ORDER BY id").fetchall()
    return [Correction(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]


def count(conn: sqlite3.Connection) -> int:
    return len(load(conn))


def _latest(corrections: Sequence[Correction]) -> dict[tuple[str, str, str], Correction]:
    out: dict[tuple[str, str, str], Correction] = {}
    for c in corrections:
        out[(c.sha256, c.target, c.key)] = c
    return out


def _note(c: Correction) -> str:
    return f"{c.action} by {c.author}, {c.created_at[:10]}"


def apply(reports: Sequence[Mapping[str, Any]], places: Sequence[Mapping[str, Any]],
          claims: Sequence[Mapping[str, Any]], corrections: Sequence[Correction],
          others: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> dict[str, list[Row]]:
    """Rows as the extraction stored them -> rows as the analyst corrected them (pure).

    Rows carry ``report_id``; ``reports`` (with ``id`` and ``sha256``) maps them to articles.
    Corrected rows say so in ``corrected`` ("reassign by Ana, 2026-12-07"); ``others`` (figures,
    consistency...) only lose the rows of deleted articles."""
    latest = _latest(corrections)
    sha_of = {r["id"]: r["sha256"] for r in reports}
    deleted = {sha for (sha, target, _), c in latest.items() if target == "report" and c.action == "delete"}
    live = [dict(r) for r in reports if r["sha256"] not in deleted]
    live_ids = {r["id"] for r in live}
    out_places: list[Row] = []
    wrong: set[tuple[Any, str]] = set()
    moved: dict[tuple[Any, str], Row] = {}
    for p in places:
        if p["report_id"] not in live_ids and p["report_id"] in sha_of:
            continue
        c = latest.get((sha_of.get(p["report_id"], ""), "place", place_key(p)))
        row = dict(p)
        if c is not None and c.action == "wrong":
            wrong.add((p["report_id"], str(p.get("mention") or "").casefold()))
            continue
        if c is not None and c.action == "reassign":
            row.update({k: c.fields[k] for k in PLACE_FIELDS if k in c.fields})
            row.update(confidence=1.0, reason=None, corrected=_note(c))
            moved[(p["report_id"], str(p.get("mention") or "").casefold())] = row
        out_places.append(row)
    out_claims: list[Row] = []
    for cl in claims:
        if cl["report_id"] not in live_ids and cl["report_id"] in sha_of:
            continue
        c = latest.get((sha_of.get(cl["report_id"], ""), "claim", claim_key(cl)))
        if c is not None and c.action == "reject":
            continue
        row = dict(cl)
        where = (cl["report_id"], str(cl.get("place") or "").casefold())
        if where in wrong:
            row.update(admin1=None, country_iso3=None)
        elif where in moved:
            row.update(admin1=moved[where].get("admin1"), country_iso3=moved[where].get("country_iso3"))
        if c is not None and c.action == "edit":
            row.update({k: (c.fields.get(k) or None) for k in CLAIM_FIELDS if k in c.fields})
            row.update(confidence=1.0, corrected=_note(c))
        out_claims.append(row)
    result = {"reports": live, "places": out_places, "claims": out_claims}
    for name, rows in (others or {}).items():
        result[name] = [dict(r) for r in rows if r["report_id"] in live_ids or r["report_id"] not in sha_of]
    return result


def _in(row: Mapping[str, Any], units: Sequence[province_names.Unit]) -> bool:
    return any(row.get("admin1") == name and iso3 in (None, row.get("country_iso3")) for iso3, name in units)


def corrected(conn: sqlite3.Connection, provinces: Sequence[str] = ()) -> dict[str, list[Row]]:
    """Reports, places and claims with every correction applied; only those in ``provinces`` (filter
    labels, see :mod:`dashboard.province_names`) when given. The one function the page, ``export`` and the
    control view read corrected data through."""
    reports = store.reports(conn)
    fixes = load(conn)
    places, claims = store.places(conn, provinces), store.claims(conn, provinces)
    if provinces and fixes:
        # a correction may move a row into the filter: read the corrected articles whole
        touched = {c.sha256 for c in fixes}
        ids = {r["id"] for r in reports if r["sha256"] in touched}
        seen_p = {(p["report_id"], p["start"]) for p in places}
        seen_c = {(c["report_id"], c["start"], c["place"]) for c in claims}
        places += [p for p in store.places(conn)
                   if p["report_id"] in ids and (p["report_id"], p["start"]) not in seen_p]
        claims += [c for c in store.claims(conn)
                   if c["report_id"] in ids and (c["report_id"], c["start"], c["place"]) not in seen_c]
    out = apply(reports, places, claims, fixes)
    if provinces:
        units = [province_names.parse(label) for label in provinces]
        out["places"] = [p for p in out["places"] if _in(p, units)]
        out["claims"] = [c for c in out["claims"] if _in(c, units)]
    return out


def corrected_articles(conn: sqlite3.Connection) -> tuple[set[int], dict[str, list[Row]]]:
    """The ids of the articles a correction names, and their reports, places and claims as corrected
    (a deleted article's: none). The store's aggregates are of the rows as extracted: a reader of
    them sets these few articles apart and reads them here (issue 17)."""
    fixes = load(conn)
    reports = store.reports_of_hashes(conn, [c.sha256 for c in fixes])
    ids = {int(r["id"]) for r in reports}
    return ids, apply(reports, store.rows_of_reports(conn, "places", ids),
                      store.rows_of_reports(conn, "claims", ids), fixes)


def candidates(mention: str) -> list[Row]:
    """The namesakes a mention could be (largest first): what a place can be re-assigned to."""
    from dashboard.gazetteer import name_index

    found = name_index().lookup(mention)
    rows = [{"name": c.name, "ref": c.ref, "kind": c.kind, "country_iso3": c.country_iso3, "admin1": c.admin1,
             "admin1_id": c.admin1_id, "lat": round(float(c.lat), 5), "lon": round(float(c.lon), 5),
             "precision": 1 if c.kind == "town" else 2 if c.kind == "admin2" else 3,
             "population": int(c.population)} for c in found]
    return sorted(rows, key=lambda r: -r["population"])


def candidate_label(c: Mapping[str, Any]) -> str:
    where = ", ".join(str(x) for x in (c.get("admin1"), c.get("country_iso3")) if x)
    people = f", pop. {c['population']:,}" if c.get("population") else ""
    return f"{c.get('name')} ({c.get('kind')}, {where}{people})"


def flag(row: Mapping[str, Any]) -> str:
    """What the tables and the map say about a row: corrected, or low confidence (check it)."""
    if row.get("corrected"):
        return f"✎ {row['corrected']}"
    confidence = row.get("confidence")
    if confidence is not None and float(confidence) < LOW_CONFIDENCE:
        return f"⚠ low confidence ({float(confidence):.2f}): check"
    return ""
