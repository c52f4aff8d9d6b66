"""The knowledge graph as a networkx MultiDiGraph, and pure functions over it.

Building reads the tables (:func:`load_graph`); everything else takes a graph
and returns plain values or new graphs, in a deterministic order (ties by key).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("paper:1", "task:face parsing", relation="addresses", weight=1.0)
0
>>> sorted(neighbourhood(G, ["task:face parsing"], depth=1).nodes)
['paper:1', 'task:face parsing']
"""
from __future__ import annotations

from kg.graph.build import compute_stats, load_graph, store_stats, table_stats
from kg.graph.select import neighbourhood, top_nodes

__all__ = ["load_graph", "compute_stats", "table_stats", "store_stats", "neighbourhood", "top_nodes"]
