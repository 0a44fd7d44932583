"""Date expressions resolved against the publication date, with ACLED-like precision.

``resolved`` is ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or an interval ``A/B`` (SCHEMA.md).
Rules (from the gold files in ``shared/eval``):

- Absolute dates ("2014", "May 2023", "14 April 2021", "April 14, 2021", "the 1990s") resolve
  without a publication date; relative ones need it and otherwise stay unresolved (never
  resolved against today).
- A weekday is the most recent such day on or before publication ("Saturday" published on Sunday
  2021-07-04 -> 2021-07-03); "last Monday" is strictly before it, "next Monday" after it.
- A month alone ("mid-April", "Late in June", "in April") is the most recent such month at or
  before the publication month.
- "today", "this morning", "overnight" are the publication day; "yesterday", "last night" the day before.
- A span of days or weeks back ("the previous three days", "four days of heavy fighting") is a
  day range ending the day before publication; of months or years ("four months of resistance",
  "over the past year") a month range ending in the publication month.
- "N years ago" is a year, "two and a half years ago" a month, "N days ago" a day.

Resolution is date arithmetic rather than ``dateparser``: it is two orders of magnitude faster
and the rules above are explicit.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta

from dashboard.figures import MONTH_PATTERN, MONTHS, NUMBER, SCALES, SMALL_NUMBERS, is_year, number_value, word_trie
from dashboard.model import DatePrecision, DateRef
from dashboard.text import Sentence, lower_same_length, sentence_at

WEEKDAYS = {name: i for i, name in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
_WEEKDAY = word_trie(WEEKDAYS)
_UNIT = r"(?P<{0}>hour|day|week|month|year|decade)s?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
_DAY_TO = r"(?:\s*[-–]\s*|\s+(?:and|to|until)\s+)"  # "December 14 and 15", "14-15 May"
_REL_YEAR = r"\s+(?P<{0}>last|this|next)\s+year\b"  # "March last year", "Oct. 27 last year"
FUTURE_DAYS = 60  # a day and month up to this long after publication is this year's (talks "on Feb. 16")

# The words a date expression can start with: checked once at each word start (a trie is fast
# to fail) before the alternation below is tried, which costs twelve branches at every word.
_FIRST_WORDS = word_trie({"on", "early", "late", "mid", "the", "in", "since", "until", "till", "by", "during", "last",
                          "between", "this", "next", "from", "over", "for", "within", "earlier", "later", "today", "tonight",
                          "yesterday", "overnight", "past", "at", "a", "an"}
                         | set(MONTHS) | set(WEEKDAYS) | set(SMALL_NUMBERS) | set(SCALES))
_DATE = re.compile(
    rf"""(?<![\w/.,-])(?=[0-9]|{_FIRST_WORDS}\b)(?:
      (?P<iso>(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))(?![0-9])
    | (?P<numeric>(?P<n1>[0-9]{{1,2}})(?P<ns>[./])(?P<n2>[0-9]{{1,2}})(?P=ns)(?P<n3>(?:19|20)[0-9]{{2}}))(?![0-9])
    | (?P<dmy>(?:on\s+)?(?P<d1>[0-9]{{1,2}}){_ORD}(?:{_DAY_TO}(?P<d1b>{_DAY}){_ORD})?\s+(?:of\s+)?(?P<m1>{MONTH_PATTERN})\b(?:\.?,?\s+(?P<y1>{_YEAR})|{_REL_YEAR.format("r1")})?)
    | (?P<mdy>(?:on\s+)?(?P<m2>{MONTH_PATTERN})\.?\s+(?P<d2>[0-9]{{1,2}}){_ORD}(?:{_DAY_TO}(?P<d2b>{_DAY}){_ORD})?(?![0-9:]|\s*[ap]\.?m\b)
        (?:,?\s+(?P<y2>{_YEAR})|{_REL_YEAR.format("r2")})?)
    | (?P<month>(?:(?P<mmod>(?:early|late)\s+in|early|mid|late|the\s+(?:end|beginning|start|middle)\s+of
        |in|since|until|till|by|during|last|this|next|from)[\s-]+)?(?P<m3>{MONTH_PATTERN})\b
        (?!\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?\b)(?:\.?,?\s+(?P<y3>{_YEAR})|{_REL_YEAR.format("r3")})?)
    | (?P<weekday>(?:(?P<wmod>early|late|last|next|this|on|since|by|until)\s+)?(?P<wd>{_WEEKDAY})
        (?:\s+(?:morning|afternoon|evening|night))?)\b
    | (?P<span>(?:(?:in|over|during|for|within)\s+)?the\s+(?:previous|last|past|preceding)\s+
        (?:(?P<sn>{NUMBER})\s+)?{_UNIT.format("su")})\b
    | (?P<count>(?P<cn>{NUMBER}|an?)[\s-]{_UNIT.format("cu")}(?:\s+(?P<ago>ago)\b|(?=\s+of\b)))
    | (?P<day>(?:earlier\s+|later\s+)?today|tonight|yesterday|overnight|last\s+night
        |this\s+(?:morning|afternoon|evening))\b
    | (?P<period>(?:(?:earlier|later)\s+)?(?P<pmod>this|last|next|past)\s+(?P<pu>week|month|year))\b
    | (?P<weekend>(?:(?:over|during|at|on)\s+)?(?P<wkmod>the|this|last|next)\s+weekend)\b
    | (?P<decade>(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]+)?(?P<dy>(?:1[89]|20)[0-9]0)s)\b
    | (?P<years>(?:from|between)\s+(?P<yr1>{_YEAR})\s+(?:to|and|until|till)\s+(?P<yr2>{_YEAR}))
    | (?P<year>(?:(?:early|mid|late)[\s-]+|the\s+(?P<yedge>end|beginning|start)\s+of\s+)?(?P<y0>{_YEAR})(?:\s*[-–]\s*(?P<y0b>{_YEAR}|[0-9]{{2}}(?![0-9])))?)(?![\w]|[.,][0-9])
    )""",
    re.VERBOSE,
)  # matched on lower-cased text (see lower_same_length); capitals are read from the text itself
# Month and weekday names are proper nouns; "May" and "March" also need a date word or a
# year beside them ("in May", "May 2023"), else they are the verb or a headline word.
# Abbreviations alone ("Jan") are more often names.
_AMBIGUOUS_MONTHS = ("may", "march")
_ABBREVIATED = {name for name in MONTHS if len(name) <= 4} - {"may", "june", "july"}

Resolution = tuple[str | None, DatePrecision]
_UNRESOLVED: Resolution = (None, "unresolved")


def _month_shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _y(year: int) -> str:
    """A year as ISO 8601 text; outside 1-9999 (an absurd count of years ago) it is no date."""
    if not 1 <= year <= 9999:
        msg = f"year {year} is out of range"
        raise ValueError(msg)
    return f"{year:04d}"


def _ym(year: int, month: int) -> str:
    return f"{_y(year)}-{month:02d}"


def _days_range(first: date, last: date) -> Resolution:
    return f"{first.isoformat()}/{last.isoformat()}", "range"


def _months_range(published: date, months: int) -> Resolution:
    y, m = _month_shift(published.year, published.month, -months)
    return f"{_ym(y, m)}/{_ym(published.year, published.month)}", "range"


def _span_back(count: float, unit: str, published: date) -> Resolution:
    """A span of ``count`` units up to publication: days/weeks end the day before."""
    unit = unit.lower()
    if unit == "hour":
        return _days_range(published - timedelta(days=max(1, -(-int(count) // 24))), published)
    if unit in ("day", "week"):
        days = round(count * (7 if unit == "week" else 1))
        return _days_range(published - timedelta(days=days), published - timedelta(days=1))
    months = round(count * {"month": 1, "year": 12, "decade": 120}[unit])
    return _months_range(published, months)


def _ago(count: float, unit: str, published: date) -> Resolution:
    unit = unit.lower()
    if unit in ("hour", "day", "week"):
        hours = count * {"hour": 1, "day": 24, "week": 168}[unit]
        return (published - timedelta(days=int(hours // 24))).isoformat(), "day"
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    if unit != "month" and months % 12 == 0:
        return _y(published.year - int(months // 12)), "year"
    return _ym(*_month_shift(published.year, published.month, -round(months))), "month"


def _weekday(weekday: int, modifier: str, published: date) -> Resolution:
    back = (published.weekday() - weekday) % 7
    if modifier == "last":
        back = back or 7
    elif modifier == "next":
        back = -((weekday - published.weekday()) % 7 or 7)
    return (published - timedelta(days=back)).isoformat(), "day"


def _month(month: int, year: str | None, modifier: str, published: date | None) -> Resolution:
    if year:
        return _ym(int(year), month), "month"
    if published is None:
        return _UNRESOLVED
    y = published.year
    if modifier == "next":
        y += month <= published.month
    elif month > published.month or (modifier == "last" and month == published.month):
        y -= 1
    return _ym(y, month), "month"


def _relative_year(which: str | None, published: date | None) -> str | None:
    """"last|this|next" year as a year string, when there is one and a publication date."""
    if not which or published is None:
        return None
    return _y(published.year + {"last": -1, "this": 0, "next": 1}[which.lower()])


def _day_month(day: int, month: int, year: str | None, published: date | None) -> Resolution | None:
    """A day of a month; without a year, the most recent one on or before publication, unless it
    falls within ``FUTURE_DAYS`` after it (an announced date: "talks on Feb. 16")."""
    if year:
        y = int(year)
    elif published is None:
        return _UNRESOLVED if 1 <= day <= 31 else None
    else:
        y = published.year
        if (month, day) > (published.month, published.day):
            ahead = (month - published.month) * 31 + day - published.day  # rough: only a window test
            y -= ahead > FUTURE_DAYS
    if not 1 <= day <= monthrange(y, month)[1]:
        return None
    return date(y, month, day).isoformat(), "day"


def _weekend(which: str, published: date) -> Resolution:
    """The Saturday-Sunday range of "the weekend": the latest one begun by publication."""
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    if which == "next" or (which == "last" and published.weekday() >= 5):
        saturday += timedelta(weeks=1 if which == "next" else -1)
    return _days_range(saturday, saturday + timedelta(days=1))


def _period(which: str, unit: str, published: date) -> Resolution:
    """"this/last/next/past week|month|year"; weeks run Monday to Sunday."""
    step = {"this": 0, "last": -1, "next": 1, "past": -1}[which]
    if which == "past":
        return _span_back(1, unit, published)
    if unit == "year":
        return _y(published.year + step), "year"
    if unit == "month":
        return _ym(*_month_shift(published.year, published.month, step)), "month"
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
    return _days_range(monday, monday + timedelta(days=6))


def _phrase(s: str | None) -> str:
    """A matched modifier in lower case with single spaces ("Late  in" -> "late in")."""
    return " ".join(s.lower().split()) if s else ""


def _resolve(m: re.Match[str], text: str, published: date | None) -> Resolution | None:
    """The resolution of one match; None when the match is not a date after all."""
    g = m.group
    if g("iso"):
        return _day_month(int(g("id")), int(g("im")), g("iy"), None) if 1 <= int(g("im")) <= 12 else None
    if g("numeric"):
        return _numeric_date(int(g("n1")), int(g("n2")), g("n3"), published)
    if g("dmy") or g("mdy"):
        day, name, year, rel = (g("d1"), g("m1"), g("y1"), g("r1")) if g("dmy") else \
            (g("d2"), g("m2"), g("y2"), g("r2"))
        if not text[m.start("m1" if g("dmy") else "m2")].isupper():
            return None
        if rel and published is None:
            return _UNRESOLVED
        year = year or _relative_year(rel, published)
        first = _day_month(int(day), MONTHS[name.lower()], year, published)
        last_day = g("d1b") if g("dmy") else g("d2b")
        if last_day is None or first is None or first[0] is None:
            return first
        last = _day_month(int(last_day), MONTHS[name.lower()], first[0][:4], published)
        return (f"{first[0]}/{last[0]}", "range") if last and last[0] and last[0] > first[0] else None
    if g("month"):
        name = g("m3")
        needs_context = name.lower() in _AMBIGUOUS_MONTHS or name.lower() in _ABBREVIATED
        if not text[m.start("m3")].isupper() or (needs_context and not (g("mmod") or g("y3") or g("r3"))):
            return None
        if g("r3") and published is None:
            return _UNRESOLVED
        return _month(MONTHS[name.lower()], g("y3") or _relative_year(g("r3"), published), _phrase(g("mmod")),
                      published)
    if g("years"):
        return (f"{g('yr1')}/{g('yr2')}", "range") if g("yr2") > g("yr1") else None
    if g("decade"):
        first, last = {"early": (0, 4), "mid": (3, 6), "late": (6, 9)}.get(_phrase(g("dmod")), (0, 9))
        return f"{int(g('dy')) + first}/{int(g('dy')) + last}", "range"
    if g("year"):
        if not is_year(text, m.start("y0"), m.end("y0")):
            return None
        if g("y0b"):
            last = g("y0b") if len(g("y0b")) == 4 else g("y0")[:2] + g("y0b")
            return (f"{g('y0')}/{last}", "range") if last > g("y0") else None
        if g("yedge"):  # "at the end of 2011"
            return _ym(int(g("y0")), 12 if g("yedge").lower() == "end" else 1), "month"
        return g("y0"), "year"
    if g("weekday") and not text[m.start("wd")].isupper():
        return None
    if g("weekday") and published and _phrase(g("wmod")) in ("", "on") and _FUTURE.search(_clause_before(text, m.start())):
        # "parliament will meet on Thursday": the coming one, not the last
        return (published + timedelta(days=(WEEKDAYS[g("wd").lower()] - published.weekday()) % 7)).isoformat(), "day"
    return _relative(m, published) if published else _UNRESOLVED


_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are|was|were)\s+(?:due|expected|scheduled|set|planned|to)|due\s+to|"
                     r"plans?\s+to|planning\s+to|scheduled\s+(?:for|to))\b[^.;:!?]*$", re.I)


def _clause_before(text: str, at: int) -> str:
    """The sentence's text before ``at`` (at most 150 characters back)."""
    before = text[max(0, at - 150):at]
    return re.split(r"[.!?]\s|\n\s*\n", before)[-1]


def _numeric_date(a: int, b: int, year: str, published: date | None) -> Resolution | None:
    """ "13.08.2020", "29/07/2024": day first, unless that cannot be ("08/13/2020" is August) or,
    both being possible, it falls after publication and the month-first reading does not."""
    readings = [(d, mo) for d, mo in ((a, b), (b, a)) if 1 <= mo <= 12 and 1 <= d <= monthrange(int(year), mo)[1]]
    if not readings:
        return None
    days = [date(int(year), mo, d) for d, mo in readings]
    if published and len(days) == 2 and days[0] > published >= days[1]:
        return days[1].isoformat(), "day"
    return days[0].isoformat(), "day"


def _relative(m: re.Match[str], published: date) -> Resolution | None:
    g = m.group
    if g("weekday"):
        return _weekday(WEEKDAYS[g("wd").lower()], _phrase(g("wmod")), published)
    if g("day"):
        phrase = _phrase(g("day"))
        back = 1 if phrase in ("yesterday", "last night") else 0
        return (published - timedelta(days=back)).isoformat(), "day"
    if g("weekend"):
        return _weekend(g("wkmod").lower(), published)
    if g("period"):
        return _period(g("pmod").lower(), g("pu").lower(), published)
    if g("span"):
        count = number_value(g("sn")) if g("sn") else 1.0
        return _span_back(count, g("su"), published) if count else None
    if g("cn").lower() in ("a", "an"):  # "a year ago", but not "a day of mourning"
        return _ago(1.0, g("cu"), published) if g("ago") else None
    count = number_value(g("cn"))
    if not count:
        return None
    return _ago(count, g("cu"), published) if g("ago") else _span_back(count, g("cu"), published)


def find_dates(text: str, sentences: list[Sentence], published: date | None) -> list[DateRef]:
    """Every date expression in ``text``, sorted by start; ``text[d.start:d.end] == d.text``."""
    found: list[DateRef] = []
    for m in _DATE.finditer(lower_same_length(text)):
        try:
            resolution = _resolve(m, text, published)
        except (OverflowError, ValueError):  # near date.min or date.max, or "a trillion years ago"
            resolution = _UNRESOLVED
        if resolution is None:
            continue
        start, end = m.span()
        sentence = sentence_at(sentences, start)
        found.append(DateRef(text=text[start:end], start=start, end=end, resolved=resolution[0],
                             precision=resolution[1], sentence=sentence.text if sentence else ""))
    return _joined_ranges(found, text)


_RANGE_JOIN = re.compile(r"\s*(?:[-–—]|to|until|till|through)\s*", re.I)


def _joined_ranges(found: list[DateRef], text: str) -> list[DateRef]:
    """ "28 October - 9 November 2023": two days joined by a dash or "to" are one range."""
    out: list[DateRef] = []
    for d in found:
        prev = out[-1] if out else None
        if prev and prev.precision == d.precision == "day" and prev.resolved and d.resolved \
                and prev.resolved < d.resolved and _RANGE_JOIN.fullmatch(text, prev.end, d.start):
            out[-1] = replace(prev, text=text[prev.start:d.end], end=d.end, resolved=f"{prev.resolved}/{d.resolved}",
                              precision="range")
            continue
        out.append(d)
    return out
