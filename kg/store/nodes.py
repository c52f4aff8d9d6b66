"""Graph nodes in SQL: looking a node up by name or alias, and choosing node keys to load.

The one place where a text is matched to nodes (:func:`match_keys`) and where the
nodes of a subgraph are chosen and ranked (:func:`top_keys`, :func:`neighbourhood_keys`),
for ``kg graph``, ``kg export`` and notebooks alike; only the chosen nodes are then
loaded (``kg.graph.load_graph(db, keys=…)``), so a knowledge base of any size is
never loaded whole. The node set and the ranking come from ``node_stats``, which
the build writes with one row (degree, PageRank) per graph node: every entity
and prompt, and every paper that some edge touches.

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

from kg.store.keys import IN_VALUES as KEYS
from kg.store.keys import values_param
from kg.store.queries import arxiv_id_in, fts_query, paper_key_of_arxiv_id

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
        WHERE replace(entities.name, '''', '') LIKE :pattern OR {NON_ASCII.format('entities.name')}
    UNION SELECT entities.key FROM aliases JOIN entities ON entities.id = aliases.entity_id
        WHERE replace(aliases.alias, '''', '') LIKE :pattern OR {NON_ASCII.format('aliases.alias')}"""
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
TOP_TASKS = TOP_KEYS.replace(TYPE_FILTER, "type = 'task'")
# a node's neighbours, those its edges weigh most first (then PageRank, then key)
STRONGEST_NEIGHBOURS = """SELECT other FROM (
        SELECT src AS other, weight FROM edges WHERE dst = :key
        UNION ALL SELECT dst, weight FROM edges WHERE src = :key) AS linked
    JOIN node_stats ON node_stats.key = linked.other WHERE linked.other != :key
    GROUP BY linked.other ORDER BY sum(coalesce(linked.weight, 1.0)) DESC, max(node_stats.pagerank) DESC, linked.other
    LIMIT :limit"""
# The overview: of max_nodes, one in OVERVIEW_TASK_SHARE is a top task, the rest their strongest neighbours.
OVERVIEW_TASK_SHARE = 10
# how many of a top task's strongest neighbours its share of the overview is chosen from (models and datasets
# weigh less than papers, so a share taken from the top alone would hold papers only)
OVERVIEW_CANDIDATES = 200


def _types(types) -> str | None:
    return None if not types else json.dumps(sorted(set(types)))


def top_keys(db, limit: int | None, types=None) -> list[str]:
    """The `limit` most important node keys (PageRank, then degree, then key), optionally of `types` only.

    ``None`` means every node.
    """
    limit = -1 if limit is None else int(limit)
    return [row[0] for row in db.conn.execute(TOP_KEYS, {"types": _types(types), "limit": limit})]


def overview_keys(db, max_nodes: int) -> list[str]:
    """At most `max_nodes` keys that read as an overview: the top tasks, each with its strongest neighbours.

    The ``max_nodes // 10`` most important tasks (PageRank) come first, each followed
    by the papers, models, datasets and tasks its edges weigh most (models and datasets up to a quarter
    of its share each: :func:`_mixed`), until the budget is spent; what is left is filled from :func:`top_keys`. On a big knowledge base
    this draws connected task neighbourhoods instead of scattered hubs.
    """
    tasks = [row[0] for row in db.conn.execute(TOP_TASKS, {"limit": max(1, max_nodes // OVERVIEW_TASK_SHARE)})]
    per_task = (max_nodes - len(tasks)) // max(len(tasks), 1)
    chosen = dict.fromkeys(tasks[:max_nodes])
    for task in tasks:
        linked = [key for (key,) in db.conn.execute(STRONGEST_NEIGHBOURS, {"key": task, "limit": OVERVIEW_CANDIDATES})
                  if key not in chosen]
        for key in _mixed(linked, per_task):
            if len(chosen) < max_nodes:
                chosen.setdefault(key)
    for key in top_keys(db, max_nodes):
        if len(chosen) >= max_nodes:
            break
        chosen.setdefault(key)
    return list(chosen)


def _mixed(keys: list[str], count: int) -> list[str]:
    """`count` of `keys` (strongest first), in their order, with room for models and datasets: each of those types
    takes at most a quarter (at least one) while other keys are left, so papers do not fill a task's share alone.

    >>> _mixed(["paper:1", "paper:2", "paper:3", "model:a", "paper:4", "dataset:d", "model:b"], 4)
    ['paper:1', 'paper:2', 'model:a', 'dataset:d']
    >>> _mixed(["paper:1", "model:a", "model:b", "model:c"], 3)
    ['paper:1', 'model:a', 'model:b']
    """
    cap = max(1, count // 4)
    wanted = {"model": cap, "dataset": cap}
    others = count - sum(min(cap, sum(k.startswith(t + ":") for k in keys)) for t in wanted)
    picked = []
    for key in keys:
        kind = key.split(":", 1)[0]
        room = wanted.get(kind, others)
        if room > 0 and len(picked) < count:
            picked.append(key)
            if kind in wanted:
                wanted[kind] -= 1
            else:
                others -= 1
    return picked + [key for key in keys if key not in picked][:count - len(picked)]  # room no type took


def node_counts(db, types=None) -> dict[str, int]:
    """How many nodes of each type the whole graph has (only `types`, when given)."""
    return dict(db.conn.execute(COUNT_BY_TYPE, {"types": _types(types)}).fetchall())


def is_node(db, key: str) -> bool:
    """Whether `key` is a node of the graph."""
    return db.conn.execute(IS_NODE, (key,)).fetchone() is not None


def neighbourhood_keys(db, seeds, depth: int = 1, types=None, max_nodes: int | None = None) -> list[str]:
    """The node keys within `depth` hops (either direction) of `seeds`, nearest first, then PageRank, then key.

    Seeds are always kept; other nodes only when of `types`. The walk goes one hop
    at a time through the indexed ``edges.src`` / ``edges.dst`` and stops as soon
    as `max_nodes` are found, since nodes further out could not be kept.
    """
    conn = db.conn
    seeds = sorted(set(s for s in seeds if is_node(db, s)))
    wanted = set(types) if types else None
    cap = None if max_nodes is None else max(max_nodes, len(seeds))
    found = {key: (0, pagerank, type_) for key, type_, pagerank, _ in conn.execute(NODES_OF, (values_param(seeds),))}
    frontier = seeds
    kept = len(seeds)
    for hop in range(1, depth + 1):
        if not frontier or (cap is not None and kept >= cap):
            break
        keys = values_param(frontier)
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
    rows = db.conn.execute(REACH_BY_TYPE, {"seeds": values_param(seeds), "depth": int(depth), "types": _types(types)})
    return dict(rows.fetchall())


def lookup_form(text) -> str:
    """How names are compared when looking a node up: case, punctuation and spacing ignored, apostrophes
    (straight or curly) dropped, so "Cohens kappa" finds "Cohen's kappa".

    >>> lookup_form("  Face-Segmentation (CelebA) "), lookup_form("Bird’s-Eye View")
    ('face segmentation celeba', 'birds eye view')
    """
    return " ".join(re.sub(r"[^\w]+", " ", re.sub("['’‘]", "", str(text).casefold())).split())


_BRACKETED = re.compile(r"\s*\([^()]*\)")  # "bird's-eye-view (BEV) correction" answers to its words without "(BEV)"


def match_keys(db, text: str) -> list[str]:
    """Node keys for `text`: the node key itself, else nodes with a name or alias equal to it, else containing it.

    Names are compared by :func:`lookup_form` (a partial match also without the name's bracketed parts); the
    matches are ordered by PageRank, then key. Paper titles are found through the full-text index: a paper matches when its
    title holds the text and every word of the text starts a word of the title (so
    ``"face pars"`` finds "Face Parsing …", but ``"ace parsing"`` does not).
    """
    if is_node(db, text):
        return [text]
    arxiv_id = arxiv_id_in(text)  # "2303.11225", "arXiv:2303.11225", an arxiv.org link: that paper, as kg show reads it
    paper = paper_key_of_arxiv_id(db.conn, arxiv_id) if arxiv_id else None
    if paper and is_node(db, paper):
        return [paper]
    wanted = lookup_form(text)
    if not wanted:
        return []
    names = _candidate_names(db.conn, wanted)
    exact, partial = [], []
    for key, forms in names.items():
        folded = {lookup_form(n) for n in forms if n}
        if wanted in folded:
            exact.append(key)
        elif any(wanted in n for n in folded | {lookup_form(_BRACKETED.sub(" ", n)) for n in forms if n}):
            partial.append(key)
    chosen = exact or partial
    ranks = dict(db.conn.execute(RANKS, (values_param(chosen),)).fetchall())
    return sorted(chosen, key=lambda k: (-float(ranks.get(k) or 0), k))


def _candidate_names(conn, wanted: str) -> dict[str, list[str]]:
    """Node key → names and aliases, for the nodes that may match `wanted` (a :func:`lookup_form`)."""
    names: dict[str, list[str]] = {}
    # each ASCII letter/digit run of the wanted text appears, in order, in an ASCII name that matches
    pattern = ("%" + "%".join(re.findall(r"[a-z0-9]+", wanted)) + "%").replace("%%", "%")
    entities = values_param(row[0] for row in conn.execute(ENTITY_CANDIDATES, {"pattern": pattern}))
    for key, name, alias in conn.execute(ENTITY_NAMES, (entities, entities)):
        names.setdefault(key, []).append(name if alias is None else alias)
    for key, name in conn.execute(PROMPT_NAMES):
        names.setdefault(key, []).append(name)
    words = fts_query(" ".join(word + "*" for word in re.findall(r"\w+", wanted)))
    titles = conn.execute(PAPER_TITLES, ("title : (" + words + ")",)) if words else \
        conn.execute(PAPER_TITLES_LIKE, {"pattern": pattern})
    for key, title in titles:
        names.setdefault(key, []).append(title)
    return names
