"""Cells of a large vector table, so that a question reads only the part of the table near it.

Above :data:`CLUSTER_ABOVE` vectors of one kind (the papers of a corpus of a few hundred thousand),
``kg build`` groups them into 4·√n cells by spherical k-means and records each vector's cell.
A question then reads the vectors of the cells whose centroids are nearest it, nearest first, until
it holds at least :data:`PROBE_ROWS` of them: an inverted-file search (FAISS calls it IVF).
Smaller kinds get no cells and are read whole, so their search stays exact.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> centres = np.eye(4, dtype=np.float32)
>>> rows = centres.repeat(50, axis=0) + 0.05 * rng.standard_normal((200, 4)).astype(np.float32)
>>> rows /= np.linalg.norm(rows, axis=1, keepdims=True)
>>> centroids, owner = cluster(rows, cells=4)
>>> len(set(owner[:50].tolist())), len(set(owner.tolist()))  # each group is one cell
(1, 4)
>>> probe(centroids, np.bincount(owner), centres[2], rows=40) == [int(owner[100])]  # one cell holds 50
True
"""
from __future__ import annotations

import math

from kg.index.vectors import decode

PROBE_ROWS = 16_384  # vectors a question reads at least (about 6 MB of int8 codes)
CLUSTER_ABOVE = 4 * PROBE_ROWS  # a kind with more vectors than this gets cells
CELLS_PER_ROOT = 4
SAMPLE_PER_CELL = 32  # k-means learns the centroids from this many vectors per cell, then assigns all
ITERATIONS = 10
BLOCK = 8192  # rows decoded and assigned at once


def cell_count(rows: int) -> int:
    """How many cells `rows` vectors get: 4·√rows (2,000 cells of 125 vectors at 250k). Small cells
    track the question's neighbourhood closely: reading 1/15 of the arXiv sample's real vectors,
    √n cells keep 0.84 of the exact top 10, 4·√n keep 0.93 (bench/cells_bench.py)."""
    return max(1, round(CELLS_PER_ROOT * math.sqrt(rows)))


def cluster(stored, cells: int | None = None, *, seed: int = 0):
    """Centroids (unit float32 rows) of `cells` cells for the stored vectors (int8 codes or float32
    rows), and the cell of every vector (an int array), by spherical k-means on a seeded sample."""
    import numpy as np

    cells = min(cells or cell_count(len(stored)), len(stored))
    rng = np.random.default_rng(seed)
    sample = decode(stored[np.sort(rng.choice(len(stored), min(len(stored), cells * SAMPLE_PER_CELL), replace=False))])
    centroids = sample[rng.choice(len(sample), cells, replace=False)]
    for _ in range(ITERATIONS):
        centroids = _mean_directions(sample, nearest_cell(sample, centroids), centroids)
    owner = np.concatenate([nearest_cell(decode(stored[start:start + BLOCK]), centroids)
                            for start in range(0, len(stored), BLOCK)])
    return centroids, owner


def _mean_directions(vectors, owner, centroids):
    """Each cell's new centroid: the normalised sum of its vectors (a cell left empty keeps its own)."""
    import numpy as np

    sums = np.zeros_like(centroids)
    np.add.at(sums, owner, vectors)
    empty = ~sums.any(axis=1)
    sums[empty] = centroids[empty]
    return (sums / np.linalg.norm(sums, axis=1, keepdims=True)).astype(np.float32)


def nearest_cell(vectors, centroids):
    """The index of the centroid nearest each unit row of `vectors`."""
    import numpy as np

    return np.argmax(vectors @ centroids.T, axis=1) if len(vectors) else np.zeros(0, dtype=np.int64)


def probe(centroids, sizes, vector, rows: int = PROBE_ROWS) -> list[int]:
    """The cells nearest `vector`, nearest first, as few as hold at least `rows` vectors together."""
    import numpy as np

    order = np.argsort(-(centroids @ vector), kind="stable")
    enough = int(np.searchsorted(np.cumsum(np.asarray(sizes)[order]), rows)) + 1
    return [int(cell) for cell in order[:enough]]
