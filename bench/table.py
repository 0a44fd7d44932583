"""The results as rows (measure, ours, baseline, ratio, goal, met?) and as a Markdown table."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    measure: str
    ours: str
    baseline: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


def num(value: float | None, unit: str = "") -> str:
    """Three significant figures, thousands separated: 0.0123 s, 1.23 s, 12,345 B."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


def markdown(rows: list[Row]) -> str:
    head = ["measure", "ours", "baseline", "ratio", "goal", "met?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.measure} | {r.ours} | {r.baseline} | {r.ratio} | {r.goal} | {met} |")
    return "\n".join(lines)


def as_dicts(rows: list[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]
