"""The browsing views read well in sqlite-utils (and so Datasette): names, not node keys."""
from __future__ import annotations

import pytest
import sqlite_utils


@pytest.fixture(scope="module")
def db(built_corpus_db):
    return sqlite_utils.Database(built_corpus_db)


def test_views_are_listed(db):
    assert {"paper_tasks", "paper_models", "task_papers", "edges_named"} <= set(db.view_names())


def test_paper_tasks_and_task_papers_name_both_sides(db):
    titles = {row["title"] for row in db["papers"].rows}
    tasks = {row["name"] for row in db["entities"].rows_where("type = ?", ["task"])}
    rows = list(db["paper_tasks"].rows)
    assert rows and all(row["paper"] in titles and row["task"] in tasks for row in rows)
    assert not any(str(row["task"]).startswith("task:") for row in rows)
    by_task = list(db["task_papers"].rows_where("task = ?", ["face parsing"]))
    assert by_task and {row["paper"] for row in by_task} <= titles
    assert {(r["paper_id"], r["task"]) for r in rows} == {(r["paper_id"], r["task"]) for r in db["task_papers"].rows}


def test_paper_models_are_models(db):
    models = {row["name"] for row in db["entities"].rows_where("type = ?", ["model"])}
    rows = list(db["paper_models"].rows)
    assert rows and {row["model"] for row in rows} <= models


def test_edges_named_has_every_edge_with_names_and_evidence(db):
    rows = {row["id"]: row for row in db["edges_named"].rows}
    edges = list(db["edges"].rows)
    assert sorted(rows) == sorted(edge["id"] for edge in edges)
    for edge in edges:
        row = rows[edge["id"]]
        assert row["relation"] == edge["relation"] and row["sentence"] == edge["sentence"]
        assert row["source"] != edge["src"] and row["target"] != edge["dst"]  # names, not keys
        assert {row["source_type"], row["target_type"]} <= {"paper", "prompt", "task", "model", "dataset", "metric", "code", "result"}
        if edge["doc"].startswith("paper:"):
            assert row["paper_id"] == int(edge["doc"][6:]) and row["evidence_from"]
