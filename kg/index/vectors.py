"""How sentence vectors are stored: int8 codes of unit vectors, one BLOB per text.

A row's codes are its components scaled so the largest is ±127 and rounded: a quarter of float32's
size, read four times faster at ask time, and cosine rankings that match float32's (the rounding
moves a similarity by about 0.001; bench/vector_bench.py compares the top 50 of both). Indexes
written before this format (float32 BLOBs, no ``index.format`` setting) are still read, and the
next ``kg build`` converts them without embedding anything again.

>>> import numpy as np
>>> unit = np.array([[0.6, -0.8], [1.0, 0.0]], dtype=np.float32)
>>> [len(blob) for blob in pack(unit)]
[2, 2]
>>> [[round(float(x), 2) for x in row] for row in decode(unpack(b"".join(pack(unit)), 2, INT8))]
[[0.6, -0.8], [1.0, 0.0]]
"""
from __future__ import annotations

FORMAT_SETTING = "index.format"
INT8 = "int8"


def pack(vectors) -> list[bytes]:
    """Rows of norm 1 → their int8 codes, one BLOB per row."""
    import numpy as np

    peak = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12)
    return [row.tobytes() for row in np.round(vectors * (127.0 / peak)).astype(np.int8)]


def unpack(joined: bytes, rows: int, stored_format: str | None):
    """The stored matrix [rows, dim] of `rows` BLOBs joined end to end, as stored: int8 codes, or
    float32 values when `stored_format` (the ``index.format`` setting) is None (an older index).
    :func:`decode` turns rows of either into unit float32 vectors."""
    import numpy as np

    return np.frombuffer(joined, dtype=np.int8 if stored_format == INT8 else np.float32).reshape(rows, -1)


def decode(stored):
    """Stored rows (int8 codes or float32 values) → float32 rows of norm 1."""
    import numpy as np

    matrix = stored.astype(np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))  # no squared copy of the matrix, as norm() makes
    matrix /= np.maximum(norms, 1e-12)[:, None]
    return matrix
