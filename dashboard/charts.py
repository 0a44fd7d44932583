"""Rows from the store -> the tables and the altair timeline beside the map (pure, no streamlit)."""
from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from dashboard.corrections import flag
from dashboard.figures import SHOWN_KINDS, display_value, figure_kind

Row = Mapping[str, Any]

FIGURE_COLUMNS = ["figure", "value/range", "counts", "place", "province", "date", "source", "article"]
REPORT_COLUMNS = ["title", "published", "places", "claims", "source", "ingested"]
CLAIM_COLUMNS = ["when", "actor", "action", "place", "taken from", "province", "source", "check",
                 "quote or sentence", "article", "published"]
CHAR_PX, CELL_PAD_PX, WIDEST_PX = 7.5, 24, 560  # a column as wide as its longest text, up to WIDEST_PX
# A text wider than its column wraps in a row tall enough for it, up to MAX_LINES lines; the grid's
# one-line row is ROW_PX tall, each further line LINE_PX (Streamlit's 14 px Source Sans).
ROW_PX, LINE_PX, MAX_LINES = 35, 21, 3
_WRAP_FILL = 0.85  # a wrapped line breaks between words: it fills about this share of its width
PLACE_COLUMNS = ["mention", "resolved as", "kind", "province", "country", "confidence", "check", "article"]
CONSISTENCY_COLUMNS = ["place", "statement", "finding", "consistent", "article"]
SERIES = ("event: claim", "event: figure", "publication date")
SERIES_COLORS = ("#de2d26", "#3182bd", "#737373")
LABEL_CHARS = 70
# What one page draws at most: a 26,000-mark timeline or a 120,000-row table is unreadable and
# costs seconds on every filter change (`make bench`, issue 8); the CLI export has every row.
TIMELINE_LIMIT = 300
TABLE_LIMIT = 1000
# A table sends one page of rows per rerun: at 10,000 reports its 1,000 most recent rows were 0.6 MB of
# the 0.89 MB a filter change sent (`make bench`, issue 16); every row is a click away (download, pages).
PAGE_ROWS = 100
ROW_STEP = 24  # pixels per timeline row, so labels never overlap


def interval_of(resolved: str | None) -> tuple[date, date] | None:
    """First and last day of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO interval ``A/B``."""
    if not resolved:
        return None
    if "/" in resolved:
        first, _, last = resolved.partition("/")
        a, b = interval_of(first), interval_of(last)
        return (a[0], b[1]) if a and b and a[0] <= b[1] else None
    parts = resolved.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return date(numbers[0], 1, 1), date(numbers[0], 12, 31)
        if len(numbers) == 2:
            year, month = numbers
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 3:
            day = date(*numbers)
            return day, day
    except ValueError:
        return None
    return None


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def counted(figures: Sequence[Row]) -> list[Row]:
    """The figures that count people, units, places or equipment (or are shares of them): not the
    distances, areas, durations and sums the extraction also lists (issue 18)."""
    return [f for f in figures
            if (f.get("kind") or figure_kind(str(f.get("text") or ""), f.get("counts"))) in SHOWN_KINDS]


def value_or_range(figure: Row) -> str:
    """The number as written with its qualifier as a sign ("> 12 million", "> 1/3"); without the text,
    ``300``, ``301–400``, ``≥ 301`` or ``≤ 10`` from the figure's value/low/high."""
    if figure.get("text"):
        return display_value(str(figure["text"]), figure.get("qualifier"))
    low, high, value = figure.get("low"), figure.get("high"), figure.get("value")
    if low is not None and high is not None and low != high:
        return f"{_number(low)}–{_number(high)}"
    if low is not None and high is None:
        return f"≥ {_number(low)}"
    if high is not None and low is None:
        return f"≤ {_number(high)}"
    return _number(value) if value is not None else ""


def _sources_by_sentence(claims: Sequence[Row]) -> dict[tuple[Any, str], str]:
    """Who said it: a claim's source, keyed by (report, sentence), for figures in the same sentence."""
    return {(c.get("report_id"), c.get("sentence") or ""): c["source"] for c in claims if c.get("source")}


def figures_table(figures: Sequence[Row], claims: Sequence[Row] = ()) -> pd.DataFrame:
    """One row per quoted figure, as the page shows it."""
    sources = _sources_by_sentence(claims)
    rows = [{
        "figure": f.get("text"), "value/range": value_or_range(f), "counts": f.get("counts"),
        "place": f.get("place"), "province": f.get("admin1"), "date": f.get("when") or f.get("published"),
        "source": sources.get((f.get("report_id"), f.get("sentence") or ""), ""), "article": f.get("title"),
    } for f in figures]
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS).fillna("")  # blank, not "None", in the grid


def column_widths(frame: pd.DataFrame) -> dict[str, int]:
    """Pixel width per column, from its longest text (header included): a column narrower than its
    text cut it off ("Rapid Su", "2021-07-01/2…", issue 18); a text longer than WIDEST_PX wraps in a
    taller row (:func:`row_lines`)."""
    widths = {}
    for name in frame.columns:
        longest = max([len(str(name)), *(len(str(v)) for v in frame[name].head(200))])
        widths[str(name)] = math.ceil(min(longest * CHAR_PX + CELL_PAD_PX, WIDEST_PX))
    return widths


def row_lines(frame: pd.DataFrame, widths: Mapping[str, int]) -> int:
    """Lines the tallest cell needs at its column's width (``column_widths``), at most MAX_LINES: a
    long quote or "hundreds of Afghan army, police, and intelligence personnel" wraps instead of
    being cut off (issue 18)."""
    most = 1
    for name, px in widths.items():
        room = max(px - CELL_PAD_PX, CHAR_PX) * _WRAP_FILL
        longest = max((len(str(v)) for v in frame[name].head(200)), default=0)
        if longest * CHAR_PX + CELL_PAD_PX > px:  # wider than its column: it wraps
            most = max(most, math.ceil(longest * CHAR_PX / room))
    return min(most, MAX_LINES)


def row_px(lines: int) -> int:
    return ROW_PX + LINE_PX * (lines - 1)


def by_date(rows: Sequence[Row]) -> list[Row]:
    """Oldest event first: the claim's own date, else its article's publication date (undated last)."""
    def key(row: Row) -> tuple[bool, str, str]:
        when = str(row.get("when") or row.get("published") or "")
        return (not when, when, str(row.get("published") or ""))
    return sorted(rows, key=key)


def claims_table(claims: Sequence[Row]) -> pd.DataFrame:
    """One row per claim, in date order, with its evidence: the exact quote when there is one, else the
    sentence; who it was taken from; a flag when it is corrected or of low confidence."""
    rows = [{
        "when": c.get("when") or "—", "actor": c.get("actor"), "action": c.get("action"),
        "place": c.get("place"), "taken from": c.get("loser"), "province": c.get("admin1"),
        "source": c.get("source"), "check": flag(c),
        "quote or sentence": c.get("quote") or c.get("sentence"), "article": c.get("title"),
        "published": c.get("published"),
    } for c in by_date(claims)]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS).fillna("")


def places_table(places: Sequence[Row]) -> pd.DataFrame:
    """One row per place mention: what it was resolved to and how sure that is (flagged when low)."""
    rows = [{
        "mention": p.get("mention"), "resolved as": p.get("name") or (p.get("reason") or "unresolved"),
        "kind": p.get("kind"), "province": p.get("admin1"), "country": p.get("country_iso3"),
        "confidence": round(float(p.get("confidence") or 0), 2), "check": flag(p), "article": p.get("title"),
    } for p in places]
    return pd.DataFrame(rows, columns=PLACE_COLUMNS).fillna("")


def consistency_table(rows: Sequence[Row]) -> pd.DataFrame:
    """One row per stated relation (e.g. "a town on the border with X") checked against the map."""
    verdict = {True: "yes", False: "no"}
    out = [{"place": r.get("place"), "statement": r.get("statement"), "finding": r.get("finding"),
            "consistent": verdict.get(r.get("consistent"), ""), "article": r.get("title")} for r in rows]
    return pd.DataFrame(out, columns=CONSISTENCY_COLUMNS).fillna("")


def reports_table(reports: Sequence[Row]) -> pd.DataFrame:
    rows = [{"title": r.get("title") or "(untitled)", "published": r.get("published") or "undated",
             "places": r.get("n_places"), "claims": r.get("n_claims"), "source": r.get("source"),
             "ingested": r.get("ingested_at")} for r in reports]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _label(row: Row, kind: str) -> str:
    if kind == "claim":
        text = " ".join(str(x) for x in (row.get("actor"), row.get("action"), row.get("place")) if x)
    else:
        figure, counts = str(row.get("text") or ""), row.get("counts")
        text = f"{figure} ({counts})" if counts and str(counts) not in figure else figure
    return _short(text)


def latest(rows: Sequence[Row], limit: int | None, offset: int = 0, key: str = "report_id") -> list[Row]:
    """One page of rows, most recent articles first: the ``limit`` rows (all when None) before the
    ``offset`` of the most recent articles, in their own order."""
    ordered = sorted(rows, key=lambda r: r.get(key) or 0)
    end = max(len(ordered) - offset, 0)
    return ordered[:end] if limit is None else ordered[max(end - limit, 0):end]


def page_note(offset: int, shown: int, total: int, order: str = "") -> str:
    """What a page of a table says under it: which of how many rows it shows, and in what order."""
    return f"Rows {offset + 1:,}–{offset + shown:,} of {total:,}" + (f", {order}" if order else "")


def timeline_rows(claims: Sequence[Row], figures: Sequence[Row]) -> list[dict[str, Any]]:
    """Long-form marks: the event (a point for a day, a span for a month/year/range) and the
    publication date, per claim and figure that has either."""
    out: list[dict[str, Any]] = []
    for kind, rows in (("claim", claims), ("figure", figures)):
        for row in rows:
            label = _label(row, kind)
            common = {"label": label, "sentence": row.get("sentence") or "",
                      "article": row.get("title") or "",
                      "when": row.get("when") or "", "published": row.get("published") or ""}
            span = interval_of(row.get("when"))
            if span:
                first, last = span
                out.append({**common, "series": f"event: {kind}", "start": first.isoformat(),
                            "end": (last + timedelta(days=1)).isoformat(),
                            "mark": "point" if first == last else "span"})
            published = interval_of(row.get("published"))
            if published:
                out.append({**common, "series": "publication date", "start": published[0].isoformat(),
                            "end": (published[0] + timedelta(days=1)).isoformat(), "mark": "published"})
    return out


def timeline_chart(rows: Sequence[Row]) -> alt.LayerChart:
    """Spans for month/range precision, filled points for exact days, ticks for publication."""
    data = pd.DataFrame(list(rows), columns=["label", "series", "start", "end", "mark", "sentence",
                                             "article", "when", "published"])
    order = data.sort_values("start")["label"].drop_duplicates().tolist()
    color = alt.Color("series:N", scale=alt.Scale(domain=list(SERIES), range=list(SERIES_COLORS)),
                      legend=alt.Legend(title=None, orient="top"))
    tooltip = [alt.Tooltip("label:N", title="what"), alt.Tooltip("when:N", title="event date"),
               alt.Tooltip("published:N", title="published"), alt.Tooltip("article:N"),
               alt.Tooltip("sentence:N")]
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("start:T", title="date"), color=color, tooltip=tooltip)
    spans = base.transform_filter(alt.datum.mark == "span").mark_bar(height=10, opacity=0.75).encode(
        x2="end:T")
    points = base.transform_filter(alt.datum.mark == "point").mark_point(filled=True, size=90, shape="circle")
    published = base.transform_filter(alt.datum.mark == "published").mark_point(
        shape="triangle-down", size=70, filled=True, opacity=0.8)
    return alt.layer(spans, points, published).properties(height=alt.Step(ROW_STEP))
