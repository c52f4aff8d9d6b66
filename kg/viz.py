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
>>> data = page_data(G)
>>> [n["id"] for n in data["nodes"]], "<b>" in page_json(data)
(['paper:1', 'task:face parsing'], False)
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from kg.errors import EmptySubgraph, KgError
from kg.graph.select import importance
from kg.style import FADED_COLOUR, community_colour, node_links, node_style, relation_colour, type_order
from kg.text import shorten

# networkx computes the layout up to this size (beyond it, its O(n²) spring layout takes seconds);
# bigger graphs settle in the browser with a bounded number of physics iterations.
PRECOMPUTE_LAYOUT_UP_TO = 300
STABILISATION_ITERATIONS = 150  # at most; fewer for big graphs so 2,000 nodes settle in a few seconds
EDGE_LABELS_UP_TO = 150
LABEL_CHARS = 40
LEGEND_COMMUNITIES = 12  # communities named in the legend (the largest); the rest are counted together
ENTRY_TASKS = 10  # the most important tasks, listed as places to start
TEXT_CHARS = 400
PANEL_RESULTS = 12  # results a dataset or metric panel lists (the page holds no more, so its size stays bounded)


def _evidence(graph, node) -> str:
    """One sentence from the node's edges: its own document's first, then by edge key."""
    candidates = []
    for u, v, key, data in list(graph.out_edges(node, keys=True, data=True)) + list(graph.in_edges(node, keys=True, data=True)):
        if data.get("sentence"):
            candidates.append((data.get("relation") == "mentions", str(key), u, v, data["sentence"]))
    return shorten(min(candidates)[-1], TEXT_CHARS) if candidates else ""


def _results(data) -> list[dict]:
    """The first :data:`PANEL_RESULTS` scores reported on a dataset or metric node (its ``results``
    attribute: rows of :func:`kg.store.results.results_of_nodes`), as the side panel shows them.

    >>> row = {"value": "3.1", "unit": "", "kind": "absolute", "dataset": "FFHQ", "metric": "FID",
    ...        "arxiv_id": "2401.00001", "title": "A", "sentence": "We reach <b>3.1</b> FID."}
    >>> _results({"results": [row]})
    [{'value': '3.1 (FFHQ / FID)', 'kind': 'absolute', 'paper': '2401.00001 A', 'sentence': 'We reach <b>3.1</b> FID.'}]
    """
    from kg.results_format import cell_label

    return [{"value": cell_label(row), "kind": row["kind"],
             "paper": shorten(" ".join(filter(None, (row["arxiv_id"], row["title"]))), 2 * LABEL_CHARS),
             "sentence": shorten(" ".join(row["sentence"].split()), TEXT_CHARS)}
            for row in (data.get("results") or [])[:PANEL_RESULTS]]


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


def page_data(graph, *, title: str = "kg graph", positions: bool = True, notes=()) -> dict:
    """What the page draws, as plain JSON-ready data (nodes and edges sorted by key).

    Besides nodes and edges: the communities (named by their top task, coloured from
    :mod:`kg.style`), the most important tasks as entry points, and `notes` saying
    what the page leaves out and how to see it.
    """
    from kg.graph.communities import communities

    coords = _positions(graph) if positions else None
    groups = communities(graph)
    rank_of = {node: rank for rank, group in enumerate(groups) for node in group.members}
    nodes = _node_items(graph, coords, rank_of)
    edges, relations = _edge_items(graph)
    counts: dict[str, int] = {}
    for item in nodes:
        counts[item["type"]] = counts.get(item["type"], 0) + 1
    tasks = sorted((n for n in nodes if n["type"] == "task"), key=lambda n: (-n["pagerank"], n["id"]))
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "positioned": coords is not None,
        "stabilization": min(STABILISATION_ITERATIONS, max(50, 60_000 // max(len(nodes), 1))),
        "types": [{"type": t, "colour": node_style(t).colour, "symbol": node_style(t).symbol, "count": counts[t]}
                  for t in sorted(counts, key=type_order)],
        "relations": [{"relation": r, "colour": relation_colour(r), "count": n}
                      for r, n in sorted(relations.items())],
        "communities": [{"rank": rank, "name": shorten(group.name, LABEL_CHARS), "top": group.top,
                         "colour": community_colour(rank), "count": len(group.members)}
                        for rank, group in enumerate(groups[:LEGEND_COMMUNITIES])],
        "otherCommunities": sum(len(group.members) for group in groups[LEGEND_COMMUNITIES:]),
        "entryTasks": [n["id"] for n in tasks[:ENTRY_TASKS]],
        "notes": list(notes),
        "faded": FADED_COLOUR,
    }


def _node_items(graph, coords, rank_of) -> list[dict]:
    """One vis-network node per graph node, with the text the side panel shows."""
    ranks = [importance(d) for _, d in graph.nodes(data=True)]
    top = max(ranks) if ranks and max(ranks) > 0 else 1.0
    items = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        kind = str(data.get("type") or "other")
        style = node_style(kind)
        name = str(data.get("label") or data.get("name") or data.get("title") or node)
        links = node_links(data)
        item = {
            "id": node, "label": shorten(name, LABEL_CHARS), "shape": style.shape,
            "size": round(8 + 27 * (importance(data) / top) ** 0.5, 1),
            "typeColour": style.colour, "community": rank_of.get(node, 0),
            "communityColour": community_colour(rank_of.get(node, 0)),
            "type": kind, "name": shorten(name, TEXT_CHARS),
            "aliases": [shorten(a, 80) for a in (data.get("aliases") or [])[:8] if a != name],
            "links": links, "link": links[0] if links and kind in ("paper", "model", "code") else "",
            "evidence": _evidence(graph, node),
            "definition": shorten(data.get("definition") or data.get("question") or "", TEXT_CHARS),
            "input": shorten(data.get("input") or "", LABEL_CHARS),
            "output": shorten(data.get("output") or "", LABEL_CHARS),
            "pagerank": round(importance(data), 5),
        }
        if data.get("results"):
            item.update(results=_results(data), resultCount=len(data["results"]))
        if coords:
            item.update(x=coords[node][0], y=coords[node][1])
        items.append(item)
    return items


def _edge_items(graph) -> tuple[list[dict], dict[str, int]]:
    """One vis-network edge per graph edge (ids e0, e1 … by edge key), and the count of each relation."""
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1]))
    relations: dict[str, int] = {}
    with_labels = len(edges) <= EDGE_LABELS_UP_TO
    items = []
    for index, (u, v, key, data) in enumerate(edges):
        relation = str(data.get("relation") or "related")
        relations[relation] = relations.get(relation, 0) + 1
        item = {"id": f"e{index}", "from": u, "to": v, "color": relation_colour(relation), "relation": relation,
                "kind": str(data.get("kind") or ""), "rule": str(data.get("rule") or ""),
                "sentence": shorten(data.get("sentence") or "", TEXT_CHARS)}
        if with_labels:
            item["label"] = relation
        items.append(item)
    return items, relations


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


def render_html(graph, *, title: str = "kg graph", notes=()) -> str:
    """The whole page as one string; it references no http(s) resource."""
    data = page_data(graph, title=title, notes=notes)
    return (_PAGE.replace("{{TITLE}}", html.escape(title))
            .replace("{{CSS}}", _CSS)
            .replace("{{APP}}", _APP)
            .replace("{{DATA}}", page_json(data))
            .replace("{{VIS}}", _vis_script()))


def write_html(graph, output, *, title: str = "kg graph", notes=(), force: bool = False) -> Path:
    """Write the page for `graph` to `output` (atomically) and return its path; `notes` are shown on the page.

    An existing file is replaced only when it is a page kg wrote, or with `force`; see :mod:`kg.output`.
    """
    from kg.output import check_target, write_text

    path = check_target(output, force=force, ours=is_kg_page)
    if graph.number_of_nodes() == 0:
        raise EmptySubgraph("the knowledge graph is empty: run \"kg build\" first")
    return write_text(path, render_html(graph, title=title, notes=notes))


def is_kg_page(path) -> bool:
    """True when `path` is an HTML page kg graph wrote (it may be replaced without --force)."""
    from kg.output import starts_with

    return starts_with(Path(path), b'<meta name="generator" content="kg graph">')


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
<meta name="generator" content="kg graph">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
<style>{{CSS}}</style>
<script>{{VIS}}</script>
</head>
<body>
<div id="kg-side">
  <h1 id="kg-title"></h1>
  <div id="kg-notes"></div>
  <input id="kg-search" type="search" placeholder="Search tasks, models, datasets, papers" autocomplete="off" aria-label="Search nodes">
  <ul id="kg-results"></ul>
  <div class="kg-row kg-controls">
    <label>Neighbours <select id="kg-depth" aria-label="Neighbourhood depth"><option value="1">1 hop</option><option value="2">2 hops</option></select></label>
    <button id="kg-reset" type="button">Show all</button>
  </div>
  <div id="kg-info" aria-live="polite"></div>
  <h2>Start with a task</h2>
  <ul id="kg-entry" class="kg-list"></ul>
  <h2>Communities <span class="kg-switch"><label><input type="radio" name="kg-colour" value="community" checked> colour</label>
    <label><input type="radio" name="kg-colour" value="type"> by type</label></span></h2>
  <div id="kg-communities"></div>
  <h2>Node types</h2>
  <div id="kg-types"></div>
  <h2>Relations</h2>
  <div id="kg-relations"></div>
  <p class="kg-hint">Size: PageRank. Click a node to bring its neighbours forward; double-click (or Re-centre) to centre it.</p>
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
#kg-side { width: 320px; padding: 10px 12px; box-sizing: border-box; overflow-y: auto; border-right: 1px solid #ddd; background: #fafafa; }
#kg-graph { flex: 1; height: 100%; background: #fff; }
h1 { font-size: 15px; margin: 0 0 8px; }
h2 { font-size: 12px; text-transform: uppercase; color: #666; margin: 14px 0 4px; }
#kg-notes:not(:empty) { color: #7a5b00; background: #fff8e1; border: 1px solid #f0dca0; border-radius: 4px; padding: 5px 6px; margin-bottom: 8px; font-size: 12px; }
#kg-search { width: 100%; box-sizing: border-box; padding: 5px 6px; border: 1px solid #bbb; border-radius: 4px; }
#kg-results, .kg-list { list-style: none; margin: 4px 0; padding: 0; max-height: 220px; overflow-y: auto; }
#kg-results li, .kg-list li { padding: 3px 4px; cursor: pointer; border-radius: 3px; }
#kg-results li:hover, .kg-list li:hover { background: #e8f0fe; }
#kg-results li.kg-none { cursor: default; color: #555; background: none; }
.kg-type { color: #777; font-size: 11px; }
.kg-controls { margin: 6px 0; }
.kg-controls button, .kg-tip button { font: inherit; font-size: 12px; padding: 2px 8px; }
.kg-switch { text-transform: none; font-weight: normal; margin-left: 6px; }
#kg-info:not(:empty) { margin-top: 8px; padding: 6px; border: 1px solid #ddd; border-radius: 4px; background: #fff; }
.kg-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.kg-symbol { font-size: 15px; width: 18px; text-align: center; }
.kg-line { display: inline-block; width: 18px; height: 3px; }
.kg-count { color: #888; margin-left: auto; }
.kg-hint { color: #777; font-size: 11px; margin-top: 12px; }
.kg-tip b { display: block; margin-bottom: 2px; }
.kg-tip div { margin-top: 3px; overflow-wrap: anywhere; }
.kg-tip a { color: #0645ad; overflow-wrap: anywhere; }
.kg-evidence { font-style: italic; color: #444; }
.kg-edge { border-top: 1px solid #eee; padding-top: 3px; }
.kg-result { border-top: 1px solid #eee; padding-top: 3px; }
.kg-kind { color: #777; font-size: 11px; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; max-width: 380px; white-space: normal;
  font: 12px/1.35 system-ui, sans-serif; color: #222; background: #fffdf0; border: 1px solid #bbb; border-radius: 4px;
  box-shadow: 2px 2px 6px rgba(0,0,0,.2); pointer-events: none; z-index: 5; }
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {}, edgeById = {}, incident = {};
  var hiddenTypes = {}, hiddenRelations = {};
  var colourMode = "community";
  var focus = null;  // the node whose neighbourhood is brought forward
  var PANEL_EDGES = 40;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeLink(url) { return /^https?:\/\//i.test(url || "") ? url : ""; }
  function link(url) {
    var a = el("a", null, url);
    a.href = safeLink(url); a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function baseColour(n) { return colourMode === "type" ? n.typeColour : n.communityColour; }

  data.nodes.forEach(function (n) { byId[n.id] = n; incident[n.id] = []; });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    if (e.to !== e.from) incident[e.to].push(e);
  });

  function tooltip(n) {
    var box = el("div", "kg-tip");
    box.appendChild(el("b", null, n.name));
    box.appendChild(el("span", "kg-type", n.type + "  \u00b7  " + n.id));
    if (n.aliases && n.aliases.length) box.appendChild(el("div", null, "aliases: " + n.aliases.join("; ")));
    if (n.definition) box.appendChild(el("div", null, n.definition));
    (n.links || []).forEach(function (url) { box.appendChild(el("div", "kg-link", url)); });
    if (n.evidence) box.appendChild(el("div", "kg-evidence", "\u201c" + n.evidence + "\u201d"));
    return box;
  }
  function edgeTooltip(e) {
    var box = el("div", "kg-tip");
    box.appendChild(el("b", null, e.relation + (e.kind ? " (" + e.kind + ")" : "")));
    box.appendChild(el("span", "kg-type", (byId[e.from] || {}).name + " \u2192 " + (byId[e.to] || {}).name));
    if (e.sentence) box.appendChild(el("div", "kg-evidence", "\u201c" + e.sentence + "\u201d"));
    return box;
  }
  function nodeLook(n, faded) {
    return { id: n.id, faded: faded,
             color: faded ? { background: data.faded, border: data.faded } : baseColour(n),
             font: { size: 12, color: faded ? "rgba(0,0,0,0)" : "#222", strokeWidth: faded ? 0 : 3, strokeColor: "#ffffff" } };
  }
  function edgeLook(e, faded) {
    return { id: e.id, faded: faded, color: { color: faded ? data.faded : e.color, opacity: faded ? 0.4 : 0.8 },
             width: faded ? 1 : 1.5 };
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = nodeLook(n, false);
    item.label = n.label; item.shape = n.shape; item.size = n.size; item.title = tooltip(n);
    if (data.positioned) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = edgeLook(e, false);
    item.from = e.from; item.to = e.to; item.arrows = "to"; item.title = edgeTooltip(e);
    if (e.label) { item.label = e.label; item.font = { size: 9, color: "#555", strokeWidth: 2, align: "middle" }; }
    return item;
  }));
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
  var network = new vis.Network(document.getElementById("kg-graph"), { nodes: nodes, edges: edges }, options);
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

  // --- focus and context: the selected node's neighbourhood forward, the rest faded
  var depthBox = document.getElementById("kg-depth");
  function neighbourhood(id, depth) {
    var near = {}, frontier = [id];
    near[id] = 0;
    for (var hop = 1; hop <= depth; hop++) {
      var next = [];
      frontier.forEach(function (key) {
        incident[key].forEach(function (e) {
          if (hiddenRelations[e.relation]) return;
          var other = e.from === key ? e.to : e.from;
          if (!(other in near)) { near[other] = hop; next.push(other); }
        });
      });
      frontier = next;
    }
    return near;
  }
  var shownFaded = {};  // item id -> the faded state drawn now, so a repaint touches only what changes
  data.nodes.forEach(function (n) { shownFaded["n:" + n.id] = false; });
  data.edges.forEach(function (e) { shownFaded["e:" + e.id] = false; });
  function changed(items) {
    return items.filter(function (item) {
      var key = (item.from !== undefined ? "e:" : "n:") + item.id;
      var same = shownFaded[key] === item.faded && !item.recolour;
      shownFaded[key] = item.faded;
      delete item.recolour;
      return !same;
    });
  }
  function paint(recolour) {
    var near = focus ? neighbourhood(focus, Number(depthBox.value)) : null;
    nodes.update(changed(data.nodes.map(function (n) {
      var look = nodeLook(n, near !== null && !(n.id in near));
      look.recolour = recolour === true;
      return look;
    })));
    edges.update(changed(data.edges.map(function (e) {
      var look = edgeLook(e, near !== null && !(e.from in near && e.to in near) || !!hiddenRelations[e.relation]);
      look.from = e.from;
      return look;
    })));
    window.kgHighlighted = near ? Object.keys(near).sort() : [];
  }
  function highlight(id) {
    focus = byId[id] ? id : null;
    paint();
  }
  window.kgHighlight = function (id, depth) {
    if (depth) depthBox.value = String(depth);
    highlight(id);
    return window.kgHighlighted;
  };
  depthBox.addEventListener("change", function () { paint(); });
  document.getElementById("kg-reset").addEventListener("click", function () {
    highlight(null);
    info.textContent = "";
    network.unselectAll();
    network.fit({ animation: false });
  });

  // --- side panel: the selected node, its edges with evidence
  var info = document.getElementById("kg-info");
  function showInfo(id) {
    var n = byId[id];
    info.textContent = "";
    if (!n) return;
    var box = el("div", "kg-tip");
    box.appendChild(el("b", null, n.name));
    box.appendChild(el("span", "kg-type", n.type + "  \u00b7  " + n.id));
    if (n.aliases && n.aliases.length) box.appendChild(el("div", null, "also: " + n.aliases.join("; ")));
    if (n.definition) box.appendChild(el("div", null, n.definition));
    if (n.input || n.output) box.appendChild(el("div", null, (n.input || "?") + " \u2192 " + n.name + " \u2192 " + (n.output || "?")));
    (n.links || []).forEach(function (url) { var row = el("div", "kg-link"); row.appendChild(link(url)); box.appendChild(row); });
    if (n.results && n.results.length) {
      box.appendChild(el("div", "kg-type", n.resultCount + " reported result(s)" +
        (n.resultCount > n.results.length ? ", the first " + n.results.length + " here (kg results lists all)" : "")));
      n.results.forEach(function (r) {
        var row = el("div", "kg-result");
        row.appendChild(el("span", null, r.value + " \u00b7 " + r.kind + " \u00b7 " + r.paper));
        row.appendChild(el("div", "kg-evidence", "\u201c" + r.sentence + "\u201d"));
        box.appendChild(row);
      });
    }
    var recentre = el("button", null, "Re-centre");
    recentre.id = "kg-recentre"; recentre.type = "button";
    recentre.addEventListener("click", function () { centre(id); });
    box.appendChild(recentre);
    var list = incident[id].slice().sort(function (a, b) {
      return (b.sentence ? 1 : 0) - (a.sentence ? 1 : 0) || (a.relation < b.relation ? -1 : a.relation > b.relation ? 1 : 0) ||
        (a.id < b.id ? -1 : 1);
    });
    if (list.length) box.appendChild(el("div", "kg-type", list.length + " edge(s) in this view"));
    list.slice(0, PANEL_EDGES).forEach(function (e) {
      var other = byId[e.from === id ? e.to : e.from];
      var row = el("div", "kg-edge");
      row.setAttribute("data-edge", e.id);
      row.appendChild(el("span", null, (e.from === id ? e.relation + " \u2192 " : "\u2190 " + e.relation + " \u2190 ") + other.name + " "));
      row.appendChild(el("span", "kg-kind", "(" + other.type + "; " + (e.kind || "?") + (e.rule ? ", rule " + e.rule : "") + ")"));
      if (e.sentence) row.appendChild(el("div", "kg-evidence", "\u201c" + e.sentence + "\u201d"));
      box.appendChild(row);
    });
    if (list.length > PANEL_EDGES) box.appendChild(el("div", "kg-type", "\u2026 and " + (list.length - PANEL_EDGES) + " more"));
    info.appendChild(box);
  }
  function select(id, scale) {
    var n = byId[id];
    if (!n) return false;
    if (hiddenTypes[n.type]) setTypeVisible(n.type, true);
    network.selectNodes([id]);
    network.focus(id, { scale: scale, animation: false });
    highlight(id);
    showInfo(id);
    return true;
  }
  function centre(id) { return select(id, Math.max(network.getScale(), 1.0)); }
  window.kgFocus = function (id) { return select(id, 1.3); };
  window.kgCentre = centre;

  // --- legends: entry tasks, communities, node types, relations (the last two are filters)
  document.getElementById("kg-title").textContent = data.title;
  var notes = document.getElementById("kg-notes");
  data.notes.forEach(function (note) { notes.appendChild(el("div", null, note)); });
  var entry = document.getElementById("kg-entry");
  data.entryTasks.forEach(function (id) {
    var li = el("li", null, byId[id].name);
    li.setAttribute("data-id", id);
    li.addEventListener("click", function () { window.kgFocus(id); });
    entry.appendChild(li);
  });
  var communityBox = document.getElementById("kg-communities");
  data.communities.forEach(function (c) {
    var row = el("div", "kg-row");
    row.setAttribute("data-community", c.rank);
    var symbol = el("span", "kg-symbol", "\u25cf"); symbol.style.color = c.colour;
    var name = el("span", null, c.name); name.style.cursor = "pointer";
    name.addEventListener("click", function () { window.kgFocus(c.top); });
    row.appendChild(symbol); row.appendChild(name); row.appendChild(el("span", "kg-count", c.count));
    communityBox.appendChild(row);
  });
  if (data.otherCommunities) communityBox.appendChild(el("div", "kg-type", data.otherCommunities + " node(s) in smaller communities"));
  Array.prototype.forEach.call(document.querySelectorAll('input[name="kg-colour"]'), function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { colourMode = radio.value; paint(true); } });
  });
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
    var row = el("label", "kg-row");
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.value = r.relation;
    box.setAttribute("data-relation", r.relation);
    box.addEventListener("change", function () { setRelationVisible(r.relation, box.checked); });
    var line = el("span", "kg-line"); line.style.background = r.colour;
    row.appendChild(box); row.appendChild(line); row.appendChild(el("span", null, r.relation));
    row.appendChild(el("span", "kg-count", r.count));
    relBox.appendChild(row);
  });
  function setTypeVisible(type, visible) {
    hiddenTypes[type] = !visible;
    nodes.update(data.nodes.filter(function (n) { return n.type === type; })
                     .map(function (n) { return { id: n.id, hidden: !visible }; }));
    var box = typeBox.querySelector('input[data-type="' + type + '"]');
    if (box) box.checked = visible;
  }
  function setRelationVisible(relation, visible) {
    hiddenRelations[relation] = !visible;
    edges.update(data.edges.filter(function (e) { return e.relation === relation; })
                     .map(function (e) { return { id: e.id, hidden: !visible }; }));
    paint();
  }

  // --- search: names, aliases and keys; results are text-only list items
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
  function shellQuoted(text) { return "'" + text.replace(/'/g, "'\\''") + "'"; }  // pasted into a shell as one word
  window.kgSearch = function (query) { return matches(query).map(function (n) { return n.id; }); };
  search.addEventListener("input", function () {
    results.textContent = "";
    var query = search.value.trim();
    if (query && !matches(query).length) {  // say so, and how to draw it when the page left nodes out
      results.appendChild(el("li", "kg-none", "No node on this page matches \u201c" + query + "\u201d." +
        (data.notes.length ? " This page leaves nodes out (see the note above): kg graph --around " +
          shellQuoted(query) + " draws a node's neighbourhood." : "")));
      return;
    }
    matches(search.value).slice(0, 25).forEach(function (n) {
      var li = el("li", null, n.name);
      li.setAttribute("data-id", n.id);
      li.appendChild(el("span", "kg-type", "  " + n.type));
      li.addEventListener("click", function () { window.kgFocus(n.id); });
      results.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var found = matches(search.value);
    if (found.length) window.kgFocus(found[0].id);
  });

  network.on("click", function (params) {
    if (!params.nodes.length) {
      if (!params.edges.length) { highlight(null); info.textContent = ""; }
      return;
    }
    var n = byId[params.nodes[0]];
    highlight(n.id);
    showInfo(n.id);
    var url = safeLink(n.link);
    if (url) window.open(url, "_blank", "noopener,noreferrer");
  });
  network.on("doubleClick", function (params) { if (params.nodes.length) centre(params.nodes[0]); });
})();
"""
