"""Building the networkx graph from the tables, and the statistics stored at build time."""
from __future__ import annotations

ENTITIES = """SELECT entities.key, entities.type, entities.name, entities.definition, entities.input,
    entities.output, entities.url, entities.in_vocabulary, entities.mentions,
    coalesce(node_stats.degree, 0), coalesce(node_stats.pagerank, 0)
    FROM entities LEFT JOIN node_stats ON node_stats.key = entities.key ORDER BY entities.key"""
ALIASES = """SELECT entities.key, aliases.alias FROM aliases JOIN entities ON entities.id = aliases.entity_id
    ORDER BY entities.key, aliases.count DESC, aliases.alias"""
PAPERS = """SELECT papers.id, papers.title, papers.arxiv_id, papers.url, papers.github, papers.abstract,
    coalesce(node_stats.degree, 0), coalesce(node_stats.pagerank, 0)
    FROM papers LEFT JOIN node_stats ON node_stats.key = 'paper:' || papers.id
    WHERE papers.id IN ({ids}) ORDER BY papers.id"""
PROMPTS = """SELECT prompts.id, prompts.name, prompts.question, coalesce(node_stats.degree, 0), coalesce(node_stats.pagerank, 0)
    FROM prompts LEFT JOIN node_stats ON node_stats.key = 'prompt:' || prompts.id ORDER BY prompts.id"""
# Results papers report (not 'other' numbers) are nodes too: paper -reports-> result -on-> dataset, -metric-> metric.
RESULTS = """SELECT results.key, value, unit, metric, dataset, kind, model, sentence, coalesce(node_stats.degree, 0),
    coalesce(node_stats.pagerank, 0) FROM results LEFT JOIN node_stats ON node_stats.key = results.key
    WHERE kind != 'other' ORDER BY results.key"""
RESULTS_OF = RESULTS.replace("ORDER BY", "AND results.key IN (SELECT value FROM json_each(?)) ORDER BY")
EDGES = """SELECT id, src, dst, relation, kind, rule, doc, field, sentence, start, end, weight FROM edges ORDER BY id"""
EDGE_FIELDS = ("relation", "kind", "rule", "doc", "field", "sentence", "start", "end", "weight")


# Loading a chosen set of nodes: the keys travel as one JSON array parameter (json_each), so
# there is no limit on their number and no temporary table to create in the caller's database.
KEYS = "SELECT value FROM json_each(?)"
ENTITIES_OF = ENTITIES.replace("ORDER BY", f"WHERE entities.key IN ({KEYS}) ORDER BY")
ALIASES_OF = ALIASES.replace("ORDER BY", f"WHERE entities.key IN ({KEYS}) ORDER BY")
PROMPTS_OF = PROMPTS.replace("ORDER BY", f"WHERE 'prompt:' || prompts.id IN ({KEYS}) ORDER BY")
# papers are nodes only when an edge touches them (see load_graph)
PAPERS_WITH_EDGES = f"""SELECT CAST(substr(k.value, 7) AS INTEGER) FROM json_each(?) AS k
    WHERE k.value LIKE 'paper:%' AND (EXISTS (SELECT 1 FROM edges WHERE edges.src = k.value)
                                     OR EXISTS (SELECT 1 FROM edges WHERE edges.dst = k.value))"""
PAPERS_OF = PAPERS.format(ids=KEYS)
# The edges among a set of keys are read through one index, on the end with fewer edges (counted in
# the index alone): a hub has thousands of edges to papers outside the set, whose rows are never read.
# The unary + keeps SQLite from using the other end's index instead.
EDGES_FROM_COUNT = f"SELECT count(*) FROM edges WHERE src IN ({KEYS})"
EDGES_TO_COUNT = f"SELECT count(*) FROM edges WHERE dst IN ({KEYS})"
EDGES_AMONG_BY_SRC = EDGES.replace("ORDER BY", f"WHERE src IN ({KEYS}) AND +dst IN ({KEYS}) ORDER BY")
EDGES_AMONG_BY_DST = EDGES.replace("ORDER BY", f"WHERE +src IN ({KEYS}) AND dst IN ({KEYS}) ORDER BY")


def load_graph(db, *, keys=None, with_isolated_papers: bool = False):
    """The knowledge graph: entities, papers and prompts as typed nodes, edges with evidence.

    With `keys`, only those nodes and the edges among them are read (keys that are
    no node of the whole graph are ignored), so the result equals
    ``load_graph(db).subgraph(keys)`` without ever holding the whole graph; pick the
    keys with :mod:`kg.graph.query`.
    """
    if keys is not None:
        return _load_keys(db, keys, with_isolated_papers=with_isolated_papers)
    import networkx as nx

    conn = db.conn
    graph = nx.MultiDiGraph()
    _add_entities(graph, conn.execute(ENTITIES), conn.execute(ALIASES))
    _add_prompts(graph, conn.execute(PROMPTS))
    _add_results(graph, conn.execute(RESULTS))
    edges = conn.execute(EDGES).fetchall()
    paper_ids = sorted({int(k.split(":")[1]) for row in edges for k in (row[1], row[2]) if k.startswith("paper:")})
    if with_isolated_papers:
        paper_ids = [row[0] for row in conn.execute("SELECT id FROM papers ORDER BY id")]
    for start in range(0, len(paper_ids), 900):
        chunk = paper_ids[start:start + 900]
        _add_papers(graph, conn.execute(PAPERS.format(ids=",".join("?" * len(chunk))), chunk))
    _add_edges(graph, edges)
    return graph


def _load_keys(db, keys, *, with_isolated_papers: bool = False):
    import json

    import networkx as nx

    conn = db.conn
    wanted = json.dumps(sorted(set(str(k) for k in keys)))
    graph = nx.MultiDiGraph()
    _add_entities(graph, conn.execute(ENTITIES_OF, (wanted,)), conn.execute(ALIASES_OF, (wanted,)))
    _add_prompts(graph, conn.execute(PROMPTS_OF, (wanted,)))
    _add_results(graph, conn.execute(RESULTS_OF, (wanted,)))
    if with_isolated_papers:
        paper_ids = [int(k[6:]) for k in json.loads(wanted) if k.startswith("paper:") and k[6:].isdigit()]
    else:
        paper_ids = [row[0] for row in conn.execute(PAPERS_WITH_EDGES, (wanted,))]
    _add_papers(graph, conn.execute(PAPERS_OF, (json.dumps(sorted(paper_ids)),)))
    present = json.dumps(sorted(graph.nodes))
    out_count = conn.execute(EDGES_FROM_COUNT, (present,)).fetchone()[0]
    by_src = out_count <= conn.execute(EDGES_TO_COUNT, (present,)).fetchone()[0]
    _add_edges(graph, conn.execute(EDGES_AMONG_BY_SRC if by_src else EDGES_AMONG_BY_DST, (present, present)))
    return graph


def _add_entities(graph, entities, aliases) -> None:
    for key, type_, name, definition, input_, output, url, in_vocabulary, mentions, degree, pagerank in entities:
        graph.add_node(key, type=type_, label=name, name=name, definition=definition, input=input_, output=output,
                       url=url, in_vocabulary=bool(in_vocabulary), mentions=mentions, degree=degree,
                       pagerank=pagerank, aliases=[])
    for key, alias in aliases:
        if key in graph and alias not in graph.nodes[key]["aliases"]:
            graph.nodes[key]["aliases"].append(alias)


def _add_prompts(graph, prompts) -> None:
    for prompt_id, name, question, degree, pagerank in prompts:
        graph.add_node(f"prompt:{prompt_id}", type="prompt", label=name, name=name, question=question,
                       aliases=[], mentions=0, degree=degree, pagerank=pagerank)


def _add_results(graph, results) -> None:
    for key, value, unit, metric, dataset, kind, model, sentence, degree, pagerank in results:
        label = f"{'+' if kind == 'gain' else '-' if kind == 'reduction' else ''}{value}{unit} {metric or ''}".strip()
        graph.add_node(key, type="result", label=label, name=label, value=value, unit=unit, metric=metric,
                       dataset=dataset, kind=kind, model=model, sentence=sentence, aliases=[], mentions=0,
                       degree=degree, pagerank=pagerank)


def _add_papers(graph, papers) -> None:
    for paper_id, title, arxiv_id, url, github, abstract, degree, pagerank in papers:
        graph.add_node(f"paper:{paper_id}", type="paper", label=title, title=title, name=title, arxiv_id=arxiv_id,
                       url=url, github=github, abstract=abstract, aliases=[], mentions=0, degree=degree,
                       pagerank=pagerank)


def _add_edges(graph, edges) -> None:
    for row in edges:
        edge_id, src, dst = row[0], row[1], row[2]
        if src in graph and dst in graph:
            graph.add_edge(src, dst, key=edge_id, **dict(zip(EDGE_FIELDS, row[3:])))


def compute_stats(graph) -> dict[str, tuple[int, float]]:
    """Degree and PageRank (undirected, weighted) of every node."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for src, dst, data in graph.edges(data=True):
        weight = float(data.get("weight") or 1.0)
        if simple.has_edge(src, dst):
            simple[src][dst]["weight"] += weight
        else:
            simple.add_edge(src, dst, weight=weight)
    rank = nx.pagerank(simple, weight="weight")
    return {node: (graph.degree(node), rank[node]) for node in sorted(graph.nodes)}


# The nodes load_graph builds: every entity and prompt, and the papers some edge touches.
STAT_NODES = """SELECT key FROM entities
    UNION SELECT 'prompt:' || id FROM prompts
    UNION SELECT key FROM results WHERE kind != 'other'
    UNION SELECT key FROM (SELECT src AS key FROM edges UNION SELECT dst FROM edges)
        WHERE key LIKE 'paper:%' AND CAST(substr(key, 7) AS INTEGER) IN (SELECT id FROM papers)
    ORDER BY 1"""
STAT_EDGES = "SELECT src, dst, weight FROM edges"


def table_stats(db, *, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> dict[str, tuple[int, float]]:
    """What :func:`compute_stats` gives for :func:`load_graph`'s graph, read straight from the tables.

    Only node keys and (src, dst, weight) triples are held, as numpy arrays, and
    PageRank is the same power iteration as ``nx.pagerank`` on the undirected
    weighted graph (edge weights between two nodes summed), so a build of
    hundreds of thousands of papers never holds the attributed graph in memory.
    """
    import numpy as np
    import scipy.sparse

    keys = [row[0] for row in db.conn.execute(STAT_NODES)]
    if not keys:
        return {}
    index = {key: position for position, key in enumerate(keys)}
    sources, targets, weights = [], [], []
    for src, dst, weight in db.conn.execute(STAT_EDGES):
        s, d = index.get(src), index.get(dst)
        if s is None or d is None:
            continue
        sources.append(s)
        targets.append(d)
        weights.append(float(weight or 1.0))
    n = len(keys)
    src_array = np.asarray(sources, dtype=np.int64)
    dst_array = np.asarray(targets, dtype=np.int64)
    weight_array = np.asarray(weights, dtype=float)
    del sources, targets, weights
    # MultiDiGraph degree: in + out edges, a self-loop counting twice
    degree = np.bincount(src_array, minlength=n) + np.bincount(dst_array, minlength=n)
    # the undirected simple graph: each edge both ways, a self-loop once; duplicates summed by tocsr()
    loops = src_array == dst_array
    rows = np.concatenate([src_array, dst_array[~loops]])
    cols = np.concatenate([dst_array, src_array[~loops]])
    data = np.concatenate([weight_array, weight_array[~loops]])
    del src_array, dst_array, weight_array
    matrix = scipy.sparse.coo_array((data, (rows, cols)), shape=(n, n)).tocsr()
    del rows, cols, data
    out_weight = np.asarray(matrix.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inverse = np.zeros(n)
    inverse[~dangling] = 1.0 / out_weight[~dangling]
    matrix = scipy.sparse.diags_array(inverse).tocsr() @ matrix
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ matrix + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - last).sum() < n * tol:
            break
    else:
        import networkx as nx

        raise nx.PowerIterationFailedConvergence(max_iter)
    return {key: (int(degree[i]), float(x[i])) for i, key in enumerate(keys)}


def store_stats(db, stats: dict[str, tuple[int, float]]) -> None:
    conn = db.conn
    conn.execute("DELETE FROM node_stats")
    conn.executemany("INSERT INTO node_stats (key, degree, pagerank) VALUES (?, ?, ?)",
                     ((key, degree, rank) for key, (degree, rank) in stats.items()))
