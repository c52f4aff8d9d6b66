"""Time to write the HTML graph and time until its layout is stable in headless chromium.

Synthetic graphs of the GRAPH_API.md shape (papers linked to tasks, models,
datasets and metrics, preferential attachment so a few nodes are hubs) of 100,
500 and 2,000 nodes. "Stable" is the moment the page sets ``window.kgStable``
(layout settled, physics off), measured from navigation start; the network is
blocked. Target: 500 nodes stable in under 3 s.

    .venv/bin/python bench/graph_bench.py [--sizes 100,500,2000] [--runs 3]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM = "/usr/bin/chromium"
TYPES = (("paper", 0.35), ("task", 0.2), ("model", 0.25), ("dataset", 0.15), ("metric", 0.05))
RELATIONS = {"task": "addresses", "model": "uses", "dataset": "uses", "metric": "mentions"}


def synthetic_graph(nodes: int, seed: int = 0):
    """A MultiDiGraph with typed, labelled nodes (aliases, pagerank) and evidence-bearing edges."""
    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    counts = {kind: max(1, round(nodes * share)) for kind, share in TYPES}
    counts["paper"] += nodes - sum(counts.values())
    keys = {kind: [f"{kind}:{kind} {i}" for i in range(n)] for kind, n in counts.items()}
    for kind, names in keys.items():
        for key in names:
            G.add_node(key, type=kind, label=key.split(":", 1)[1].title(), aliases=[key.split(":", 1)[1]],
                       mentions=1, degree=0, pagerank=0.0)
    weights = {key: 1.0 for names in keys.values() for key in names}
    edge_id = 0
    for paper in keys["paper"]:
        G.nodes[paper].update(title=G.nodes[paper]["label"], url=f"https://arxiv.org/abs/2401.{edge_id:05d}")
        for kind in ("task", "model", "dataset", "metric"):
            pool = keys[kind]
            for target in set(rng.choices(pool, weights=[weights[k] for k in pool], k=rng.randint(1, 2))):
                weights[target] += 1
                G.add_edge(paper, target, key=edge_id, relation=RELATIONS[kind], kind="EXTRACTED", rule="bench",
                           doc=paper, field="abstract", sentence=f"{paper} {RELATIONS[kind]} {target}.",
                           start=0, end=10, weight=1.0)
                edge_id += 1
    ranks = nx.pagerank(nx.Graph(G)) if G.number_of_edges() else {}
    for key, rank in ranks.items():
        G.nodes[key]["pagerank"] = rank
        G.nodes[key]["degree"] = G.degree(key)
    return G


def measure(sizes, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from kg import viz

    rows = []
    folder = Path(tempfile.mkdtemp(prefix="kg-graph-bench-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size in sizes:
            G = synthetic_graph(size)
            writes, stables = [], []
            for run in range(runs):
                path = folder / f"g{size}-{run}.html"
                started = time.perf_counter()
                viz.write_html(G, path, title=f"bench {size}")
                writes.append(time.perf_counter() - started)
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                              else route.abort())
                page = context.new_page()
                page.goto(path.as_uri())
                page.wait_for_function("window.kgStable === true", timeout=120_000, polling=50)
                stables.append(page.evaluate("window.kgStableAt") / 1000)  # ms since navigation start
                drawn = page.evaluate("kgNetwork.body.nodeIndices.length")
                assert drawn == G.number_of_nodes(), (drawn, G.number_of_nodes())
                context.close()
            data = viz.page_data(G)
            rows.append({"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                         "layout": "networkx" if data["positioned"] else "browser",
                         "bytes": path.stat().st_size, "write": statistics.median(writes),
                         "stable": statistics.median(stables)})
        browser.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    rows = measure([int(s) for s in args.sizes.split(",")], args.runs)
    print(f"{'nodes':>6} {'edges':>6} {'layout':>9} {'file KB':>8} {'write s':>8} {'stable s':>9}")
    for r in rows:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['layout']:>9} {r['bytes'] / 1024:>8,.0f} "
              f"{r['write']:>8.2f} {r['stable']:>9.2f}")
    print(f"(median of {args.runs} run(s); stable = from navigation start until the layout settled and physics "
          "stopped, headless chromium, network blocked; target: 500 nodes < 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
