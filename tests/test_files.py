"""Which files are read and how much of them; how file names are shown (issue 19)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dashboard.errors import BadInput
from dashboard.files import read_capped, scan, shown


@pytest.mark.parametrize(("path", "kind"), [
    ("/dev/zero", "a character device"), ("/dev/urandom", "a character device"),
    ("/dev/null", "a character device"),
])
def test_devices_are_refused_without_reading(path, kind):
    started = time.monotonic()
    with pytest.raises(BadInput, match=kind):
        read_capped(Path(path), 1024)
    assert time.monotonic() - started < 1


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(BadInput, match="FIFO"):
        read_capped(fifo, 1024)  # no writer: a blocking open would wait for ever
    assert time.monotonic() - started < 1


def test_the_limit_is_counted_while_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(10_000_000)  # sparse
    with pytest.raises(BadInput, match="over the limit for an article"):
        read_capped(big, 1000)
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"x" * 1000)
    assert read_capped(exact, 1000) == b"x" * 1000


def test_links_are_followed_only_to_regular_files(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("Fighting in Kunduz.")
    (tmp_path / "good.txt").symlink_to(target)
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    assert read_capped(tmp_path / "good.txt", 1000) == b"Fighting in Kunduz."
    with pytest.raises(BadInput, match="a system file"):
        read_capped(tmp_path / "status.txt", 1000)


def test_a_folder_scan_lists_what_it_skips_and_why(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting in Kunduz.")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "null.txt").symlink_to("/dev/null")
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    (tmp_path / "folder.html").mkdir()
    found = scan([tmp_path])
    assert found.files == [tmp_path / "a.txt"]
    assert dict((p.name, reason) for p, reason in found.skipped) == {
        "loop.txt": "a link that loops", "fifo.txt": "a FIFO (named pipe)",
        "null.txt": "a link to a character device",
        "status.txt": "a link to a system file", "folder.html": "a folder"}


def test_an_unlistable_folder_is_one_error(tmp_path, monkeypatch):
    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(BadInput, match="cannot read the folder .*: Permission denied"):
        scan([tmp_path])


@pytest.mark.parametrize(("name", "expected"), [
    ("plain name.txt", "plain name.txt"),
    (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),  # not UTF-8: the byte, escaped
    ("red\x1b[31mtext.txt", "red\\x1b[31mtext.txt"),  # an ANSI escape never reaches the terminal
    ("evil\u202etxt.exe", "evil\\u202etxt.exe"),  # a bidi override
    ("line\nbreak", "line\\x0abreak"),
    ("Kunduz – كندز", "Kunduz – كندز"),
])
def test_names_are_shown_on_one_safe_line(name, expected):
    assert shown(name) == expected
    assert shown(shown(name)) == shown(name)
    shown(name).encode("utf-8")  # printable anywhere
