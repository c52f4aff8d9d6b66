"""Curated vocabulary of tasks, datasets, metrics and methods.

The NLP pass uses these lists to recognise what a paper is about. The data
lives in JSON-lines files in the ``vocab`` folder beside this module (see
``vocab/README.md`` for the format). This module is pure Python: it only
reads and checks the files.

>>> vocab = load_vocabulary()
>>> task = vocab.task("face parsing")
>>> "semantic segmentation" in task.parents
True
>>> vocab.task("facial part segmentation").name
'face parsing'
>>> "segmentation" in vocab.ancestors("face parsing")
True
>>> vocab.method("3DMM").kind
'representation'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from kg.errors import VocabularyError

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"

TASK_DOMAINS = frozenset(
    {"vision", "graphics", "nlp", "speech", "ml", "robotics", "medical", "multimodal", "biometrics"}
)
METHOD_KINDS = frozenset({"architecture", "representation", "model", "technique", "framework"})


@dataclass(frozen=True)
class TaskEntry:
    """A research task, e.g. ``face parsing``; ``parents`` name broader tasks."""

    name: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...]
    parents: tuple[str, ...]
    definition: str
    input: str
    output: str
    domain: str

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name, aliases and abbreviations, in that order."""
        return (self.name, *self.aliases, *self.abbreviations)


@dataclass(frozen=True)
class DatasetEntry:
    """A well-known dataset or benchmark and the tasks it is used for."""

    name: str
    aliases: tuple[str, ...]
    tasks: tuple[str, ...]
    definition: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class MetricEntry:
    """An evaluation metric, e.g. ``PSNR``."""

    name: str
    aliases: tuple[str, ...]
    definition: str
    lower_is_better: bool = False  # FID, error rates, latency: a smaller value is a better result

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class MethodEntry:
    """A well-known model, architecture, representation, technique or framework."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    definition: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _index(entries) -> dict[str, object]:
    index: dict[str, object] = {}
    for entry in entries:
        for label in entry.names:
            index.setdefault(label.casefold(), entry)
    return index


@dataclass(frozen=True)
class Vocabulary:
    """All four vocabularies, with case-insensitive look-up by name or alias."""

    tasks: tuple[TaskEntry, ...]
    datasets: tuple[DatasetEntry, ...]
    metrics: tuple[MetricEntry, ...]
    methods: tuple[MethodEntry, ...]
    _indexes: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def _lookup(self, kind: str, label: str):
        if kind not in self._indexes:
            self._indexes[kind] = _index(getattr(self, kind))
        return self._indexes[kind].get(label.casefold())

    def task(self, label: str) -> TaskEntry | None:
        """The task whose name, alias or abbreviation is ``label`` (any case)."""
        return self._lookup("tasks", label)

    def dataset(self, label: str) -> DatasetEntry | None:
        return self._lookup("datasets", label)

    def metric(self, label: str) -> MetricEntry | None:
        return self._lookup("metrics", label)

    def method(self, label: str) -> MethodEntry | None:
        return self._lookup("methods", label)

    def ancestors(self, label: str) -> tuple[str, ...]:
        """Names of every broader task of ``label``, nearest first."""
        start = self.task(label)
        if start is None:
            return ()
        seen: list[str] = []
        frontier = list(start.parents)
        while frontier:
            name = frontier.pop(0)
            if name in seen or name == start.name:
                continue
            seen.append(name)
            parent = self.task(name)
            if parent is not None:
                frontier.extend(parent.parents)
        return tuple(seen)


def _str(value, path: Path, line: int, key: str, required: bool = True) -> str:
    if not isinstance(value, str):
        raise VocabularyError(f"{path}:{line}: field {key!r} must be a string")
    value = value.strip()
    if required and not value:
        raise VocabularyError(f"{path}:{line}: field {key!r} is empty")
    return value


def _strs(value, path: Path, line: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{path}:{line}: field {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _task(obj: dict, path: Path, line: int) -> TaskEntry:
    domain = _str(obj.get("domain"), path, line, "domain")
    if domain not in TASK_DOMAINS:
        raise VocabularyError(f"{path}:{line}: unknown domain {domain!r}")
    return TaskEntry(
        name=_str(obj.get("name"), path, line, "name"),
        aliases=_strs(obj.get("aliases", []), path, line, "aliases"),
        abbreviations=_strs(obj.get("abbreviations", []), path, line, "abbreviations"),
        parents=_strs(obj.get("parents", []), path, line, "parents"),
        definition=_str(obj.get("definition"), path, line, "definition"),
        input=_str(obj.get("input"), path, line, "input"),
        output=_str(obj.get("output"), path, line, "output"),
        domain=domain,
    )


def _dataset(obj: dict, path: Path, line: int) -> DatasetEntry:
    return DatasetEntry(
        name=_str(obj.get("name"), path, line, "name"),
        aliases=_strs(obj.get("aliases", []), path, line, "aliases"),
        tasks=_strs(obj.get("tasks", []), path, line, "tasks"),
        definition=_str(obj.get("definition"), path, line, "definition"),
    )


def _metric(obj: dict, path: Path, line: int) -> MetricEntry:
    lower = obj.get("lower_is_better", False)
    if not isinstance(lower, bool):
        raise VocabularyError(f"{path}:{line}: lower_is_better must be true or false")
    return MetricEntry(
        name=_str(obj.get("name"), path, line, "name"),
        aliases=_strs(obj.get("aliases", []), path, line, "aliases"),
        definition=_str(obj.get("definition"), path, line, "definition"),
        lower_is_better=lower,
    )


def _method(obj: dict, path: Path, line: int) -> MethodEntry:
    kind = _str(obj.get("kind"), path, line, "kind")
    if kind not in METHOD_KINDS:
        raise VocabularyError(f"{path}:{line}: unknown method kind {kind!r}")
    return MethodEntry(
        name=_str(obj.get("name"), path, line, "name"),
        aliases=_strs(obj.get("aliases", []), path, line, "aliases"),
        kind=kind,
        definition=_str(obj.get("definition"), path, line, "definition"),
    )


def _read(path: Path, build: Callable[[dict, Path, int], object]) -> Iterator[object]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocabularyError(f"{path}: vocabulary file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{path}: cannot read vocabulary file: {exc}") from None
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            raise VocabularyError(f"{path}:{number}: blank line")
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{path}:{number}: not valid JSON: {exc.msg}") from None
        if not isinstance(obj, dict):
            raise VocabularyError(f"{path}:{number}: expected a JSON object")
        yield build(obj, path, number)


def _load(folder: Path) -> Vocabulary:
    return Vocabulary(
        tasks=tuple(_read(folder / "tasks.jsonl", _task)),
        datasets=tuple(_read(folder / "datasets.jsonl", _dataset)),
        metrics=tuple(_read(folder / "metrics.jsonl", _metric)),
        methods=tuple(_read(folder / "methods.jsonl", _method)),
    )


@lru_cache(maxsize=1)
def _default() -> Vocabulary:
    return _load(VOCAB_DIR)


def load_vocabulary(folder: str | Path | None = None) -> Vocabulary:
    """Load the four vocabulary files from ``folder`` (default: the bundled ``vocab``).

    The bundled vocabulary is read once and cached. Raises
    :class:`kg.errors.VocabularyError` naming the file and line of the first
    malformed entry.
    """
    if folder is None:
        return _default()
    return _load(Path(folder))
