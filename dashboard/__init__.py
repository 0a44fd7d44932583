"""Interactive geographic dashboard of reported territorial changes."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.model import Report

__all__ = ["extract"]


def extract(text: str, published: str | None = None, title: str | None = None,
            warnings: tuple[str, ...] = ()) -> Report:
    """``dashboard.pipeline.extract``, imported on first use so that ``import dashboard`` stays cheap."""
    from dashboard.pipeline import extract as _extract

    return _extract(text, published, title, warnings)
