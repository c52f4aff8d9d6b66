"""Whole-process `kg ask` time over the dev questions, beside the Python start-up floor.

For each database (a fresh build of the embedded corpus, unless ``--no-corpus``, and any
``--db FILE [FILE ...]``, repeatable), every question of the questions file is asked ``--repeat``
times as ``kg ask "<question>" --format json --db DB`` in a new process; the script prints, per
database, the median and 90th percentile wall time, the median CPU time (user + system: steadier
than wall time on a busy machine), the largest peak RSS and the median as a multiple of the
median of ``python -c "import click, sqlite3"`` measured in the same run.

    python bench/ask_bench.py [--db FILE ...] [--questions FILE] [--repeat 3] [--no-corpus] [--json OUT]
    python bench/ask_bench.py --db /tmp/kgscale/kg_12549.db /tmp/kgscale/kg_50000.db /tmp/kgscale/kg_250000.db

Each database is timed in both retrieval modes (``--modes``): hybrid (BM25 + sentence vectors) and
lexical (``KG_EMBED_MODEL=none``). Targets (issue 12): hybrid median <= 0.35 s at 12.5k papers and
<= 0.6 s at 250k; lexical <= 0.15 s. The verdict column names any miss of the 12.5k targets.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "questions_dev.jsonl"
_SCRIPT = Path(sys.executable).parent / "kg"
KG = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "import sys; from kg.cli import cli; sys.exit(cli())"]


# The children cache their bytecode as a user's Python does: with PYTHONDONTWRITEBYTECODE set (as on
# some CI machines) every process would compile kg's sources again, about 40 ms that no user pays.
CHILD_ENVIRON = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
MODES = {"hybrid": {}, "lexical": {"KG_EMBED_MODEL": "none"}}  # environment of each retrieval mode


def timed(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                               env={**CHILD_ENVIRON, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_db(db: Path, questions: list[str], repeat: int, mode: str = "hybrid") -> dict:
    env = MODES[mode]
    timed(KG + ["ask", questions[0], "--format", "json", "--db", str(db)], env)  # warm the OS cache and .pyc files
    times, cpu, peak = [], [], 0.0
    for _ in range(repeat):
        for question in questions:
            seconds, rss, cpu_seconds = timed(KG + ["ask", question, "--format", "json", "--db", str(db)], env)
            times.append(seconds)
            cpu.append(cpu_seconds)
            peak = max(peak, rss)
    return {"db": str(db), "mode": mode, "runs": len(times), "median_s": round(statistics.median(times), 3),
            "p90_s": round(percentile(times, 0.9), 3), "cpu_median_s": round(statistics.median(cpu), 3),
            "peak_rss_mb": round(peak, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="extend", nargs="+", default=[],
                        help="built databases to time (several paths, or the option repeated)")
    parser.add_argument("--questions", default=str(DEV), help="JSONL questions file (default: the dev set)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-corpus", action="store_true", help="skip the fresh build of the embedded corpus")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES),
                        help="retrieval modes to time (lexical: KG_EMBED_MODEL=none)")
    args = parser.parse_args(argv)

    questions = [json.loads(line)["question"] for line in Path(args.questions).read_text().splitlines() if line.strip()]
    floor_runs = [timed([sys.executable, "-c", "import click, sqlite3"]) for _ in range(max(5, args.repeat * 3))]
    floor_median = statistics.median(r[0] for r in floor_runs)
    floor_cpu = statistics.median(r[2] for r in floor_runs)
    dbs = [Path(p) for p in args.db]
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_corpus:
            corpus_db = Path(tmp) / "corpus.db"
            subprocess.run(KG + ["build", "--db", str(corpus_db), "--format", "json"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            dbs.insert(0, corpus_db)
        results = []
        for db in dbs:
            for mode in args.modes:
                result = bench_db(db, questions, args.repeat, mode)
                result["x_floor"] = round(result["median_s"] / floor_median, 2)
                if db.parent == Path(tmp):
                    result["db"] = "embedded corpus (fresh build)"
                results.append(result)
    print(f"python -c 'import click, sqlite3' median {floor_median:.3f} s wall, {floor_cpu:.3f} s CPU")
    print(f"{'database':<40} {'mode':<8} {'runs':>5} {'median':>8} {'p90':>8} {'CPU med':>8} {'x floor':>8} {'peak RSS':>9}  verdict")
    for r in results:
        limit = 0.35 if r["mode"] == "hybrid" else 0.15
        misses = [name for name, miss in ((f"> {limit} s", r["median_s"] > limit),) if miss]
        print(f"{r['db'][-40:]:<40} {r['mode']:<8} {r['runs']:>5} {r['median_s']:>7.3f}s {r['p90_s']:>7.3f}s {r['cpu_median_s']:>7.3f}s "
              f"{r['x_floor']:>8.2f} {r['peak_rss_mb']:>7.1f}MB  {'ok' if not misses else ', '.join(misses)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"floor_median_s": round(floor_median, 3), "floor_cpu_median_s":
                                               round(floor_cpu, 3), "databases": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
