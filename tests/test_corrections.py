"""Corrections: stored apart with who and when, applied by the page and the export, kept across
re-ingest and re-extraction."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard import corrections, export, ingest, store
from dashboard.errors import BadInput

TEXT = "Taliban fighters captured Imam Sahib in Kunduz province on Monday, officials said."


@pytest.fixture
def conn(db):
    c = store.connect(db)
    result = ingest.ingest_text(c, TEXT, "2021-07-05", "Kunduz report", source="test")
    assert result.error is None
    yield c
    c.close()


def only(rows, **match):
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, rows
    return found[0]


def sha(conn) -> str:
    return store.reports(conn)[0]["sha256"]


def events(conn) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.export(conn, "csv").decode())))


def reextract(conn) -> None:
    """The extraction thrown away and done again (new rows, new ids), as after an extractor upgrade."""
    conn.execute("DELETE FROM reports")
    assert ingest.ingest_text(conn, TEXT, "2021-07-05", "Kunduz report", source="test").created


def test_reassigning_a_place_moves_it_and_its_claims_and_survives_reextraction(conn):
    place = only(store.places(conn), mention="Imam Sahib")
    assert place["admin1"] == "Kunduz"
    other = {"name": "Elsewhere", "ref": "geonames:1", "kind": "town", "country_iso3": "TJK",
             "admin1": "Khatlon",
             "admin1_id": "TJK-1", "lat": 37.5, "lon": 68.9, "precision": 1}
    made = corrections.record(conn, sha(conn), "place", corrections.place_key(place), "reassign", other,
                              "Ana")
    assert made.author == "Ana" and made.created_at[:4] >= "2024"
    for _ in range(2):
        fixed = corrections.corrected(conn)
        moved = only(fixed["places"], mention="Imam Sahib")
        assert (moved["name"], moved["admin1"], moved["confidence"]) == ("Elsewhere", "Khatlon", 1.0)
        assert moved["corrected"].startswith("reassign by Ana")
        assert only(fixed["claims"], place="Imam Sahib")["admin1"] == "Khatlon"
        row = only(events(conn), location="Elsewhere", action="captured")
        assert (row["latitude"], row["admin1"]) == ("37.5", "Khatlon")
        assert store.places(conn)[0]["name"] != "Elsewhere"  # the extraction itself is untouched
        reextract(conn)
    # the filter follows the corrected province
    assert only(corrections.corrected(conn, ["Khatlon"])["places"], mention="Imam Sahib")
    assert not [p for p in corrections.corrected(conn, ["Kunduz"])["places"] if p["mention"] == "Imam Sahib"]


def test_a_place_marked_wrong_leaves_the_map_and_the_export(conn):
    place = only(store.places(conn), mention="Imam Sahib")
    corrections.record(conn, sha(conn), "place", corrections.place_key(place), "wrong", author="Ana")
    reextract(conn)
    fixed = corrections.corrected(conn)
    assert not [p for p in fixed["places"] if p["mention"] == "Imam Sahib"]
    assert only(fixed["claims"], place="Imam Sahib")["admin1"] is None
    assert not [r for r in events(conn) if r["latitude"] and r["location"] == "Imam Sahib"]


def test_editing_and_rejecting_claims(conn):
    claim = only(store.claims(conn), place="Imam Sahib")
    key = corrections.claim_key(claim)
    corrections.record(conn, sha(conn), "claim", key, "edit",
                       {"actor": "Islamic Emirate", "action": "retook", "place": "Imam Sahib",
                        "when": "2021-07-04"},
                       "Ben")
    edited = only(corrections.corrected(conn)["claims"], place="Imam Sahib")
    assert (edited["actor"], edited["action"], edited["when"]) == ("Islamic Emirate", "retook", "2021-07-04")
    assert only(events(conn), action="retook")["actor"] == "Islamic Emirate"
    corrections.record(conn, sha(conn), "claim", key, "reject", author="Ben")  # the latest wins
    reextract(conn)
    assert not corrections.corrected(conn)["claims"]
    assert not [r for r in events(conn) if r["action"]]


def test_deleting_an_article_hides_it_everywhere_and_stays_deleted(conn):
    corrections.record(conn, sha(conn), "report", "", "delete", author="Ana")
    assert corrections.corrected(conn) == {"reports": [], "places": [], "claims": []}
    assert not ingest.ingest_text(conn, TEXT, "2021-07-05",
                                  "Kunduz report").created  # re-ingest: still hidden
    assert events(conn) == []
    assert [c.action for c in corrections.load(conn)] == ["delete"]


@pytest.mark.parametrize(("target", "action", "fields", "author", "message"), [
    ("claim", "edit", {"action": "conquered", "place": "X"}, "Ana", "unknown action 'conquered'"),
    ("claim", "edit", {"action": "captured", "place": " "}, "Ana", "needs a place"),
    ("place", "reassign", {"name": "X"}, "Ana", "with a point"),
    ("place", "delete", {}, "Ana", "cannot delete a place"),
    ("report", "delete", {}, "  ", "who makes the correction"),
])
def test_bad_corrections_are_refused_and_nothing_is_stored(conn, target, action, fields, author, message):
    with pytest.raises(BadInput, match=message):
        corrections.record(conn, sha(conn), target, "k", action, fields, author)
    assert corrections.load(conn) == []


def test_candidates_offer_the_namesakes_and_flags_say_why():
    found = corrections.candidates("Kunduz")
    assert any(c["country_iso3"] == "AFG" and c["kind"] == "town" for c in found)
    assert "AFG" in corrections.candidate_label(found[0])
    assert corrections.flag({"confidence": 0.53}).startswith("⚠ low confidence (0.53)")
    assert corrections.flag({"confidence": 0.9}) == ""
    assert corrections.flag({"confidence": 0.2, "corrected": "edit by Ana, 2026-12-07"}).startswith("✎")


def test_a_correction_shows_in_control_after_reextraction(conn):
    from dashboard import events

    claim = only(store.claims(conn), place="Imam Sahib")
    corrections.record(conn, sha(conn), "claim", corrections.claim_key(claim), "edit",
                       {"actor": "Afghan government forces", "action": "retook", "place": "Imam Sahib",
                        "when": "2021-07-04"}, "Ana")
    reextract(conn)
    [event] = [e for e in events.from_store(conn).events if e.place.name == "Imam Sahib"]
    assert (event.action.value, event.day.isoformat()) == ("retook", "2021-07-04")
    assert "Afghan government" in (event.actor or "")


OTHER = "Government troops retook Faizabad in Badakhshan province on Tuesday, where 300 families fled."


def test_province_counts_leave_out_a_deleted_article(conn):
    from dashboard import sections

    assert ingest.ingest_text(conn, OTHER, "2021-07-06", "Badakhshan report", source="test").created
    # without corrections, the counts of the rows are the database's own
    rows = {"places": store.places(conn), "claims": store.claims(conn), "figures": store.figures(conn)}
    assert sections.province_counts(**rows) == store.province_counts(conn)
    assert {r["admin1"] for r in sections.page_rows(conn)["province_counts"]} == {"Kunduz", "Badakhshan"}
    badakhshan = next(r for r in store.reports(conn) if r["title"] == "Badakhshan report")
    corrections.record(conn, badakhshan["sha256"], "report", "", "delete", author="Ana")
    (kunduz,) = sections.page_rows(conn)["province_counts"]  # the filter offers, the map shades, only it
    assert (kunduz["admin1"], kunduz["n_reports"]) == ("Kunduz", 1)


def test_a_correction_survives_a_reingest_and_shows_in_export_and_control(new_db, tmp_path, capsys):
    """The analyst's edit, then the same file ingested again by the CLI: ``export`` and ``control``
    (the commands, as a user runs them) both tell the corrected claim."""
    import json

    from dashboard.__main__ import main

    db = new_db()
    article = tmp_path / "kunduz.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["ingest", "--db", db, "--published", "2021-07-05", str(article)]) == 0
    cli = store.connect(db)
    claim = only(store.claims(cli), place="Imam Sahib")
    corrections.record(cli, store.reports(cli)[0]["sha256"], "claim", corrections.claim_key(claim), "edit",
                       {"actor": "Afghan government forces", "action": "retook", "place": "Imam Sahib",
                        "when": "2021-07-04"}, "Ana")
    cli.close()
    assert main(["ingest", "--db", db, "--published", "2021-07-05", str(article)]) == 0  # again: no change
    capsys.readouterr()
    assert main(["export", "--db", db, "--format", "csv"]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    row = only(exported, actor="Afghan government forces")
    assert (row["action"], row["event_date"], row["location"]) == ("retook", "2021-07-04", "Imām Şāḩib")
    assert main(["control", "--db", db, "--as-of", "2021-07-10"]) == 0
    held = {r["place"]: r for r in json.loads(capsys.readouterr().out)}
    assert held["Imam Sahib"]["holder"] == "Afghan government forces"
    assert held["Imam Sahib"]["since"] == "2021-07-04"
