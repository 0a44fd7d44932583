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
- Vague spans end on the reference date: "in recent days" is the 7 days before it to it, "in recent
  weeks" the 21 days, "in recent months" the 3 months up to its month ("the past few ..." alike;
  "in the coming ..." mirror them forward); "almost three weeks", "about a month" as the count;
  "in a week", "in three days" a span back (forward in a sentence about what is to come).
- "this week" and "earlier this week" run from that Monday to the reference date (a week to come,
  in a sentence about what is to come, to Sunday).
- Two months joined ("from May to September") are one range in the first one's year, the end never
  before the start.
- Anchored expressions take their date from a date beside them rather than from publication:
  "on Wednesday, a day after routing the army" is the Tuesday; "the following day", "two days
  later", "late in the day", "that year" count from the date before them; "the fifth day of the
  offensive" from the date the article says the offensive began.
- Hijri ("3 Zilhaj, 1442"), Solar Hijri ("15 Saratan 1400", "Asad 1400") and Ethiopian ("Tikimt 1,
  2014 E.C.") dates are converted (``calendars.py``); a month of them is a range of days.

Every date also gets ACLED's ``time_precision``: 1 a day, 2 a few days (a range within one month or
up to a week, or an approximate day: "about a week ago"), 3 a month or vaguer.

Resolution is date arithmetic rather than ``dateparser``: it is two orders of magnitude faster
and the rules above are explicit.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta

from dashboard import calendars
from dashboard.figures import MONTH_PATTERN, NUMBER, is_year, number_value, word_trie
from dashboard.model import DatePrecision, DateRef
from dashboard.text import Sentence, lower_same_length, sentence_at
from dashboard.vocabulary import MONTHS, SCALES, SMALL_NUMBERS, WEEKDAYS

_WEEKDAY = word_trie(WEEKDAYS)
_UNIT = r"(?P<{0}>hour|day|week|month|year|decade)s?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
_DAY_TO = r"(?:\s*[-–]\s*|\s+(?:and|to|until)\s+)"  # "December 14 and 15", "14-15 May"
_REL_YEAR = r"\s+(?P<{0}>last|this|next)\s+year\b"  # "March last year", "Oct. 27 last year"
WEEK_PARTS = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}  # days of a week after Monday
FUTURE_DAYS = 60  # a day and month up to this long after publication is this year's (talks "on Feb. 16")

# Vague quantities of a unit, as a count back from (or forward to) the reference date.
VAGUE_DAYS = {"day": 7, "week": 21}  # "in recent days": the 7 days before; "in recent weeks": 21
VAGUE_MONTHS = {"month": 3, "year": 36}  # "in recent months": 3 months; "in recent years": 3 years
_VAGUE = r"recent|few|several|couple\s+of"
# "almost three weeks", "about a month": a count of a unit without "ago" or "of".
_APPROX = r"almost|nearly|about|around|some|roughly|approximately|more\s+than|over|just\s+over|close\s+to"
ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)} | {
    f"{tens}-{unit}": base + i for tens, base in (("twenty", 20), ("thirty", 30))
    for i, unit in enumerate("first second third fourth fifth sixth seventh eighth ninth".split(), 1)} | {
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100}
#: What an ordinal counts the days of: "the fifth day of the offensive", "day 12 of the siege".
EPISODES = ("offensive", "counteroffensive", "counter-offensive", "siege", "battle", "war", "operation",
            "operations", "assault", "attack", "attacks", "fighting", "clashes", "campaign", "invasion",
            "ceasefire", "truce", "protests", "uprising", "blockade", "occupation", "incursion", "advance",
            "bombardment", "shelling", "strikes", "conflict", "standoff", "insurgency", "raid", "push",
            "onslaught", "crisis")
_EPISODE = word_trie(EPISODES)
_STARTS = re.compile(r"\b(?:began|begun|begin|begins|started|starts|launched|launch|opened|erupted"
                     r"|broke\s+out|kicked\s+off|commenced|start|beginning|outbreak|onset)\b")
_CAL_SEP = "\x00"
_CALENDAR_MONTH = word_trie({re.sub(r"[\s'’‘-]+", _CAL_SEP, s) for s in calendars.spellings()}).replace(
    _CAL_SEP, r"[\s'’‘-]?")
_ERA = r"a\.h\.?|ah|s\.h\.?|sh|h\.s\.?|hs|e\.c\.?|ec|hijri\s+shamsi|solar\s+hijri|lunar\s+hijri|hijri|shamsi"

# Unit words: an expression holding one ("three days ago", "in recent weeks", "the following day") is
# searched for around it (``_NEAR``), as is one around a year of another calendar ("1442", "E.C.").
_CUE_WORDS = {f"{unit}{s}" for unit in ("hour", "day", "week", "month", "year", "decade", "morning",
                                          "afternoon", "evening", "night") for s in ("", "s")}
# The words a date expression can start with: checked once at each word start (a trie is fast
# to fail) before the alternation below is tried, which costs a dozen branches at every word.
_FIRST_WORDS = word_trie({"on", "early", "late", "mid", "the", "in", "since", "until", "till", "by",
                          "during", "last", "between", "this", "next", "from", "over", "at", "earlier",
                          "later", "today", "tonight", "yesterday", "overnight", "e"}
                         | set(MONTHS) | set(WEEKDAYS) | set(_CUE_WORDS))
_DATE = re.compile(
    rf"""(?<![\w/.,-])(?=[0-9]|{_FIRST_WORDS}\b)(?:
      (?P<iso>(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))(?![0-9])
    | (?P<numeric>(?P<n1>[0-9]{{1,2}})(?P<ns>[./])(?P<n2>[0-9]{{1,2}})(?P=ns)
        (?P<n3>(?:19|20)[0-9]{{2}}))(?![0-9])
    | (?P<dmy>(?:on\s+)?(?P<d1>[0-9]{{1,2}}){_ORD}(?:{_DAY_TO}(?P<d1b>{_DAY}){_ORD})?\s+(?:of\s+)?
        (?P<m1>{MONTH_PATTERN})\b(?:\.?,?\s+(?P<y1>{_YEAR})|{_REL_YEAR.format("r1")})?)
    | (?P<mdy>(?:on\s+)?(?P<m2>{MONTH_PATTERN})(?:\.\s*|\s+)(?P<d2>[0-9]{{1,2}}){_ORD}
        (?:{_DAY_TO}(?P<d2b>{_DAY}){_ORD})?(?![0-9:]|\s*[ap]\.?m\b)
        (?:,?\s+(?P<y2>{_YEAR})|{_REL_YEAR.format("r2")})?)
    | (?P<month>(?:(?P<mmod>(?:early|late)\s+in|early|mid|late|the\s+(?:end|beginning|start|middle)\s+of
        |in|since|until|till|by|during|last|this|next|from)[\s-]+)?(?P<m3>{MONTH_PATTERN})\b
        (?!\.?\s*[0-9]{{1,2}}(?:st|nd|rd|th)?\b)(?:\.?,?\s+(?P<y3>{_YEAR})|{_REL_YEAR.format("r3")})?)
    | (?P<weekday>(?:(?P<wmod>early|late|last|next|this|on|since|by|until|till)\s+)?(?P<wd>{_WEEKDAY})
        (?:\s+(?:morning|afternoon|evening|night))?)\b
    | (?P<day>(?:earlier\s+|later\s+)?today|tonight|yesterday|overnight|last\s+night
        |this\s+(?:morning|afternoon|evening))\b
    | (?P<weekend>(?:(?:over|during|at|on)\s+)?(?P<wkmod>the|this|last|next)\s+weekend)\b
    | (?P<decade>(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]+)?(?P<dy>(?:1[89]|20)[0-9]0)s)\b
    | (?P<years>(?:from|between)\s+(?P<yr1>{_YEAR})\s+(?:to|and|until|till)\s+(?P<yr2>{_YEAR}))
    | (?P<year>(?:(?:early|mid|late)[\s-]+|the\s+(?P<yedge>end|beginning|start)\s+of\s+)?(?P<y0>{_YEAR})
        (?:\s*[-–]\s*(?P<y0b>{_YEAR}|[0-9]{{2}}(?![0-9])))?)(?![\w]|[.,][0-9])
    | (?P<cue>{word_trie(_CUE_WORDS)}\b|1[34][0-9]{{2}}(?![0-9])|e\.c\.)
    )""",
    re.VERBOSE,
)  # matched on lower-cased text (see lower_same_length); capitals are read from the text itself

# Expressions holding a unit ("three days ago", "in recent weeks", "the following day", "last
# month") or a year of another calendar ("15 Saratan 1400", "1442 AH", "2014 E.C."): searched only
# near those cue words (``_near_matches``), so that their many branches are not tried at every word.
NEAR_SHORT_REACH = 20
NEAR_REACH = 40  # characters a match may start before its cue ("approximately two and a half weeks")
NEAR_TAIL = 40  # and end after it ("day 12 of the Russian counter-offensive")
_NEAR_FIRST_WORDS = word_trie({"on", "early", "late", "the", "in", "during", "last", "this", "next",
                               "over", "for", "within", "earlier", "later", "past", "a", "an", "that",
                               "several", "almost", "nearly", "about", "around", "some", "roughly",
                               "approximately", "more", "just", "close", "day", "days", "weeks", "months",
                               "years"}
                              | set(SMALL_NUMBERS) | set(SCALES)
                              | {re.split(r"[\s'’‘-]", name)[0] for name in calendars.spellings()})
_NEAR = re.compile(
    rf"""(?<![\w/.,-])(?=[0-9]|{_NEAR_FIRST_WORDS}\b)(?:
      (?P<cal>(?:(?P<cd>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?(?P<cm>{_CALENDAR_MONTH})(?:,?\s+(?P<cy>[0-9]{{4}}))?
        |(?P<cm2>{_CALENDAR_MONTH})(?:\s+(?P<cd2>[0-9]{{1,2}}){_ORD})?,?\s+(?P<cy2>[0-9]{{4}})
        |(?P<cy3>1[34][0-9]{{2}}(?=\s*\(?(?:{_ERA}))|(?:19|20)[0-9]{{2}}(?=\s*\(?e\.c\.)))(?![0-9])(?:\s*\(?(?P<era>{_ERA})(?![\w])\)?)?)
    | (?P<span>(?:(?:in|over|during|for|within)\s+)?the\s+(?:previous|last|past|preceding)\s+
        (?:(?P<sn>{NUMBER})\s+)?{_UNIT.format("su")})\b
    | (?P<vague>(?:(?:in|over|during|within)\s+(?:the\s+)?|the\s+)
        (?:(?P<vdir>past|last|previous|coming|next)\s+(?P<vq>{_VAGUE})?|(?P<vq2>{_VAGUE}))\s*(?P<vu>day|week|month|year)s)\b
    | (?P<approx>(?:{_APPROX})\s+(?P<an>{NUMBER}|an?)[\s-]{_UNIT.format("au")}(?:\s+(?P<aago>ago)\b)?)
    | (?P<inside>(?:in|within)\s+(?:just\s+|only\s+)?(?P<inn>{NUMBER}|an?)[\s-]{_UNIT.format("inu")})\b
    | (?P<count>(?P<cn>{NUMBER}|an?)[\s-]{_UNIT.format("cu")}(?:\s+(?P<ago>ago)\b|(?=\s+of\b)))
    | (?P<rel>(?:(?P<rn>{NUMBER}|an?|the|several|a\s+few|a\s+couple\s+of)[\s-](?P<ru>day|week|month|year)s?
        \s+(?P<rdir>after|before|later|earlier)|(?P<ru2>day|week|month|year)s\s+(?P<rdir2>later|earlier)))\b
    | (?P<nextday>(?:(?:over|in|during|for|within)\s+)?the\s+(?P<ndir>following|next|previous|preceding)\s+
        (?:(?P<nn>{NUMBER})\s+)?(?P<nu>day|morning|afternoon|evening|night|week|month|year)s?)\b
    | (?P<same>(?:(?:earlier|later|late|early)\s+(?:in|on)\s+the\s+day|during\s+the\s+day|the\s+same\s+day
        |(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)))\b
    | (?P<samey>that\s+(?:same\s+)?(?P<syu>year|month)|the\s+same\s+(?P<syu2>year|month))\b
    | (?P<epi>(?:on\s+)?(?:the\s+)?(?P<eo>{word_trie(ORDINALS)}|[0-9]{{1,3}}(?:st|nd|rd|th))
        \s+(?P<eu>day|week|month)
        \s+of\s+(?:the|its|their|this)\s+(?:[a-z-]+\s+)?(?P<en>{_EPISODE})
        |day\s+(?P<eo2>[0-9]{{1,3}})\s+of\s+(?:the|its|their|this)\s+(?:[a-z-]+\s+)?(?P<en2>{_EPISODE}))\b
    | (?P<period>(?:(?:earlier|later|early|mid|late)[\s-]+)?(?P<pmod>this|last|next|past)\s+
        (?P<pu>week|month|year))\b
    )""",
    re.VERBOSE,
)
# Month and weekday names are proper nouns; "May" and "March" also need a date word or a
# year beside them ("in May", "May 2023"), else they are the verb or a headline word.
# Abbreviations alone ("Jan") are more often names.
_AMBIGUOUS_MONTHS = ("may", "march")
_ABBREVIATED = {name for name in MONTHS if len(name) <= 4} - {"may", "june", "july"}

# (resolved, precision) or, where the rule knows it is less sure than the text's form says,
# (resolved, precision, ACLED time_precision).
Resolution = tuple[str | None, DatePrecision] | tuple[str | None, DatePrecision, int]
_UNRESOLVED: Resolution = (None, "unresolved")
_ANCHORED: Resolution = (None, "unresolved", 0)  # resolved in a second pass, from the dates around it
_ANCHORED_KINDS = frozenset({"rel", "nextday", "same", "samey", "epi"})


def time_precision(resolved: str | None, precision: DatePrecision, approximate: bool = False) -> int | None:
    """ACLED's time_precision of a resolution: 1 a day; 2 a range of days within one month or of
    at most a week (or an approximate day); 3 a month, a year or any longer range."""
    if resolved is None:
        return None
    if precision == "day":
        return 2 if approximate else 1
    first, _, last = resolved.partition("/")
    if len(first) == len(last) == 10:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
        if (b - a).days <= 7 or (a.year, a.month) == (b.year, b.month):
            return 2
    return 3


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
    if modifier == "next" or (modifier == "future" and month != published.month):
        y += month < published.month or (modifier == "next" and month == published.month)
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


def _period(which: str, unit: str, published: date, edge: str = "", future: bool = False) -> Resolution:
    """"this/last/next/past week|month|year"; weeks run Monday to Sunday, but this week (and
    "earlier this week") only up to publication unless the sentence is about what is to come."""
    step = {"this": 0, "last": -1, "next": 1, "past": -1}[which]
    if which == "past":
        return _span_back(1, unit, published)
    if unit == "year":
        return _y(published.year + step), "year"
    if unit == "month":
        return _ym(*_month_shift(published.year, published.month, step)), "month"
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
    if edge in WEEK_PARTS:  # "early next week": Monday to Wednesday
        first, last = WEEK_PARTS[edge]
        return _days_range(monday + timedelta(days=first), monday + timedelta(days=last))
    if which == "this" and edge == "later":
        return _days_range(published, monday + timedelta(days=6)) if published.weekday() < 6 else \
            (published.isoformat(), "day")
    if which == "this" and (edge == "earlier" or not future):
        return _days_range(monday, published) if published > monday else (published.isoformat(), "day")
    return _days_range(monday, monday + timedelta(days=6))


def _phrase(s: str | None) -> str:
    """A matched modifier in lower case with single spaces ("Late  in" -> "late in")."""
    return " ".join(s.lower().split()) if s else ""


def _resolve(m: re.Match[str], text: str, published: date | None) -> Resolution | None:
    """The resolution of one match; None when the match is not a date after all."""
    g, kind = m.group, m.lastgroup
    if kind == "iso":
        return _day_month(int(g("id")), int(g("im")), g("iy"), None) if 1 <= int(g("im")) <= 12 else None
    if kind == "numeric":
        return _numeric_date(int(g("n1")), int(g("n2")), g("n3"), published)
    if kind == "cal":
        return _calendar_date(m, text, published)
    if kind in _ANCHORED_KINDS:
        return _ANCHORED
    if kind in ("dmy", "mdy"):
        day, name, year, rel = (g("d1"), g("m1"), g("y1"), g("r1")) if kind == "dmy" else \
            (g("d2"), g("m2"), g("y2"), g("r2"))
        if not text[m.start("m1" if kind == "dmy" else "m2")].isupper():
            return None
        if rel and published is None:
            return _UNRESOLVED
        year = year or _relative_year(rel, published)
        first = _day_month(int(day), MONTHS[name.lower()], year, published)
        last_day = g("d1b") if kind == "dmy" else g("d2b")
        if last_day is None or first is None or first[0] is None:
            return first
        last = _day_month(int(last_day), MONTHS[name.lower()], first[0][:4], published)
        return (f"{first[0]}/{last[0]}", "range") if last and last[0] and last[0] > first[0] else None
    if kind == "month":
        name = g("m3")
        needs_context = name.lower() in _AMBIGUOUS_MONTHS or name.lower() in _ABBREVIATED
        if not text[m.start("m3")].isupper() or (needs_context and not (g("mmod") or g("y3") or g("r3"))
                                                   and not _MONTH_TO_MONTH.match(text, m.end())):
            return None
        if g("r3") and published is None:
            return _UNRESOLVED
        modifier = _phrase(g("mmod"))
        if published and modifier in ("", "by", "until", "till") and about_future(text, m.start()):
            modifier = "future"  # "the withdrawal, due to be complete by July": the coming July
        return _month(MONTHS[name.lower()], g("y3") or _relative_year(g("r3"), published), modifier,
                      published)
    if kind == "years":
        return (f"{g('yr1')}/{g('yr2')}", "range") if g("yr2") > g("yr1") else None
    if kind == "decade":
        first, last = {"early": (0, 4), "mid": (3, 6), "late": (6, 9)}.get(_phrase(g("dmod")), (0, 9))
        return f"{int(g('dy')) + first}/{int(g('dy')) + last}", "range"
    if kind == "year":
        if not (is_year(text, m.start("y0"), m.end("y0"))
                or g("y0") < "1900" and _YEAR_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())):
            return None
        if g("y0b"):
            last = g("y0b") if len(g("y0b")) == 4 else g("y0")[:2] + g("y0b")
            return (f"{g('y0')}/{last}", "range") if last > g("y0") else None
        if g("yedge"):  # "at the end of 2011"
            return _ym(int(g("y0")), 12 if g("yedge").lower() == "end" else 1), "month"
        return g("y0"), "year"
    if kind == "weekday" and not text[m.start("wd")].isupper():
        return None
    modifier = _phrase(g("wmod")) if kind == "weekday" else ""
    if kind == "weekday" and published and (
            modifier in ("until", "till")
            and not _PAST_JUST_BEFORE.search(text, max(0, m.start() - 40), m.start())
            or modifier in ("", "on") and about_future(text, m.start())):
        # "parliament will meet on Thursday", "warnings until Saturday": the coming one, not the last
        # (but "fighting continued until Saturday" is past)
        ahead = (WEEKDAYS[g("wd").lower()] - published.weekday()) % 7
        return (published + timedelta(days=ahead)).isoformat(), "day"
    return _relative(m, text, published) if published else _UNRESOLVED


def _calendar_date(m: re.Match[str], text: str, published: date | None) -> Resolution | None:
    """A Hijri, Solar Hijri or Ethiopian date: a day, a month (as its range of days) or a year with its
    era."""
    g = m.group
    name_group = "cm" if g("cm") else "cm2" if g("cm2") else None
    day = int(g("cd") or g("cd2") or 0)
    year = int(g("cy") or g("cy2") or g("cy3") or 0)
    era = calendars.era_calendar(g("era")) if g("era") else None
    if name_group is None:  # "1442 AH", "1400 SH", "2014 E.C.": an era that cannot be an abbreviation
        if era is None or (era == "ethiopian" and "." not in g("era")):
            return None
        options = [(era, 0)]
    else:
        name = g(name_group)
        if not text[m.start(name_group)].isupper() or (calendars.is_ambiguous(name) and not year):
            return None
        options = [(cal, month) for cal, month in calendars.months_named(name) if era in (None, cal)]
    options = [(cal, month) for cal, month in options
               if not year or calendars.YEARS[cal][0] <= year <= calendars.YEARS[cal][1]]
    if not options:
        return None
    cal, month = options[0]
    if not month:
        first, last = calendars.year_span(cal, year)
        return f"{first.isoformat()}/{last.isoformat()}", "range", 3
    if not year:
        if published is None:
            return _UNRESOLVED
        year = calendars.year_of(cal, published)
        if calendars.to_gregorian(cal, year, month, day) > published + timedelta(days=FUTURE_DAYS):
            year -= 1
    if day:
        return calendars.to_gregorian(cal, year, month, day).isoformat(), "day"
    first, last = calendars.month_span(cal, year, month)
    return f"{first.isoformat()}/{last.isoformat()}", "range", 3


_YEAR_WORD_BEFORE = re.compile(r"\b(?:in|since|from|until|till|by|of|year)\s+$", re.I)  # "founded in 1826"
_PAST_JUST_BEFORE = re.compile(r"\b(?:[a-z]+ed|was|were|had|held|fought|kept)\b(?:\s+\S+){0,2}\s+$", re.I)
_MONTH_TO_MONTH = re.compile(rf"\s*[-–—]\s*(?i:{MONTH_PATTERN})\b")  # "May–September 2024"
_FUTURE = re.compile(r"\b(?:will|shall|(?:vow|aim|hope|intend|plan)(?:s|ed)?\s+to|urged|"
                     r"(?:is|are|was|were)\s+(?:due|expected|scheduled|set|planned|to)|due\s+to|"
                     r"plans?\s+to|planning\s+to|scheduled\s+(?:for|to))\b[^.;:!?]*$", re.I)


def about_future(text: str, at: int) -> bool:
    """Whether the clause before ``at`` (at most 150 characters back) speaks of what is to come."""
    m = _FUTURE.search(text, max(0, at - 150), at)
    return m is not None and "\n\n" not in text[m.start():at]


def _numeric_date(a: int, b: int, year: str, published: date | None) -> Resolution | None:
    """ "13.08.2020", "29/07/2024": day first, unless that cannot be ("08/13/2020" is August) or,
    both being possible, it falls after publication and the month-first reading does not."""
    readings = [(d, mo) for d, mo in ((a, b), (b, a))
                if 1 <= mo <= 12 and 1 <= d <= monthrange(int(year), mo)[1]]
    if not readings:
        return None
    days = [date(int(year), mo, d) for d, mo in readings]
    if published and len(days) == 2 and days[0] > published >= days[1]:
        return days[1].isoformat(), "day"
    return days[0].isoformat(), "day"


def _vague(m: re.Match[str], published: date) -> Resolution:
    """"in recent days|weeks|months", "the past few weeks", "in the coming days": a stated count
    of days or months ending at (or, coming, starting after) the reference date."""
    g = m.group
    unit, quantity = g("vu").lower(), _phrase(g("vq") or g("vq2"))
    forward = _phrase(g("vdir")) in ("coming", "next")
    couple = quantity.startswith("couple")
    if unit in VAGUE_DAYS:
        days = (14 if unit == "week" else 2) if couple else VAGUE_DAYS[unit]
        first, last = (published, published + timedelta(days=days)) if forward else \
            (published - timedelta(days=days), published)
        resolved, precision = _days_range(first, last)
        return resolved, precision, max(2, time_precision(resolved, precision) or 3)
    months = (24 if unit == "year" else 2) if couple else VAGUE_MONTHS[unit]
    if forward:
        last = _ym(*_month_shift(published.year, published.month, months))
        return f"{_ym(published.year, published.month)}/{last}", "range", 3
    return (*_months_range(published, months), 3)


def _counted(count: float, unit: str, published: date, forward: bool) -> Resolution:
    """"in a week", "in three days": a span back to the reference date, or in a sentence about
    what is to come, the day that far ahead (an approximate day)."""
    if not forward:
        return _span_back(count, unit, published)
    if unit in ("hour", "day", "week"):
        days = count * {"hour": 1 / 24, "day": 1, "week": 7}[unit]
        return (published + timedelta(days=round(days))).isoformat(), "day", 2
    months = round(count * {"month": 1, "year": 12, "decade": 120}[unit])
    return _ym(*_month_shift(published.year, published.month, months)), "month"


def _relative(m: re.Match[str], text: str, published: date) -> Resolution | None:
    g, kind = m.group, m.lastgroup
    if kind == "vague":
        return _vague(m, published)
    if kind in ("approx", "inside"):
        number, unit = (g("an"), g("au")) if kind == "approx" else (g("inn"), g("inu"))
        count = 1.0 if number.lower() in ("a", "an") else number_value(number)
        if not count:
            return None
        if kind == "approx" and g("aago"):
            resolved, precision = _ago(count, unit, published)
            return resolved, precision, time_precision(resolved, precision, approximate=True) or 3
        if kind == "inside":
            return _counted(count, unit.lower(), published, about_future(text, m.start()))
        resolved, precision = _span_back(count, unit, published)
        return resolved, precision, max(2, time_precision(resolved, precision) or 3)
    if kind == "weekday":
        return _weekday(WEEKDAYS[g("wd").lower()], _phrase(g("wmod")), published)
    if kind == "day":
        phrase = _phrase(g("day"))
        back = 1 if phrase in ("yesterday", "last night") else 0
        return (published - timedelta(days=back)).isoformat(), "day"
    if kind == "weekend":
        return _weekend(g("wkmod").lower(), published)
    if kind == "period":
        edge = _phrase(g("period")).replace("-", " ").split()[0]
        which, unit = g("pmod").lower(), g("pu").lower()
        future = which == "this" and unit == "week" and edge == "this" and about_future(text, m.start())
        return _period(which, unit, published, edge, future)
    if kind == "span":
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
    anchored: list[tuple[int, re.Match[str]]] = []
    for m in _matches(lower_same_length(text)):
        try:
            resolution = _resolve(m, text, published)
        except (OverflowError, ValueError):  # near date.min or date.max, or "a trillion years ago"
            resolution = _UNRESOLVED
        if resolution is None:
            continue
        if resolution is _ANCHORED:
            anchored.append((len(found), m))
        found.append(_date_ref(text, m.start(), m.end(), resolution, sentences))
    unanchored = set()
    for index, m in anchored:  # in order, so "the following day" can count from "the next day"
        try:
            resolution = _anchored(m, found, index, text, sentences, published)
        except (OverflowError, ValueError):
            resolution = None
        if resolution is None:  # nothing to count from: "two days before the 9/11 attacks" is no date here
            unanchored.add(index)
        else:
            found[index] = _date_ref(text, m.start(), m.end(), resolution, sentences)
    return _joined_ranges([d for i, d in enumerate(found) if i not in unanchored], text)


def _matches(low: str) -> list[re.Match[str]]:
    """The matches of ``_DATE`` and, around its cue words, of ``_NEAR``: leftmost first, none
    overlapping (a calendar date before the plain year it starts with)."""
    out: list[re.Match[str]] = []
    for m in _DATE.finditer(low):
        if m.lastgroup == "cue":
            m = _near(low, m)  # type: ignore[assignment]
            if m is None:
                continue
            while out and out[-1].end() > m.start() and out[-1].start() >= m.start():
                out.pop()  # "2014 E.C." rather than "2014"
        if not out or m.start() >= out[-1].end():
            out.append(m)
    return out


def _near(low: str, cue: re.Match[str]) -> re.Match[str] | None:
    """The ``_NEAR`` match holding ``cue`` (it starts at most ``NEAR_REACH`` characters before)."""
    at, end = cue.start(), cue.end() + NEAR_TAIL
    for reach in (NEAR_SHORT_REACH, NEAR_REACH):  # most start within a few words; look further only if not
        lo = pos = max(0, at - reach)
        while (m := _NEAR.search(low, pos, end)) is not None and m.start() <= at:
            if m.end() > at:
                if m.start() - lo > NEAR_SHORT_REACH // 2 or lo == 0 or reach == NEAR_REACH:
                    return m
                break  # it may begin further back ("approximately two and a half weeks")
            pos = m.end()
    return None


def _date_ref(text: str, start: int, end: int, resolution: Resolution, sentences: list[Sentence]) -> DateRef:
    resolved, precision = resolution[0], resolution[1]
    tp = resolution[2] if len(resolution) > 2 else time_precision(resolved, precision)  # type: ignore[misc]
    sentence = sentence_at(sentences, start)
    return DateRef(text=text[start:end], start=start, end=end, resolved=resolved, precision=precision,
                   sentence=sentence.text if sentence else "", time_precision=tp if resolved else None)


ANCHOR_SENTENCES = 2  # an anchored expression counts from a date at most this many sentences back


def _anchored(m: re.Match[str], found: list[DateRef], index: int, text: str, sentences: list[Sentence],
              published: date | None) -> Resolution | None:
    """The date of an expression that counts from another date: the one beside it in the sentence, the
    last one before it, or the stated start of the episode it counts the days of."""
    g = m.group
    here = sentence_at(sentences, m.start())
    window = _window_start(sentences, m.start())
    earlier = [d for d in found[:index] if d.resolved and d.start >= window]
    if g("epi"):
        start = episode_start(g("en") or g("en2"), found, sentences)
        if start is None:
            return None
        ordinal = (g("eo") or g("eo2")).lower()
        k = ORDINALS.get(ordinal) or int(re.sub(r"[a-z]+", "", ordinal) or 0)
        unit = (g("eu") or "day").lower()
        if k < 1:
            return None
        if unit == "day":
            return (start + timedelta(days=k - 1)).isoformat(), "day"
        if unit == "week":
            return _days_range(start + timedelta(weeks=k - 1), start + timedelta(weeks=k, days=-1))
        return _ym(*_month_shift(start.year, start.month, k - 1)), "month"
    if g("same") or g("samey"):
        in_sentence = [d for d in found if d.resolved and here and here.start <= d.start < m.start()]
        earlier = [d for d in earlier if d.start < (here.start if here else m.start())
                   and not _AFTER_CLAUSE.search(d.text)]
        if g("samey"):
            anchor = (in_sentence or earlier or [None])[-1] if not in_sentence else in_sentence[0]
            if anchor is None or anchor.resolved is None:
                return None
            unit = (g("syu") or g("syu2")).lower()
            return (anchor.resolved[:4], "year") if unit == "year" or len(anchor.resolved) < 7 else \
                (anchor.resolved[:7], "month")
        days = [d for d in in_sentence[::-1] + earlier[::-1] if d.precision == "day"]
        if days:
            return days[0].resolved, "day"
        if published is not None and _phrase(g("same")).endswith("the day"):  # a live blog's "earlier today"
            return published.isoformat(), "day"
        return None
    if g("nextday"):
        sign = 1 if _phrase(g("ndir")) in ("following", "next") else -1
        unit = g("nu").lower()
        unit = "day" if unit in ("morning", "afternoon", "evening", "night") else unit
        count = number_value(g("nn")) if g("nn") else 1
        if g("nn") and earlier and count and unit in ("day", "week"):  # "over the following three days"
            first, last = _shift(earlier[-1], sign, "day")[0], _shift(earlier[-1], sign * count, unit)[0]
            if first and last and len(first) == len(last) == 10:
                return _days_range(*sorted((date.fromisoformat(first), date.fromisoformat(last))))
        if g("nn"):
            return None
        if earlier:
            return _shift(earlier[-1], sign, unit)
        if published is not None and sign > 0 and unit != "day" and _phrase(g("ndir")) == "next":
            return _period("next", unit, published)
        return None
    # "a day after", "three days before", "two weeks later", "days later"
    number = _phrase(g("rn"))
    unit = (g("ru") or g("ru2")).lower()
    direction = _phrase(g("rdir") or g("rdir2"))
    vague = not number or number in ("several", "a few", "a couple of") or \
        (number == "the" and m.group().lower().split()[1].endswith("s"))
    count = 1.0 if vague or number in ("a", "an", "the") else number_value(number)
    if not count:
        return None
    sign = 1 if direction in ("after", "later") else -1
    if direction in ("later", "earlier"):
        return _shift(earlier[-1], sign * count, unit, vague) if earlier else None
    # "X on Wednesday, a day after routing the army": the date is the after-clause's, the one
    # beside it minus a day; "a day after the attack on June 5" is the day after June 5.
    clause_end = _clause_end(text, m.end(), here.end if here else len(text))
    in_clause = [d for d in found if d.resolved and m.end() <= d.start < clause_end]
    if in_clause:
        return _shift(in_clause[0], sign * count, unit, vague)
    named = _MONTH_NAMED.search(lower_same_length(text), m.end(), clause_end)
    if named:  # "two days after the March raid": the last date in March
        month = MONTHS[named.group(1)]
        in_month = [d for d in found[:index] if d.resolved and len(d.resolved) >= 7 and d.resolved[4] == "-"
                    and int(d.resolved[5:7]) == month]
        if in_month:
            return _shift(in_month[-1], sign * count, unit, vague)
    beside = [d for d in found if d.resolved and here and here.start <= d.start < here.end
              and not m.start() <= d.start < clause_end]
    if beside:
        return _shift(min(beside, key=lambda d: abs(d.start - m.start())), -sign * count, unit, vague)
    return _shift(earlier[-1], sign * count, unit, vague) if earlier else None


_AFTER_CLAUSE = re.compile(r"\b(?:after|before)\b", re.I)  # "a day after": another event's date
_MONTH_NAMED = re.compile(rf"\b({MONTH_PATTERN})\b")


def _window_start(sentences: list[Sentence], offset: int) -> int:
    """Where the sentences that may hold an anchor begin: ``ANCHOR_SENTENCES`` before the one at
    ``offset``."""
    starts = [s.start for s in sentences]
    i = bisect_right(starts, offset) - 1
    return sentences[max(0, i - ANCHOR_SENTENCES)].start if i >= 0 else max(0, offset - 600)


def _clause_end(text: str, start: int, limit: int) -> int:
    m = re.compile(r"[,;:.!?—–]|\s-\s").search(text, start, limit)
    return m.start() if m else limit


def _shift(anchor: DateRef, count: float, unit: str, vague: bool = False) -> Resolution:
    """``anchor`` moved by ``count`` units (negative: back); a vague count ("days later") is a span."""
    resolved = anchor.resolved or ""
    first, _, last = resolved.partition("/")
    base = (last or first) if count > 0 else first
    if len(base) == 10:
        day = date.fromisoformat(base)
        if unit in ("day", "week"):
            step = 7 if unit == "week" else 1
            if vague:  # "days later": the week after; "weeks later": the six weeks after, as months
                if unit == "day":
                    ends = sorted((day + timedelta(days=1 if count > 0 else -1),
                                   day + timedelta(days=7 * int(count))))
                    return _days_range(*ends)
                ends = sorted((day + timedelta(days=7 * int(count)), day + timedelta(days=42 * int(count))))
                return _month_range(ends[0], ends[1])
            return (day + timedelta(days=round(count * step))).isoformat(), "day"
        y, mo = _month_shift(day.year, day.month, round(count * (12 if unit == "year" else 1)))
        return (_y(y), "year") if unit == "year" else (_ym(y, mo), "month", 3)
    if len(base) == 7:
        y, mo = int(base[:4]), int(base[5:7])
        months = {"day": 0, "week": 0, "month": 1, "year": 12}[unit] * round(count)
        if unit == "week" and vague:
            return f"{_ym(y, mo)}/{_ym(*_month_shift(y, mo, 1 if count > 0 else -1))}", "range"
        y, mo = _month_shift(y, mo, months)
        return (_y(y), "year") if unit == "year" else (_ym(y, mo), "month")
    if len(base) == 4:
        return _y(int(base) + (round(count) if unit == "year" else 0)), "year"
    return _UNRESOLVED


def _month_range(first: date, last: date) -> Resolution:
    a, b = _ym(first.year, first.month), _ym(last.year, last.month)
    return (a, "month") if a == b else (f"{a}/{b}", "range")


def episode_start(noun: str, found: list[DateRef], sentences: list[Sentence]) -> date | None:
    """The day an episode ("the offensive") began, from a sentence that names it with a start word
    ("launched", "began", "the start of") and a date."""
    head = noun.lower().replace("counter-offensive", "counteroffensive")
    for s in sentences:
        low = s.text.lower()
        starts = _STARTS.search(low)
        if head not in low or not starts:
            continue
        days = [d for d in found if d.precision == "day" and d.resolved and s.start <= d.start < s.end]
        if days:  # "the offensive that Russian forces began on 10 May": the date after the start word
            at = s.start + starts.start()
            after = [d for d in days if d.start >= at]
            return date.fromisoformat((after[0] if after else days[-1]).resolved or "")
    return None


_RANGE_JOIN = re.compile(r"\s*(?:[-–—]|to|until|till|through)\s*", re.I)
_MONTH_JOIN = re.compile(r"\s*(?:[-–—]|to|until|till|through|and)\s*", re.I)


def _joined_ranges(found: list[DateRef], text: str) -> list[DateRef]:
    """ "28 October - 9 November 2023": two days joined by a dash or "to" are one range; so are two
    months ("from May to September"), the second in the first one's year (or the next, never before)."""
    out: list[DateRef] = []
    for d in found:
        prev = out[-1] if out else None
        if prev and prev.precision == d.precision == "day" and prev.resolved and d.resolved \
                and prev.resolved < d.resolved and _RANGE_JOIN.fullmatch(text, prev.end, d.start):
            joined = f"{prev.resolved}/{d.resolved}"
            out[-1] = replace(prev, text=text[prev.start:d.end], end=d.end, resolved=joined,
                              precision="range", time_precision=time_precision(joined, "range"))
            continue
        if prev and prev.precision == d.precision == "month" and prev.resolved and d.resolved \
                and _MONTH_JOIN.fullmatch(text, prev.end, d.start) \
                and (text[prev.end:d.start].strip().lower() != "and"
                     or prev.text.lower().startswith("between")):
            joined = _month_pair(prev, d)
            out[-1] = replace(prev, text=text[prev.start:d.end], end=d.end, resolved=joined,
                              precision="range", time_precision=3)
            continue
        out.append(d)
    return out


def _month_pair(first: DateRef, last: DateRef) -> str:
    """ "from May to September": both in one year, the end not before the start; a year written
    on either end ("from May to September 2021") sets it."""
    (y1, m1), (y2, m2) = (int(first.resolved[:4]), int(first.resolved[5:7])), \
        (int(last.resolved[:4]), int(last.resolved[5:7]))  # type: ignore[index]
    if _HAS_YEAR.search(last.text) and not _HAS_YEAR.search(first.text):
        y1 = y2 - (m1 > m2)
    else:
        y2 = y1 + (m2 < m1) if not _HAS_YEAR.search(last.text) else max(y2, y1)
    return f"{_ym(y1, m1)}/{_ym(y2, m2)}"


_HAS_YEAR = re.compile(r"[0-9]{4}")
