"""Communities of the drawn subgraph: a seeded partition, named by each group's top task."""
from __future__ import annotations

from kg.graph import select
from kg.graph.communities import communities


def test_communities_partition_the_graph_reproducibly(built_corpus_db):
    from kg import api

    graph = select(api.open_database(built_corpus_db), max_nodes=300).graph
    first, second = communities(graph), communities(graph.copy())
    assert [(c.name, c.members) for c in first] == [(c.name, c.members) for c in second]
    members = [key for c in first for key in c.members]
    assert sorted(members) == sorted(graph.nodes) and len(first) > 1
    assert [len(c.members) for c in first] == sorted((len(c.members) for c in first), reverse=True)
    for community in first:
        tasks = [k for k in community.members if graph.nodes[k]["type"] == "task"]
        if tasks:
            best = max(graph.nodes[k]["pagerank"] for k in tasks)
            assert graph.nodes[community.top]["type"] == "task" and graph.nodes[community.top]["pagerank"] == best
            assert community.name == graph.nodes[community.top]["label"]


def test_the_page_colours_and_names_communities(built_corpus_db):
    from kg import api
    from kg.viz import page_data

    data = page_data(select(api.open_database(built_corpus_db), max_nodes=120).graph, positions=False)
    legend = {c["rank"]: c for c in data["communities"]}
    assert legend
    for node in data["nodes"]:
        if node["community"] in legend:
            assert node["communityColour"] == legend[node["community"]]["colour"]
    assert len({c["colour"] for c in legend.values()}) == len(legend)
    assert all(key.startswith("task:") for key in data["entryTasks"])
