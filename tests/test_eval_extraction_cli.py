"""`kg eval extraction` through the CLI on small SciERC and TDMSci files."""
from __future__ import annotations

import json

import pytest

from kg.cli import cli

SCIERC = {"doc_key": "d1", "sentences": [["We", "study", "face", "parsing", "on", "the", "Helen", "dataset", "."],
                                         ["A", "graph-based", "ranking", "model", "is", "used", "."]],
          "ner": [[[2, 3, "Task"], [6, 7, "Material"]], [[10, 12, "Method"]]]}
TDMSCI = "We\t0\tO\nstudy\t3\tO\nmachine\t9\tB-TASK\ntranslation\t17\tI-TASK\non\t29\tO\nWMT14\t32\tB-DATASET\n.\t38\tO\n"


@pytest.fixture
def scierc_file(tmp_path):
    path = tmp_path / "scierc.json"
    path.write_text(json.dumps(SCIERC) + "\n", encoding="utf-8")
    return path


def test_eval_scierc_json(runner, scierc_file):
    result = runner.invoke(cli, ["eval", "extraction", str(scierc_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["format"] == "scierc" and report["documents"] == 1
    assert list(report["types"]) == ["task", "model", "dataset", "metric"]
    assert report["types"]["task"]["exact"]["f1"] == 1.0
    assert report["types"]["model"]["overlap"]["recall"] == 1.0
    assert report["types"]["dataset"]["overlap"]["recall"] == 1.0


def test_eval_tdmsci_text_table(runner, tmp_path):
    path = tmp_path / "tdm.conll"
    path.write_text(TDMSCI, encoding="utf-8")
    result = runner.invoke(cli, ["eval", "extraction", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("tdmsci, 1 document(s)")
    assert "overlap F1" in result.output and "task" in result.output and "model" not in result.output


def test_eval_limit(runner, tmp_path):
    path = tmp_path / "scierc.json"
    path.write_text((json.dumps(SCIERC) + "\n") * 3, encoding="utf-8")
    result = runner.invoke(cli, ["eval", "extraction", str(path), "--limit", "2", "--format", "json"])
    assert json.loads(result.output)["documents"] == 2


@pytest.mark.parametrize("content, name, message", [
    ("hello\n", "x.txt", "nor a TDMSci CoNLL file"),
    ("{not json\n", "x.json", "x.json"),
])
def test_eval_bad_input(runner, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["eval", "extraction", str(path)])
    assert result.exit_code != 0
    assert message in result.output


def test_eval_help_has_examples(runner):
    result = runner.invoke(cli, ["eval", "extraction", "--help"])
    assert result.exit_code == 0 and "Examples" in result.output


@pytest.mark.parametrize("command", ["extraction", "results", "questions"])
def test_an_eval_file_that_does_not_exist_is_one_line_and_builds_nothing(runner, tmp_path, monkeypatch, command):
    monkeypatch.delenv("KG_DB", raising=False)
    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    missing = tmp_path / "missing.jsonl"
    result = runner.invoke(cli, ["eval", command, str(missing)])
    assert result.exit_code == 1 and str(missing) in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "home").exists()  # eval questions no longer builds the default database first
