"""Choosing the subgraph to draw or export: one selection for ``kg graph``, ``kg export`` and notebooks.

:func:`select` picks node keys in SQL (:mod:`kg.store.nodes`: the name/alias
lookup and the ranking) and loads only those nodes, so a knowledge base of any
size gives a bounded subgraph; :class:`Selection` says what was left out and how
to get more. A graph that is not in the database (the subgraph behind an answer)
is cut to size by :func:`trim`, with the same ranking: PageRank (an answer's
score where a node has no PageRank), then degree, then key.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("task:face parsing", type="task", pagerank=0.6)
>>> G.add_node("paper:1", type="paper", pagerank=0.4)
>>> G.add_edge("paper:1", "task:face parsing", relation="addresses")
0
>>> top_nodes(G, 1), top_nodes(G, 5, types=["paper"])
(['task:face parsing'], ['paper:1'])
>>> cut = trim(G, max_nodes=1)
>>> sorted(cut.graph.nodes), cut.left_out, cut.notes()[0][:32]
(['task:face parsing'], 1, 'left out 1 node(s) of lower rank')
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import EmptySubgraph, NodeNotFound, UnknownNodeType
from kg.style import NODE_TYPES


@dataclass
class Selection:
    """The chosen subgraph, the seeds it was grown from, and what was left out (by type)."""

    graph: object
    seeds: list[str] = field(default_factory=list)
    left_out: int = 0
    left_out_by_type: dict[str, int] = field(default_factory=dict)
    max_nodes: int | None = None

    def notes(self) -> list[str]:
        """Sentences for people about what the selection does not hold and how to get it."""
        if not self.left_out:
            return []
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.left_out_by_type.items()))
        return [f"left out {self.left_out} node(s) of lower rank ({kinds}); showing "
                f"{self.graph.number_of_nodes()} — raise --max-nodes, or narrow with --around NAME or --types"]


def parse_types(types) -> tuple[str, ...] | None:
    """`"task,model"` or an iterable of names → a checked tuple of node types (None: all).

    >>> parse_types("task, model"), parse_types(None)
    (('task', 'model'), None)
    """
    if types is None or types == "" or types == ():
        return None
    names = [t.strip().lower() for part in ([types] if isinstance(types, str) else types)
             for t in str(part).split(",") if t.strip()]
    unknown = sorted(set(n for n in names if n not in NODE_TYPES))
    if unknown:
        raise UnknownNodeType(f"unknown node type(s) {', '.join(unknown)}: choose from {', '.join(NODE_TYPES)}")
    return tuple(dict.fromkeys(names)) or None


def importance(data: dict) -> float:
    """A node's rank weight: its PageRank, else (in an answer's subgraph) its score."""
    value = data.get("pagerank")
    if value is None:
        value = data.get("score")
    return max(float(value or 0), 0.0)


def top_nodes(graph, limit: int | None, *, types=None) -> list[str]:
    """The `limit` most important nodes of an in-memory graph (importance, then degree, then key)."""
    nodes = [n for n, data in graph.nodes(data=True) if types is None or data.get("type") in types]
    nodes.sort(key=lambda n: (-importance(graph.nodes[n]), -graph.degree(n), n))
    return nodes if limit is None else nodes[:limit]


def trim(graph, *, types=None, max_nodes: int | None = None) -> Selection:
    """`graph` (not read from the database, e.g. an answer's subgraph) kept to `types` and its `max_nodes` top nodes."""
    wanted = parse_types(types)
    ranked = top_nodes(graph, None, types=wanted)
    kept = ranked if max_nodes is None else ranked[:max_nodes]
    by_type: dict[str, int] = {}
    for node in ranked[len(kept):]:
        kind = str(graph.nodes[node].get("type") or "other")
        by_type[kind] = by_type.get(kind, 0) + 1
    return Selection(graph.subgraph(kept).copy(), [], len(ranked) - len(kept), by_type, max_nodes)


def select(db, *, around=None, depth: int = 1, types=None, max_nodes: int | None = None) -> Selection:
    """The subgraph of `db` to draw or export, loading only the nodes it keeps.

    With `around` (a node key, or text matched against names, aliases and titles):
    the nodes within `depth` hops of the matching nodes, nearest first, then by
    PageRank; else, capped, an overview (the top tasks with their strongest papers,
    models and datasets: :func:`kg.store.nodes.overview_keys`), or with `types` the
    top nodes of those types by PageRank. `types` keeps only those node types
    (seeds always stay); `max_nodes` caps the count. What was left out is counted in
    SQL. Raises :class:`NodeNotFound` when `around` matches nothing and
    :class:`EmptySubgraph` when nothing is left.
    """
    from kg.graph.build import load_graph
    from kg.store import nodes

    wanted = parse_types(types)
    seeds = []
    if around:
        seeds = nodes.match_keys(db, around)
        if not seeds:
            raise NodeNotFound(f"no node matches {around!r}: give a node key (task:…, model:…, paper:<id>) "
                               "or part of a name or title; see kg entities")
        keys = nodes.neighbourhood_keys(db, seeds, depth, types=wanted, max_nodes=max_nodes)
        cut = max_nodes is not None and len(keys) >= max(max_nodes, len(seeds))
        total = nodes.neighbourhood_counts(db, seeds, depth, types=wanted) if cut else {}
    elif max_nodes is not None and wanted is None:
        keys = nodes.overview_keys(db, max_nodes)
        total = nodes.node_counts(db)
    else:
        keys = nodes.top_keys(db, max_nodes, types=wanted)
        cut = max_nodes is not None and len(keys) >= max_nodes
        total = nodes.node_counts(db, types=wanted) if cut else {}
    kept = load_graph(db, keys=keys)
    if kept.number_of_nodes() == 0:
        what = f" of type {', '.join(wanted)}" if wanted else ""
        raise EmptySubgraph(f"the subgraph is empty: no node{what} — widen --depth or --types, "
                            "or run \"kg build\" first")
    by_type = dict(total)
    for _, kind in kept.nodes(data="type"):
        if kind in by_type:
            by_type[kind] -= 1
    by_type = {kind: n for kind, n in by_type.items() if n > 0}
    return Selection(kept, seeds, sum(by_type.values()), by_type, max_nodes)
