"""Interactive geographic dashboard of reported territorial changes."""

from dashboard.pipeline import extract

__all__ = ["extract"]
