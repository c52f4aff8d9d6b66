"""The knowledge graph as a networkx MultiDiGraph, and pure functions over it.

Building reads the tables (:func:`load_graph`, all of it or only chosen keys); the
selectors of :mod:`kg.graph.query` choose keys in SQL, so a big knowledge base is never
loaded whole; everything else takes a graph and returns plain values or new graphs, in a
deterministic order (ties by key).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("paper:1", "task:face parsing", relation="addresses", weight=1.0)
0
>>> sorted(neighbourhood(G, ["task:face parsing"], depth=1).nodes)
['paper:1', 'task:face parsing']
"""
from __future__ import annotations

from kg.graph.build import compute_stats, load_graph, store_stats, table_stats
from kg.graph.query import match_keys, neighbourhood_counts, neighbourhood_keys, node_counts, top_keys
from kg.graph.select import neighbourhood, top_nodes

__all__ = ["load_graph", "compute_stats", "table_stats", "store_stats", "neighbourhood", "top_nodes",
           "top_keys", "node_counts", "neighbourhood_keys", "neighbourhood_counts", "match_keys"]
