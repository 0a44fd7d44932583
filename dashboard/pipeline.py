"""``extract()``: text -> Report, the modules of the core called in order.

    text.masked -> text.split_sentences -> gazetteer.find -> geocode.resolve_places
    -> border_mentions.find_borders -> figures -> dates -> attribution -> claims -> consistency
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import TypeVar

from dashboard import (attribution, border_mentions, bundled_data, claims, claims_patterns, consistency,
                       figures,
                       geocode, nlp, spatial)
from dashboard import dates as dates_mod
from dashboard.errors import BadInput, DashboardError
from dashboard.gazetteer import name_index
from dashboard.model import DateRef, Figure, Place, Quote, Report, ReportMeta
from dashboard.published import publication
from dashboard.settings import MAX_MATCHES
from dashboard.text import (Sentence, SpanIndex, Visible, check_text, masked, sentence_at, split_sentences,
                            visible)


T = TypeVar("T")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_published(published: object) -> date | None:
    """A publication date from exactly ``YYYY-MM-DD`` (or a date); None or "" stays None."""
    if published is None or published == "":
        return None
    if isinstance(published, date):
        return published
    try:
        if isinstance(published, str) and _ISO_DAY.fullmatch(published):
            return date.fromisoformat(published)
    except ValueError:
        pass
    msg = f"publication date {published!r} is not a date in the form YYYY-MM-DD"
    raise BadInput(msg)


def warm() -> None:
    """Load the indexes every article needs (names, common words, border lines, the language
    pipeline), so that forked
    ingest workers share them instead of each loading its own on first use. (Province polygons
    are read only for the rare town the data build left without a province.)"""
    name_index()
    bundled_data.common_words()
    spatial.border_between("AFG", "TJK")
    nlp.pipeline()  # the language pipeline's weights, shared copy-on-write by forked workers


@contextmanager
def parsed_together(texts: Iterable[str]) -> Iterator[None]:
    """Inside the block, ``extract()`` of these texts finds their claim sentences parsed already, in
    one ``nlp.pipe`` call for the batch (an ingest task, a Dask chunk, the benchmark), which costs
    less than one call per article. Same results: a parse does not depend on the batch it was in."""
    with nlp.kept():
        if claims_reader() == "parse":
            nlp.parse([s.text for text in texts for s in claim_sentences(text)])
        yield


def claim_sentences(text: str) -> list[Sentence]:
    """The sentences ``extract()`` will parse for claims whatever its places (an article it will
    refuse has none: its error is ``extract()``'s to give)."""
    try:
        check_text(text)
    except DashboardError:
        return []
    shown = visible(text)
    return [s for s in split_sentences(masked(shown.text if shown else text)) if claims.worth_parsing(s)]


def extract(text: str, published: str | date | None = None, title: str | None = None,
            warnings: tuple[str, ...] = ()) -> Report:
    """Places, figures, dates, claims, quotes and consistency findings of one article.

    Offsets in the result slice ``text`` as given; boilerplate is blanked, not removed.
    """
    check_text(text)
    if (shown := visible(text)) is not None:  # read without invisible characters, offsets kept
        return _on_original(extract(shown.text, published, title, warnings), text, shown)
    nlp.forget()  # one article's parses are shared by its passes, not carried to the next article
    clean = masked(text)
    sentences = split_sentences(clean)
    if claims_reader() == "parse":  # parsed with the places pass's sentences, in one call
        nlp.expect(s.text for s in sentences if claims.worth_parsing(s))
    dated_text = masked(text, short_lines=False)  # a date line ("Updated August 5, 2024") is the article's
    when = publication(text, dated_text, sentences, parse_published(published))
    pub = when.day
    if when.inferred:
        verb = "read from" if when.source == "header" else "inferred from"
        warnings = (*warnings, f"publication date {when.day} {verb} the article's {when.source}")
    elif pub is None:
        warnings = (*warnings,
                    "no publication date given or found in the text: relative dates stay unresolved")
    meta = ReportMeta(title=title or _first_line(text), published=pub.isoformat() if pub else None,
                      sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                      published_inferred=when.inferred, published_precision=when.precision,
                      published_source=when.source, published_needed=pub is None)
    index = name_index()
    matches, warnings = capped(index.find(clean), "place names", warnings)
    places = geocode.resolve_places(clean, sentences, matches, index)
    focus = geocode.country_focus(matches) + \
        _resolved_focus(places)
    places = sorted(places + border_mentions.find_borders(clean, sentences, index, focus, places),
                    key=lambda p: p.start)
    places = [_with_original(text, p) for p in places]
    found_dates, warnings = capped(dates_mod.find_dates(dated_text, sentences, pub), "dates", warnings)
    found_dates = [replace(d, text=text[d.start:d.end]) for d in found_dates]
    found_figures, warnings = capped(figures.find_figures(clean, sentences), "figures", warnings)
    found_figures = [replace(f, text=text[f.start:f.end]) for f in found_figures]
    found_figures = _situate(found_figures, places, found_dates, sentences)
    sources = attribution.sources(sentences)
    quotes = attribution.quotes(clean, sentences, sources)
    if claims_reader() == "parse":
        found_claims = claims.find_claims(clean, sentences, places, found_dates, sources, quotes)
    else:
        found_claims = claims_patterns.find_claims(clean, sentences, places, found_dates, sources, quotes,
                                                   index)
    return Report(report=meta, places=tuple(places), figures=tuple(found_figures), dates=tuple(found_dates),
                  claims=tuple(found_claims), quotes=tuple(quotes),
                  consistency=tuple(consistency.check_places(clean, places)), warnings=warnings)


def _on_original(report: Report, text: str, shown: Visible) -> Report:
    """A report of the visible text with its offsets and mentions moved back onto ``text``."""

    def moved(item: T) -> T:
        start, end = shown.original(item.start), shown.original_end(item.start,
                                                                    item.end)  # type: ignore[attr-defined]
        spans = {"mention": text[start:end]} if hasattr(item, "mention") else \
            {"text": text[start:end]} if isinstance(item, (Figure, DateRef, Quote)) else {}
        return replace(item, start=start, end=end, **spans)  # type: ignore[type-var]

    meta = replace(report.report, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return replace(report, report=meta, places=tuple(map(moved, report.places)),
                   figures=tuple(map(moved, report.figures)), dates=tuple(map(moved, report.dates)),
                   quotes=tuple(map(moved, report.quotes)), claims=tuple(map(moved, report.claims)))


def claims_reader() -> str:
    """Which claims reader runs: "parse" (the default: frames on a dependency parse, with modality,
    loser and side; ahead of the patterns on the held-out batch and on the whole gate) or
    "patterns" (the surface patterns of wave 1, kept for comparison). ``DASHBOARD_CLAIMS`` chooses."""
    reader = os.environ.get("DASHBOARD_CLAIMS", "parse")
    if reader not in ("patterns", "parse"):
        msg = f"DASHBOARD_CLAIMS={reader!r}: use 'patterns' or 'parse'"
        raise BadInput(msg)
    return reader


def capped(found: list[T], what: str, warnings: tuple[str, ...]) -> tuple[list[T], tuple[str, ...]]:
    """At most ``MAX_MATCHES`` of one kind per article, the first ones in the text (bounded work and
    storage per article, issue 19), with a warning when some were left out."""
    if len(found) <= MAX_MATCHES:
        return found, warnings
    return found[:MAX_MATCHES], (*warnings, f"more than {MAX_MATCHES:,} {what}: only the first "
                                            f"{MAX_MATCHES:,} were read")


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:200] or None


def _resolved_focus(places: list[Place]) -> Counter[str]:
    """Countries of the resolved places below country level: they sharpen the border's home side."""
    return Counter(p.country_iso3 for p in places if p.country_iso3 and p.kind != "country")


def _with_original(text: str, p: Place) -> Place:
    """Masking only blanks characters, so offsets hold; mentions and figures are the text as read."""
    mention = text[p.start:p.end]
    return p if mention == p.mention else replace(p, mention=mention)


def _situate(found: list[Figure], places: list[Place], found_dates: list[DateRef],
             sentences: list[Sentence]) -> list[Figure]:
    """Attach to each figure the most specific place and the date its sentence names."""
    out = []
    by_start, dates_by_start = SpanIndex(p for p in places if p.lat is not None), SpanIndex(found_dates)
    for f in found:
        s = sentence_at(sentences, f.start)
        if s is None:
            out.append(f)
            continue
        here = by_start.within(s.start, s.end)
        here.sort(key=lambda p: (p.precision or 3, p.kind == "country"))
        when = next((d.resolved for d in dates_by_start.within(s.start, s.end) if d.resolved), None)
        best = here[0] if here else None
        out.append(replace(f, place=best.mention if best else None, admin1=best.admin1 if best else None,
                           when=when))
    return out
