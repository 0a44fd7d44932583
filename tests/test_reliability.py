"""Issue 7: hostile input, killed batches and concurrent writers neither crash nor lose data."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import dashboard
from dashboard import ingest, store
from dashboard.errors import BadInput
from dashboard.settings import database
from dashboard.text import check_text
from test_cli import ROOT, assert_one_line_error, run_cli
from test_ingest import SEED, SEED_TEXT, variant_text, write_variants

SCRIPT_QUOTE = ('The commander said: "<script>alert(document.cookie)</script> we hold Kunduz" and '
                "'<img src=x onerror=alert(1)>' was painted near Faizabad in Badakhshan.")

HTML_PAGE = ("<!DOCTYPE html><html><head><title>Kunduz falls</title><style>body{color:red}</style>"
             "<script>document.write('<p>injected Herat</p>');fetch('https://evil.example')</script></head>"
             "<body><nav>Home | World</nav><article><h1>Kunduz falls</h1><p>The Taliban seized Kunduz on "
             "Sunday, officials in Faizabad said.</p><p>More than 300 troops fled.</p></article>"
             "<script src=x onerror=alert(1)></script></body></html>")

# name -> (file bytes, expected outcome: "ok" or a fragment of the one-line error)
INPUTS: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty article"),
    "whitespace": (b" \n\t\r\n   \n", "empty article"),
    "binary_nul": (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 8, "binary"),
    "too_large": (("Kunduz fell. " * 1_700_000).encode(), "the limit is"),  # ~22 MB
    "million_char_line": (("Fighting near Kunduz and Faizabad " * 30_000)[:1_000_000].encode(), "ok"),
    "latin1": ("Les talibans ont pris Kunduz, déclaré le ministère à Faizabad.\n".encode("latin-1"), "ok"),
    "utf16": ("Kunduz fell to the Taliban on Sunday, officials in Faizabad said.\n".encode("utf-16"), "ok"),
    "dari_pashto": ("طالبان ولسوالی‌های بدخشان را تصرف کردند. د طالبانو جنګیالي کندز ته ننوتل.\n".encode(),
                    "ok"),
    "emoji_bidi": ("🇦🇫 Taliban ⚔️ took \u202eKunduz\u202c and \u2067Faizabad\u2069 🙏\u200d today.\n".encode(),
                   "ok"),
    "json_file": (json.dumps({"title": "x", "text": "The Taliban took Kunduz."}).encode(), "ok"),
    "script_quotes": (SCRIPT_QUOTE.encode(), "ok"),
    "html_page": (HTML_PAGE.encode(), "ok"),
}


# One article may take this long, at the most: a million characters at the seed's pace take ~15 s.
LIMIT_SECONDS = 120


@contextmanager
def time_limit(seconds: int = LIMIT_SECONDS) -> Iterator[None]:
    """Turn a hang (unbounded time on some input) into a failure instead of a stuck suite."""

    def stop(signum: int, frame: object) -> None:
        msg = f"still running after {seconds} s"
        raise TimeoutError(msg)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def input_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    paths = {}
    for name, (data, _) in INPUTS.items():
        paths[name] = folder / (f"{name}.json" if name == "json_file" else f"{name}.txt")
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize("name", INPUTS)
def test_cli_extract_gives_a_result_or_one_line(input_files: dict[str, Path], name: str) -> None:
    proc = run_cli("extract", input_files[name], "--published", "2021-07-04", timeout=LIMIT_SECONDS)
    expected = INPUTS[name][1]
    if expected != "ok":
        assert_one_line_error(proc, expected)
        return
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    text = input_files[name].read_bytes().decode("utf-16" if name == "utf16" else "utf-8", errors="replace")
    for row in report["places"]:
        assert row["mention"] in text


def test_cli_batch_of_every_input_keeps_what_was_stored(input_files: dict[str, Path], db: str) -> None:
    assert run_cli("ingest", SEED, "--db", db).returncode == 0
    batch = {name: path for name,
             path in input_files.items() if name != "million_char_line"}  # time: tested alone
    proc = run_cli("ingest", *batch.values(), "--db", db, timeout=LIMIT_SECONDS * 2)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    for name, path in batch.items():
        expected = INPUTS[name][1]
        if expected == "ok":
            assert f"{path}: stored as report" in proc.stdout, name
        else:
            assert any(ln.startswith(f"error: {path}: ") and expected in ln
                       for ln in proc.stderr.splitlines())
    conn = store.connect(db)
    ok = sum(1 for name in batch if INPUTS[name][1] == "ok")
    assert store.counts(conn)["reports"] == 1 + ok
    stored = {r["source"]: r["id"] for r in store.reports(conn)}
    assert SEED.name in stored
    assert store.report_text(conn, stored["script_quotes.txt"]) == SCRIPT_QUOTE  # kept as text, not markup
    page = store.report_text(conn, stored["html_page.txt"])
    assert "The Taliban seized Kunduz" in page and "evil" not in page and "color:red" not in page


@pytest.mark.parametrize("name", INPUTS)
def test_upload_gives_a_result_or_one_line(db: str, name: str) -> None:
    """The page's "Add article" path: bytes in, IngestResult out, the database intact."""
    conn = store.connect(db)
    seed = ingest.ingest_text(conn, SEED_TEXT, "2021-07-04")
    data, expected = INPUTS[name]
    with time_limit():
        result = ingest.ingest_bytes(conn, data, f"{name}.txt", "2021-07-04")
    if expected == "ok":
        assert result.error is None and result.created
        assert store.counts(conn)["reports"] == 2
    else:
        assert result.report_id is None and expected in result.error and "\n" not in result.error
        assert store.counts(conn)["reports"] == 1
    assert store.report_text(conn, seed.report_id) == SEED_TEXT


_FRAGMENTS = st.sampled_from([
    "Kunduz", "Badakhshan", "Faizabad", "Tajikistan", "Afghanistan", "the Taliban seized ", "more than 300 ",
    "troops", "on Saturday", "last month", " km north of ", "Imam Sahib", "Donetsk", "Avdiivka", ".", ". ",
    "\n", "\n\n", " ", "\u202e", "🇦🇫", "بدخشان", "<script>", "\x00", "\r\n", "2021-07-04", "II", "ﬁ", "İ",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=40), _FRAGMENTS), max_size=30).map("".join))
def test_extract_never_raises_and_offsets_slice_the_text(text: str) -> None:
    try:
        report = dashboard.extract(text, "2021-07-04")
    except BadInput:
        with pytest.raises(BadInput):  # only text the reader refuses anyway may be refused
            check_text(text)
        return
    for place in report.places:
        assert text[place.start:place.end] == place.mention
    for row in (*report.figures, *report.dates):
        assert text[row.start:row.end] == row.text


def _report_count(db: str) -> int:
    """Stored reports, read around the store (which would make the schema itself): 0 before it exists."""
    if database(db).shared:
        import psycopg

        try:
            with psycopg.connect(db) as conn:
                return conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        except psycopg.Error:
            return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    except sqlite3.Error:  # schema not made yet
        return 0


def _sound(db: str) -> bool:
    """SQLite's own check of the file; PostgreSQL's tables need none (the rows are counted after)."""
    if database(db).shared:
        return True
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (Linux /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def _wait_gone(pids: set[int], limit: float = 60) -> set[int]:
    """The pids still alive after waiting up to ``limit`` seconds for them to exit."""
    stop = time.monotonic() + limit
    while pids and time.monotonic() < stop:
        pids = {p for p in pids if Path(f"/proc/{p}").exists()}
        time.sleep(0.05)
    return pids


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_batch_leaves_a_sound_database_and_a_rerun_completes_it(tmp_path: Path, db: str,
                                                                         workers: int) -> None:
    n = 200
    folder = tmp_path / "batch"
    write_variants(folder, n)
    cmd = [sys.executable, "-m", "dashboard", "ingest", str(folder), "--db", str(db), "--workers",
           str(workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and _report_count(db) < 5:
            time.sleep(0.005)
        helpers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    assert len(helpers) >= (workers if workers > 1 else 0)
    assert not _wait_gone(helpers), "worker processes outlived their killed batch"
    assert _sound(db)
    assert 5 <= _report_count(db) < n
    rerun = run_cli("ingest", folder, "--db", db, "--workers", str(workers), timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    per_article = dashboard.extract(variant_text(0))  # the batch has no publication date either
    expected = {table: n * len(getattr(per_article, table)) for table in store.CHILD_TABLES}
    assert store.counts(store.connect(db)) == {"reports": n,
                                               **expected}  # no article lost, doubled or partial


def test_two_writers_at_once_lose_and_duplicate_nothing(tmp_path: Path, db: str) -> None:
    first = write_variants(tmp_path / "a", 60)
    second = write_variants(tmp_path / "b", 60, start=30)  # 30 articles in common
    procs = [subprocess.Popen([sys.executable, "-m", "dashboard", "ingest", *map(str, paths), "--db",
                               str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for paths in (first, second)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0 and "Traceback" not in err, err
    stored = sum(out.count(": stored as report") for out, _ in outputs)
    conn = store.connect(db)
    assert stored == store.counts(conn)["reports"] == 90
    if not store.is_postgres(conn):
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_a_batch_with_one_line(tmp_path: Path, db: str, workers: int) -> None:
    folder = tmp_path / "batch"
    write_variants(folder, 400)
    cmd = [sys.executable, "-m", "dashboard", "ingest", str(folder), "--db", str(db), "--workers",
           str(workers)]
    # as a terminal starts it: Ctrl-C not ignored, even when the suite itself runs in a background job
    # (a non-interactive shell's "cmd &" ignores SIGINT, and children inherit that)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_interruptible)
    while proc.poll() is None and _report_count(db) < 5:
        time.sleep(0.005)
    helpers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert err.rstrip().endswith("error: interrupted")
    assert not _wait_gone(helpers)
    assert _sound(db) and 5 <= _report_count(db) < 400
