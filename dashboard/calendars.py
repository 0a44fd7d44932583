"""Dates in the other calendars of the wars this tool covers: Hijri (lunar, Umm al-Qura), Solar Hijri
(Afghan and Iranian month names) and Ethiopian, converted to the Gregorian calendar by maintained
libraries (``hijridate``, ``convertdate``), never by hand tables of month starts.

The month names are the one table below (every spelling news copy uses, Afghan, Urdu and Persian
transliterations included); ``dates.py`` builds its pattern from it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Calendar = Literal["hijri", "solar", "ethiopian"]

#: calendar -> one tuple of spellings per month, in order (lower case; a space or hyphen in a
#: spelling also matches a hyphen, space, apostrophe or nothing in the text).
MONTH_NAMES: dict[Calendar, tuple[tuple[str, ...], ...]] = {
    "hijri": (
        ("muharram", "moharram", "muharam", "moharam"),
        ("safar",),
        ("rabi al-awwal", "rabi ul-awwal", "rabi ul-awal", "rabi al-awal", "rabiul awal", "rabiul awwal",
         "rabi i", "rabi' al-awwal", "rabi al-ula", "rabi ul-avval"),
        ("rabi al-thani", "rabi al-sani", "rabi ul-thani", "rabi us-sani", "rabi ul-sani", "rabius sani",
         "rabiul sani", "rabi ii", "rabi al-akhir", "rabi' al-thani", "rabi' al-akhir"),
        ("jumada al-awwal", "jumada al-ula", "jumadi al-awwal", "jumadi ul-awwal", "jamadi ul-awwal",
         "jamadi ul-awal", "jamadi al-awwal", "jumada i", "jumada al-oula", "jamadiul awal"),
        ("jumada al-thani", "jumada al-akhirah", "jumada al-akhira", "jumada al-sani", "jumadi al-thani",
         "jumadi us-sani", "jamadi us-sani", "jamadi ul-sani", "jamadi al-sani", "jumada ii",
         "jamadiul sani"),
        ("rajab",),
        ("shaban", "sha'ban", "shaaban", "sha'aban"),
        ("ramadan", "ramazan", "ramzan", "ramadhan"),
        ("shawwal", "shawal", "shavval"),
        ("dhu al-qadah", "dhu al-qa'dah", "dhu al-qidah", "dhul qadah", "dhul qa'dah", "dhu'l-qa'dah",
         "zilqad", "zilqada", "zil qad", "zul qada", "zulqada", "zul qadah", "ziqad", "zi al-qada", "zeqada",
         "dhul qidah"),
        ("dhu al-hijjah", "dhu al-hijja", "dhul hijjah", "dhul hijja", "dhu'l-hijjah", "zilhaj", "zilhajj",
         "zilhij", "zilhijja", "zilhijjah", "zil hajj", "zul hijja", "zul hijjah", "zulhijja", "zulhijjah",
         "zil-hajj", "zi al-hijja", "zi al-hajja", "zihajja", "dhu al-hajjah"),
    ),
    "solar": (  # Afghan (Dari) zodiac names first, then the Iranian ones; same months, same lengths
        ("hamal", "farvardin", "farwardin"),
        ("sawr", "saur", "sour", "sowr", "ordibehesht", "ordibehest", "urdibihisht"),
        ("jawza", "jauza", "jowza", "jawzā", "khordad", "khurdad"),
        ("saratan", "sarataan", "tir"),
        ("asad", "mordad", "amordad", "murdad"),
        ("sonbola", "sunbula", "sumbula", "sonbula", "sunbola", "shahrivar", "shahrewar", "shahrivar"),
        ("mizan", "mehr", "mihr"),
        ("aqrab", "akrab", "aqrab", "aban"),
        ("qaws", "qaus", "qows", "azar", "adhar"),
        ("jadi", "jaddi", "jady", "dey", "dei"),
        ("dalw", "dalv", "dalwa", "bahman"),
        ("hut", "hoot", "hout", "hot", "esfand", "isfand", "espand"),
    ),
    "ethiopian": (
        ("meskerem", "maskaram", "meskerrem"),
        ("tikimt", "tikemt", "tekemt", "tikimit", "teqemt", "tiqimt", "tikemet"),
        ("hidar", "hedar", "hidaar"),
        ("tahsas", "tahisas", "tahesas", "takhsas"),
        ("tir", "ter", "tirr"),
        ("yekatit", "yakatit", "yekkatit"),
        ("megabit", "maggabit", "magabit", "megabit"),
        ("miyazya", "miyazia", "miazia", "miyaziya"),
        ("ginbot", "genbot", "guenbot"),
        ("sene", "sane", "senie"),
        ("hamle", "hamlé", "hamlie"),
        ("nehase", "nehasse", "nahase", "nahasse"),
        ("pagume", "pagumen", "puagume", "pagumē"),
    ),
}

#: Spellings that are also common words or names ("Asad", "Tir", "Mehr", "Rajab", "Safar"): read as a
#: month only with a day and a year, or a year and the calendar's era.
AMBIGUOUS = frozenset({"safar", "rajab", "hamal", "asad", "tir", "mizan", "mehr", "mihr", "aban", "azar",
                       "adhar",
                       "dey", "dei", "hut", "hot", "hoot", "jadi", "ter", "tirr", "sene", "sane", "hamle",
                       "ramadan", "ramazan", "ramzan", "ramadhan", "shawal", "dalwa"})

#: Year ranges in which a bare year of a calendar is read (no era written): Hijri and Solar Hijri
#: 13xx-14xx (1882-2077 AD), Ethiopian 1900-2099 (looks Gregorian, so it also needs a name or an era).
YEARS: dict[Calendar, tuple[int, int]] = {"hijri": (1300, 1499), "solar": (1300, 1499),
                                          "ethiopian": (1900, 2099)}

#: Era abbreviations and words, lower case without dots or spaces -> calendar.
ERAS: dict[str, Calendar] = {
    "ah": "hijri", "hijri": "hijri", "lunarhijri": "hijri",
    "sh": "solar", "hs": "solar", "hijrishamsi": "solar", "solarhijri": "solar", "shamsi": "solar",
    "ec": "ethiopian",
}


def era_calendar(era: str) -> Calendar | None:
    """The calendar an era names ("A.H.", "SH", "E.C."), if any."""
    return ERAS.get(re.sub(r"[.\s]", "", era.lower()))


#: lower-cased spelling, with separators removed -> [(calendar, month number)]
_BY_KEY: dict[str, list[tuple[Calendar, int]]] = {}
for _cal, _months in MONTH_NAMES.items():
    for _number, _spellings in enumerate(_months, 1):
        for _spelling in _spellings:
            _BY_KEY.setdefault(re.sub(r"[\s'’‘-]", "", _spelling), []).append((_cal, _number))


def month_key(name: str) -> str:
    """A month name as written ("Dhu al-Hijjah", "Zil-Hajj") as its table key."""
    return re.sub(r"[\s'’‘-]", "", name.lower())


def months_named(name: str) -> list[tuple[Calendar, int]]:
    """The (calendar, month) pairs a written month name can be ("Tir": Solar Hijri 4 or Ethiopian 5)."""
    return _BY_KEY.get(month_key(name), [])


def spellings() -> set[str]:
    """Every spelling in the table, lower case, for building a pattern."""
    return {s for months in MONTH_NAMES.values() for spelling in months for s in spelling}


def is_ambiguous(name: str) -> bool:
    return name.lower() in AMBIGUOUS or month_key(name) in AMBIGUOUS


def to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> date:
    """One day of ``calendar`` as a Gregorian date; ValueError or OverflowError when it does not exist
    (Hijri dates are Umm al-Qura, which hijridate covers for 1343-1500 AH)."""
    if calendar == "hijri":
        from hijridate import Hijri

        return Hijri(year, month, day).to_gregorian()
    if not 1 <= day <= month_length(calendar, year, month):
        msg = f"day {day} is not in month {month} of {year}"
        raise ValueError(msg)
    if calendar == "solar":
        from convertdate import persian

        return date(*persian.to_gregorian(year, month, day))
    from convertdate import coptic  # the Ethiopian calendar is the Coptic one, 276 years later

    return date(*coptic.to_gregorian(year - 276, month, day))


def month_length(calendar: Calendar, year: int, month: int) -> int:
    if calendar == "hijri":
        from hijridate import Hijri

        return Hijri(year, month, 1).month_length()
    if calendar == "solar":
        from convertdate import persian

        return persian.month_length(year, month)
    from convertdate import coptic

    return coptic.month_length(year - 276, month)


def month_span(calendar: Calendar, year: int, month: int) -> tuple[date, date]:
    """First and last Gregorian day of a month of ``calendar``."""
    first = to_gregorian(calendar, year, month, 1)
    return first, first + timedelta(days=month_length(calendar, year, month) - 1)


def year_span(calendar: Calendar, year: int) -> tuple[date, date]:
    """First and last Gregorian day of a year of ``calendar``."""
    last_month = 13 if calendar == "ethiopian" else 12
    return to_gregorian(calendar, year, 1, 1), month_span(calendar, year, last_month)[1]


def year_of(calendar: Calendar, day: date) -> int:
    """The year of ``calendar`` that ``day`` falls in."""
    if calendar == "hijri":
        from hijridate import Gregorian

        return Gregorian(day.year, day.month, day.day).to_hijri().year
    if calendar == "solar":
        from convertdate import persian

        return persian.from_gregorian(day.year, day.month, day.day)[0]
    from convertdate import coptic

    return coptic.from_gregorian(day.year, day.month, day.day)[0] + 276
