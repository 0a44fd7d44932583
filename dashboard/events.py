"""Claims -> events: the same change of a place reported by several articles is one event with N
sources (issue #16).

A claim is one article's sentence. Stored claims are placed (joined to the article's resolved
place) and dated (their own date, else the publication date, which bounds the event), and their
actors canonicalised (:mod:`dashboard.sides`). Asserted claims of the same place, action class
and canonical actor within ``SAME_EVENT_DAYS`` of each other are one event. Syndicated copies of
one wire story (near-identical text, found with MinHash LSH) count as one source. Denied claims
become no event: :mod:`dashboard.control` sets them against the events they contradict.
Pure functions, apart from :func:`from_store`.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

from dashboard.charts import interval_of
from dashboard.copies import near_copies
from dashboard.keys import key
from dashboard.sides import Sides
from dashboard.vocabulary import CONTESTING, GIVING_UP, TAKING, Action, Modality

Row = Mapping[str, Any]

SAME_EVENT_DAYS = 3  # claims this close in time (and same place, action class, actor) are one event
# Places that are not held: a country as a whole, a border line, a river.
NOT_HELD_KINDS = frozenset({"country", "border", "river"})


class ActionClass(str, Enum):
    """What an action does to control: hands the place to someone, or disputes it."""

    TAKING = "taking"
    GIVING_UP = "giving up"
    CONTESTING = "contesting"
    REPELLED = "repelled"


def action_class(action: Action) -> ActionClass | None:
    """The class of a vocabulary action; None for actions that do not concern control (crossed)."""
    if action in TAKING:
        return ActionClass.TAKING
    if action in GIVING_UP:
        return ActionClass.GIVING_UP
    if action in CONTESTING:
        return ActionClass.CONTESTING
    if action is Action.REPELLED:
        return ActionClass.REPELLED
    return None


@dataclass(frozen=True)
class Location:
    """Where an event happened: the resolved place (``key`` identifies it across articles)."""

    key: str
    name: str
    kind: str | None = None
    country_iso3: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None


@dataclass(frozen=True)
class Statement:
    """One claim, placed, dated, its actor canonical: the evidence behind an event."""

    report_id: int
    place: Location
    action: Action
    modality: Modality
    actor: str | None
    loser: str | None
    day: date
    precision: str  # day | month | year | range | published (no date of its own: by publication)
    actor_text: str | None = None
    actor_side: str | None = None  # vocabulary.Side the extractor gave the actor (state | non-state)
    source: str | None = None
    quote: str | None = None
    sentence: str = ""
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    also: tuple[int, ...] = ()  # other articles stating it word for word (claims grouped in SQL, issue 17)

    @property
    def report_ids(self) -> tuple[int, ...]:
        return (self.report_id, *self.also)


@dataclass(frozen=True)
class Event:
    """One change (or contest) of a place, with every statement reporting it."""

    place: Location
    action: Action
    actor: str | None
    loser: str | None
    day: date
    precision: str
    statements: tuple[Statement, ...]
    sources: int  # independent reports: syndicated copies count once

    @property
    def action_class(self) -> ActionClass | None:
        return action_class(self.action)

    @property
    def reports(self) -> tuple[int, ...]:
        return tuple(sorted({r for s in self.statements for r in s.report_ids}))

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.outlet for s in self.statements if s.outlet))

    @property
    def latest(self) -> Statement:
        """The statement to quote: one with an exact quote if any, else the first."""
        return next((s for s in self.statements if s.quote), self.statements[0])

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {"place": p.name, "country_iso3": p.country_iso3, "admin1": p.admin1, "lat": p.lat,
                "lon": p.lon,
                "geo_precision": p.geo_precision, "date": self.day.isoformat(), "precision": self.precision,
                "action": self.action.value, "actor": self.actor, "loser": self.loser,
                "sources": self.sources,
                "reports": list(self.reports), "outlets": list(self.outlets),
                "statements": [{"report_id": s.report_id, "actor": s.actor_text, "action": s.action.value,
                                "date": s.day.isoformat(), "source": s.source, "quote": s.quote,
                                "sentence": s.sentence, "title": s.title, "outlet": s.outlet, "url": s.url}
                               for s in self.statements]}


def place_index(places: Iterable[Row]) -> dict[int, dict[str, Row]]:
    """Per report, its place rows by mention and by resolved name (lower case); resolved first."""
    out: dict[int, dict[str, Row]] = defaultdict(dict)
    for p in sorted(places, key=lambda p: p.get("lat") is None):
        for name in (p.get("mention"), p.get("name")):
            if name:
                out[p["report_id"]].setdefault(key(name), p)
    return out


def location_of(claim: Row, places_of_report: Mapping[str, Row]) -> Location:
    """The claim's place: the article's resolved place of that name (named as the article writes
    it: "Imam Sahib", not the gazetteer's "Imām Şāḩib"), else the name as stated."""
    p = places_of_report.get(key(claim.get("place")))
    located = p is not None and p.get("lat") is not None
    where: Row = p if located else {"kind": p.get("kind") if p is not None else None,  # type: ignore[assignment]
                                    "country_iso3": claim.get("country_iso3"), "admin1": claim.get("admin1")}
    country = where.get("country_iso3")
    return Location(
        key=(where.get("ref") or f"{country}:{key(where.get('name'))}") if located
        else f"{country}:{key(claim.get('place'))}",
        name=str(claim.get("place") or (where.get("name") or where.get("mention") if located else None)),
        kind=where.get("kind"), country_iso3=country, admin1=where.get("admin1"),
        lat=round(where["lat"], 5) if located else None, lon=round(where["lon"], 5) if located else None,
        geo_precision=where.get("precision") if located else None)


def dated(when: str | None, published: str | None) -> tuple[date, str] | None:
    """The day an event is known to have happened by, and the precision of the date: a month or a
    range ends at its last day, or at the publication date when that is earlier."""
    span = interval_of(when)
    pub = interval_of(published)
    if span is None:
        return (pub[0], "published") if pub else None
    first, last = span
    if first == last:
        return first, "day"
    day = min(last, pub[0]) if pub else last
    precision = "range" if "/" in (when or "") else ("month" if len(when or "") == 7 else "year")
    return max(day, first), precision


def statements(claims: Sequence[Row], places: Iterable[Row], reports: Iterable[Row], sides: Sides
               ) -> list[Statement]:
    """Territorial claims (asserted and denied; expected ones do nothing) placed and dated."""
    with_claims = {c["report_id"] for c in claims}
    by_report = place_index(p for p in places if p["report_id"] in with_claims)
    meta = {r["id"]: r for r in reports}
    # "retook X from the Taliban" is stored twice, as the retake and as the Taliban's loss: one event
    taken_from = {(c["report_id"], c.get("place"), c.get("sentence"), c.get("loser")) for c in claims
                  if c.get("loser") and c.get("action") != Action.LOST.value}
    out = []
    for c in claims:
        try:
            action = Action(c.get("action"))
            modality = Modality(c.get("modality") or Modality.ASSERTED)
        except ValueError:
            continue
        if action_class(action) is None or modality is Modality.EXPECTED:
            continue
        mirrored = (c["report_id"], c.get("place"), c.get("sentence"), c.get("actor")) in taken_from
        if action is Action.LOST and mirrored:
            continue
        place = location_of(c, by_report.get(c["report_id"], {}))
        if place.kind in NOT_HELD_KINDS:
            continue
        report = meta.get(c["report_id"], {})
        published = c.get("published") or report.get("published")
        when = dated(c.get("when"), published)
        if when is None:
            continue
        iso3 = place.country_iso3
        out.append(Statement(
            report_id=c["report_id"], place=place, action=action, modality=modality,
            actor=sides.canonical(c.get("actor"), iso3), loser=sides.canonical(c.get("loser"), iso3),
            day=when[0], precision=when[1], actor_text=c.get("actor"), actor_side=c.get("side"),
            source=c.get("source"),
            quote=c.get("quote"), sentence=c.get("sentence") or "",
            title=c.get("title") or report.get("title"),
            published=published, outlet=report.get("outlet"), url=report.get("url"),
            also=tuple(c.get("also") or ())))
    return out


def _most_common(values: Iterable[Any]) -> Any:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def _event(group: Sequence[Statement], copies: Mapping[int, int]) -> Event:
    first = group[0]
    exact = [s for s in group if s.precision == "day"]
    anchor = min(exact or group, key=lambda s: s.day)
    action = Counter(s.action for s in group).most_common()
    best = max(n for _, n in action)
    chosen = next(a for a in Action if (a, best) in action)  # ties: the vocabulary's order
    return Event(place=first.place, action=chosen, actor=first.actor,
                 loser=_most_common(s.loser for s in group),
                 day=anchor.day, precision=anchor.precision, statements=tuple(group),
                 sources=len({copies.get(r, r) for s in group for r in s.report_ids}))


def group_events(found: Iterable[Statement], copies: Mapping[int, int] | None = None) -> list[Event]:
    """Asserted statements -> events, in date order: one per place, action class and canonical
    actor within ``SAME_EVENT_DAYS`` of the event's first statement."""
    copies = copies or {}
    groups: dict[tuple[str, ActionClass | None, str], list[Statement]] = defaultdict(list)
    for s in found:
        if s.modality is Modality.ASSERTED:
            groups[(s.place.key, action_class(s.action), key(s.actor))].append(s)
    window = timedelta(days=SAME_EVENT_DAYS)
    out: list[Event] = []
    for members in groups.values():
        members.sort(key=lambda s: (s.day, s.report_id))
        current: list[Statement] = []
        for s in members:
            if current and s.day - current[0].day > window:
                out.append(_event(current, copies))
                current = []
            current.append(s)
        out.append(_event(current, copies))
    return sorted(out, key=lambda e: (e.day, e.place.key, min(e.reports)))


def multi_report_texts(found: Iterable[Statement]) -> set[int]:
    """Reports that may be copies of another: those sharing a place and action class with another
    report. Only their texts need MinHash signatures."""
    reports: dict[tuple[str, ActionClass | None], set[int]] = defaultdict(set)
    for s in found:
        reports[(s.place.key, action_class(s.action))].update(s.report_ids)
    return {rid for ids in reports.values() if len(ids) > 1 for rid in ids}


@dataclass(frozen=True)
class Territory:
    """Everything control is computed from: the events, every territorial statement (denials
    included) and the sides table extended by the articles' actors."""

    events: tuple[Event, ...]
    statements: tuple[Statement, ...]
    sides: Sides


def copies_of_texts(read: Mapping[int, str]) -> dict[int, int]:
    """Report id -> the first of its near-identical copies, from the texts (boilerplate masked)."""
    from dashboard.text import masked

    first_of: dict[str, int] = {}  # syndicated copies are often identical: each text masked once
    for rid, text in sorted(read.items()):
        first_of.setdefault(text, rid)
    masked_once = {rid: masked(text) for text, rid in first_of.items()}
    copies = near_copies(masked_once)
    copies.update({rid: copies[first_of[text]] for rid, text in read.items()})
    return copies


def territory(claims: Sequence[Row], places: Iterable[Row], reports: Iterable[Row],
              texts: Callable[[Sequence[int]], Mapping[int, str]] | None, sides: Sides,
              copies_of: Callable[[Sequence[int]], Mapping[int, int]] | None = None) -> Territory:
    """Stored rows -> :class:`Territory`; ``texts`` reads the articles that may be copies, or
    ``copies_of`` tells their copies (from the signatures the store keeps, :mod:`dashboard.copies`)."""
    table = sides.extended((c.get("actor"), c.get("country_iso3"), c.get("side")) for c in claims)
    found = statements(claims, places, reports, table)
    ids = sorted(multi_report_texts(found))
    if copies_of is None and texts is None:
        msg = "territory() needs the texts or the copies of the articles"
        raise ValueError(msg)
    copies = copies_of(ids) if copies_of is not None else copies_of_texts(texts(ids))  # type: ignore[misc]
    return Territory(tuple(group_events(found, copies)), tuple(found), table)


def from_store(conn: sqlite3.Connection, sides: Sides | None = None) -> Territory:
    """:func:`territory` of the stored articles, with the analysts' corrections applied: from the claims
    the store keeps grouped (:func:`dashboard.aggregates.control_territory`; every claim read as a row
    took 2 minutes at 100,000 reports)."""
    from dashboard import aggregates
    from dashboard import sides as sides_mod

    return aggregates.control_territory(conn, sides or sides_mod.table())


# ACLED's codebook (2023): event types and sub-event types of territorial events.
BATTLES, STRATEGIC = "Battles", "Strategic developments"
ACLED_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                 "country",
                 "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes")
_TIME_PRECISION = {"day": 1, "range": 2, "published": 2, "month": 3, "year": 3}


def acled_type(event: Event, actor_kind: str | None) -> tuple[str, str]:
    """ACLED event type and sub-event type: who takes territory (a state regains it, anyone else
    overtakes it), a withdrawal is a non-violent transfer, a siege or attack an armed clash."""
    cls = event.action_class
    if cls is ActionClass.TAKING:
        regains = actor_kind == "state"
        return BATTLES, "Government regains territory" if regains else "Non-state actor overtakes territory"
    if cls is ActionClass.GIVING_UP:
        return STRATEGIC, "Non-violent transfer of territory"
    return BATTLES, "Armed clash"


def acled_row(event: Event, sides: Sides, countries: Mapping[str, str]) -> dict[str, Any]:
    """One event as an ACLED row; ``notes`` says what happened, how many reports say so, and quotes."""
    p = event.place
    side = sides.side_of(event.actor, p.country_iso3)
    stated = _most_common(s.actor_text for s in event.statements)
    # the table's kind of side, else the one the extractor read from the article
    kind = side.kind if side is not None else _most_common(s.actor_side for s in event.statements)
    rivals = sides.opponents(event.actor, p.country_iso3) if event.action_class is ActionClass.TAKING else []
    opponent = event.loser or (rivals[0].actor if len(rivals) == 1 else None)
    kind_of_type, sub = acled_type(event, kind)
    lead = event.latest
    what = f"{event.actor or 'unknown actor'} {event.action.value} {p.name}"
    where = ", ".join(x for x in (p.admin1, p.country_iso3) if x)
    notes = (f"On {event.day.isoformat()}, {what}" + (f" ({where})" if where else "") +
             f". {event.sources} independent report{'s' * (event.sources != 1)}"
             + (f"; stated as '{stated}'" if stated and stated != event.actor else "")
             + f". \"{lead.quote or lead.sentence}\"" + (f" ({lead.source})" if lead.source else ""))
    return {
        "event_date": event.day.isoformat(), "time_precision": _TIME_PRECISION.get(event.precision, 3),
        "event_type": kind_of_type, "sub_event_type": sub, "actor1": event.actor, "actor2": opponent,
        "country": countries.get(p.country_iso3 or "",
                                 p.country_iso3), "admin1": p.admin1, "location": p.name,
        "latitude": p.lat, "longitude": p.lon, "geo_precision": p.geo_precision,
        "source": ("; ".join(event.outlets)
                   or "; ".join(dict.fromkeys(s.title or "" for s in event.statements))),
        "notes": notes,
    }
