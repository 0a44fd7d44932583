"""Score the extractor against the user's own annotated articles (``python -m dashboard evaluate``).

An organisation adopting the tool checks it on its own material: each gold file names an
article and what a reader found in it (docs/schema.md, "Gold files"). Matching is lenient in
the ways annotators differ and strict where the map would be wrong:

- places: a gold place is *found* when a returned place has the same mention (accents, case and
  words such as "province" ignored; one containing the other counts from 4 letters), and
  *resolved* when that place lies within ``tolerance_km`` of the gold point (default 25) in the
  same country and, when gold names one, the same province (``admin1_aliases`` lists accepted
  spellings). A returned place is *right* when it resolves some gold place; one far (> 300 km
  beyond every gold place's tolerance) from all gold places is *spurious* (gold need not list
  every nearby village).
- figures: the returned text contains the gold text (or the reverse) and the value agrees within
  1 % when gold gives one.
- dates: the text agrees and ``resolved`` is equal (day ranges may differ by a day at each end).
- claims: actor and place agree (one containing the other), and the actions are the same word or
  in the same class (captured/seized/took..., retook/recaptured..., fled/withdrew/lost...).

Recall is gold items matched over gold items; precision is returned items that match some gold
item over returned items (for places, over returned located places). Pure apart from reading
the gold files; the extraction runs in this process.
"""
from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.errors import BadInput

Item = Mapping[str, Any]
FIELDS = ("places", "figures", "dates", "claims")
DEFAULT_TOLERANCE_KM = 25.0
SPURIOUS_KM = 300.0
_DROPPED_WORDS = ("province", "oblast", "governorate", "state", "region", "wilayat-e", "velayat-e")
# Transliterations of one province that neither contains the other (Natural Earth vs news spelling).
_ADMIN1_ALIASES = {"hirat": "herat", "hilmand": "helmand", "paktya": "paktia", "saripul": "sarepol",
                   "sarepul": "sarepol", "jowzjan": "jawzjan", "nurestan": "nuristan", "khowst": "khost",
                   "daikundi": "daykundi", "panjsher": "panjshir", "uruzgan": "oruzgan",
                   "wardak": "maidanwardak"}
# Action words that annotators use for the same event (the extractor's vocabulary is a subset).
ACTION_CLASSES = (
    frozenset({"captured", "seized", "took", "taken", "take", "overran", "overrun", "fell", "fall", "control",
               "controlled", "controls", "entered", "occupied", "gained", "won", "claimed"}),
    frozenset({"retook", "recaptured", "regained", "liberated", "retaken", "recapture"}),
    frozenset({"fled", "retreated", "withdrew", "withdrawn", "abandoned", "left", "evacuated", "lost",
               "surrendered"}),
    frozenset({"crossed", "entered"}),
    frozenset({"besieged", "encircled", "surrounded", "attacked", "shelled", "advanced", "pushed"}),
)


def norm(text: str | None) -> str:
    """Letters and digits only, accents and case dropped, and words like "province" removed."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    for word in _DROPPED_WORDS:
        folded = folded.replace(word, "")
    return "".join(c for c in folded if c.isalnum())


def _contains(a: str, b: str, shortest: int = 4) -> bool:
    return bool(a) and bool(b) and (a == b or (min(len(a), len(b)) >= shortest and (a in b or b in a)))


def same_admin1(a: str | None, b: str | None) -> bool:
    x, y = norm(a), norm(b)
    return _contains(_ADMIN1_ALIASES.get(x, x), _ADMIN1_ALIASES.get(y, y))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def text_match(a: str | None, b: str | None) -> bool:
    x, y = norm(a), norm(b)
    return bool(x) and bool(y) and (x in y or y in x)


def _located(place: Item) -> bool:
    return place.get("lat") is not None and place.get("lon") is not None


def place_found(gold: Item, got: Item) -> bool:
    return _contains(norm(gold.get("mention")), norm(got.get("mention")))


def place_resolved(gold: Item, got: Item) -> bool:
    if not place_found(gold, got) or not _located(got):
        return False
    close = km(gold["lat"], gold["lon"], got["lat"], got["lon"]) <= gold.get("tolerance_km",
                                                                             DEFAULT_TOLERANCE_KM)
    country = (got.get("country_iso3") or "").upper() == (gold.get("country_iso3") or "").upper()
    province = not gold.get("admin1") or any(same_admin1(a, got.get("admin1"))
                                             for a in gold.get("admin1_aliases") or [gold["admin1"]])
    return close and country and province


def _spurious(got: Item, gold: Sequence[Item]) -> bool:
    if not _located(got) or any(place_found(g, got) for g in gold):
        return False
    return all(km(g["lat"], g["lon"], got["lat"], got["lon"]) > SPURIOUS_KM + g.get("tolerance_km",
                                                                                    DEFAULT_TOLERANCE_KM)
               for g in gold)


def figure_match(gold: Item, got: Item) -> bool:
    if not text_match(gold.get("text"), got.get("text")):
        return False
    want = gold.get("value")
    if want is None:
        return True
    return got.get("value") is not None and abs(float(got["value"]) - float(want)) <= 0.01 * max(1,
                                                                                                 abs(float(want)))


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def same_date(want: str | None, got: str | None) -> bool:
    """Equal, or both day ranges whose ends differ by at most a day (conventions differ)."""
    if not want or not got:
        return False
    if want == got:
        return True
    if "/" in want and "/" in got:
        ends = [(_day(a), _day(b)) for a, b in zip(want.split("/"), got.split("/"), strict=False)]
        return all(a and b and abs((a - b).days) <= 1 for a, b in ends)
    return False


def date_match(gold: Item, got: Item) -> bool:
    return text_match(gold.get("text"), got.get("text")) and same_date(gold.get("resolved"),
                                                                       got.get("resolved"))


def same_action(a: str | None, b: str | None) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    if x == y or x in y or y in x:
        return True
    return any(any(w in x for w in cls) and any(w in y for w in cls) for cls in ACTION_CLASSES)


def _agree(gold: str | None, got: str | None) -> bool:
    a, b = norm(gold), norm(got)
    return bool(a) and (a == b or a in b or (len(b) > 3 and b in a))


def claim_match(gold: Item, got: Item) -> bool:
    return (_agree(gold.get("actor"), got.get("actor")) and same_action(gold.get("action"), got.get("action"))
            and _agree(gold.get("place"), got.get("place")))


@dataclass
class Tally:
    """Counts of one field: gold items matched (recall) and returned items right (precision)."""

    gold: int = 0
    hit: int = 0
    returned: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.hit += other.hit
        self.returned += other.returned
        self.right += other.right
        self.misses += other.misses

    @property
    def recall(self) -> float | None:
        return self.hit / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.right / self.returned if self.returned else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None


def _tally(gold: Sequence[Item], got: Sequence[Item], match: Callable[[Item, Item], bool],
           describe: Callable[[Item], str]) -> Tally:
    hits = [g for g in gold if any(match(g, r) for r in got)]
    right = [r for r in got if any(match(g, r) for g in gold)]
    misses = [f"missed {describe(g)}" for g in gold if g not in hits]
    misses += [f"unmatched {describe(r)}" for r in got if r not in right]
    return Tally(gold=len(gold), hit=len(hits), returned=len(got), right=len(right), misses=misses)


def _place_tally(gold: Sequence[Item], got: Sequence[Item]) -> Tally:
    located = [p for p in got if _located(p)]
    t = _tally(gold, located, place_resolved, lambda p: f"place {p.get('mention')!r} "
               f"({p.get('country_iso3') or '?'}/{p.get('admin1') or '?'})")
    t.misses = [m for m in t.misses if not m.startswith("unmatched")]  # gold need not list nearby places
    t.misses += [f"spurious place {p.get('mention')!r} -> {p.get('country_iso3')}/{p.get('admin1')}"
                 for p in located if _spurious(p, gold)]
    return t


def score(gold: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, Tally]:
    """Per field, what the extraction ``got`` (``Report.to_dict()``) matched of one gold file."""
    return {
        "places": _place_tally(gold.get("places") or [], got.get("places") or []),
        "figures": _tally(gold.get("figures") or [], got.get("figures") or [], figure_match,
                          lambda f: f"figure {f.get('text')!r}={f.get('value')}"),
        "dates": _tally(gold.get("dates") or [], got.get("dates") or [], date_match,
                        lambda d: f"date {d.get('text')!r}={d.get('resolved')}"),
        "claims": _tally(gold.get("claims") or [], got.get("claims") or [], claim_match,
                         lambda c: f"claim {c.get('actor')} {c.get('action')} {c.get('place')}"),
    }


_REQUIRED = {"places": ("mention", "lat", "lon", "country_iso3"), "figures": ("text",),
             "dates": ("text", "resolved"), "claims": ("actor", "action", "place")}


def check_gold(gold: Any, where: str) -> dict[str, Any]:
    """The gold object, or BadInput naming the first thing wrong with it."""
    if not isinstance(gold, dict):
        msg = f"{where}: a gold file holds one JSON object"
        raise BadInput(msg)
    if not isinstance(gold.get("text"), str) and not isinstance(gold.get("file"), str):
        msg = f"{where}: give the article as \"text\" or as \"file\" (a path relative to the gold file)"
        raise BadInput(msg)
    for name, keys in _REQUIRED.items():
        items = gold.get(name, [])
        if not isinstance(items, list):
            msg = f"{where}: \"{name}\" must be a list"
            raise BadInput(msg)
        for i, item in enumerate(items):
            missing = [k for k in keys if not isinstance(item, dict) or k not in item]
            if missing:
                msg = f"{where}: {name}[{i}] lacks {', '.join(missing)}"
                raise BadInput(msg)
    return gold


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise BadInput(msg) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"{path} is not a JSON file: {exc}"
        raise BadInput(msg) from None
    return check_gold(gold, str(path))


@dataclass
class FileScore:
    name: str
    tallies: dict[str, Tally]


def evaluate_files(paths: Iterable[Path], extract_file: Callable[[Path, dict[str, Any]], Mapping[str, Any]]
                   ) -> tuple[list[FileScore], dict[str, Tally]]:
    """Score each gold file with ``extract_file(gold_path, gold) -> extraction dict``; also the totals."""
    scores = []
    totals = {name: Tally() for name in FIELDS}
    for path in paths:
        gold = load_gold(path)
        tallies = score(gold, extract_file(path, gold))
        for name in FIELDS:
            totals[name].add(tallies[name])
        scores.append(FileScore(str(gold.get("id") or Path(path).name), tallies))
    return scores, totals


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def as_text(scores: Sequence[FileScore], totals: Mapping[str, Tally], verbose: bool = False) -> str:
    lines = []
    for s in scores:
        lines.append(s.name + ": " + ", ".join(f"{n} {s.tallies[n].hit}/{s.tallies[n].gold}" for n in FIELDS))
        if verbose:
            lines += [f"    {m}" for n in FIELDS for m in s.tallies[n].misses]
    lines.append(f"{'field':<8} {'gold':>5} {'found':>5} {'recall':>7} {'returned':>8} {'right':>5} "
                 f"{'precision':>9} {'F1':>6}")
    for name in FIELDS:
        t = totals[name]
        lines.append(f"{name:<8} {t.gold:>5} {t.hit:>5} {_pct(t.recall):>7} {t.returned:>8} {t.right:>5} "
                     f"{_pct(t.precision):>9} {_pct(t.f1):>6}")
    return "\n".join(lines)


def as_json(scores: Sequence[FileScore], totals: Mapping[str, Tally]) -> dict[str, Any]:
    def numbers(t: Tally) -> dict[str, Any]:
        return {"gold": t.gold, "found": t.hit, "returned": t.returned, "right": t.right,
                "recall": t.recall, "precision": t.precision, "f1": t.f1}
    return {"files": [{"id": s.name, **{n: {**numbers(s.tallies[n]), "misses": s.tallies[n].misses}
                                        for n in FIELDS}} for s in scores],
            "total": {n: numbers(totals[n]) for n in FIELDS}}
