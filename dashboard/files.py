"""Article files: which paths may be read, how much of them, and how a file name is shown.

Only regular files are read, with the size limit enforced while reading (a device, a FIFO or a
file that grows never costs more than the limit), and a link is followed only to a regular file
outside the kernel's pseudo-filesystems (``/proc/self/status`` is "regular" but no article).
File names are not content: they are shown with control characters escaped (issue 19).
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import BadInput

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SIDECAR_MAX_BYTES = 64 * 1024  # title and date only
_PSEUDO_ROOTS = ("/proc/", "/sys/", "/dev/")
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def shown(name: object) -> str:
    """A file name (or any text) safe to print on one line: bytes that are not UTF-8 as ``\\xNN``,
    control and other invisible characters (ANSI escapes, bidi overrides) as ``\\uNNNN``."""
    text = os.fsdecode(name) if isinstance(name, (bytes, os.PathLike)) else str(name)
    text = os.fsencode(text).decode("utf-8", "backslashreplace") if _has_surrogates(text) else text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _escaped(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _kind(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_capped(path: Path, limit: int, what: str = "article") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, counted while reading."""
    try:
        # O_NONBLOCK: opening a FIFO returns at once (then refused) instead of waiting for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        msg = f"cannot read {shown(path)}: {exc.strerror or exc}"
        raise BadInput(msg) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        real = _opened_path(fd)
        if kind is None and real.startswith(_PSEUDO_ROOTS):
            kind = "a system file"
        if kind is not None:
            msg = f"{shown(path)} is {kind}, not an {what} file"
            raise BadInput(msg)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 16, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                msg = f"{shown(path)} is over the limit for an {what}: the limit is {limit:,} bytes"
                raise BadInput(msg)
        return b"".join(chunks)
    except OSError as exc:
        msg = f"cannot read {shown(path)}: {exc.strerror or exc}"
        raise BadInput(msg) from None
    finally:
        os.close(fd)


def _opened_path(fd: int) -> str:
    """Where an open file really is (links resolved, no race with a renamed link)."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


@dataclass(frozen=True)
class Scan:
    """Article files found in the given paths, and the entries left out with the reason."""

    files: list[Path]
    skipped: list[tuple[Path, str]]


def scan(paths: Iterable[Path]) -> Scan:
    """Files as given; folders replaced by their article files (*.txt, *.html, *.htm), sorted. In a
    folder, an entry that is a link loop, a FIFO, a device or a link to anything but a regular file
    is skipped with its reason; a folder that cannot be listed is an error."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if not p.is_dir():
            files.append(p)
            continue
        try:
            entries = sorted(p.iterdir())
        except OSError as exc:
            msg = f"cannot read the folder {shown(p)}: {exc.strerror or exc}"
            raise BadInput(msg) from None
        for entry in entries:
            if entry.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            reason = _entry_problem(entry)
            if reason is None:
                files.append(entry)
            else:
                skipped.append((entry, reason))
    return Scan(files, skipped)


def _entry_problem(entry: Path) -> str | None:
    """Why a folder entry named like an article is not read, or None."""
    try:
        mode = entry.stat().st_mode  # follows links
    except OSError as exc:
        return "a link that loops" if exc.errno == errno.ELOOP else f"unreadable: {exc.strerror or exc}"
    kind = _kind(mode)
    if kind is not None:
        return f"{'a link to ' if entry.is_symlink() else ''}{kind}"
    if entry.is_symlink() and os.path.realpath(entry).startswith(_PSEUDO_ROOTS):
        return "a link to a system file"
    return None
