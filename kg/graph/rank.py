"""PageRank: the one power iteration kg uses, over weighted arcs held as numpy arrays.

The build ranks the whole graph with it (:func:`kg.graph.build.table_stats`, uniform
restarts, as ``nx.pagerank``); a walk from seed nodes ranks a neighbourhood with it
(restarts at the seeds: personalised PageRank). Only numpy is needed, so a caller on
``kg ask``'s path pays no scipy or networkx import.

>>> ranks = pagerank(3, [0, 1, 1, 2], [1, 0, 2, 1], [1.0, 1.0, 1.0, 1.0])
>>> [round(float(r), 3) for r in ranks.values], ranks.converged
([0.257, 0.486, 0.257], True)
>>> seeded = pagerank(3, [0, 1, 1, 2], [1, 0, 2, 1], [1.0] * 4, restart={0: 1.0}, alpha=0.7)
>>> max(range(3), key=lambda i: seeded.values[i])
0
"""
from __future__ import annotations

from typing import NamedTuple


class Ranks(NamedTuple):
    """The PageRank of each node index, and whether the iteration converged within its bound."""

    values: object  # numpy array, one value per node index
    converged: bool


def pagerank(size: int, sources, targets, weights, *, alpha: float = 0.85, restart: dict | None = None,
             max_iter: int = 100, tol: float = 1.0e-6) -> Ranks:
    """PageRank of nodes ``0 … size-1`` over the arcs ``sources[i] → targets[i]`` of weight ``weights[i]``.

    Parallel arcs add up; an undirected edge is given as two arcs. `restart` maps node
    index → weight (normalised) where the walk restarts, and where dangling nodes send
    their mass; default: every node alike. The iteration starts at the restart
    distribution and stops when the L1 change is below ``size * tol`` (the test of
    ``nx.pagerank``) or after `max_iter` steps.
    """
    import numpy as np

    source = np.asarray(sources, dtype=np.int64)
    target = np.asarray(targets, dtype=np.int64)
    weight = np.asarray(weights, dtype=float)
    out_weight = np.bincount(source, weights=weight, minlength=size)
    dangling = out_weight == 0
    share = weight / np.where(dangling, 1.0, out_weight)[source]  # each arc's part of its source's weight
    if restart:
        p = np.zeros(size)
        for index, value in restart.items():
            p[index] += max(float(value), 0.0)
        p /= p.sum()
    else:
        p = np.full(size, 1.0 / size)
    x = p.copy()
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(target, weights=x[source] * share, minlength=size) + x[dangling].sum() * p) \
            + (1 - alpha) * p
        if np.abs(x - last).sum() < size * tol:
            return Ranks(x, True)
    return Ranks(x, False)
