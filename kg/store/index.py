"""Named queries of the index stage: sentence vectors, their settings, and BM25 over papers_fts."""
from __future__ import annotations

from kg.store.keys import IN_VALUES
from kg.store.queries import set_setting, setting  # noqa: F401 (the index stage keeps its settings through this module)

# What the build embeds: one text per node (part 0), and a Q&A note's sections as passages (part ≥ 1).
PAPER_TEXTS = "SELECT id, title, abstract FROM papers ORDER BY id"
SECTION_TEXTS = "SELECT paper_id, id, heading, text FROM sections ORDER BY paper_id, id"
PROMPT_TEXTS = "SELECT id, question FROM prompts ORDER BY id"
# Nodes a reader could ask about: curated ones, discovered ones seen more than once, and the tasks titles state.
ENTITY_TEXTS = """SELECT key, name, definition, input, output FROM entities
    WHERE type IN ('task', 'model', 'dataset') AND (in_vocabulary OR mentions >= 2
    OR id IN (SELECT entity_id FROM mentions WHERE rule = 'title-purpose')) ORDER BY key"""

VECTOR_HASHES = "SELECT key, part, content_hash FROM vectors"
UPSERT_VECTOR = "INSERT OR REPLACE INTO vectors (key, part, content_hash, vector) VALUES (?, ?, ?, ?)"
DELETE_VECTOR = "DELETE FROM vectors WHERE key = ? AND part = ?"
DELETE_ALL_VECTORS = "DELETE FROM vectors"
ALL_VECTORS = "SELECT key, part, vector FROM vectors"
SET_VECTOR = "UPDATE vectors SET vector = ? WHERE key = ? AND part = ?"
COUNT_VECTORS = "SELECT count(*) FROM vectors"
# Vectors of one kind of node, by the key index (the build writes each kind's rows together, so the
# index reads them nearly in table order: as fast as a scan for the papers, and a few hundred task
# rows of a 250k corpus do not cost a scan of every vector).
VECTORS_OF_KIND = "SELECT key, vector FROM vectors WHERE key >= ? AND key < ?"
COUNT_OF_KIND = "SELECT count(*) FROM vectors WHERE key >= ? AND key < ?"
# Cells of a large kind (kg.index.cells): the vectors of some cells, of given keys, the centroids.
VECTORS_IN_CELLS = f"SELECT key, vector FROM vectors WHERE cell IN ({IN_VALUES}) AND +key >= ? AND +key < ?"
VECTORS_OF_KEYS = f"SELECT key, vector FROM vectors WHERE key IN ({IN_VALUES})"
CELLS_OF_KIND = "SELECT cell, size, centroid FROM vector_cells WHERE kind = ? ORDER BY cell"
DELETE_CELLS = "DELETE FROM vector_cells WHERE kind = ?"
INSERT_CELL = "INSERT INTO vector_cells (kind, cell, size, centroid) VALUES (?, ?, ?, ?)"
VECTOR_ROWS_OF_KIND = "SELECT key, part, content_hash, vector FROM vectors WHERE key >= ? AND key < ?"
DELETE_KIND = "DELETE FROM vectors WHERE key >= ? AND key < ?"
INSERT_VECTOR_IN_CELL = "INSERT INTO vectors (key, part, content_hash, vector, cell) VALUES (?, ?, ?, ?, ?)"
CLEAR_CELLS = "UPDATE vectors SET cell = NULL WHERE key >= ? AND key < ? AND cell IS NOT NULL"

# BM25 over title, abstract and sections (the title counts most; sections are long and noisy).
FTS_SEARCH = """SELECT rowid, bm25(papers_fts, 4.0, 1.5, 0.5) AS score FROM papers_fts
    WHERE papers_fts MATCH ? ORDER BY score, rowid LIMIT ?"""
TERM_PAPERS = "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)"
# How many papers: one row per paper in the full-text index's docsize table (FTS5 keeps it in step with
# papers through the triggers) is a count of a few bytes a row; count(*) over papers reads the title
# index (250k papers: 17-68 ms against 5-9 ms).
PAPER_COUNT = "SELECT count(*) FROM papers_fts_docsize"


def kind_range(kind: str) -> tuple[str, str]:
    """Key bounds of a node kind: every key 'kind:…' sorts between them.

    >>> kind_range("paper")
    ('paper:', 'paper;')
    """
    return f"{kind}:", f"{kind};"
