"""Batch extraction on Dask distributed: an existing cluster (``--scheduler tcp://HOST:PORT``) or a
local one (``--dask-workers N``).

The client reads each article, skips those already stored (content hash) and sends the rest to
the workers in chunks; the workers only extract (the extractor's indexes and the language pipeline
loaded once per worker by :class:`WarmExtractor`) and send the reports back. The client is the one
writer: it stores each chunk as results arrive (``as_completed``), so a worker killed mid-batch
loses nothing (the scheduler runs its tasks again elsewhere) and stores nothing twice.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from dashboard import ingest, settings, store
from dashboard.errors import BadInput

if TYPE_CHECKING:
    from distributed import Future

    from dashboard.ingest import IngestResult, Pending
    from dashboard.model import Report

CONNECT_TIMEOUT_S = 10
IN_FLIGHT_PER_THREAD = 3  # chunks queued per worker thread: enough to keep it busy, bounded memory


class WarmExtractor(WorkerPlugin):
    """Loads the extractor's indexes and the language pipeline once, when a worker starts (or joins
    a cluster the batch is sent to), instead of in its first task."""

    name = "dashboard-warm-extractor"

    def setup(self, worker: object) -> None:
        from dashboard import nlp
        from dashboard.pipeline import warm

        warm()
        nlp.pipeline()


def extract_chunk(items: Sequence[Pending]) -> list[Report | str]:
    """Runs on a worker: each article's report, or its failure as one line (a bug in one article
    must not fail its chunk)."""
    from dashboard.pipeline import parsed_together

    out: list[Report | str] = []
    with parsed_together(item.text for item in items):
        for item in items:
            result = ingest.guarded(item.label, item.extract)
            out.append(result.error if isinstance(result, ingest.IngestResult) else result)
    return out


@contextmanager
def cluster(scheduler: str | None, n_workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a local cluster of ``n_workers``
    single-threaded worker processes on 127.0.0.1 (extraction holds the GIL: threads would not help)."""
    if scheduler is not None:
        try:
            client = Client(settings.scheduler_address(scheduler), timeout=CONNECT_TIMEOUT_S)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
        except (OSError, TimeoutError) as exc:
            msg = f"cannot reach the Dask scheduler at {scheduler}: {(str(exc).splitlines() or [''])[0]}"
            raise BadInput(msg) from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


def _threads(client: Client) -> int:
    return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))


def ingest_on_dask(db: str, files: Sequence[Path], published: str | None, scheduler: str | None = None,
                   n_workers: int | None = None, progress: bool = False) -> list[IngestResult]:
    """Ingest ``files`` into ``db`` with extraction on Dask; results in input order."""
    from tqdm import tqdm

    conn = store.connect(db)
    slots: list[IngestResult | None] = [None] * len(files)
    try:
        with cluster(scheduler, n_workers) as client, \
                tqdm(total=len(files), unit="article", disable=not progress) as bar:
            client.register_plugin(WarmExtractor())
            threads = _threads(client)
            chunks = iter(ingest._chunks(len(files), threads))
            running: dict[Future, list[tuple[int, Pending]]] = {}
            done = as_completed()

            def submit_next() -> bool:
                """Read the next chunk's files and send what is not stored yet; False when none is left."""
                for chunk in chunks:
                    todo = []
                    for i in chunk:
                        item = ingest.guarded(str(files[i]), lambda i=i: ingest.prepare_file(conn, files[i],
                                                                                              published))
                        if isinstance(item, ingest.IngestResult):
                            slots[i] = item
                        else:
                            todo.append((i, item))
                    bar.update(len(chunk) - len(todo))
                    if todo:
                        future = client.submit(extract_chunk, [item for _, item in todo], pure=False)
                        running[future] = todo
                        done.add(future)
                        return True
                return False

            while len(running) < threads * IN_FLIGHT_PER_THREAD and submit_next():
                pass
            for future in done:
                todo = running.pop(future)
                _store_chunk(conn, future, todo, slots)
                bar.update(len(todo))
                future.release()
                submit_next()
    finally:
        conn.close()
    return [r for r in slots if r is not None]


def _store_chunk(conn: object, future: Future, todo: list[tuple[int, Pending]],
                 slots: list[IngestResult | None]) -> None:
    """The chunk's reports stored in one transaction (one by one when that fails); errors in place."""
    try:
        reports = future.result()
    except Exception as exc:  # noqa: BLE001 -- a chunk its workers could not run fails alone
        reports = [f"worker failed: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"] * len(todo)
    items = [ingest._result(item.label, r) if isinstance(r, str) else ingest.extracted(item, r)
             for (_, item), r in zip(todo, reports, strict=True)]
    for (i, _), result in zip(todo, ingest.save_all(conn, items), strict=True):
        slots[i] = result
