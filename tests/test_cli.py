"""The real CLI in a subprocess: commands, output formats, exit codes, one-line errors."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_ingest import SEED, SEED_META, SEED_TEXT, write_variants

from dashboard import settings, store
from dashboard.__main__ import build_parser

ROOT = settings.ROOT
SCHEMA_KEYS = {"report", "places", "figures", "dates", "claims", "consistency"}


def run_cli(*args: str | Path, db: str | Path | None = None, timeout: float = 120, env: dict[str,
                                                                                       str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """``python -m dashboard ARGS`` from the project root; ``db`` becomes ``DASHBOARD_DB``."""
    env = {**os.environ, **(env or {})}
    if db is not None:
        env["DASHBOARD_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "dashboard", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], fragment: str = "", codes: tuple[int,
                                                                                                   ...] = (2,
                                                                                                           ),
                          ) -> None:
    assert proc.returncode in codes, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], proc.stderr


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_help_text() -> None:
    top = run_cli("--help")
    assert top.returncode == 0
    commands = _subcommands()
    assert set(commands) == {"extract", "ingest", "stats", "export", "evaluate", "control", "events", "serve"}
    for name, parser in commands.items():
        assert name in top.stdout and parser.description
        assert all(a.help for a in parser._actions), name


@pytest.mark.parametrize(("args", "fragments"), [
    ((), ("exit codes: 0 ok, 1 internal error, 2 bad input or usage, 130 interrupted",
          "claims, quotes and consistency findings")),
    (("extract",), ("docs/schema.md", "first lines (dateline", "relative dates stay unresolved", ".htm")),
    (("ingest",), ("*.htm",)),
])
def test_help_says_what_the_commands_do(args: tuple[str, ...], fragments: tuple[str, ...]) -> None:
    proc = run_cli(*args, "--help")
    text = " ".join(proc.stdout.split())  # argparse wraps lines
    assert proc.returncode == 0 and all(f in text for f in fragments), (fragments, text)


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _subcommands() if f"python -m dashboard {c}" not in readme]
    assert not missing, f"README.md does not show: {missing}"


def test_extract_prints_one_schema_object_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite"
    proc = run_cli("extract", SEED, "--published", "2021-07-04", "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert SCHEMA_KEYS <= set(report)
    assert report["report"] == {"title": SEED_META["title"], "published": "2021-07-04",
                                "sha256": hashlib.sha256(SEED_TEXT.encode()).hexdigest(),
                                "outlet": None, "url": None,  # set by ingest from the sidecar
                                "published_inferred": False, "published_precision": 1,
                                "published_source": "given", "published_needed": False}
    for place in report["places"]:
        assert SEED_TEXT[place["start"]:place["end"]] == place["mention"]
    assert not db.exists()


def test_extract_title_and_text_format() -> None:
    proc = run_cli("extract", SEED, "--title", "Given <title>", "--format", "text")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("title: Given <title>\npublished: 2021-07-04\n")
    for section in ("places (", "figures (", "dates (", "claims ("):
        assert section in proc.stdout


def test_ingest_stats_and_reingest(tmp_path: Path, db: str) -> None:
    articles = write_variants(tmp_path / "in", 3)
    first = run_cli("ingest", tmp_path / "in", "--published", "2021-07-05", "--db", db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count(": stored as report") == 3
    assert "3 of 3 articles ingested, 0 failed" in first.stdout
    assert "100%" in first.stderr  # the progress bar
    again = run_cli("ingest", *articles, SEED, db=db)  # via DASHBOARD_DB
    assert again.stdout.count("unchanged") == 3 and again.stdout.count(": stored as report") == 1
    stats = json.loads(run_cli("stats", "--format", "json", "--db", db).stdout)
    assert {"reports", "places", "figures", "claims"} <= set(stats) and stats["reports"] == 4
    assert "reports: 4" in run_cli("stats", db=db).stdout


def test_ingest_with_a_bad_file_stores_the_rest_and_exits_2(tmp_path: Path, db: str) -> None:
    good = write_variants(tmp_path, 2)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run_cli("ingest", good[0], empty, good[1], "--db", db, "--workers", "2")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")] == [
        f"error: {empty}: empty article: no text to extract from"]
    assert "2 of 3 articles ingested, 1 failed" in proc.stdout


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_to_stdout_and_file(tmp_path: Path, db: str, fmt: str) -> None:
    run_cli("ingest", SEED, db=db)
    out = tmp_path / f"events.{fmt}"
    to_stdout = run_cli("export", "--format", fmt, db=db)
    to_file = run_cli("export", "--format", fmt, "-o", out, db=db)
    assert to_stdout.returncode == to_file.returncode == 0
    assert to_stdout.stdout.encode() == out.read_bytes()
    head = out.read_text(encoding="utf-8")
    if fmt == "csv":
        assert head.startswith("event_date,time_precision,admin1,location,latitude,longitude,geo_precision,"
                               "source,notes")
    else:
        assert json.loads(head)["type"] == "FeatureCollection"


def test_export_gpkg(tmp_path: Path, db: str) -> None:
    out = tmp_path / "events.gpkg"
    proc = run_cli("export", "--format", "gpkg", "-o", out, db=db)
    assert proc.returncode == 0 and out.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize(("args", "fragment"), [
    (("extract", "SEED", "--published", "2021-13-01"), "YYYY-MM-DD"),
    (("extract", "SEED", "--published", "yesterday"), "YYYY-MM-DD"),
    (("ingest", "SEED", "--published", "04.07.2021"), "YYYY-MM-DD"),
    (("extract", "/no/such/file.txt"), "cannot read"),
    (("extract", "SEED", "--format", "xml"), "invalid choice"),
    (("export", "--format", "gpkg"), "give -o FILE"),
    (("export",), "--format"),
    (("frobnicate",), "invalid choice"),
    (("ingest", "SEED", "--workers", "0"), "1 or more"),
    (("ingest", "SEED", "--workers", "many"), "1 or more"),
    ((), "required"),
    (("stats", "--db", "/proc/no/db.sqlite"), "cannot open database"),
    (("export", "--format", "gpkg", "-o", "/nonexistent/x.gpkg"), "cannot write /nonexistent/x.gpkg: "),
    (("export", "--format", "gpkg", "-o", "TMP"), "cannot write TMP: Is a directory"),
    (("export", "--format", "csv", "-o", "TMP"), "cannot write TMP: Is a directory"),
    (("ingest", "TMP"), "no article files (*.txt, *.html, *.htm)"),
])
def test_usage_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], fragment: str) -> None:
    argv = [str(SEED) if a == "SEED" else str(tmp_path) if a == "TMP" else a for a in args]
    fragment = fragment.replace("TMP", str(tmp_path))
    assert_one_line_error(run_cli(*argv, db=tmp_path / "db.sqlite"), fragment)


@pytest.mark.parametrize(("fmt", "spelling"), [("csv", "as given"), ("gpkg", "relative"), ("geojson",
                                                                                           "symlink")])
def test_export_refuses_to_overwrite_its_database(tmp_path: Path, fmt: str, spelling: str) -> None:
    db = tmp_path / "db.sqlite"
    assert run_cli("ingest", SEED, db=db).returncode == 0
    conn = store.connect(db)
    before = store.counts(conn)
    conn.close()
    data = db.read_bytes()
    (tmp_path / "link.sqlite").symlink_to(db)
    out = {"as given": db, "relative": Path(os.path.relpath(db, ROOT)),
           "symlink": tmp_path / "link.sqlite"}[spelling]
    db_args = ("--db", db) if spelling == "symlink" else ()  # else the database comes from DASHBOARD_DB
    assert_one_line_error(run_cli("export", "--format", fmt, "-o", out, *db_args, db=db), "is the database")
    assert db.read_bytes() == data
    conn = store.connect(db)
    assert store.counts(conn) == before and before["reports"] == 1
    conn.close()


def test_extract_lists_reader_warnings_before_the_extractor_s(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text("<html><body><p>KABUL, July 4, 2021 - The Taliban seized Ishkashim on Saturday.</p>"
                    "</body></html>", encoding="utf-8")
    proc = run_cli("extract", page)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["report"]["published"] == "2021-07-04"
    warnings = report["warnings"]
    assert len(warnings) == 2 and "HTML" in warnings[0] and "read from the article's header" in warnings[1]


def test_a_closed_stdout_is_not_a_traceback() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "extract", str(SEED), "--format", "text"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # like `| head` exiting before the command writes
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and proc.returncode == 1


def test_corrupt_bundled_data_is_one_line_too(tmp_path: Path) -> None:
    """Not the user's fault, still no traceback: every data file replaced by garbage."""
    for item in settings.DATA_DIR.rglob("*"):
        if item.is_file():
            target = tmp_path / item.relative_to(settings.DATA_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"garbage\x00" * 64)
    proc = run_cli("extract", SEED, env={"DASHBOARD_DATA": str(tmp_path)})
    assert_one_line_error(proc, codes=(1, 2))
