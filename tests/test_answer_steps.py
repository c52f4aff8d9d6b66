"""The answer steps on small hand-made knowledge bases (real schema, tmp_path): mechanisms, not floors."""
from __future__ import annotations

import pytest


@pytest.fixture
def tiny(tmp_path):
    """Ten papers; two address a field (also addressed by eight others) and its specific sub-task."""
    from kg.store import open_db

    db = open_db(tmp_path / "kg.db")
    conn = db.conn
    for pid in range(1, 11):
        conn.execute("INSERT INTO papers (id, title, title_norm, abstract) VALUES (?, ?, ?, ?)",
                     (pid, f"Paper {pid}", f"paper {pid}", "Segmenting tumours in scans." if pid <= 2 else "Other."))
        conn.execute("INSERT INTO edges (src, dst, relation, doc, rule, kind) VALUES (?, 'task:medical image analysis', "
                     "'addresses', ?, 'test', 'EXTRACTED')", (f"paper:{pid}", f"paper:{pid}"))
    for pid in (1, 2):
        conn.execute("INSERT INTO edges (src, dst, relation, doc, rule, kind) VALUES (?, 'task:tumour segmentation', "
                     "'addresses', ?, 'test', 'EXTRACTED')", (f"paper:{pid}", f"paper:{pid}"))
    conn.execute("INSERT INTO edges (src, dst, relation, doc, rule, kind) VALUES ('task:tumour segmentation', "
                 "'task:medical image analysis', 'subtask_of', 'vocab', 'test', 'EXTRACTED')")
    for key, name, degree in (("task:medical image analysis", "medical image analysis", 11),
                              ("task:tumour segmentation", "tumour segmentation", 3)):
        conn.execute("INSERT INTO entities (key, type, name) VALUES (?, 'task', ?)", (key, name))
        conn.execute("INSERT INTO node_stats (key, degree, pagerank) VALUES (?, ?, 0.1)", (key, degree))
    return db


def test_a_specific_task_beats_a_field_with_the_same_support(tiny):
    from kg.answer.choose_task import choose_tasks
    from kg.answer.matching import words

    tasks = choose_tasks(tiny.conn, [(1, 1.0), (2, 0.9)], words("how are tumours outlined in scans?"))
    assert [t.key for t in tasks] == ["task:tumour segmentation", "task:medical image analysis"]
    assert tasks[0].voters == (1, 2)


def test_a_task_named_in_the_question_gains(tiny):
    from kg.answer.choose_task import choose_tasks
    from kg.answer.matching import words

    unnamed = choose_tasks(tiny.conn, [(3, 1.0)], words("what is done with scans?"))
    named = choose_tasks(tiny.conn, [(3, 1.0)], words("what is done in medical image analysis?"))
    score = {t.key: t.score for t in named}
    assert score["task:medical image analysis"] > {t.key: t.score for t in unnamed}["task:medical image analysis"]
    assert named[0].named == "medical image analysis"


def test_the_walk_never_pushes_the_best_retrieved_papers_out(tiny):
    from kg.answer.rank import rank_papers
    from kg.answer.retrieve import Retrieval, fuse

    retrieval = Retrieval("lexical", fused=fuse([[5, 6, 7]], [1.0]))
    ranked = rank_papers(tiny.conn, retrieval, "task:tumour segmentation", top=5)
    top = [p.id for p in ranked[:5]]
    assert {5, 6, 7} <= set(top)  # the three best retrieved stay
    assert {1, 2} & set(top)  # the walk added papers on the chosen task


def test_fusion_rewards_agreement():
    from kg.answer.retrieve import fuse

    fused = dict(fuse([[1, 2, 3], [3, 4, 5]], [0.5, 0.5]))
    assert fused[3] > fused[2] and fused[3] > fused[4]
