"""Writing output files safely: checked before any work, written whole or not at all.

Every file kg writes for a user (HTML pages, exports, reports) goes through
:func:`check_target` before the work starts and :func:`atomic_path` when written:

- the folder must exist (kg never creates folders a user did not ask for);
- an existing file is replaced only when it is kg's own output (see `ours`) or
  with ``--force``; an SQLite database — the open knowledge base or any other —
  is never overwritten, not even with ``--force``;
- the file is written to a hidden temporary file beside it and renamed into
  place, so a failure or Ctrl-C leaves the old file (or nothing), never half a file.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "page.html"
>>> with atomic_path(check_target(target)) as temp:
...     _ = temp.write_text("<html></html>")
>>> target.read_text()
'<html></html>'
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable

from kg.errors import OutputExists, OutputNotWritable

_SQLITE_HEADER = b"SQLite format 3\0"


def check_target(path, *, force: bool = False, ours: Callable[[Path], bool] | None = None) -> Path:
    """Refuse `path` as an output before any work is done; return it as a Path.

    `ours(path)` says whether an existing file is kg's own output, which may be
    replaced without `force`.
    """
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        why = "is not a folder" if parent.exists() else "does not exist (kg does not create folders)"
        raise OutputNotWritable(f"cannot write {path}: folder {parent} {why}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputNotWritable(f"cannot write {path}: folder {parent} is not writable")
    if path.is_dir():
        raise OutputExists(f"{path} is a folder — give a file name")
    if path.exists() or path.is_symlink():
        if is_sqlite(path):
            raise OutputExists(f"{path} is an SQLite database: kg never writes output over a database")
        if not path.is_file():
            raise OutputExists(f"{path} exists and is not a regular file")
        if not force and not (ours and ours(path)):
            mine = " (it is not kg's output)" if ours else ""
            raise OutputExists(f"{path} already exists{mine} — use --force to overwrite it")
    return path


def is_sqlite(path: Path) -> bool:
    """True when `path` starts with SQLite's file header."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def starts_with(path: Path, marker: bytes, *, within: int = 4096) -> bool:
    """True when `marker` occurs in the first `within` bytes of `path` (how kg recognises its own output)."""
    try:
        with open(path, "rb") as handle:
            return marker in handle.read(within)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_path(path):
    """Yield a hidden temporary path beside `path`; rename it over `path` if the block succeeds, else remove it."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputNotWritable(f"cannot write {path}: {error.strerror or error}") from None
    os.close(fd)
    temp = Path(temp)
    try:
        yield temp
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text(path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically; return the path."""
    with atomic_path(path) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(path)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, else what a plain open() would give (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
