"""Child process of the cold-start benchmark: the cost of loading ``data/``, each loader timed
once in a fresh interpreter (nothing heavy is imported before the clock starts). Prints JSON."""
from __future__ import annotations

import json
import time


def main() -> None:
    start = time.perf_counter()
    from dashboard import bundled_data
    from dashboard.gazetteer import name_index

    times = {"imports": time.perf_counter() - start}
    for loader in (*bundled_data.LOADERS, name_index):
        t = time.perf_counter()
        loader()
        times[loader.__name__] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start
    print(json.dumps(times))


if __name__ == "__main__":
    main()
