"""How `kg build` and `kg ask` scale: the arXiv cs sample grown to 50k and 250k records.

Each size is a .jsonl file in the snapshot layout: the 12,549 real records of
``arxiv_cs_sample.jsonl``, then as many rewritten copies as needed — a new id
(``sNN.<original id>``), the abstract's sentences shuffled and the title's words
shuffled by a seeded RNG, so every copy is a new paper whose text the NLP pass
has not seen in that order. Per size, one fresh child process runs
``kg build FILE --db fresh.db --format json`` and the script reports

- wall time, split into ingest / NLP pass / graph from the build report's ``timings``,
  and the CPU time of the build and its workers (steadier on a shared machine)
- peak RSS: the largest single process (os.wait4 of the child, which covers the
  workers it reaped) and the largest sum over the process tree (PSS polled from
  /proc every 0.25 s, so pages forked workers share are counted once)
- database size in bytes and bytes per paper (database file plus any WAL left)
- median whole-process ``kg ask "<question>"`` time over 5 questions x 3 runs,
  when this kg has ``kg ask`` (wall, and CPU user+system: on a shared machine the
  CPU time is the steadier figure), in both retrieval modes: lexical
  (``KG_EMBED_MODEL=none``) and hybrid. The build itself runs in lexical mode
  (embedding 250k abstracts takes hours on 2 cores: ``bench/embed_bench.py`` measures
  that throughput); for the hybrid timing every paper and task node then gets a
  seeded random unit vector, which times the vector search at that size, not its quality
- whole-process time and peak RSS of ``kg graph`` (which loads the whole graph),
  unless ``--no-graph``

    python bench/scale_bench.py [--sizes 12549,50000,250000] [--jobs N] [--keep-dir DIR] [--json FILE]

Targets (issue 7): build time no worse than linear (250k <= 25x the 12.5k time),
peak RSS at 250k <= 4 GB, ``kg ask`` median at 250k <= 0.3 s (lexical); issue 12: hybrid <= 0.6 s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ask_bench import CHILD_ENVIRON

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE = PROJECT.parent / "shared" / "data" / "arxiv_cs_sample.jsonl"
QUESTIONS = (
    "what models do face parsing?",
    "which datasets are used for object detection?",
    "how can I segment tumours in medical images?",
    "what metrics evaluate machine translation?",
    "how to reconstruct a 3D scene from a single image",
)
ASK_RUNS = 3
LEXICAL = {"KG_EMBED_MODEL": "none"}
WHOLE = "hybrid, whole table"  # hybrid mode reading every vector: what kg did before cells
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"]


def rewrite(record: dict, copy: int, rng: random.Random) -> dict:
    """A new paper made from `record`: new id, abstract sentences and title words shuffled."""
    record = dict(record)
    record["id"] = f"s{copy:02d}.{record['id']}"
    sentences = _SENTENCE_END.split(" ".join((record.get("abstract") or "").split()))
    rng.shuffle(sentences)
    record["abstract"] = " ".join(sentences)
    words = (record.get("title") or "").split()
    rng.shuffle(words)
    record["title"] = " ".join(words)
    return record


def make_corpus(sample: Path, size: int, target: Path, *, seed: int = 7) -> int:
    """Write `size` records to `target`: the sample as it is, then rewritten copies; return the count."""
    with open(sample, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    rng = random.Random(seed)
    written = 0
    with open(target, "w", encoding="utf-8") as out:
        copy = 0
        while written < size:
            for record in records:
                if written >= size:
                    break
                out.write(json.dumps(record if copy == 0 else rewrite(record, copy, rng), ensure_ascii=False) + "\n")
                written += 1
            copy += 1
    return written


def _resident(pid: int) -> int:
    """Proportional set size of one process (shared pages split between sharers), else its RSS."""
    for name, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name) as status:
                for line in status:
                    if line.startswith(field):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, from /proc (forked workers' shared pages counted once)."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            total += _resident(pid)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_child(args: list[str], *, poll: bool = False, env: dict | None = None) -> dict:
    """Run one kg command; wall seconds, exit code, stdout, stderr, peak RSS (one process, and tree)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=stdout, stderr=stderr, env={**CHILD_ENVIRON, **(env or {})})
        peak_tree = [0]
        done = threading.Event()

        def watch():
            while not done.wait(0.25):
                peak_tree[0] = max(peak_tree[0], _tree_rss(child.pid))

        watcher = threading.Thread(target=watch, daemon=True) if poll else None
        if watcher:
            watcher.start()
        # os.wait4 gives this child's own rusage (its ru_maxrss also covers the workers it reaped),
        # unlike RUSAGE_CHILDREN, which would mix in every earlier child of this script
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        done.set()
        if watcher:
            watcher.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        return {"seconds": elapsed, "returncode": child.returncode, "stdout": stdout.read().decode(),
                "stderr": stderr.read().decode(), "max_rss": usage.ru_maxrss * 1024,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "tree_rss": max(peak_tree[0], usage.ru_maxrss * 1024)}


def has_command(name: str) -> bool:
    result = subprocess.run([*kg_command(), "--help"], capture_output=True, text=True)
    return any(line.split()[:1] == [name] for line in result.stdout.split("Commands:", 1)[-1].splitlines())


def measure(size: int, workdir: Path, *, sample: Path, jobs: int, ask: bool, graph: bool, reuse: bool = False) -> dict:
    corpus = workdir / f"arxiv_{size}.jsonl"
    db_path = workdir / f"kg_{size}.db"
    saved = workdir / f"build_{size}.json"
    if reuse and db_path.exists() and saved.exists():
        row = json.loads(saved.read_text())
        row["ask"] = time_asks(db_path, size) if ask else {}
        return row
    for stale in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        stale.unlink(missing_ok=True)
    if not corpus.exists():
        started = time.perf_counter()
        make_corpus(sample, size, corpus)
        print(f"  wrote {corpus.name} ({corpus.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    build = run_child([*kg_command(), "build", str(corpus), "--db", str(db_path), "--format", "json",
                       "--jobs", str(jobs)], poll=True, env=LEXICAL)
    if build["returncode"] != 0:
        raise SystemExit(f"kg build failed at {size:,} records:\n{build['stderr'][-3000:]}")
    report = json.loads(build["stdout"])
    papers = report["ingest"]["papers"]["new"] + report["ingest"]["papers"]["updated"] + report["ingest"]["papers"]["unchanged"]
    db_bytes = sum(p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists())
    row = {"records": size, "papers": papers, "build_s": build["seconds"], "build_cpu_s": build["cpu_seconds"],
           "timings": report.get("timings") or {},
           "max_rss": build["max_rss"], "tree_rss": build["tree_rss"], "db_bytes": db_bytes,
           "bytes_per_paper": db_bytes / max(papers, 1), "nodes": report["nodes"], "edges": report["edges"],
           "mentions": report["mentions"], "ask": {}, "graph_cmd_s": None, "graph_cmd_rss": None}
    if graph:
        # kg graph loads the whole graph (load_graph) before picking the nodes it draws
        result = run_child([*kg_command(), "graph", "--db", str(db_path), "-o", str(workdir / f"graph_{size}.html")])
        if result["returncode"] != 0:
            raise SystemExit(f"kg graph failed at {size:,} records:\n{result['stderr'][-3000:]}")
        row.update(graph_cmd_s=result["seconds"], graph_cmd_rss=result["max_rss"])
    saved.write_text(json.dumps(row))
    if ask:
        row["ask"] = time_asks(db_path, size)
    return row


def time_asks(db_path: Path, size: int) -> dict:
    """kg ask timed in lexical mode, then in hybrid mode over synthetic vectors read whole (the
    baseline) and by cells."""
    asks = {"lexical": time_ask(db_path, size, LEXICAL)}
    if add_synthetic_vectors(db_path):
        asks[WHOLE] = time_ask(db_path, size, {})
        if add_cells(db_path):
            asks["hybrid"] = time_ask(db_path, size, {})
    return asks


def time_ask(db_path: Path, size: int, env: dict) -> dict:
    """Median, slowest and CPU time and peak RSS of `kg ask` over QUESTIONS x ASK_RUNS (whole processes)."""
    times, cpu, rss = [], [], 0
    for _ in range(ASK_RUNS):
        for question in QUESTIONS:
            result = run_child([*kg_command(), "ask", question, "--db", str(db_path)], env=env)
            if result["returncode"] != 0:
                raise SystemExit(f"kg ask {question!r} failed at {size:,} records:\n{result['stderr'][-3000:]}")
            times.append(result["seconds"])
            cpu.append(result["cpu_seconds"])
            rss = max(rss, result["max_rss"])
    return {"median_s": statistics.median(times), "max_s": max(times), "rss": rss, "cpu_median_s": statistics.median(cpu)}


def add_synthetic_vectors(db_path: Path, *, seed: int = 3, chunk: int = 50_000) -> bool:
    """Store a seeded random unit vector for every paper and task node, under the installed model's
    settings, so `kg ask` answers in hybrid mode; False when no sentence encoder is installed."""
    import sqlite3

    import numpy as np

    from kg.index.encoder import load_encoder
    from kg.index.vectors import FORMAT_SETTING, INT8, pack

    encoder = load_encoder(optimize=False)
    if encoder is None:
        return False
    rng = np.random.default_rng(seed)
    with sqlite3.connect(db_path) as conn:
        keys = [f"paper:{pid}" for (pid,) in conn.execute("SELECT id FROM papers")]
        keys += [key for (key,) in conn.execute("SELECT key FROM entities WHERE type = 'task'")]
        for start in range(0, len(keys), chunk):
            block = rng.standard_normal((len(keys[start:start + chunk]), encoder.dim)).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            conn.executemany("INSERT OR REPLACE INTO vectors (key, part, content_hash, vector) VALUES (?, 0, '', ?)",
                             zip(keys[start:start + chunk], pack(block)))
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'vector_cells'").fetchone():
            conn.execute("DELETE FROM vector_cells")  # cells of an earlier run: the vectors are new
        settings = {"index.model": encoder.name, "index.dim": str(encoder.dim), "index.sha256": encoder.sha256,
                    FORMAT_SETTING: INT8}
        conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", settings.items())
    return True


def add_cells(db_path: Path) -> bool:
    """Give the vectors the cells `kg build` gives a kind this large (kg.index.cells); False when
    this kg has no cells (or the kinds are too small to get them)."""
    import sqlite3

    try:
        from kg.index.build import update_cells
    except ImportError:
        return False
    with sqlite3.connect(db_path) as conn:
        update_cells(conn, {"paper", "task"})
        return conn.execute("SELECT count(*) FROM vector_cells").fetchone()[0] > 0


def _fmt_seconds(value) -> str:
    return "-" if value is None else f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def _ask_cell(row: dict, mode: str, figure: str) -> str:
    return _fmt_seconds(row["ask"][mode][figure]) if mode in row["ask"] else "not measured"


def table(rows: list[dict], ask: bool) -> str:
    header = ("records", "build s", "build CPU s", "ingest s", "nlp s", "graph s", "peak RSS", "tree RSS", "db MB", "B/paper",
              "nodes", "edges", "ask lexical s", "ask hybrid whole-table s", "ask hybrid s", "ask hybrid CPU s", "kg graph s", "kg graph RSS")
    lines = [header]
    for row in rows:
        t = row["timings"]
        lines.append((f"{row['records']:,}", _fmt_seconds(row["build_s"]), _fmt_seconds(row.get("build_cpu_s")),
                      _fmt_seconds(t.get("ingest")),
                      _fmt_seconds(t.get("nlp")), _fmt_seconds(t.get("graph")), f"{row['max_rss'] / 2**20:,.0f} MB",
                      f"{row['tree_rss'] / 2**20:,.0f} MB", f"{row['db_bytes'] / 1e6:,.0f}",
                      f"{row['bytes_per_paper']:,.0f}", f"{row['nodes']:,}", f"{row['edges']:,}",
                      _ask_cell(row, "lexical", "median_s"), _ask_cell(row, WHOLE, "median_s"),
                      _ask_cell(row, "hybrid", "median_s"),
                      _ask_cell(row, "hybrid", "cpu_median_s"),
                      _fmt_seconds(row["graph_cmd_s"]),
                      "-" if row["graph_cmd_rss"] is None else f"{row['graph_cmd_rss'] / 2**20:,.0f} MB"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths)) for line in lines]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def verdicts(rows: list[dict], ask: bool) -> list[str]:
    notes = []
    first = rows[0]
    for row in rows[1:]:
        growth, ratio = row["build_s"] / first["build_s"], row["records"] / first["records"]
        notes.append(f"build time x{growth:.1f} for x{ratio:.1f} records: {growth / ratio:.2f} of linear "
                     f"(target <= 1.25, i.e. 250k <= 25x the 12.5k time: {'met' if growth / ratio <= 1.25 else 'MISSED'})"
                     + (f"; build CPU time x{row['build_cpu_s'] / first['build_cpu_s']:.1f}"
                        if row.get("build_cpu_s") and first.get("build_cpu_s") else ""))
    big = rows[-1]
    notes.append(f"peak RSS at {big['records']:,}: {big['tree_rss'] / 2**30:.2f} GB (process tree; target <= 4 GB)")
    for mode, target in (("lexical", 0.3), (WHOLE, 0.6), ("hybrid", 0.6)):
        if mode in big["ask"]:
            figures = big["ask"][mode]
            notes.append(f"kg ask ({mode}) median at {big['records']:,}: {figures['median_s']:.3f} s wall "
                         f"({figures['cpu_median_s']:.3f} s CPU), slowest {figures['max_s']:.3f} s (target <= {target} s)")
    if not ask:
        notes.append("kg ask: not measured (this kg has no `kg ask` command)")
    per_paper = big["bytes_per_paper"]
    notes.append(f"database size: {per_paper:,.0f} bytes per paper at {big['records']:,} records")
    return notes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="12549,50000,250000", help="Comma-separated record counts.")
    parser.add_argument("--jobs", type=int, default=1, help="Passed to kg build --jobs.")
    parser.add_argument("--keep-dir", type=Path, help="Write corpora and databases here and keep them "
                        "(re-used corpora are not rewritten); default: a temporary folder, removed.")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="The arXiv sample to grow.")
    parser.add_argument("--json", type=Path, help="Also write the rows as JSON to this file.")
    parser.add_argument("--reuse", action="store_true", help="With --keep-dir: time kg ask on the databases "
                        "built there by an earlier run instead of building them again.")
    parser.add_argument("--no-graph", action="store_true", help="Do not time `kg graph` (whole-graph load) per size.")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not args.sample.exists():
        parser.error(f"sample {args.sample} not found")
    workdir = args.keep_dir or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    ask = has_command("ask")
    rows = []
    try:
        for size in sizes:
            print(f"{size:,} records (jobs={args.jobs}) …", file=sys.stderr)
            row = measure(size, workdir, sample=args.sample, jobs=args.jobs, ask=ask,
                          graph=not args.no_graph and has_command("graph"), reuse=args.reuse)
            rows.append(row)
            asked = ", ".join(f"{mode} {_ask_cell(row, mode, 'median_s')} s" for mode in row["ask"])
            print(f"  build {row['build_s']:.1f} s, timings {row['timings']}, peak {row['tree_rss'] / 2**20:,.0f} MB, "
                  f"ask median {asked or '-'}", file=sys.stderr)
            if args.json:
                args.json.write_text(json.dumps(rows, indent=2))
    finally:
        if args.keep_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows, ask))
    print()
    for note in verdicts(rows, ask):
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
