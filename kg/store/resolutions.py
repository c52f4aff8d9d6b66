"""Queries of ``kg enrich``: papers without an arXiv id, and recording the ids found for them.

>>> from kg.store import open_db
>>> db = open_db(":memory:", create=True)
>>> unresolved_papers(db.conn), paper_with_arxiv_id(db.conn, "2303.11225")
([], None)
"""
from __future__ import annotations

from kg.store.db import now

UNRESOLVED_PAPERS = """SELECT id, title, title_norm FROM papers
    WHERE arxiv_id IS NULL AND title_norm != '' ORDER BY id"""
PAPER_WITH_ARXIV_ID = "SELECT id FROM papers WHERE arxiv_id = ?"
SET_ARXIV_ID = "UPDATE papers SET arxiv_id = ? WHERE id = ? AND arxiv_id IS NULL"
INSERT_RESOLUTION = """INSERT OR REPLACE INTO paper_resolutions
    (paper_id, arxiv_id, method, resolved_at, api_url, matched_title) VALUES (?, ?, ?, ?, ?, ?)"""


def unresolved_papers(conn) -> list[tuple[int, str, str]]:
    """(id, title, normalised title) of every paper with a title but no arXiv id, by id."""
    return conn.execute(UNRESOLVED_PAPERS).fetchall()


def paper_with_arxiv_id(conn, arxiv_id: str) -> int | None:
    """The id of the paper that has this arXiv id, if any."""
    row = conn.execute(PAPER_WITH_ARXIV_ID, (arxiv_id,)).fetchone()
    return None if row is None else row[0]


def resolve(conn, paper_id: int, arxiv_id: str, *, method: str, api_url: str, matched_title: str) -> None:
    """Give a paper without an arXiv id that id, and record how and when it was found."""
    conn.execute(SET_ARXIV_ID, (arxiv_id, paper_id))
    conn.execute(INSERT_RESOLUTION, (paper_id, arxiv_id, method, now(), api_url, matched_title))
