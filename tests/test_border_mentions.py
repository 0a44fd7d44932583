"""Border phrases resolved to the right border line."""
from __future__ import annotations

import pytest

from dashboard import spatial, extract


@pytest.mark.parametrize(
    ("text", "mention", "border_id"),
    [
        ("Fighting in Kunduz and Faizabad pushed soldiers to the Tajik border.", "the Tajik border",
         "AFG-TJK"),
        ("ISIL fights on both sides of the Iraqi-Syrian frontier near Mosul.", "the Iraqi-Syrian frontier",
         "IRQ-SYR"),
        ("Imam Sahib, a town in Kunduz province on the border with Uzbekistan, fell.",
         "the border with Uzbekistan",
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


def test_a_border_is_placed_at_its_stretch_nearest_the_places_named_around_it():
    """The Cameroon–Nigeria border is ~1,700 km long: near Banki it is there, not at its middle."""
    text = "Troops reached the Cameroon border near Banki in Borno state, Nigeria."
    border = next(p for p in extract(text, "2021-04-20").places if p.kind == "border")
    banki = next(p for p in extract(text, "2021-04-20").places if p.mention == "Banki")
    assert border.ref == "border:CMR-NGA"
    line = spatial.border_between("CMR", "NGA")

    def degrees(lat: float, lon: float) -> float:
        return abs(lat - banki.lat) + abs(lon - banki.lon)

    # the nearest stretch of the bundled line (it runs ~40 km from Banki there), not the middle ~6 degrees
    # away
    assert degrees(border.lat, border.lon) < 0.6 < 3 < degrees(line.lat, line.lon)


def test_a_bare_border_with_no_named_one_is_the_main_countries_shared_border():
    text = ("Ukraine's troops smashed across the border nine days ago. Sudzha, in Russia's Kursk region, "
            "fell on Thursday, Ukraine said, after fighting near Sumy in Ukraine.")
    border = next(p for p in extract(text, "2024-08-15").places if p.kind == "border")
    assert (border.mention, border.ref) == ("the border", "border:RUS-UKR")


def test_every_border_phrase_of_a_long_text_is_found() -> None:
    """Borders are searched near their words: a "borderline" case and a long gap lose none."""
    filler = "The talks went on for hours without result. " * 8
    text = (f"Fighting in Kunduz was borderline chaotic. Soldiers fled to the Tajik border. {filler}"
            f"Herat lies near the Iranian border, and Mosul near the Iraqi-Syrian frontier.")
    borders = [(p.mention, p.ref) for p in extract(text, "2021-07-04").places if p.kind == "border"]
    assert borders == [("the Tajik border", "border:AFG-TJK"), ("the Iranian border", "border:AFG-IRN"),
                       ("the Iraqi-Syrian frontier", "border:IRQ-SYR")]


def test_cross_border_is_a_manner_not_a_border_named_but_tells_which_border_is_meant() -> None:
    text = ("Afghan forces fled cross-border into Tajikistan, officials said. "
            "Later more than 300 Afghan soldiers crossed the border.")
    borders = [(p.mention, p.ref) for p in extract(text, "2021-07-04").places if p.kind == "border"]
    assert borders == [("the border", "border:AFG-TJK")]
