"""An answer's subgraph as networkx (imported only here, for ``kg ask --graph`` and notebooks)."""
from __future__ import annotations


def answer_subgraph(answer, db):
    """Question node + the answer's task, paper, model and dataset nodes + the edges walked between them."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node("question", type="question", label=answer.question[:80], question=answer.question)
    for rank, task in enumerate(answer.tasks[:3]):
        graph.add_node(task.key, type="task", label=task.name, definition=task.definition, score=task.score)
        if task.matched or rank == 0:
            graph.add_edge("question", task.key, relation="matches", words=", ".join(task.matched), weight=task.score)
    for paper in answer.papers:
        graph.add_node(paper.key, type="paper", label=paper.title, title=paper.title, arxiv_id=paper.arxiv_id,
                       url=paper.url, github=paper.github, score=paper.score)
        if len(paper.path) > 1 and paper.path[1].startswith("full text"):
            graph.add_edge("question", paper.key, relation="full_text", words=paper.path[1], weight=paper.score)
    for model in answer.models:
        graph.add_node(model.key, type="model", label=model.name, url=model.url, score=model.score)
    for dataset in answer.datasets:
        graph.add_node(dataset.key, type="dataset", label=dataset.name, score=dataset.score)
    for edge in answer.walked_edges:
        if edge["src"] in graph and edge["dst"] in graph:
            graph.add_edge(edge["src"], edge["dst"], relation=edge["relation"])
    return graph
