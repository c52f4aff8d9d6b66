"""Looking nodes up and choosing subgraphs (kg.store.nodes, kg.graph.select) on a real knowledge base.

Each property is checked against the whole graph of the embedded corpus as
networkx loads it: the node set, hop distances and stored PageRank.
"""
from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import EmptySubgraph, NodeNotFound, UnknownNodeType
from kg.graph import load_graph, select, top_nodes, trim
from kg.store import nodes
from kg.store.nodes import lookup_form

TYPES = [None, ("paper",), ("task", "model", "dataset")]


@pytest.fixture(scope="module")
def corpus(built_corpus_db):
    from kg import api

    db = api.open_database(built_corpus_db)
    return db, load_graph(db)


def assert_same_graph(expected, got):
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    assert ({(u, v, k): d for u, v, k, d in got.edges(keys=True, data=True)}
            == {(u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)})


def type_counts(graph, keys) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in keys:
        counts[graph.nodes[key]["type"]] = counts.get(graph.nodes[key]["type"], 0) + 1
    return counts


def names(graph, key) -> set[str]:
    data = graph.nodes[key]
    return {lookup_form(n) for n in [data.get("label"), data.get("name"), *data.get("aliases", [])] if n}


def test_node_stats_hold_exactly_the_graph_nodes(corpus):
    db, G = corpus
    assert set(nodes.top_keys(db, None)) == set(G.nodes)
    assert nodes.node_counts(db) == type_counts(G, G.nodes)
    assert nodes.node_counts(db, types=["paper"]) == {"paper": type_counts(G, G.nodes)["paper"]}


@pytest.mark.parametrize("types", TYPES)
@pytest.mark.parametrize("limit", [1, 10, None])
def test_top_keys_rank_by_pagerank_then_degree_then_key(corpus, limit, types):
    db, G = corpus
    keys = nodes.top_keys(db, limit, types=types)
    ranked = sorted((n for n, t in G.nodes(data="type") if types is None or t in types),
                    key=lambda n: (-G.nodes[n]["pagerank"], -G.nodes[n]["degree"], n))
    assert keys == ranked[:limit]
    assert_same_graph(G.subgraph(keys), load_graph(db, keys=keys))


def test_load_graph_with_keys_ignores_keys_that_are_no_node(corpus):
    db, G = corpus
    some = sorted(G.nodes)[:40]
    unknown = ["task:no such task", "paper:999999", "prompt:424242", "nonsense"]
    assert_same_graph(G.subgraph(some), load_graph(db, keys=some + unknown))
    assert load_graph(db, keys=[]).number_of_nodes() == 0


@pytest.mark.parametrize("text", ["face parsing", "Face Segmentation", "FACE-parsing", "parsing", "facehd 100"])
def test_match_keys_exact_names_before_partial_then_pagerank(corpus, text):
    db, G = corpus
    found = nodes.match_keys(db, text)
    wanted = lookup_form(text)
    assert found
    exact = [k for k in found if wanted in names(G, k)]
    assert exact == found or not exact  # exact matches hide partial ones
    assert all(any(wanted in n for n in names(G, k)) for k in found)
    assert found == sorted(found, key=lambda k: (-G.nodes[k]["pagerank"], k))


@pytest.mark.parametrize("text, expected", [
    ("task:face parsing", ["task:face parsing"]), ("  ", []), ("zzzz nothing", []), ("--", []),
])
def test_match_keys_keys_and_nothing(corpus, text, expected):
    assert nodes.match_keys(corpus[0], text) == expected


def test_match_keys_finds_papers_by_title_words(corpus):
    db, G = corpus
    paper = next(n for n, t in G.nodes(data="type") if t == "paper")
    title = G.nodes[paper]["label"]
    assert paper in nodes.match_keys(db, title)


@pytest.mark.parametrize("text", ["2303.11225", "arXiv:2303.11225v2", "https://arxiv.org/abs/2303.11225"])
def test_match_keys_takes_an_arxiv_id_as_kg_show_does(corpus, text):
    db, G = corpus
    [hiface] = [n for n, data in G.nodes(data=True) if data.get("type") == "paper" and data.get("arxiv_id") == "2303.11225"]
    assert nodes.match_keys(db, text) == [hiface]


@pytest.mark.parametrize("max_nodes", [None, 5, 40])
@pytest.mark.parametrize("types", TYPES)
@pytest.mark.parametrize("depth", [1, 2])
def test_neighbourhood_keys_nearest_first_typed_and_capped(corpus, depth, types, max_nodes):
    db, G = corpus
    seeds = nodes.match_keys(db, "face parsing")
    distance = nx.multi_source_dijkstra_path_length(G.to_undirected(as_view=True), seeds, cutoff=depth, weight=None)
    reach = [k for k in distance if k in seeds or types is None or G.nodes[k]["type"] in types]
    keys = nodes.neighbourhood_keys(db, seeds, depth, types=types, max_nodes=max_nodes)
    ranked = sorted(reach, key=lambda k: (distance[k], -G.nodes[k]["pagerank"], k))
    assert keys == (ranked if max_nodes is None else ranked[:max(max_nodes, len(seeds))])
    assert nodes.neighbourhood_counts(db, seeds, depth, types=types) == type_counts(G, reach)


def test_select_says_what_was_left_out(corpus):
    db, G = corpus
    selection = select(db, max_nodes=50)
    assert selection.graph.number_of_nodes() == 50 and selection.seeds == []
    assert selection.left_out == G.number_of_nodes() - 50
    assert sum(selection.left_out_by_type.values()) == selection.left_out
    assert "raise --max-nodes" in selection.notes()[0] and "--around" in selection.notes()[0]
    assert select(db, max_nodes=None).notes() == []


def test_select_around_keeps_the_seeds_and_only_the_types(corpus):
    db, G = corpus
    selection = select(db, around="face parsing", depth=2, types="paper", max_nodes=10)
    assert selection.seeds[0] == "task:face parsing"
    assert set(selection.seeds) <= set(selection.graph.nodes)
    assert {t for n, t in selection.graph.nodes(data="type") if n not in selection.seeds} == {"paper"}


@pytest.mark.parametrize("options, error, message", [
    ({"around": "zzzz nothing"}, NodeNotFound, "no node matches 'zzzz nothing'"),
    ({"types": "task,planet"}, UnknownNodeType, "unknown node type(s) planet"),
])
def test_select_bad_input(corpus, options, error, message):
    with pytest.raises(error) as raised:
        select(corpus[0], **options)
    assert message in str(raised.value)


def test_select_on_an_empty_database_is_an_error(tmp_path):
    from kg.store import open_db

    db = open_db(tmp_path / "empty.db", create=True)
    assert nodes.top_keys(db, 10) == [] and nodes.match_keys(db, "face") == []
    with pytest.raises(EmptySubgraph, match="kg build"):
        select(db)


def test_trim_ranks_an_answer_graph_by_score(corpus):
    G = nx.MultiDiGraph()
    for key, score in (("question", None), ("task:b", 0.9), ("task:a", 0.9), ("paper:1", 0.2)):
        G.add_node(key, type=key.split(":")[0], score=score)
    G.add_edge("question", "task:b")
    assert top_nodes(G, None) == ["task:b", "task:a", "paper:1", "question"]  # ties: degree, then key
    cut = trim(G, types="task,paper", max_nodes=2)
    assert sorted(cut.graph.nodes) == ["task:a", "task:b"] and cut.left_out_by_type == {"paper": 1}


def test_overview_is_the_top_tasks_with_their_strongest_neighbours(corpus):
    db, G = corpus
    keys = nodes.overview_keys(db, 60)
    assert len(keys) == len(set(keys)) == 60
    tasks = sorted((n for n, t in G.nodes(data="type") if t == "task"), key=lambda n: (-G.nodes[n]["pagerank"], n))
    assert keys[:6] == tasks[:6]
    undirected = G.to_undirected(as_view=True)
    near_a_task = [k for k in keys[6:] if any(t in undirected[k] for t in tasks[:6])]
    assert len(near_a_task) >= len(keys[6:]) // 2
    # the strongest first: the first neighbour listed after the tasks weighs most on its task
    weights = {}
    for u, v, w in G.edges(data="weight"):
        for a, b in ((u, v), (v, u)):
            if a == tasks[0] and b != a:
                weights[b] = weights.get(b, 0.0) + float(w or 1.0)
    assert weights[keys[6]] == max(weights.values())


def test_the_default_selection_is_the_overview(corpus):
    db, G = corpus
    assert sorted(select(db, max_nodes=60).graph.nodes) == sorted(nodes.overview_keys(db, 60))


def test_names_are_found_with_or_without_apostrophes_straight_or_curly(tmp_path):
    import json

    from kg import api

    records = [{"id": f"2501.0000{i}", "title": title, "abstract": abstract, "categories": "cs.CV", "authors": "A B",
                "update_date": "2025-01-06"} for i, (title, abstract) in enumerate([
        ("Raters agree", "We study Alzheimer's disease (AD) diagnosis; agreement reached a Cohen's kappa of 0.81."),
        ("Scans", "This paper addresses Alzheimer’s disease (AD) diagnosis from MRI scans."),
    ], 1)]
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db_path = tmp_path / "kg.db"
    api.build([source], db_path=db_path)
    db = api.open_database(db_path)
    kappa = nodes.match_keys(db, "Cohen's kappa")
    assert kappa and nodes.match_keys(db, "Cohens kappa") == nodes.match_keys(db, "Cohen’s kappa") == kappa
    # the straight and the curly apostrophe make one task, found by either spelling or none
    tasks = nodes.match_keys(db, "alzheimers disease diagnosis")
    assert len(tasks) == 1 and nodes.match_keys(db, "Alzheimer’s disease diagnosis") == tasks


def test_a_name_with_a_bracketed_acronym_is_found_without_it(tmp_path):
    import json

    from kg import api

    record = {"id": "2507.00861", "title": "SafeMap", "categories": "cs.CV", "authors": "A B", "update_date": "2025-07-01",
              "abstract": "SafeMap integrates two key components: the Gaussian-based Perspective View Reconstruction (G-PVR) "
                          "module and the Distillation-based Bird's-Eye-View (BEV) Correction (D-BEVC) module."}
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    api.build([source], db_path=tmp_path / "kg.db")
    db = api.open_database(tmp_path / "kg.db")
    found = nodes.match_keys(db, "bird's-eye-view (BEV) correction")
    assert found and nodes.match_keys(db, "distillation-based bird's-eye-view correction") == found
