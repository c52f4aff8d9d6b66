"""The ``links`` table: URLs and identifiers found in the corpus (or by ``kg enrich``), per node.

A row says: `url` (as written, normalised), its `kind`, the `node` it belongs to (a paper,
prompt, model or dataset key), the document `doc` and `field` whose raw text holds it, the
`start`/`end` of the sentence it sits in (offsets into that raw text, see
:mod:`kg.store.evidence`), that `sentence`, and its `source` (``corpus`` or ``enrich``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

INSERT_LINK = """INSERT INTO links (url, kind, node, doc, field, start, end, sentence, source)
    VALUES (:url, :kind, :node, :doc, :field, :start, :end, :sentence, :source)"""
# A document's links are rewritten whenever the NLP pass reads it again; enrich links stay.
FORGET_DOC_LINKS = "DELETE FROM links WHERE doc = ? AND source = 'corpus'"
FORGET_ENRICH_LINKS = "DELETE FROM links WHERE node = ? AND source = 'enrich'"
FORGET_VANISHED_LINKS = """DELETE FROM links WHERE doc LIKE 'paper:%'
    AND CAST(substr(doc, 7) AS INTEGER) NOT IN (SELECT id FROM papers)
    OR doc LIKE 'prompt:%' AND CAST(substr(doc, 8) AS INTEGER) NOT IN (SELECT id FROM prompts)"""
PAPER_COLUMNS = "SELECT url, github FROM papers WHERE id = ?"
# The blocks of a prompt's lists, by the line their "Model:" line is on: the paper or hub model each is about.
PROMPT_BLOCKS = """SELECT prompt_papers.line, 'paper:' || prompt_papers.paper_id FROM prompt_papers
    WHERE prompt_papers.prompt_id = :prompt
    UNION ALL SELECT model_sources.line, models.repo FROM model_sources JOIN models ON models.id = model_sources.model_id
    JOIN prompts ON prompts.source_id = model_sources.source_id WHERE prompts.id = :prompt ORDER BY 1"""
PROPOSED_BY = """SELECT DISTINCT dst FROM edges WHERE src = ? AND doc = src AND relation IN ('proposes', 'introduces')
    ORDER BY dst"""
LINKS_OF_NODE = """SELECT url, kind, node, doc, field, start, end, sentence, source FROM links WHERE node = ?
    ORDER BY field IN ('url', 'github'), source = 'enrich', id"""
# Each paper's code and project links read in the text (not a column), code first, for drawing and reports.
#: the order links are listed in: what a reader most likely wants first
KIND_ORDER = {kind: position for position, kind in enumerate(("code", "project", "model", "dataset", "paper"))}


@dataclass(frozen=True)
class Link:
    """One row of the ``links`` table."""

    url: str
    kind: str
    node: str
    doc: str
    field: str
    start: int | None
    end: int | None
    sentence: str
    source: str = "corpus"


def write_links(conn, links) -> int:
    """Insert `links` (one row per distinct url and node of a document); return how many."""
    seen, count = set(), 0
    for link in links:
        if (link.url, link.node, link.doc) in seen:
            continue
        seen.add((link.url, link.node, link.doc))
        conn.execute(INSERT_LINK, asdict(link))
        count += 1
    return count


def links_for_node(conn, key: str) -> list[dict]:
    """The links of one node, each url once: ``{url, kind, source, evidence}``, code first.

    `evidence` is the sentence the link was read in, with its document, field and raw offsets.

    >>> import sqlite3
    >>> from kg.store.db import Database, migrate
    >>> db = Database(sqlite3.connect(":memory:")); _ = migrate(db)
    >>> _ = write_links(db.conn, [Link("https://github.com/a/b", "code", "paper:1", "paper:1", "abstract", 0, 9, "Code: ...")])
    >>> [(link["url"], link["evidence"]["field"]) for link in links_for_node(db.conn, "paper:1")]
    [('https://github.com/a/b', 'abstract')]
    """
    found: dict[str, dict] = {}
    for row in conn.execute(LINKS_OF_NODE, (key,)).fetchall():
        url, kind, _, doc, field, start, end, sentence, source = row
        if url not in found:
            evidence = {"text": sentence, "doc": doc, "field": field, "start": start, "end": end}
            found[url] = {"url": url, "kind": kind, "source": source, "evidence": evidence}
    return sorted(found.values(), key=lambda link: KIND_ORDER.get(link["kind"], len(KIND_ORDER)))


def links_for_paper(conn, paper_id: int) -> list[dict]:
    """:func:`links_for_node` of ``paper:<paper_id>``."""
    return links_for_node(conn, f"paper:{paper_id}")


def paper_columns(conn, paper_id: int) -> tuple[str | None, str | None]:
    """The paper's ``url`` and ``github`` columns (as the corpus gave them)."""
    row = conn.execute(PAPER_COLUMNS, (paper_id,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def prompt_blocks(conn, prompt_id: int) -> list[tuple[int, str]]:
    """(line, node) of each block in a prompt's lists: ``paper:<id>`` or a hub model's repository."""
    return [tuple(row) for row in conn.execute(PROMPT_BLOCKS, {"prompt": prompt_id}).fetchall()]


def proposed_by(conn, paper_key: str) -> list[str]:
    """The nodes a paper proposes or introduces in its own text."""
    return [row[0] for row in conn.execute(PROPOSED_BY, (paper_key,)).fetchall()]
