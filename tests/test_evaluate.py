"""``python -m dashboard evaluate``: precision and recall per field against the user's gold files."""
from __future__ import annotations

import json

import pytest
from test_cli import assert_one_line_error, run_cli
from test_ingest import SEED

from dashboard import evaluate
from dashboard.errors import BadInput

GOLD = {
    "places": [{"mention": "Kunduz", "lat": 36.9, "lon": 68.7, "country_iso3": "AFG", "admin1": "Kunduz",
                "tolerance_km": 80},
               {"mention": "Imam Sahib", "lat": 37.189, "lon": 68.936, "country_iso3": "AFG",
                "tolerance_km": 10}],
    "figures": [{"text": "more than 300", "value": 300}],
    "dates": [{"text": "last month", "resolved": "2021-06"}],
    "claims": [{"actor": "Taliban", "action": "captured", "place": "Imam Sahib"}],
}


def test_score_counts_recall_and_precision_per_field():
    got = {
        "places": [{"mention": "Kunduz province", "lat": 36.8, "lon": 68.8, "country_iso3": "AFG",
                    "admin1": "Kunduz"},
                   {"mention": "Imam Sahib", "lat": 10.0, "lon": 10.0,
                    "country_iso3": "NGA"},  # wrong namesake
                   {"mention": "Taliban", "lat": 40.0, "lon": 30.0, "country_iso3": "TUR"}],  # spurious
        "figures": [{"text": "more than 300 troops", "value": 300}, {"text": "150 km", "value": 150}],
        "dates": [{"text": "Last month", "resolved": "2021-06"}],
        "claims": [{"actor": "the Taliban", "action": "seized", "place": "Imam Sahib"},
                   {"actor": "Taliban", "action": "fled", "place": "Imam Sahib"}],
    }
    t = evaluate.score(GOLD, got)
    assert (t["places"].gold, t["places"].hit, t["places"].returned, t["places"].right) == (2, 1, 3, 1)
    assert any("spurious place 'Taliban'" in m for m in t["places"].misses)
    assert (t["figures"].recall, t["figures"].precision) == (1.0, 0.5)
    assert (t["dates"].recall, t["dates"].precision) == (1.0, 1.0)
    assert (t["claims"].hit, t["claims"].right, t["claims"].returned) == (1, 1, 2)  # 'fled' is not 'captured'
    assert t["claims"].f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)


@pytest.mark.parametrize(("want", "got", "same"), [
    ("2021-07-01/2021-07-04", "2021-06-30/2021-07-05", True), ("2021-06", "2021-07", False),
    ("2021-06", None, False)])
def test_day_ranges_may_differ_by_a_day(want, got, same):
    assert evaluate.same_date(want, got) is same


@pytest.mark.parametrize(("gold", "message"), [
    ([], "one JSON object"), ({"places": []}, '"text" or as "file"'),
    ({"text": "x", "claims": [{"actor": "A"}]}, "claims[0] lacks action, place"),
    ({"text": "x", "figures": {}}, '"figures" must be a list')])
def test_bad_gold_is_named(gold, message):
    with pytest.raises(BadInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        evaluate.check_gold(gold, "g.json")


def test_cli_scores_gold_files_of_inline_text_and_of_a_file(tmp_path):
    inline = {"id": "inline", "text": "Taliban fighters captured Imam Sahib in Kunduz province on Monday.",
              "published": "2021-07-05", **{k: v for k, v in GOLD.items() if k in ("places", "claims")}}
    by_file = {"file": str(SEED.resolve()), "published": "2021-07-04",
               "places": [{"mention": "Faizabad", "lat": 37.117, "lon": 70.58, "country_iso3": "AFG",
                           "tolerance_km": 10}]}
    (tmp_path / "a.json").write_text(json.dumps(inline))
    (tmp_path / "b.json").write_text(json.dumps(by_file))
    proc = run_cli("evaluate", tmp_path / "a.json", tmp_path / "b.json", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [f["id"] for f in out["files"]] == ["inline", "b.json"]
    assert out["total"]["places"]["gold"] == 3 and out["total"]["places"]["found"] == 3
    assert out["total"]["claims"] == {**out["total"]["claims"], "gold": 1, "found": 1}
    text = run_cli("evaluate", tmp_path / "a.json", "-v")
    assert text.returncode == 0 and "precision" in text.stdout and "claims" in text.stdout


def test_cli_bad_gold_is_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert_one_line_error(run_cli("evaluate", bad), "not a JSON file")
    assert_one_line_error(run_cli("evaluate", tmp_path / "missing.json"), "cannot read")
