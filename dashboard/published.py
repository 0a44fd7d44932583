"""An article's publication date, the date its relative dates ("yesterday", "on Friday") count from:
given by the user, read from its header, or inferred from its text.

Inferred: the latest explicit full date among the article's datelines ("KABUL, July 4 (Reuters) -",
"Updated 10:12 GMT, 5 July 2021", a live blog's "Friday 21 March 2025") and its "today" references
("today, September 9"). A day and month without a year take the latest year the article names
(the next one if that would put it before a dated event of the article), checked against a weekday
written beside it. When nothing can be inferred the date stays unknown and the report says a reader
should supply it (``ReportMeta.published_needed``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.dates import FUTURE_DAYS, ORDINALS, about_future, episode_start, find_dates
from dashboard.figures import MONTH_PATTERN
from dashboard.model import DateRef
from dashboard.text import Sentence, masked, split_sentences
from dashboard.vocabulary import MONTHS, WEEKDAYS

_HEADER_DATE = re.compile(
    rf"\b(?:(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    rf"|(?P<mon>{MONTH_PATTERN})\.?[ \t]+(?P<day>[0-3]?\d),?[ \t]+(?P<year>(?:19|20)\d\d)"
    rf"|(?P<day2>[0-3]?\d)[ \t]+(?P<mon2>{MONTH_PATTERN})[ \t]+(?P<year2>(?:19|20)\d\d))\b", re.I)
HEADER_CHARS = 300  # a dateline or "date 2021-07-05" stands in the first lines, before the story
DATELINE_COLUMN = 60  # a dateline's date stands this near the start of its line
# Before a date: what makes it the article's own ("Updated", "Published", a live blog's "Live updates |").
_STAMP_BEFORE = re.compile(r"(?:updated|published|posted|last\s+updated|first\s+published|dated?:?"
                           r"|live\s+updates?|as\s+of)\W*$", re.I)
# After a date on its line: a wire dateline's agency or dash ("July 4 (Reuters) -", "9 Sept 2021 —").
_DATELINE_AFTER = re.compile(r"\s*(?:,?\s*(?:at\s+)?[0-9]{1,2}[:.][0-9]{2}\s*(?:[ap]\.?m\.?)?\s*"
                             r"(?:gmt|utc|[a-z]{2,4}t)?\s*)?"
                             r"(?:\([A-Za-z][\w .&-]{1,30}\)\s*)?(?P<end>[-–—|:]|$)", re.I)
_DAY_WORDS = "|".join(WEEKDAYS)
# "today, Monday, September 9", "Today is 9 September", "this morning (Sept. 9)"
_TODAY_BEFORE = re.compile(rf"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))(?:\s+is)?[\s,(–—-]+"
                           rf"(?:(?:{_DAY_WORDS})[\s,]+)?(?:the\s+)?$", re.I)
_TODAY_AFTER = re.compile(r"[\s,)]*(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.I)
TODAY_REACH = 40  # characters between "today" and the date it names
_WEEKDAY_NEAR = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b\W*$", re.I)
_DAY_MONTH = re.compile(rf"(?:(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{MONTH_PATTERN})"
                        rf"|(?P<m2>{MONTH_PATTERN})\.?\s*(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?)\b", re.I)


@dataclass(frozen=True)
class Publication:
    """A publication date and how it was had (``source``: given, header, dateline, today)."""

    day: date | None
    source: str | None = None
    precision: int | None = None  # ACLED time_precision: 1 the day, 2 the year was taken from elsewhere

    @property
    def inferred(self) -> bool:
        return self.day is not None and self.source != "given"


def published_in_header(text: str) -> date | None:
    """A full date in the article's first lines (dateline, metadata): its publication date when none
    is given."""
    # not a date the text says is to come ("the mission will end on Aug. 31, 2021")
    m = next((m for m in _HEADER_DATE.finditer(text[:HEADER_CHARS]) if not about_future(text, m.start())),
             None)
    if not m:
        return None
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        mon, day, year = (m.group("mon"), m.group("day"), m.group("year")) if m.group("mon") else \
            (m.group("mon2"), m.group("day2"), m.group("year2"))
        return date(int(year), MONTHS[mon.lower().rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def publication(text: str, dated_text: str, sentences: list[Sentence], given: date | None) -> Publication:
    """The date relative dates count from: ``given``, else the later of the header's and one inferred
    from ``dated_text`` (the text as the date scan reads it, same offsets as ``text``)."""
    if given is not None:
        return Publication(given, "given", 1)
    header = published_in_header(text)
    inferred = infer_published(dated_text, sentences)
    if header is not None and (inferred.day is None or inferred.day <= header or inferred.precision != 1):
        return Publication(header, "header", 1)
    return inferred  # a full dateline or "today" reference later than the first date of the text


def date_of(text: str, given: date | None = None) -> Publication:
    """The date ``extract()`` resolves ``text``'s relative dates against, for a page or script that
    asks the reader for one when there is none (``.day is None``) or shows how it was had
    (``.source``), before storing the article."""
    return publication(text, masked(text, short_lines=False), split_sentences(masked(text)), given)


def infer_published(text: str, sentences: list[Sentence]) -> Publication:
    """The latest full date among the article's datelines and "today" references, else nothing."""
    found = find_dates(text, sentences, None)
    latest_event = max((d.resolved[:10] for d in found if d.resolved and d.precision == "day"), default=None)
    years = [int(d.resolved[:4]) for d in found if d.resolved and d.resolved[:4].isdigit()]
    candidates: list[Publication] = []
    for d in found:
        kind = _role(text, d)
        if kind is None:
            continue
        if d.precision == "day" and d.resolved:
            candidates.append(Publication(date.fromisoformat(d.resolved), kind, 1))
        elif d.precision == "unresolved" and years:
            guess = _with_year(text, d, max(years), latest_event)
            if guess is not None:
                candidates.append(guess)
    if candidates:
        return max(candidates, key=lambda p: p.day or date.min)
    return _in_episode(text, found, sentences)


# "as the conflict entered its third week": the article is dated within that week of the episode.
_EPISODE_NOW = re.compile(rf"\b(?P<noun>[a-z-]+)\s+(?:has\s+)?(?:entered|enters|entering|is\s+now\s+in"
                          rf"|now\s+in)\s+(?:its|their)\s+(?P<ord>{'|'.join(ORDINALS)})\s+(?P<unit>day|week|month)\b",
                          re.I)


def _in_episode(text: str, found: list[DateRef], sentences: list[Sentence]) -> Publication:
    """The last day of an episode's current period when the article says which it is ("the conflict
    entered its third week") and elsewhere when the episode began ("erupted on Nov. 4, 2020")."""
    for m in _EPISODE_NOW.finditer(text):
        start = episode_start(m.group("noun"), found, sentences)
        if start is None:
            continue
        n, unit = ORDINALS[m.group("ord").lower()], m.group("unit").lower()
        days = n if unit == "day" else 7 * n if unit == "week" else 30 * n
        return Publication(start + timedelta(days=days - 1), "episode", 1 if unit == "day" else 2)
    return Publication(None)


def _role(text: str, d: DateRef) -> str | None:
    """ "dateline" when ``d`` is the article's own date stamp, "today" when the text says it is
    today's date, else None."""
    if _TODAY_BEFORE.search(text, max(0, d.start - TODAY_REACH), d.start) or _TODAY_AFTER.match(text, d.end):
        return "today"
    line_start = text.rfind("\n", 0, d.start) + 1
    line_end = text.find("\n", d.end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:d.start]
    words = len(before.split())
    if _STAMP_BEFORE.search(before) and words <= 6:
        return "dateline"
    after = _DATELINE_AFTER.match(text[d.end:line_end])
    if after and d.start - line_start <= DATELINE_COLUMN and words <= (2 if not after.group("end") else 5):
        return "dateline"
    return None


def _with_year(text: str, d: DateRef, year: int, latest_event: str | None) -> Publication | None:
    """A dateline or "today" reference without a year ("KABUL, July 4 (Reuters)", "today,
    September 9") in the article's latest year, or the next year when that would put it before one
    of the article's dated events; a weekday written before it must agree."""
    m = _DAY_MONTH.search(d.text)
    if not m:
        return None
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
    day = int(m.group("d1") or m.group("d2"))
    weekday = _WEEKDAY_NEAR.search(text, max(0, d.start - 20), d.start)
    for y in (year, year + 1):
        try:
            when = date(y, month, day)
        except ValueError:
            continue
        if latest_event and (date.fromisoformat(latest_event) - when).days > FUTURE_DAYS:
            continue  # the article reports events after it: the year after (an event weeks ahead is planned)
        if weekday and WEEKDAYS[weekday.group(1).lower()] != when.weekday():
            continue
        return Publication(when, _role(text, d), 1 if weekday else 2)
    return None
