"""Quoted figures: numbers in digits and words, their qualifier, bounds and what they count.

Rules (chosen to fit ``shared/eval`` gold files and SCHEMA.md):

- ``text`` is the figure as quoted, qualifier included, extended over the counted noun phrase
  ("more than 300 Afghan military troops", "thousands of people", "15 kilometers"), except for
  shares ("over a third", "40%"), whose noun phrase follows "of".
- ``value`` is the number; a qualifier sets a bound: "more than 300" -> low 301, "at least 5" ->
  low 5, "up to 50"/"nearly 50" -> high 50, "fewer than 10" -> high 9; "between 5 and 10",
  "5-10", "two or three" -> low/high with no value.
- Vague quantities take as value (and low) the order of magnitude they name, and high just
  below ten times it: "thousands" 1000 (high 9999), "hundreds of thousands" 100000,
  "several hundred"/"hundreds" 100, "dozens" 12. The gold files give "thousands of people" 1000
  and "hundreds of thousands" 100000 as lower bounds.
- Not figures: years (1900-2100 standing alone), times ("6:30 p.m."), "9/11", numbers inside
  dates ("May 2023", "July 4"), ordinals, bare "one"/"a", fractions not followed by "of"
  ("a third day").
- ``kind`` says what a figure measures: a count (people, units, places, equipment), a share, or a
  distance, area, duration or sum of money. Every quoted number stays in the extraction (gold files
  list distances and durations); the page shows counts and shares only, as written
  (:func:`display_value`: "> 12 million", "> 1/3").

Number words are parsed here rather than with ``number-parser``: its ``parse_number`` takes
about 0.7 ms per call, more than the budget for a whole article.
"""
from __future__ import annotations

import re
from dataclasses import replace
from math import isfinite
from typing import Iterable

from dashboard.model import Figure
from dashboard.text import Sentence, lower_same_length, sentence_at
from dashboard.vocabulary import COMPASS_POINTS, MONTHS, SCALES, SMALL_NUMBERS



def word_trie(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (longest first), as a trie: a plain alternation of
    many words costs twice as much at every word start of an article."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{emit(tree)})"


MONTH_PATTERN = word_trie(MONTHS)
_UNITS_WORDS = [w for w, n in SMALL_NUMBERS.items() if 1 <= n <= 9]
_WORD = word_trie((set(SMALL_NUMBERS) - {"zero"})
                  | {f"{tens}-{unit}" for tens,
                     v in SMALL_NUMBERS.items() if v >= 20 for unit in _UNITS_WORDS})
_SCALE = word_trie(SCALES)
# "three hundred and fifty": "and" only joins a scale word to what follows it.
_WORD_TOKEN = rf"(?:{_WORD}|(?:{_SCALE})(?:\s+and\s+{_WORD})?)"
#: Number words, e.g. "Six million", "twenty-five", "thousand" (a regex fragment, no groups).
# Bounded repetitions: an unbounded run ("one one one ...") would backtrack quadratically.
NUMBER_WORDS = rf"{_WORD_TOKEN}(?:[\s-]+{_WORD_TOKEN}){{0,6}}(?![\w])"
# A unit may be glued to the digits ("27km"); any other letter makes it a code ("M23", "4x4").
_DIGITS = (r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,15})(?:\.[0-9]+)?"
           r"(?:(?=(?:km|kms|mi|m|kg|mw|ha)\b)|(?![\w/:]|[.,][0-9]))")
#: A number in digits (optionally "2 million") or in words (a regex fragment, no groups).
NUMBER = rf"(?:{_DIGITS}(?:\s*(?:{_SCALE}|bn)\b)?|{NUMBER_WORDS})(?:\s+and\s+a\s+half\b)?"

_QUALIFIERS = (r"no\s+(?:more|fewer|less)\s+than|(?:more|fewer|less)\s+than|(?:well|just)\s+(?:over|under)"
               r"|over|above|under|below|nearly|almost|about|around|roughly|approximately|some"
               r"|at\s+least|at\s+most|up\s+to|as\s+many\s+as|as\s+few\s+as|an\s+estimated|estimated"
               r"|close\s+to|upwards\s+of|in\s+excess\s+of")
_NUMERATORS = "|".join(["a", *(w for w, n in SMALL_NUMBERS.items() if 1 <= n <= 5)])
_FRACTION = (rf"(?:(?:{_NUMERATORS})[\s-](?:half|third|quarter|fifth|sixth|eighth|tenth)s?"
             r"|half)(?=\s+(?:of|the)\b)")
_VAGUE = (r"(?:tens|hundreds|dozens)\s+of\s+(?:thousands|millions)|(?:several|a\s+few|a\s+couple\s+of)\s+"
          r"(?:dozen|hundred|thousand|million)|hundreds|thousands|millions|billions|dozens|scores(?=\s+of\b)")
# The words a figure can start with, tested once per word start before the alternation below.
_FIRST_WORDS = word_trie({"between", "no", "more", "fewer", "less", "well", "just", "over", "above", "under",
                          "below",
                          "nearly", "almost", "about", "around", "roughly", "approximately", "some", "at",
                          "up", "as",
                          "an", "a", "estimated", "close", "upwards", "in", "one", "two", "three", "four",
                          "five",
                          "half", "tens", "hundreds", "thousands", "millions", "billions", "dozens", "scores",
                          "several", "us", "c", "nz", "hk"} | set(SMALL_NUMBERS) | set(SCALES))
_FIGURE = re.compile(
    rf"""(?<![\w$€£.,/:-])(?=[0-9$€£]|{_FIRST_WORDS}\b|(?:us|a|c|nz|hk)[$€£])
    (?:(?P<between>between\s+)|(?P<qual>{_QUALIFIERS})\s+)?
    (?P<core>(?P<fraction>{_FRACTION})|(?P<vague>{_VAGUE})|(?P<article>an?\s+(?:dozen|{_SCALE})\b)
            |(?:us|a|c|nz|hk)?[$€£]?(?P<n1>{NUMBER}))
    (?:(?(between)\s+and\s+|\s*(?:-|–|to\b|or\b)\s*)[$€£]?(?P<n2>{NUMBER}))?
    (?P<pct>\s*%|\s+per\s*cent\b)?""",
    re.VERBOSE,
)  # matched on lower-cased text (see lower_same_length)

_FRACTION_VALUES = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "eighth": 8, "tenth": 10}
_VAGUE_MAGNITUDE = {"ten": 10, "dozen": 12, "score": 20, "hundred": 100, "thousand": 1_000,
                    "million": 1_000_000,
                    "billion": 1_000_000_000}
_LOWER_BOUND = {"more than": 1, "over": 1, "above": 1, "well over": 1, "just over": 1, "in excess of": 1,
                "upwards of": 1, "at least": 0, "no fewer than": 0, "no less than": 0}
_UPPER_BOUND = {"fewer than": -1, "less than": -1, "under": -1, "below": -1, "just under": -1,
                "well under": -1,
                "up to": 0, "at most": 0, "no more than": 0, "as many as": 0, "nearly": 0, "almost": 0,
                "close to": 0}

_TIME_AFTER = re.compile(r"\s*(?:[ap]\.?m\b\.?|gmt\b|utc\b|hrs\b|o'clock\b|local\s+time\b)", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"(?:\s*(?:and|or|to|-|–)\s*[0-9]{{1,2}})?\s*(?:{MONTH_PATTERN})\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_PATTERN})\.?\s*$", re.IGNORECASE)
_NOUN_HALF_BEFORE = re.compile(r"\bthe\s+(?:\w+\s+)?$", re.IGNORECASE)  # "the northern half of"
# "the Three Brotherhood Alliance": a capitalised number word inside a sentence starts a name.
_NAME_AFTER_NUMBER_WORD = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)?\s+[A-Z]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n][\"“'‘]?\s*|\A[\"“'‘])$")
_DAY_OR_YEAR = re.compile(r"[0-9]{1,2}|[0-9]{4}")
# Words before a number that make it a name or an identifier ("Route 66", "Resolution 2254").
_LABEL_BEFORE = re.compile(
    r"\b(?:route|highway|road|resolution|article|brigade|division|battalion|regiment|corps|flight|no\.?|number"
    r"|page|chapter|section|phase|block|gate|checkpoint|sector|zone|camp|hill|height|point|platoon|unit"
    r"|kilometre|kilometer|km|mile|operation|op\.)\s*$",
    re.IGNORECASE,
)
_YEAR_CONTEXT_BEFORE = re.compile(
    r"\b(?:in|since|of|by|until|till|from|before|after|during|the|a|an|early|late|mid|through|between"
    r"|and|to|or|spring|summer|autumn|fall|winter)[\s-]*$",
    re.IGNORECASE,
)
_COUNTED_PLURAL = re.compile(
    r"\s+(?!(?:this|thus|plus|across|towards|afterwards|always|whereas|besides|unless|perhaps|versus)\b)"
    r"(?:[a-z][a-z-]+[^\Ws]s|people|men|women|children|police|personnel|staff|cattle)\b")


def is_year(text: str, start: int, end: int) -> bool:
    """A bare 1900-2100 number read as a year ("in 2001", "the 2019 overthrow"), not a count.

    It is a count when a counted plural follows and no date word precedes ("2000 soldiers").
    """
    if any(c.isdigit() for c in text[max(0, start - 1):start] + text[end:end + 1]):
        return False
    token = text[start:end]
    if not (len(token) == 4 and token.isascii() and token.isdigit() and 1900 <= int(token) <= 2100):
        return False
    before = text[max(0, start - 16):start]
    if _LABEL_BEFORE.search(before):
        return False
    return bool(_YEAR_CONTEXT_BEFORE.search(before)) or not _COUNTED_PLURAL.match(text, end)


def number_value(number: str) -> float | None:
    """The value of a number in digits or words ("1,037", "2 million", "Six million", "two and a half")."""
    s = number.lower().replace(",", "")
    half = 0.5 if re.search(r"\band\s+a\s+half$", s) else 0.0
    if half:
        s = s[:s.rindex("and")].strip()
    words = [w for w in re.split(r"[\s-]+", s.strip("$€£ ")) if w and w != "and"]
    if not words:
        return None
    total, current = 0.0, 0.0
    if words[0][0].isdigit():
        current = float(words.pop(0))
    for w in words:
        if w in SMALL_NUMBERS:
            current += SMALL_NUMBERS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES or w == "bn":
            total += (current or 1) * SCALES.get(w, 1_000_000_000)
            current = 0.0
        else:
            return None
    value = total + current + half
    return value if isfinite(value) else None


def _tidy(value: float | None) -> float | None:
    """Whole numbers as ints in JSON ("300", not "300.0"); shares to 4 decimals."""
    if value is None:
        return None
    return int(value) if value == int(value) else round(value, 4)


def _fraction_value(fraction: str) -> float:
    words = re.split(r"[\s-]+", fraction.lower())
    if len(words) == 1:  # "half of"
        return 0.5
    numerator = 1 if words[0] in ("a", "one") else SMALL_NUMBERS[words[0]]
    return numerator / _FRACTION_VALUES[words[1].rstrip("s")]


def _vague_value(vague: str) -> float:
    """The order of magnitude a vague quantity names: "hundreds of thousands" -> 100000."""
    value = 1.0
    for w in vague.lower().split():
        value *= _VAGUE_MAGNITUDE.get(w.removesuffix("s"), 1)
    return value


# Words that end a counted noun phrase: function words, auxiliaries, common past-tense verbs,
# directions ("15 kilometers north of"), and number words (the next figure).
_STOP_WORDS = frozenset("""
a an the of in at on to from by with without into onto across for over under near along toward towards after
before during since until ago per than as through around within outside inside between among against behind
beyond via off up down out about while when where who whom whose which that this these those if so but because
is are was were be been being have has had do did does will would could should may might must can shall
said says say told tell reported according also reportedly still now already more most each apiece earlier
later left right they them he she it we you i their his her its our my your us him there here then again
fell fled took died made came went ran lost won got gave held met saw kept fought sought hit shot struck
remain remains stay stayed live die fall flee take make come go run lose win give hold
not no nor yet just only even too very almost nearly some any all both other another such and or
""".split()) | frozenset(SMALL_NUMBERS) | frozenset(SCALES) | frozenset(COMPASS_POINTS)
_QUOTES = frozenset("\"“”‘’'")
_DETERMINERS = frozenset("the their its his her those these our an a whose".split())
_TOKEN = re.compile(r"\s{0,3}(?:(?P<word>[^\W\d_](?:[\w'’.-]*\w)?)|(?P<num>[0-9][0-9,.]*[0-9]|[0-9])"
                    r"|(?P<punct>[^\w\s]))")
_MAX_COUNT_WORDS = 8


_IRREGULAR_PLURALS = frozenset("people men women children police personnel staff".split())


def _plural(word: str) -> bool:
    lw = word.lower()
    return lw in _IRREGULAR_PLURALS or (lw.endswith("s") and not lw.endswith(("ss", "us", "is")))


def _phrase_word(word: str, previous: str | None) -> bool:
    """Can ``word`` follow ``previous`` in a counted noun phrase? Past tenses and -ing forms
    after the first word are verbs ("troops crossed"), as the first word adjectives ("wounded
    soldiers"); an -s word after a plural common noun is a verb ("people needs", not "Abrams tanks")."""
    lw = word.lower()
    if lw in _STOP_WORDS or (lw.endswith("ly") and len(lw) > 4):
        return False
    if previous is None:
        return True
    return not lw.endswith(("ed", "ing")) and not (previous.islower() and _plural(previous) and _plural(word))


def counted_phrase(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """Span of the noun phrase counted by a number ending at ``pos``, up to ``limit`` (the sentence end).

    A leading "of" and determiner are skipped ("hundreds of the residents"); after "of", numbers
    may be part of the phrase ("a third of Afghanistan's 421 districts"). Lists continue over
    commas only when they reach "and"/"or" ("army, police, and intelligence personnel").
    """
    if text.startswith("-", pos):  # "thousand-kilometer front line"
        pos += 1
    words: list[tuple[int, int]] = []
    previous: str | None = None  # the last word read, "of" and "and" included
    list_end: int | None = None  # phrase end before a comma whose list is not yet closed by "and"
    after_of = False
    while pos < limit and len(words) < _MAX_COUNT_WORDS:
        m = _TOKEN.match(text, pos, limit)
        if m is None:
            break
        word = (m.group("word") or "").lower()
        if m.group("punct") == "," and words:
            list_end = words[-1][1] if list_end is None else list_end
        elif m.group("punct") in _QUOTES:
            pass
        elif word in ("and", "or") and words:
            nxt = _TOKEN.match(text, m.end(), limit)
            if not (nxt and nxt.group("word") and _phrase_word(nxt.group("word"), word)):
                break
            list_end = None
        elif word == "of" and not words and not after_of:
            after_of = True
        elif word in _DETERMINERS and previous in (None, "of"):  # "half the population", "of the"
            pass
        elif (word and _phrase_word(m.group("word"), previous if words else None)
              or after_of and (m.group("num") or word in SMALL_NUMBERS)):
            words.append(m.span(m.lastgroup or "word"))
        else:
            break
        previous = previous if m.group("punct") else m.group(m.lastgroup or "word")
        pos = m.end()
    if list_end is not None:
        words = [w for w in words if w[1] <= list_end]
    return (words[0][0], words[-1][1]) if words else None


def _excluded(text: str, m: re.Match[str]) -> bool:
    """Numbers that are not counts: years, times, dates, identifiers, bare "one"."""
    start, end = m.start("core"), m.end()
    n1 = m.group("n1")
    if m.group("fraction") and _NOUN_HALF_BEFORE.search(text, max(0, start - 24), start):
        return True
    if n1 is None:
        return False
    if m.group("qual") is None and m.group("n2") is None and n1.lower() == "one":
        return True
    if _NAME_AFTER_NUMBER_WORD.match(text, start) and not _SENTENCE_START.search(text, max(0, start - 4),
                                                                                 start):
        return True
    if _TIME_AFTER.match(text, end) or _LABEL_BEFORE.search(text, max(0, start - 16), start):
        return True
    if m.group("qual") is None and is_year(text, m.start("n1"), m.end("n1")):
        return True
    if m.group("n2") is not None and is_year(text, m.start("n2"), m.end("n2")):
        return True
    near_month = _MONTH_BEFORE.search(text, max(0, start - 12), start) or _MONTH_AFTER.match(text, end)
    return bool(near_month) and bool(_DAY_OR_YEAR.fullmatch(n1))


def _range_low(first: str, second: str, low: float) -> float:
    """The low end of a range whose scale word is said once: "2 to 3 million" -> 2 million."""
    scale = second.lower().split()[-1]
    if scale in SCALES and first.lower().split()[-1] not in SCALES:
        return low * SCALES[scale]
    return low


def _bounds(qualifier: str | None, value: float | None) -> tuple[float | None, float | None]:
    if qualifier is None or value is None:
        return None, None
    whole = value == int(value) and value >= 1
    if qualifier in _LOWER_BOUND:
        return value + (_LOWER_BOUND[qualifier] if whole else 0), None
    if qualifier in _UPPER_BOUND:
        return None, value + (_UPPER_BOUND[qualifier] if whole else 0)
    return None, None


def _figure(text: str, m: re.Match[str], sentence: Sentence | None) -> Figure | None:
    qualifier = " ".join(m.group("qual").lower().split()) if m.group("qual") else None
    low = high = None
    share = bool(m.group("fraction") or m.group("pct"))
    if m.group("fraction"):
        value = _fraction_value(m.group("fraction"))
    elif m.group("vague"):
        value = _vague_value(m.group("vague"))
        low, high = value, value * 10 - 1
        qualifier = qualifier or " ".join(m.group("vague").lower().split())
    elif m.group("article"):
        word = m.group("article").split(None, 1)[1].lower()
        value = 12.0 if word == "dozen" else number_value(word)
    else:
        value = number_value(m.group("n1"))
    if value is None:
        return None
    if m.group("n2") is not None and m.group("n1") is not None:
        low, high = _range_low(m.group("n1"), m.group("n2"), value), number_value(m.group("n2"))
        if high is None or high <= low:
            return None
        value = low  # "between 3,000 and 4,000": the figure is at least its low end
        qualifier = qualifier or "between"
    elif not m.group("vague"):
        low, high = _bounds(qualifier, value)
    phrase = counted_phrase(text, m.end(), sentence.end if sentence else len(text))
    end = m.end() if share or phrase is None else phrase[1]
    counts = text[phrase[0]:phrase[1]] if phrase else None
    return Figure(
        text=text[m.start():end], start=m.start(), end=end, value=_tidy(value), low=_tidy(low),
        high=_tidy(high), qualifier=qualifier or "exact", counts=counts,
        sentence=sentence.text if sentence else "", kind=figure_kind(text[m.start():end], counts, share),
    )


_TIME_UNITS = re.compile(r"(?:second|minute|hour|day|week|month|year|decade)s?", re.IGNORECASE)


def find_figures(text: str, sentences: list[Sentence]) -> list[Figure]:
    """Every quoted figure in ``text``, sorted by start; ``text[f.start:f.end] == f.text``.

    A figure that counts nothing named after it ("10 districts fell, eight without fighting")
    takes what the nearest figure before it in the same sentence counts, durations aside.
    """
    figures: list[Figure] = []
    counted: dict[int, str] = {}  # sentence start -> what its latest figure counts
    for m in _FIGURE.finditer(lower_same_length(text)):
        if _excluded(text, m):
            continue
        sentence = sentence_at(sentences, m.start())
        fig = _figure(text, m, sentence)
        if fig is None:
            continue
        key = sentence.start if sentence else -1
        if fig.counts is None and key in counted:
            fig = replace(fig, counts=counted[key],
                          kind=figure_kind(fig.text, counted[key], fig.kind == "share"))
        elif fig.counts is not None and not _TIME_UNITS.fullmatch(fig.counts):
            counted[key] = fig.counts
        figures.append(fig)
    return figures


# What a figure measures, from its unit (the counted phrase, or the text for "60km", "six-week").
# Only counts and shares are figures on the page: a distance or a duration says where or how long,
# not how many (issue 18).
_MEASURES = (
    ("area", re.compile(r"(?:square|sq\.?)\s*(?:kilomet(?:er|re)s?|km|miles?|mi|metres?|meters?)\b|km2\b|km²"
                        r"|hectares?\b|acres?\b|\bha$", re.IGNORECASE)),
    ("distance", re.compile(r"(?:^|[\s\d-])(?:kilomet(?:er|re)s?|kms?|miles?|mi|metres?|meters?|m)"
                            r"(?:\s+(?:long|wide|deep|away|north|south|east|west)\b|$|\b(?=\s*\())",
                            re.IGNORECASE)),
    ("duration", re.compile(r"(?:^|[\s\d-])(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
                            r"(?:-old)?$|\b(?:year|month|week|day)s?-old\b", re.IGNORECASE)),
    ("money", re.compile(r"[$€£]|\b(?:dollars?|euros?|pounds?|usd)\b", re.IGNORECASE)),
)
SHOWN_KINDS = frozenset({"count", "share"})


def figure_kind(text: str, counts: str | None, share: bool = False) -> str:
    """``count`` (people, units, places, equipment), ``share``, ``distance``, ``area``, ``duration``
    or ``money``."""
    if share:
        return "share"
    for kind, pattern in _MEASURES:
        for where in (counts or "", text):
            if where and pattern.search(where.strip()):
                return kind
    return "count"


_ABOUT = frozenset({"about", "around", "roughly", "approximately", "some", "an estimated", "estimated"})
_DENOMINATORS = {v: k for k, v in _FRACTION_VALUES.items()}


def _sign(qualifier: str) -> str:
    """A sign for a qualifier that is one; other words stay as written ("nearly 50")."""
    if qualifier in ("nearly", "almost", "close to", "as many as", "as few as"):
        return qualifier
    if qualifier in _LOWER_BOUND:
        return ">" if _LOWER_BOUND[qualifier] else "≥"
    if qualifier in _UPPER_BOUND:
        return "<" if _UPPER_BOUND[qualifier] else "≤"
    return "≈" if qualifier in _ABOUT else ""


def _number_as_written(number: str) -> str:
    """"12 million" stays "12 million", "six million" -> "6 million", "1,037" and "ten" -> "1,037", "10"."""
    words = number.lower().split()
    scale = words[-1] if len(words) > 1 and words[-1] in SCALES else None
    value = number_value(" ".join(words[:-1]) if scale else number)
    if value is None:
        return number
    shown = f"{int(value):,}" if value == int(value) else f"{value:,}"
    return f"{shown} {scale}" if scale else shown


def display_value(text: str, qualifier: str | None = None) -> str:
    """The figure's number as written, with its qualifier as a sign: "more than 12 million" ->
    "> 12 million", "over a third of" -> "> 1/3", "between 3,000 and 4,000" -> "3,000–4,000",
    "thousands" -> "thousands". The JSON keeps the numbers (value, low, high)."""
    low = lower_same_length(text)
    m = _FIGURE.match(low + " of") or _FIGURE.match(low)  # a share's text ends before its "of"
    if m is None or m.end("core") > len(text):
        return text
    sign = _sign(" ".join((m.group("qual") or "").lower().split()) or (qualifier or ""))
    if m.group("fraction"):
        words = re.split(r"[\s-]+", m.group("fraction").lower())
        if len(words) == 1:
            core = "1/2"
        else:
            top = 1 if words[0] in ("a", "one") else SMALL_NUMBERS[words[0]]
            core = f"{top}/{_FRACTION_VALUES[words[1].rstrip('s')]}"
    elif m.group("vague"):
        core = " ".join(text[m.start("vague"):m.end("vague")].split())
    elif m.group("article"):
        word = m.group("article").split(None, 1)[1]
        core = "12" if word == "dozen" else _number_as_written(f"1 {word}")
    else:
        core = _number_as_written(text[m.start("n1"):m.end("n1")])
        if m.group("n2"):
            core = f"{core}–{_number_as_written(text[m.start('n2'):m.end('n2')])}"
    if m.group("pct"):
        core += "%"
    return f"{sign} {core}" if sign else core
