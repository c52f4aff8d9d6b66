"""Corpus readers, one module per format, each yielding plain records.

A file's format is detected from its content (``detect(head)`` of each reader,
in order); ``--format`` forces one.

>>> detect_format(Path("corpus/prompts/face_parsing_makeup.txt"))
'prompt'
>>> [name for name, _ in FORMATS]
['prompt', 'paper-qa', 'daily-papers', 'arxiv-jsonl']
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import EmptyCorpus, MissingPath, UnknownFormat
from kg.ingest import arxiv_jsonl, daily_papers, paper_qa, prompts
from kg.ingest.source import sniff

FORMATS = (
    (prompts.FORMAT, prompts),
    (paper_qa.FORMAT, paper_qa),
    (daily_papers.FORMAT, daily_papers),
    (arxiv_jsonl.FORMAT, arxiv_jsonl),
)
READERS = dict(FORMATS)
FORMAT_NAMES = tuple(READERS)


def detect_format(path: Path) -> str:
    """The name of the format of `path`, read from its first few KB."""
    head = sniff(path)
    for name, reader in FORMATS:
        if reader.detect(head):
            return name
    lines = head.splitlines()
    number = next((index for index, line in enumerate(lines, 1) if line.strip()), 1)
    if lines and lines[number - 1].lstrip().startswith("{"):  # JSON lines that do not parse: say where
        try:
            json.loads(lines[number - 1])
        except ValueError as error:
            raise UnknownFormat(path, f"the first record is not valid JSON ({getattr(error, 'msg', error)}); "
                                      "JSON lines need one whole JSON object a line", line=number) from None
    raise UnknownFormat(path, f"not a known corpus format (known: {', '.join(FORMAT_NAMES)})")


@dataclass(frozen=True)
class CorpusFile:
    """A file to ingest, the path it is recorded by (:func:`recorded_path`), and, for a file found in a folder,
    that folder (resolved)."""

    path: Path
    relative: str
    explicit: bool
    root: str | None = None  # the folder given (resolved) that the file was found in


def collect_files(paths, *, known_folders=()) -> tuple[list[CorpusFile], list[str]]:
    """Expand folders (recursively, sorted, hidden entries skipped) into files to read, and list the folders given
    that are gone or empty but that `known_folders` (resolved paths of folders read before) hold or contain: their
    files are gone.

    A missing path or a folder that holds no file at all is otherwise an error (:class:`MissingPath`,
    :class:`EmptyCorpus`).
    """
    files, gone = [], []
    for given in paths:
        path = Path(given)
        folder = str(path.resolve())
        was_read = read_before(folder, known_folders)
        if not path.exists():
            if was_read:
                gone.append(folder)
                continue
            raise MissingPath(f"{given}: no such file or folder")
        if path.is_dir():
            before, folder = len(files), str(path.resolve())
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    full = Path(root) / name
                    files.append(CorpusFile(full, recorded_path(full), explicit=False, root=folder))
            if len(files) == before:
                if was_read:
                    gone.append(folder)
                    continue
                raise EmptyCorpus(f"no corpus files found in {given}")
        else:
            files.append(CorpusFile(path, recorded_path(path), explicit=True))
    return files, gone


def read_before(folder: str, known_folders) -> bool:
    """Whether kg read corpus files in `folder` (a resolved path) or below it before: `known_folders` are the
    folders files were found in."""
    return any(known == folder or known.startswith(folder + "/") for known in known_folders)


def recorded_path(path: Path) -> str:
    """A file is recorded relative to the embedded corpus or the user's corpus folder, else by its absolute path:
    the same file read from another working folder, or through a folder above it, is the same source, and two
    folders' files of the same name are two sources."""
    from kg.config import EMBEDDED_CORPUS, user_corpus_dir

    resolved = path.resolve()
    for root in (EMBEDDED_CORPUS.resolve(), user_corpus_dir().resolve()):
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()
