"""Reader for paper Q&A notes: ``# [title](https://arxiv.org/abs/id)`` then ``##`` sections.

>>> from pathlib import Path
>>> [paper] = read(Path("corpus/paper_qa/hiface_2303.11225.md"), "paper_qa/hiface_2303.11225.md", "0" * 64)
>>> paper.arxiv_id, len(paper.sections) > 10
('2303.11225', True)
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.ingest.source import read_text
from kg.records import Paper, Section, SourceRef
from kg.text import arxiv_id_from_url, clean_markdown, clean_text

FORMAT = "paper-qa"
_HEADING = re.compile(r"^#\s+\[(?P<title>.+)\]\((?P<url>[^)\s]+)\)\s*$")


def detect(head: str) -> bool:
    for line in head.splitlines():
        if line.strip():
            return bool(_HEADING.match(line.strip()))
    return False


def read(path: Path, relative: str, sha256: str) -> Iterator[Paper]:
    lines = read_text(path).split("\n")
    heading_line = next((n for n, line in enumerate(lines, start=1) if line.strip()), None)
    match = _HEADING.match(lines[heading_line - 1].strip()) if heading_line else None
    if not match:
        raise InputError(path, "expected a heading '# [title](https://arxiv.org/abs/ID)'", line=heading_line or 1)
    url = match.group("url")
    paper = Paper(
        title=clean_text(match.group("title")),
        abstract="",
        raw_title=match.group("title"),
        arxiv_id=arxiv_id_from_url(url),
        url=url,
        source=SourceRef(relative, sha256, heading_line),
    )
    current: tuple[int, str] | None = None
    body: list[str] = []
    for number, line in enumerate(lines[heading_line:], start=heading_line + 1):
        if line.startswith("## "):
            _close(paper, current, body)
            current, body = (number, line[3:].strip()), []
        elif current is not None:
            body.append(line)
    _close(paper, current, body)
    yield paper


def _close(paper: Paper, current, body: list[str]) -> None:
    if current is None:
        return
    raw = "\n".join(body).strip()
    if raw:
        line, heading = current
        paper.sections.append(Section(heading=heading, text=clean_markdown(raw).text, raw_text=raw, line=line))
