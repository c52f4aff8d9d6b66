"""Exporting a subgraph for other tools: GraphML, GEXF, node-link JSON, Neo4j CSV, Markdown, PNG, SVG.

The pure functions here take a graph (the contract of ``docs/GRAPH_API.md``) and
return values or write one output; :func:`export_subgraph` checks the output path
first, so a bad path fails before any work and never leaves half a file.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("task:face parsing", type="task", label="face parsing", aliases=["face segmentation"])
>>> G.add_node("paper:1", type="paper", label="FaceCom", url=None, aliases=[])
>>> G.add_edge("paper:1", "task:face parsing", key=3, relation="addresses", sentence="We parse faces.")
3
>>> flat = flatten(G)
>>> flat.nodes["task:face parsing"]["aliases"], "url" in flat.nodes["paper:1"]
('face segmentation', False)
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.escape import spreadsheet_cell, xml_text
from kg.errors import EmptySubgraph, ExportError, OutputExists, OutputNotWritable
from kg.graph.select import top_nodes
from kg.markdown import is_kg_report, markdown_report
from kg.style import node_style, type_order
from kg.text import shorten

FORMATS = ("graphml", "gexf", "json", "csv", "markdown", "png", "svg", "spreadsheet")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": "", "markdown": ".md",
            "png": ".png", "svg": ".svg", "spreadsheet": ""}
#: Formats written as a folder of CSV files: csv for neo4j-admin (text exact), spreadsheet (formulas neutralised).
FOLDER_FORMATS = ("csv", "spreadsheet")
CSV_FILES = ("nodes.csv", "relationships.csv")
LIST_SEPARATOR = " | "
#: GEXF reads edge attributes named start/end as time spells (a dynamic graph in Gephi).
GEXF_RENAMES = {"start": "sentence_start", "end": "sentence_end"}


def _flat_value(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(v) for v in items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _kind(value) -> str:
    return "bool" if isinstance(value, bool) else "int" if isinstance(value, int) else \
        "float" if isinstance(value, float) else "str"


def _unify(records) -> None:
    """Give each attribute one type across all records (GraphML/GEXF declare a type per key)."""
    kinds: dict[str, set] = {}
    for data in records:
        for name, value in data.items():
            kinds.setdefault(name, set()).add(_kind(value))
    for name, seen in kinds.items():
        if len(seen) == 1:
            continue
        cast = float if seen <= {"int", "float"} else str
        for data in records:
            if name in data:
                data[name] = cast(data[name])


def flatten(graph, *, xml: bool = False):
    """A copy of `graph` whose attributes are strings, numbers or booleans only.

    ``None`` is dropped, lists are joined with ``" | "``, dicts become JSON, and an
    attribute that mixes types becomes float (numbers) or str (anything else).
    With `xml`, characters XML 1.0 forbids are replaced in every string (keys too).
    """
    import networkx as nx


    def value(v):
        v = _flat_value(v)
        return xml_text(v) if xml and isinstance(v, str) else v

    def key_of(k):
        return xml_text(k) if xml and isinstance(k, str) else k

    flat = nx.MultiDiGraph()
    flat.graph.update({k: value(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(key_of(node), **{k: value(v) for k, v in data.items() if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(key_of(u), key_of(v), key=key_of(key), **{k: value(x) for k, x in data.items() if x is not None})
    _unify([d for _, d in flat.nodes(data=True)])
    _unify([d for _, _, d in flat.edges(data=True)])
    return flat


def gexf_ready(graph):
    """:func:`flatten`, with edge ids set to the edge keys and start/end renamed (GEXF reserves them)."""
    flat = flatten(graph, xml=True)
    for _, _, key, data in flat.edges(keys=True, data=True):
        for old, new in GEXF_RENAMES.items():
            if old in data:
                data[new] = data.pop(old)
        data["id"] = str(key)
    return flat


# --------------------------------------------------------------------------- writers

def write_graphml(graph, path) -> None:
    import networkx as nx
    nx.write_graphml(flatten(graph, xml=True), str(path), encoding="utf-8")


def write_gexf(graph, path) -> None:
    import networkx as nx
    nx.write_gexf(gexf_ready(graph), str(path), encoding="utf-8")


def node_link(graph, meta: dict) -> dict:
    """networkx node-link data (key ``edges``) with a top-level ``meta``; lists stay lists, None is dropped."""
    import networkx as nx

    clean = graph.copy()
    for _, data in clean.nodes(data=True):
        for name in [k for k, v in data.items() if v is None]:
            del data[name]
    for _, _, data in clean.edges(data=True):
        for name in [k for k, v in data.items() if v is None]:
            del data[name]
    data = nx.node_link_data(clean, edges="edges")
    data["meta"] = meta
    return data


def write_json(graph, path, meta: dict) -> None:
    Path(path).write_text(json.dumps(node_link(graph, meta), indent=2, ensure_ascii=False, default=str) + "\n",
                          encoding="utf-8")


_NEO4J_TYPES = {"int": "int", "float": "float", "bool": "boolean"}


def _neo4j_columns(records, skip) -> list[tuple[str, str]]:
    """(attribute, header) pairs: ``mentions:int``, ``pagerank:float``, ``aliases:string[]``, ``title``."""
    kinds: dict[str, set] = {}
    for data in records:
        for name, value in data.items():
            if name in skip or value is None:
                continue
            kind = "list" if isinstance(value, (list, tuple)) else _kind(value)
            kinds.setdefault(name, set()).add(kind)
    columns = []
    for name in sorted(kinds):
        seen = kinds[name]
        if seen == {"list"}:
            header = f"{name}:string[]"
        elif len(seen) == 1 and next(iter(seen)) in _NEO4J_TYPES:
            header = f"{name}:{_NEO4J_TYPES[next(iter(seen))]}"
        elif seen <= {"int", "float"}:
            header = f"{name}:float"
        else:
            header = name
        columns.append((name, header))
    return columns


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)  # neo4j-admin's default array delimiter
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


#: the fixed columns of the two files, for Neo4j and (plain names) for spreadsheets
_NEO4J_HEADERS = ((":ID", ":LABEL"), (":START_ID", ":END_ID", ":TYPE"))
_SHEET_HEADERS = (("id", "type"), ("source", "target", "relation"))


def write_csv(graph, folder, *, spreadsheet: bool = False) -> list[Path]:
    """``nodes.csv`` and ``relationships.csv`` in the header format ``neo4j-admin database import`` reads.

    The Neo4j files hold the text exactly; with `spreadsheet`, the headers are plain names, the files start with a
    UTF-8 byte order mark (which Excel needs to read UTF-8) and a cell that would start a formula (= + - @) is
    neutralised (:func:`kg.escape.spreadsheet_cell`). Each file is written atomically.
    """
    from kg.output import atomic_path

    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    cell = spreadsheet_cell if spreadsheet else (lambda value: value)
    encoding = "utf-8-sig" if spreadsheet else "utf-8"
    (node_fixed, edge_fixed) = _SHEET_HEADERS if spreadsheet else _NEO4J_HEADERS
    plain = (lambda header: header.split(":")[0]) if spreadsheet else (lambda header: header)
    nodes = sorted(graph.nodes(data=True), key=lambda item: item[0])
    node_columns = _neo4j_columns([d for _, d in nodes], skip={"name", "type"})
    nodes_path = folder / "nodes.csv"
    with atomic_path(nodes_path) as temp, open(temp, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow([*node_fixed, "name"] + [plain(h) for _, h in node_columns if h != "label"])
        for node, data in nodes:
            label = str(data.get("type") or "node").capitalize()
            name = data.get("label") or data.get("name") or node
            row = [node, label, name] + [_csv_value(data.get(a)) for a, h in node_columns if h != "label"]
            writer.writerow([cell(v) for v in row])
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1]))
    edge_columns = _neo4j_columns([d for *_, d in edges], skip={"relation"})
    edges_path = folder / "relationships.csv"
    with atomic_path(edges_path) as temp, open(temp, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow([*edge_fixed, "key"] + [plain(h) for _, h in edge_columns])
        for u, v, key, data in edges:
            rel = re.sub(r"\W+", "_", str(data.get("relation") or "related_to")).upper()
            row = [u, v, rel, key] + [_csv_value(data.get(a)) for a, _ in edge_columns]
            writer.writerow([cell(v) for v in row])
    return [nodes_path, edges_path]


# --------------------------------------------------------------------------- figure

def _overlaps(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


#: a figure draws at most this many nodes, the most central ones
FIGURE_NODES = 60


def render_figure(graph, *, max_nodes: int = FIGURE_NODES, title: str | None = None, seed: int = 7):
    """A matplotlib Figure of (the `max_nodes` most central nodes of) `graph`; returns (figure, label texts).

    Labels start beside their node and are pushed apart until no two overlap.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    keep = sorted(top_nodes(graph, max_nodes))
    simple = nx.Graph()
    simple.add_nodes_from(keep)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u in simple and v in simple and u != v)
    n = max(len(keep), 1)
    pos = _packed_layout(simple, seed=seed)
    size = min(6 + n / 5, 20)
    fig, ax = plt.subplots(figsize=(size * 1.3, size), dpi=100)
    ax.set_axis_off()
    for u, v in simple.edges():
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#bbbbbb", lw=0.8, zorder=1)
    types = [graph.nodes[k].get("type") or "other" for k in keep]
    ax.scatter([pos[k][0] for k in keep], [pos[k][1] for k in keep], s=120,
               c=[node_style(t).colour for t in types], edgecolors="#333333", linewidths=0.6, zorder=2)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    pad = 0.15 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    lift = 0.012 * max(max(ys) - min(ys), 1.0)
    texts = [ax.text(pos[k][0], pos[k][1] + lift, shorten(xml_text(str(graph.nodes[k].get("label") or k)), 28), fontsize=8,
                     ha="center", va="bottom", zorder=3,
                     bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8)) for k in keep]
    _repel(fig, ax, texts)
    for k, text in zip(keep, texts):
        tx, ty = text.get_position()
        if abs(tx - pos[k][0]) + abs(ty - pos[k][1] - lift) > 2.5 * lift:
            ax.plot([pos[k][0], tx], [pos[k][1], ty], color="#888888", lw=0.5, zorder=1.5)
    present = sorted(set(types), key=type_order)
    ax.legend(handles=[Line2D([], [], marker="o", ls="", color=node_style(t).colour, label=t)
                       for t in present], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if title:
        ax.set_title(shorten(xml_text(title), 100))
    if len(keep) < graph.number_of_nodes():
        fig.text(0.01, 0.01, f"{len(keep)} most central of {graph.number_of_nodes()} nodes shown", fontsize=8)
    return fig, texts


def _packed_layout(simple, *, seed: int = 7) -> dict:
    """Spring layout per connected component, components packed in rows (largest first) so none is squeezed."""
    import networkx as nx

    parts = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    placed, row, x, y, row_height = {}, [], 0.0, 0.0, 0.0
    total = sum(len(c) for c in parts) or 1
    width = max(2.0 * (len(parts[0]) ** 0.5 if parts else 1), 2.0 * (total ** 0.5) * 0.8)
    for part in parts:
        size = 2.0 * len(part) ** 0.5 * 0.5 + 0.4
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        else:
            local = nx.spring_layout(simple.subgraph(part), seed=seed, k=1.8 / len(part) ** 0.5, iterations=200)
        if x + size > width and x > 0:
            x, y, row_height = 0.0, y - row_height - 0.3, 0.0
        for node, (px, py) in local.items():
            placed[node] = (x + size / 2 + px * size / 2, y - size / 2 + py * size / 2)
        x += size + 0.3
        row_height = max(row_height, size)
    return placed


def _repel(fig, ax, texts, *, iterations: int = 400) -> None:
    """Push overlapping label boxes apart (in pixels) until none overlap or `iterations` runs out."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inverse = ax.transData.inverted()
    for _ in range(iterations):
        boxes = [t.get_window_extent(renderer).expanded(1.02, 1.1) for t in texts]
        pairs = _overlaps(boxes)
        if not pairs:
            return
        shift = {}
        for i, j in pairs:
            a, b = boxes[i], boxes[j]
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            direction_x = 1 if (a.x0 + a.x1) >= (b.x0 + b.x1) else -1
            direction_y = 1 if (a.y0 + a.y1) >= (b.y0 + b.y1) else -1
            if dy <= dx:  # separate along the cheaper axis: vertical for wide labels
                move = (0.0, direction_y * (dy / 2 + 1))
            else:
                move = (direction_x * (dx / 2 + 1), 0.0)
            for index, sign in ((i, 1), (j, -1)):
                sx, sy = shift.get(index, (0.0, 0.0))
                shift[index] = (sx + sign * move[0], sy + sign * move[1])
        for index, (sx, sy) in shift.items():
            x, y = texts[index].get_position()
            px, py = ax.transData.transform((x, y))
            texts[index].set_position(tuple(inverse.transform((px + sx, py + sy))))


def label_overlaps(fig, texts) -> int:
    """How many pairs of labels overlap in the drawn figure (0 is the goal)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return len(_overlaps([t.get_window_extent(renderer) for t in texts]))


def write_figure(graph, path, fmt: str, *, title: str | None = None, max_nodes: int = FIGURE_NODES) -> None:
    import matplotlib.pyplot as plt

    fig, _ = render_figure(graph, title=title, max_nodes=max_nodes)
    try:
        fig.savefig(str(path), format=fmt, bbox_inches="tight")
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- the whole export

@dataclass
class ExportReport:
    """What an export wrote: the format, the file(s), and the size of the subgraph."""

    format: str
    path: str
    files: list[str] = field(default_factory=list)
    nodes: int = 0
    edges: int = 0
    asked: str = ""
    left_out: int = 0  # nodes of the subgraph a figure does not draw

    def to_dict(self) -> dict:
        return asdict(self)


def check_output(path, fmt: str, *, force: bool = False) -> Path:
    """Refuse an output path before any work: missing or unwritable folder, existing file without `force`,
    and never a database (see :func:`kg.output.check_target`)."""
    from kg.output import check_target

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = Path(path)
    if fmt in ("png", "svg"):
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:
            raise ExportError(f"{fmt} export needs matplotlib, which is not installed: pip install matplotlib")
    if fmt not in FOLDER_FORMATS:
        if path.is_dir():
            raise OutputExists(f"{path} is a folder — give a file name such as {path / ('subgraph' + SUFFIXES[fmt])}")
        return check_target(path, force=force, ours=is_kg_report if fmt == "markdown" else None)
    if path.exists() and not path.is_dir():
        raise OutputExists(f"{path} is a file; {fmt} export writes a folder — give a folder path")
    if not path.is_dir():
        check_target(path)  # the folder it will be created in must exist and be writable
        return path
    for name in CSV_FILES:
        check_target(path / name, force=force)
    return path


def export_subgraph(graph, fmt: str, path, *, meta: dict | None = None, asked: str = "", answer=None,
                    seeds=(), title: str | None = None, force: bool = False, results: dict | None = None,
                    figure_nodes: int = FIGURE_NODES) -> ExportReport:
    """Write `graph` (already selected) to `path` in format `fmt`; see :data:`FORMATS`.

    `results` (a results table, see :func:`kg.api.results_table`) goes into the Markdown report. A figure (png,
    svg) draws the `figure_nodes` most central nodes; the report says how many it left out.

    Every file is written whole or not at all (a temporary file renamed into place).
    """
    from kg.output import atomic_path

    path = check_output(path, fmt, force=force)
    if graph.number_of_nodes() == 0:
        raise EmptySubgraph("the subgraph is empty: nothing to export")
    meta = meta or {}
    left_out = 0
    if fmt in ("png", "svg"):  # the report counts what the figure shows
        drawn = graph.subgraph(top_nodes(graph, figure_nodes))
        left_out, graph = graph.number_of_nodes() - drawn.number_of_nodes(), drawn
    try:
        if fmt in FOLDER_FORMATS:
            files = write_csv(graph, path, spreadsheet=fmt == "spreadsheet")
        else:
            files = [path]
            with atomic_path(path) as temp:
                _write_file(graph, fmt, temp, meta=meta, asked=asked, answer=answer, seeds=seeds, title=title,
                            results=results)
    except OSError as error:
        raise OutputNotWritable(f"cannot write {path}: {error.strerror or error}") from None
    return ExportReport(fmt, str(path), [str(f) for f in files], graph.number_of_nodes(), graph.number_of_edges(),
                        asked, left_out)


def _write_file(graph, fmt: str, path: Path, *, meta, asked, answer, seeds, title, results=None) -> None:
    if fmt == "graphml":
        write_graphml(graph, path)
    elif fmt == "gexf":
        write_gexf(graph, path)
    elif fmt == "json":
        write_json(graph, path, meta)
    elif fmt == "markdown":
        text = markdown_report(graph, asked=asked, answer=answer, title=title, seeds=seeds, results=results)
        path.write_text(text, encoding="utf-8")
    else:
        write_figure(graph, path, fmt, title=title or asked, max_nodes=graph.number_of_nodes())  # chosen before
