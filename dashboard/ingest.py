"""Articles in: files, uploads and pasted text -> extract() -> the store.

Every failure of one article becomes ``IngestResult.error`` (one line) so a batch, an upload
or a paste never aborts and never loses what is already stored (issue 7).
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dashboard import extract, settings, store
from dashboard.errors import BadInput, DashboardError
from dashboard.files import ARTICLE_SUFFIXES, SIDECAR_MAX_BYTES, read_capped, scan, shown
from dashboard.text import check_text, decode_bytes

if TYPE_CHECKING:
    from dashboard.model import Report

T = TypeVar("T")

__all__ = ["ARTICLE_SUFFIXES"]  # re-exported: what a folder's article files end with
_COUNTED = ("places", "figures", "dates", "claims")
MAX_CHUNK = 16  # articles per task sent to a worker process


@dataclass(frozen=True)
class IngestResult:
    path_or_name: str
    report_id: int | None
    created: bool
    counts: dict[str, int]
    error: str | None
    title: str | None


def parse_published(value: object) -> str | None:
    """``pipeline.parse_published`` as the stored text ``YYYY-MM-DD``; None when not given.

    The pipeline is imported on first use: it loads the gazetteer's modules (~0.5 s), which
    ``import dashboard.ingest`` (the CLI's start-up) should not pay for.
    """
    from dashboard.pipeline import parse_published as parse_date

    parsed = parse_date(value)
    return parsed.isoformat() if parsed else None


def _sidecar(path: Path) -> dict[str, str | None]:
    """Title, publication date, outlet and URL from ``<stem>.json`` beside the article, when there is one."""
    side = path.with_suffix(".json")
    if path.suffix.lower() == ".json" or not side.is_file():
        return {}
    data = read_capped(side, SIDECAR_MAX_BYTES, "article's sidecar")
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"cannot read the sidecar {shown(side.name)}: {exc}"
        raise BadInput(msg) from None
    except RecursionError:  # "[[[[..." 100,000 deep: the parser gives up, one line says why
        msg = f"cannot read the sidecar {shown(side.name)}: nested too deeply"
        raise BadInput(msg) from None
    if not isinstance(meta, dict):
        msg = f"sidecar {shown(side.name)} is not a JSON object"
        raise BadInput(msg)
    title, outlet, url = (meta.get(k) for k in ("title", "outlet", "url"))
    return {"title": str(title) if title else None, "published": parse_published(meta.get("published")),
            "outlet": str(outlet) if outlet else None, "url": str(url) if url else None}


def read_article(path: Path, published: str | None = None) -> tuple[str, str | None, str | None,
                                                                    tuple[str, ...]]:
    """(text, title, published, warnings) of one article file; ``published`` overrides the sidecar."""
    path = Path(path)
    article = decode_bytes(read_capped(path, settings.MAX_ARTICLE_BYTES))
    meta = _sidecar(path)
    return (article.text, meta.get("title"), parse_published(published) or meta.get("published"),
            article.warnings)


def _result(name: str, error: str) -> IngestResult:
    return IngestResult(path_or_name=name, report_id=None, created=False, counts={}, error=error, title=None)


def guarded(name: str, action: Callable[[], T]) -> T | IngestResult:
    """The action's result, or its failure as one line: user errors as they are, bugs named."""
    try:
        return action()
    except DashboardError as exc:
        return _result(name, str(exc))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 -- a bug in one article must not abort the batch
        return _result(name, f"internal error: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Pending:
    """An article read, checked and not stored yet: what an extractor (a process or a Dask worker)
    is given."""

    label: str
    text: str
    published: str | None
    title: str | None
    source: str | None
    warnings: tuple[str, ...] = ()
    outlet: str | None = None  # the sidecar's: stored with the report, never read by the extractor
    url: str | None = None

    def extract(self) -> Report:
        return extract(self.text, self.published, self.title, self.warnings)


@dataclass(frozen=True)
class _Extracted:
    """An article extracted but not yet stored (batches store a few at a time)."""

    label: str
    report: Report
    text: str
    source: str | None


def prepare(conn: sqlite3.Connection, text: str, published: str | None, title: str | None,
            source: str | None, label: str, warnings: tuple[str, ...] = ()) -> IngestResult | Pending:
    """The article checked, or its result when it is stored already."""
    check_text(text)
    published = parse_published(published)
    # Same hash as the extractor's ReportMeta.sha256: a stored article is not extracted again, so
    # re-running a big batch (after a kill, say) only pays for the articles it has not stored yet.
    known = store.find_report(conn, hashlib.sha256(text.encode("utf-8")).hexdigest())
    if known is not None:
        return IngestResult(path_or_name=label, report_id=known["id"], created=False,
                            counts={k: known[k] for k in _COUNTED}, error=None, title=known["title"])
    return Pending(label, text, published, title, source, warnings)


def prepare_file(conn: sqlite3.Connection, path: Path, published: str | None) -> IngestResult | Pending:
    text, title, when, warnings = read_article(path, published)
    # a file name is a label, not content: stored and shown escaped (bytes that are not UTF-8 too)
    item = prepare(conn, text, when, title, shown(path.name), shown(path), warnings)
    if isinstance(item, IngestResult):
        return item
    meta = _sidecar(path)
    return replace(item, outlet=meta.get("outlet"), url=meta.get("url"))


def extracted(item: Pending, report: Report) -> _Extracted:
    """The extracted report, with the sidecar's outlet and URL when the file had them."""
    if item.outlet or item.url:
        report = replace(report, report=replace(report.report, outlet=item.outlet, url=item.url))
    return _Extracted(item.label, report, item.text, item.source)


def _extract_new(conn: sqlite3.Connection, text: str, published: str | None, title: str | None,
                 source: str | None, label: str, warnings: tuple[str, ...] = ()) -> IngestResult | _Extracted:
    item = prepare(conn, text, published, title, source, label, warnings)
    return item if isinstance(item, IngestResult) else extracted(item, item.extract())


def _stored(e: _Extracted, saved: store.SaveResult) -> IngestResult:
    return IngestResult(path_or_name=e.label, report_id=saved.report_id, created=saved.created,
                        counts={k: len(getattr(e.report, k)) for k in _COUNTED}, error=None,
                        title=e.report.report.title)


def save_all(conn: sqlite3.Connection, items: Sequence[IngestResult | _Extracted]) -> list[IngestResult]:
    """The extracted articles stored in one transaction; if that fails, one by one, so that an
    article the store refuses fails alone and the others are kept."""
    pending = [x for x in items if isinstance(x, _Extracted)]
    try:
        saved = iter(store.save_reports(conn,
                                        [(e.report, e.text, e.source) for e in pending]) if pending else [])
        return [_stored(x, next(saved)) if isinstance(x, _Extracted) else x for x in items]
    except DashboardError:
        return [guarded(x.label, lambda x=x: _stored(x, store.save_report(conn, x.report, x.text, x.source)))
                if isinstance(x, _Extracted) else x for x in items]


def _extract_and_save(conn: sqlite3.Connection, text: str, published: str | None, title: str | None,
                      source: str | None, label: str, warnings: tuple[str, ...] = ()) -> IngestResult:
    return save_all(conn, [_extract_new(conn, text, published, title, source, label, warnings)])[0]


def ingest_text(conn: sqlite3.Connection, text: str, published: str | None = None, title: str | None = None,
                source: str | None = None) -> IngestResult:
    """Extract from pasted text and store it."""
    label = source or "(text)"
    return guarded(label, lambda: _extract_and_save(conn, text, published, title, source, label))


def ingest_bytes(conn: sqlite3.Connection, data: bytes, name: str, published: str | None = None,
                 title: str | None = None) -> IngestResult:
    """Extract from an uploaded file's bytes; ``name`` is only a label, never opened."""

    def run() -> IngestResult:
        article = decode_bytes(data)
        return _extract_and_save(conn, article.text, published, title, name, name, article.warnings)

    return guarded(name, run)


def _ingest_files(conn: sqlite3.Connection, paths: Sequence[Path], published: str | None,
                  reading: Callable[[int], None] | None = None) -> list[IngestResult]:
    """Each file read and extracted on its own (a failure is that file's error line), their claim
    sentences parsed together, then all stored together. ``reading(i)`` is told which of ``paths``
    is about to be read or extracted."""

    def read(i: int, path: Path) -> IngestResult | Pending:
        if reading is not None:
            reading(i)
        return prepare_file(conn, path, published)

    def extract_one(i: int, item: Pending) -> _Extracted:
        if reading is not None:
            reading(i)
        return extracted(item, item.extract())

    from dashboard.pipeline import parsed_together  # the extractor, loaded only when a batch runs

    items = [guarded(shown(p), lambda i=i, p=p: read(i, p)) for i, p in enumerate(paths)]
    with parsed_together(x.text for x in items if isinstance(x, Pending)):
        done = [guarded(x.label, lambda i=i, x=x: extract_one(i, x)) if isinstance(x, Pending) else x
                for i, x in enumerate(items)]
    return save_all(conn, done)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; directories replaced by their article files (*.txt, *.html, *.htm), sorted
    (:func:`dashboard.files.scan`, which also says what it skipped)."""
    return scan(paths).files


# Per worker process: its own connection, opened once by the pool initializer.
_worker_conn: sqlite3.Connection | None = None


def _exit_with_parent(parent_pid: int) -> None:
    """A worker whose batch was killed (SIGKILL: no cleanup) must not live on as an orphan."""
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)  # mid-transaction is fine: SQLite rolls an unfinished write back


def _init_worker(db: str, parent_pid: int, in_hand: Any, started: Any) -> None:
    global _worker_conn, _in_hand, _slot
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the batch
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    with started.get_lock():
        _slot, started.value = started.value, started.value + 1
    _in_hand = in_hand
    _worker_conn = store.connect(db)


# Per worker process: its place in the shared array that says which article each worker is reading
# (shared memory, so that it is still there when the worker is not: issue 19).
_in_hand: Any = None
_slot = 0


def _worker_ingest(indices: Sequence[int], paths: list[Path], published: str | None) -> list[IngestResult]:
    assert _worker_conn is not None

    def reading(i: int) -> None:
        _in_hand[_slot] = indices[i]

    results = _ingest_files(_worker_conn, paths, published, reading)
    _in_hand[_slot] = -1
    return results


@dataclass
class _Round:
    """One pool's run over some of a batch's files: what it read, and, when a worker died, which
    files to run again and which were in a worker's hands (one of them killed it)."""

    again: list[int]
    in_hand: list[int]


def _pool_round(db: str, files: Sequence[Path], todo: Sequence[int], published: str | None, workers: int,
                slots: list[IngestResult | None], done: Callable[[int], None]) -> _Round:
    context = get_context("fork")
    in_hand = context.Array("q", [-1] * workers, lock=False)
    started = context.Value("i", 0)
    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(db, os.getpid(), in_hand, started)) as pool:
        futures = {}
        for chunk in _chunks(len(todo), workers):
            indices = [todo[k] for k in chunk]
            futures[pool.submit(_worker_ingest, indices, [files[i] for i in indices], published)] = indices
        try:
            for fut in as_completed(futures):
                indices = futures[fut]
                try:
                    results = fut.result()
                except BrokenProcessPool:  # a worker died: its pool with it; these files run again
                    broken += indices
                    continue
                except Exception as exc:  # noqa: BLE001 -- a failed task fails its files, not the batch
                    results = [_result(shown(files[i]), f"worker failed: {type(exc).__name__}: {exc}")
                               for i in indices]
                for i, result in zip(indices, results):
                    slots[i] = result
                done(len(indices))
        except KeyboardInterrupt:
            # Workers finish the articles in hand; the rest are dropped. (Waiting here matters: the
            # `with` block's own shutdown() would otherwise reset cancel_futures before it takes.)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    suspects = sorted(set(in_hand) & set(broken))
    return _Round([i for i in broken if i not in suspects], suspects)


def _pool_batch(db: str, files: Sequence[Path], published: str | None, workers: int,
                done: Callable[[int], None]) -> list[IngestResult]:
    """The batch in pools of forked workers. A worker that dies (killed for memory, a crash in a
    library) takes its pool down: the files in the workers' hands are then read one at a time in
    a fresh process each, so that only the one that kills its process is reported, and every
    other file runs again in a new pool (it was a "BrokenProcessPool" for 912 of 1,200, issue 19)."""
    slots: list[IngestResult | None] = [None] * len(files)
    todo: list[int] = list(range(len(files)))
    while todo:
        round_ = _pool_round(db, files, todo, published, workers, slots, done)
        if round_.again and not round_.in_hand:  # died outside any article (start-up): do not loop
            for i in round_.again:
                slots[i] = _result(shown(files[i]), "the extractor process died before reading this article")
            done(len(round_.again))
            break
        for i in round_.in_hand:
            alone = _pool_round(db, files, [i], published, 1, slots, done)
            if alone.in_hand or alone.again:
                slots[i] = _result(shown(files[i]), "the extractor process died while reading this article "
                                                    "(out of memory, or a crash); it was not stored")
                done(1)
        todo = round_.again
    return [r for r in slots if r is not None]


def _chunks(n: int, workers: int) -> list[range]:
    """Index ranges of the files each task takes: up to ``MAX_CHUNK`` articles per task (one round
    trip to a worker costs about a tenth of an article), shrinking towards the end of the batch
    ("guided" scheduling) so that the workers finish together."""
    out: list[range] = []
    start = 0
    while start < n:
        size = max(1, min(MAX_CHUNK, (n - start) // (workers * 4)))
        out.append(range(start, start + size))
        start += size
    return out


def ingest_paths(db: str | Path, paths: Sequence[Path], published: str | None = None, workers: int = 1,
                 progress: bool = False, scheduler: str | None = None,
                 dask_workers: int | None = None) -> list[IngestResult]:
    """Ingest files and directories into the database ``db``; results in input order.

    ``workers > 1`` extracts in a pool of forked processes that share the parent's indexes, at most
    one per CPU and per file;
    each one opens its own connection and the store's retries serialise their writes.
    ``scheduler`` (``tcp://HOST:PORT``) or ``dask_workers`` extract on Dask instead
    (:mod:`dashboard.dask_ingest`).
    """
    from tqdm import tqdm

    files = expand_paths(paths)
    if scheduler is not None or dask_workers is not None:
        from dashboard.dask_ingest import ingest_on_dask

        return ingest_on_dask(str(db), files, parse_published(published), scheduler, dask_workers, progress)
    workers = min(workers, len(files), os.cpu_count() or 1)
    published = parse_published(published)
    # the schema made, or the database refused (someone else's, read-only), before any article is read
    # and before the progress bar: the error is then the only line
    store.connect(db).close()
    bar = tqdm(total=len(files), unit="article", disable=not progress)
    try:
        if workers <= 1:
            conn = store.connect(db)
            try:
                results = []
                for chunk in _chunks(len(files), 1):
                    results += _ingest_files(conn, [files[i] for i in chunk], published)
                    bar.update(len(chunk))
                return results
            finally:
                conn.close()
        # Load the extractor's indexes here, once: forked workers share them copy-on-write instead of
        # each loading its own (~0.5 s and ~0.5 GB a worker; `make bench`, issue 8).
        from dashboard.pipeline import warm

        warm()
        gc.freeze()  # the loaded indexes stay out of the workers' collections (and their pages unwritten)
        return _pool_batch(str(db), files, published, workers, bar.update)
    finally:
        bar.close()


def ingest_seeds(conn: sqlite3.Connection) -> list[IngestResult]:
    """Every bundled seed article (``settings.SEEDS_DIR/*.txt`` with its sidecar)."""
    return _ingest_files(conn, sorted(Path(settings.SEEDS_DIR).glob("*.txt")), None)
