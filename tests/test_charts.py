"""Tables and the timeline built from store rows."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.charts import (CLAIM_COLUMNS, CONSISTENCY_COLUMNS, FIGURE_COLUMNS, claims_table,
                              consistency_table, counted, figures_table, interval_of, latest, reports_table,
                              timeline_chart, timeline_rows, value_or_range)

META = {"report_id": 1, "title": "Seed story", "published": "2021-07-04"}
SENTENCE = "More than 300 troops crossed, the committee said."
CLAIM = {**META, "actor": "Taliban", "action": "captured", "place": "Imam Sahib", "when": "2021-06",
         "source": "State Committee", "sentence": SENTENCE}
FIGURE = {**META, "text": "more than 300", "value": 300, "low": 301, "high": None, "qualifier": "more than",
          "counts": "Afghan military troops", "sentence": SENTENCE, "place": "Badakhshan",
          "admin1": "Badakhshan", "when": "2021-07-03"}


@pytest.mark.parametrize(("resolved", "expected"), [
    ("2021-07-03", (date(2021, 7, 3), date(2021, 7, 3))),
    ("2021-06", (date(2021, 6, 1), date(2021, 6, 30))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
    ("2021-06/2021-07-02", (date(2021, 6, 1), date(2021, 7, 2))),
    ("2021-07/2021-06", None), (None, None), ("", None), ("soon", None), ("2021-13", None),
])
def test_interval_of(resolved, expected):
    assert interval_of(resolved) == expected


@pytest.mark.parametrize(("figure", "expected"), [
    ({"value": 300}, "300"), ({"value": 2.5}, "2.5"), ({"value": 12000}, "12,000"),
    ({"value": 300, "low": 301}, "≥ 301"), ({"high": 10}, "≤ 10"), ({"low": 5, "high": 10}, "5–10"),
    ({}, ""),
])
def test_value_or_range(figure, expected):
    assert value_or_range(figure) == expected


def test_figures_table_has_the_columns_and_the_speaker_of_the_sentence():
    table = figures_table([FIGURE], [CLAIM])
    assert list(table.columns) == FIGURE_COLUMNS
    row = table.iloc[0].to_dict()
    assert row == {"figure": "more than 300", "value/range": "> 300", "counts": "Afghan military troops",
                   "place": "Badakhshan", "province": "Badakhshan", "date": "2021-07-03",
                   "source": "State Committee", "article": "Seed story"}


@pytest.mark.parametrize(("text", "shown"), [
    ("more than 12 million people", "> 12 million"), ("over a third of", "> 1/3"), ("two-thirds of", "2/3"),
    ("over a third", "> 1/3"), ("two-thirds", "2/3"),
    ("at least 5 tanks", "≥ 5"), ("fewer than 10", "< 10"), ("up to 50", "≤ 50"), ("nearly 50", "nearly 50"),
    ("about 120", "≈ 120"), ("between 3,000 and 4,000", "3,000–4,000"), ("Six million", "6 million"),
    ("thousands of people", "thousands"), ("hundreds of thousands", "hundreds of thousands"), ("40%", "40%")])
def test_a_figure_is_shown_as_written(text, shown):
    assert value_or_range({"text": text, "value": 1}) == shown


@pytest.mark.parametrize(("text", "counts", "kept"), [
    ("150 km", "km", False), ("about 60km", None, False), ("two weeks", "weeks", False),
                                                      ("61-year-old", None, False),
    ("20 square kilometers", "square kilometers", False), ("US$20 billion", "gas project", False),
    ("300 soldiers", "soldiers", True), ("ten districts", "districts", True), ("over a third", None, True),
    ("12 tanks", "tanks", True)])
def test_distances_durations_areas_and_money_are_not_shown_as_figures(text, counts, kept):
    assert bool(counted([{"text": text, "counts": counts}])) is kept
    assert bool(counted([{"text": text, "counts": counts, "kind": "count" if kept else "distance"}])) is kept


def test_figures_table_leaves_unknowns_blank():
    row = figures_table([{"text": "ten", "value": 10}]).iloc[0].to_dict()
    assert row["counts"] == "" and row["province"] == "" and row["value/range"] == "10"


def test_figures_table_empty_keeps_columns():
    assert list(figures_table([]).columns) == FIGURE_COLUMNS and figures_table([]).empty


HOSTILE = 'He said "<script>alert(1)</script>" in Imam Sahib'
QUOTED = {**CLAIM, "place": "Badakhshan province", "admin1": "Badakhshan", "when": None,
          "source": "Mohib-ul Rahman",
          "quote": "Unfortunately, the Taliban have taken over the bulk of the province"}


@pytest.mark.parametrize(("claim", "expected"), [
    ({**CLAIM, "admin1": "Kunduz"},
     {"when": "2021-06", "actor": "Taliban", "action": "captured", "place": "Imam Sahib",
      "province": "Kunduz", "source": "State Committee", "quote or sentence": SENTENCE,
      "article": "Seed story", "published": "2021-07-04"}),
    (QUOTED,
     {"when": "—", "actor": "Taliban", "action": "captured", "place": "Badakhshan province",
      "province": "Badakhshan", "source": "Mohib-ul Rahman", "quote or sentence": QUOTED["quote"],
      "article": "Seed story", "published": "2021-07-04"}),
    ({"actor": None, "action": "fled", "place": "Faizabad", "quote": HOSTILE, "sentence": "ignored"},
     {"when": "—", "actor": "", "action": "fled", "place": "Faizabad", "province": "", "source": "",
      "quote or sentence": HOSTILE, "article": "", "published": ""}),
])
def test_claims_table_row_carries_its_evidence(claim, expected):
    table = claims_table([claim])
    assert list(table.columns) == CLAIM_COLUMNS
    assert table.iloc[0].to_dict() == {"taken from": "", "check": "", **expected}


@pytest.mark.parametrize(("finding", "expected"), [
    ({**META, "place": "Faizabad", "statement": "the provincial capital of Badakhshan",
      "finding": "inside Badakhshan: consistent", "consistent": True},
     {"place": "Faizabad", "statement": "the provincial capital of Badakhshan",
      "finding": "inside Badakhshan: consistent", "consistent": "yes", "article": "Seed story"}),
    ({**META, "place": "Imam Sahib", "statement": "a town in Kunduz province on the border with Uzbekistan",
      "finding": "about 103 km from the Afghanistan–Uzbekistan border: the stated border is doubtful",
      "consistent": False},
     {"place": "Imam Sahib", "statement": "a town in Kunduz province on the border with Uzbekistan",
      "finding": "about 103 km from the Afghanistan–Uzbekistan border: the stated border is doubtful",
      "consistent": "no", "article": "Seed story"}),
    ({"place": "X", "statement": HOSTILE, "finding": "no geometry", "consistent": None},
     {"place": "X", "statement": HOSTILE, "finding": "no geometry", "consistent": "", "article": ""}),
])
def test_consistency_table_says_yes_no_or_blank(finding, expected):
    table = consistency_table([finding])
    assert list(table.columns) == CONSISTENCY_COLUMNS
    assert table.iloc[0].to_dict() == expected


@pytest.mark.parametrize(("build", "columns"), [(claims_table, CLAIM_COLUMNS),
                                                (consistency_table, CONSISTENCY_COLUMNS)])
def test_empty_tables_keep_their_columns(build, columns):
    table = build([])
    assert list(table.columns) == columns and table.empty


def test_reports_table():
    table = reports_table([{"id": 1, "title": None, "published": "2021-07-04", "n_places": 5, "n_claims": 2,
                            "source": "seed", "ingested_at": "2024-01-01T00:00:00"}])
    assert table.iloc[0]["title"] == "(untitled)" and table.iloc[0]["places"] == 5


def test_month_claim_is_a_span_and_day_figure_a_point_and_publication_separate():
    rows = timeline_rows([CLAIM], [FIGURE])
    marks = {(r["series"], r["mark"], r["start"], r["end"]) for r in rows}
    assert marks == {
        ("event: claim", "span", "2021-06-01", "2021-07-01"),
        ("event: figure", "point", "2021-07-03", "2021-07-04"),
        ("publication date", "published", "2021-07-04", "2021-07-05"),
    }


def test_undated_rows_are_left_out():
    assert timeline_rows([{**CLAIM, "when": None, "published": None}], []) == []


def test_timeline_chart_layers_spans_points_and_publication():
    spec = timeline_chart(timeline_rows([CLAIM], [FIGURE])).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "point", "point"]
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "end"
    values = next(iter(spec["datasets"].values()))
    assert {v["label"] for v in values} == {"Taliban captured Imam Sahib",
                                            "more than 300 (Afghan military troops)"}
    assert spec["height"] == {"step": 24}


@pytest.mark.parametrize(("figure", "label"), [
    ({"text": "three days", "counts": "days"}, "three days"),
    ({"text": "300", "counts": "troops"}, "300 (troops)"),
    ({"text": "x" * 100}, "x" * 69 + "…"),
])
def test_figure_labels_are_short_and_not_repeated(figure, label):
    assert timeline_rows([], [{**figure, "published": "2021-07-04"}])[0]["label"] == label


@pytest.mark.parametrize(("n", "limit", "offset", "kept"), [
    (5, 10, 0, range(5)), (10, 10, 0, range(10)), (25, 10, 0, range(15, 25)), (25, 10, 10, range(5, 15)),
    (25, 10, 20, range(5)), (25, 10, 30, range(0)), (25, None, 5, range(20))])
def test_latest_gives_a_page_of_the_most_recent_articles(n: int, limit: int | None, offset: int,
                                                         kept: range) -> None:
    rows = [{"report_id": i, "text": f"figure {i}"} for i in reversed(range(n))]
    assert [r["report_id"] for r in latest(rows, limit, offset)] == list(kept)


def test_a_page_says_which_rows_it_shows_of_how_many() -> None:
    from dashboard.charts import page_note

    assert page_note(100, 100, 15600, "the most recent articles first") == (
        "Rows 101–200 of 15,600, the most recent articles first")
    assert page_note(0, 3, 3) == "Rows 1–3 of 3"


def test_columns_are_as_wide_as_their_text_and_longer_text_wraps() -> None:
    from dashboard import charts

    short = pd.DataFrame({"when": ["2021-07-01/2021-07-03"], "actor": ["Rapid Support Forces"]})
    widths = charts.column_widths(short)
    assert widths["when"] >= len("2021-07-01/2021-07-03") * charts.CHAR_PX  # not "2021-07-01/2…"
    assert charts.row_lines(short, widths) == 1
    quote = "Our forces have taken full control of the city and are clearing the last pockets of resistance"
    long = pd.DataFrame({"quote or sentence": [quote, "short"]})
    widths = charts.column_widths(long)
    assert widths["quote or sentence"] == charts.WIDEST_PX
    assert charts.row_lines(long, widths) == 2  # 94 characters: two lines of a 560 px column
    huge = pd.DataFrame({"quote or sentence": [quote * 5]})
    assert charts.row_lines(huge, charts.column_widths(huge)) == charts.MAX_LINES  # rows stay readable
    assert charts.row_px(1) == charts.ROW_PX and charts.row_px(3) > charts.row_px(2) > charts.ROW_PX
