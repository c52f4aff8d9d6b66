"""The knowledge graph as one self-contained, offline, interactive HTML page.

The page holds vis-network (shipped inside the pyvis package) inline and loads
nothing from the network. All corpus text travels as JSON inside a
``<script type="application/json">`` element, with ``<``, ``>`` and ``&``
escaped, and is put on the page with ``textContent`` only, so a title such as
``<script>alert(1)</script>`` shows as text and runs nothing.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("task:face parsing", type="task", label="face parsing", aliases=["face segmentation"], pagerank=0.6)
>>> G.add_node("paper:1", type="paper", label="<b>A</b>", title="<b>A</b>", pagerank=0.4)
>>> G.add_edge("paper:1", "task:face parsing", relation="addresses", sentence="We parse faces.")
0
>>> match_nodes(G, "face segmentation")
['task:face parsing']
>>> selection = select_graph(G, max_nodes=1)
>>> sorted(selection.graph.nodes), selection.left_out
(['task:face parsing'], 1)
>>> "<b>" in page_json(page_data(G))
False
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import EmptySubgraph, KgError, NodeNotFound, UnknownNodeType  # noqa: F401

NODE_TYPES = ("question", "task", "model", "dataset", "paper", "metric", "code", "prompt")
# colour, vis-network shape (shapes that honour `size`, label below), legend symbol
NODE_STYLE = {
    "question": ("#111111", "star", "\u2605"),
    "task": ("#d62728", "diamond", "\u25c6"),
    "model": ("#ff7f0e", "dot", "\u25cf"),
    "dataset": ("#2ca02c", "triangle", "\u25b2"),
    "paper": ("#1f77b4", "square", "\u25a0"),
    "metric": ("#9467bd", "hexagon", "\u2b22"),
    "code": ("#7f7f7f", "dot", "\u25cf"),
    "prompt": ("#8c564b", "triangleDown", "\u25bc"),
}
OTHER_STYLE = ("#bcbd22", "dot", "\u25cf")
RELATION_COLOURS = {
    "proposes": "#e377c2", "addresses": "#d62728", "introduces": "#2ca02c", "uses": "#ff7f0e",
    "used_for": "#bcbd22", "subtask_of": "#8c564b", "mentions": "#c7c7c7", "recommends": "#17becf",
    "cites": "#1f77b4", "asks_about": "#9467bd", "implemented_at": "#7f7f7f",
    "matches": "#111111", "full_text": "#555555",
}
OTHER_RELATION_COLOUR = "#aaaaaa"
DEFAULT_MAX_NODES = 300
# networkx computes the layout up to this size (beyond it, its O(n²) spring layout takes seconds);
# bigger graphs settle in the browser with a bounded number of physics iterations.
PRECOMPUTE_LAYOUT_UP_TO = 300
STABILISATION_ITERATIONS = 150  # at most; fewer for big graphs so 2,000 nodes settle in a few seconds
EDGE_LABELS_UP_TO = 150
LABEL_CHARS = 40
TEXT_CHARS = 400


# The selection errors are shared with kg export; the old names stay importable from here.
EmptyGraph = EmptySubgraph


@dataclass
class GraphSelection:
    """The subgraph to draw, the seeds it was grown from and what was left out."""

    graph: object
    seeds: list[str] = field(default_factory=list)
    left_out: int = 0
    left_out_by_type: dict[str, int] = field(default_factory=dict)
    max_nodes: int | None = None

    def notes(self) -> list[str]:
        """Sentences for people about what the page does not show."""
        if not self.left_out:
            return []
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.left_out_by_type.items()))
        return [f"left out {self.left_out} node(s) of lower PageRank ({kinds}); "
                f"showing {self.graph.number_of_nodes()} — raise --max-nodes or use --around to see them"]


def parse_types(types) -> tuple[str, ...] | None:
    """`"task,model"` or an iterable of names → a checked tuple of node types (None: all)."""
    if types is None or types == "" or types == ():
        return None
    names = [t.strip().lower() for part in ([types] if isinstance(types, str) else types)
             for t in str(part).split(",") if t.strip()]
    unknown = sorted(set(n for n in names if n not in NODE_TYPES))
    if unknown:
        raise UnknownNodeType(f"unknown node type(s) {', '.join(unknown)}: choose from {', '.join(NODE_TYPES)}")
    return tuple(dict.fromkeys(names))


def match_nodes(graph, text: str) -> list[str]:
    """Node keys for `text`: the key itself, else exact label/alias matches, else labels/aliases containing it.

    Case-insensitive; sorted by key so the choice is reproducible.
    """
    if text in graph:
        return [text]
    wanted = text.strip().casefold()
    if not wanted:
        return []
    exact, partial = [], []
    for key, data in graph.nodes(data=True):
        names = [str(data.get("label") or "")] + [str(a) for a in (data.get("aliases") or [])]
        folded = [n.casefold() for n in names if n]
        if wanted in folded:
            exact.append(key)
        elif any(wanted in n for n in folded):
            partial.append(key)
    return sorted(exact or partial)


def select_graph(graph, *, around=None, depth: int = 1, types=None, max_nodes: int | None = DEFAULT_MAX_NODES
                 ) -> GraphSelection:
    """The subgraph `kg graph` draws: whole graph or neighbourhood of `around`, typed, capped by PageRank.

    `around` is a node key or a text matched against labels and aliases
    (:func:`match_nodes`). Ties are broken by node key.
    """
    from kg.graph import neighbourhood, top_nodes

    wanted = parse_types(types)
    if around:
        seeds = match_nodes(graph, around)
        if not seeds:
            raise NodeNotFound(f"no node matches {around!r}: give a node key (task:…, model:…, paper:<id>) "
                               "or part of a name; see kg stats")
        full = neighbourhood(graph, seeds, depth=depth, types=wanted)
        kept = full if max_nodes is None else neighbourhood(graph, seeds, depth=depth, types=wanted, max_nodes=max_nodes)
    else:
        seeds = []
        full_nodes = top_nodes(graph, graph.number_of_nodes(), types=wanted)
        full = graph.subgraph(full_nodes)
        keep = full_nodes if max_nodes is None else full_nodes[:max_nodes]
        kept = graph.subgraph(keep).copy()
    dropped = [n for n in full if n not in kept]
    by_type: dict[str, int] = {}
    for node in dropped:
        kind = str(graph.nodes[node].get("type") or "other")
        by_type[kind] = by_type.get(kind, 0) + 1
    return GraphSelection(kept, seeds, len(dropped), by_type, max_nodes)


def select_from_db(db, *, around=None, depth: int = 1, types=None, max_nodes: int | None = DEFAULT_MAX_NODES
                   ) -> GraphSelection:
    """What :func:`select_graph` gives on the whole graph of `db`, loading only the nodes it keeps.

    The keys are chosen in SQL (:mod:`kg.graph.query`) and only those nodes and the
    edges among them are loaded, so a knowledge base of any size draws in about the
    time and memory of the page itself. What was left out is counted in SQL too.
    """
    from kg.graph import load_graph
    from kg.graph import query

    wanted = parse_types(types)
    if around:
        seeds = query.match_keys(db, around)
        if not seeds:
            raise NodeNotFound(f"no node matches {around!r}: give a node key (task:…, model:…, paper:<id>) "
                               "or part of a name; see kg stats")
        keys = query.neighbourhood_keys(db, seeds, depth, types=wanted, max_nodes=max_nodes)
        cut = max_nodes is not None and len(keys) >= max(max_nodes, len(seeds))
        total = query.neighbourhood_counts(db, seeds, depth, types=wanted) if cut else {}
    else:
        seeds = []
        keys = query.top_keys(db, max_nodes, types=wanted)
        cut = max_nodes is not None and len(keys) >= max_nodes
        total = query.node_counts(db, types=wanted) if cut else {}
    kept = load_graph(db, keys=keys)
    by_type = dict(total)
    for _, kind in kept.nodes(data="type"):
        if kind in by_type:
            by_type[kind] -= 1
    by_type = {kind: n for kind, n in by_type.items() if n > 0}
    return GraphSelection(kept, seeds, sum(by_type.values()), by_type, max_nodes)


def _short(text, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _links(data: dict) -> list[str]:
    links = []
    for name in ("url", "github", "corpus_link"):
        if data.get(name):
            links.append(str(data[name]))
    if data.get("arxiv_id"):
        abs_url = f"https://arxiv.org/abs/{data['arxiv_id']}"
        if not any(abs_url in link or str(data["arxiv_id"]) in link for link in links):
            links.insert(0, abs_url)
    return [link for link in dict.fromkeys(links) if link.startswith(("http://", "https://"))]


def _evidence(graph, node) -> str:
    """One sentence from the node's edges: its own document's first, then by edge key."""
    candidates = []
    for u, v, key, data in list(graph.out_edges(node, keys=True, data=True)) + list(graph.in_edges(node, keys=True, data=True)):
        if data.get("sentence"):
            candidates.append((data.get("relation") == "mentions", str(key), u, v, data["sentence"]))
    return _short(min(candidates)[-1], TEXT_CHARS) if candidates else ""


def _importance(data: dict) -> float:
    """PageRank; an answer's subgraph has only its ranking scores."""
    value = data.get("pagerank")
    if value is None:
        value = data.get("score")
    return max(float(value or 0), 0.0)


def _positions(graph) -> dict | None:
    """Node → (x, y) in pixels from networkx, or None to let the browser settle the layout."""
    import networkx as nx

    n = graph.number_of_nodes()
    if n == 0 or n > PRECOMPUTE_LAYOUT_UP_TO:
        return None
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in graph.edges() if u != v))
    try:
        layout = nx.spring_layout(simple, seed=0, weight=None, k=2.5 / max(n, 4) ** 0.5, iterations=100,
                                  scale=max(70 * n ** 0.5, 500.0))
    except ImportError:  # the sparse solver networkx uses for ≥500 nodes needs scipy
        return None
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in layout.items()}


def page_data(graph, *, title: str = "kg graph", positions: bool = True) -> dict:
    """What the page draws, as plain JSON-ready data (nodes and edges sorted by key)."""
    from pyvis.network import Network

    coords = _positions(graph) if positions else None
    ranks = [_importance(d) for _, d in graph.nodes(data=True)]
    top = max(ranks) if ranks and max(ranks) > 0 else 1.0
    # pyvis holds the vis-network node and edge options; the text fields are added beside them.
    net = Network(directed=True, cdn_resources="in_line")
    extra = {}
    counts: dict[str, int] = {}
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        kind = str(data.get("type") or "other")
        counts[kind] = counts.get(kind, 0) + 1
        colour, shape, _ = NODE_STYLE.get(kind, OTHER_STYLE)
        name = str(data.get("label") or data.get("name") or data.get("title") or node)
        size = 8 + 27 * (_importance(data) / top) ** 0.5
        options = {"color": colour, "size": round(size, 1)}
        if coords:
            options.update(x=coords[node][0], y=coords[node][1])
        net.add_node(node, label=_short(name, LABEL_CHARS), shape=shape, **options)
        links = _links(data)
        extra[node] = {
            "type": kind, "name": _short(name, TEXT_CHARS),
            "aliases": [_short(a, 80) for a in (data.get("aliases") or [])[:8] if a != name],
            "links": links, "link": links[0] if links and kind in ("paper", "model", "code") else "",
            "evidence": _evidence(graph, node),
            "definition": _short(data.get("definition") or data.get("question") or "", TEXT_CHARS),
            "pagerank": round(_importance(data), 5),
        }
    for node in net.nodes:
        node.pop("font", None)
        node.update(extra[node["id"]])
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1]))
    relations: dict[str, int] = {}
    with_labels = len(edges) <= EDGE_LABELS_UP_TO
    for index, (u, v, key, data) in enumerate(edges):
        relation = str(data.get("relation") or "related")
        relations[relation] = relations.get(relation, 0) + 1
        colour = RELATION_COLOURS.get(relation, OTHER_RELATION_COLOUR)
        options = {"label": relation} if with_labels else {}
        net.add_edge(u, v, id=f"e{index}", color=colour, **options)
        net.edges[-1].update(relation=relation, kind=str(data.get("kind") or ""),
                             sentence=_short(data.get("sentence") or "", TEXT_CHARS))
    return {
        "title": title,
        "nodes": net.nodes,
        "edges": net.edges,
        "positioned": coords is not None,
        "stabilization": min(STABILISATION_ITERATIONS, max(50, 60_000 // max(len(net.nodes), 1))),
        "types": [{"type": t, "colour": NODE_STYLE.get(t, OTHER_STYLE)[0], "symbol": NODE_STYLE.get(t, OTHER_STYLE)[2],
                   "count": counts[t]} for t in sorted(counts, key=lambda t: (NODE_TYPES.index(t) if t in NODE_TYPES else 99, t))],
        "relations": [{"relation": r, "colour": RELATION_COLOURS.get(r, OTHER_RELATION_COLOUR), "count": n}
                      for r, n in sorted(relations.items())],
    }


def page_json(data: dict) -> str:
    """JSON safe inside a <script> element: no `<`, `>`, `&` or line separators left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _vis_script() -> str:
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib"
    versions = sorted(folder.glob("vis-*/vis-network.min.js"))
    if not versions:
        raise KgError(f"vis-network is missing from the pyvis package at {folder}: reinstall pyvis")
    return versions[-1].read_text(encoding="utf-8").replace("</script", "<\\/script")


def render_html(graph, *, title: str = "kg graph") -> str:
    """The whole page as one string; it references no http(s) resource."""
    data = page_data(graph, title=title)
    return (_PAGE.replace("{{TITLE}}", html.escape(title))
            .replace("{{CSS}}", _CSS)
            .replace("{{APP}}", _APP)
            .replace("{{DATA}}", page_json(data))
            .replace("{{VIS}}", _vis_script()))


def write_html(graph, output, *, title: str = "kg graph") -> Path:
    """Write the page for `graph` to `output` and return its path."""
    if graph.number_of_nodes() == 0:
        raise EmptyGraph("the knowledge graph is empty: run \"kg build\" first")
    path = Path(output)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(graph, title=title), encoding="utf-8")
    return path


def notebook_view(path, *, height: int = 640):
    """Show a written page inline in Jupyter (an iframe holding the page itself, no server needed)."""
    import warnings

    from IPython.display import HTML

    warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame", category=UserWarning)
    page = Path(path).read_text(encoding="utf-8")
    return HTML(f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;'
                'border:1px solid #ddd" sandbox="allow-scripts allow-popups"></iframe>')


# Order matters: the data element precedes the app script that reads it.
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
<style>{{CSS}}</style>
<script>{{VIS}}</script>
</head>
<body>
<div id="kg-side">
  <h1 id="kg-title"></h1>
  <input id="kg-search" type="search" placeholder="Search nodes (Enter to focus)" autocomplete="off" aria-label="Search nodes">
  <ul id="kg-results"></ul>
  <div id="kg-info" aria-live="polite"></div>
  <h2>Node types</h2>
  <div id="kg-types"></div>
  <h2>Relations</h2>
  <div id="kg-relations"></div>
  <p class="kg-hint">Size: PageRank. Click a paper or model to open its link.</p>
</div>
<div id="kg-graph"></div>
<script type="application/json" id="kg-data">{{DATA}}</script>
<script>{{APP}}</script>
</body>
</html>
"""

_CSS = """
html, body { margin: 0; height: 100%; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
body { display: flex; }
#kg-side { width: 290px; padding: 10px 12px; box-sizing: border-box; overflow-y: auto; border-right: 1px solid #ddd; background: #fafafa; }
#kg-graph { flex: 1; height: 100%; background: #fff; }
h1 { font-size: 15px; margin: 0 0 8px; }
h2 { font-size: 12px; text-transform: uppercase; color: #666; margin: 14px 0 4px; }
#kg-search { width: 100%; box-sizing: border-box; padding: 5px 6px; border: 1px solid #bbb; border-radius: 4px; }
#kg-results { list-style: none; margin: 4px 0; padding: 0; max-height: 220px; overflow-y: auto; }
#kg-results li { padding: 3px 4px; cursor: pointer; border-radius: 3px; }
#kg-results li:hover { background: #e8f0fe; }
#kg-results .kg-type, .kg-tip .kg-type { color: #777; font-size: 11px; }
#kg-info:not(:empty) { margin-top: 8px; padding: 6px; border: 1px solid #ddd; border-radius: 4px; background: #fff; }
.kg-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.kg-symbol { font-size: 15px; width: 18px; text-align: center; }
.kg-line { display: inline-block; width: 18px; height: 3px; }
.kg-count { color: #888; margin-left: auto; }
.kg-hint { color: #777; font-size: 11px; margin-top: 12px; }
.kg-tip b { display: block; margin-bottom: 2px; }
.kg-tip div { margin-top: 3px; overflow-wrap: anywhere; }
.kg-tip .kg-evidence { font-style: italic; color: #444; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; max-width: 380px; white-space: normal;
  font: 12px/1.35 system-ui, sans-serif; color: #222; background: #fffdf0; border: 1px solid #bbb; border-radius: 4px;
  box-shadow: 2px 2px 6px rgba(0,0,0,.2); pointer-events: none; z-index: 5; }
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  var hiddenTypes = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeLink(url) { return /^https?:\/\//i.test(url || "") ? url : ""; }

  function details(n) {
    var box = el("div", "kg-tip");
    box.appendChild(el("b", null, n.name));
    box.appendChild(el("span", "kg-type", n.type + "  \u00b7  " + n.id));
    if (n.aliases && n.aliases.length) box.appendChild(el("div", null, "aliases: " + n.aliases.join("; ")));
    if (n.definition) box.appendChild(el("div", null, n.definition));
    (n.links || []).forEach(function (url) { box.appendChild(el("div", "kg-link", url)); });
    if (n.evidence) box.appendChild(el("div", "kg-evidence", "\u201c" + n.evidence + "\u201d"));
    return box;
  }
  function edgeDetails(e) {
    var box = el("div", "kg-tip");
    box.appendChild(el("b", null, e.relation + (e.kind ? " (" + e.kind + ")" : "")));
    box.appendChild(el("span", "kg-type", (byId[e.from] || {}).name + " \u2192 " + (byId[e.to] || {}).name));
    if (e.sentence) box.appendChild(el("div", "kg-evidence", "\u201c" + e.sentence + "\u201d"));
    return box;
  }

  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var visNodes = data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, shape: n.shape, color: n.color, size: n.size, title: details(n),
                 font: { size: 12, color: "#222", strokeWidth: 3, strokeColor: "#ffffff" } };
    if (data.positioned) { item.x = n.x; item.y = n.y; }
    return item;
  });
  var visEdges = data.edges.map(function (e) {
    var item = { id: e.id, from: e.from, to: e.to, arrows: "to", color: { color: e.color, opacity: 0.75 },
                 title: edgeDetails(e), width: 1 };
    if (e.label) { item.label = e.label; item.font = { size: 9, color: "#555", strokeWidth: 2, align: "middle" }; }
    return item;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    autoResize: true,
    layout: { randomSeed: 0, improvedLayout: false },
    edges: { smooth: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 800 },
    physics: data.positioned ? { enabled: false } : {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3000, springLength: 120, springConstant: 0.03, damping: 0.3, avoidOverlap: 0.1 },
      stabilization: { enabled: true, iterations: data.stabilization, updateInterval: 1000, fit: true }
    }
  };
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgData = data;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;
  window.kgStable = false;

  function settled() {
    if (window.kgStable) return;
    network.setOptions({ physics: { enabled: false } });
    window.kgStable = true;
    window.kgStableAt = performance.now();
    document.body.setAttribute("data-stable", "1");
  }
  if (data.positioned) {
    network.fit({ animation: false });
    network.once("afterDrawing", settled);
  } else {
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  }

  // side panel: title, legend with type filter, relation colours
  document.getElementById("kg-title").textContent = data.title;
  var typeBox = document.getElementById("kg-types");
  data.types.forEach(function (t) {
    var row = el("label", "kg-row");
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.value = t.type;
    box.setAttribute("data-type", t.type);
    box.addEventListener("change", function () { setTypeVisible(t.type, box.checked); });
    var symbol = el("span", "kg-symbol", t.symbol); symbol.style.color = t.colour;
    row.appendChild(box); row.appendChild(symbol); row.appendChild(el("span", null, t.type));
    row.appendChild(el("span", "kg-count", t.count));
    typeBox.appendChild(row);
  });
  var relBox = document.getElementById("kg-relations");
  data.relations.forEach(function (r) {
    var row = el("div", "kg-row");
    var line = el("span", "kg-line"); line.style.background = r.colour;
    row.appendChild(line); row.appendChild(el("span", null, r.relation)); row.appendChild(el("span", "kg-count", r.count));
    relBox.appendChild(row);
  });

  function setTypeVisible(type, visible) {
    hiddenTypes[type] = !visible;
    nodes.update(data.nodes.filter(function (n) { return n.type === type; })
                     .map(function (n) { return { id: n.id, hidden: !visible }; }));
    var box = typeBox.querySelector('input[data-type="' + type + '"]');
    if (box) box.checked = visible;
  }

  var info = document.getElementById("kg-info");
  function showInfo(id) {
    info.textContent = "";
    if (byId[id]) info.appendChild(details(byId[id]));
  }
  function focusNode(id) {
    var n = byId[id];
    if (!n) return false;
    if (hiddenTypes[n.type]) setTypeVisible(n.type, true);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: false });
    showInfo(id);
    return true;
  }
  window.kgFocus = focusNode;

  // search: labels, names, aliases and keys; results are text-only list items
  var search = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = data.nodes.filter(function (n) {
      return n.id.toLowerCase() === q || n.name.toLowerCase().indexOf(q) >= 0 ||
        (n.aliases || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; }) ||
        n.id.toLowerCase().indexOf(q) >= 0;
    });
    found.sort(function (a, b) {
      var ea = (a.name.toLowerCase() === q || a.id.toLowerCase() === q) ? 0 : 1;
      var eb = (b.name.toLowerCase() === q || b.id.toLowerCase() === q) ? 0 : 1;
      return ea - eb || b.pagerank - a.pagerank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    return found;
  }
  window.kgSearch = function (query) { return matches(query).map(function (n) { return n.id; }); };
  search.addEventListener("input", function () {
    results.textContent = "";
    matches(search.value).slice(0, 25).forEach(function (n) {
      var li = el("li", null, n.name);
      li.setAttribute("data-id", n.id);
      li.appendChild(el("span", "kg-type", "  " + n.type));
      li.addEventListener("click", function () { focusNode(n.id); });
      results.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var found = matches(search.value);
    if (found.length) focusNode(found[0].id);
  });

  network.on("click", function (params) {
    if (!params.nodes.length) return;
    var n = byId[params.nodes[0]];
    showInfo(n.id);
    var url = safeLink(n.link);
    if (url) window.open(url, "_blank", "noopener,noreferrer");
  });
})();
"""
