"""Every hostile input of issue 19 as a real command in a subprocess under limits (2 GB of address
space, 30 s of CPU): each ends with a correct result, or one line on stderr and exit code 2, and
leaves the database unchanged where it should.

Some cases need a user who cannot write where root can (an unreadable folder, a database in a
read-only folder): the command then imports what it needs, drops to ``nobody`` and runs.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BYTES = 2 * 1024**3
CPU_S = 30
WALL_S = 300  # the machine may be shared: CPU time is the measure, the wall clock only stops a hang
NOBODY = 65534
SEED = ROOT / "seeds" / "ap_2021-07-04_badakhshan.txt"
# the command, with what it needs imported before it may drop to nobody (who cannot read the venv)
RUNNER = """
import os, sys
import tqdm, dashboard.__main__ as cli, dashboard.store, dashboard.files
if os.environ.get("HOSTILE_AS_NOBODY"):
    os.setgid(%d); os.setuid(%d)
cli.exit_now(cli.main(sys.argv[1:]))
""" % (NOBODY, NOBODY)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    cpu_s: float
    wall_s: float
    max_rss_bytes: int


@pytest.fixture(scope="module", autouse=True)
def index_cache() -> None:
    """The name index cached on disk before any limited command runs: building it (first run on a
    clean clone, or after the data changed) takes ~3 GB and ~20 s once, which is not an article's."""
    from dashboard.pipeline import warm

    warm()


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_S, CPU_S + 5))


def dashboard(*args: str, cwd: Path = ROOT, as_nobody: bool = False, **env: str) -> Run:
    """``python -m dashboard ARGS`` under the limits; its own CPU time and peak memory."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    if as_nobody:
        environ["HOSTILE_AS_NOBODY"] = "1"
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, *args], cwd=cwd, env=environ, preexec_fn=_limits,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    streams: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=name, f=f: streams.__setitem__(n, f.read()))
               for name, f in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    usage = None
    while usage is None:  # wait4: this child's own rusage (RUSAGE_CHILDREN peaks over every child so far)
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            usage, proc.returncode = rusage, os.waitstatus_to_exitcode(status)
        elif time.monotonic() - started > WALL_S:
            proc.kill()
            os.wait4(proc.pid, 0)
            pytest.fail(f"dashboard {' '.join(args)} still ran after {WALL_S} s")
        else:
            time.sleep(0.02)
    for t in readers:
        t.join()
    wall = time.monotonic() - started
    out, err = (streams[k].decode("utf-8", "replace") for k in ("out", "err"))
    return Run(proc.returncode, out, err, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss * 1024)


@pytest.fixture
def run():
    """The runner, logging each child's CPU and wall time."""
    def measured(*args: str, **kwargs) -> Run:
        result = dashboard(*args, **kwargs)
        measured.log.append((args[:2], result.code, round(result.cpu_s, 2), round(result.wall_s, 2)))
        return result
    measured.log = []
    yield measured
    print("\n".join(f"{a} exit {c}: cpu {cpu} s, wall {w} s" for a, c, cpu, w in measured.log))


def one_line_error(result: Run, fragment: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.code == 2, (result.code, result.stderr[-2000:])
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def within_limits(result: Run) -> None:
    assert result.cpu_s < CPU_S, result
    assert result.max_rss_bytes < MEMORY_BYTES, result


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder ``nobody`` can traverse (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize(("path", "fragment"), [("/dev/zero", "character device"),
                                                ("/dev/urandom", "character device")])
def test_extract_a_device(run, path, fragment):
    result = run("extract", path)
    one_line_error(result, fragment)
    within_limits(result)
    assert result.wall_s < 30


def test_extract_a_fifo(run, tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = run("extract", str(fifo))
    one_line_error(result, "FIFO")
    assert result.wall_s < 30  # no writer ever comes: a blocking open would hang


def test_extract_4_8_mb_without_a_full_stop_is_refused(run, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(("Taliban fighters seized Kunduz and Herat and Kabul " * 100_000)[:4_800_000])
    result = run("extract", str(article))
    one_line_error(result, "the limit is")
    within_limits(result)


def test_extract_nearly_2_mb_without_a_full_stop_ends_within_the_limits(run, tmp_path):
    article = tmp_path / "long.txt"
    words = SEED.read_text(encoding="utf-8").replace(".", "").replace("\n", " ")
    article.write_text((words * 1000)[:2_000_000])
    result = run("extract", str(article), "--published", "2021-07-04")
    assert result.code == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert 0 < len(report["places"]) <= 2 * 2000 and any("only the first" in w for w in report["warnings"])
    within_limits(result)


def test_extract_2_mb_of_war_news_sentences_ends_within_the_limits(run, tmp_path):
    """Every description and pronoun is resolved against the actors named before it: a look-up, not a
    scan of all of them (that was quadratic: about 100 s of CPU for 2 MB of such sentences)."""
    paragraph = ("The armed forces of the Democratic Republic of Congo (FARDC) clashed with militants "
                 "near Goma. Yemeni troops recaptured the towns of Zinjibar and Jaar after militants seized "
                 "them. Russia says troops pulled out of Lyman. The insurgents now hold Gamboru, seized in "
                 "August. ")
    article = tmp_path / "long.txt"
    article.write_text((paragraph * (2_000_000 // len(paragraph) + 1))[:1_990_000])
    result = run("extract", str(article), "--published", "2021-07-04")
    assert result.code == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["claims"]
    within_limits(result)


def test_extract_1_4_mb_of_nested_html(run, tmp_path):
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div>Fighting near Kunduz " * (1_400_000 // 26))
    result = run("extract", str(page))
    assert result.code == 0, result.stderr[-2000:]
    assert any(p["name"] == "Kunduz" for p in json.loads(result.stdout)["places"])
    within_limits(result)


def test_a_batch_with_a_file_name_that_is_not_utf8(run, tmp_path):
    """On SQLite only: the limits cap the address space, which the PostgreSQL pool's threads and the
    stacks they reserve push over it ("Failed to launch worker thread"); the same names on both
    engines are test_ingest.test_a_file_name_that_is_not_utf8_is_a_label."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    odd = Path(os.fsdecode(bytes(folder) + b"/\xff\xfe \x1b[2J.txt"))
    odd.write_text("Government forces retook Taloqan in Takhar province on Monday.", encoding="utf-8")
    db = tmp_path / "db.sqlite"
    result = run("ingest", str(folder), "--db", str(db))
    assert result.code == 0, result.stderr[-2000:]
    assert "\\xff\\xfe \\x1b[2J.txt" in result.stdout and "\x1b" not in result.stdout + result.stderr
    assert "2 of 2 articles ingested" in result.stdout
    stats = run("stats", "--db", str(db), "--format", "json")
    assert json.loads(stats.stdout)["reports"] == 2


def test_an_unreadable_folder(run, shared_tmp):
    folder = shared_tmp / "closed"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    folder.chmod(0o000)
    db = shared_tmp / "db.sqlite"
    result = run("ingest", str(folder), "--db", str(db), as_nobody=True)
    one_line_error(result, "cannot read the folder")
    assert not db.exists()


def test_a_sidecar_nested_100000_deep(run, tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "a.json").write_text("[" * 100_000 + "]" * 100_000)
    one_line_error(run("extract", str(tmp_path / "a.txt")), "sidecar")
    (tmp_path / "a.json").write_text('{"title": ' + "[" * 30_000 + "]" * 30_000 + "}")
    one_line_error(run("extract", str(tmp_path / "a.txt")), "nested too deeply")


def test_skipped_entries_are_listed_with_a_reason(run, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "status.txt").symlink_to("/proc/self/status")
    os.mkfifo(folder / "fifo.txt")
    result = run("ingest", str(folder), "--db", str(tmp_path / "db.sqlite"))
    assert result.code == 0, result.stderr[-2000:]
    assert sorted(line for line in result.stderr.splitlines() if line.startswith("skipped: ")) == [
        f"skipped: {folder}/fifo.txt: a FIFO (named pipe)", f"skipped: {folder}/loop.txt: a link that loops",
        f"skipped: {folder}/status.txt: a link to a system file"]


def test_someone_else_s_sqlite_file_is_refused_byte_identical(run, tmp_path):
    import sqlite3

    theirs = tmp_path / "theirs.sqlite"
    other = sqlite3.connect(theirs)
    other.execute("CREATE TABLE accounts (name TEXT, balance REAL)")
    other.execute("INSERT INTO accounts VALUES ('alice', 10.5)")
    other.commit()
    other.close()
    before = sha(theirs)
    for args in (("ingest", str(SEED), "--db", str(theirs)), ("stats", "--db", str(theirs))):
        one_line_error(run(*args), "another program's SQLite database")
    assert sha(theirs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]


@pytest.fixture
def read_only_db(run, shared_tmp) -> Path:
    """The seed stored (by root), in a folder ``nobody`` can read and not write."""
    folder = shared_tmp / "ro"
    folder.mkdir()
    db = folder / "db.sqlite"
    result = run("ingest", str(SEED), "--db", str(db))
    assert result.code == 0, result.stderr
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    return db


def test_stats_in_a_read_only_folder(run, read_only_db):
    before = sha(read_only_db)
    result = run("stats", "--db", str(read_only_db), "--format", "json", as_nobody=True)
    assert result.code == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["reports"] == 1
    assert sha(read_only_db) == before


def test_a_read_only_database_is_refused_before_extraction(run, read_only_db, shared_tmp):
    batch = shared_tmp / "batch"
    batch.mkdir()
    for i in range(30):
        (batch / f"a{i}.txt").write_text(f"Article {i}: fighting near Kunduz on Sunday.", encoding="utf-8")
    batch.chmod(0o755)
    before = sha(read_only_db)
    result = run("ingest", str(batch), "--db", str(read_only_db), as_nobody=True)
    one_line_error(result, "cannot be written")
    assert result.cpu_s < 5  # refused before any article was read
    assert sha(read_only_db) == before


@pytest.mark.parametrize("setting", ["postgresql://nobody@127.0.0.1:1/none", "mysql://db.example/x"])
def test_a_database_setting_that_is_not_a_path_makes_no_folder(run, tmp_path, setting):
    result = run("stats", cwd=tmp_path, DASHBOARD_DB=setting)
    assert result.code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert list(tmp_path.iterdir()) == []
