"""Time and peak memory of `kg ingest` on the arXiv cs sample at 1x, 2x and 4x its size.

Each run is a fresh child process writing a fresh database; its peak RSS comes
from the kernel's accounting for that one child (os.wait4), so it is not blurred
by this script or by earlier runs. Flat peak memory as the file grows shows the
reader streams.

    python bench/ingest_bench.py [--shared ../shared] [--sizes 1 2 4] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = "arxiv_cs_sample.jsonl"


def scaled_copy(sample: Path, factor: int, target: Path) -> int:
    """Write `factor` copies of `sample`, ids rewritten so every record is a new paper; return the record count."""
    records = 0
    with open(target, "w", encoding="utf-8") as out:
        for copy in range(factor):
            with open(sample, encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    if copy:
                        # A five-digit prefix can never collide with a real YYMM.NNNNN id.
                        record["id"] = f"{copy}{record['id']}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    records += 1
    return records


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kg.cli import main; main()"]


def run_ingest(path: Path, db_path: Path) -> tuple[float, int, dict]:
    """Wall seconds, peak RSS in bytes and the JSON report of one `kg ingest` child."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([*kg_command(), "ingest", str(path), "--db", str(db_path), "--json"],
                                 stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, unlike RUSAGE_CHILDREN
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        output, messages = stdout.read(), stderr.read()
    if child.returncode != 0:
        raise SystemExit(f"kg ingest {path} failed ({child.returncode}):\n{messages.decode(errors='replace')}")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return elapsed, peak, json.loads(output)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared",
                        help="the shared folder holding data/arxiv_cs_sample.jsonl (default: ../shared)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4], help="size factors to run")
    parser.add_argument("--keep", action="store_true", help="keep the scaled files and databases")
    args = parser.parse_args(argv)

    sample = args.shared / "data" / SAMPLE
    if not sample.exists():
        raise SystemExit(f"{sample} not found; pass --shared PATH")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows = []
    try:
        for factor in args.sizes:
            path = sample if factor == 1 else work / f"arxiv_cs_sample_x{factor}.jsonl"
            records = sum(1 for line in open(sample, encoding="utf-8") if line.strip()) if factor == 1 \
                else scaled_copy(sample, factor, path)
            elapsed, peak, report = run_ingest(path, work / f"kg_x{factor}.db")
            stored = report["papers"]["new"]
            rows.append((factor, path.stat().st_size, records, stored, elapsed, peak))
            print(f"  x{factor}: {stored:,} papers in {elapsed:.1f} s, peak RSS {peak / 2**20:.0f} MiB",
                  file=sys.stderr)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"kg ingest {sample}")
    print(f"{'size':>5} {'file MiB':>9} {'records':>9} {'papers':>9} {'seconds':>8} {'rec/s':>8} {'peak RSS MiB':>13}")
    for factor, size, records, stored, elapsed, peak in rows:
        print(f"{str(factor) + 'x':>5} {size / 2**20:>9.1f} {records:>9,} {stored:>9,} {elapsed:>8.1f} "
              f"{records / elapsed:>8,.0f} {peak / 2**20:>13.1f}")


if __name__ == "__main__":
    main()
