"""The default `kg graph` page of a real knowledge base: page size and time to interactive in headless chromium.

For one database (build it first: ``kg build ../shared/data/arxiv_cs_sample.jsonl --jobs 2 --db DB``)
it writes the default page with this checkout's kg and, with ``--baseline-src DIR`` (a copy of
an older kg, e.g. ``git archive <rev> kg | tar -x -C DIR``), with that kg too, in the same run:

- write: wall seconds of ``kg graph --db DB -o FILE`` (a fresh process);
- bytes: the page's size;
- interactive: milliseconds from navigation start until the layout is settled
  (``window.kgStable``) and a search has selected a node, network blocked;
- nodes / edges drawn.

    .venv/bin/python bench/graph_page_bench.py DB [--baseline-src DIR] [--runs 3] [--search TEXT]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
KG = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"


def write_page(db: Path, out: Path, src: Path) -> float:
    """Write the default page with the kg found in `src`; wall seconds."""
    env = dict(os.environ, PYTHONPATH=str(src))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", KG, "graph", "--db", str(db), "-o", str(out)], cwd=src, env=env,
                   check=True, capture_output=True)
    return time.perf_counter() - started


def interactive_ms(browser, page_path: Path, search: str) -> tuple[float, int, int]:
    """Milliseconds from navigation start to a settled layout plus one search selection; nodes and edges drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_function("window.kgStable === true", timeout=120_000, polling=20)
    page.fill("#kg-search", search)
    page.press("#kg-search", "Enter")
    ready = page.evaluate("performance.now()")
    counts = page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
    context.close()
    return ready, counts[0], counts[1]


def measure(db: Path, variants: dict[str, Path], runs: int, search: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="kg-page-bench-"))
    rows = {name: {"write": [], "interactive": []} for name in variants}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for run in range(runs):  # interleaved, so load on the machine hits both alike
            for name, src in variants.items():
                out = folder / f"{name}-{run}.html"
                rows[name]["write"].append(write_page(db, out, src))
                ms, nodes, edges = interactive_ms(browser, out, search)
                rows[name]["interactive"].append(ms)
                rows[name].update(bytes=out.stat().st_size, nodes=nodes, edges=edges)
        browser.close()
    return [{"variant": name, "write_s": statistics.median(r["write"]), "bytes": r["bytes"],
             "interactive_ms": statistics.median(r["interactive"]), "nodes": r["nodes"], "edges": r["edges"]}
            for name, r in rows.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--baseline-src", type=Path, help="a folder holding an older kg package")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", default="image classification")
    args = parser.parse_args()
    variants = {"this checkout": ROOT}
    if args.baseline_src:
        variants["baseline"] = args.baseline_src.resolve()
    rows = measure(args.db.resolve(), variants, args.runs, args.search)
    print(f"{'page':<14} {'write':>8} {'size':>10} {'interactive':>12} {'nodes':>6} {'edges':>6}   (median of {args.runs})")
    for row in rows:
        print(f"{row['variant']:<14} {row['write_s']:>7.3f}s {row['bytes'] / 1e6:>8.2f}MB {row['interactive_ms']:>10.0f}ms "
              f"{row['nodes']:>6} {row['edges']:>6}")


if __name__ == "__main__":
    main()
