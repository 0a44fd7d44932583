"""Events and control over time from hand-built stored rows (independent of the extractor), then
the six wire reports of issue #16 through the real extractor, store and CLI."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKENDS

from dashboard import control, events, ingest, sides
from dashboard.__main__ import main as cli_main
from dashboard.vocabulary import Action

CORPUS = Path(__file__).resolve().parent / "corpus_zaranj"
ZARANJ = {"mention": "Zaranj", "name": "Zaranj", "kind": "town", "country_iso3": "AFG", "admin1": "Nimroz",
          "lat": 30.96, "lon": 61.86, "precision": 1, "ref": "geonames:1120985"}
KANG = {"mention": "Kang", "name": "Kang", "kind": "town", "country_iso3": "AFG", "admin1": "Nimroz",
        "lat": 31.12, "lon": 61.88, "precision": 1, "ref": "geonames:kang"}
CHAKHANSUR = {"mention": "Chakhansur", "name": "Chakhansur", "kind": "town", "country_iso3": "AFG",
              "admin1": "Nimroz", "lat": 31.17, "lon": 62.07, "precision": 1, "ref": "geonames:chakhansur"}
NIMROZ = {"mention": "Nimroz province", "name": "Nimroz", "kind": "admin1", "country_iso3": "AFG",
          "admin1": "Nimroz", "lat": 30.5, "lon": 62.0, "precision": 3, "ref": "ne-admin1:nimroz"}


def claim(rid: int, actor: str | None, action: str, when: str | None, place: dict = ZARANJ, **extra) -> dict:
    return {"report_id": rid, "actor": actor, "action": action, "place": place["mention"], "when": when,
            "source": extra.pop("source", None), "quote": extra.pop("quote", None),
            "sentence": extra.pop("sentence", f"{actor} {action} {place['mention']}."),
            "admin1": place["admin1"], "country_iso3": place["country_iso3"],
            "modality": extra.pop("modality", "asserted"), "loser": extra.pop("loser", None),
            "side": extra.pop("side", None), "title": f"report {rid}", "published": extra.pop("published",
                                                                                              when)}


def territory_of(claims: list[dict], texts: dict[int, str] | None = None, outlets: dict[int,
                                                                                        str] | None = None,
                 places: tuple[dict, ...] = (ZARANJ, KANG, CHAKHANSUR, NIMROZ)) -> events.Territory:
    """Stored-row shapes in, as ``events.from_store`` reads them."""
    rids = sorted({c["report_id"] for c in claims})
    place_rows = [{**p, "report_id": rid} for rid in rids for p in places]
    reports = [{"id": rid, "title": f"report {rid}", "published": None, "outlet": (outlets or {}).get(rid),
                "url": None} for rid in rids]
    texts = texts or {rid: f"Report number {rid} " + " ".join(f"word{rid}x{i}" for i in range(30))
                      for rid in rids}
    return events.territory(claims, place_rows, reports, lambda ids: {i: texts[i] for i in ids},
                            sides.table())


def control_on(known: events.Territory, day: str | None) -> dict[str, control.PlaceControl]:
    found = control.as_of(known.events, known.statements, known.sides,
                          date.fromisoformat(day) if day else None)
    return {pc.place.name: pc for pc in found}


ZARANJ_CLAIMS = [
    claim(1, "Taliban fighters", "captured", "2021-08-06", source="a provincial official"),
    claim(2, "the Taliban", "captured", "2021-08-06"),
    claim(3, "Afghan government forces", "retook", "2021-08-19", loser="Taliban"),
    claim(4, "Taliban", "retook", "2021-08-24"),
]


@pytest.mark.parametrize(("day", "holder", "recaptured", "changes"), [
    ("2021-08-07", "Taliban", False, 1),
    ("2021-08-20", "Afghan government forces", False, 2),
    ("2021-08-25", "Taliban", True, 3),
])
def test_holder_recapture_and_changes_as_of_a_date(day: str, holder: str, recaptured: bool,
                                                   changes: int) -> None:
    pc = control_on(territory_of(ZARANJ_CLAIMS), day)["Zaranj"]
    assert (pc.status, pc.holder, pc.recaptured, pc.changes) == ("held", holder, recaptured, changes)
    assert [s.change for s in pc.history] == [True] * changes


def test_nothing_before_the_first_event() -> None:
    assert "Zaranj" not in control_on(territory_of(ZARANJ_CLAIMS), "2021-08-05")


def test_same_event_from_two_reports_is_one_event_with_two_sources() -> None:
    known = territory_of(ZARANJ_CLAIMS)
    first = known.events[0]
    assert (first.action, first.actor, first.day, first.reports, first.sources) == (
        Action.CAPTURED, "Taliban", date(2021, 8, 6), (1, 2), 2)
    assert len(known.events) == 3
    pc = control_on(known, "2021-08-07")["Zaranj"]
    assert pc.sources == 2 and pc.history[0].to_dict()["reports"] == [1, 2]


def test_claims_a_week_apart_are_two_events_and_a_few_days_apart_one() -> None:
    known = territory_of([claim(1, "Taliban", "besieged", "2021-08-01"), claim(2, "Taliban", "besieged",
                                                                               "2021-08-03"),
                          claim(3, "Taliban", "besieged", "2021-08-10")])
    assert [(e.day.day, e.sources) for e in known.events] == [(1, 2), (10, 1)]


def test_syndicated_copies_count_once() -> None:
    story = ("KABUL - Taliban fighters captured Zaranj, the capital of Nimroz province, on Friday, a "
             "provincial official said, the first provincial capital to fall to the insurgents since May. "
             "Residents said "
             "government forces withdrew toward the Iranian border overnight after days of fighting.")
    texts = {1: story, 2: "ZARANJ (Wire) - " + story + " Copyright the wire.",
             3: "An entirely different report: Taliban insurgents took the city of Zaranj on Friday after "
                "the governor left, according to a lawmaker speaking to our correspondent."}
    known = territory_of([claim(r, "Taliban", "captured", "2021-08-06") for r in (1, 2, 3)], texts,
                         outlets={1: "Wire", 2: "Site reprinting the wire", 3: "Other outlet"})
    (event,) = known.events
    assert event.reports == (1, 2, 3) and event.sources == 2
    assert event.outlets == ("Wire", "Site reprinting the wire", "Other outlet")


def test_near_copies_uses_similarity_not_equality() -> None:
    base = " ".join(f"w{i}" for i in range(200))
    copies = events.near_copies({1: base, 2: base + " one extra tail", 3: base[::-1], 4: base})
    assert copies[1] == copies[2] == copies[4] == 1 and copies[3] == 3


@pytest.mark.parametrize(("claims", "status", "holder"), [
    ([claim(1, "Taliban", "besieged", "2021-08-03")], "contested", None),
    ([claim(1, "Taliban", "captured", "2021-08-03"), claim(2, "government forces", "attacked", "2021-08-05")],
     "contested", "Taliban"),
    # the holder's own side attacking near the place does not contest it
    ([claim(1, "Taliban", "captured", "2021-08-03"), claim(2, "Taliban fighters", "attacked", "2021-08-05")],
     "held", "Taliban"),
    # an attack the holder repelled ends the contest
    ([claim(1, "Taliban", "captured", "2021-08-03"), claim(2, "government forces", "attacked", "2021-08-10"),
      claim(3, "Taliban", "repelled", "2021-08-11")], "held", "Taliban"),
    # a withdrawal hands the place to the actor's one opponent
    ([claim(1, "Afghan security forces", "withdrew", "2021-08-03")], "held", "Taliban"),
    # expected and threatened takings change nothing
    ([claim(1, "Taliban", "captured", "2021-08-03", modality="expected"), claim(2, "Taliban", "besieged",
                                                                                "2021-08-03")],
     "contested", None),
])
def test_status_rules(claims: list[dict], status: str, holder: str | None) -> None:
    pc = control_on(territory_of(claims), "2021-08-30")["Zaranj"]
    assert (pc.status, pc.holder) == (status, holder)


def test_a_denied_capture_is_a_contradiction_with_both_quotes() -> None:
    known = territory_of([
        claim(1, "Taliban", "captured", "2021-08-08", source="a Taliban spokesman",
              quote="We captured Zaranj"),
        claim(2, "Taliban", "captured", "2021-08-08", modality="denied", source="the Interior Ministry",
              quote="Zaranj is in government hands"),
    ])
    assert [e.reports for e in known.events] == [(1,)]  # a denial is no event
    pc = control_on(known, "2021-08-09")["Zaranj"]
    assert (pc.status, pc.holder) == ("contested", None)
    (c,) = pc.contradictions
    assert (c.claim.quote, c.claim.source) == ("We captured Zaranj", "a Taliban spokesman")
    assert (c.counter.quote, c.counter.source, c.counter.modality) == (
        "Zaranj is in government hands", "the Interior Ministry", "denied")


def test_a_repelled_attack_contradicts_the_capture() -> None:
    pc = control_on(territory_of([
        claim(1, "Taliban", "captured", "2021-08-08", source="the Taliban"),
        claim(1, "government forces", "repelled", "2021-08-08", source="the Interior Ministry"),
    ]), "2021-08-09")["Zaranj"]
    assert pc.status == "contested" and pc.holder is None
    assert [(c.claim.actor, c.counter.actor, c.counter.source) for c in pc.contradictions] == [
        ("Taliban", "Afghan government forces", "the Interior Ministry")]


def test_a_later_undisputed_change_settles_an_old_contradiction() -> None:
    pc = control_on(territory_of([
        claim(1, "Taliban", "captured", "2021-08-08"),
        claim(2, "Taliban", "captured", "2021-08-08", modality="denied", source="ministry"),
        claim(3, "government forces", "retook", "2021-08-20"),
    ]), "2021-08-21")["Zaranj"]
    assert (pc.status, pc.holder) == ("held", "Afghan government forces") and len(pc.contradictions) == 1


@pytest.mark.parametrize(("claims", "status", "holder", "stated"), [
    # stated for the unit itself
    ([claim(1, "Taliban", "captured", "2021-08-06", NIMROZ), claim(2, "government forces", "retook",
                                                                   "2021-08-07")],
     "held", "Taliban", True),
    # most of its places
    ([claim(1, "Taliban", "captured", "2021-08-06"), claim(2, "Taliban", "captured", "2021-08-06", KANG),
      claim(3, "government forces", "controls", "2021-08-06", CHAKHANSUR)], "held", "Taliban", False),
    # no majority: contested
    ([claim(1, "Taliban", "captured", "2021-08-06"), claim(3, "government forces", "controls",
                                                           "2021-08-06", KANG)],
     "contested", None, False),
])
def test_province_roll_up(claims: list[dict], status: str, holder: str | None, stated: bool) -> None:
    known = territory_of(claims)
    places = control.as_of(known.events, known.statements, known.sides, date(2021, 8, 10))
    (nimroz,) = control.provinces(places)
    assert (nimroz.admin1, nimroz.status, nimroz.holder, nimroz.stated) == ("Nimroz", status, holder, stated)


def test_acled_rows_follow_the_codebook() -> None:
    known = territory_of(ZARANJ_CLAIMS, outlets={1: "Reuters", 2: "AP", 3: "AFP", 4: "Reuters"})
    rows = [events.acled_row(e, known.sides, {"AFG": "Afghanistan"}) for e in known.events]
    assert [(r["event_date"], r["sub_event_type"], r["actor1"], r["actor2"]) for r in rows] == [
        ("2021-08-06", "Non-state actor overtakes territory", "Taliban", "Afghan government forces"),
        ("2021-08-19", "Government regains territory", "Afghan government forces", "Taliban"),
        ("2021-08-24", "Non-state actor overtakes territory", "Taliban", "Afghan government forces")]
    assert rows[0]["source"] == "Reuters; AP" and rows[0]["country"] == "Afghanistan"
    assert rows[0]["time_precision"] == 1 and rows[0]["geo_precision"] == 1
    assert "2 independent reports" in rows[0]["notes"]


@pytest.mark.parametrize(("stated", "country", "canonical"), [
    ("Taliban fighters", "AFG", "Taliban"),
    ("Afghan government forces (Afghan forces)", "AFG", "Afghan government forces"),
    ("government forces", "AFG", "Afghan government forces"),
    ("government forces", "IRQ", "government forces"),  # generic names only inside their conflict
    ("the RSF", "SDN", "Rapid Support Forces (RSF)"),
    ("Russian forces and Wagner mercenaries", "UKR", "Russian forces"),
    ("Syrian government forces backed by Russia", "SYR", "Syrian government forces"),
    ("M23 / Congo River Alliance (AFC)", "COD", "M23"),
    ("XYZ Liberation Army", "MMR", "XYZ Liberation Army"),
])
def test_actor_names_become_canonical(stated: str, country: str, canonical: str) -> None:
    assert sides.table().canonical(stated, country) == canonical


def test_articles_extend_the_sides_table() -> None:
    table = sides.table().extended([("Kandahar Police", "AFG", "state"), ("Some Militia", "AFG",
                                                                          "non-state")])
    assert table.same_side("Kandahar Police", "Afghan government forces", "AFG")
    militia = table.side_of("Some Militia", "AFG")
    assert militia is not None and not table.same_side("Some Militia", "Taliban", "AFG")
    assert militia.colour == sides.extra_colour("Some Militia")  # the same colour on every run


# --- the six wire reports of issue #16, through the real extractor, store and CLI -------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def corpus_db(request, tmp_path_factory) -> str:
    """The corpus stored once per backend (a SQLite file; a PostGIS database)."""
    db = (str(tmp_path_factory.mktemp("zaranj") / "db.sqlite") if request.param == "sqlite"
          else request.getfixturevalue("postgres_server").new_database())
    results = ingest.ingest_paths(db, [CORPUS])
    assert len(results) == 6 and not [r.error for r in results if r.error]
    return db


def run(capsys, *args: str) -> str:
    assert cli_main(list(args)) == 0
    return capsys.readouterr().out


def control_json(capsys, db: Path, day: str) -> dict[str, dict]:
    return {row["place"]: row for row in json.loads(run(capsys, "control", "--db", str(db), "--as-of", day))}


def test_issue_corpus_zaranj_over_time(corpus_db: Path, capsys) -> None:
    assert "Zaranj" not in control_json(capsys, corpus_db, "2021-08-05")
    z = control_json(capsys, corpus_db, "2021-08-07")["Zaranj"]
    assert (z["status"], z["holder"], z["since"]) == ("held", "Taliban", "2021-08-06")
    assert len(z["history"]) == 1 and z["history"][0]["sources"] == 2 and len(z["history"][0]["reports"]) == 2
    z = control_json(capsys, corpus_db, "2021-08-20")["Zaranj"]
    assert (z["status"], z["holder"], z["recaptured"]) == ("held", "Afghan government forces", False)
    z = control_json(capsys, corpus_db, "2021-08-25")["Zaranj"]
    assert (z["holder"], z["recaptured"], z["changes"], len(z["history"])) == ("Taliban", True, 3, 3)
    assert [h["actor"] for h in z["history"]] == ["Taliban", "Afghan government forces", "Taliban"]
    assert {"place", "country_iso3", "admin1", "lat", "lon", "status", "holder", "since", "recaptured",
            "sources",
            "contradictions", "history"} <= set(z)


def test_issue_corpus_lashkar_gah_besieged_is_contested(corpus_db: Path, capsys) -> None:
    rows = control_json(capsys, corpus_db, "2021-08-04")
    (lashkar_gah,) = [r for r in rows.values() if r["place"].startswith("Lashkar")]
    assert (lashkar_gah["status"], lashkar_gah["holder"]) == ("contested", None)


def test_issue_corpus_kunduz_contested(corpus_db: Path, capsys) -> None:
    kunduz = control_json(capsys, corpus_db, "2021-08-09")["Kunduz"]
    assert kunduz["status"] == "contested"


def test_issue_corpus_kunduz_contradiction_listed(corpus_db: Path, capsys) -> None:
    kunduz = control_json(capsys, corpus_db, "2021-08-09")["Kunduz"]
    (c,) = kunduz["contradictions"]
    assert c["claim"]["actor"] == "Taliban" and "Interior Ministry" in (c["counter"]["source"] or "")
    assert "repelled" in c["counter"]["quote"]


def test_issue_corpus_events_csv_has_three_zaranj_events(corpus_db: Path, capsys) -> None:
    out = run(capsys, "events", "--db", str(corpus_db), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == events.ACLED_COLUMNS
    zaranj = [r for r in rows if r["location"] == "Zaranj"]
    assert [(r["event_date"], r["actor1"]) for r in zaranj] == [
        ("2021-08-06", "Taliban"), ("2021-08-19", "Afghan government forces"), ("2021-08-24", "Taliban")]
    assert zaranj[0]["source"] == "Reuters; AP" and zaranj[0]["country"] == "Afghanistan"
    assert [r["sub_event_type"] for r in zaranj] == [
        "Non-state actor overtakes territory", "Government regains territory",
        "Non-state actor overtakes territory"]


def test_control_csv_and_province_level(corpus_db: Path, capsys) -> None:
    out = run(capsys, "control", "--db", str(corpus_db), "--as-of", "2021-08-25", "--format", "csv")
    rows = {r["place"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(json.loads(rows["Zaranj"]["history"])) == 3
    provinces = json.loads(run(capsys, "control", "--db", str(corpus_db), "--as-of", "2021-08-25", "--level",
                               "province"))
    assert {"admin1": "Nimroz", "holder": "Taliban", "status": "held"}.items() <= \
        next(p for p in provinces if p["admin1"] == "Nimroz").items()


def test_outlet_and_url_come_from_the_sidecar(corpus_db: Path) -> None:
    from dashboard import store

    conn = store.connect(corpus_db)
    try:
        rows = {r["title"]: r for r in store.reports(conn)}
    finally:
        conn.close()
    row = rows["Taliban capture Zaranj, first provincial capital to fall"]
    assert (row["outlet"], row["url"]) == ("Reuters", "https://example.org/01_reuters_zaranj")


def test_campaign_corpus_has_a_recapture_and_a_disputed_fall(db: str, capsys) -> None:
    """The wire-style corpus of one campaign (Afghanistan, August 2021): 30+ reports, several outlets."""
    corpus = CORPUS.parent / "corpus_campaign"
    outlets = {json.loads(p.read_text(encoding="utf-8"))["outlet"] for p in corpus.glob("*.json")}
    assert len(list(corpus.glob("*.txt"))) >= 30 and len(outlets) >= 5
    assert not [r.error for r in ingest.ingest_paths(db, [corpus]) if r.error]
    rows = control_json(capsys, db, "2021-08-31")
    banu = rows["Banu district"]
    assert (banu["holder"], banu["recaptured"], banu["changes"]) == ("Taliban", True, 3)
    resistance = banu["history"][1]
    assert (resistance["actor"], resistance["sources"]) == ("Anti-Taliban resistance forces", 2)
    sheberghan = rows["Sheberghan"]
    assert (sheberghan["status"], sheberghan["holder"]) == ("contested", None)
    (c,) = sheberghan["contradictions"]
    assert {c["claim"]["actor"], c["counter"]["actor"]} == {"Taliban", "Afghan government forces"}
    assert rows["Zaranj"]["history"][0]["sources"] == 2  # AP and its syndicated copy count once
    assert len(rows["Zaranj"]["history"][0]["reports"]) == 3
    # Pul-e-Hesar: found where Reuters types it ("the district of Pul-e-Hesar", retaken by militia on 20
    # August); AP's bare "recaptured Pul-e-Hesar" three days later names a district the gazetteer lacks
    held = [r for r in rows.values() if r["status"] == "held" and r["place"] != "Pul-e-Hesar"]
    assert len(held) >= 20 and {r["holder"] for r in held} == {"Taliban"}


def test_acled_sub_event_type_of_an_actor_the_table_does_not_know_follows_the_article() -> None:
    known = territory_of([claim(1, "Nimroz Border Police", "retook", "2021-08-19", side="state"),
                          claim(2, "Baloch Liberation Militia", "captured", "2021-08-25", side="non-state")])
    rows = [events.acled_row(e, known.sides, {}) for e in known.events]
    assert [r["sub_event_type"] for r in rows] == ["Government regains territory",
                                                   "Non-state actor overtakes territory"]
