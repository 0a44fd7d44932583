"""The page's extractor: a separate process that reads and stores one article at a time, with a time
budget.

Extraction in the server's own process held its interpreter: one 5 MB upload took 182 s of server
time and made every other session's page 7x slower (issue 19). Here the server only waits on a
pipe; an article that runs out of budget is stopped (its process killed, nothing stored: SQLite
rolls the unfinished write back) and the next article gets a fresh process.
"""
from __future__ import annotations

import multiprocessing
import resource
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from dashboard.errors import DashboardError

if TYPE_CHECKING:
    from dashboard.ingest import IngestResult

RESTART_ABOVE_BYTES = 1 << 30  # a process that grew past this (a huge article) is replaced afterwards
START_TIMEOUT_S = 120.0  # a new process imports the extractor and loads its indexes (~2 s) first


def store_article(db: str, text: str | None, upload: tuple[bytes, str] | None, published: str | None,
                  title: str | None) -> IngestResult:
    """What the page's form sends: pasted text or an upload's (bytes, name), read and stored in ``db``."""
    from dashboard import ingest, store

    conn = store.connect(db)
    try:
        if upload is not None:
            return ingest.ingest_bytes(conn, upload[0], upload[1], published, title)
        return ingest.ingest_text(conn, text or "", published, title, source="pasted")
    finally:
        conn.close()


class BudgetExceeded(DashboardError):
    """The article was not read within the time budget."""


def _serve(requests: Connection) -> None:
    """The extractor process: run each ``(function, args)`` it is sent, answer with its result."""
    from dashboard.pipeline import warm

    warm()
    requests.send("ready")
    while True:
        try:
            function, args = requests.recv()
        except EOFError:
            return
        try:
            answer: tuple[str, Any] = ("ok", function(*args))
        except Exception as exc:  # noqa: BLE001 -- sent back to the page as one line
            answer = ("error", f"{type(exc).__name__}: {exc}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        requests.send((*answer, peak))


def _ready(pipe: Connection) -> bool:
    """The new process said it has loaded the extractor."""
    try:
        return pipe.poll(START_TIMEOUT_S) and pipe.recv() == "ready"
    except EOFError:
        return False


class Extractor:
    """One extractor process, shared by every session of a server (one article at a time)."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None

    def _start(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            # spawn, not fork: the server is multi-threaded (a forked copy could inherit a held lock)
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child,), daemon=True,
                                            name="dashboard-extractor")
            self._process.start()
            child.close()
            self._pipe = parent
            if not _ready(parent):
                self.stop()
                msg = "the extractor process did not start"
                raise DashboardError(msg)
        assert self._pipe is not None
        return self._pipe

    def stop(self) -> None:
        """Kill the process (a budget ran out, or it grew too big); the next call starts another."""
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._pipe is not None:
            self._pipe.close()
        self._process = self._pipe = None

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in the extractor process; :class:`BudgetExceeded` when it (or the wait
        for the process) takes longer than the budget."""
        if not self._lock.acquire(timeout=self.budget_s):
            msg = f"the extractor is busy with another article for over {self.budget_s:.0f} s; try again"
            raise BudgetExceeded(msg)
        try:
            pipe = self._start()
            pipe.send((function, args))
            if not pipe.poll(self.budget_s):
                self.stop()
                msg = (f"reading this article took more than {self.budget_s:.0f} s, the limit, and was "
                       "stopped; nothing was stored (split it into smaller articles)")
                raise BudgetExceeded(msg)
            try:
                status, value, peak = pipe.recv()
            except EOFError:
                self.stop()
                msg = "the extractor process died while reading this article; nothing was stored"
                raise BudgetExceeded(msg) from None
            if peak > RESTART_ABOVE_BYTES:
                self.stop()  # give the memory back
            if status == "error":
                raise DashboardError(f"internal error: {value}")
            return value
        finally:
            self._lock.release()
