"""The fitted namesake ranker: its bundled coefficients, the confidence it gives, and its training
script run end to end on a small gold set written here."""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from collections import Counter

import pytest

from dashboard import bundled_data, extract, geocode, namesakes, settings
from dashboard.errors import DashboardError
from dashboard.gazetteer import name_index
from dashboard.text import masked, split_sentences

SPEC = importlib.util.spec_from_file_location("train_namesakes",
                                              settings.ROOT / "scripts" / "train_namesakes.py")
train = sys.modules.setdefault("train_namesakes", importlib.util.module_from_spec(SPEC))
SPEC.loader.exec_module(train)


def test_the_bundled_model_matches_the_features_and_gives_probabilities() -> None:
    spec = json.loads((settings.ROOT / "data" / "namesakes.json").read_text(encoding="utf-8"))
    assert spec["features"] == list(namesakes.FEATURES) and len(spec["coef"]) == len(namesakes.FEATURES)
    assert set(spec["trained_on"]) <= set("abcdefg") | {"shared gold"}  # h, n, t stay held out
    model = namesakes.model()
    assert all(math.isfinite(w) for w in model.coef)
    assert 0.0 < model.probability([0.0] * len(namesakes.FEATURES)) < 1.0


def test_the_confidence_shown_is_the_models_probability_among_the_namesakes() -> None:
    text = "Taliban fighters captured Kunduz on Sunday and moved on Taloqan in Afghanistan."
    place = next(p for p in extract(text, "2021-08-08").places if p.mention == "Kunduz")
    clean, index = masked(text), name_index()
    kept, focus, anchors = geocode.recognise(clean, split_sentences(clean), index.find(clean), index)
    match = next(m for m in kept if m.mention == "Kunduz")
    _, rows = geocode.ranked(clean, kept, index, focus, anchors, namesakes.model())[match.start]
    chosen = next(p for p, c, _ in rows if c.ref == place.ref)
    assert chosen == max(p for p, _, _ in rows)  # the city; every namesake of Kunduz is credible here
    assert place.confidence == round(chosen / sum(p for p, _, _ in rows), 2) == namesakes.share(chosen, [
        namesakes.model().probability(x) for _, _, x in rows]) < 1.0
    texas = next(p for p in extract("Floods hit Texas.", "2024-01-01").places if p.mention == "Texas")
    assert texas.kind == "admin1" and texas.confidence > 0.5  # the state, among towns named Texas


def test_features_say_what_the_text_states() -> None:
    kunduz = next(c for c in name_index().lookup("Kunduz") if c.kind == "admin1")
    stated = geocode.Hints(admin1=True)
    focus = Counter({"AFG": 2.0, "TJK": 1.0})
    values = namesakes.features(kunduz, stated, None, focus, 0.0, False, True, False)
    x = dict(zip(namesakes.FEATURES, values))
    assert x["kind_admin1"] == 1.0 and x["type_agrees"] == 1.0 and x["focus_share"] == 1.0
    assert x["near_150km"] == 1.0 and x["outside_focus"] == 0.0 and x["type_disagrees"] == 0.0


def test_a_model_fitted_on_other_features_is_a_one_line_error(tmp_path, monkeypatch) -> None:
    stale = {"features": ["other"], "intercept": 0, "coef": [1]}
    (tmp_path / "namesakes.json").write_text(json.dumps(stale))
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    namesakes.model.cache_clear()
    try:
        with pytest.raises(DashboardError, match="train_namesakes"):
            namesakes.model()
    finally:
        namesakes.model.cache_clear()
        bundled_data.clear_caches()


def test_training_fits_a_model_that_picks_the_namesakes_of_its_gold(tmp_path) -> None:
    """Two articles, each naming a town with namesakes: the script writes coefficients as JSON."""
    articles = [
        ("Russian forces captured Avdiivka in Ukraine after months of fighting. Troops left Kramatorsk.",
         [{"mention": "Avdiivka", "country_iso3": "UKR", "lat": 48.139, "lon": 37.743, "tolerance_km": 10},
          {"mention": "Kramatorsk", "country_iso3": "UKR", "lat": 48.723, "lon": 37.556,
           "tolerance_km": 10}]),
        ("The Taliban took Kunduz and Faizabad, the capital of Badakhshan, in Afghanistan.",
         [{"mention": "Faizabad", "country_iso3": "AFG", "lat": 37.116, "lon": 70.580, "tolerance_km": 15},
          {"mention": "Kunduz", "country_iso3": "AFG", "lat": 36.729, "lon": 68.857, "tolerance_km": 15}]),
        ("Fighting spread from Kunduz to Imam Sahib near the Tajik border in Afghanistan.",
         [{"mention": "Kunduz", "country_iso3": "AFG", "lat": 36.729, "lon": 68.857, "tolerance_km": 15}]),
    ]
    paths = []
    for i, (text, places) in enumerate(articles * 2):
        path = tmp_path / f"a{i}.json"
        path.write_text(json.dumps({"text": text, "published": "2024-02-17", "places": places}))
        paths.append(path)
    rows = [row for path in paths for row in train.rows_of(path, namesakes.model())]
    assert rows and {label for _, label, _ in rows} == {0, 1}
    out = tmp_path / "namesakes.json"
    assert train.main(["--gold", *map(str, paths), "--out", str(out)]) == 0
    spec = json.loads(out.read_text())
    assert spec["features"] == list(namesakes.FEATURES) and spec["fitted_top1"] >= 0.9
