"""Who fights whom: articles' actor names -> one canonical actor and its side in a conflict.

The hand-kept table ``data/sides.csv`` lists, per conflict, each side's canonical actor, whether it
is a state force, a stable map colour and the names articles use for it ("Taliban fighters",
"the Islamic Emirate"). Generic names ("government forces", "the army") only count in the
conflict's own countries. What an article states extends the table (:func:`Sides.extended`): an
actor the table does not know gets a side of its own, in the conflict of the country it fights
in, and a state actor joins that country's state side.
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dashboard import bundled_data
from dashboard.vocabulary import FORCE_NOUNS, Side

# Nouns that follow a name without changing who it is ("Taliban fighters", "M23 rebels").
FOLLOWER_NOUNS = FORCE_NOUNS | {"militiamen", "members"}
# Where a name stops: "Russian forces and Wagner mercenaries", "government forces backed by Russia".
_NAME_ENDS = re.compile(r"\s+(?:and|backed|supported|loyal|allied|with|along|together)\b|\s*[,;/]\s*")
_PARENTHESES = re.compile(r"\(([^)]*)\)")
# Colours of sides the table does not know (ColorBrewer Set3 and Dark2 without red): stable per name.
EXTRA_COLOURS = ("#8dd3c7", "#bebada", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#bc80bd", "#ccebc5",
                 "#ffed6f", "#66a61e", "#e6ab02", "#a6761d", "#666666", "#7570b3")
UNKNOWN_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class SideInfo:
    """One side of one conflict: its canonical actor (the name shown), kind and colour."""

    conflict: str
    name: str
    actor: str
    kind: str  # vocabulary.Side value
    colour: str
    countries: frozenset[str] = frozenset()
    from_table: bool = True


@dataclass(frozen=True)
class Sides:
    """The table of sides, and the article-stated actors added to it."""

    sides: tuple[SideInfo, ...]
    # name form -> (side index, generic: only in the side's own countries)
    aliases: Mapping[str, tuple[tuple[int, bool], ...]] = field(default_factory=dict)
    # (name, country) -> side: a corpus names the same few actors tens of thousands of times
    _known: dict[tuple[str, str | None], SideInfo | None] = field(default_factory=dict, compare=False,
                                                                   repr=False)

    def canonical(self, actor: str | None, country_iso3: str | None = None) -> str | None:
        """The canonical actor for an article's actor name, else the name tidied ("the" dropped)."""
        if not actor:
            return None
        found = self.side_of(actor, country_iso3)
        return found.actor if found is not None else _tidy(actor)

    def side_of(self, actor: str | None, country_iso3: str | None = None) -> SideInfo | None:
        """The side an actor name (or canonical actor) belongs to; a generic name ("government
        forces") only in its conflict's countries. None when the table does not know it."""
        if not actor:
            return None
        key = (actor, country_iso3)
        if key not in self._known:
            self._known[key] = self._look_up(actor, country_iso3)
        return self._known[key]

    def _look_up(self, actor: str, country_iso3: str | None) -> SideInfo | None:
        for form in name_forms(actor):
            hits = self.aliases.get(form, ())
            local = [self.sides[i] for i, _ in hits if country_iso3 in self.sides[i].countries]
            anywhere = [self.sides[i] for i, generic in hits if not generic]
            if local:
                return local[0]
            if len({s.conflict for s in anywhere}) == 1:
                return anywhere[0]
        return None

    def opponents(self, actor: str | None, country_iso3: str | None = None) -> list[SideInfo]:
        """The other sides of the actor's conflict."""
        own = self.side_of(actor, country_iso3)
        if own is None:
            return []
        first = {}
        for s in self.sides:
            if s.conflict == own.conflict and s.name != own.name:
                first.setdefault(s.name, s)
        return list(first.values())

    def same_side(self, a: str | None, b: str | None, country_iso3: str | None = None) -> bool:
        if not a or not b:
            return False
        if _tidy(a).casefold() == _tidy(b).casefold():
            return True
        sa, sb = self.side_of(a, country_iso3), self.side_of(b, country_iso3)
        return sa is not None and sb is not None and (sa.conflict, sa.name) == (sb.conflict, sb.name)

    def colour(self, actor: str | None, country_iso3: str | None = None) -> str:
        found = self.side_of(actor, country_iso3)
        return found.colour if found is not None else UNKNOWN_COLOUR

    def extended(self, stated: Iterable[tuple[str | None, str | None, str | None]]) -> Sides:
        """The table plus actors articles state, as ``(actor, country_iso3, side kind)``: an unknown
        state actor joins its country's state side; any other gets a side of its own."""
        sides = list(self.sides)
        aliases = dict(self.aliases)
        for actor, iso3, kind in dict.fromkeys(stated):
            if not actor or Sides(tuple(sides), aliases)._look_up(actor, iso3) is not None:
                continue
            conflict = next((s.conflict for s in sides if iso3 and iso3 in s.countries), iso3 or "")
            state_side = next((i for i,
                               s in enumerate(sides) if s.conflict == conflict and s.kind == Side.STATE
                               and iso3 in s.countries), None)
            if kind == Side.STATE and state_side is not None:
                index = state_side
            else:
                name = _tidy(actor)
                sides.append(SideInfo(conflict=conflict, name=name, actor=name, kind=kind or Side.NON_STATE,
                                      colour=extra_colour(name), countries=frozenset({iso3} if iso3 else ()),
                                      from_table=False))
                index = len(sides) - 1
            for form in name_forms(actor)[:1]:
                aliases[form] = (*aliases.get(form, ()), (index, False))
        return Sides(tuple(sides), aliases)

    def legend(self, actors: Iterable[tuple[str | None, str | None]]) -> list[tuple[SideInfo, list[str]]]:
        """Sides of the given ``(canonical actor, country)`` pairs in table order, each with the
        actors named: what a map legend lists."""
        named: dict[tuple[str, str], list[str]] = {}
        first: dict[tuple[str, str], SideInfo] = {}
        for actor, iso3 in actors:
            side = self.side_of(actor, iso3)
            if side is None or not actor:
                continue
            key = (side.conflict, side.name)
            first.setdefault(key, side)
            if actor not in named.setdefault(key, []):
                named[key].append(actor)
        order = {(s.conflict, s.name): i for i, s in reversed(list(enumerate(self.sides)))}
        return [(first[k], named[k]) for k in sorted(first, key=order.__getitem__)]


def extra_colour(name: str) -> str:
    """A colour that stays the same for a name on every run (not Python's salted hash)."""
    digest = hashlib.sha256(name.casefold().encode("utf-8")).digest()
    return EXTRA_COLOURS[digest[0] % len(EXTRA_COLOURS)]


def _tidy(actor: str) -> str:
    text = " ".join(actor.split())
    return re.sub(r"^(?:the)\s+", "", text, flags=re.IGNORECASE)


@lru_cache(maxsize=65536)
def name_forms(actor: str) -> tuple[str, ...]:
    """Lower-case forms under which a name is looked up: as written ("the" dropped), before and
    inside its parentheses, up to where a second name starts, and without a follower noun."""
    text = _tidy(actor).casefold().replace("’", "'")
    outside = _PARENTHESES.sub(" ", text)
    forms = [text, outside, *(m.group(1) for m in _PARENTHESES.finditer(text))]
    forms += [_NAME_ENDS.split(f)[0] for f in list(forms)]
    out: list[str] = []
    for form in forms:
        form = " ".join(form.split()).removeprefix("the ")
        words = form.split()
        for candidate in (form,
                          " ".join(words[:-1]) if len(words) > 1 and words[-1] in FOLLOWER_NOUNS else ""):
            if candidate and candidate not in out:
                out.append(candidate)
    return tuple(out)


def table_from_rows(rows: Iterable[Mapping[str, Any]]) -> Sides:
    """Rows of ``sides.csv`` -> :class:`Sides`."""
    sides: list[SideInfo] = []
    aliases: dict[str, tuple[int, ...]] = {}
    for row in rows:
        side = SideInfo(conflict=row["conflict"], name=row["side"], actor=row["actor"], kind=row["kind"],
                        colour=row["colour"], countries=frozenset(row["countries"].split()))
        sides.append(side)
        for name in dict.fromkeys([row["actor"], *row["aliases"].split("|")]):
            generic = name.startswith("~")
            for form in name_forms(name.removeprefix("~"))[:1]:
                if (len(sides) - 1, generic) not in aliases.get(form, ()):
                    aliases[form] = (*aliases.get(form, ()), (len(sides) - 1, generic))
    return Sides(tuple(sides), aliases)


@lru_cache(maxsize=1)
def table() -> Sides:
    """The bundled ``data/sides.csv`` (hand-kept, see data/SOURCES.md)."""
    with open(bundled_data.data_file("sides.csv"), newline="", encoding="utf-8") as handle:
        return table_from_rows(csv.DictReader(handle))
