"""``extract()``: text -> Report, the modules of the core called in order."""
from __future__ import annotations

import hashlib
from datetime import date

from dashboard.model import Report, ReportMeta


def _iso(published: str | date | None) -> str | None:
    if published is None or published == "":
        return None
    return published.isoformat() if isinstance(published, date) else date.fromisoformat(str(published)).isoformat()


def extract(text: str, published: str | date | None = None, title: str | None = None) -> Report:
    """Extract places, figures, dates, claims from one article's text (work in progress)."""
    meta = ReportMeta(title=title, published=_iso(published),
                      sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return Report(report=meta)
