"""Checks on the curated vocabulary files and their loader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.errors import VocabularyError
from kg.nlp.vocabulary import METHOD_KINDS, TASK_DOMAINS, VOCAB_DIR, load_vocabulary

FILES = ("tasks.jsonl", "datasets.jsonl", "metrics.jsonl", "methods.jsonl")


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def tasks(vocab):
    return {t.name: t for t in vocab.tasks}


def ancestors(tasks, name):
    seen, frontier = set(), list(tasks[name].parents)
    while frontier:
        parent = frontier.pop()
        if parent not in seen:
            seen.add(parent)
            frontier.extend(tasks[parent].parents)
    return seen


def test_counts(vocab):
    assert len(vocab.tasks) >= 400
    assert len(vocab.datasets) >= 200
    assert len(vocab.metrics) >= 60
    assert len(vocab.methods) >= 200


def test_load_is_cached(vocab):
    assert load_vocabulary() is vocab


@pytest.mark.parametrize("filename", FILES)
def test_files_are_sorted_unique_and_have_no_blank_lines(filename):
    lines = (VOCAB_DIR / filename).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # file ends with a newline
    names = [json.loads(line)["name"] for line in lines[:-1]]  # json.loads fails on a blank line
    assert names == sorted(names, key=str.casefold)
    assert len({n.casefold() for n in names}) == len(names)


def test_every_parent_and_dataset_task_exists(vocab, tasks):
    for task in vocab.tasks:
        assert len(task.parents) <= 3, task.name
        for parent in task.parents:
            assert parent in tasks, f"{task.name}: unknown parent {parent!r}"
    for dataset in vocab.datasets:
        for name in dataset.tasks:
            assert name in tasks, f"{dataset.name}: unknown task {name!r}"


def test_task_hierarchy_has_no_cycle(tasks):
    state = {}  # name -> "visiting" | "done"

    def visit(name, path):
        if state.get(name) == "done":
            return
        assert state.get(name) != "visiting", f"cycle: {' -> '.join(path + [name])}"
        state[name] = "visiting"
        for parent in tasks[name].parents:
            visit(parent, path + [name])
        state[name] = "done"

    for name in tasks:
        visit(name, [])


def test_no_alias_maps_to_two_tasks(vocab):
    owner = {}
    for task in vocab.tasks:
        for label in (task.name, *task.aliases):
            key = label.casefold()
            assert owner.setdefault(key, task.name) == task.name, (
                f"{label!r} names both {owner[key]!r} and {task.name!r}")


def test_no_alias_maps_to_two_entries_of_the_same_kind(vocab):
    for entries in (vocab.datasets, vocab.metrics, vocab.methods):
        owner = {}
        for entry in entries:
            for label in entry.names:
                key = label.casefold()
                assert owner.setdefault(key, entry.name) == entry.name, (
                    f"{label!r} names both {owner[key]!r} and {entry.name!r}")


def test_task_fields_are_filled(vocab):
    for task in vocab.tasks:
        assert task.definition and task.input and task.output, task.name
        assert task.domain in TASK_DOMAINS, task.name
        assert task.name == task.name.strip()
        assert all(a == a.lower() for a in task.aliases), task.name


def test_other_entries_are_filled(vocab):
    for entry in (*vocab.datasets, *vocab.metrics, *vocab.methods):
        assert entry.definition, entry.name
    assert {m.kind for m in vocab.methods} <= METHOD_KINDS


@pytest.mark.parametrize("child, ancestor", [
    ("face parsing", "semantic segmentation"),
    ("face parsing", "segmentation"),
    ("semantic segmentation", "segmentation"),
    ("3D face reconstruction", "3D reconstruction"),
    ("3D head reconstruction", "3D reconstruction"),
    ("facial shape completion", "shape completion"),
    ("face completion", "image inpainting"),
    ("portrait segmentation", "segmentation"),
    ("talking head generation", "video generation"),
    ("dynamic facial expression recognition", "facial expression recognition"),
])
def test_required_hierarchy_chains(tasks, child, ancestor):
    assert ancestor in ancestors(tasks, child)


def test_lookup_by_alias_and_abbreviation(vocab):
    assert vocab.task("Face Segmentation").name == "face parsing"
    assert vocab.task("DFER").name == "dynamic facial expression recognition"
    assert vocab.task("rPPG").name == "remote photoplethysmography"
    assert vocab.dataset("CelebAMask HQ").name == "CelebAMask-HQ"
    assert vocab.metric("peak signal-to-noise ratio").name == "PSNR"
    assert vocab.method("3D Morphable Model").name == "3DMM"
    assert vocab.method("Gaussian Splatting").name == "3D Gaussian Splatting"
    assert vocab.task("no such task") is None
    assert "segmentation" in vocab.ancestors("face parsing")


def test_mae_is_a_metric_not_a_method(vocab):
    assert vocab.metric("MAE").name == "MAE"
    assert vocab.method("MAE") is None
    assert vocab.method("masked autoencoder") is not None


def _copy_vocab(tmp_path: Path) -> Path:
    folder = tmp_path / "vocab"
    folder.mkdir()
    for name in FILES:
        shutil.copy(VOCAB_DIR / name, folder / name)
    return folder


def test_malformed_line_names_file_and_line(tmp_path):
    folder = _copy_vocab(tmp_path)
    path = folder / "metrics.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"name": "broken", "aliases": [')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(VocabularyError) as info:
        load_vocabulary(folder)
    assert "metrics.jsonl:3" in str(info.value)


def test_missing_field_and_blank_line_are_rejected(tmp_path):
    folder = _copy_vocab(tmp_path)
    path = folder / "tasks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[0])
    del entry["definition"]
    lines[0] = json.dumps(entry)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"tasks\.jsonl:1: .*definition"):
        load_vocabulary(folder)
    path.write_text("\n".join(lines[1:3]) + "\n\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"tasks\.jsonl:3: blank line"):
        load_vocabulary(folder)


def test_bad_method_kind_is_rejected(tmp_path):
    folder = _copy_vocab(tmp_path)
    (folder / "methods.jsonl").write_text(
        '{"name": "X", "aliases": [], "kind": "gadget", "definition": "d"}\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"methods\.jsonl:1: unknown method kind"):
        load_vocabulary(folder)
