"""Graph statistics computed from the tables match the networkx graph's, and build reports its timings."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def built_db(tmp_path_factory):
    from kg import api

    db_path = tmp_path_factory.mktemp("stats") / "kg.db"
    report = api.build(db_path=db_path)
    return db_path, report


def networkx_stats(graph) -> dict[str, tuple[int, float]]:
    """Degree and nx.pagerank on the undirected graph, the weights of parallel edges summed."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for src, dst, weight in graph.edges(data="weight"):
        previous = simple.get_edge_data(src, dst, {"weight": 0.0})["weight"]
        simple.add_edge(src, dst, weight=previous + float(weight or 1.0))
    rank = nx.pagerank(simple, weight="weight")
    return {node: (graph.degree(node), rank[node]) for node in sorted(graph.nodes)}


def test_table_stats_equal_networkx_stats(built_db):
    from kg import api
    from kg.graph import load_graph, table_stats

    db = api.open_database(built_db[0])
    expected = networkx_stats(load_graph(db))
    found = table_stats(db)
    assert list(found) == list(expected)
    for key, (degree, rank) in expected.items():
        assert found[key][0] == degree, key
        assert found[key][1] == pytest.approx(rank, rel=1e-9, abs=1e-15), key


def test_stored_stats_are_table_stats(built_db):
    from kg import api
    from kg.graph import table_stats

    db = api.open_database(built_db[0])
    stored = {key: (degree, rank) for key, degree, rank in db.conn.execute("SELECT key, degree, pagerank FROM node_stats")}
    computed = table_stats(db)
    assert sorted(stored) == list(computed)
    assert all(stored[key] == (degree, pytest.approx(rank)) for key, (degree, rank) in computed.items())
    assert sum(rank for _, rank in stored.values()) == pytest.approx(1.0)


def test_build_reports_timings(built_db):
    timings = built_db[1].to_dict()["timings"]
    assert sorted(timings) == ["embed", "graph", "ingest", "nlp"]
    assert all(seconds >= 0 for seconds in timings.values())


def test_table_stats_of_an_empty_database(tmp_path):
    from kg import api
    from kg.graph import table_stats

    assert table_stats(api.open_database(tmp_path / "empty.db", create=True)) == {}
