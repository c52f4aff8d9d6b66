"""The graph walk: a bounded neighbourhood of the seeds, read from ``edges`` with SQL, then
personalised PageRank over it (pure Python: no networkx import at query time).

Deterministic: nodes and edges are visited in key / id order and ties are broken by key.

>>> edges = [Edge(1, "task:a", "paper:1", "addresses", 1.0), Edge(2, "paper:1", "model:m", "proposes", 1.0)]
>>> hood = Neighbourhood(edges)
>>> ranks = personalised_pagerank(hood, {"task:a": 1.0})
>>> max(ranks, key=ranks.get)
'task:a'
>>> best_paths(hood, {"task:a": 1.0})["model:m"]
['task:a', 'paper:1', 'model:m']
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

# How strongly each relation ties its two nodes for the walk. Citations by prompts and
# "mentions" (methods a paper builds on) say little about what a paper is about.
RELATION_WEIGHT = {
    "addresses": 1.0, "proposes": 1.0, "introduces": 1.0, "asks_about": 1.0, "recommends": 0.8,
    "used_for": 0.8, "subtask_of": 0.6, "uses": 0.5, "implemented_at": 0.5, "evaluated_on": 0.5,
    "cites": 0.2, "mentions": 0.2,
}
DEFAULT_WEIGHT = 0.3
EXCLUDED_PREFIXES = ("prompt:",)  # a prompt cites papers for its own reasons; free questions skip them


@dataclass(frozen=True)
class Edge:
    id: int
    src: str
    dst: str
    relation: str
    weight: float = 1.0
    doc: str = ""
    field: str = ""
    sentence: str = ""


EDGE_COLUMNS = "id, src, dst, relation, weight, doc, field, sentence"
EDGES_FROM = "SELECT " + EDGE_COLUMNS + " FROM edges WHERE src IN ({marks}) ORDER BY id LIMIT ?"
EDGES_TO = "SELECT " + EDGE_COLUMNS + " FROM edges WHERE dst IN ({marks}) ORDER BY id LIMIT ?"


class Neighbourhood:
    """A small undirected weighted view of some edges, with the edges kept for evidence."""

    def __init__(self, edges):
        self.edges = {}
        self.adjacency: dict[str, dict[str, float]] = {}
        for edge in edges:
            self.add(edge)

    def add(self, edge: Edge) -> None:
        if edge.id in self.edges or edge.src == edge.dst:
            return
        self.edges[edge.id] = edge
        w = max(edge.weight, 0.0) * RELATION_WEIGHT.get(edge.relation, DEFAULT_WEIGHT)
        for a, b in ((edge.src, edge.dst), (edge.dst, edge.src)):
            row = self.adjacency.setdefault(a, {})
            row[b] = row.get(b, 0.0) + w

    @property
    def nodes(self) -> list[str]:
        return sorted(self.adjacency)

    def strength(self, a: str, b: str) -> float:
        """Multi-edges count, with diminishing returns."""
        return math.sqrt(self.adjacency.get(a, {}).get(b, 0.0))

    def between(self, a: str, b: str) -> list[Edge]:
        return [e for _, e in sorted(self.edges.items()) if {e.src, e.dst} == {a, b}]


def _excluded(key: str) -> bool:
    return key.startswith(EXCLUDED_PREFIXES)


def fetch_neighbourhood(conn, seeds, *, hops: int = 2, max_edges: int = 20000,
                        max_frontier: int = 400) -> Neighbourhood:
    """Edges within `hops` of the seeds (SQL over the indexed src/dst columns), capped."""
    hood = Neighbourhood([])
    visited = set()
    frontier = sorted(k for k in seeds if not _excluded(k))
    for hop in range(hops):
        frontier = [k for k in frontier if k not in visited][:max_frontier]
        if not frontier or len(hood.edges) >= max_edges:
            break
        visited.update(frontier)
        fresh = set()
        for start in range(0, len(frontier), 400):
            chunk = frontier[start:start + 400]
            marks = ",".join("?" * len(chunk))
            for sql in (EDGES_FROM, EDGES_TO):
                budget = max_edges - len(hood.edges)
                if budget <= 0:
                    break
                for row in conn.execute(sql.format(marks=marks), (*chunk, budget)):
                    edge = Edge(*row[:5], doc=row[5] or "", field=row[6] or "", sentence=row[7] or "")
                    if _excluded(edge.src) or _excluded(edge.dst):
                        continue
                    hood.add(edge)
                    fresh.update((edge.src, edge.dst))
        # Go on through tasks, models and datasets first: they are what links papers together.
        fresh -= visited
        frontier = sorted(fresh, key=lambda k: (k.startswith("paper:"), k))
    for key in seeds:
        if not _excluded(key):
            hood.adjacency.setdefault(key, {})
    return hood


def personalised_pagerank(hood: Neighbourhood, personalisation: dict, *, damping: float = 0.7,
                          iterations: int = 50, tolerance: float = 1e-10) -> dict[str, float]:
    """PageRank with restarts at the seeds (weights normalised), over the undirected neighbourhood."""
    nodes = hood.nodes
    total = sum(v for k, v in personalisation.items() if k in hood.adjacency and v > 0)
    if not nodes or total <= 0:
        return {}
    restart = {k: personalisation[k] / total for k in sorted(personalisation)
               if k in hood.adjacency and personalisation[k] > 0}
    out_weight = {n: sum(math.sqrt(w) for w in hood.adjacency[n].values()) for n in nodes}
    rank = dict.fromkeys(nodes, 0.0)
    rank.update(restart)
    for _ in range(iterations):
        nxt = dict.fromkeys(nodes, 0.0)
        dangling = 0.0
        for n in nodes:
            mass = rank[n]
            if not mass:
                continue
            if out_weight[n] <= 0:
                dangling += mass
                continue
            share = damping * mass / out_weight[n]
            for m, w in hood.adjacency[n].items():
                nxt[m] += share * math.sqrt(w)
        leftover = (1 - damping) + damping * dangling
        for k, v in restart.items():
            nxt[k] += leftover * v
        change = sum(abs(nxt[n] - rank[n]) for n in nodes)
        rank = nxt
        if change < tolerance:
            break
    return rank


def best_paths(hood: Neighbourhood, seeds: dict, *, decay: float = 0.6) -> dict[str, list[str]]:
    """For each node, the strongest path from a seed (seed weight × edge strengths × decay per hop)."""
    heap = [(-math.log(w), k, (k,)) for k, w in sorted(seeds.items()) if w > 0 and k in hood.adjacency]
    heapq.heapify(heap)
    paths = {}
    while heap:
        cost, node, path = heapq.heappop(heap)
        if node in paths:
            continue
        paths[node] = list(path)
        for nxt in sorted(hood.adjacency.get(node, {})):
            if nxt in paths:
                continue
            strength = min(hood.strength(node, nxt), 1.0) * decay
            if strength <= 0:
                continue
            heapq.heappush(heap, (cost - math.log(strength), nxt, path + (nxt,)))
    return paths
