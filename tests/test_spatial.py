"""Point-in-polygon, border lines and distances on the bundled boundaries."""
from __future__ import annotations

import pytest

from dashboard import spatial


@pytest.mark.parametrize(
    ("lon", "lat", "name"),
    [(70.58002, 37.11664, "Badakhshan"), (68.93644, 37.18897, "Kunduz"), (69.51519, 35.31292, "Panjshir"),
     (66.13023, 33.72178, "Daykundi"), (37.75, 48.14, "Donets'k")],
)
def test_admin1_of_point(lon: float, lat: float, name: str) -> None:
    assert spatial.admin1_of_point(lon, lat)[1] == name


def test_admin1_of_point_outside_every_unit_is_none() -> None:
    assert spatial.admin1_of_point(-30.0, 0.0) is None  # mid-Atlantic


def test_border_between_is_symmetric_and_named_for_both() -> None:
    border = spatial.border_between("TJK", "AFG")
    assert border is spatial.border_between("AFG", "TJK")
    assert border.id == "AFG-TJK" and 1000 < border.length_km < 1400
    assert spatial.border_between("AFG", "USA") is None
    assert {b.id for b in spatial.borders_of("AFG")} >= {"AFG-TJK", "AFG-UZB", "AFG-IRN", "AFG-PAK"}


def test_distance_to_border_from_imam_sahib() -> None:
    to_tajik = spatial.km_to_border(68.93644, 37.18897, "AFG-TJK")
    to_uzbek = spatial.km_to_border(68.93644, 37.18897, "AFG-UZB")
    assert 0 < to_tajik < 30 < 60 < to_uzbek < 150
