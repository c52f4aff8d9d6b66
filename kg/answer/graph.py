"""An answer's subgraph as networkx (imported only here, for ``kg ask --graph`` and notebooks)."""
from __future__ import annotations


def answer_subgraph(answer, db):
    """Question node + the answer's task, paper, model and dataset nodes + the edges walked between them."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node("question", type="question", label=answer.question[:80], question=answer.question)
    answered = not answer.abstained  # an abstaining answer draws what it found near, tied to no question edge
    for rank, task in enumerate(answer.tasks[:3]):
        graph.add_node(task.key, type="task", label=task.name, definition=task.definition, score=task.score)
        if answered and (task.matched or rank == 0):
            graph.add_edge("question", task.key, relation="matches", words=", ".join(task.matched), weight=task.score)
    for paper in answer.papers:
        graph.add_node(paper.key, type="paper", label=paper.title, title=paper.title, arxiv_id=paper.arxiv_id,
                       url=paper.url, github=paper.github, score=paper.score)
        if answered and paper.retrieved > 0:
            graph.add_edge("question", paper.key, relation="retrieved", words=f"{answer.retrieval} retrieval",
                           weight=paper.retrieved)
    for model in answer.models:
        graph.add_node(model.key, type="model", label=model.name, url=model.url, score=model.score)
    for dataset in answer.datasets:
        graph.add_node(dataset.key, type="dataset", label=dataset.name, score=dataset.score)
    for edge in answer.walked_edges:  # with their evidence (sentence, offsets), kind and rule, as the graph page shows
        if edge["src"] in graph and edge["dst"] in graph:
            fields = {name: value for name, value in edge.items() if name not in ("id", "src", "dst")}
            graph.add_edge(edge["src"], edge["dst"], key=edge["id"], **fields)
    return graph
