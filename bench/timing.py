"""Small timing helpers shared by the benchmarks: medians of interleaved repetitions."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired_medians(ours: Callable[[], object], baseline: Callable[[], object], repeat: int) -> tuple[float,
                                                                                                     float]:
    """Median seconds of ``ours`` and ``baseline``, alternated so machine noise hits both alike."""
    a, b = [], []
    for _ in range(repeat):
        a.append(seconds(ours))
        b.append(seconds(baseline))
    return statistics.median(a), statistics.median(b)
