"""Measuring kg against annotated data: one module per kind of annotation."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def numbered_lines(path) -> Iterator[tuple[int, str]]:
    """(1-based number, line without its ending) of an annotation file, read as every corpus file is
    (:func:`kg.ingest.source.iter_lines`: a missing, empty, binary or non-UTF-8 file is an
    :class:`kg.errors.InputError` that names it, and the line).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl"); _ = open(path, "w").write('{"a": 1}\\r\\n\\n{}')
    >>> list(numbered_lines(path))
    [(1, '{"a": 1}'), (2, ''), (3, '{}')]
    """
    from kg.ingest.source import iter_lines

    return ((number, line.rstrip("\r\n")) for number, line in iter_lines(Path(path)))
