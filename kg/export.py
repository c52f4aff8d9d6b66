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
>>> find_nodes(G, "Face Segmentation")
['task:face parsing']
>>> flat = flatten(G)
>>> flat.nodes["task:face parsing"]["aliases"], "url" in flat.nodes["paper:1"]
('face segmentation', False)
>>> mermaid(G).splitlines()[0]
'graph LR'
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import KgError

FORMATS = ("graphml", "gexf", "json", "csv", "markdown", "png", "svg")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": "", "markdown": ".md",
            "png": ".png", "svg": ".svg"}
NODE_TYPES = ("paper", "prompt", "task", "model", "dataset", "metric", "code")
#: Node colours by type, shared by the figure and the Mermaid diagram (colour-blind safe palette).
TYPE_COLOURS = {"paper": "#4477AA", "prompt": "#AA3377", "task": "#EE6677", "model": "#228833",
                "dataset": "#CCBB44", "metric": "#66CCEE", "code": "#BBBBBB"}
OTHER_COLOUR = "#999999"
LIST_SEPARATOR = " | "
#: GEXF reads edge attributes named start/end as time spells (a dynamic graph in Gephi).
GEXF_RENAMES = {"start": "sentence_start", "end": "sentence_end"}
URL_RE = re.compile(r"https?://[^\s<>()\[\]|\"'`]+")


def _errors():
    from kg import errors
    return errors


# --------------------------------------------------------------------------- selection

def _norm(text) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", str(text).casefold()).split())


def find_nodes(graph, text: str) -> list[str]:
    """Node keys matching `text`: the exact key, else a label or alias equal to it, else containing it.

    Matching ignores case and punctuation; within a tier the order is PageRank, then key.
    """
    if text in graph:
        return [text]
    wanted = _norm(text)
    if not wanted:
        return []

    def names(data):
        yield data.get("label") or ""
        yield data.get("name") or ""
        yield from data.get("aliases") or []

    exact, partial = [], []
    for node, data in graph.nodes(data=True):
        forms = {_norm(n) for n in names(data) if n}
        if wanted in forms:
            exact.append(node)
        elif any(wanted in form for form in forms):
            partial.append(node)
    rank = lambda n: (-float(graph.nodes[n].get("pagerank") or 0), n)  # noqa: E731
    return sorted(exact, key=rank) if exact else sorted(partial, key=rank)


def select_subgraph(graph, *, around=None, depth: int = 1, types=None, max_nodes: int | None = None):
    """The subgraph around a node key or text (`depth` hops), or the whole graph, filtered by `types`.

    Raises :class:`kg.errors.NodeNotFound` when `around` matches nothing and
    :class:`kg.errors.EmptySubgraph` when nothing is left.
    """
    from kg.graph import neighbourhood, top_nodes

    errors = _errors()
    types = set(types) if types else None
    unknown = sorted((types or set()) - set(NODE_TYPES))
    if unknown:
        raise errors.ExportError(f"unknown node type(s) {', '.join(unknown)}: use {', '.join(NODE_TYPES)}")
    if around:
        seeds = find_nodes(graph, around)
        if not seeds:
            raise errors.NodeNotFound(f"no node matches {around!r} — try a node key such as "
                                      f"'task:face parsing' or part of a title or name")
        sub = neighbourhood(graph, seeds, depth=depth, types=types, max_nodes=max_nodes)
    else:
        keep = top_nodes(graph, max_nodes or graph.number_of_nodes(), types=types)
        sub = graph.subgraph(keep).copy()
    if sub.number_of_nodes() == 0:
        what = f" of type {', '.join(sorted(types))}" if types else ""
        raise errors.EmptySubgraph(f"the subgraph is empty: no node{what} to export — "
                                   f"widen --depth or --types, or run \"kg build\" first")
    return sub


def select_from_db(db, *, around=None, depth: int = 1, types=None, max_nodes: int | None = None):
    """What :func:`select_subgraph` gives on the whole graph of `db`, and the seeds; only kept nodes are loaded.

    The keys are chosen in SQL (:mod:`kg.graph.query`, matching as :func:`find_nodes`
    does) and only those nodes and the edges among them are read from the tables.
    Returns ``(subgraph, seeds)``.
    """
    from kg.graph import load_graph
    from kg.graph import query

    errors = _errors()
    types = set(types) if types else None
    unknown = sorted((types or set()) - set(NODE_TYPES))
    if unknown:
        raise errors.ExportError(f"unknown node type(s) {', '.join(unknown)}: use {', '.join(NODE_TYPES)}")
    seeds = []
    if around:
        seeds = query.match_keys(db, around, normalise=_norm, order="pagerank")
        if not seeds:
            raise errors.NodeNotFound(f"no node matches {around!r} — try a node key such as "
                                      f"'task:face parsing' or part of a title or name")
        keys = query.neighbourhood_keys(db, seeds, depth, types=types, max_nodes=max_nodes)
    else:
        keys = query.top_keys(db, max_nodes or None, types=types)
    sub = load_graph(db, keys=keys)
    if sub.number_of_nodes() == 0:
        what = f" of type {', '.join(sorted(types))}" if types else ""
        raise errors.EmptySubgraph(f"the subgraph is empty: no node{what} to export — "
                                   f"widen --depth or --types, or run \"kg build\" first")
    return sub, seeds


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


def flatten(graph):
    """A copy of `graph` whose attributes are strings, numbers or booleans only.

    ``None`` is dropped, lists are joined with ``" | "``, dicts become JSON, and an
    attribute that mixes types becomes float (numbers) or str (anything else).
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    flat.graph.update({k: _flat_value(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat_value(v) for k, v in data.items() if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat_value(x) for k, x in data.items() if x is not None})
    _unify([d for _, d in flat.nodes(data=True)])
    _unify([d for _, _, d in flat.edges(data=True)])
    return flat


def gexf_ready(graph):
    """:func:`flatten`, with edge ids set to the edge keys and start/end renamed (GEXF reserves them)."""
    flat = flatten(graph)
    for _, _, key, data in flat.edges(keys=True, data=True):
        for old, new in GEXF_RENAMES.items():
            if old in data:
                data[new] = data.pop(old)
        data["id"] = str(key)
    return flat


# --------------------------------------------------------------------------- writers

def write_graphml(graph, path) -> None:
    import networkx as nx
    nx.write_graphml(flatten(graph), str(path), encoding="utf-8")


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


def write_csv(graph, folder) -> list[Path]:
    """``nodes.csv`` and ``relationships.csv`` in the header format ``neo4j-admin database import`` reads."""
    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    nodes = sorted(graph.nodes(data=True), key=lambda item: item[0])
    node_columns = _neo4j_columns([d for _, d in nodes], skip={"name", "type"})
    nodes_path = folder / "nodes.csv"
    with open(nodes_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":ID", ":LABEL", "name"] + [h for _, h in node_columns if h != "label"])
        for node, data in nodes:
            label = str(data.get("type") or "node").capitalize()
            name = data.get("label") or data.get("name") or node
            writer.writerow([node, label, name] + [_csv_value(data.get(a)) for a, h in node_columns if h != "label"])
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1]))
    edge_columns = _neo4j_columns([d for *_, d in edges], skip={"relation"})
    edges_path = folder / "relationships.csv"
    with open(edges_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", "key"] + [h for _, h in edge_columns])
        for u, v, key, data in edges:
            rel = re.sub(r"\W+", "_", str(data.get("relation") or "related_to")).upper()
            writer.writerow([u, v, rel, key] + [_csv_value(data.get(a)) for a, _ in edge_columns])
    return [nodes_path, edges_path]


# --------------------------------------------------------------------------- markdown

def _mermaid_label(text, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    for char, entity in (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                         ("`", "#96;"), ("|", "#124;"), ("[", "#91;"), ("]", "#93;"), ("{", "#123;"),
                         ("}", "#125;"), ("(", "#40;"), (")", "#41;")):
        text = text.replace(char, entity)
    return text


def mermaid(graph, *, max_nodes: int = 40) -> str:
    """A Mermaid ``graph LR`` of `graph`: ids n1, n2… (always safe), escaped labels, one class per type."""
    from kg.graph import top_nodes

    keep = sorted(top_nodes(graph, max_nodes))
    ids = {node: f"n{i}" for i, node in enumerate(keep, 1)}
    lines = ["graph LR"]
    for node in keep:
        data = graph.nodes[node]
        lines.append(f'    {ids[node]}["{_mermaid_label(data.get("label") or node)}"]')
    seen = set()
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("relation")))):
        relation = re.sub(r"[^\w ]+", " ", str(data.get("relation") or "")).strip() or "related"
        if u in ids and v in ids and (u, v, relation) not in seen and u != v:
            seen.add((u, v, relation))
            lines.append(f"    {ids[u]} -->|{relation}| {ids[v]}")
    types = sorted({graph.nodes[n].get("type") or "other" for n in keep})
    for type_ in types:
        colour = TYPE_COLOURS.get(type_, OTHER_COLOUR)
        lines.append(f"    classDef {type_} fill:{colour},color:#fff,stroke:#333")
        members = ",".join(ids[n] for n in keep if (graph.nodes[n].get("type") or "other") == type_)
        lines.append(f"    class {members} {type_}")
    return "\n".join(lines)


def paper_links(data: dict) -> list[str]:
    """The links of a paper exactly as stored (url, github, then a code/project link read in its text); never built from an id."""
    return list(dict.fromkeys(data[k] for k in ("url", "github", "corpus_link") if data.get(k)))


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _quote(text) -> str:
    return "> " + " ".join(str(text).split())


def _paper_rows_from_graph(graph, seeds):
    """(title, links, why, [(sentence, source)]) for each paper, most important first."""
    papers = [n for n, d in graph.nodes(data=True) if d.get("type") == "paper"]
    papers.sort(key=lambda n: (n not in seeds, -float(graph.nodes[n].get("pagerank") or 0), n))
    rows = []
    for paper in papers:
        data = graph.nodes[paper]
        edges = [(u, v, d) for u, v, d in graph.out_edges(paper, data=True)] + \
                [(u, v, d) for u, v, d in graph.in_edges(paper, data=True)]
        edges.sort(key=lambda e: (not ({e[0], e[1]} & seeds), -float(e[2].get("weight") or 0), e[0], e[1]))
        why, evidence = [], []
        for u, v, d in edges:
            other = v if u == paper else u
            phrase = f"{d.get('relation', 'related to')} {graph.nodes[other].get('label') or other}"
            if phrase not in why:
                why.append(phrase)
            sentence = d.get("sentence")
            if sentence and all(sentence != s for s, _ in evidence) and len(evidence) < 1:
                doc = d.get("doc") or paper
                where = "" if doc == paper else f" of {graph.nodes[doc].get('label') or doc}" if doc in graph else f" of {doc}"
                evidence.append((sentence, f"{d.get('field') or 'text'}{where}"))
        rows.append((data.get("label") or paper, paper_links(data), "; ".join(why[:3]), evidence))
    return rows


def markdown_report(graph, *, asked: str, answer=None, title: str | None = None, max_diagram_nodes: int = 40,
                    seeds=()) -> str:
    """A report a person can read: what was asked, task(s), papers with links and evidence, models, datasets, diagram.

    With an `answer` (from ``kg.api.ask``) its ranking, workflow and evidence are used;
    otherwise the papers, tasks, models and datasets of `graph` are listed.
    Links are printed exactly as stored; a paper without one says "no link in the corpus".
    """
    seeds = set(seeds)
    out = [f"# {title or 'kg report'}", "", f"**What was asked:** {' '.join(asked.split())}", ""]
    if answer is not None and getattr(answer, "abstained", False):
        out += ["_The corpus does not cover this question well; the nearest tasks and papers are listed._", ""]
    nodes = lambda t: sorted((n for n, d in graph.nodes(data=True) if d.get("type") == t),  # noqa: E731
                             key=lambda n: (n not in seeds, -float(graph.nodes[n].get("pagerank") or 0), n))

    out += ["## Task", ""]
    if answer is not None and answer.tasks:
        for i, task in enumerate(answer.tasks[:3]):
            lead = "**" + task.name + "**" if i == 0 else task.name + " (runner-up)"
            definition = f" — {task.definition}" if task.definition else ""
            matched = f" _(matched: {', '.join(task.matched)})_" if task.matched else ""
            out.append(f"- {lead}{definition}{matched}")
    else:
        tasks = nodes("task")
        for key in tasks[:5]:
            data = graph.nodes[key]
            definition = f" — {data['definition']}" if data.get("definition") else ""
            out.append(f"- **{data.get('label') or key}**{definition}")
        if not tasks:
            out.append("- no task in this subgraph")
    out.append("")

    workflow = getattr(answer, "workflow", None)
    if workflow is not None and (workflow.steps or workflow.input):
        chain = [workflow.input or "input"] + [f"`{s.model}`" for s in workflow.steps] + [workflow.output or "output"]
        out += ["## Workflow", "", " → ".join(chain), ""]

    out += ["## Papers", "", "| # | Paper | Link | Why |", "|---|---|---|---|"]
    evidence_blocks = []
    if answer is not None:
        rows = []
        for hit in answer.papers:
            links = [x for x in (hit.url, hit.github) if x]
            why = hit.reason or " → ".join(str(p) for p in hit.path)
            rows.append((hit.title, links, why, [(e.text, e.source) for e in hit.evidence[:2]]))
    else:
        rows = _paper_rows_from_graph(graph, seeds)
    for i, (paper_title, links, why, evidence) in enumerate(rows, 1):
        link = "<br>".join(links) if links else "no link in the corpus"
        out.append(f"| {i} | {_cell(paper_title)} | {link} | {_cell(why) or '—'} |")
        if evidence:
            block = [f"**{i}. {' '.join(str(paper_title).split())}**", ""]
            for text, source in evidence:
                block += [_quote(text), f"> — _{' '.join(str(source).split())}_", ""]
            evidence_blocks += block
    if not rows:
        out.append("| — | no paper in this subgraph | | |")
    out.append("")
    if evidence_blocks:
        out += ["### Evidence", ""] + evidence_blocks

    out += ["## Models and datasets", ""]
    models = [(m.name, ", ".join(m.tasks)) for m in answer.models] if answer is not None and answer.models else \
        [(graph.nodes[k].get("label") or k, "") for k in nodes("model")]
    datasets = [(d.name, f"{len(d.papers)} paper(s)") for d in answer.datasets] if answer is not None and \
        answer.datasets else [(graph.nodes[k].get("label") or k, "") for k in nodes("dataset")]
    out += [f"- model `{name}`" + (f" — {extra}" if extra else "") for name, extra in models[:15]]
    out += [f"- dataset {name}" + (f" — {extra}" if extra else "") for name, extra in datasets[:15]]
    if not models and not datasets:
        out.append("- none in this subgraph")
    out.append("")

    shown = min(graph.number_of_nodes(), max_diagram_nodes)
    out += ["## Diagram", "",
            f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges"
            + (f" (the {shown} most central shown)" if shown < graph.number_of_nodes() else "") + ".", "",
            "```mermaid", mermaid(graph, max_nodes=max_diagram_nodes), "```", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- figure

def _short(text, limit: int = 28) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _overlaps(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


def render_figure(graph, *, max_nodes: int = 60, title: str | None = None, seed: int = 7):
    """A matplotlib Figure of (the `max_nodes` most central nodes of) `graph`; returns (figure, label texts).

    Labels start beside their node and are pushed apart until no two overlap.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    from kg.graph import top_nodes

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
               c=[TYPE_COLOURS.get(t, OTHER_COLOUR) for t in types], edgecolors="#333333", linewidths=0.6, zorder=2)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    pad = 0.15 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    lift = 0.012 * max(max(ys) - min(ys), 1.0)
    texts = [ax.text(pos[k][0], pos[k][1] + lift, _short(graph.nodes[k].get("label") or k), fontsize=8,
                     ha="center", va="bottom", zorder=3,
                     bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8)) for k in keep]
    _repel(fig, ax, texts)
    for k, text in zip(keep, texts):
        tx, ty = text.get_position()
        if abs(tx - pos[k][0]) + abs(ty - pos[k][1] - lift) > 2.5 * lift:
            ax.plot([pos[k][0], tx], [pos[k][1], ty], color="#888888", lw=0.5, zorder=1.5)
    present = [t for t in NODE_TYPES if t in types] + sorted(set(types) - set(NODE_TYPES))
    ax.legend(handles=[Line2D([], [], marker="o", ls="", color=TYPE_COLOURS.get(t, OTHER_COLOUR), label=t)
                       for t in present], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if title:
        ax.set_title(_short(title, 100))
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


def write_figure(graph, path, fmt: str, *, title: str | None = None, max_nodes: int = 60) -> None:
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

    def to_dict(self) -> dict:
        return asdict(self)


def check_output(path, fmt: str, *, force: bool = False) -> Path:
    """Refuse an output path before any work: missing or unwritable folder, existing file without `force`."""
    errors = _errors()
    if fmt not in FORMATS:
        raise errors.ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        why = "is not a folder" if parent.exists() else "does not exist"
        raise errors.OutputNotWritable(f"cannot write {path}: folder {parent} {why}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise errors.OutputNotWritable(f"cannot write {path}: folder {parent} is not writable")
    if fmt == "csv":
        if path.exists() and not path.is_dir():
            raise errors.OutputExists(f"{path} is a file; csv export writes a folder — give a folder path")
        taken = [p for p in (path / "nodes.csv", path / "relationships.csv") if p.exists()]
        if taken and not force:
            raise errors.OutputExists(f"{taken[0]} already exists — use --force to overwrite")
        if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
            raise errors.OutputNotWritable(f"cannot write in folder {path}: not writable")
    else:
        if path.is_dir():
            raise errors.OutputExists(f"{path} is a folder — give a file name such as {path / ('subgraph' + SUFFIXES[fmt])}")
        if path.exists() and not force:
            raise errors.OutputExists(f"{path} already exists — use --force to overwrite")
    return path


def export_subgraph(graph, fmt: str, path, *, meta: dict | None = None, asked: str = "", answer=None,
                    seeds=(), title: str | None = None, force: bool = False) -> ExportReport:
    """Write `graph` (already selected) to `path` in format `fmt`; see :data:`FORMATS`."""
    errors = _errors()
    path = check_output(path, fmt, force=force)
    if graph.number_of_nodes() == 0:
        raise errors.EmptySubgraph("the subgraph is empty: nothing to export")
    meta = meta or {}
    try:
        if fmt == "csv":
            files = write_csv(graph, path)
        else:
            files = [path]
            if fmt == "graphml":
                write_graphml(graph, path)
            elif fmt == "gexf":
                write_gexf(graph, path)
            elif fmt == "json":
                write_json(graph, path, meta)
            elif fmt == "markdown":
                text = markdown_report(graph, asked=asked, answer=answer, title=title, seeds=seeds)
                path.write_text(text, encoding="utf-8")
            else:
                write_figure(graph, path, fmt, title=title or asked)
    except OSError as error:
        raise errors.OutputNotWritable(f"cannot write {path}: {error.strerror or error}") from None
    return ExportReport(fmt, str(path), [str(f) for f in files], graph.number_of_nodes(), graph.number_of_edges(),
                        asked)


def corpus_sources(db) -> list[dict]:
    """The `sources` table: every corpus file the knowledge base was built from."""
    rows = db.conn.execute("SELECT path, sha256, format, records, ingested_at FROM sources ORDER BY path")
    return [dict(zip(("path", "sha256", "format", "records", "ingested_at"), row)) for row in rows]


def markdown_to_html(text: str, *, title: str = "kg report", figure: str | None = None) -> str:
    """A small HTML page for the Markdown kg writes (headings, lists, tables, quotes, code); no dependency.

    With `figure` (a data: or file URL of a PNG), the Mermaid block is shown as that figure.
    """
    import html

    def inline(s: str) -> str:
        s = html.escape(s, quote=False).replace("&lt;br&gt;", "<br>")
        s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
        s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
        s = re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"<em>\1</em>", s)
        return URL_RE.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', s)

    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            if line.strip() == "```mermaid" and figure:
                out.append(f'<img class="figure" src="{html.escape(figure)}" alt="the subgraph">')
            else:
                out.append("<pre><code>" + html.escape("\n".join(block)) + "</code></pre>")
        elif m := re.match(r"(#{1,6}) (.*)", line):
            out.append(f"<h{len(m.group(1))}>{inline(m.group(2))}</h{len(m.group(1))}>")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]])
                i += 1
            i -= 1
            head, body = rows[0], [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]
            out.append("<table><thead><tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr></thead><tbody>"
                       + "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
                       + "</tbody></table>")
        elif line.startswith(">"):
            quote = []
            while i < len(lines) and lines[i].startswith(">"):
                quote.append(inline(lines[i][1:].strip()))
                i += 1
            i -= 1
            out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
        elif line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{inline(lines[i][2:])}</li>")
                i += 1
            i -= 1
            out.append("<ul>" + "".join(items) + "</ul>")
        elif line.strip():
            out.append(f"<p>{inline(line)}</p>")
        i += 1
    style = ("body{font:15px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:980px;margin:24px auto;"
             "color:#222;padding:0 16px}table{border-collapse:collapse;width:100%;font-size:13px}"
             "th,td{border:1px solid #ddd;padding:5px 8px;vertical-align:top;text-align:left}th{background:#f4f4f4}"
             "blockquote{border-left:4px solid #ccd;margin:6px 0 14px;padding:2px 12px;color:#444;background:#fafafc}"
             "code{background:#f2f2f2;padding:1px 4px;border-radius:3px}h1{border-bottom:1px solid #eee}"
             "a{color:#0645ad;word-break:break-all}img.figure{max-width:100%;border:1px solid #eee}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{style}</style></head><body>\n" + "\n".join(out) + "\n</body></html>\n")
