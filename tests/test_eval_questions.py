"""kg eval questions on the shared dev file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def kb(built_corpus_db):
    return built_corpus_db


def test_dev_questions_json(runner, kb, shared_dir):
    result = runner.invoke(cli, ["eval", "questions", str(shared_dir / "eval" / "questions_dev.jsonl"),
                                 "--db", str(kb), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["overall"]) == {"task_at_1", "recall_at_5", "mrr", "grounding", "questions"}
    assert data["overall"]["grounding"] == 1.0
    assert len(data["questions"]) == data["overall"]["questions"] > 0
    for item in data["questions"]:
        assert {"id", "task_at_1", "recall_at_5", "mrr", "grounding"} <= set(item)


def test_text_report(runner, kb, shared_dir):
    result = runner.invoke(cli, ["eval", "questions", str(shared_dir / "eval" / "questions_dev.jsonl"), "--db", str(kb)])
    assert result.exit_code == 0 and "overall" in result.output


def test_metrics():
    from kg.evaluation.questions import score_ranking

    assert score_ranking(["A b", "c"], ["a-b"]) == (1.0, 1.0)
    assert score_ranking(["x", "y", "z"], ["z", "q"]) == (0.5, 1 / 3)
    assert score_ranking(["x"], ["q"]) == (0.0, 0.0)


@pytest.mark.parametrize("content, message", [(None, "no questions file"), ("not json\n", "not JSON"),
                                              ('{"id": 1}\n', "needs a \"question\""), ("\n", "holds no questions")])
def test_bad_files(runner, kb, tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(cli, ["eval", "questions", str(path), "--db", str(kb)])
    assert result.exit_code != 0 and message in result.output


EXTRA = Path(__file__).resolve().parent / "data" / "questions_extra.jsonl"


def test_extra_questions_regression(kb):
    """Ten questions in the dev set's style about other corpus papers (own wording): floors at what kg reaches."""
    from kg.api import evaluate_questions

    overall = evaluate_questions(EXTRA, db_path=kb).overall
    assert overall["grounding"] == 1.0
    assert overall["task_at_1"] >= 0.7
    assert overall["recall_at_5"] >= 0.8
    assert overall["mrr"] >= 0.8


def test_dev_questions_floor(kb, shared_dir):
    from kg.api import evaluate_questions

    overall = evaluate_questions(shared_dir / "eval" / "questions_dev.jsonl", db_path=kb).overall
    assert overall["grounding"] == 1.0
    assert overall["task_at_1"] >= 0.85 and overall["recall_at_5"] >= 0.85
