"""Domain errors: the CLI and the page turn each into one clear line."""
from __future__ import annotations


class DashboardError(Exception):
    """Base class of every error a user can cause."""


class BadInput(DashboardError):
    """The article cannot be read (empty, binary, undecodable, too large)."""


class StoreError(DashboardError):
    """The database cannot be opened or written."""
