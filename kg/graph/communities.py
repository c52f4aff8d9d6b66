"""Communities of a (drawn) subgraph: seeded Louvain, each named by its most important task.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for a, b in [("task:x", "paper:1"), ("paper:1", "model:m"), ("task:y", "paper:2"), ("paper:2", "model:n")]:
...     _ = G.add_edge(a, b)
>>> G.nodes["task:x"].update(type="task", label="x", pagerank=0.3)
>>> G.nodes["task:y"].update(type="task", label="y", pagerank=0.2)
>>> [(c.name, c.members) for c in communities(G)]
[('x', ['model:m', 'paper:1', 'task:x']), ('y', ['model:n', 'paper:2', 'task:y'])]
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.graph.select import importance


@dataclass
class Community:
    """A group of densely linked nodes, named by its top task (else its top node) and listed by key."""

    name: str
    top: str
    members: list[str] = field(default_factory=list)


def communities(graph, *, seed: int = 0, resolution: float = 1.0) -> list[Community]:
    """Louvain communities of `graph` (undirected, edge weights summed), largest first, then by top node.

    The same graph and `seed` give the same communities on every run.
    """
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v, weight in sorted(graph.edges(data="weight"), key=lambda e: (e[0], e[1])):
        if u != v:
            previous = simple.get_edge_data(u, v, {"weight": 0.0})["weight"]
            simple.add_edge(u, v, weight=previous + float(weight or 1.0))
    groups = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    found = []
    for group in groups:
        ranked = sorted(group, key=lambda n: (-importance(graph.nodes[n]), n))
        tasks = [n for n in ranked if graph.nodes[n].get("type") == "task"]
        top = (tasks or ranked)[0]
        data = graph.nodes[top]
        found.append(Community(str(data.get("label") or data.get("name") or top), top, sorted(group)))
    found.sort(key=lambda c: (-len(c.members), -importance(graph.nodes[c.top]), c.top))
    return found
