"""Result types of the extraction core: plain frozen dataclasses, serialisable to the
contract in ``docs/schema.md`` with :meth:`Report.to_dict`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PlaceKind = Literal["country", "admin1", "admin2", "town", "border", "crossing", "region", "river", "other"]
DatePrecision = Literal["day", "month", "year", "range", "unresolved"]


@dataclass(frozen=True)
class Place:
    """One place mention, resolved (``lat``/``lon`` set) or not (``reason`` says why)."""

    mention: str
    start: int
    end: int
    kind: PlaceKind
    name: str | None = None
    country_iso3: str | None = None
    admin1: str | None = None
    admin1_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None  # ACLED geo_precision: 1 point, 2 near/part of, 3 region or larger
    ref: str | None = None  # "geonames:<id>", "ne-admin1:<id>", "ne-admin0:<iso3>", "border:<a>-<b>"
    confidence: float = 0.0
    sentence: str = ""
    reason: str | None = None  # why it could not be resolved, when lat/lon are None


@dataclass(frozen=True)
class Figure:
    """A quoted number: value or low/high range, qualifier, and what it counts."""

    text: str
    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    counts: str | None = None
    sentence: str = ""
    place: str | None = None  # the place the figure's sentence is about, when it names one
    admin1: str | None = None
    when: str | None = None  # resolved date of the figure's sentence, when it has one
    kind: str = "count"  # figures.figure_kind: count | share | distance | area | duration | money


@dataclass(frozen=True)
class DateRef:
    """A date expression resolved against the publication date (ISO 8601 or interval)."""

    text: str
    start: int
    end: int
    resolved: str | None
    precision: DatePrecision
    sentence: str = ""
    # ACLED time_precision: 1 the day, 2 a few days within a month (or about a day), 3 a month or vaguer
    time_precision: int | None = None


@dataclass(frozen=True)
class Quote:
    """An exact quotation and who said it."""

    text: str
    start: int
    end: int
    speaker: str | None = None


@dataclass(frozen=True)
class Claim:
    """Who took, lost, fled or crossed which place, when, according to whom."""

    actor: str | None
    action: str
    place: str
    when: str | None = None
    source: str | None = None
    quote: str | None = None
    sentence: str = ""
    start: int = 0  # offsets of the sentence that states the claim
    end: int = 0
    admin1: str | None = None  # province of the claimed place, when resolved
    country_iso3: str | None = None
    modality: str = "asserted"  # vocabulary.Modality: asserted | denied | expected
    loser: str | None = None  # who the place was taken from, when stated
    side: str | None = None  # vocabulary.Side of the actor: state | non-state
    confidence: float = 1.0


@dataclass(frozen=True)
class Consistency:
    """A stated geographic relation checked against the geometry."""

    place: str
    statement: str
    finding: str
    consistent: bool | None = None


@dataclass(frozen=True)
class ReportMeta:
    """The article's title, publication date (the one relative dates are resolved against) and hash."""

    title: str | None
    published: str | None  # YYYY-MM-DD
    sha256: str
    outlet: str | None = None  # who published it (the sidecar's "outlet"), for counting sources
    url: str | None = None
    # read from the text (header line, dateline, "today, 9 September") rather than given
    published_inferred: bool = False
    published_precision: int | None = None  # ACLED time_precision of ``published``
    published_source: str | None = None  # "given", "header", "dateline" or "today"
    published_needed: bool = False  # nothing given or inferred: a reader should supply the date


@dataclass(frozen=True)
class Report:
    """Everything extracted from one article."""

    report: ReportMeta
    places: tuple[Place, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    consistency: tuple[Consistency, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the extraction contract (SCHEMA.md); extra keys are allowed."""
        return asdict(self)
