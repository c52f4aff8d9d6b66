"""Building the networkx graph from the tables, and the statistics stored at build time."""
from __future__ import annotations

from kg.store import graph as store
from kg.store.graph import EDGE_FIELDS


def load_graph(db, *, keys=None, with_isolated_papers: bool = False):
    """The knowledge graph: entities, papers and prompts as typed nodes, edges with evidence.

    With `keys`, only those nodes and the edges among them are read (keys that are
    no node of the whole graph are ignored), so the result equals
    ``load_graph(db).subgraph(keys)`` without ever holding the whole graph; choose the
    keys with :mod:`kg.graph.select`.
    """
    import networkx as nx

    conn = db.conn
    graph = nx.MultiDiGraph()
    _add_entities(graph, store.entity_rows(conn, keys), store.alias_rows(conn, keys))
    _add_prompts(graph, store.prompt_rows(conn, keys))
    _add_results(graph, store.result_rows(conn, keys))
    _add_papers(graph, store.paper_rows(conn, store.paper_node_ids(conn, keys, isolated=with_isolated_papers)))
    _add_edges(graph, store.edge_rows(conn, None if keys is None else sorted(graph.nodes)))
    return graph


def _add_entities(graph, entities, aliases) -> None:
    for key, type_, name, definition, input_, output, url, in_vocabulary, mentions, degree, pagerank in entities:
        graph.add_node(key, type=type_, label=name, name=name, definition=definition, input=input_, output=output,
                       url=url, in_vocabulary=bool(in_vocabulary), mentions=mentions, degree=degree,
                       pagerank=pagerank, aliases=[])
    for key, alias in aliases:
        if key in graph and alias not in graph.nodes[key]["aliases"]:
            graph.nodes[key]["aliases"].append(alias)


def _add_prompts(graph, prompts) -> None:
    for prompt_id, name, question, degree, pagerank in prompts:
        graph.add_node(f"prompt:{prompt_id}", type="prompt", label=name, name=name, question=question,
                       aliases=[], mentions=0, degree=degree, pagerank=pagerank)


def _add_results(graph, results) -> None:
    for key, value, unit, metric, dataset, kind, model, sentence, degree, pagerank in results:
        label = f"{'+' if kind == 'gain' else '-' if kind == 'reduction' else ''}{value}{unit} {metric or ''}".strip()
        graph.add_node(key, type="result", label=label, name=label, value=value, unit=unit, metric=metric,
                       dataset=dataset, kind=kind, model=model, sentence=sentence, aliases=[], mentions=0,
                       degree=degree, pagerank=pagerank)


def _add_papers(graph, papers) -> None:
    for paper_id, title, arxiv_id, url, github, corpus_link, abstract, degree, pagerank in papers:
        graph.add_node(f"paper:{paper_id}", type="paper", label=title, title=title, name=title, arxiv_id=arxiv_id,
                       url=url, github=github, corpus_link=corpus_link, abstract=abstract, aliases=[], mentions=0,
                       degree=degree, pagerank=pagerank)


def _add_edges(graph, edges) -> None:
    for row in edges:
        edge_id, src, dst = row[0], row[1], row[2]
        if src in graph and dst in graph:
            graph.add_edge(src, dst, key=edge_id, **dict(zip(EDGE_FIELDS, row[3:])))


def table_stats(db, *, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> dict[str, tuple[int, float]]:
    """Degree and PageRank of every node of :func:`load_graph`'s graph, read straight from the tables.

    The one PageRank of the graph: the power iteration of ``nx.pagerank`` on the
    undirected weighted graph (edge weights between two nodes summed). Only node keys
    and (src, dst, weight) triples are held, as numpy arrays, so a build of hundreds
    of thousands of papers never holds the attributed graph in memory.
    """
    import numpy as np

    from kg.graph.rank import pagerank

    keys = store.stat_node_keys(db.conn)
    if not keys:
        return {}
    index = {key: position for position, key in enumerate(keys)}
    sources, targets, weights = [], [], []
    for src, dst, weight in store.weighted_edges(db.conn):
        s, d = index.get(src), index.get(dst)
        if s is not None and d is not None:
            sources.append(s)
            targets.append(d)
            weights.append(float(weight or 1.0))
    n = len(keys)
    src_array = np.asarray(sources, dtype=np.int64)
    dst_array = np.asarray(targets, dtype=np.int64)
    weight_array = np.asarray(weights, dtype=float)
    del sources, targets, weights
    # MultiDiGraph degree: in + out edges, a self-loop counting twice
    degree = np.bincount(src_array, minlength=n) + np.bincount(dst_array, minlength=n)
    # the undirected graph: each edge both ways, a self-loop once
    loops = src_array == dst_array
    ranks = pagerank(n, np.concatenate([src_array, dst_array[~loops]]), np.concatenate([dst_array, src_array[~loops]]),
                     np.concatenate([weight_array, weight_array[~loops]]), alpha=alpha, max_iter=max_iter, tol=tol)
    if not ranks.converged:
        import networkx as nx

        raise nx.PowerIterationFailedConvergence(max_iter)
    return {key: (int(degree[i]), float(ranks.values[i])) for i, key in enumerate(keys)}


def store_stats(db, stats: dict[str, tuple[int, float]]) -> None:
    """Keep the (degree, PageRank) of :func:`table_stats` for every later command."""
    store.replace_node_stats(db.conn, stats)
