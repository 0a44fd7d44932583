"""Province labels: bare names unless two provinces offered share one."""
from __future__ import annotations

import pytest

from dashboard import province_names


def test_labels_qualify_only_shared_names():
    units = [("YEM", "Al Jawf"), ("AFG", "Kunduz"), ("SAU", "Al Jawf"), ("AFG", "Kunduz"), (None, "Eastern")]
    assert province_names.labels(units) == {("YEM", "Al Jawf"): "Al Jawf (YEM)", ("AFG", "Kunduz"): "Kunduz",
                                       ("SAU", "Al Jawf"): "Al Jawf (SAU)", (None, "Eastern"): "Eastern"}


@pytest.mark.parametrize(("label", "unit"), [
    ("Al Jawf (YEM)", ("YEM", "Al Jawf")), ("Kunduz", (None, "Kunduz")),
    ("Name (with note)", (None, "Name (with note)")), ("(YEM)", (None, "(YEM)"))])
def test_parse(label, unit):
    assert province_names.parse(label) == unit


def test_parse_reverses_labels():
    found = province_names.labels([("YEM", "Al Jawf"), ("SAU", "Al Jawf"), ("AFG", "Kunduz")])
    assert {province_names.parse(label) for label in found.values()} == {
        ("YEM", "Al Jawf"), ("SAU", "Al Jawf"), (None, "Kunduz")}
