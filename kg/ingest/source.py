"""Reading corpus files safely: file kind, size, binary and encoding checks with file and line.

Every byte kg reads from a corpus file comes through :func:`open_binary`, which
refuses anything but a regular file (a FIFO would block forever), and every
text is decoded by :func:`decode_text`, which names the file and line it fails at.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import zlib
from pathlib import Path
from typing import Iterator

from kg.errors import BinaryFile, InputError

_SNIFF_BYTES = 8192
# Format detection reads whole first records (a JSON line with a long author list can be
# far over 8 KB); this caps how much of one unbroken line it reads.
_MAX_FIRST_RECORD = 64 << 20
_BROKEN_STREAM = (EOFError, gzip.BadGzipFile, zlib.error, OSError)


class DamagedFile(InputError):
    """A file that breaks off part way (a truncated or damaged .gz): the records before it are sound."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open_binary(path, decompress=False) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_binary(path: Path, *, decompress: bool = True):
    """Open a regular file for reading bytes, transparently un-gzipping ``.gz`` files.

    Opened without blocking, so a named pipe is refused instead of waiting for a writer.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except PermissionError:
        raise InputError(path, "cannot read the file (permission denied)") from None
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror or error})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InputError(path, "is a folder, not a file")
        raise InputError(path, "not a regular file (a named pipe, socket or device); kg reads only regular files")
    os.set_blocking(fd, True)
    raw = os.fdopen(fd, "rb")
    if decompress and path.suffix == ".gz":
        compressed = gzip.GzipFile(fileobj=raw, mode="rb")
        compressed.myfileobj = raw  # closed with it
        return compressed
    return raw


#: the first bytes of files that are no text: PNG, JPEG, GIF, TIFF, PDF, ZIP (and Office files), 7z, and gzip
#: (found inside a .gz)
_BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"%PDF", b"PK\x03\x04",
                      b"7z\xbc\xaf", b"\x1f\x8b")


def _is_binary_file(data: bytes) -> bool:
    """An image, a PDF or an archive: a signature above, a BMP ("BM", then zero reserved bytes), a RIFF file (WebP,
    WAV, AVI) or a tar archive ("ustar" at byte 257)."""
    return data.startswith(_BINARY_SIGNATURES) or data[:2] == b"BM" and data[6:10] == b"\0\0\0\0" \
        or data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI ") or data[257:262] == b"ustar"


def decode_text(data: bytes, path, *, first_line: int = 1) -> str:
    """`data` decoded as UTF-8 (a BOM dropped); UTF-16, binary and other encodings are one clear error.

    >>> decode_text("café".encode(), "a.txt")
    'café'
    >>> decode_text("café".encode("latin-1"), "a.txt")
    Traceback (most recent call last):
    kg.errors.InputError: a.txt:1: is not UTF-8 text (byte 0xe9; Latin-1 or Windows-1252?) — save it as UTF-8
    """
    if _is_binary_file(data):  # an image, a PDF, an archive: no corpus file
        raise BinaryFile(path, "is an image, PDF or archive, not a corpus file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise InputError(path, "is UTF-16 text; save it as UTF-8")
    if b"\0" in data:  # a corpus file broken by binary bytes
        raise InputError(path, "looks like a binary file, not UTF-8 text")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        line = first_line + data[: error.start].count(b"\n")
        raise InputError(path, f"is not UTF-8 text (byte 0x{data[error.start]:02x}; Latin-1 or Windows-1252?) "
                               "— save it as UTF-8", line=line) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: mostly ASCII text leaves every other byte zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    for zeros in (sample[1::2], sample[0::2]):
        if zeros.count(0) >= 0.9 * len(zeros):
            return True
    return False


def sniff(path: Path) -> str:
    """The first few KB of a file as text — at least its whole first line — after the checks every reader needs."""
    with open_binary(path) as handle:
        try:
            head = handle.read(_SNIFF_BYTES)
            complete = len(head) < _SNIFF_BYTES
            if not complete and b"\0" not in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                head += handle.readline(_MAX_FIRST_RECORD)
        except _BROKEN_STREAM as error:
            raise InputError(path, f"cannot read the file ({error})") from None
    if not head.strip():
        raise InputError(path, "the file is empty")
    # Cut at the last newline so a multi-byte character is never split.
    cut = head.rfind(b"\n")
    sample = head if cut < 0 or complete else head[: cut + 1]
    return decode_text(sample, path)


def read_text(path: Path) -> str:
    """A whole (small) file as text; empty, binary and non-UTF-8 files are errors."""
    sniff(path)
    with open_binary(path) as handle:
        try:
            data = handle.read()
        except _BROKEN_STREAM as error:
            raise DamagedFile(path, f"the compressed file is truncated or damaged ({error})") from None
    return decode_text(data, path).replace("\r\n", "\n")


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Stream (line number, text) from a possibly huge, possibly gzipped file.

    A compressed file that breaks off raises :class:`DamagedFile` naming the record
    where it broke, after every whole line before it was yielded.
    """
    sniff(path)
    with open_binary(path) as handle:
        number = 0
        try:
            for number, raw in enumerate(handle, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = decode_text(raw, path, first_line=number)  # raises, naming the line
                yield number, text.removeprefix("\ufeff") if number == 1 else text  # a UTF-8 byte-order mark
        except _BROKEN_STREAM as error:
            raise DamagedFile(path, f"the compressed file is truncated or damaged at record {number + 1} "
                                    f"({error}); the {number} line(s) before it are whole", line=number + 1) from None


def json_object(line: str, path, number: int) -> dict:
    """The JSON object on line `number` of `path`; else :class:`InputError` saying what is wrong and where.

    >>> json_object('{"id": "1"', "x.jsonl", 3)
    Traceback (most recent call last):
    kg.errors.InputError: x.jsonl:3: not a complete JSON object (Expecting ',' delimiter at column 11)
    """
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(path, f"not a complete JSON object ({error.msg.removesuffix(' at')} at column {error.colno})",
                         line=number) from None
    if not isinstance(value, dict):
        raise InputError(path, f"expected a JSON object, not {type(value).__name__}", line=number)
    return value
