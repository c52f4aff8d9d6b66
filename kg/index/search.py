"""Searching the index: BM25 over papers_fts, and cosine similarity over stored vectors.

Vectors are int8 BLOBs (kg.index.vectors) searched by brute force with numpy (bench/vector_bench.py
measures this against float32 BLOBs and sqlite-vec's vec0 table: at 12.5k papers both answer in a few milliseconds, and Python's
sqlite3 here cannot load extensions, so vec0 would need a second SQLite binding). A kind large enough
to have cells (kg.index.cells: the papers of a corpus of a few hundred thousand) is read only in the
cells nearest the question.
"""
from __future__ import annotations

import sqlite3

from kg.index.cells import PROBE_ROWS, probe
from kg.index.vectors import FORMAT_SETTING, INT8, decode, unpack
from kg.store import index as q
from kg.store.keys import values_param
from kg.store.queries import fts_query

# In a large corpus a word found in more than COMMON_SHARE of the papers (and in more than
# COMMON_MIN_PAPERS) hardly moves BM25 but costs the most to rank: it is left out unless the
# question has nothing rarer (the KEEP_RAREST rarest words always stay).
COMMON_SHARE, COMMON_MIN_PAPERS, KEEP_RAREST = 0.05, 1000, 3


def _drop_common(conn, terms: list[str]) -> list[str]:
    papers = conn.execute(q.PAPER_COUNT).fetchone()[0] or 0
    most = max(int(COMMON_SHARE * papers), COMMON_MIN_PAPERS)
    if papers <= most:
        return terms
    counts = {}
    for term in terms:
        query = fts_query(term)
        counts[term] = conn.execute(q.TERM_PAPERS, (query, most + 1)).fetchone()[0] if query else 0
    rarest = set(sorted(terms, key=lambda t: (counts[t], terms.index(t)))[:KEEP_RAREST])
    return [t for t in terms if counts[t] <= most or t in rarest]


def bm25_papers(conn, terms: list[str], limit: int = 50) -> list[tuple[int, float]]:
    """Papers matching any of `terms`, best first: [(paper id, BM25 score > 0)].

    >>> import tempfile, os
    >>> from kg.store import open_db
    >>> db = open_db(os.path.join(tempfile.mkdtemp(), "kg.db"))
    >>> _ = db.conn.execute("INSERT INTO papers (id, title, title_norm, abstract) VALUES (1, 'Face parsing', 'face parsing', 'x')")
    >>> [pid for pid, _ in bm25_papers(db.conn, ["parsing"])]
    [1]
    """
    if not terms:
        return []
    try:
        terms = _drop_common(conn, terms)
        query = fts_query(" ".join(terms), any_word=True)
        found = conn.execute(q.FTS_SEARCH, (query, limit)).fetchall() if query else []
    except sqlite3.OperationalError:  # defensive: a query FTS5 still refuses is simply no match
        return []
    return [(rowid, -score) for rowid, score in found if -score > 0]


class VectorTable:
    """The stored vectors of one node kind ('paper', 'task', ...), rows in table order, decoded once
    to unit float32 vectors (a kind with cells is read only in the cells near the question, so a
    table stays small whatever the corpus: kg.index.cells)."""

    def __init__(self, keys: list[str], stored):
        self.keys, self.matrix = keys, decode(stored)

    @classmethod
    def load(cls, conn, kind: str, *, near=None, also=(), probe_rows: int = PROBE_ROWS) -> "VectorTable":
        """The stored vectors of `kind`; or, for a kind with cells
        (kg.index.cells) and a vector `near`, those of the cells nearest it plus the keys `also`.

        `near` may also be a function that returns the vector, called only for a kind with cells: a
        small kind is read while the question is still being embedded (kg.answer.retrieve)."""
        import numpy as np

        cells = conn.execute(q.CELLS_OF_KIND, (kind,)).fetchall() if near is not None else []
        if cells:
            rows = _rows_near(conn, kind, cells, near() if callable(near) else near, probe_rows, also)
        else:
            rows = conn.execute(q.VECTORS_OF_KIND, q.kind_range(kind)).fetchall()
        stored = (unpack(b"".join(blob for _, blob in rows), len(rows), q.setting(conn, FORMAT_SETTING))
                  if rows else np.zeros((0, 0), dtype=np.float32))
        return cls([key for key, _ in rows], stored)

    def __len__(self) -> int:
        return len(self.keys)

    def vectors(self, rows=slice(None)):
        """The unit float32 vectors of `rows` (indices or a slice; default: every row)."""
        return self.matrix[rows]

    def search(self, vector) -> "Similarities":
        """Cosine similarity of `vector` to every stored vector (one matrix product)."""
        import numpy as np

        return Similarities(self.keys, self.matrix @ vector if self.keys else np.zeros(0, dtype=np.float32))

    def feedback(self, vector, similarities: "Similarities", rows: int, weight: float):
        """Pseudo-relevance feedback (Rocchio): `vector` moved towards the mean of its `rows` nearest
        stored vectors by `weight`, normalised. A question in everyday words takes on the vocabulary
        of the papers it already finds, and the second search reaches their neighbours.

        >>> import numpy as np
        >>> table = VectorTable(["a", "b"], np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
        >>> q = np.array([0.8, 0.6], dtype=np.float32)
        >>> [round(float(x), 2) for x in table.feedback(q, table.search(q), rows=1, weight=1.0)]
        [0.95, 0.32]
        """
        import numpy as np

        if not self.keys or rows <= 0:
            return vector
        nearest = np.argpartition(-similarities.scores, min(rows, len(self.keys)) - 1)[:rows]
        moved = vector + weight * self.vectors(nearest).mean(axis=0)
        return (moved / max(float(np.linalg.norm(moved)), 1e-12)).astype(np.float32)


def _rows_near(conn, kind: str, cells: list, near, probe_rows: int, also) -> list:
    """(key, vector) rows of the cells nearest `near` (at least `probe_rows` of them) and of the keys `also`."""
    centroids = decode(unpack(b"".join(blob for *_, blob in cells), len(cells), INT8))
    chosen = probe(centroids, [size for _, size, _ in cells], near, probe_rows)
    rows = conn.execute(q.VECTORS_IN_CELLS, (values_param(cells[i][0] for i in chosen), *q.kind_range(kind))).fetchall()
    have = {key for key, _ in rows}
    missing = [key for key in also if key not in have]
    return rows + conn.execute(q.VECTORS_OF_KEYS, (values_param(missing),)).fetchall() if missing else rows


class Similarities:
    """One query's similarity to every key of a :class:`VectorTable` (a key with several parts: its best)."""

    def __init__(self, keys: list[str], scores):
        self.keys, self.scores, self._rows = keys, scores, None

    def best(self) -> float:
        return float(self.scores.max()) if len(self.scores) else 0.0

    def get(self, key: str, default: float = 0.0) -> float:
        if self._rows is None:
            self._rows = _rows_of_keys(self.keys)
        rows = self._rows.get(key, ())
        return max(float(self.scores[r]) for r in rows) if rows else default

    def nearest(self, limit: int) -> list[tuple[str, float]]:
        """The `limit` most similar keys, best first (ties by key)."""
        import numpy as np

        if not self.keys:
            return []
        wanted = min(len(self.keys), limit * 4)  # room for keys with several parts
        rows = np.argpartition(-self.scores, wanted - 1)[:wanted] if wanted < len(self.keys) else range(len(self.keys))
        best: dict[str, float] = {}
        for row in rows:
            key, score = self.keys[int(row)], float(self.scores[int(row)])
            if score > best.get(key, -2.0):
                best[key] = score
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def as_dict(self) -> dict[str, float]:
        """Every key's similarity (for the few hundred task nodes; papers are looked up with get)."""
        out: dict[str, float] = {}
        for key, score in zip(self.keys, self.scores.tolist()):
            if score > out.get(key, -2.0):
                out[key] = score
        return out


def _rows_of_keys(keys: list[str]) -> dict[str, tuple[int, ...]]:
    """Each key's rows (a paper with Q&A passages has several), built in C where every key is one row.

    >>> _rows_of_keys(["paper:1", "paper:2", "paper:1"])
    {'paper:1': (0, 2), 'paper:2': (1,)}
    """
    if len(set(keys)) == len(keys):
        return dict(zip(keys, zip(range(len(keys)))))
    rows: dict[str, tuple[int, ...]] = {}
    for row, key in enumerate(keys):
        rows[key] = rows.get(key, ()) + (row,)
    return rows


def index_status(conn) -> dict:
    """What ``kg stats`` shows of the index: vectors stored, the model they came from, the encoder
    installed now, and the mode ``kg ask`` answers in ("hybrid" needs both the encoder and a vector index)."""
    from kg.index.encoder import find_model

    model, installed = q.setting(conn, "index.model"), find_model()
    mode = "hybrid" if model is not None and installed is not None else "lexical"
    return {"vectors": conn.execute(q.COUNT_VECTORS).fetchone()[0], "embedding_model": model,
            "encoder": installed.name if installed else None, "retrieval": mode}
