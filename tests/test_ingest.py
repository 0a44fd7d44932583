"""Ingest: files, sidecars, uploads, pasted text and batches into a real SQLite file."""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from dashboard import ingest, settings, store
from dashboard.errors import BadInput

SEED = settings.SEEDS_DIR / "ap_2021-07-04_badakhshan.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_META = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))


def variant_text(i: int) -> str:
    """The seed plus a unique desk-note line: a distinct article the extractor reads like the seed
    (a short line without closing punctuation is web furniture, masked before extraction)."""
    letters = "bcdfghjklmnpqrstvwxz"
    return f"{SEED_TEXT}\ndesk note {letters[i // 400 % 20]}{letters[i // 20 % 20]}{letters[i % 20]}\n"


def write_variants(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` distinct article files (``variant_text``), so the extractor has real work to do."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"article_{i:04d}.txt"
        path.write_text(variant_text(i), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def conn(db: str) -> sqlite3.Connection:
    c = store.connect(db)
    yield c
    c.close()


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("2021-07-04", "2021-07-04"),
                                                (date(2021, 7, 4), "2021-07-04")])
def test_parse_published_accepts(value: str | None, expected: str | None) -> None:
    assert ingest.parse_published(value) == expected


@pytest.mark.parametrize("value",
                         ["2021-13-01", "2021-02-30", "20210704", "July 4", "2021-7-4", 20210704, "2021",
                                   " 2021-07-04", "2021-07-04T00:00"])
def test_parse_published_refuses(value: object) -> None:
    with pytest.raises(BadInput, match="YYYY-MM-DD"):
        ingest.parse_published(value)


def test_read_article_takes_title_and_date_from_the_sidecar() -> None:
    text, title, published, warnings = ingest.read_article(SEED)
    assert (text, title, published, warnings) == (SEED_TEXT, SEED_META["title"], SEED_META["published"], ())
    assert ingest.read_article(SEED, "2021-07-05")[2] == "2021-07-05"


def test_read_article_converts_html(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><head><title>Head</title><script>var x=1;</script></head>"
                    "<body><p>Fighting near Kunduz.</p></body></html>", encoding="utf-8")
    text, _, _, warnings = ingest.read_article(page)
    assert "Fighting near Kunduz." in text and "var x" not in text
    assert any("HTML" in w for w in warnings)


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: d / "missing.txt", "cannot read"),
    (lambda d: d, "is a folder"),  # a directory is not an article
    (lambda d: _sized(d / "huge.txt", settings.MAX_ARTICLE_BYTES + 1), "over the limit"),
    (lambda d: _with_sidecar(d, '{"published": "yesterday"}'), "YYYY-MM-DD"),
    (lambda d: _with_sidecar(d, "[1, 2]"), "not a JSON object"),
    (lambda d: _with_sidecar(d, "{broken"), "cannot read the sidecar"),
])
def test_read_article_errors_are_bad_input(tmp_path: Path, setup, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        ingest.read_article(setup(tmp_path))


def _sized(path: Path, size: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: the size check must refuse it without reading it
    return path


def _with_sidecar(folder: Path, sidecar: str) -> Path:
    (folder / "a.json").write_text(sidecar, encoding="utf-8")
    (folder / "a.txt").write_text("Fighting near Kunduz.", encoding="utf-8")
    return folder / "a.txt"


def test_ingest_text_stores_once(conn: sqlite3.Connection) -> None:
    first = ingest.ingest_text(conn, SEED_TEXT, "2021-07-04", "Seed", source="pasted")
    assert first.error is None and first.created and first.title == "Seed"
    stored = store.counts(conn)
    assert first.counts == {k: stored[k] for k in ("places", "figures", "dates", "claims")}
    again = ingest.ingest_text(conn, SEED_TEXT, "2021-07-04", "Seed")
    assert (again.report_id, again.created, again.error) == (first.report_id, False, None)
    assert store.counts(conn) == stored
    assert store.report_text(conn, first.report_id) == SEED_TEXT


@pytest.mark.parametrize(("text", "published", "message"), [
    ("", None, "empty article"),
    (" \n\t ", None, "empty article"),
    ("Kunduz\x00fell", None, "NUL"),
    ("Kunduz fell.", "04/07/2021", "YYYY-MM-DD"),
    ("Kunduz fell. " * (settings.MAX_ARTICLE_BYTES // 13 + 1), None, "the limit is"),
], ids=["empty", "whitespace", "nul", "bad-date", "too-large"])
def test_ingest_text_reports_bad_input_and_keeps_what_is_stored(conn: sqlite3.Connection, text: str,
                                                                published: str | None, message: str) -> None:
    ingest.ingest_text(conn, SEED_TEXT)
    before = store.counts(conn)
    result = ingest.ingest_text(conn, text, published)
    assert result.report_id is None and message in result.error and "\n" not in result.error
    assert store.counts(conn) == before


@pytest.mark.parametrize(("data", "warning"), [
    (SEED_TEXT.encode("utf-16"), None),
    (SEED_TEXT.replace("’", "'").replace("“", '"').replace("”",
                                                           '"').encode("utf-8") + "café".encode("latin-1"),
     "Windows-1252"),
    (("<html><body><p>" + SEED_TEXT.replace("\n\n", "</p><p>") + "</p></body></html>").encode(), "HTML"),
])
def test_ingest_bytes_decodes_uploads(conn: sqlite3.Connection, data: bytes, warning: str | None) -> None:
    result = ingest.ingest_bytes(conn, data, "../../etc/passwd", "2021-07-04")
    assert result.error is None and result.created
    assert result.path_or_name == "../../etc/passwd"
    assert store.reports(conn)[0]["source"] == "../../etc/passwd"  # a label, never opened
    assert "Badakhshan" in store.report_text(conn, result.report_id)
    loaded = store.load_report(conn, result.report_id)
    assert any(warning in w for w in loaded.warnings) if warning else loaded.warnings == ()


def test_reader_warnings_come_before_the_extractor_s(conn: sqlite3.Connection) -> None:
    page = b"<html><body><p>KABUL, July 4, 2021 - The Taliban seized Ishkashim on Saturday.</p></body></html>"
    result = ingest.ingest_bytes(conn, page, "page.htm")
    loaded = store.load_report(conn, result.report_id)
    assert loaded.report.published == "2021-07-04"
    assert len(loaded.warnings) == 2 and "HTML" in loaded.warnings[0]
    assert loaded.warnings[1] == "publication date 2021-07-04 read from the article's header"


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_paths_reports_per_file_errors_in_order(tmp_path: Path, db: str, workers: int) -> None:
    good = write_variants(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_text("   ")
    paths = [good[0], tmp_path / "in" / "empty.txt", tmp_path / "nope.txt", *good[1:]]
    results = ingest.ingest_paths(db, paths, "2021-07-04", workers=workers)
    assert [r.path_or_name for r in results] == [str(p) for p in paths]
    assert [r.error is None for r in results] == [True, False, False, True, True, True]
    assert "empty article" in results[1].error and "cannot read" in results[2].error
    again = ingest.ingest_paths(db, [tmp_path / "in"], workers=workers)  # a directory expands to its files
    assert len(again) == 5 and not any(r.created for r in again)
    conn = store.connect(db)
    assert store.counts(conn)["reports"] == 4
    assert {r["published"] for r in store.reports(conn)} == {"2021-07-04"}


def test_ingest_seeds_is_idempotent(conn: sqlite3.Connection) -> None:
    seeds = sorted(settings.SEEDS_DIR.glob("*.txt"))
    first = ingest.ingest_seeds(conn)
    assert [r.error for r in first] == [None] * len(seeds) and all(r.created for r in first)
    assert not any(r.created for r in ingest.ingest_seeds(conn))
    assert store.counts(conn)["reports"] == len(seeds)
    assert {(r["title"], r["published"]) for r in store.reports(conn)} >= {(SEED_META["title"],
                                                                            SEED_META["published"])}


def test_a_stored_text_is_not_extracted_again(conn: sqlite3.Connection,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first = ingest.ingest_text(conn, SEED_TEXT, "2021-07-04", "Seed")

    def must_not_run(*args: object) -> None:
        raise AssertionError("extract() ran for a stored article")

    monkeypatch.setattr(ingest, "extract", must_not_run)
    again = ingest.ingest_text(conn, SEED_TEXT, "2021-07-04", "Other title")
    assert again == dataclasses.replace(first, created=False)
    assert ingest.ingest_text(conn, SEED_TEXT + " ").error.startswith("internal error: AssertionError")


@pytest.mark.parametrize(("n", "workers"), [(1, 2), (5, 2), (31, 2), (1000, 2), (1000, 1), (7, 8)])
def test_chunks_cover_every_file_once_in_order(n, workers):
    chunks = ingest._chunks(n, workers)
    assert [i for c in chunks for i in c] == list(range(n))
    assert all(1 <= len(c) <= ingest.MAX_CHUNK for c in chunks)
    assert len(chunks) >= min(n, workers * 4)  # enough tasks that the workers end together
    assert len(chunks[-1]) == 1 and all(len(a) >= len(b) for a, b in zip(chunks, chunks[1:]))  # shrinking


def _articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"a{i:03d}.txt"
        path.write_text(f"Report {i}: fighting was reported near Kunduz on Sunday, officials said.",
                        encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_name_that_is_not_utf8_is_a_label(tmp_path: Path, db: str, workers: int) -> None:
    """One such name aborted a whole batch (issue 19): the article is stored, the name escaped."""
    folder = tmp_path / "batch"
    _articles(folder, 3)
    odd = Path(os.fsdecode(bytes(folder) + b"/caf\xe9 \x1b[31m.txt"))
    odd.write_text("Government forces retook Taloqan in Takhar province on Monday.", encoding="utf-8")
    results = ingest.ingest_paths(db, [folder], workers=workers)
    assert [r.error for r in results] == [None] * 4
    assert "caf\\xe9 \\x1b[31m.txt" in {Path(r.path_or_name).name for r in results}
    conn = store.connect(db)
    assert store.counts(conn)["reports"] == 4
    conn.close()


def test_a_worker_that_dies_is_replaced_and_only_its_article_fails(tmp_path: Path, db: str,
                                                                     monkeypatch) -> None:
    """A dead worker failed every file left in its pool ("BrokenProcessPool", issue 19)."""
    real = ingest.extract

    def extract_or_die(text, *args, **kwargs):
        if "KILLS THE WORKER" in text:
            os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does
        return real(text, *args, **kwargs)

    monkeypatch.setattr(ingest, "extract", extract_or_die)  # forked workers inherit it
    paths = _articles(tmp_path / "batch", 40)
    paths[17].write_text("This text KILLS THE WORKER near Kunduz.", encoding="utf-8")
    results = ingest.ingest_paths(db, paths, workers=2)
    failed = [r for r in results if r.error]
    assert [r.path_or_name for r in results] == [str(p) for p in paths]
    assert [r.path_or_name for r in failed] == [str(paths[17])]
    assert "died while reading this article" in failed[0].error
    conn = store.connect(db)
    assert store.counts(conn)["reports"] == 39
    conn.close()


def test_a_deeply_nested_sidecar_is_one_error(tmp_path: Path) -> None:
    article = _with_sidecar(tmp_path, "[" * 100_000)
    with pytest.raises(BadInput, match="nested too deeply|over the limit"):
        ingest.read_article(article)
    (tmp_path / "a.json").write_text('{"title": ' + "[" * 30_000 + "]" * 30_000 + "}", encoding="utf-8")
    with pytest.raises(BadInput, match="nested too deeply"):
        ingest.read_article(article)
