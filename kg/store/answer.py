"""Named queries of the answer steps (read-only: ``kg ask`` never writes)."""
from __future__ import annotations

from kg.store.index import PAPER_COUNT  # noqa: F401 (the answer steps read it from here)
from kg.store.keys import IN_VALUES, values_param

TASK_LINKS = ("addresses", "introduces")
# Tasks the given papers (or models) address ({marks}: the list of node keys, see rows_in).
PAPER_TASKS = """SELECT src, dst FROM edges WHERE src IN ({marks})
    AND relation IN ('addresses', 'introduces', 'used_for') AND dst >= 'task:' AND dst < 'task;' ORDER BY id"""
# How many documents link to each task: a task that a large share of the corpus addresses says little.
NODE_DEGREE = "SELECT key, degree FROM node_stats WHERE key IN ({marks})"
ENTITY_ROWS = """SELECT key, type, name, definition, input, output, url, in_vocabulary FROM entities
    WHERE key IN ({marks})"""
# Entities named in the question: by key (normal form) and by alias, any type asked for.
ENTITY_BY_KEYS = "SELECT key FROM entities WHERE key IN ({marks})"
ENTITY_BY_ALIAS = """SELECT entities.key, aliases.alias FROM aliases
    CROSS JOIN entities ON entities.id = aliases.entity_id WHERE aliases.alias COLLATE NOCASE IN ({marks})"""
# The aliases of one entity (a chosen task's other names).
TASK_ALIASES = """SELECT aliases.alias FROM entities CROSS JOIN aliases ON aliases.entity_id = entities.id
    WHERE entities.key = ? ORDER BY aliases.alias"""
# Sub-task edges among candidate tasks (child subtask_of parent).
# (+dst: look the edges up by src: a task is the src of a few edges and the dst of thousands)
SUBTASKS = """SELECT src, dst FROM edges WHERE relation = 'subtask_of' AND src IN ({marks}) AND +dst IN ({marks})"""
# Papers on a task (the walk's one step from the chosen task).
TASK_PAPERS = """SELECT DISTINCT src FROM edges WHERE dst = ? AND relation IN ('addresses', 'introduces')
    AND src >= 'paper:' AND src < 'paper;' LIMIT 2000"""
PAPER_ROWS = "SELECT id, arxiv_id, title, abstract, sections_text, url, github FROM papers WHERE id IN ({marks})"
# Models and datasets tied to the listed papers, and models tied to the chosen task.
PAPER_NEIGHBOURS = """SELECT src, dst, relation FROM edges WHERE src IN ({marks})
    AND relation IN ('proposes', 'uses', 'introduces', 'mentions') ORDER BY id"""
TASK_MODELS = """SELECT src FROM edges WHERE dst = ? AND relation IN ('addresses', 'used_for')
    AND src >= 'model:' AND src < 'model;' ORDER BY weight DESC, id LIMIT 50"""
MODEL_CODE = "SELECT dst FROM edges WHERE src = ? AND relation = 'implemented_at' ORDER BY id LIMIT 1"
# The first paper that proposes a model: its id and stored links (its arXiv page, code, as the corpus gives them).
PROPOSER = """SELECT papers.id, papers.url, papers.github FROM edges JOIN papers ON edges.src = 'paper:' || papers.id
    WHERE edges.dst = ? AND edges.relation = 'proposes' ORDER BY papers.id LIMIT 1"""
HAS_EDGES = "SELECT 1 FROM edges LIMIT 1"
# Prompt mode: what a listed paper or model is about, and what counts as the chosen task.
NODE_TASKS = """SELECT DISTINCT edges.dst, coalesce(entities.name, edges.dst) FROM edges LEFT JOIN entities
    ON entities.key = edges.dst WHERE edges.src = ? AND edges.relation IN ('addresses', 'used_for')
    AND edges.dst >= 'task:' AND edges.dst < 'task;' ORDER BY entities.in_vocabulary DESC, edges.dst"""
TASK_NAMES = """SELECT name FROM entities WHERE key = :task UNION
    SELECT alias FROM aliases JOIN entities ON entities.id = aliases.entity_id WHERE entities.key = :task"""
# The task's sub-tasks and direct parents.
TASK_FAMILY = """SELECT src FROM edges WHERE relation = 'subtask_of' AND dst = :task UNION
    SELECT dst FROM edges WHERE relation = 'subtask_of' AND src = :task"""
PAPER_ABSTRACT = "SELECT abstract FROM papers WHERE id = ?"
ENTITY_EXISTS = "SELECT 1 FROM entities WHERE key = ?"


def rows_in(conn, sql: str, values, *, repeat: int = 1):
    """Rows of `sql`, whose ``{marks}`` (used `repeat` times) stand for the list `values`.

    The list travels as one JSON parameter (:mod:`kg.store.keys`), so it may be of any length.
    """
    return conn.execute(sql.format(marks=IN_VALUES), (values_param(values),) * repeat)
