"""extract(): the whole report, its contract (SCHEMA.md) and its invariants."""
from __future__ import annotations

import json

import pytest

from dashboard import extract
from dashboard.errors import BadInput

SEED = open("seeds/ap_2021-07-04_badakhshan.txt", encoding="utf-8").read()
KEYS = {"report", "places", "figures", "dates", "claims", "consistency"}


@pytest.fixture(scope="module")
def seed_report():
    return extract(SEED, "2021-07-04", "In NE Afghanistan")


def test_report_follows_the_contract(seed_report) -> None:
    data = json.loads(json.dumps(seed_report.to_dict()))
    assert KEYS <= set(data)
    assert data["report"]["published"] == "2021-07-04" and len(data["report"]["sha256"]) == 64
    place = data["places"][0]
    assert {"mention", "start", "end", "kind", "name", "country_iso3", "admin1", "lat", "lon", "precision",
            "ref",
            "confidence", "sentence"} <= set(place)


def test_every_offset_slices_the_text_as_read(seed_report) -> None:
    for p in seed_report.places:
        assert SEED[p.start:p.end] == p.mention
    for item in (*seed_report.figures, *seed_report.dates):
        assert SEED[item.start:item.end] == item.text


def test_figures_know_their_place_and_date(seed_report) -> None:
    ten = next(f for f in seed_report.figures if f.text.startswith("Ten"))
    assert ten.value == 10 and ten.when == "2021-07-01/2021-07-03"
    hundreds = next(f for f in seed_report.figures if f.text.lower().startswith("hundreds"))
    assert hundreds.place == "Faizabad" and hundreds.admin1 == "Badakhshan"


def test_without_publication_date_relative_dates_stay_unresolved() -> None:
    dates = {d.text: d for d in extract(SEED).dates}
    assert dates["Sunday"].resolved is None and dates["Sunday"].precision == "unresolved"
    assert dates["2001"].resolved == "2001"


def test_same_text_same_report() -> None:
    assert extract(SEED, "2021-07-04") == extract(SEED, "2021-07-04")


@pytest.mark.parametrize("published", ["04/07/2021", "2021-13-01", "yesterday", "20210704", " 2021-07-04",
                                       "２０２１-０７-０４"])
def test_bad_publication_date_is_one_line_error(published: str) -> None:
    with pytest.raises(BadInput, match="not a date in the form YYYY-MM-DD"):
        extract(SEED, published)


@pytest.mark.parametrize("text", ["", "   \n", "a\x00b"])
def test_unreadable_text_is_refused(text: str) -> None:
    with pytest.raises(BadInput):
        extract(text)


@pytest.mark.parametrize(
    ("header", "published"),
    [(" date 2021-07-05 Tajikistan : Several districts fell.", "2021-07-05"),
     ("KABUL, Afghanistan, July 4, 2021 — Several districts fell.", "2021-07-04"),
     ("Posted 17 February 2024. Several districts fell.", "2024-02-17")],
)
def test_publication_date_is_read_from_the_header_when_not_given(header: str, published: str) -> None:
    report = extract(header + " On Saturday troops left.")
    assert report.report.published == published
    assert any("read from the article's header" in w for w in report.warnings)


def test_a_given_publication_date_wins_over_the_header() -> None:
    assert extract(" date 2021-07-05 Troops left on Saturday.", "2021-07-10").report.published == "2021-07-10"


def test_matches_per_article_are_capped_with_a_warning(monkeypatch) -> None:
    """A list of thousands of names is not news: bounded work and rows per article (issue 19)."""
    from dashboard import pipeline

    monkeypatch.setattr(pipeline, "MAX_MATCHES", 3)
    text = ("Fighting was reported in Kunduz, Herat, Kabul, Mazar-i-Sharif, Ghazni and Kandahar on 3 May, "
            "4 May, 5 May and 6 May, with 10, 20, 30 and 40 dead.")
    report = pipeline.extract(text, "2021-07-04")
    assert [p.mention for p in report.places] == ["Kunduz", "Herat", "Kabul"]
    assert len(report.dates) == 3 and len(report.figures) <= 3
    assert any("more than 3 place names" in w for w in report.warnings)


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060", "\ufeff"])
def test_invisible_characters_do_not_hide_a_place_and_offsets_stay_on_the_text(hidden: str) -> None:
    """"Kun\\u200bduz" hid Kunduz (issue 19): matched without them, reported on the text as given."""
    import hashlib

    text = f"\u202eTaliban fighters seized Kun{hidden}duz on Sunday, officials said on 3 May 2021.\u202c"
    report = extract(text, "2021-07-04")
    (kunduz,) = [p for p in report.places if p.name == "Kunduz"]
    assert kunduz.mention == f"Kun{hidden}duz" == text[kunduz.start:kunduz.end]
    assert all(text[d.start:d.end] == d.text for d in report.dates) and report.dates
    assert report.report.sha256 == hashlib.sha256(text.encode()).hexdigest()
