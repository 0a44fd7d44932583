"""How names and sentences are compared across rows: whitespace collapsed and case folded.

One definition for Python and SQL: Python's ``str.casefold`` has no SQL equivalent (``lower()`` of
SQLite folds only ASCII, PostgreSQL's follows the collation), so the store writes these keys in
columns beside the text (:data:`dashboard.store.KEY_COLUMNS`) and SQL compares those.
"""
from __future__ import annotations


def key(text: object) -> str:
    """``"  Imam  SAHIB "`` -> ``"imam sahib"``; None -> ``""``."""
    return " ".join(str(text or "").split()).casefold()
