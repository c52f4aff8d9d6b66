"""Choosing subgraphs: neighbourhoods of seed nodes and the most important nodes."""
from __future__ import annotations


def neighbourhood(graph, seeds, *, depth: int = 1, types=None, max_nodes: int | None = None):
    """The subgraph within `depth` hops (either direction) of `seeds`, optionally typed and capped.

    Seeds are always kept; other nodes are kept nearest first, then by PageRank, then by key.
    """
    seeds = [s for s in seeds if s in graph]
    distance = {seed: 0 for seed in seeds}
    frontier = sorted(seeds)
    for hop in range(1, depth + 1):
        nxt = set()
        for node in frontier:
            for other in list(graph.successors(node)) + list(graph.predecessors(node)):
                if other not in distance:
                    distance[other] = hop
                    nxt.add(other)
        frontier = sorted(nxt)
    keep = [n for n in distance if n in seeds or types is None or graph.nodes[n].get("type") in types]
    keep.sort(key=lambda n: (distance[n], -float(graph.nodes[n].get("pagerank") or 0), n))
    if max_nodes is not None:
        keep = keep[:max(max_nodes, len(seeds))]
    return graph.subgraph(keep).copy()


def top_nodes(graph, limit: int, *, types=None) -> list[str]:
    """The `limit` most important nodes (PageRank, then degree, then key)."""
    nodes = [n for n, data in graph.nodes(data=True) if types is None or data.get("type") in types]
    nodes.sort(key=lambda n: (-float(graph.nodes[n].get("pagerank") or 0), -graph.degree(n), n))
    return nodes[:limit]
