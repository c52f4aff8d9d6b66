"""Read-only queries over the corpus tables, shared by the API functions."""
from __future__ import annotations

import re
import shlex

from kg.errors import PaperNotFound, PromptNotFound
from kg.text import normalise_title, strip_version

COUNT = {
    "papers": "SELECT count(*) FROM papers",
    "prompts": "SELECT count(*) FROM prompts",
    "models": "SELECT count(*) FROM models",
    "sources": "SELECT count(*) FROM sources",
    "sections": "SELECT count(*) FROM sections",
}
SOURCES_BY_FORMAT = """SELECT format, count(*), sum(records), (SELECT count(DISTINCT paper_sources.paper_id) FROM paper_sources
        JOIN sources AS named ON named.id = paper_sources.source_id WHERE named.format = sources.format)
    FROM sources GROUP BY format ORDER BY format"""
SEARCH = """SELECT papers.id, papers.arxiv_id, papers.title, papers.url, papers.github,
        snippet(papers_fts, 1, '[', ']', '…', 12) AS snippet, bm25(papers_fts, 10.0, 1.0, 0.5) AS rank
    FROM papers_fts JOIN papers ON papers.id = papers_fts.rowid
    WHERE papers_fts MATCH ? ORDER BY rank, papers.id LIMIT ?"""
PAPER_BY_ID = "SELECT * FROM papers WHERE id = ?"
PAPER_BY_ARXIV = "SELECT * FROM papers WHERE arxiv_id = ?"
ALL_PAPER_TITLES = "SELECT title FROM papers"
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

LIST_PAPERS = "SELECT id, arxiv_id, title, url, github FROM papers ORDER BY id LIMIT ?"
ENTITIES_BY_TYPE = "SELECT type, count(*) FROM entities GROUP BY type ORDER BY type"
# the graph's nodes as the build counts them: papers, prompts and results besides the entities
NODES_BY_KIND = """SELECT substr(key, 1, instr(key, ':') - 1) AS kind, count(*) FROM node_stats
    GROUP BY kind ORDER BY kind"""
EDGE_COUNT = "SELECT count(*) FROM edges"
ENTITIES_LISTED = """SELECT entities.id, key, type, name, mentions, in_vocabulary, definition, url,
    coalesce(node_stats.degree, 0) AS degree, coalesce(node_stats.pagerank, 0) AS pagerank
    FROM entities LEFT JOIN node_stats USING (key) WHERE (:type IS NULL OR type = :type)
    ORDER BY mentions DESC, degree DESC, key LIMIT :limit"""
ENTITY_ALIASES = "SELECT alias, count FROM aliases WHERE entity_id = ? ORDER BY count DESC, alias"
PAPER_EDGES = """SELECT src, source.name AS src_name, relation, dst, target.name AS dst_name, kind, rule, field, sentence,
        start, end FROM edges LEFT JOIN entities AS source ON source.key = edges.src
        LEFT JOIN entities AS target ON target.key = edges.dst
    WHERE doc = :key OR src = :key OR dst = :key ORDER BY relation, dst, edges.id"""
CORPUS_SOURCES = "SELECT path, sha256, format, records, ingested_at FROM sources ORDER BY path"
# every stored text an answer may quote or link: papers, sections, prompts
STORED_TEXTS = """SELECT title FROM papers UNION ALL SELECT abstract FROM papers
    UNION ALL SELECT sections_text FROM papers UNION ALL SELECT url FROM papers UNION ALL SELECT github FROM papers
    UNION ALL SELECT text FROM sections UNION ALL SELECT question FROM prompts UNION ALL SELECT text FROM prompts"""
# a setting's row is rewritten only when its value changes (a build with nothing changed changes no byte)
SET_SETTING = ("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value")
DELETE_SETTING = "DELETE FROM settings WHERE key = ?"
SETTING = "SELECT value FROM settings WHERE key = ?"
# a prompt as ingest stored it: found by name (``face_parsing_makeup``) or by its source path
STORED_PROMPT = """SELECT prompts.id, prompts.name, prompts.question, sources.path FROM prompts
    JOIN sources ON sources.id = prompts.source_id WHERE prompts.name = :ref OR sources.path = :ref OR sources.sha256 = :ref
    ORDER BY sources.path"""
PROMPT_NAMES = "SELECT DISTINCT name FROM prompts ORDER BY name"
# A listed paper the knowledge base holds: by arXiv id, else by normalised title.
LISTED_PAPER = """SELECT id FROM papers WHERE arxiv_id = :arxiv_id UNION ALL
    SELECT id FROM (SELECT id FROM papers WHERE title_norm = :title_norm ORDER BY id LIMIT 1)"""
PROMPT_PAPER_IDS = "SELECT paper_id FROM prompt_papers WHERE prompt_id = ? ORDER BY position, paper_id"
PROMPT_MODEL_REPOS = """SELECT models.repo FROM prompt_models JOIN models ON models.id = prompt_models.model_id
    WHERE prompt_models.prompt_id = ? ORDER BY prompt_models.position, models.id"""

_WORD = re.compile(r"[\w][\w'.+-]*\*?", re.UNICODE)


def fts_query(text: str, *, any_word: bool = False) -> str | None:
    """Turn free text into a safe FTS5 query: each word quoted (so "AND", "NOT" are words), a trailing * kept as prefix.

    >>> fts_query('face "parsing" AND (3D*')
    '"face" "parsing" "AND" "3D"*'
    >>> fts_query("-- ()") is None
    True
    """
    terms = []
    for word in _WORD.findall(text):
        prefix = word.endswith("*")
        word = word.rstrip("*").strip("'.-+")
        if not word:
            continue
        terms.append('"' + word.replace('"', "") + '"' + ("*" if prefix else ""))
    if not terms:
        return None
    return (" OR " if any_word else " ").join(terms)


def rows(conn, sql, params=()):
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def corpus_counts(conn) -> dict:
    """How many papers, prompts, models, sources and sections; and files, records and papers per format (a prompt's
    listed papers are papers of its format; a paper in two files counts under both formats).

    >>> from kg.store import open_db
    >>> corpus_counts(open_db(":memory:").conn)["papers"], graph_counts(open_db(":memory:").conn)
    (0, {'entities': {}, 'nodes': {}, 'edges': 0})
    """
    counts = {name: conn.execute(sql).fetchone()[0] for name, sql in COUNT.items()}
    counts["formats"] = {fmt: {"files": files, "records": records or 0, "papers": papers}
                         for fmt, files, records, papers in conn.execute(SOURCES_BY_FORMAT)}
    return counts


def graph_counts(conn) -> dict:
    """Entities per type, the graph's nodes per kind (what ``kg build`` counts) and the number of edges."""
    return {"entities": dict(conn.execute(ENTITIES_BY_TYPE).fetchall()),
            "nodes": dict(conn.execute(NODES_BY_KIND).fetchall()),
            "edges": conn.execute(EDGE_COUNT).fetchone()[0]}


def corpus_sources(conn) -> list[dict]:
    """The `sources` table: every corpus file the knowledge base was built from."""
    return rows(conn, CORPUS_SOURCES)


def stored_prompt(conn, ref: str, *, unique: bool = True) -> dict | None:
    """A prompt from the prompts tables: id, name, question, source path, listed paper ids and model repos.

    `ref` is the prompt's name, its source path (as recorded) or its file's sha256; None when no ingested prompt
    has it, :class:`PromptNotFound` when several have that name (unless not `unique`: copies of one file).

    >>> from kg.store import open_db
    >>> stored_prompt(open_db(":memory:").conn, "face_parsing_makeup") is None
    True
    """
    found = rows(conn, STORED_PROMPT, {"ref": ref})
    if not found:
        return None
    if unique and len({row["id"] for row in found}) > 1:
        raise PromptNotFound(f"{len(found)} prompts are named {ref!r}: give the file's path "
                             f"({', '.join(row['path'] for row in found)})")
    prompt = found[0]
    prompt["paper_ids"] = [row[0] for row in conn.execute(PROMPT_PAPER_IDS, (prompt["id"],))]
    prompt["models"] = [row[0] for row in conn.execute(PROMPT_MODEL_REPOS, (prompt["id"],))]
    return prompt


def prompt_names(conn) -> list[str]:
    """The names of the ingested prompts."""
    return [row[0] for row in conn.execute(PROMPT_NAMES)]


def listed_paper_id(conn, arxiv_id: str | None, title_norm: str) -> int | None:
    """The id of the paper a prompt lists: the one with its arXiv id, else the first with its normalised title."""
    row = conn.execute(LISTED_PAPER, {"arxiv_id": arxiv_id, "title_norm": title_norm}).fetchone()
    return row[0] if row else None


def stored_texts(conn) -> list[str]:
    """Every non-empty stored text (titles, abstracts, sections, links, prompts), to check quotes against."""
    return [text for (text,) in conn.execute(STORED_TEXTS) if text]


def set_setting(conn, key: str, value: str) -> None:
    """Record a setting a build used (so it can be reproduced)."""
    conn.execute(SET_SETTING, (key, value))


def forget_setting(conn, key: str) -> None:
    conn.execute(DELETE_SETTING, (key,))


def setting(conn, key: str) -> str | None:
    """The value recorded for `key` in ``settings``, or None."""
    row = conn.execute(SETTING, (key,)).fetchone()
    return row[0] if row else None


def search_papers(conn, text: str, limit: int = 10) -> list[dict]:
    """Papers that hold the words of `text` as a phrase, best first, then those holding them all anywhere (or,
    failing both, any word): "speech enhancement" puts papers on speech enhancement before one on enhancing
    hate-speech detection."""
    all_words = fts_query(text)
    if all_words is None:
        return []
    queries = [all_words]
    if " " in all_words and "*" not in all_words:
        queries.insert(0, '"' + all_words.replace('"', "") + '"')  # the words in this order, side by side
    found, seen = [], set()
    for query in queries:
        for row in rows(conn, SEARCH, (query, limit)):
            if row["id"] not in seen and len(found) < limit:
                seen.add(row["id"])
                found.append(row)
    return found or rows(conn, SEARCH, (fts_query(text, any_word=True), limit))


def paper_titles(conn) -> list[str]:
    """Every paper's title (for checking that an evaluation file's gold titles are in the corpus)."""
    return [title for (title,) in conn.execute(ALL_PAPER_TITLES)]


def arxiv_id_in(ident: str) -> str | None:
    """The arXiv id (no version) `ident` names: "2303.11225", "arXiv:2303.11225v2" or an arxiv.org URL.

    >>> arxiv_id_in("arXiv:2303.11225v2"), arxiv_id_in("https://arxiv.org/abs/2303.11225"), arxiv_id_in("FaceCom")
    ('2303.11225', '2303.11225', None)
    """
    from kg.text import arxiv_id_from_url

    ident = ident.strip()
    bare = re.fullmatch(r"(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?)", ident, re.I)
    return arxiv_id_from_url(ident) or (strip_version(bare.group(1)) if bare else None)


def paper_key_of_arxiv_id(conn, arxiv_id: str) -> str | None:
    row = conn.execute(PAPER_BY_ARXIV, (arxiv_id,)).fetchone()
    return f"paper:{row[0]}" if row else None


def find_paper(conn, ident: str) -> dict:
    """One paper by row id, ``paper:<id>``, arXiv id or URL, exact or leading title, or full text."""
    ident = ident.strip()
    candidates = []
    match = re.fullmatch(r"(?:paper:)?(\d+)", ident)
    if match and ident.startswith("paper:"):
        candidates = rows(conn, PAPER_BY_ID, (int(match.group(1)),))
        if not candidates:
            raise PaperNotFound(f"no paper {ident} in this knowledge base — kg papers lists them")
    arxiv = arxiv_id_in(ident)
    if not candidates and arxiv:
        candidates = rows(conn, PAPER_BY_ARXIV, (arxiv,))
    title = normalise_title(ident)
    if not candidates and title:
        candidates = rows(conn, PAPER_BY_TITLE, (title,))
    if not candidates and title:
        like = title.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        candidates = rows(conn, PAPER_BY_TITLE_PREFIX, (like,))
        if len(candidates) > 1:
            from kg.errors import AmbiguousPaper

            listed = "; ".join(f"paper:{c['id']} {c['title'][:70]}" for c in candidates)
            raise AmbiguousPaper(f"{len(candidates) if len(candidates) < 5 else 'at least 5'} papers' titles start with "
                                 f"{ident!r}: {listed} — name one by its id or more of its title")
    if not candidates:
        query = fts_query(ident)  # every word must match: a stray word is not a paper
        hits = rows(conn, SEARCH, (query, 1)) if query else []
        if hits:
            candidates = rows(conn, PAPER_BY_ID, (hits[0]["id"],))
    if not candidates:
        raise PaperNotFound(f"no paper matches {ident!r} — try kg papers {shlex.quote(ident)} to search")
    return candidates[0]
