"""Reading corpus files safely: size, binary and encoding checks with file and line."""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Iterator

from kg.errors import InputError

_SNIFF_BYTES = 8192


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_binary(path: Path):
    """Open a file for reading bytes, transparently un-gzipping ``.gz`` files."""
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rb")
        return open(path, "rb")
    except PermissionError:
        raise InputError(path, "cannot read the file (permission denied)") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror or error})") from None


def sniff(path: Path) -> str:
    """The first few KB of a file as text, after the checks every reader needs."""
    with open_binary(path) as handle:
        try:
            head = handle.read(_SNIFF_BYTES)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise InputError(path, f"cannot read the file ({error})") from None
    if not head.strip():
        raise InputError(path, "the file is empty")
    if b"\0" in head:
        raise InputError(path, "looks like a binary file, not UTF-8 text")
    # Cut at the last newline so a multi-byte character is never split.
    cut = head.rfind(b"\n")
    sample = head if cut < 0 or len(head) < _SNIFF_BYTES else head[: cut + 1]
    try:
        return sample.decode("utf-8")
    except UnicodeDecodeError as error:
        line = sample[: error.start].count(b"\n") + 1
        raise InputError(path, "is not UTF-8 text", line=line) from None


def read_text(path: Path) -> str:
    """A whole (small) file as text; empty, binary and non-UTF-8 files are errors."""
    sniff(path)
    with open_binary(path) as handle:
        data = handle.read()
    if b"\0" in data:
        raise InputError(path, "looks like a binary file, not UTF-8 text", line=data[: data.index(b"\0")].count(b"\n") + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, "is not UTF-8 text", line=data[: error.start].count(b"\n") + 1) from None
    return text.replace("\r\n", "\n").lstrip("\ufeff")


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Stream (line number, text) from a possibly huge, possibly gzipped file."""
    sniff(path)
    with open_binary(path) as handle:
        number = 0
        try:
            for number, raw in enumerate(handle, start=1):
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise InputError(path, "is not UTF-8 text", line=number) from None
        except (EOFError, gzip.BadGzipFile, OSError) as error:
            raise InputError(path, f"the compressed file is truncated or damaged ({error})", line=number + 1) from None
