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
    keys = {"task_at_1", "recall_at_5", "mrr", "grounding", "abstention", "questions", "answerable"}
    assert set(data["overall"]) == keys and set(data["rankers"]) == {"bm25", "dense", "kg"}
    assert all(set(figures) == keys for figures in data["rankers"].values())
    assert data["retrieval"] == "hybrid" and data["overall"]["grounding"] == 1.0
    assert len(data["questions"]) == data["overall"]["questions"] > 0
    for item in data["questions"]:
        assert {"id", "task_at_1", "recall_at_5", "mrr", "grounding"} <= set(item)
    assert data["gold_not_in_database"] == []  # the dev set's gold papers are all in the embedded corpus


def test_gold_titles_that_no_paper_has_are_named(runner, kb, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"question": "How are facial parts segmented?", "task_aliases": ["face parsing"],
                                "gold_papers": ["A Paper This Corpus Does Not Hold", "FaceCom: Towards High-fidelity "
                                                "3D Facial Shape Completion via Optimization and Inpainting Guidance"]}))
    result = runner.invoke(cli, ["eval", "questions", str(path), "--db", str(kb)])
    assert result.exit_code == 0 and "note: 1 gold paper title(s) are in no paper" in result.output
    assert "A Paper This Corpus Does Not Hold" in result.output and "FaceCom" not in result.output.split("note:")[1]


def test_text_report(runner, kb, shared_dir):
    result = runner.invoke(cli, ["eval", "questions", str(shared_dir / "eval" / "questions_dev.jsonl"), "--db", str(kb)])
    assert result.exit_code == 0
    for ranker in ("bm25", "dense", "kg"):
        assert any(line.startswith(ranker + " ") for line in result.output.splitlines())


def test_metrics():
    from kg.evaluation.questions import score_ranking

    assert score_ranking(["A b", "c"], ["a-b"]) == (1.0, 1.0)
    assert score_ranking(["x", "y", "z"], ["z", "q"]) == (0.5, 1 / 3)
    assert score_ranking(["x"], ["q"]) == (0.0, 0.0)


@pytest.mark.parametrize("content, message", [(None, "cannot read the file"), ("not json\n", ":1: not a complete JSON object"),
                                              ('{"id": 1}\n', "needs a \"question\""), ("\n", "the file is empty"),
                                              (b'\xff\xfe{"question": "x"}', "UTF-16"),
                                              # no gold: recall@5 and MRR scored 1.00 (a helper's find)
                                              ('{"question": "face parsing?"}\n', 'needs "gold_papers"'),
                                              ('{"question": "q", "gold_papers": [], "task_aliases": ["t"]}\n',
                                               'needs "gold_papers"'),
                                              ('{"question": "q", "gold_papers": ["P"]}\n', 'needs "task_aliases"'),
                                              ('{"question": "q", "answerable": null}\n', 'needs "gold_papers"')])
def test_bad_files(runner, kb, tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    if content is not None:
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    result = runner.invoke(cli, ["eval", "questions", str(path), "--db", str(kb)])
    assert result.exit_code != 0 and message in result.output


UNANSWERABLE = Path(__file__).resolve().parent / "data" / "questions_unanswerable.jsonl"


def test_abstention_is_scored_on_unanswerable_questions(kb):
    """A question no corpus paper is about counts as right only when kg abstains (a report, not a floor)."""
    from kg.api import evaluate_questions

    report = evaluate_questions(UNANSWERABLE, db_path=kb)
    kg = [q for q in report.questions if q.ranker == "kg"]
    assert kg and not any(q.answerable for q in kg)
    assert report.overall["abstention"] == sum(q.abstained for q in kg) / len(kg)
    assert report.overall["answerable"] == 0
