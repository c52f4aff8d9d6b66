"""Vector search: int8 BLOBs + numpy brute force (what kg uses) against float32 BLOBs and sqlite-vec's vec0.

Seeded random unit vectors (384 dimensions, like all-MiniLM-L6-v2) at 12,549 and 250,000 rows, each
stored in a fresh SQLite file each way ("of top": how many of the exact float32 top 50 a way returns).
Per size it prints, measured in the same run:
- "open + search": what one ``kg ask`` process pays: open the file, read the vectors, top 50 of one query;
- "search (warm)": the top 50 of one query with the data already in memory / the table already open;
- the file size. sqlite-vec needs extension loading, which Python's sqlite3 here lacks: it runs through apsw.

    python bench/vector_bench.py [--sizes 12549 250000] [--queries 20]
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

DIM, TOP = 384, 50


def vectors(n: int, seed: int):
    import numpy as np

    rows = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def write_blobs(path: Path, matrix, stored_format: str | None) -> None:
    """The vectors table as kg writes it: int8 codes (stored_format 'int8') or float32 values (None)."""
    from kg.index.vectors import FORMAT_SETTING, pack

    blobs = pack(matrix) if stored_format else [row.tobytes() for row in matrix]
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE vectors (key TEXT NOT NULL, part INTEGER NOT NULL DEFAULT 0, "
                 "content_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (key, part))")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    if stored_format:
        conn.execute("INSERT INTO settings VALUES (?, ?)", (FORMAT_SETTING, stored_format))
    conn.executemany("INSERT INTO vectors VALUES (?, 0, '', ?)",
                     ((f"paper:{i}", blob) for i, blob in enumerate(blobs, 1)))
    conn.commit()
    conn.close()


def blob_search(path: Path, query) -> list:
    from kg.index.search import VectorTable

    conn = sqlite3.connect(path)
    table = VectorTable.load(conn, "paper")
    found = table.search(query).nearest(TOP)
    conn.close()
    return found


def write_vec0(path: Path, matrix) -> bool:
    try:
        import apsw
        import sqlite_vec
    except ImportError:
        return False
    conn = apsw.Connection(str(path))
    conn.enable_load_extension(True)
    conn.load_extension(sqlite_vec.loadable_path())
    conn.execute(f"CREATE VIRTUAL TABLE vec USING vec0(embedding float[{DIM}])")
    with conn:
        for i, row in enumerate(matrix, 1):
            conn.execute("INSERT INTO vec(rowid, embedding) VALUES (?, ?)", (i, row.tobytes()))
    conn.close()
    return True


def vec0_search(path: Path, query, conn=None) -> list:
    import apsw
    import sqlite_vec

    own = conn is None
    if own:
        conn = apsw.Connection(str(path))
        conn.enable_load_extension(True)
        conn.load_extension(sqlite_vec.loadable_path())
    found = list(conn.execute("SELECT rowid, distance FROM vec WHERE embedding MATCH ? AND k = ? ORDER BY distance",
                              (query.tobytes(), TOP)))
    if own:
        conn.close()
    return found


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(size: int, queries: int, tmp: Path) -> list[tuple]:
    import numpy as np

    from kg.index.search import VectorTable

    matrix, probes = vectors(size, 1), vectors(queries, 2)
    blob_path, vec_path = tmp / f"blob_{size}.db", tmp / f"vec_{size}.db"
    scores = matrix @ probes[0]
    top = np.argpartition(-scores, TOP)[:TOP]
    rows = []
    for label, stored_format in (("float32 BLOB + numpy (before)", None), ("int8 BLOB + numpy (kg)", "int8")):
        write_blobs(blob_path, matrix, stored_format)
        cold = timed(lambda: blob_search(blob_path, probes[0]), max(3, queries // 5))
        conn = sqlite3.connect(blob_path)
        table = VectorTable.load(conn, "paper")
        warm = statistics.median(timed(lambda p=p: table.search(p).nearest(TOP), 1) for p in probes)
        same = {int(k.split(":")[1]) for k, _ in table.search(probes[0]).nearest(TOP)} & {int(i) + 1 for i in top}
        conn.close()
        rows.append((f"{label} ({len(same)}/{TOP} of top)", size, cold, warm, blob_path.stat().st_size))
        blob_path.unlink()
    if write_vec0(vec_path, matrix):
        cold = timed(lambda: vec0_search(vec_path, probes[0]), max(3, queries // 5))
        import apsw
        import sqlite_vec

        vconn = apsw.Connection(str(vec_path))
        vconn.enable_load_extension(True)
        vconn.load_extension(sqlite_vec.loadable_path())
        warm = statistics.median(timed(lambda p=p: vec0_search(vec_path, p, vconn), 1) for p in probes)
        same = {r[0] for r in vec0_search(vec_path, probes[0], vconn)} == {int(i) + 1 for i in top}
        rows.append((f"sqlite-vec vec0 ({'same top 50' if same else 'DIFFERENT top 50'})", size, cold, warm,
                     vec_path.stat().st_size))
    else:
        rows.append(("sqlite-vec vec0 (not installed: pip install apsw sqlite-vec)", size, None, None, None))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12549, 250000])
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"{'storage':<52} {'vectors':>9} {'open + search':>14} {'search (warm)':>14} {'file':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for name, n, cold, warm, size_bytes in bench(size, args.queries, Path(tmp)):
                if cold is None:
                    print(f"{name:<52} {n:>9,} {'-':>14} {'-':>14} {'-':>9}")
                    continue
                print(f"{name:<52} {n:>9,} {cold * 1000:>12.1f}ms {warm * 1000:>12.1f}ms {size_bytes / 1e6:>7.1f}MB")
            for name in os.listdir(tmp):
                os.remove(Path(tmp) / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
