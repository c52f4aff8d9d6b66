"""Reader for arXiv metadata JSON lines (the Kaggle snapshot layout), streamed.

A multi-GB snapshot never sits in memory: records are parsed one line at a time.

>>> from pathlib import Path
>>> papers = read(Path("../shared/data/arxiv_snapshot_format_head.jsonl"), "head.jsonl", "0" * 64)
>>> next(papers).arxiv_id  # doctest: +SKIP
'0704.0001'
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from kg.errors import InputError
from kg.ingest.source import iter_lines, json_object
from kg.records import Paper, SourceRef
from kg.text import clean_text, strip_version

FORMAT = "arxiv-jsonl"


@dataclass(frozen=True)
class SnapshotFilter:
    """Which snapshot records to keep: categories (prefix match), a first date, a maximum."""

    categories: tuple[str, ...] = ()
    since: str | None = None
    limit: int | None = None

    def describe(self) -> str:
        """The filters as JSON, recorded with the records they kept (another selection reads the file again).

        >>> SnapshotFilter(("cs.CV",), "2024-01-01").describe()
        '{"categories": ["cs.CV"], "since": "2024-01-01", "limit": null}'
        """
        return json.dumps({"categories": sorted(set(self.categories)), "since": self.since, "limit": self.limit})

    def keeps(self, record: dict) -> bool:
        if self.categories:
            listed = (record.get("categories") or "").split()
            if not any(c == want or c.startswith(want + ".") for c in listed for want in self.categories):
                return False
        if self.since and (record_date(record) or "") < self.since:
            return False
        return True


def detect(head: str) -> bool:
    first = next((line for line in head.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return '"abstract"' in first and '"id"' in first
    return isinstance(record, dict) and "id" in record and ("abstract" in record or "title" in record)


def read(path: Path, relative: str, sha256: str, keep: SnapshotFilter | None = None,
         on_error: Callable[[InputError], None] | None = None) -> Iterator[Paper]:
    """The papers of a snapshot file, one line at a time.

    A bad line raises :class:`InputError`, or, when `on_error` is given, is passed to
    it and skipped (records are independent lines, so the rest of the file is sound).
    """
    keep = keep or SnapshotFilter()
    kept = 0
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        try:
            record = _record(path, number, line)
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)
            continue
        if not keep.keeps(record):
            continue
        yield _paper(record, SourceRef(relative, sha256, number))
        kept += 1
        if keep.limit is not None and kept >= keep.limit:
            return


#: the snapshot's fields kg reads, each a string (or null) in every record
TEXT_FIELDS = ("id", "title", "abstract", "authors", "categories", "update_date")


def _record(path: Path, number: int, line: str) -> dict:
    """The JSON object of one snapshot line, its fields of the types kg reads; else :class:`InputError`.

    >>> _record(Path("x.jsonl"), 4, '{"id": "1234.5678", "title": "T", "abstract": 42}')
    Traceback (most recent call last):
    kg.errors.InputError: x.jsonl:4: 'abstract' must be text (a JSON string), not int
    """
    record = json_object(line, path, number)
    for name in TEXT_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(path, f"'{name}' must be text (a JSON string), not {type(record[name]).__name__}", line=number)
    versions = record.get("versions")
    if versions is not None and not (isinstance(versions, list) and all(
            isinstance(version, dict) and isinstance(version.get("created") or "", str) for version in versions)):
        raise InputError(path, "'versions' must be a list of {\"version\", \"created\"} objects with text values", line=number)
    if not record.get("id") or not (record.get("title") or "").strip():
        raise InputError(path, "a record needs at least an 'id' and a 'title'", line=number)
    return record


def record_date(record: dict) -> str | None:
    """The record's first-version date (YYYY-MM-DD) when given, else its update date."""
    versions = record.get("versions") or []
    if versions and isinstance(versions[0], dict) and versions[0].get("created"):
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(versions[0]["created"]).date().isoformat()
        except (TypeError, ValueError):
            pass
    return record.get("update_date")


def _paper(record: dict, source: SourceRef) -> Paper:
    raw_title = record.get("title") or ""
    raw_abstract = record.get("abstract") or ""
    return Paper(
        title=clean_text(raw_title),
        abstract=clean_text(raw_abstract),
        raw_title=raw_title,
        raw_abstract=raw_abstract,
        arxiv_id=strip_version(str(record["id"])),
        authors=clean_text(record.get("authors") or "") or None,
        categories=record.get("categories") or None,
        published=record_date(record),
        source=source,
    )
