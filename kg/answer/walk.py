"""The graph walk: a bounded neighbourhood of the seeds, read from ``edges`` with SQL, then
personalised PageRank over it (pure Python: no networkx import at query time).

The neighbourhood is bounded however large the knowledge base is: each node contributes at
most its heaviest few edges (read through the ``edges_src`` / ``edges_dst`` indexes, a bounded
window per node), nodes are expanded most-relevant first, and hubs (``node_stats.degree``) are
expanded sparingly, so one question reads a few thousand edges whether the corpus holds 70 papers
or 250,000.

Deterministic: nodes and edges are visited in a fixed order and ties are broken by key / id.

>>> edges = [Edge(1, "task:a", "paper:1", "addresses", 1.0), Edge(2, "paper:1", "model:m", "proposes", 1.0)]
>>> hood = Neighbourhood(edges)
>>> ranks = personalised_pagerank(hood, {"task:a": 1.0})
>>> max(ranks, key=ranks.get)
'task:a'
>>> best_paths(hood, {"task:a": 1.0})["model:m"]
['task:a', 'paper:1', 'model:m']
>>> [e.id for e in hood.incident("paper:1")]
[1, 2]
"""
from __future__ import annotations

import heapq
import math
from operator import sub
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

# Bounds of the neighbourhood (see fetch_neighbourhood).
MAX_EDGES = 2000
SEED_FAN_OUT = 60  # heaviest edges per seed and direction
FAN_OUT = 30  # per node and direction beyond the seeds (a paper's edges are all read)
HUB_FAN_OUT = 4  # per direction for a hub reached by the walk (not a seed)
HUB_DEGREE = 300  # node_stats.degree above which a node is a hub
SEED_SCAN_WINDOW = 2000  # index entries read per seed and direction before picking the heaviest
SCAN_WINDOW = 300  # ... per other node
MAX_FRONTIER = 400
MAX_CAPPED = 40  # beyond the seeds, nodes with more edges than their cap expanded per hop (one query each)


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

    def other(self, key: str) -> str:
        return self.dst if self.src == key else self.src


EDGE_COLUMNS = "id, src, dst, relation, weight, doc, field, sentence"
# The heaviest edges of one node, among the first few hundred entries of its index (bounded however
# big a hub is); ties by id.
EDGES_FROM_NODE = ("SELECT " + EDGE_COLUMNS + " FROM edges WHERE id IN "
                   "(SELECT id FROM edges WHERE src = ? LIMIT ?) ORDER BY weight DESC, id LIMIT ?")
EDGES_TO_NODE = ("SELECT " + EDGE_COLUMNS + " FROM edges WHERE id IN "
                 "(SELECT id FROM edges WHERE dst = ? LIMIT ?) ORDER BY weight DESC, id LIMIT ?")
EDGES_FROM_NODES = "SELECT " + EDGE_COLUMNS + " FROM edges WHERE src IN ({marks}) ORDER BY id"
EDGES_TO_NODES = "SELECT " + EDGE_COLUMNS + " FROM edges WHERE dst IN ({marks}) ORDER BY id"
NODE_DEGREES = "SELECT key, degree FROM node_stats WHERE key IN ({marks})"


def walk_weight(edge: Edge) -> float:
    """The edge's weight for the walk: stored weight × how much its relation says."""
    return max(edge.weight, 0.0) * RELATION_WEIGHT.get(edge.relation, DEFAULT_WEIGHT)


class Neighbourhood:
    """A small undirected weighted view of some edges, with the edges kept for evidence.

    ``adjacency`` sums the walk weights of the edges between two nodes; ``incident(key)`` lists a
    node's edges in id order. The PageRank transition table is built once, on first use.
    """

    def __init__(self, edges=()):
        self.edges: dict[int, Edge] = {}
        self.adjacency: dict[str, dict[str, float]] = {}
        self._incident: dict[str, list[Edge]] = {}
        self._sorted: set[str] = set()
        self._transitions = None
        for edge in edges:
            self.add(edge)

    def add(self, edge: Edge) -> bool:
        if edge.id in self.edges or edge.src == edge.dst:
            return False
        self.edges[edge.id] = edge
        w = walk_weight(edge)
        for a, b in ((edge.src, edge.dst), (edge.dst, edge.src)):
            row = self.adjacency.setdefault(a, {})
            row[b] = row.get(b, 0.0) + w
            self._incident.setdefault(a, []).append(edge)
            self._sorted.discard(a)
        self._transitions = None
        return True

    def touch(self, key: str) -> None:
        """Make `key` a node even without edges (a seed the walk restarts at)."""
        if key not in self.adjacency:
            self.adjacency[key] = {}
            self._transitions = None

    @property
    def nodes(self) -> list[str]:
        return sorted(self.adjacency)

    def incident(self, key: str) -> list[Edge]:
        """The node's edges, in id order."""
        edges = self._incident.get(key)
        if not edges:
            return []
        if key not in self._sorted:
            edges.sort(key=lambda e: e.id)
            self._sorted.add(key)
        return edges

    def strength(self, a: str, b: str) -> float:
        """Multi-edges count, with diminishing returns."""
        return math.sqrt(self.adjacency.get(a, {}).get(b, 0.0))

    def between(self, a: str, b: str) -> list[Edge]:
        return [e for e in self.incident(a) if e.other(a) == b]

    def transitions(self):
        """(nodes, index, rows, out_weight): rows[i] = [(j, strength)] in neighbour order (built once)."""
        if self._transitions is None:
            nodes = self.nodes
            index = {n: i for i, n in enumerate(nodes)}
            rows, out_weight = [], []
            for n in nodes:
                row = [(index[m], math.sqrt(w)) for m, w in sorted(self.adjacency[n].items())]
                rows.append(row)
                out_weight.append(sum(s for _, s in row))
            self._transitions = (nodes, index, rows, out_weight)
        return self._transitions


def _excluded(key: str) -> bool:
    return key.startswith(EXCLUDED_PREFIXES)


def _degrees(conn, keys) -> dict[str, int]:
    """node_stats.degree of the keys (empty when the table is missing: then no node is a hub)."""
    import sqlite3

    out = {}
    keys = sorted(keys)
    try:
        for start in range(0, len(keys), 400):
            chunk = keys[start:start + 400]
            out.update(conn.execute(NODE_DEGREES.format(marks=",".join("?" * len(chunk))), chunk).fetchall())
    except sqlite3.OperationalError:
        return {}
    return out


def _row_edge(row) -> Edge:
    return Edge(*row[:5], doc=row[5] or "", field=row[6] or "", sentence=row[7] or "")


def _all_edges(conn, keys) -> dict[str, list[Edge]]:
    """Every edge of each of the keys (nodes known to have few), heaviest first, ties by id."""
    out = {k: [] for k in keys}
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        marks = ",".join("?" * len(chunk))
        for sql in (EDGES_FROM_NODES, EDGES_TO_NODES):
            for row in conn.execute(sql.format(marks=marks), chunk):
                edge = _row_edge(row)
                for key in (edge.src, edge.dst):
                    if key in out and (key == edge.src or edge.src != edge.dst):
                        out[key].append(edge)
    for edges in out.values():
        edges.sort(key=lambda e: (-e.weight, e.id))
    return out


def fetch_neighbourhood(conn, seeds, *, hops: int = 2, max_edges: int = MAX_EDGES,
                        max_frontier: int = MAX_FRONTIER, seed_fan_out: int = SEED_FAN_OUT,
                        fan_out: int = FAN_OUT, hub_fan_out: int = HUB_FAN_OUT,
                        hub_degree: int = HUB_DEGREE, max_capped: int = MAX_CAPPED) -> Neighbourhood:
    """Edges within `hops` of the seeds (key → weight), heaviest and most relevant first, bounded.

    Each node contributes at most its `fan_out` heaviest edges per direction (`seed_fan_out` for a
    seed, `hub_fan_out` for a non-seed node of more than `hub_degree` edges); at each hop the
    nodes most strongly tied to what was reached so far are expanded first, at most `max_frontier`
    of them, until `max_edges` edges are held. Nodes whose whole degree (``node_stats``) is within
    their cap are read in a few batched queries; the others one by one, through the index, and
    beyond the seeds only the `max_capped` most relevant of them per hop.
    """
    hood = Neighbourhood()
    seeds = {k: w for k, w in seeds.items() if not _excluded(k)}
    visited: set[str] = set()
    # priority of a node: its seed weight, plus what it is tied to by the edges read so far
    priority = {k: max(w, 0.0) for k, w in seeds.items()}
    frontier = sorted(seeds, key=lambda k: (-priority[k], k))
    for hop in range(hops):
        frontier = [k for k in frontier if k not in visited][:max_frontier]
        if not frontier or len(hood.edges) >= max_edges:
            break
        visited.update(frontier)
        degrees = _degrees(conn, frontier)
        caps = {}
        for key in frontier:
            if hop == 0:
                caps[key] = seed_fan_out
            else:
                caps[key] = hub_fan_out if degrees.get(key, 0) > hub_degree else fan_out
        known = _all_edges(conn, [k for k in frontier if k in degrees and degrees[k] <= caps[k]])
        window = SCAN_WINDOW if hop else SEED_SCAN_WINDOW
        capped = 0
        reached = {}
        for key in frontier:
            if len(hood.edges) >= max_edges:
                break
            if key in known:
                batches = [known[key][:max_edges - len(hood.edges)]]
            else:
                capped += 1
                if hop and capped > max_capped:
                    continue  # a big node far from the seeds: its edges to what is held come from the other side
                batches = []
                for sql in (EDGES_FROM_NODE, EDGES_TO_NODE):
                    budget = min(caps[key], max_edges - len(hood.edges))
                    if budget > 0:
                        batches.append([_row_edge(row) for row in conn.execute(sql, (key, window, budget))])
            for batch in batches:
                for edge in batch:
                    other = edge.other(key)
                    if _excluded(other) or not hood.add(edge):
                        continue
                    if other not in visited:
                        reached[other] = reached.get(other, 0.0) + priority.get(key, 0.0) * walk_weight(edge) + 1e-9
        for other, tie in reached.items():
            priority[other] = priority.get(other, 0.0) + tie
        # Next: the nodes most strongly tied to the seeds; tasks, models and datasets before papers
        # at equal strength (they are what links papers together).
        frontier = sorted(reached, key=lambda k: (-priority[k], k.startswith("paper:"), k))
    for key in sorted(seeds):
        hood.touch(key)
    return hood


def personalised_pagerank(hood: Neighbourhood, personalisation: dict, *, damping: float = 0.7,
                          iterations: int = 50, tolerance: float = 1e-10) -> dict[str, float]:
    """PageRank with restarts at the seeds (weights normalised), over the undirected neighbourhood.

    Edge strengths (square roots of the summed walk weights) and their totals are computed once
    (:meth:`Neighbourhood.transitions`); each iteration is then one pass over integer-indexed lists.
    """
    nodes, index, rows, out_weight = hood.transitions()
    total = sum(v for k, v in personalisation.items() if k in index and v > 0)
    if not nodes or total <= 0:
        return {}
    restart = [(index[k], personalisation[k] / total) for k in sorted(personalisation)
               if k in index and personalisation[k] > 0]
    size = len(nodes)
    rank = [0.0] * size
    for i, v in restart:
        rank[i] = v
    scale = [damping / w if w > 0 else 0.0 for w in out_weight]
    for _ in range(iterations):
        nxt = [0.0] * size
        dangling = 0.0
        for i in range(size):
            mass = rank[i]
            if not mass:
                continue
            s = scale[i]
            if not s:
                dangling += mass
                continue
            share = s * mass
            for j, strength in rows[i]:
                nxt[j] += share * strength
        leftover = (1 - damping) + damping * dangling
        for i, v in restart:
            nxt[i] += leftover * v
        change = sum(map(abs, map(sub, nxt, rank)))
        rank = nxt
        if change < tolerance:
            break
    return dict(zip(nodes, rank))


def best_paths(hood: Neighbourhood, seeds: dict, *, decay: float = 0.6) -> dict[str, list[str]]:
    """For each node, the strongest path from a seed (seed weight × edge strengths × decay per hop)."""
    nodes, index, rows, _ = hood.transitions()
    heap = [(-math.log(w), k, (k,)) for k, w in sorted(seeds.items()) if w > 0 and k in index]
    heapq.heapify(heap)
    paths = {}
    while heap:
        cost, node, path = heapq.heappop(heap)
        if node in paths:
            continue
        paths[node] = list(path)
        for j, strength in rows[index[node]]:
            nxt = nodes[j]
            if nxt in paths:
                continue
            strength = min(strength, 1.0) * decay
            if strength <= 0:
                continue
            heapq.heappush(heap, (cost - math.log(strength), nxt, path + (nxt,)))
    return paths
