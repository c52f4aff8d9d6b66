"""Read-only queries over the corpus tables, shared by the API functions."""
from __future__ import annotations

import re

from kg.errors import PaperNotFound
from kg.text import normalise_title, strip_version

COUNT = {
    "papers": "SELECT count(*) FROM papers",
    "prompts": "SELECT count(*) FROM prompts",
    "models": "SELECT count(*) FROM models",
    "sources": "SELECT count(*) FROM sources",
    "sections": "SELECT count(*) FROM sections",
}
SOURCES_BY_FORMAT = "SELECT format, count(*), sum(records) FROM sources GROUP BY format ORDER BY format"
SEARCH = """SELECT papers.id, papers.arxiv_id, papers.title, papers.url, papers.github,
        snippet(papers_fts, 1, '[', ']', '…', 12) AS snippet, bm25(papers_fts, 10.0, 1.0, 0.5) AS rank
    FROM papers_fts JOIN papers ON papers.id = papers_fts.rowid
    WHERE papers_fts MATCH ? ORDER BY rank, papers.id LIMIT ?"""
PAPER_BY_ID = "SELECT * FROM papers WHERE id = ?"
PAPER_BY_ARXIV = "SELECT * FROM papers WHERE arxiv_id = ?"
PAPER_BY_TITLE = "SELECT * FROM papers WHERE title_norm = ? ORDER BY id"
PAPER_BY_TITLE_PREFIX = "SELECT * FROM papers WHERE title_norm LIKE ? ESCAPE '\\' ORDER BY length(title_norm), id LIMIT 5"
PAPER_SOURCES = """SELECT sources.path, sources.sha256, sources.format, paper_sources.line
    FROM paper_sources JOIN sources ON sources.id = paper_sources.source_id
    WHERE paper_sources.paper_id = ? ORDER BY sources.path, paper_sources.line"""
PAPER_PROMPTS = """SELECT prompts.id, prompts.name, sources.path FROM prompt_papers
    JOIN prompts ON prompts.id = prompt_papers.prompt_id JOIN sources ON sources.id = prompts.source_id
    WHERE prompt_papers.paper_id = ? ORDER BY sources.path"""
PAPER_SECTIONS = "SELECT heading, text, line, id, raw_text FROM sections WHERE paper_id = ? ORDER BY source_id, position"
PAPER_RESOLUTIONS = """SELECT arxiv_id, method, resolved_at, api_url, matched_title FROM paper_resolutions
    WHERE paper_id = ? ORDER BY resolved_at, arxiv_id"""

_WORD = re.compile(r"[\w][\w'.+-]*\*?", re.UNICODE)
_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def fts_query(text: str, *, any_word: bool = False) -> str | None:
    """Turn free text into a safe FTS5 query: each word quoted, a trailing * kept as prefix.

    >>> fts_query('face "parsing" AND (3D*')
    '"face" "parsing" "3D"*'
    >>> fts_query("-- ()") is None
    True
    """
    terms = []
    for word in _WORD.findall(text):
        prefix = word.endswith("*")
        word = word.rstrip("*").strip("'.-+")
        if not word or word in _FTS_OPERATORS:
            continue
        terms.append('"' + word.replace('"', "") + '"' + ("*" if prefix else ""))
    if not terms:
        return None
    return (" OR " if any_word else " ").join(terms)


def rows(conn, sql, params=()):
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def search_papers(conn, text: str, limit: int = 10) -> list[dict]:
    """Papers matching all words of `text` (or, failing that, any word), best first."""
    for any_word in (False, True):
        query = fts_query(text, any_word=any_word)
        if query is None:
            return []
        found = rows(conn, SEARCH, (query, limit))
        if found:
            return found
    return []


def find_paper(conn, ident: str) -> dict:
    """One paper by row id, ``paper:<id>``, arXiv id or URL, exact or leading title, or full text."""
    ident = ident.strip()
    from kg.text import arxiv_id_from_url

    candidates = []
    match = re.fullmatch(r"(?:paper:)?(\d+)", ident)
    if match and ident.startswith("paper:"):
        candidates = rows(conn, PAPER_BY_ID, (int(match.group(1)),))
    arxiv = arxiv_id_from_url(ident) or (strip_version(ident) if re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", ident) else None)
    if not candidates and arxiv:
        candidates = rows(conn, PAPER_BY_ARXIV, (arxiv,))
    title = normalise_title(ident)
    if not candidates and title:
        candidates = rows(conn, PAPER_BY_TITLE, (title,))
    if not candidates and title:
        like = title.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        candidates = rows(conn, PAPER_BY_TITLE_PREFIX, (like,))
    if not candidates:
        query = fts_query(ident)  # every word must match: a stray word is not a paper
        hits = rows(conn, SEARCH, (query, 1)) if query else []
        if hits:
            candidates = rows(conn, PAPER_BY_ID, (hits[0]["id"],))
    if not candidates:
        raise PaperNotFound(f"no paper matches {ident!r} — try \"kg papers {ident}\" to search")
    return candidates[0]
