"""Border mentions -> the shared land border of two countries.

"the Tajik border", "the Iraqi-Syrian frontier", "Afghanistan's border with Uzbekistan",
"across the border into Tajikistan", and a bare "the border" that refers back (or forward) to
one of those. The home side is the article's main country when the text names only one.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from collections.abc import Sequence

from dashboard import spatial
from dashboard.gazetteer import NameIndex
from dashboard.model import Place
from dashboard.text import Sentence, SpanIndex, matches_near, sentence_at

_NAME = r"[A-Z][\w'’]+(?:[ \t][A-Z][\w'’]+)?"
_BORDER = re.compile(
    rf"(?:(?P<the>the)[ \t]+)?(?:(?P<owner>{_NAME})['’]s?[ \t]+)?"
    rf"(?:(?P<a>{_NAME})[ \t]*[-–/][ \t]*(?P<b>{_NAME})[ \t]+|(?P<one>{_NAME})[ \t]+)?"
    r"(?P<word>(?:cross-)?border|frontier)s?\b"
    rf"(?:[ \t]+(?:with|between)[ \t]+(?P<with>{_NAME})(?:[ \t]+and[ \t]+(?P<with2>{_NAME}))?)?"
    rf"(?:[ \t]+(?:into|to|in)[ \t]+(?P<into>{_NAME}))?",
)
_BORDER_WORD = re.compile(r"border|frontier")
_BORDER_REACH = 160  # characters a match can start before its word: "the Democratic Republic-South Sudan "


_LOCAL_KINDS = ("town", "admin2", "crossing", "admin1")
NEARBY_CHARS = 600  # places this close to a border mention (when its sentence names none) locate it


@lru_cache(maxsize=20_000)
def iso_of(name: str | None, index: NameIndex) -> str | None:
    """Country code of a country name or demonym ("Tajik", "Tajikistan", "Iraqi")."""
    if not name:
        return None
    name = re.sub(r"['’]s?$", "", name.strip())
    name = re.sub(r"[ \t]+Republic$", "", name)  # "the Niger Republic border"
    dem = index.demonym(name)
    if dem:
        return dem
    for c in index.lookup(name):
        if c.kind == "country":
            return c.country_iso3
    return None


def find_borders(text: str, sentences: list[Sentence], index: NameIndex, focus: Counter[str],
                 places: Sequence[Place] = ()) -> list[Place]:
    """Every border mention, resolved to a border line where the text and the focus allow, and
    placed at the point of that line nearest to the places named around it (a 1,700 km border's
    middle is far from the stretch the article is about)."""
    nearby = SpanIndex(p for p in places if p.lat is not None and p.kind in _LOCAL_KINDS)
    found: list[Place] = []
    pending: list[tuple[int, int]] = []  # bare "the border" mentions to resolve from context
    last: spatial.Border | None = None
    home_default = focus.most_common(1)[0][0] if focus else None
    for m in matches_near(_BORDER, _BORDER_WORD, text, _BORDER_REACH):
        owner = iso_of(m.group("owner"), index)
        sides = [iso_of(m.group(g), index) for g in ("a", "b", "one", "with", "with2", "into")]
        named = [s for s in sides if s]
        if m.group("owner") and not owner and not named:
            continue  # "Taliban's border operations": not a country's border
        border = _resolve(owner, named, focus, home_default)
        start = m.start("the") if m.group("the") else _first_start(m)
        end = m.end("with2") if m.group("with2") else m.end("with") if m.group("with") else m.end("word")
        if border is None and named:
            continue
        if border is None:
            pending.append((start, end))
            continue
        last = border
        found.append(_border_place(text, sentences, start, end, border, owner or home_default, nearby))
    resolved = SpanIndex(found)
    for start, end in pending:
        border = _nearest_border(resolved, start) or last or _focus_border(focus)
        if border is not None:
            found.append(_border_place(text, sentences, start, end, border, home_default, nearby))
    # "fled cross-border into Tajikistan", "a cross-border incursion": a manner, not a border named; such a
    # mention only tells which border a bare "the border" is
    return sorted((p for p in found if "cross-border" not in p.mention.casefold()), key=lambda p: p.start)


def _first_start(m: re.Match[str]) -> int:
    for g in ("owner", "a", "one", "word"):
        if m.group(g):
            return m.start(g)
    return m.start()


def _resolve(owner: str | None, named: list[str], focus: Counter[str],
             home: str | None) -> spatial.Border | None:
    distinct = list(dict.fromkeys(([owner] if owner else []) + named))
    if len(distinct) >= 2:
        return spatial.border_between(distinct[0], distinct[1])
    if len(distinct) == 1:
        other = distinct[0]
        for iso, _ in focus.most_common():
            if iso != other and (b := spatial.border_between(iso, other)):
                return b
        return None
    return None


def _focus_border(focus: Counter[str]) -> spatial.Border | None:
    """The border of the article's two main countries, when they are neighbours ("Kyiv's troops
    smashed across the border" in a story about Ukraine and Russia)."""
    top = [iso for iso, _ in focus.most_common(2)]
    return spatial.border_between(*top) if len(top) == 2 else None


def _nearest_border(resolved: SpanIndex[Place], offset: int) -> spatial.Border | None:
    """The border mentioned closest before ``offset``, else the first after it."""
    before = resolved.within(offset - 20_000, offset)
    chosen = before[-1] if before else next(iter(resolved.from_(offset)), None)
    if chosen is None or not chosen.ref:
        return None
    iso_a, iso_b = chosen.ref.removeprefix("border:").split("-")
    return spatial.border_between(iso_a, iso_b)


def _border_place(text: str, sentences: list[Sentence], start: int, end: int, border: spatial.Border,
                  home: str | None, nearby: SpanIndex[Place]) -> Place:
    side = home if home in (border.iso3_a, border.iso3_b) else border.iso3_a
    sent = sentence_at(sentences, start)
    lat, lon = border.lat, border.lon
    around = nearby.within(sent.start, sent.end) if sent else []
    around = around or nearby.within(start - NEARBY_CHARS, end + NEARBY_CHARS)
    around = [p for p in around if p.country_iso3 in (border.iso3_a, border.iso3_b)]
    around = [p for p in around if p.kind != "admin1"] or around  # towns say where along it; provinces less
    if around:
        lon, lat = spatial.nearest_on_border(border.id, sum(p.lon for p in around) / len(around),
                                                sum(p.lat for p in around) / len(around))
    return Place(mention=text[start:end], start=start, end=end, kind="border", name=border.name,
                 country_iso3=side, lat=round(lat, 5), lon=round(lon, 5), precision=3,
                 ref=f"border:{border.id}", confidence=0.8, sentence=sent.text if sent else "")
