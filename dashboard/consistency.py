"""Stated geography checked against the geometry: "Imam Sahib, a town in Kunduz province on
the border with Uzbekistan" -> is it inside Kunduz, and how far is it from that border?"""
from __future__ import annotations

import math
import re

from dashboard import spatial
from dashboard.model import Consistency, Place
from dashboard.text import SpanIndex

_APPOSITIVE = re.compile(r"^,[ \t]+(?:a|an|the)[ \t]+[^.;:—]{3,160}")
NEAR_BORDER_KM = 50.0  # "on the border" is plausible within this distance of the line


def check_places(text: str, places: list[Place]) -> list[Consistency]:
    """One finding per town whose appositive states a province or a border."""
    findings: list[Consistency] = []
    by_start = SpanIndex(places)
    for p in places:
        if p.kind not in ("town", "admin2") or p.precision != 1:  # a point of its own, not its province's
            continue
        m = _APPOSITIVE.match(text[p.end:p.end + 200])
        if not m:
            continue
        span = (p.end, p.end + m.end())
        stated = by_start.within(*span)
        parts = [_province_finding(p, q) for q in stated if q.kind == "admin1"]
        parts += [_border_finding(p, q) for q in stated if q.kind == "border" and q.ref]
        parts = [x for x in parts if x]
        if parts:
            ok = all(x[1] for x in parts)
            findings.append(Consistency(place=p.mention, statement=m.group().lstrip(", ").strip(),
                                        finding="; ".join(x[0] for x in parts), consistent=ok))
    return findings


def _province_finding(p: Place, province: Place) -> tuple[str, bool] | None:
    if not province.admin1_id:
        return None
    inside = p.admin1_id == province.admin1_id
    where = "inside" if inside else f"not inside (it lies in {p.admin1 or 'no known province'})"
    return f"{where} {province.admin1 or province.name}: {'consistent' if inside else 'inconsistent'}", inside


def _border_finding(p: Place, border: Place) -> tuple[str, bool] | None:
    border_id = border.ref.removeprefix("border:")
    stated_km = spatial.km_to_border(p.lon, p.lat, border_id)
    if stated_km is None:
        return None
    nearest = min(((spatial.km_to_border(p.lon, p.lat, b.id),
                    b) for b in spatial.borders_of(p.country_iso3 or "")),
                  key=lambda kb: math.inf if kb[0] is None else kb[0], default=(None, None))
    text = f"about {stated_km:,.0f} km from the {border.name}"
    ok = stated_km <= NEAR_BORDER_KM
    if (nearest[1] is not None and nearest[1].id != border_id and nearest[0] is not None
            and nearest[0] < stated_km):
        text = f"about {nearest[0]:,.0f} km from the {nearest[1].name} and " + text
        ok = ok and nearest[0] >= stated_km - NEAR_BORDER_KM
    return text + (": consistent" if ok else ": the stated border is doubtful"), ok
