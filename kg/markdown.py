r"""Markdown: the one renderer of kg's reports (a subgraph, or an answer and the subgraph behind it).

Tables escape ``|``, quotes and names are folded to one line, and links are
printed exactly as the corpus stored them (:func:`kg.style.node_links`); a paper
without one says so. The Mermaid diagram uses the node colours of :mod:`kg.style`
and ids ``n1``, ``n2`` … so no name can break its syntax.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("task:face parsing", type="task", label="face parsing", pagerank=0.5)
>>> G.add_node("paper:1", type="paper", label="A | B", url="https://arxiv.org/abs/2303.11225", pagerank=0.5)
>>> G.add_edge("paper:1", "task:face parsing", relation="addresses", sentence="We parse faces.")
0
>>> report = markdown_report(G, asked="face parsing")
>>> "| 1 | A \\| B | https://arxiv.org/abs/2303.11225 | addresses face parsing |" in report
True
>>> mermaid(G).splitlines()[:2]
['graph LR', '    n1["A #124; B"]']
"""
from __future__ import annotations

import re

from kg.escape import markdown_quote
from kg.escape import markdown_text as md
from kg.graph.select import top_nodes
from kg.style import node_links, node_style
from kg.text import shorten

NO_LINK = "no link in the corpus"
RESULT_COLUMNS = 8  # dataset/metric columns of the results table; `kg results` shows them all


def _mermaid_label(text, limit: int = 40) -> str:
    text = shorten(text, limit)
    for char, entity in (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                         ("`", "#96;"), ("|", "#124;"), ("[", "#91;"), ("]", "#93;"), ("{", "#123;"),
                         ("}", "#125;"), ("(", "#40;"), (")", "#41;")):
        text = text.replace(char, entity)
    return text


def mermaid(graph, *, max_nodes: int = 40) -> str:
    """A Mermaid ``graph LR`` of `graph`: ids n1, n2… (always safe), escaped labels, one class per type."""
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
        colour = node_style(type_).colour
        lines.append(f"    classDef {type_} fill:{colour},color:#fff,stroke:#333")
        members = ",".join(ids[n] for n in keep if (graph.nodes[n].get("type") or "other") == type_)
        lines.append(f"    class {members} {type_}")
    return "\n".join(lines)


def _cell(text) -> str:
    return md(" ".join(str(text).split())).replace("|", "\\|")


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
            relation, name = d.get("relation", "related to"), graph.nodes[other].get("label") or other
            phrase = f"{relation} {name}" if u == paper else f"{name} {relation} it"  # "face_completion_pores cites it"
            if phrase not in why:
                why.append(phrase)
            sentence = d.get("sentence")
            if sentence and all(sentence != s for s, _ in evidence) and len(evidence) < 1:
                doc = d.get("doc") or paper
                where = "" if doc == paper else f" of {graph.nodes[doc].get('label') or doc}" if doc in graph else f" of {doc}"
                evidence.append((sentence, f"{d.get('field') or 'text'}{where}"))
        rows.append((data.get("label") or paper, node_links(data), "; ".join(why[:3]), evidence))
    return rows


def results_section(table: dict | None, *, max_columns: int = RESULT_COLUMNS) -> list[str]:
    """The report's "Results" lines: the table (:func:`kg.results_format.format_table`), then each sentence
    with the values it gives, numbered, so every cell can be traced. Nothing when there are no results.

    >>> table = {"columns": [{"dataset": "FFHQ", "metric": "FID", "kind": "absolute", "unit": "", "lower_is_better": True}],
    ...          "rows": [{"paper_id": 1, "title": "A", "arxiv_id": "", "model": "X"}],
    ...          "cells": [{"row": [1, "X"], "column": ["FFHQ", "FID", "absolute", ""], "value": "3.1", "unit": "",
    ...                     "kind": "absolute", "dataset": "FFHQ", "metric": "FID", "paper_id": 1, "title": "A",
    ...                     "arxiv_id": "", "sentence": "X reaches <b>3.1</b> FID on FFHQ."}]}
    >>> print("\\n".join(results_section(table)[4:]))
    | paper | model | FFHQ / FID ↓ |
    |---|---|---|
    | A | X | 3.1 |
    <BLANKLINE>
    Where each value is stated:
    <BLANKLINE>
    1. A — 3.1 (FFHQ / FID): X reaches &lt;b>3.1&lt;/b> FID on FFHQ.
    <BLANKLINE>
    """
    from kg.results_format import cell_label, format_table, limit_columns

    if not table or not table["cells"]:
        return []
    shown, left_out = limit_columns(table, max_columns)
    out = ["## Results", "", "Scores the papers state. Gains and reductions have their own columns, never mixed with "
           "absolute scores; ↓ marks a metric where lower is better.", "", format_table(shown, "markdown").rstrip(), ""]
    if left_out:
        out += [f"_{left_out} more column(s) not shown: `kg results` with a task, dataset or metric lists them all._", ""]
    sentences: dict = {}
    for cell in shown["cells"]:
        sentences.setdefault((cell["paper_id"], cell["sentence"]), (cell, []))[1].append(cell_label(cell))
    out += ["Where each value is stated:", ""]
    for i, (cell, labels) in enumerate(sentences.values(), 1):
        paper = " ".join(filter(None, (cell["arxiv_id"], cell["title"])))
        out.append(f"{i}. {md(' '.join(paper.split()))} — {md(', '.join(labels))}: {md(' '.join(cell['sentence'].split()))}")
    return out + [""]


#: the report's second line, which renderers hide: how kg knows a file it may replace without --force is its own
REPORT_MARK = "<!-- written by kg export: kg replaces this file when it exports to it again -->"


def is_kg_report(path) -> bool:
    """Whether the file at `path` is a report kg wrote (:data:`REPORT_MARK`)."""
    from kg.output import starts_with

    return starts_with(path, REPORT_MARK.encode())


def markdown_report(graph, *, asked: str, answer=None, title: str | None = None, max_diagram_nodes: int = 40,
                    seeds=(), results: dict | None = None) -> str:
    """A report a person can read: what was asked, task(s), papers with links and evidence, models, datasets, diagram.

    With an `answer` (from ``kg.api.ask``) its ranking, workflow and evidence are used;
    otherwise the papers, tasks, models and datasets of `graph` are listed.
    Links are printed exactly as stored; a paper without one says "no link in the corpus".
    `results` (a table of :func:`kg.api.results_table`'s shape) adds the scores the papers report.
    """
    seeds = set(seeds)
    out = [f"# {md(title or 'kg report')}", REPORT_MARK, "", f"**What was asked:** {md(' '.join(asked.split()))}", ""]
    if answer is not None and getattr(answer, "abstained", False):
        out += ["_The corpus does not cover this question well; the nearest tasks and papers are listed._", ""]

    def nodes(node_type):
        return sorted((n for n, d in graph.nodes(data=True) if d.get("type") == node_type),
                      key=lambda n: (n not in seeds, -float(graph.nodes[n].get("pagerank") or 0), n))

    out += _task_section(graph, answer, nodes) + _workflow_section(answer) + _papers_section(graph, answer, seeds)
    out += results_section(results) + _found_section(graph, answer, nodes) + _diagram_section(graph, max_diagram_nodes)
    return "\n".join(out)


def _task_section(graph, answer, nodes) -> list[str]:
    out = ["## Task", ""]
    if answer is not None and answer.tasks:
        for i, task in enumerate(answer.tasks[:3]):
            lead = "**" + md(task.name) + "**" if i == 0 else md(task.name) + " (runner-up)"
            definition = f" — {md(task.definition)}" if task.definition else ""
            matched = f" _(matched: {md(', '.join(task.matched))})_" if task.matched else ""
            out.append(f"- {lead}{definition}{matched}")
    else:
        tasks = nodes("task")
        for key in tasks[:5]:
            data = graph.nodes[key]
            definition = f" — {md(data['definition'])}" if data.get("definition") else ""
            out.append(f"- **{md(data.get('label') or key)}**{definition}")
        if not tasks:
            out.append("- no task in this subgraph")
    return out + [""]


def _workflow_section(answer) -> list[str]:
    workflow = getattr(answer, "workflow", None)
    if workflow is None or not (workflow.steps or workflow.input):
        return []
    from dataclasses import replace

    # the answer's own chain: models of one step are alternatives ("A or B"), not a pipeline
    shown = replace(workflow, input=md(workflow.input or "input"), output=md(workflow.output or "output"))
    return ["## Workflow", "", shown.chain(show=lambda model: f"`{model}`"), ""]


def _papers_section(graph, answer, seeds) -> list[str]:
    """The papers table, then the evidence sentences of each paper that has some."""
    out = ["## Papers", "", "| # | Paper | Link | Why |", "|---|---|---|---|"]
    if answer is not None:
        rows = [(hit.title, hit.shown_links, hit.reason or " → ".join(str(p) for p in hit.path),
                 [(e.text, e.source) for e in hit.evidence[:2]]) for hit in answer.papers]
    else:
        rows = _paper_rows_from_graph(graph, seeds)
    evidence_blocks = []
    for i, (paper_title, links, why, evidence) in enumerate(rows, 1):
        link = "<br>".join(md(x) for x in links) if links else NO_LINK
        out.append(f"| {i} | {_cell(paper_title)} | {link} | {_cell(why) or '—'} |")
        if evidence:
            block = [f"**{i}. {md(' '.join(str(paper_title).split()))}**", ""]
            for text, source in evidence:
                block += [*markdown_quote(text), f"> — _{md(' '.join(str(source).split()))}_", ""]
            evidence_blocks += block
    if not rows:
        out.append("| — | no paper in this subgraph | | |")
    out.append("")
    return out + (["### Evidence", ""] + evidence_blocks if evidence_blocks else [])


def _found_section(graph, answer, nodes) -> list[str]:
    out = ["## Models and datasets", ""]
    models = [(m.name, ", ".join(m.tasks)) for m in answer.models] if answer is not None and answer.models else \
        [(graph.nodes[k].get("label") or k, "") for k in nodes("model")]
    datasets = [(d.name, f"{len(d.papers)} paper(s)") for d in answer.datasets] if answer is not None and \
        answer.datasets else [(graph.nodes[k].get("label") or k, "") for k in nodes("dataset")]
    out += [f"- model `{name}`" + (f" — {md(extra)}" if extra else "") for name, extra in models[:15]]
    out += [f"- dataset {md(name)}" + (f" — {md(extra)}" if extra else "") for name, extra in datasets[:15]]
    if not models and not datasets:
        out.append("- none in this subgraph")
    return out + [""]


def _diagram_section(graph, max_diagram_nodes: int) -> list[str]:
    shown = min(graph.number_of_nodes(), max_diagram_nodes)
    return ["## Diagram", "",
            f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges"
            + (f" (the {shown} most central shown)" if shown < graph.number_of_nodes() else "") + ".", "",
            "```mermaid", mermaid(graph, max_nodes=max_diagram_nodes), "```", ""]
