"""Events -> who holds each place and province as of a date (issue #16). Pure functions.

Rules, in order of the place's events up to the date:

- ``held`` by the actor of the last capture, retake or "controls" event (a withdrawal, loss or
  flight hands the place to the actor's one opponent when its conflict has two sides; one whose
  actor is unknown changes nothing);
- ``contested`` when it is besieged or attacked after that by someone not on the holder's side,
  when no one is known to hold it, or when sources disagree about its last change within
  ``CONFLICT_DAYS`` (a denial, an attack said to be repelled, or two sides said to take or hold it
  within a day);
  then the holder is unknown (null);
- ``recaptured`` when the holder held it before and lost it (A -> B -> A; "retook it from B"
  states that B held it before).

A province takes the holder stated for the unit itself ("captured Nimroz province"), else the
holder of most of its places, else it is contested.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard.events import ActionClass, Event, Location, Statement, action_class
from dashboard.sides import Sides
from dashboard.vocabulary import Action, Modality

CONFLICT_DAYS = 3  # statements this close in time that cannot both be true contradict each other
RIVAL_TAKING_DAYS = 1  # two sides said to take or hold a place this close: one of them is wrong
HELD, CONTESTED = "held", "contested"
PLACE_COLUMNS = ("place", "country_iso3", "admin1", "lat", "lon", "kind", "status", "holder", "since",
                 "recaptured",
                 "sources", "changes", "contradictions", "history")
PROVINCE_COLUMNS = ("admin1", "country_iso3", "status", "holder", "stated", "places", "by_holder")
# Rival claims of these one day apart contradict: one side took it while the other says it holds it.
_CHANGES = frozenset({Action.CAPTURED, Action.RETOOK, Action.CONTROLS})


@dataclass(frozen=True)
class Party:
    """One side of a contradiction: who says what, in which article."""

    actor: str | None
    action: str
    modality: str
    date: str
    source: str | None
    quote: str
    report_id: int
    title: str | None
    outlet: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Contradiction:
    """Two statements about one place that cannot both be true."""

    claim: Party
    counter: Party
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"why": self.why, "claim": self.claim.to_dict(), "counter": self.counter.to_dict()}


@dataclass(frozen=True)
class Step:
    """One event in a place's history and what it did to control."""

    event: Event
    change: bool  # the holder changed
    holder: str | None  # the holder after it

    def to_dict(self) -> dict[str, Any]:
        e = self.event
        return {"date": e.day.isoformat(), "precision": e.precision, "action": e.action.value,
                "actor": e.actor,
                "loser": e.loser, "sources": e.sources, "reports": list(e.reports),
                "outlets": list(e.outlets),
                "change": self.change, "holder": self.holder}


@dataclass(frozen=True)
class PlaceControl:
    """Who holds one place on the date asked."""

    place: Location
    status: str  # held | contested
    holder: str | None
    since: date | None
    recaptured: bool
    sources: int
    changes: int
    history: tuple[Step, ...]
    contradictions: tuple[Contradiction, ...] = ()
    holders: tuple[str, ...] = field(default=())  # every holder in turn, oldest first

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {"place": p.name, "country_iso3": p.country_iso3, "admin1": p.admin1, "lat": p.lat,
                "lon": p.lon,
                "kind": p.kind, "status": self.status, "holder": self.holder,
                "since": self.since.isoformat() if self.since else None, "recaptured": self.recaptured,
                "sources": self.sources, "changes": self.changes,
                "contradictions": [c.to_dict() for c in self.contradictions],
                "history": [s.to_dict() for s in self.history]}


@dataclass(frozen=True)
class ProvinceControl:
    """Who holds one admin-1 unit: stated for the unit itself, else by most of its places."""

    country_iso3: str | None
    admin1: str
    status: str
    holder: str | None
    stated: bool  # the holder is stated for the unit itself
    places: int  # places of the unit with a status
    by_holder: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"admin1": self.admin1, "country_iso3": self.country_iso3, "status": self.status,
                "holder": self.holder, "stated": self.stated, "places": self.places,
                "by_holder": dict(self.by_holder)}


def _party(s: Statement) -> Party:
    return Party(actor=s.actor, action=s.action.value, modality=s.modality.value, date=s.day.isoformat(),
                 source=s.source, quote=s.quote or s.sentence, report_id=s.report_id, title=s.title,
                 outlet=s.outlet)


def _close(a: date, b: date, days: int) -> bool:
    return abs((a - b).days) <= days


def contradictions(events: Sequence[Event], found: Sequence[Statement], sides: Sides) -> list[Contradiction]:
    """Statements about one place that cannot both be true: a change said to happen and denied,
    a capture and the attack said to be repelled, two sides said to take or hold it within a day."""
    out: list[Contradiction] = []
    seen: set[tuple[int, int, str]] = set()

    def add(a: Statement, b: Statement, why: str) -> None:
        key = (a.report_id, b.report_id, why)
        # one voice does not contradict itself: the same source in the same article
        if key not in seen and (a.report_id, a.source) != (b.report_id, b.source):
            seen.add(key)
            out.append(Contradiction(_party(a), _party(b), why))

    iso3 = events[0].place.country_iso3 if events else None
    takings = [e for e in events if e.action_class is ActionClass.TAKING]
    denials = [s for s in found if s.modality is Modality.DENIED]
    for e in events:
        for d in denials:
            if (action_class(d.action) is e.action_class and _close(d.day, e.day, CONFLICT_DAYS)
                    and (d.actor is None or sides.same_side(d.actor, e.actor, iso3))):
                add(e.latest, d, f"{e.action.value} denied")
    for e in takings:
        for r in events:
            if (r.action is Action.REPELLED and _close(r.day, e.day, CONFLICT_DAYS)
                    and not sides.same_side(r.actor, e.actor, iso3)):
                add(e.latest, r.latest, "attack said to be repelled")
    changes = [e for e in takings if e.action in _CHANGES]
    for i, a in enumerate(changes):
        for b in changes[i + 1:]:
            if (_close(a.day, b.day, RIVAL_TAKING_DAYS) and a.actor and b.actor
                    and not sides.same_side(a.actor, b.actor, iso3)):
                add(a.latest, b.latest, "rival claims of who holds it")
    return out


def _new_holder(e: Event, sides: Sides) -> str | None:
    """Who holds the place after a taking or giving-up event (None: unknown)."""
    iso3 = e.place.country_iso3
    if e.action_class is ActionClass.TAKING:
        if e.actor:
            return e.actor
        rivals = sides.opponents(e.loser, iso3)
        return rivals[0].actor if len(rivals) == 1 else None
    rivals = sides.opponents(e.actor, iso3)  # giving up: the actor's one opponent takes it
    return rivals[0].actor if len(rivals) == 1 else None


def place_control(events: Sequence[Event], found: Sequence[Statement], sides: Sides) -> PlaceControl | None:
    """Control of one place from its events (all on or before the date asked), oldest first."""
    if not events:
        return None
    iso3 = events[0].place.country_iso3
    holder: str | None = None
    since: date | None = None
    holders: list[str] = []
    stated_before: str | None = None
    setter: Event | None = None
    contested_by: Event | None = None
    steps: list[Step] = []
    for e in sorted(events, key=lambda e: (e.day, min(e.reports))):
        cls = e.action_class
        change = False
        if cls is ActionClass.GIVING_UP and e.actor is None:
            pass  # someone left: without knowing who, it says nothing about who holds it
        elif cls in (ActionClass.TAKING, ActionClass.GIVING_UP):
            new = _new_holder(e, sides)
            if holder is None and e.loser and new and not sides.same_side(e.loser, new, iso3):
                stated_before = e.loser  # "retook it from the Taliban": they held it before
            if new is None:
                contested_by = e
            elif holder is None or not sides.same_side(new, holder, iso3):
                holder, since, setter, change = new, e.day, e, True
                holders.append(new)
                contested_by = None
            else:
                contested_by = None  # the holder's own side confirms it
        elif cls is ActionClass.CONTESTING:
            if holder is None or e.actor is None or not sides.same_side(e.actor, holder, iso3):
                contested_by = e
        elif cls is ActionClass.REPELLED:
            if holder is None:
                holder, since, setter, change = e.actor, e.day, e, bool(e.actor)
                holders += [e.actor] if e.actor else []
            elif sides.same_side(e.actor, holder, iso3):
                contested_by = None  # the attack on the holder failed
            else:
                contested_by = e
        steps.append(Step(e, change, holder))
    disputes = contradictions(events, found, sides)
    current = [c for c in disputes if since is None or max(c.claim.date, c.counter.date) >= since.isoformat()]
    if current and setter is not None and any(setter.day.isoformat() in (c.claim.date, c.counter.date)
                                              for c in current):
        holder = None  # its last change is disputed: no one is known to hold it
    status = HELD if holder is not None and contested_by is None and not current else CONTESTED
    earlier = [*([stated_before] if stated_before else []), *holders[:-1]]
    recaptured = holder is not None and any(sides.same_side(h, holder, iso3) for h in earlier)
    latest = setter or steps[-1].event
    return PlaceControl(place=steps[-1].event.place, status=status, holder=holder, since=since,
                        recaptured=recaptured, sources=latest.sources, changes=len(holders),
                        history=tuple(steps),
                        contradictions=tuple(disputes), holders=tuple(holders))


def as_of(events: Iterable[Event], found: Iterable[Statement], sides: Sides, day: date | None = None
          ) -> list[PlaceControl]:
    """Control of every place with an event on or before ``day`` (every event when None),
    ordered by country, province and place."""
    by_place: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if day is None or e.day <= day:
            by_place[e.place.key].append(e)
    said: dict[str, list[Statement]] = defaultdict(list)
    for s in found:
        if day is None or s.day <= day:
            said[s.place.key].append(s)
    out = [pc for key, evs in by_place.items() if (pc := place_control(evs, said[key], sides)) is not None]
    return sorted(out, key=lambda pc: (pc.place.country_iso3 or "", pc.place.admin1 or "", pc.place.name))


def provinces(places: Iterable[PlaceControl]) -> list[ProvinceControl]:
    """Admin-1 roll-up: a unit's own status when an event names the unit, else the holder of most
    of its places (more than half of those with a status), else contested."""
    units: dict[tuple[str | None, str], list[PlaceControl]] = defaultdict(list)
    own: dict[tuple[str | None, str], PlaceControl] = {}
    for pc in places:
        if not pc.place.admin1:
            continue
        unit = (pc.place.country_iso3, pc.place.admin1)
        if pc.place.kind == "admin1":  # the unit itself ("captured Nimroz province")
            own[unit] = pc
        else:
            units[unit].append(pc)
    out = []
    for unit in sorted(set(units) | set(own), key=lambda u: (u[0] or "", u[1])):
        members = units.get(unit, [])
        counted = Counter(pc.holder for pc in members if pc.status == HELD and pc.holder)
        by_holder = tuple(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])))
        if unit in own:
            pc = own[unit]
            out.append(ProvinceControl(unit[0], unit[1], pc.status, pc.holder, True, len(members), by_holder))
            continue
        top = by_holder[0] if by_holder else None
        if top and top[1] * 2 > len(members):
            out.append(ProvinceControl(unit[0], unit[1], HELD, top[0], False, len(members), by_holder))
        else:
            out.append(ProvinceControl(unit[0], unit[1], CONTESTED, None, False, len(members), by_holder))
    return out


def changes_timeline(places: Iterable[PlaceControl]) -> list[dict[str, Any]]:
    """Changes of control, one row per change (deduplicated: events, not claims), date order."""
    rows = []
    for pc in places:
        for step in pc.history:
            if step.change:
                e = step.event
                rows.append({"place": pc.place.name, "date": e.day.isoformat(), "action": e.action.value,
                             "actor": e.actor, "holder": step.holder, "sources": e.sources,
                             "quote": e.latest.quote or e.latest.sentence, "title": e.latest.title,
                             "outlet": e.latest.outlet})
    return sorted(rows, key=lambda r: (r["date"], r["place"]))

