"""Selecting node keys in SQL gives exactly what the in-memory selections give on the whole graph.

Each case loads the whole graph of the embedded corpus, selects the old way
(:func:`kg.graph.neighbourhood`, :func:`kg.graph.top_nodes`, the matching of
kg.viz and kg.export) and compares with the SQL selection loaded through
``load_graph(db, keys=…)``: same nodes, same edges, same attributes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import export as ex
from kg import viz
from kg.graph import load_graph, neighbourhood, top_nodes
from kg.graph import query

PROJECT = Path(__file__).resolve().parents[1]
TEXTS = ["face parsing", "Face Segmentation", "FACE-parsing", "parsing", "segment", "image", "3D",
         "question answering", "CelebAMask-HQ", "task:face parsing", "  ", "zzzz nothing", "--", "é"]
TYPES = [None, ("paper",), ("task", "model", "dataset")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from kg import api

    db_path = tmp_path_factory.mktemp("query") / "kg.db"
    api.build([str(PROJECT / "corpus")], db_path=db_path)
    db = api.open_database(db_path)
    return db, load_graph(db)


def assert_same_graph(expected, got):
    assert set(got.nodes) == set(expected.nodes)
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    assert ({(u, v, k): d for u, v, k, d in got.edges(keys=True, data=True)}
            == {(u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)})


def type_counts(graph, nodes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in nodes:
        counts[graph.nodes[node]["type"]] = counts.get(graph.nodes[node]["type"], 0) + 1
    return counts


def test_node_stats_hold_exactly_the_graph_nodes(corpus):
    db, G = corpus
    assert {row[0] for row in db.conn.execute("SELECT key FROM node_stats")} == set(G.nodes)
    assert query.node_counts(db) == type_counts(G, G.nodes)
    assert query.node_counts(db, types=["paper", "task"]) == type_counts(G, [n for n, t in G.nodes(data="type")
                                                                             if t in ("paper", "task")])


@pytest.mark.parametrize("types", TYPES)
@pytest.mark.parametrize("limit", [1, 10, 120, None])
def test_top_keys_equal_top_nodes(corpus, limit, types):
    db, G = corpus
    keys = query.top_keys(db, limit, types=types)
    assert keys == top_nodes(G, limit or G.number_of_nodes(), types=types)
    assert_same_graph(G.subgraph(keys), load_graph(db, keys=keys))


def test_load_graph_with_keys(corpus):
    db, G = corpus
    assert_same_graph(G, load_graph(db, keys=list(G.nodes)))
    assert load_graph(db, keys=[]).number_of_nodes() == 0
    isolated = db.conn.execute("SELECT 'paper:' || id FROM papers WHERE 'paper:' || id NOT IN "
                               "(SELECT key FROM node_stats) ORDER BY id LIMIT 1").fetchone()
    some = sorted(G.nodes)[:40]
    unknown = ["task:no such task", "paper:999999", "prompt:424242", "nonsense"] + list(isolated or [])
    assert_same_graph(G.subgraph(some), load_graph(db, keys=some + unknown))
    if isolated:  # papers no edge touches are nodes only on request, as in the whole graph
        assert isolated[0] in load_graph(db, keys=[isolated[0]], with_isolated_papers=True)


@pytest.mark.parametrize("text", TEXTS)
def test_match_keys_equal_viz_and_export_matching(corpus, text):
    db, G = corpus
    assert query.match_keys(db, text) == viz.match_nodes(G, text)
    assert query.match_keys(db, text, normalise=ex._norm, order="pagerank") == ex.find_nodes(G, text)


@pytest.mark.parametrize("max_nodes", [None, 0, 5, 40])
@pytest.mark.parametrize("types", TYPES)
@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("text", ["face parsing", "parsing", "image"])
def test_neighbourhood_keys_equal_neighbourhood(corpus, text, depth, types, max_nodes):
    db, G = corpus
    seeds = viz.match_nodes(G, text)
    assert seeds
    expected = neighbourhood(G, seeds, depth=depth, types=types, max_nodes=max_nodes)
    keys = query.neighbourhood_keys(db, seeds, depth, types=types, max_nodes=max_nodes)
    assert len(keys) == len(set(keys))
    assert_same_graph(expected, load_graph(db, keys=keys))
    full = neighbourhood(G, seeds, depth=depth, types=types)
    assert query.neighbourhood_counts(db, seeds, depth, types=types) == type_counts(G, full)


def test_neighbourhood_keys_order_is_nearest_then_pagerank_then_key(corpus):
    db, G = corpus
    seeds = ["task:face parsing"]
    keys = query.neighbourhood_keys(db, seeds, 2)
    hop1 = set(G.successors(seeds[0])) | set(G.predecessors(seeds[0]))
    distance = {k: 0 if k in seeds else 1 if k in hop1 else 2 for k in keys}
    assert keys == sorted(keys, key=lambda k: (distance[k], -G.nodes[k]["pagerank"], k))
    assert query.neighbourhood_keys(db, ["task:no such task"], 2) == []


@pytest.mark.parametrize("options", [
    {}, {"max_nodes": 50}, {"max_nodes": None}, {"types": "paper", "max_nodes": 10}, {"types": "task,model"},
    {"around": "face parsing"}, {"around": "face parsing", "depth": 2, "max_nodes": 20},
    {"around": "parsing", "depth": 2, "types": "task,paper", "max_nodes": 15},
    {"around": "image", "depth": 2}, {"around": "task:face parsing", "depth": 3, "max_nodes": 300},
])
def test_viz_selection_from_db_equals_in_memory(corpus, options):
    db, G = corpus
    expected = viz.select_graph(G, **options)
    got = viz.select_from_db(db, **options)
    assert_same_graph(expected.graph, got.graph)
    assert (got.seeds, got.left_out, got.left_out_by_type) == (expected.seeds, expected.left_out,
                                                               expected.left_out_by_type)
    assert got.notes() == expected.notes()


@pytest.mark.parametrize("options", [
    {}, {"max_nodes": 30}, {"types": ["paper"]}, {"around": "face parsing", "depth": 2},
    {"around": "Face-Segmentation", "depth": 1, "types": ["paper", "task"]},
    {"around": "parsing", "depth": 2, "max_nodes": 12},
])
def test_export_selection_from_db_equals_in_memory(corpus, options):
    db, G = corpus
    got, seeds = ex.select_from_db(db, **options)
    assert_same_graph(ex.select_subgraph(G, **options), got)
    assert seeds == (ex.find_nodes(G, options["around"]) if "around" in options else [])


@pytest.mark.parametrize("options, error", [
    ({"around": "zzzz nothing"}, "NodeNotFound"),
    ({"types": ["widget"]}, "ExportError"),
])
def test_export_selection_from_db_errors(corpus, options, error):
    db, G = corpus
    with pytest.raises(Exception) as raised:
        ex.select_from_db(db, **options)
    assert type(raised.value).__name__ == error
    with pytest.raises(type(raised.value)) as old:
        ex.select_subgraph(G, **options)
    assert str(raised.value) == str(old.value)


def test_an_empty_database(tmp_path):
    from kg.errors import EmptySubgraph
    from kg.store import open_db

    db = open_db(tmp_path / "empty.db", create=True)
    assert query.top_keys(db, 10) == [] and query.node_counts(db) == {} and query.match_keys(db, "face") == []
    assert query.neighbourhood_keys(db, ["task:face parsing"], 2) == []
    assert load_graph(db, keys=[]).number_of_nodes() == 0
    selection = viz.select_from_db(db)
    assert selection.graph.number_of_nodes() == 0 and selection.left_out == 0
    with pytest.raises(EmptySubgraph):
        ex.select_from_db(db)
