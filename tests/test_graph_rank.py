"""kg.graph.rank.pagerank against networkx's PageRank, with and without restarts at seeds."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.graph.rank import pagerank


def random_graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.Graph()
    graph.add_nodes_from(range(30))  # some stay isolated: dangling nodes
    for _ in range(60):
        u, v = rng.randrange(25), rng.randrange(25)
        if u != v:
            graph.add_edge(u, v, weight=graph.get_edge_data(u, v, {"weight": 0})["weight"] + rng.random() + 0.1)
    return graph


def arcs(graph):
    pairs = [(u, v, w) for u, v, w in graph.edges(data="weight")]
    return ([u for u, v, _ in pairs] + [v for u, v, _ in pairs], [v for u, v, _ in pairs] + [u for u, v, _ in pairs],
            [w for *_, w in pairs] * 2)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("restart", [None, {0: 1.0}, {1: 2.0, 7: 1.0, 29: 1.0}])
def test_pagerank_equals_networkx(seed, restart):
    graph = random_graph(seed)
    ranks = pagerank(30, *arcs(graph), alpha=0.7, restart=restart, tol=1e-12, max_iter=1000)
    expected = nx.pagerank(graph, alpha=0.7, personalization=restart, weight="weight", tol=1e-12, max_iter=1000)
    assert ranks.converged
    assert [float(v) for v in ranks.values] == pytest.approx([expected[i] for i in range(30)], abs=1e-9)


def test_pagerank_reports_when_it_does_not_converge():
    graph = random_graph(0)
    assert not pagerank(30, *arcs(graph), max_iter=2, tol=1e-15).converged
