"""Reader for saved daily-papers listings: a page header, then title / abstract pairs.

>>> from pathlib import Path
>>> papers = list(read(Path("corpus/papers/hf_daily_papers_faces.txt"), "papers/hf_daily_papers_faces.txt", "0" * 64))
>>> len(papers), papers[0].title
(65, 'Facial Geometric Detail Recovery via Implicit Representation')
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.ingest.source import read_text
from kg.records import Paper, SourceRef
from kg.text import clean_text

FORMAT = "daily-papers"
_HEADER_MARK = "daily papers"
_HEADER_LINES = {
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community",
}
_DATE_LINE = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?|\d{4}-\d{2}-\d{2})$")
# A title is one line; an abstract paragraph is much longer and ends like a sentence.
_MAX_TITLE_CHARS = 400


def detect(head: str) -> bool:
    """A listing names itself "Daily Papers" among its first lines."""
    lines = [line.strip().lower() for line in head.splitlines()[:20] if line.strip()]
    return _HEADER_MARK in lines


def read(path: Path, relative: str, sha256: str) -> Iterator[Paper]:
    lines = read_text(path).split("\n")
    blocks = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
    position = _skip_header(blocks)
    body = blocks[position:]
    for index in range(0, len(body), 2):
        line, title = body[index]
        if index + 1 >= len(body):
            raise InputError(path, f"title {title[:60]!r} has no abstract after it", line=line)
        abstract_line, abstract = body[index + 1]
        if len(title) > _MAX_TITLE_CHARS:
            raise InputError(path, "expected a title line here, found a paragraph", line=line)
        if len(abstract) <= len(title):
            raise InputError(path, f"expected the abstract of {title[:60]!r}, found a short line", line=abstract_line)
        yield Paper(
            title=clean_text(title),
            abstract=clean_text(abstract),
            raw_title=title,
            raw_abstract=abstract,
            source=SourceRef(relative, sha256, line),
        )


def _skip_header(blocks: list[tuple[int, str]]) -> int:
    """Index of the first title: after the header's known lines and its date line."""
    position = 0
    while position < len(blocks) and position < 12:
        text = blocks[position][1]
        if text.lower() in _HEADER_LINES or _DATE_LINE.match(text):
            position += 1
            continue
        break
    return position
