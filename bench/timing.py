"""Small timing helpers shared by the benchmarks: medians of interleaved repetitions."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    action()
    return clock() - start


def paired_medians(ours: Callable[[], object], baseline: Callable[[], object], repeat: int,
                   clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    """Median seconds of ``ours`` and ``baseline``, alternated so machine noise hits both alike.
    ``clock=time.process_time`` times the CPU this process used: for work on one thread in this
    process, what other processes on a loaded machine take does not count."""
    a, b = [], []
    for _ in range(repeat):
        a.append(seconds(ours, clock))
        b.append(seconds(baseline, clock))
    return statistics.median(a), statistics.median(b)
