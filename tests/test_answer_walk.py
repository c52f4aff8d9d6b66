"""kg.answer.walk and the workflow chain on small hand-made knowledge bases (real schema, tmp_path)."""
from __future__ import annotations

import math
import random

import pytest

INSERT_EDGE = """INSERT INTO edges (id, src, dst, relation, doc, rule, kind, weight)
    VALUES (?, ?, ?, ?, 'doc', 'test', 'EXTRACTED', ?)"""
INSERT_ENTITY = """INSERT INTO entities (key, type, name, definition, input, output, url, in_vocabulary)
    VALUES (?, ?, ?, '', ?, ?, ?, 1)"""


def _open(tmp_path):
    from kg.store import open_db

    return open_db(tmp_path / "kg.db", create=True)


def _store_degrees(conn):
    conn.execute("DELETE FROM node_stats")
    conn.execute("""INSERT INTO node_stats (key, degree, pagerank)
        SELECT key, count(*), 0.0 FROM (SELECT src AS key FROM edges UNION ALL SELECT dst FROM edges) GROUP BY key""")


@pytest.fixture
def hub_db(tmp_path):
    """task:hub addressed by 1,000 papers (paper i with weight growing in i), task:small by 3."""
    db = _open(tmp_path)
    rows, edge_id = [], 0
    for i in range(1000):
        edge_id += 1
        rows.append((edge_id, f"paper:{i}", "task:hub", "addresses", 1.0 + i / 1000))
        edge_id += 1
        rows.append((edge_id, f"paper:{i}", f"model:m{i}", "proposes", 3.0))
    for i in range(3):
        edge_id += 1
        rows.append((edge_id, f"paper:{i}", "task:small", "addresses", 2.0))
    db.conn.executemany(INSERT_EDGE, rows)
    _store_degrees(db.conn)
    return db


def test_neighbourhood_is_bounded_and_keeps_the_heaviest_edges(hub_db):
    from kg.answer.walk import fetch_neighbourhood

    hood = fetch_neighbourhood(hub_db.conn, {"task:hub": 1.0}, max_edges=200, seed_fan_out=50)
    assert len(hood.edges) <= 200
    hub_papers = {e.src for e in hood.incident("task:hub")}
    assert len(hub_papers) == 50
    assert hub_papers == {f"paper:{i}" for i in range(950, 1000)}  # the 50 heaviest
    # the hub's papers are expanded at the second hop: their models are reached
    assert any(k.startswith("model:") for k in hood.adjacency)


def test_neighbourhood_is_deterministic(hub_db):
    from kg.answer.walk import fetch_neighbourhood, personalised_pagerank

    seeds = {"task:small": 1.0, "paper:5": 0.4, "task:hub": 0.2}
    first = fetch_neighbourhood(hub_db.conn, seeds, max_edges=300)
    second = fetch_neighbourhood(hub_db.conn, dict(reversed(list(seeds.items()))), max_edges=300)
    assert sorted(first.edges) == sorted(second.edges)
    assert personalised_pagerank(first, seeds) == personalised_pagerank(second, seeds)


def test_small_knowledge_base_is_read_whole(hub_db):
    """Nodes within their fan-out are read completely (the embedded corpus is never truncated)."""
    from kg.answer.walk import fetch_neighbourhood

    hood = fetch_neighbourhood(hub_db.conn, {"task:small": 1.0})
    assert {e.src for e in hood.incident("task:small")} == {"paper:0", "paper:1", "paper:2"}
    # second hop: every edge of the three papers
    assert {e.dst for e in hood.incident("paper:1")} == {"task:small", "task:hub", "model:m1"}


def _reference_pagerank(hood, personalisation, damping=0.7, iterations=50, tolerance=1e-10):
    """The textbook power iteration on the neighbourhood's adjacency (sqrt of summed weights)."""
    nodes = sorted(hood.adjacency)
    total = sum(v for k, v in personalisation.items() if k in hood.adjacency and v > 0)
    restart = {k: v / total for k, v in personalisation.items() if k in hood.adjacency and v > 0}
    out = {n: sum(math.sqrt(w) for w in hood.adjacency[n].values()) for n in nodes}
    rank = {n: restart.get(n, 0.0) for n in nodes}
    for _ in range(iterations):
        nxt = dict.fromkeys(nodes, 0.0)
        dangling = 0.0
        for n in nodes:
            if out[n] <= 0:
                dangling += rank[n]
                continue
            for m, w in hood.adjacency[n].items():
                nxt[m] += damping * rank[n] * math.sqrt(w) / out[n]
        for k, v in restart.items():
            nxt[k] += ((1 - damping) + damping * dangling) * v
        change = sum(abs(nxt[n] - rank[n]) for n in nodes)
        rank = nxt
        if change < tolerance:
            break
    return rank


def test_pagerank_matches_the_reference_power_iteration():
    from kg.answer.walk import Edge, Neighbourhood, personalised_pagerank

    rng = random.Random(7)
    nodes = [f"task:{i}" for i in range(30)] + [f"paper:{i}" for i in range(60)] + ["model:lonely"]
    edges = [Edge(i, rng.choice(nodes[:-1]), rng.choice(nodes[:-1]), rng.choice(["addresses", "mentions", "uses"]),
                  rng.uniform(1, 4)) for i in range(400)]
    hood = Neighbourhood(edges)
    hood.touch("model:lonely")  # a seed without edges: its mass restarts
    seeds = {"task:3": 1.0, "paper:7": 0.5, "model:lonely": 0.2}
    got, want = personalised_pagerank(hood, seeds), _reference_pagerank(hood, seeds)
    assert set(got) == set(want)
    assert max(abs(got[k] - want[k]) for k in got) < 1e-12
    assert abs(sum(got.values()) - 1.0) < 1e-6


def _chain_db(tmp_path, *, compatible: bool, shared_papers: int = 2):
    """task:detect (image → face boxes) and task:align (face boxes → landmarks), linked by papers."""
    db = _open(tmp_path)
    entities = [
        ("task:face detect", "task", "face detect", "photo", "face bounding boxes", None),
        ("task:face align", "task", "face align",
         "face bounding boxes" if compatible else "spoken audio", "aligned facial landmarks", None),
        ("model:detector", "model", "org/detector", "", "", "https://huggingface.co/org/detector"),
        ("model:aligner", "model", "org/aligner", "", "", "https://huggingface.co/org/aligner"),
    ]
    db.conn.executemany(INSERT_ENTITY, entities)
    rows = [(1, "model:detector", "task:face detect", "addresses", 2.0),
            (2, "model:aligner", "task:face align", "addresses", 2.0)]
    for i in range(shared_papers):
        rows += [(10 + 2 * i, f"paper:{i}", "task:face detect", "addresses", 2.0),
                 (11 + 2 * i, f"paper:{i}", "task:face align", "addresses", 2.0)]
    rows.append((50, "task:face align", "task:face detect", "subtask_of", 1.0)) if not shared_papers else None
    db.conn.executemany(INSERT_EDGE, rows)
    _store_degrees(db.conn)
    return db


def _workflow_of(db, task_key="task:face detect"):
    from kg.answer.compose import Nodes, _workflow
    from kg.answer.model import TaskHit
    from kg.answer.walk import fetch_neighbourhood, personalised_pagerank

    seeds = {task_key: 1.0}
    hood = fetch_neighbourhood(db.conn, seeds)
    ranks = personalised_pagerank(hood, seeds)
    nodes = Nodes(db.conn, True)
    nodes.load_entities([task_key])
    info = nodes.task(task_key)
    task = TaskHit(task_key, info["name"], 1.0, "", [], info["input"], info["output"])
    other = ({"task:face detect", "task:face align"} - {task_key}).pop()
    return _workflow(hood, nodes, task, ranks, [], None, [TaskHit(other, other[5:], 0.5)])


def test_workflow_chains_a_task_that_takes_the_first_ones_output(tmp_path):
    flow = _workflow_of(_chain_db(tmp_path, compatible=True))
    assert [(s.model, s.task) for s in flow.steps] == [("org/detector", "face detect"), ("org/aligner", "face align")]
    assert (flow.input, flow.output) == ("photo", "aligned facial landmarks")
    data = flow.to_dict()
    assert data["steps"][1] == {"model": "org/aligner", "url": "https://huggingface.co/org/aligner", "task": "face align"}


def test_workflow_chains_backwards_to_the_step_that_feeds_the_task(tmp_path):
    flow = _workflow_of(_chain_db(tmp_path, compatible=True), "task:face align")
    assert [s.model for s in flow.steps] == ["org/detector", "org/aligner"]
    assert (flow.input, flow.output) == ("photo", "aligned facial landmarks")


@pytest.mark.parametrize("compatible, shared_papers", [(False, 2), (True, 1), (True, 0)])
def test_workflow_stays_single_step_without_support(tmp_path, compatible, shared_papers):
    """No chain when the input does not match the output, when one paper is all that links the two
    tasks, or when only the task hierarchy (subtask_of) does."""
    flow = _workflow_of(_chain_db(tmp_path, compatible=compatible, shared_papers=shared_papers))
    assert [s.model for s in flow.steps] == ["org/detector"]
    assert set(flow.to_dict()["steps"][0]) == {"model", "url"}
    assert flow.output == "face bounding boxes"


def test_stale_stored_task_index_is_rebuilt_and_stored_again(tmp_path):
    from kg.answer import matching

    db = _open(tmp_path)
    db.conn.execute(matching.STORE_SETTING, (matching.INDEX_FINGERPRINT_SETTING, "stale"))
    saved = list(matching._loaded)
    matching._loaded.clear()
    try:
        index = matching.task_index(db.conn)
        assert index.tasks
    finally:
        matching._loaded[:] = saved
    stored = db.conn.execute(matching.SELECT_SETTING, (matching.INDEX_FINGERPRINT_SETTING,)).fetchone()[0]
    assert stored == matching.index_fingerprint()
    assert matching.load_stored_index(db.conn) is not None
    assert not db.conn.in_transaction


def test_workflow_chains_only_tasks_the_question_is_about(tmp_path):
    from kg.answer.compose import Nodes, _workflow
    from kg.answer.model import TaskHit
    from kg.answer.walk import fetch_neighbourhood, personalised_pagerank

    db = _chain_db(tmp_path, compatible=True)
    hood = fetch_neighbourhood(db.conn, {"task:face detect": 1.0})
    nodes = Nodes(db.conn, True)
    task = TaskHit("task:face detect", "face detect", 1.0, "", [], "photo", "face bounding boxes")
    flow = _workflow(hood, nodes, task, personalised_pagerank(hood, {"task:face detect": 1.0}), [], None, [])
    assert [s.model for s in flow.steps] == ["org/detector"]
