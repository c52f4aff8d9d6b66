"""Time and peak RSS of `kg graph` and `kg export --around` on big knowledge bases, before and after SQL selection.

For each database (default: the ``kg_*.db`` files ``bench/scale_bench.py --keep-dir
/tmp/kgscale`` leaves), one fresh child process per run:

- ``kg graph --db DB -o FILE`` (the 300 most important nodes)
- ``kg export --db DB --around "face parsing" --format json -o FILE``

and, unless ``--no-whole-graph``, the same two outputs made the old way, loading the
whole graph first (``load_graph(db)``) and taking the selected nodes from it, which
is what both commands did before only the chosen node keys were loaded. The outputs of the two ways are compared (the page byte for
byte; the JSON's nodes and edges as sets). Peak RSS is the child's, from os.wait4.

    python bench/graph_scale_bench.py [DB ...] [--around TEXT] [--no-whole-graph] [--json FILE]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OLD_GRAPH = """
import sys
from kg import api, viz
from kg.graph import load_graph, select
db = api.open_database(sys.argv[1])
graph = load_graph(db)
selection = select(db, max_nodes=300)
viz.write_html(graph.subgraph(selection.graph.nodes).copy(), sys.argv[2], title="kg graph")
print("; ".join(selection.notes()))
"""
OLD_EXPORT = """
import sys
from kg import api, export as ex
from kg.graph import load_graph, select
db = api.open_database(sys.argv[1])
graph = load_graph(db)
sub = graph.subgraph(select(db, around=sys.argv[3], depth=1).graph.nodes).copy()
ex.write_json(sub, sys.argv[2], {})
print(f"{sub.number_of_nodes()} nodes, {sub.number_of_edges()} edges")
"""
NEW = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"


def run_child(argv: list[str]) -> dict:
    """Run `argv`; wall seconds, peak RSS (bytes, os.wait4) and output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "max_rss": usage.ru_maxrss * 1024, "returncode": process.returncode,
                "stdout": out.read(), "stderr": err.read()}


def checked(result: dict, what: str) -> dict:
    if result["returncode"] != 0:
        raise SystemExit(f"{what} failed:\n{result['stderr'][-3000:]}")
    return result


def same_json(a: Path, b: Path) -> bool:
    def canonical(path):
        data = json.loads(path.read_text(encoding="utf-8"))
        return ({json.dumps(n, sort_keys=True) for n in data["nodes"]},
                {json.dumps(e, sort_keys=True) for e in data["edges"]})
    return canonical(a) == canonical(b)


def measure(db: Path, around: str, whole_graph: bool, workdir: Path) -> dict:
    python = sys.executable
    page, report = workdir / "new.html", workdir / "new.json"
    row = {"db": str(db), "db_mb": db.stat().st_size / 1e6}
    graph = checked(run_child([python, "-c", NEW, "graph", "--db", str(db), "-o", str(page)]), "kg graph")
    export = checked(run_child([python, "-c", NEW, "export", "--db", str(db), "--around", around, "--format", "json",
                                "-o", str(report), "--force"]), "kg export")
    row.update(graph_s=graph["seconds"], graph_rss=graph["max_rss"], export_s=export["seconds"],
               export_rss=export["max_rss"])
    if whole_graph:
        old_page, old_report = workdir / "old.html", workdir / "old.json"
        graph = checked(run_child([python, "-c", OLD_GRAPH, str(db), str(old_page)]), "whole-graph kg graph")
        export = checked(run_child([python, "-c", OLD_EXPORT, str(db), str(old_report), around]), "whole-graph export")
        row.update(old_graph_s=graph["seconds"], old_graph_rss=graph["max_rss"], old_export_s=export["seconds"],
                   old_export_rss=export["max_rss"],
                   same_page=old_page.read_bytes() == page.read_bytes(), same_json=same_json(old_report, report))
    return row


def table(rows: list[dict]) -> str:
    def mb(value):
        return f"{value / 2**20:,.0f} MB"

    lines = []
    for row in rows:
        name = Path(row["db"]).name
        for command, key in (("kg graph", "graph"), ("kg export --around", "export")):
            line = f"{name:<16} {command:<20} now {row[key + '_s']:6.2f} s {mb(row[key + '_rss']):>9}"
            if "old_" + key + "_s" in row:
                same = row["same_page"] if key == "graph" else row["same_json"]
                line += (f"   whole graph {row['old_' + key + '_s']:6.2f} s {mb(row['old_' + key + '_rss']):>9}"
                         f"   same output: {'yes' if same else 'NO'}")
            lines.append(line)
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dbs", nargs="*", type=Path)
    parser.add_argument("--around", default="face parsing")
    parser.add_argument("--no-whole-graph", dest="whole_graph", action="store_false",
                        help="skip the old way (loading the whole graph first)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)
    dbs = args.dbs or sorted((Path(p) for p in glob.glob("/tmp/kgscale/kg_*.db")), key=lambda p: p.stat().st_size)
    if not dbs:
        raise SystemExit("no database given and none in /tmp/kgscale: run bench/scale_bench.py --keep-dir /tmp/kgscale")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for db in dbs:
            rows.append(measure(db, args.around, args.whole_graph, Path(tmp)))
            print(table(rows[-1:]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
