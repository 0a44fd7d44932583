"""The publication date an article's relative dates count from, when none is given: read from its
header, or inferred from its datelines and "today" references (issue 20)."""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.pipeline import extract
from dashboard.published import date_of, infer_published, publication
from dashboard.text import masked, split_sentences

ZARANJ = ("Taliban capture first Afghan provincial capital, Zaranj in Nimroz\n\n"
          "KABUL, Aug 6 (Reuters) - Taliban insurgents took control of Zaranj, the capital of the "
          "southwestern Afghan province of Nimroz, on Friday, the first provincial capital to fall to the "
          "militants.\n\nThe Taliban have overrun dozens of districts across the country since May. U.S. "
          "President Joe Biden has said the U.S. military mission will end on Aug. 31, 2021.\n")
PANJSHIR = ("Resistance says it still holds the valley\n\n"
            "The Taliban, who entered Kabul on 15 August 2021, say they have taken the whole of "
            "Panjshir.\n\n"
            "Today, Thursday, September 9, the resistance said its fighters still held the passes. "
            "Yesterday morning Taliban fighters raised their flag over the governor's compound.\n")
FALLUJAH = ("Iraqi forces enter central Fallujah\n\n"
            "Fallujah (Iraq) (AFP) - Iraqi forces pushed into the heart of Fallujah on Friday and raised the "
            "national flag over the main government compound.\n\n"
            "The recapture of Fallujah follows that of Ramadi, the capital of Anbar province, in "
            "December.\n\n"
            "bur-ao/jm | 17/06/2016 21:14 GMT | AFP\n")
ADIGRAT = ("Ethiopia says federal forces take Adigrat\n\n"
           "ADDIS ABABA, Ethiopia (AP) - Ethiopia's government said Saturday that federal forces had "
           "captured the town of Adigrat, as the deadly conflict entered its third week.\n\n"
           "The conflict erupted on Nov. 4, 2020, when Prime Minister Abiy Ahmed ordered a military "
           "offensive.\n")
UNDATED = ("Rebels take the town\n\nRebels said on Sunday they had taken the town after a week of fighting, "
           "residents said.\n")


def _inferred(text: str):
    clean = masked(text, short_lines=False)
    return infer_published(clean, split_sentences(masked(text)))


@pytest.mark.parametrize(("text", "day", "source", "precision"), [
    (ZARANJ, date(2021, 8, 6), "dateline", 2),  # the year named elsewhere; a date weeks ahead is planned
    (PANJSHIR, date(2021, 9, 9), "today", 1),  # "Thursday" agrees with 2021
    (FALLUJAH, date(2016, 6, 17), "dateline", 1),  # the wire's feed footer
    (ADIGRAT, date(2020, 11, 24), "episode", 2),  # the conflict's third week, counted from its start
])
def test_publication_inferred_from_the_text(text, day, source, precision):
    p = _inferred(text)
    assert (p.day, p.source, p.precision, p.inferred) == (day, source, precision, True)


def test_nothing_to_infer_leaves_the_date_to_the_reader():
    report = extract(UNDATED)
    meta = report.to_dict()["report"]
    assert meta["published"] is None and meta["published_needed"] is True
    assert meta["published_inferred"] is False
    assert any("no publication date" in w for w in report.warnings)
    assert all(d.resolved is None for d in report.dates)


def test_relative_dates_resolve_against_the_inferred_date():
    report = extract(PANJSHIR)
    meta = report.to_dict()["report"]
    assert (meta["published"], meta["published_inferred"], meta["published_source"]) == \
        ("2021-09-09", True, "today")
    got = {d.text: d.resolved for d in report.dates}
    assert got["Yesterday"] == "2021-09-08"
    zaranj = {d.text: d.resolved for d in extract(ZARANJ).dates}
    assert (zaranj["on Friday"], zaranj["since May"]) == ("2021-08-06", "2021-05")


def test_a_given_date_is_not_inferred_and_the_header_is_read_first():
    clean = masked(ZARANJ, short_lines=False)
    given = publication(ZARANJ, clean, split_sentences(clean), date(2021, 8, 7))
    assert (given.day, given.inferred, given.source) == (date(2021, 8, 7), False, "given")
    header = "Updated 7:42 AM GMT+7, August 5, 2024\n\n" + ZARANJ
    clean = masked(header, short_lines=False)
    read = publication(header, clean, split_sentences(clean), None)
    assert (read.day, read.inferred, read.source) == (date(2024, 8, 5), True, "header")


@pytest.mark.parametrize("text", [
    # a historical date in the body is not the article's date
    "Rebels took the town on Sunday.\n\nThe war began on 24 February 2022, when Russia invaded.\n",
    # "today" far from the date is not a "today" reference
    "Today the rebels hold the town that the army had seized from them on 5 March 2021 after a long siege.\n",
])
def test_dates_in_the_body_are_not_publication_dates(text):
    assert _inferred(text).day is None


def test_date_of_tells_a_page_whether_to_ask_for_the_date():
    assert date_of(UNDATED).day is None
    assert (date_of(ZARANJ).day, date_of(ZARANJ).source) == (date(2021, 8, 6), "dateline")
    assert date_of(UNDATED, date(2024, 3, 1)).day == date(2024, 3, 1)


def test_a_date_to_come_in_the_first_lines_is_not_the_header_date():
    text = ("KABUL, Aug 6 (Reuters) - Taliban insurgents took Zaranj on Friday, officials said. The U.S. "
            "mission will end on Aug. 31, 2021.")
    assert (date_of(text).day, date_of(text).source) == (date(2021, 8, 6), "dateline")
