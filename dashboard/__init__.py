"""Interactive geographic dashboard of reported territorial changes."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

# One article per process and one process per core (ingest --workers, Dask workers, the page's
# extractor): BLAS and OpenMP thread pools would only oversubscribe the cores, and their per-thread
# buffers take address space that a process under a memory limit may not have ("Failed to launch
# worker thread"). Set here, before any module imports numpy; a value set by the caller wins.
for _pool in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_pool, "1")

if TYPE_CHECKING:
    from dashboard.model import Report

__all__ = ["extract"]


def extract(text: str, published: str | None = None, title: str | None = None,
            warnings: tuple[str, ...] = ()) -> Report:
    """``dashboard.pipeline.extract``, imported on first use so that ``import dashboard`` stays cheap."""
    from dashboard.pipeline import extract as _extract

    return _extract(text, published, title, warnings)
