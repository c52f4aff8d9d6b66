"""How much of the exact nearest-paper list the cells of kg.index.cells keep, on real vectors.

A corpus gets cells above kg.index.cells.CLUSTER_ABOVE papers, and a question then reads at least
PROBE_ROWS vectors: at 250,000 papers, about 1/15 of them. This bench takes the real vectors of a
built database (the arXiv sample: 12,549 papers), gives them cells as a large corpus gets them, and
probes the same share of the table, for the questions of the given files (their vectors from the
installed encoder). It prints, side by side in one run, the exact search (every vector: the
baseline) and the cells at several probed shares: recall@10 and @50 of the exact lists, vectors read,
and the time of one load + search. Real questions on real vectors: synthetic random vectors have no
neighbourhoods, so they would understate what cells keep.

    python bench/cells_bench.py --db /path/arxiv.db tests/data/questions_heldout_arxiv.jsonl ...
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCALE_PAPERS = 250_000


def questions(paths: list[Path]) -> list[str]:
    return [json.loads(line)["question"] for path in paths for line in path.open() if line.strip()]


def nearest(table, vector, limit: int) -> list[str]:
    return [key for key, _ in table.search(vector).nearest(limit)]


def run(db: Path, files: list[Path], shares: list[float]) -> list[tuple]:
    from kg.index.build import update_cells
    from kg.index.cells import PROBE_ROWS
    from kg.index.encoder import load_encoder
    from kg.index.search import VectorTable

    vectors = load_encoder().encode(questions(files))
    conn = sqlite3.connect(db)
    papers = conn.execute("SELECT count(*) FROM vectors WHERE key >= 'paper:' AND key < 'paper;'").fetchone()[0]
    with conn:
        update_cells(conn, {"paper"}, cluster_above=0)
    cells = conn.execute("SELECT count(*) FROM vector_cells WHERE kind = 'paper'").fetchone()[0]
    rows = []
    exact = []
    started = time.perf_counter()
    for vector in vectors:
        exact.append(nearest(VectorTable.load(conn, "paper"), vector, 50))
    rows.append(("every vector (baseline)", 1.0, papers, 1.0, 1.0, (time.perf_counter() - started) / len(vectors)))
    for share in shares:
        probe_rows = max(1, round(share * papers))
        read, r10, r50, started = [], [], [], time.perf_counter()
        for vector, best in zip(vectors, exact):
            table = VectorTable.load(conn, "paper", near=vector, probe_rows=probe_rows)
            found = nearest(table, vector, 50)
            read.append(len(table))
            r10.append(len(set(found[:10]) & set(best[:10])) / 10)
            r50.append(len(set(found) & set(best)) / 50)
        label = f"cells, share {share:.3f}" + (" (kg at 250k)" if abs(share - PROBE_ROWS / SCALE_PAPERS) < 1e-9 else "")
        rows.append((label, share, statistics.mean(read), statistics.mean(r10), statistics.mean(r50),
                     (time.perf_counter() - started) / len(vectors)))
    print(f"{papers:,} paper vectors in {cells} cells; {len(vectors)} questions", file=sys.stderr)
    return rows


def main(argv=None) -> int:
    from kg.index.cells import PROBE_ROWS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="Question files (JSON lines with 'question').")
    parser.add_argument("--db", type=Path, required=True, help="A kg database with a vector index (not changed: "
                        "the bench works on a copy).")
    parser.add_argument("--shares", default=f"{PROBE_ROWS / SCALE_PAPERS},0.1,0.2",
                        help="Shares of the vectors a question reads (comma-separated).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kg.db"
        with sqlite3.connect(args.db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        from kg.store import open_db

        open_db(copy).conn.close()  # the schema of this kg (cells came with migration 9)
        rows = run(copy, args.files, [float(s) for s in args.shares.split(",")])
    print(f"{'search':<34} {'vectors read':>12} {'recall@10':>9} {'recall@50':>9} {'ms/question':>11}")
    for label, _, read, r10, r50, seconds in rows:
        print(f"{label:<34} {read:>12,.0f} {r10:>9.3f} {r50:>9.3f} {seconds * 1000:>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
