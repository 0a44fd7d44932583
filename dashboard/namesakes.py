"""Which namesake a place name means: each candidate's evidence as named features, weighed by a
logistic regression fitted on annotated articles (``scripts/train_namesakes.py`` -> ``data/namesakes.json``).

The features are what a careful reader weighs: what kind of place the candidate is and how important
(admin level, capital, population), the type and hierarchy the text states ("X province", "a town in
Kunduz province", "LEXINGTON, Ky."), the article's country focus and proximity to its other places.
The model's probability, as a share of all the namesakes' (one of them is meant), is the confidence a
place is shown with.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from dashboard import bundled_data

if TYPE_CHECKING:
    from dashboard.gazetteer import Candidate
    from dashboard.geocode import Hints

BIG_CITY = 100_000  # a city this large named like its province is the city ("Kabul"); a smaller town, rarely
KINDS = ("country", "admin1", "region", "town", "admin2", "world")
FEATURES = (
    *(f"kind_{k}" for k in KINDS),
    "log_population",  # a town's log10(population + 1) / 7
    "capital",  # a national or first-level capital
    "type_agrees",  # the text calls it what the candidate is ("X province" for a province, "the town of X")
    "type_disagrees",  # the text calls it something else ("X province" for a town)
    "district_stated",  # "X district" for a district (geoBoundaries unit)
    "town_in_district",  # "X district" for a town: the district around it
    "inside_stated_parent",  # "a town in Kunduz province", "Lexington, Ky.": the candidate lies inside
    "outside_stated_parent",
    "stated_capital",  # "the provincial capital of X" for a capital
    "focus_share",  # the share of the article's country focus its country has (top country: 1)
    "outside_focus",  # its country is not among the article's
    "beside_focus",  # not among them, but next to one of them
    "near_150km",  # within 150 km of another place the article names unambiguously
    "near_400km",  # within 400 km (but not 150)
    "twin_city",  # a city named like the province around it, named bare ("Kabul")
    "twin_town",  # a small town named like a province of its country ("Indiana", Pennsylvania)
    "own_name",  # the mention is the candidate's own name, not one of its alternate names
)


def features(c: Candidate, evidence: Hints, inside_parent: bool | None, focus: Counter[str],
             nearest_km: float | None, twin: bool, own_name: bool,
             beside_focus: bool) -> tuple[float, ...]:
    """The candidate's feature vector, in the order of ``FEATURES``: ``evidence`` is what the text says
    around the mention; ``inside_parent`` whether the candidate lies in the unit the text states (None:
    it states none); ``twin`` whether it is a town named like a province of its country, named bare;
    ``nearest_km`` the distance to the closest other unambiguous place; ``beside_focus``
    whether its country borders one the article is about."""
    kind = c.kind
    town_like, unit_like = kind in ("town", "admin2"), kind in ("admin1", "region")
    top = max(focus.values(), default=0.0)
    placed = kind not in ("country", "world")  # has a country below which focus and proximity mean something
    in_focus = c.country_iso3 in focus
    beside = placed and bool(top) and not in_focus and beside_focus
    near = nearest_km if placed and nearest_km is not None else math.inf
    values = {
        **{f"kind_{k}": float(kind == k) for k in KINDS},
        "log_population": math.log10(c.population + 1) / 7 if kind == "town" else 0.0,
        "capital": float(c.capital),
        "type_agrees": float((kind == "town" and (evidence.town or evidence.near))
                             or (unit_like and evidence.admin1)),
        "type_disagrees": float((town_like and evidence.admin1) or (kind == "admin2" and evidence.town)
                                or (unit_like and (evidence.town or evidence.district))),
        "district_stated": float(kind == "admin2" and evidence.district),
        "town_in_district": float(kind == "town" and evidence.district),
        "inside_stated_parent": float(placed and inside_parent is True),
        "outside_stated_parent": float(placed and inside_parent is False),
        "stated_capital": float(evidence.capital and bool(evidence.parent) and c.capital),
        "focus_share": focus.get(c.country_iso3, 0.0) / top if top and kind != "world" else 0.0,
        "outside_focus": float(placed and bool(top) and not in_focus and not beside),
        "beside_focus": float(beside),
        "near_150km": float(near < 150),
        "near_400km": float(150 <= near < 400),
        "twin_city": float(twin and c.population >= BIG_CITY),
        "twin_town": float(twin and c.population < BIG_CITY),
        "own_name": float(own_name),
    }
    return tuple(values[f] for f in FEATURES)


@dataclass(frozen=True)
class Model:
    """A fitted logistic regression: P(candidate is the place meant) = sigmoid(intercept + coef . x)."""

    intercept: float
    coef: tuple[float, ...]

    def probability(self, x: Sequence[float]) -> float:
        z = self.intercept + sum(w * v for w, v in zip(self.coef, x))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def share(p: float, candidates: Sequence[float]) -> float:
    """The confidence shown for a chosen namesake: its probability as a share of all its namesakes'
    (one of them is meant), two decimals; 1.0 for a name with one candidate."""
    total = sum(candidates)
    return round(p / total, 2) if total > 0 else 0.0


@lru_cache(maxsize=1)
def model() -> Model:
    """The bundled model (``data/namesakes.json``), checked against this module's feature names."""
    spec = json.loads(bundled_data.data_file("namesakes.json").read_text(encoding="utf-8"))
    if tuple(spec["features"]) != FEATURES:
        from dashboard.errors import DashboardError

        msg = "data/namesakes.json was fitted on other features: run `python scripts/train_namesakes.py`"
        raise DashboardError(msg)
    return Model(float(spec["intercept"]), tuple(float(w) for w in spec["coef"]))
