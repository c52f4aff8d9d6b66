"""The knowledge graph as a networkx MultiDiGraph, and pure functions over it.

Building reads the tables (:func:`load_graph`, all of it or only chosen keys);
:func:`select` chooses the keys in SQL (:mod:`kg.store.nodes`), so a big knowledge
base is never loaded whole; everything else takes a graph and returns plain values
or new graphs, in a deterministic order (ties by key).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("paper:1", "task:face parsing", relation="addresses", weight=1.0)
0
>>> top_nodes(G, 1)
['paper:1']
"""
from __future__ import annotations

from kg.graph.build import load_graph, store_stats, table_stats
from kg.graph.select import Selection, parse_types, select, top_nodes, trim

__all__ = ["load_graph", "table_stats", "store_stats", "Selection", "parse_types", "select", "top_nodes", "trim"]
