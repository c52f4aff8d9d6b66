"""Choosing node keys in SQL, so that only the chosen nodes are ever loaded (``load_graph(db, keys=…)``).

The functions here give the same keys, in the same order, as the in-memory
selections of :mod:`kg.graph.select` (and the matching in :mod:`kg.viz` /
:mod:`kg.export`) give on the whole graph, without building it. They read the
node set and the ranking from ``node_stats``, which the build writes with one
row (degree, PageRank) per node of :func:`kg.graph.load_graph`'s graph:
every entity and prompt, and every paper that some edge touches.

>>> from kg.store import open_db
>>> db = open_db(":memory:", create=True)
>>> _ = db.conn.execute("INSERT INTO entities (key, type, name) VALUES ('task:face parsing', 'task', 'face parsing')")
>>> _ = db.conn.execute("INSERT INTO edges (src, dst, relation, doc, rule, kind) "
...                     "VALUES ('paper:1', 'task:face parsing', 'addresses', 'paper:1', 'r', 'EXTRACTED')")
>>> _ = db.conn.executemany("INSERT INTO node_stats VALUES (?, ?, ?)",
...                         [("task:face parsing", 1, 0.5), ("paper:1", 1, 0.5)])
>>> top_keys(db, 1), top_keys(db, 5, types=["paper"])
(['paper:1'], ['paper:1'])
>>> match_keys(db, "Face Parsing")
['task:face parsing']
>>> neighbourhood_keys(db, ["task:face parsing"], depth=1)
['task:face parsing', 'paper:1']
"""
from __future__ import annotations

import json
import re

KEYS = "SELECT value FROM json_each(?)"
NODE_TYPE = """coalesce(entities.type, CASE WHEN node_stats.key LIKE 'paper:%' THEN 'paper'
    WHEN node_stats.key LIKE 'prompt:%' THEN 'prompt' WHEN node_stats.key LIKE 'result:%' THEN 'result' END)"""
TYPED_NODES = f"""SELECT node_stats.key, {NODE_TYPE} AS type, node_stats.pagerank, node_stats.degree
    FROM node_stats LEFT JOIN entities ON entities.key = node_stats.key"""
TYPE_FILTER = "(:types IS NULL OR type IN (SELECT value FROM json_each(:types)))"
TOP_KEYS = f"""SELECT key FROM ({TYPED_NODES}) WHERE {TYPE_FILTER}
    ORDER BY pagerank DESC, degree DESC, key LIMIT :limit"""
COUNT_BY_TYPE = f"SELECT type, count(*) FROM ({TYPED_NODES}) WHERE {TYPE_FILTER} GROUP BY type ORDER BY type"
IS_NODE = "SELECT 1 FROM node_stats WHERE key = ?"
# the graph nodes one hop from any of a set of keys (edges either way), with what ordering needs
NEIGHBOURS = f"""{TYPED_NODES} WHERE node_stats.key IN (
    SELECT dst FROM edges WHERE src IN ({KEYS}) UNION SELECT src FROM edges WHERE dst IN ({KEYS}))"""
NODES_OF = f"{TYPED_NODES} WHERE node_stats.key IN ({KEYS})"
# every node within :depth hops of the seeds, counted by type; only keys pass through SQLite
REACH_BY_TYPE = f"""WITH RECURSIVE reach(key, hop) AS (
        SELECT node_stats.key, 0 FROM node_stats WHERE node_stats.key IN (SELECT value FROM json_each(:seeds))
        UNION
        SELECT edges.dst, reach.hop + 1 FROM reach JOIN edges ON edges.src = reach.key
            JOIN node_stats ON node_stats.key = edges.dst WHERE reach.hop < :depth
        UNION
        SELECT edges.src, reach.hop + 1 FROM reach JOIN edges ON edges.dst = reach.key
            JOIN node_stats ON node_stats.key = edges.src WHERE reach.hop < :depth)
    SELECT type, count(*) FROM ({TYPED_NODES} WHERE node_stats.key IN (SELECT key FROM reach))
    WHERE key IN (SELECT value FROM json_each(:seeds)) OR {TYPE_FILTER} GROUP BY type ORDER BY type"""
# Candidates for a text match. LIKE is case-insensitive for ASCII only, so names with
# other characters are always candidates; the exact test is made in Python afterwards.
NON_ASCII = "length(CAST({0} AS BLOB)) != length({0})"
ENTITY_CANDIDATES = f"""SELECT entities.key FROM entities
        WHERE entities.name LIKE :pattern OR {NON_ASCII.format('entities.name')}
    UNION SELECT entities.key FROM aliases JOIN entities ON entities.id = aliases.entity_id
        WHERE aliases.alias LIKE :pattern OR {NON_ASCII.format('aliases.alias')}"""
ENTITY_NAMES = f"""SELECT entities.key, entities.name, NULL FROM entities WHERE entities.key IN ({KEYS})
    UNION ALL SELECT entities.key, NULL, aliases.alias FROM aliases JOIN entities ON entities.id = aliases.entity_id
        WHERE entities.key IN ({KEYS})"""
PROMPT_NAMES = """SELECT 'prompt:' || prompts.id, prompts.name FROM prompts
    WHERE 'prompt:' || prompts.id IN (SELECT key FROM node_stats)"""
PAPER_TITLES = """SELECT 'paper:' || papers.id, papers.title FROM papers_fts JOIN papers ON papers.id = papers_fts.rowid
    WHERE papers_fts MATCH ? AND 'paper:' || papers.id IN (SELECT key FROM node_stats)"""
# text without a word to look up in the full-text index (e.g. "--"): titles are scanned
PAPER_TITLES_LIKE = f"""SELECT 'paper:' || papers.id, papers.title FROM papers
    WHERE (papers.title LIKE :pattern OR {NON_ASCII.format('papers.title')})
        AND 'paper:' || papers.id IN (SELECT key FROM node_stats)"""
RANKS = f"SELECT key, pagerank FROM node_stats WHERE key IN ({KEYS})"


def _types(types) -> str | None:
    return None if not types else json.dumps(sorted(set(types)))


def top_keys(db, limit: int | None, types=None) -> list[str]:
    """The `limit` most important node keys (PageRank, then degree, then key), optionally of `types` only.

    The same list as :func:`kg.graph.top_nodes` on the whole graph; ``None`` means every node.
    """
    limit = -1 if limit is None else int(limit)
    return [row[0] for row in db.conn.execute(TOP_KEYS, {"types": _types(types), "limit": limit})]


def node_counts(db, types=None) -> dict[str, int]:
    """How many nodes of each type the whole graph has (only `types`, when given)."""
    return dict(db.conn.execute(COUNT_BY_TYPE, {"types": _types(types)}).fetchall())


def is_node(db, key: str) -> bool:
    """Whether `key` is a node of the graph."""
    return db.conn.execute(IS_NODE, (key,)).fetchone() is not None


def neighbourhood_keys(db, seeds, depth: int = 1, types=None, max_nodes: int | None = None) -> list[str]:
    """The node keys within `depth` hops (either direction) of `seeds`, nearest first, then PageRank, then key.

    The nodes of :func:`kg.graph.neighbourhood` on the whole graph, in its order.
    Seeds are always kept; other nodes only when of `types`. The walk goes one hop
    at a time through the indexed ``edges.src`` / ``edges.dst`` and stops as soon
    as `max_nodes` are found, since nodes further out could not be kept.
    """
    conn = db.conn
    seeds = sorted(set(s for s in seeds if is_node(db, s)))
    wanted = set(types) if types else None
    cap = None if max_nodes is None else max(max_nodes, len(seeds))
    found = {key: (0, pagerank, type_) for key, type_, pagerank, _ in conn.execute(NODES_OF, (json.dumps(seeds),))}
    frontier = seeds
    kept = len(seeds)
    for hop in range(1, depth + 1):
        if not frontier or (cap is not None and kept >= cap):
            break
        keys = json.dumps(frontier)
        nxt = []
        for key, type_, pagerank, _ in conn.execute(NEIGHBOURS, (keys, keys)):
            if key not in found:
                found[key] = (hop, pagerank, type_)
                nxt.append(key)
                kept += wanted is None or type_ in wanted
        frontier = sorted(nxt)
    seed_set = set(seeds)
    keep = [k for k, (_, _, type_) in found.items() if k in seed_set or wanted is None or type_ in wanted]
    keep.sort(key=lambda k: (found[k][0], -float(found[k][1] or 0), k))
    return keep if cap is None else keep[:cap]


def neighbourhood_counts(db, seeds, depth: int = 1, types=None) -> dict[str, int]:
    """How many nodes of each type :func:`neighbourhood_keys` would give without `max_nodes`.

    Computed by one recursive query, so only SQLite holds the (possibly large) set of keys.
    """
    seeds = json.dumps(sorted(set(seeds)))
    rows = db.conn.execute(REACH_BY_TYPE, {"seeds": seeds, "depth": int(depth), "types": _types(types)})
    return dict(rows.fetchall())


def _casefold(text: str) -> str:
    return text.casefold()


def match_keys(db, text: str, *, normalise=None, order: str = "key") -> list[str]:
    """Node keys for `text`: the node key itself, else nodes with a name or alias equal to it, else containing it.

    `normalise` is applied to the text and to every name before comparing
    (default ``str.casefold``); `order` is ``"key"`` or ``"pagerank"`` (then key).
    This is how :func:`kg.viz.match_nodes` and :func:`kg.export.find_nodes` match
    on the whole graph, except that paper titles are found through the full-text
    index: a paper matches when its title holds the text and every word of the text
    starts a word of the title (so ``"face pars"`` finds "Face Parsing …", but
    ``"ace parsing"`` no longer does).
    """
    if is_node(db, text):
        return [text]
    fold = normalise or _casefold
    wanted = fold(text.strip())
    if not wanted:
        return []
    conn = db.conn
    names: dict[str, list[str]] = {}
    # each ASCII letter/digit run of the wanted text appears, in order, in an ASCII name that matches
    pattern = "%" + "%".join(re.findall(r"[a-z0-9]+", wanted.lower())) + "%"
    pattern = pattern.replace("%%", "%")
    entities = json.dumps(sorted(row[0] for row in conn.execute(ENTITY_CANDIDATES, {"pattern": pattern})))
    for key, name, alias in conn.execute(ENTITY_NAMES, (entities, entities)):
        names.setdefault(key, []).append(name if alias is None else alias)
    for key, name in conn.execute(PROMPT_NAMES):
        names.setdefault(key, []).append(name)
    from kg.store.queries import fts_query

    words = fts_query(" ".join(word + "*" for word in re.findall(r"\w+", wanted)))
    titles = conn.execute(PAPER_TITLES, ("title : (" + words + ")",)) if words else \
        conn.execute(PAPER_TITLES_LIKE, {"pattern": pattern})
    for key, title in titles:
        names.setdefault(key, []).append(title)
    exact, partial = [], []
    for key, forms in names.items():
        folded = {fold(n) for n in forms if n}
        if wanted in folded:
            exact.append(key)
        elif any(wanted in n for n in folded):
            partial.append(key)
    chosen = exact or partial
    if order == "pagerank":
        ranks = dict(conn.execute(RANKS, (json.dumps(chosen),)).fetchall())
        return sorted(chosen, key=lambda k: (-float(ranks.get(k) or 0), k))
    return sorted(chosen)
