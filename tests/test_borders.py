"""Border phrases resolved to the right border line."""
from __future__ import annotations

import pytest

from dashboard import extract


@pytest.mark.parametrize(
    ("text", "mention", "border_id"),
    [
        ("Fighting in Kunduz and Faizabad pushed soldiers to the Tajik border.", "the Tajik border", "AFG-TJK"),
        ("ISIL fights on both sides of the Iraqi-Syrian frontier near Mosul.", "the Iraqi-Syrian frontier", "IRQ-SYR"),
        ("Imam Sahib, a town in Kunduz province on the border with Uzbekistan, fell.", "the border with Uzbekistan",
         "AFG-UZB"),
        ("Afghan soldiers from Kunduz fled across the border into Tajikistan.", "the border", "AFG-TJK"),
        ("Herat lies near the Iranian border.", "the Iranian border", "AFG-IRN"),
    ],
)
def test_border_phrases(text: str, mention: str, border_id: str) -> None:
    borders = {p.mention: p for p in extract(text, "2021-07-04").places if p.kind == "border"}
    assert borders[mention].ref == f"border:{border_id}" and borders[mention].precision == 3


def test_a_bare_border_refers_back_to_the_last_named_one() -> None:
    text = ("Soldiers from Kunduz fled across the border into Tajikistan. "
            "Later the Taliban pushed toward the border again.")
    borders = [p for p in extract(text, "2021-07-04").places if p.kind == "border"]
    assert [p.ref for p in borders] == ["border:AFG-TJK", "border:AFG-TJK"]
