"""Named queries the graph stage reads: nodes and edges for networkx, and the stored node statistics.

Each function returns rows (tuples, in a fixed column order documented by the
query) so that :mod:`kg.graph.build` holds no SQL. `keys` narrows a query to
those node keys (any number: see :mod:`kg.store.keys`); ``None`` reads all.

>>> from kg.store import open_db
>>> db = open_db(":memory:", create=True)
>>> _ = db.conn.execute("INSERT INTO entities (key, type, name) VALUES ('task:face parsing', 'task', 'face parsing')")
>>> [row[:3] for row in entity_rows(db.conn)], entity_rows(db.conn, keys=["task:other"])
([('task:face parsing', 'task', 'face parsing')], [])
>>> replace_node_stats(db.conn, {"task:face parsing": (0, 1.0)}); graph_size(db.conn)
(1, 0)
"""
from __future__ import annotations

from kg.store.keys import IN_VALUES, values_param

# columns: key, type, name, definition, input, output, url, in_vocabulary, mentions, degree, pagerank
ENTITIES = """SELECT entities.key, entities.type, entities.name, entities.definition, entities.input,
    entities.output, entities.url, entities.in_vocabulary, entities.mentions,
    coalesce(node_stats.degree, 0), coalesce(node_stats.pagerank, 0)
    FROM entities LEFT JOIN node_stats ON node_stats.key = entities.key
    WHERE (:keys IS NULL OR entities.key IN (SELECT value FROM json_each(:keys))) ORDER BY entities.key"""
# columns: key, alias (most used first)
ALIASES = """SELECT entities.key, aliases.alias FROM aliases JOIN entities ON entities.id = aliases.entity_id
    WHERE (:keys IS NULL OR entities.key IN (SELECT value FROM json_each(:keys)))
    ORDER BY entities.key, aliases.count DESC, aliases.alias"""
# columns: id, name, question, degree, pagerank
PROMPTS = """SELECT prompts.id, prompts.name, prompts.question, coalesce(node_stats.degree, 0),
    coalesce(node_stats.pagerank, 0)
    FROM prompts LEFT JOIN node_stats ON node_stats.key = 'prompt:' || prompts.id
    WHERE (:keys IS NULL OR 'prompt:' || prompts.id IN (SELECT value FROM json_each(:keys))) ORDER BY prompts.id"""
# columns: id, title, arxiv_id, url, github, corpus_link (the first code, else project, link read in
# the paper's text), abstract, degree, pagerank
PAPERS = f"""SELECT papers.id, papers.title, papers.arxiv_id, papers.url, papers.github,
    (SELECT url FROM links WHERE links.node = 'paper:' || papers.id AND kind IN ('code', 'project')
        AND field NOT IN ('url', 'github') ORDER BY kind, id LIMIT 1),
    papers.abstract, coalesce(node_stats.degree, 0), coalesce(node_stats.pagerank, 0)
    FROM papers LEFT JOIN node_stats ON node_stats.key = 'paper:' || papers.id
    WHERE papers.id IN ({IN_VALUES}) ORDER BY papers.id"""
PAPER_IDS = "SELECT id FROM papers ORDER BY id"
# papers are graph nodes only when an edge touches them
PAPERS_WITH_EDGES = """SELECT CAST(substr(k.value, 7) AS INTEGER) FROM json_each(:keys) AS k
    WHERE k.value LIKE 'paper:%' AND (EXISTS (SELECT 1 FROM edges WHERE edges.src = k.value)
                                     OR EXISTS (SELECT 1 FROM edges WHERE edges.dst = k.value))"""
ALL_PAPERS_WITH_EDGES = """SELECT DISTINCT CAST(substr(key, 7) AS INTEGER) FROM (
    SELECT src AS key FROM edges UNION SELECT dst FROM edges) WHERE key LIKE 'paper:%' ORDER BY 1"""
# columns: id, src, dst, relation, kind, rule, doc, field, sentence, start, end, weight
# columns: key, value, unit, metric, dataset, kind, model, sentence, degree, pagerank. Results papers
# report (not 'other' numbers) are nodes: paper -reports-> result -on-> dataset, -metric-> metric.
RESULTS = """SELECT results.key, value, unit, metric, dataset, kind, model, sentence, coalesce(node_stats.degree, 0),
    coalesce(node_stats.pagerank, 0) FROM results LEFT JOIN node_stats ON node_stats.key = results.key
    WHERE kind != 'other' AND (:keys IS NULL OR results.key IN (SELECT value FROM json_each(:keys)))
    ORDER BY results.key"""
EDGES = "SELECT id, src, dst, relation, kind, rule, doc, field, sentence, start, end, weight FROM edges"
EDGE_FIELDS = ("relation", "kind", "rule", "doc", "field", "sentence", "start", "end", "weight")
# The edges among a set of keys are read through one index, on the end with fewer edges (counted in
# the index alone): a hub has thousands of edges to papers outside the set, whose rows are never read.
# The unary + keeps SQLite from using the other end's index instead.
EDGES_FROM_COUNT = f"SELECT count(*) FROM edges WHERE src IN ({IN_VALUES})"
EDGES_TO_COUNT = f"SELECT count(*) FROM edges WHERE dst IN ({IN_VALUES})"
EDGES_AMONG_BY_SRC = f"{EDGES} WHERE src IN ({IN_VALUES}) AND +dst IN ({IN_VALUES}) ORDER BY id"
EDGES_AMONG_BY_DST = f"{EDGES} WHERE +src IN ({IN_VALUES}) AND dst IN ({IN_VALUES}) ORDER BY id"
# The graph's nodes: every entity and prompt, and the papers some edge touches.
STAT_NODES = """SELECT key FROM entities
    UNION SELECT 'prompt:' || id FROM prompts
    UNION SELECT key FROM results WHERE kind != 'other'
    UNION SELECT key FROM (SELECT src AS key FROM edges UNION SELECT dst FROM edges)
        WHERE key LIKE 'paper:%' AND CAST(substr(key, 7) AS INTEGER) IN (SELECT id FROM papers)
    ORDER BY 1"""
WEIGHTED_EDGES = "SELECT src, dst, weight FROM edges"
NODE_COUNT = "SELECT count(*) FROM node_stats"
EDGE_COUNT = "SELECT count(*) FROM edges"
HAS_STATS = "SELECT 1 FROM node_stats LIMIT 1"


def _keys(keys) -> str | None:
    return None if keys is None else values_param(str(k) for k in keys)


def entity_rows(conn, keys=None) -> list[tuple]:
    """Entity nodes with their stored degree and PageRank (columns: see :data:`ENTITIES`)."""
    return conn.execute(ENTITIES, {"keys": _keys(keys)}).fetchall()


def alias_rows(conn, keys=None) -> list[tuple]:
    """(entity key, alias) pairs, the most used alias of each entity first."""
    return conn.execute(ALIASES, {"keys": _keys(keys)}).fetchall()


def prompt_rows(conn, keys=None) -> list[tuple]:
    """Prompt nodes (columns: see :data:`PROMPTS`)."""
    return conn.execute(PROMPTS, {"keys": _keys(keys)}).fetchall()


def result_rows(conn, keys=None) -> list[tuple]:
    """Result nodes (columns: see :data:`RESULTS`)."""
    return conn.execute(RESULTS, {"keys": _keys(keys)}).fetchall()


def paper_rows(conn, ids) -> list[tuple]:
    """The papers with these row ids (columns: see :data:`PAPERS`)."""
    return conn.execute(PAPERS, (values_param(int(i) for i in ids),)).fetchall()


def paper_node_ids(conn, keys=None, *, isolated: bool = False) -> list[int]:
    """Row ids of the papers that are graph nodes (an edge touches them) among `keys`; all papers if `isolated`."""
    if isolated and keys is None:
        return [row[0] for row in conn.execute(PAPER_IDS)]
    if isolated:
        return sorted({int(k[6:]) for k in keys if str(k).startswith("paper:") and str(k)[6:].isdigit()})
    if keys is None:
        return [row[0] for row in conn.execute(ALL_PAPERS_WITH_EDGES)]
    return sorted(row[0] for row in conn.execute(PAPERS_WITH_EDGES, {"keys": _keys(keys)}))


def edge_rows(conn, keys=None):
    """Edges (columns: see :data:`EDGES`) by id; with `keys`, only those with both ends among them."""
    if keys is None:
        return conn.execute(EDGES + " ORDER BY id")
    present = _keys(keys)
    by_src = conn.execute(EDGES_FROM_COUNT, (present,)).fetchone()[0] <= \
        conn.execute(EDGES_TO_COUNT, (present,)).fetchone()[0]
    return conn.execute(EDGES_AMONG_BY_SRC if by_src else EDGES_AMONG_BY_DST, (present, present))


def stat_node_keys(conn) -> list[str]:
    """The keys of every graph node, sorted."""
    return [row[0] for row in conn.execute(STAT_NODES)]


def weighted_edges(conn):
    """(src, dst, weight) of every edge, streamed."""
    return conn.execute(WEIGHTED_EDGES)


def replace_node_stats(conn, stats: dict[str, tuple[int, float]]) -> None:
    """Store (degree, PageRank) per node key, replacing what was there."""
    conn.execute("DELETE FROM node_stats")
    conn.executemany("INSERT INTO node_stats (key, degree, pagerank) VALUES (?, ?, ?)",
                     ((key, degree, rank) for key, (degree, rank) in stats.items()))


def has_node_stats(conn) -> bool:
    """Whether the graph statistics were ever computed."""
    return conn.execute(HAS_STATS).fetchone() is not None


def graph_size(conn) -> tuple[int, int]:
    """(nodes, edges) of the graph as the build stored it."""
    return conn.execute(NODE_COUNT).fetchone()[0], conn.execute(EDGE_COUNT).fetchone()[0]
