"""The whole SQLite schema: ordered, recorded migrations.

This is the only module with CREATE statements. :func:`kg.store.db.open_db`
applies every migration a database has not seen yet, in order, each recorded
in ``_migrations``.

>>> [m.version for m in MIGRATIONS] == sorted(m.version for m in MIGRATIONS)
True
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    # False: reading works without it (it only changes data, or adds what only writing uses), so a read-only
    # database made before it is still read
    needed_to_read: bool = True


MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS _migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

_CORPUS = (
    # One row per corpus file ever ingested; `path` is relative to its corpus root.
    """CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        size INTEGER NOT NULL,
        records INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL
    )""",
    # One row per real paper: deduplicated by arXiv id, else by normalised title.
    """CREATE TABLE papers (
        id INTEGER PRIMARY KEY,
        arxiv_id TEXT,
        title TEXT NOT NULL,
        title_norm TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        raw_title TEXT NOT NULL DEFAULT '',
        raw_abstract TEXT NOT NULL DEFAULT '',
        sections_text TEXT NOT NULL DEFAULT '',
        url TEXT,
        github TEXT,
        authors TEXT,
        categories TEXT,
        published TEXT,
        content_hash TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE UNIQUE INDEX papers_arxiv_id ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL",
    "CREATE INDEX papers_title_norm ON papers(title_norm)",
    # Every place a paper was read from (a paper in two prompts has two rows).
    """CREATE TABLE paper_sources (
        paper_id INTEGER NOT NULL REFERENCES papers(id),
        source_id INTEGER NOT NULL REFERENCES sources(id),
        line INTEGER NOT NULL,
        PRIMARY KEY (paper_id, source_id, line)
    )""",
    """CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        paper_id INTEGER NOT NULL REFERENCES papers(id),
        position INTEGER NOT NULL,
        heading TEXT NOT NULL,
        text TEXT NOT NULL,
        raw_text TEXT NOT NULL DEFAULT '',
        source_id INTEGER NOT NULL REFERENCES sources(id),
        line INTEGER NOT NULL,
        UNIQUE (paper_id, source_id, position)
    )""",
    """CREATE TABLE prompts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        question TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        source_id INTEGER NOT NULL UNIQUE REFERENCES sources(id),
        line INTEGER NOT NULL
    )""",
    # Recommended hub models, one row per hub repository.
    """CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        raw_id TEXT NOT NULL,
        category TEXT NOT NULL,
        hub TEXT NOT NULL,
        repo TEXT NOT NULL,
        url TEXT,
        paper_url TEXT
    )""",
    """CREATE TABLE model_sources (
        model_id INTEGER NOT NULL REFERENCES models(id),
        source_id INTEGER NOT NULL REFERENCES sources(id),
        line INTEGER NOT NULL,
        PRIMARY KEY (model_id, source_id, line)
    )""",
    """CREATE TABLE prompt_models (
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        model_id INTEGER NOT NULL REFERENCES models(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (prompt_id, model_id)
    )""",
    """CREATE TABLE prompt_papers (
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        paper_id INTEGER NOT NULL REFERENCES papers(id),
        position INTEGER NOT NULL,
        line INTEGER NOT NULL,
        PRIMARY KEY (prompt_id, paper_id)
    )""",
    # Full-text search over title, abstract and sections (external content, kept by triggers).
    """CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, abstract, sections_text, content='papers', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, abstract, sections_text)
        VALUES (new.id, new.title, new.abstract, new.sections_text);
    END""",
    """CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, abstract, sections_text)
        VALUES ('delete', old.id, old.title, old.abstract, old.sections_text);
    END""",
    """CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract, sections_text ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, abstract, sections_text)
        VALUES ('delete', old.id, old.title, old.abstract, old.sections_text);
        INSERT INTO papers_fts(rowid, title, abstract, sections_text)
        VALUES (new.id, new.title, new.abstract, new.sections_text);
    END""",
    # Settings a build used, so a build can be reproduced.
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
)

_GRAPH = (
    # Graph nodes found by the NLP pass: tasks, models, datasets, metrics.
    # `key` is '<type>:<canonical form>'; papers and prompts are nodes too, keyed
    # 'paper:<id>' and 'prompt:<id>', but live in their own tables.
    """CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        definition TEXT NOT NULL DEFAULT '',
        input TEXT NOT NULL DEFAULT '',
        output TEXT NOT NULL DEFAULT '',
        url TEXT,
        in_vocabulary INTEGER NOT NULL DEFAULT 0,
        mentions INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX entities_type ON entities(type)",
    # Every surface form an entity was seen as, with how often and why it was merged.
    """CREATE TABLE aliases (
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        alias TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (entity_id, alias)
    )""",
    "CREATE INDEX aliases_alias ON aliases(alias COLLATE NOCASE)",
    # Typed edges between node keys, each with the sentence that supports it.
    # `doc` is the node key of the document the evidence comes from, `field` the
    # stored text it sits in ('title', 'abstract', 'section:<id>', 'question'),
    # `start`/`end` the sentence's character offsets in that stored text.
    """CREATE TABLE edges (
        id INTEGER PRIMARY KEY,
        src TEXT NOT NULL,
        dst TEXT NOT NULL,
        relation TEXT NOT NULL,
        doc TEXT NOT NULL,
        field TEXT NOT NULL DEFAULT '',
        sentence TEXT NOT NULL DEFAULT '',
        start INTEGER,
        end INTEGER,
        rule TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('EXTRACTED', 'INFERRED')),
        weight REAL NOT NULL DEFAULT 1.0
    )""",
    "CREATE INDEX edges_src ON edges(src)",
    "CREATE INDEX edges_dst ON edges(dst)",
    "CREATE INDEX edges_doc ON edges(doc)",
    # Entity mentions in stored text (character offsets into the field's text).
    """CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        doc TEXT NOT NULL,
        field TEXT NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        rule TEXT NOT NULL
    )""",
    "CREATE INDEX mentions_doc ON mentions(doc)",
    "CREATE INDEX mentions_entity ON mentions(entity_id)",
    # Graph statistics precomputed at build time for every node key (papers too).
    """CREATE TABLE node_stats (
        key TEXT PRIMARY KEY,
        degree INTEGER NOT NULL,
        pagerank REAL NOT NULL
    )""",
    # Which document content the NLP pass last processed (incremental builds).
    """CREATE TABLE nlp_state (
        doc TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        processed_at TEXT NOT NULL
    )""",
)

_RESOLUTIONS = (
    # How a paper without an arXiv id in the corpus got one (kg enrich), and when.
    # Cascade: a paper dropped because its source file changed takes its resolution with it.
    """CREATE TABLE paper_resolutions (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        arxiv_id TEXT NOT NULL,
        method TEXT NOT NULL,
        resolved_at TEXT NOT NULL,
        api_url TEXT NOT NULL,
        matched_title TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (paper_id, arxiv_id)
    )""",
)

_LINKS = (
    # URLs and identifiers read in the corpus (or found by kg enrich), each with the node it belongs
    # to and the sentence it sits in: `doc`/`field` name the raw text, `start`/`end` the sentence's
    # offsets in it (see kg/store/links.py).
    """CREATE TABLE links (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('code', 'project', 'model', 'dataset', 'paper')),
        node TEXT NOT NULL,
        doc TEXT NOT NULL,
        field TEXT NOT NULL DEFAULT '',
        start INTEGER,
        end INTEGER,
        sentence TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'corpus' CHECK (source IN ('corpus', 'enrich'))
    )""",
    "CREATE INDEX links_node ON links(node)",
    "CREATE INDEX links_doc ON links(doc)",
    # Evidence offsets now point into the raw text and links are new: the next build reads every
    # document again.
    "DELETE FROM nlp_state",
)

_RESULTS = (
    # Numbers papers report (kg.nlp.results): value as printed, canonical unit, metric and dataset as
    # printed with their graph node keys, kind (absolute, gain, reduction, other), the model, the
    # value's offsets and the sentence's offsets in the field's raw text (as read, like edges' evidence). `key` is the result's
    # graph node ('result:<doc>:<field>:<start>'); the NLP pass rewrites a document's rows.
    """CREATE TABLE results (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        doc TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        metric TEXT,
        metric_key TEXT,
        dataset TEXT,
        dataset_key TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('absolute', 'gain', 'reduction', 'other')),
        model TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL
    )""",
    "CREATE INDEX results_doc ON results(doc)",
    "CREATE INDEX results_dataset ON results(dataset_key)",
    "CREATE INDEX results_metric ON results(metric_key)",
    # a database built before this table has no results: the next build re-reads every document
    "DELETE FROM nlp_state",
)

# Views for browsing in Datasette / sqlite-utils: names, not node keys. A paper node's key is
# 'paper:<papers.id>', joined through the papers primary key; entities through entities.key.
_PAPER_OF_SRC = "papers.id = CAST(substr(edges.src, 7) AS INTEGER) AND edges.src LIKE 'paper:%'"
_BROWSING_VIEWS = (
    f"""CREATE VIEW paper_tasks AS SELECT papers.id AS paper_id, papers.title AS paper, papers.arxiv_id,
        entities.name AS task, edges.relation, edges.kind, edges.sentence
        FROM edges JOIN papers ON {_PAPER_OF_SRC} JOIN entities ON entities.key = edges.dst
        WHERE entities.type = 'task'""",
    f"""CREATE VIEW paper_models AS SELECT papers.id AS paper_id, papers.title AS paper, papers.arxiv_id,
        entities.name AS model, edges.relation, edges.kind, edges.sentence
        FROM edges JOIN papers ON {_PAPER_OF_SRC} JOIN entities ON entities.key = edges.dst
        WHERE entities.type = 'model'""",
    f"""CREATE VIEW task_papers AS SELECT entities.name AS task, entities.definition AS task_definition,
        papers.title AS paper, papers.id AS paper_id, papers.arxiv_id, papers.url, papers.github, edges.sentence
        FROM entities JOIN edges ON edges.dst = entities.key JOIN papers ON {_PAPER_OF_SRC}
        WHERE entities.type = 'task'""",
    """CREATE VIEW edges_named AS SELECT edges.id,
        coalesce(src_entity.name, src_paper.title, src_prompt.name, src_result.label, edges.src) AS source,
        coalesce(src_entity.type, substr(edges.src, 1, instr(edges.src, ':') - 1)) AS source_type,
        edges.relation,
        coalesce(dst_entity.name, dst_paper.title, dst_prompt.name, dst_result.label, edges.dst) AS target,
        coalesce(dst_entity.type, substr(edges.dst, 1, instr(edges.dst, ':') - 1)) AS target_type,
        edges.kind, edges.rule, edges.sentence,
        coalesce(doc_paper.title, doc_prompt.name) AS evidence_from, doc_paper.id AS paper_id
        FROM edges
        LEFT JOIN entities AS src_entity ON src_entity.key = edges.src
        LEFT JOIN papers AS src_paper ON edges.src LIKE 'paper:%' AND src_paper.id = CAST(substr(edges.src, 7) AS INTEGER)
        LEFT JOIN prompts AS src_prompt ON edges.src LIKE 'prompt:%' AND src_prompt.id = CAST(substr(edges.src, 8) AS INTEGER)
        LEFT JOIN (SELECT key, trim(value || unit || ' ' || coalesce(metric, '')) AS label FROM results) AS src_result
            ON edges.src LIKE 'result:%' AND src_result.key = edges.src
        LEFT JOIN entities AS dst_entity ON dst_entity.key = edges.dst
        LEFT JOIN papers AS dst_paper ON edges.dst LIKE 'paper:%' AND dst_paper.id = CAST(substr(edges.dst, 7) AS INTEGER)
        LEFT JOIN prompts AS dst_prompt ON edges.dst LIKE 'prompt:%' AND dst_prompt.id = CAST(substr(edges.dst, 8) AS INTEGER)
        LEFT JOIN (SELECT key, trim(value || unit || ' ' || coalesce(metric, '')) AS label FROM results) AS dst_result
            ON edges.dst LIKE 'result:%' AND dst_result.key = edges.dst
        LEFT JOIN papers AS doc_paper ON edges.doc LIKE 'paper:%' AND doc_paper.id = CAST(substr(edges.doc, 7) AS INTEGER)
        LEFT JOIN prompts AS doc_prompt ON edges.doc LIKE 'prompt:%' AND doc_prompt.id = CAST(substr(edges.doc, 8) AS INTEGER)""",
)

_FTS_AS_SQLITE_UTILS = (
    # papers_fts remade the way sqlite-utils' table.enable_fts(["title", "abstract", "sections_text"],
    # fts_version="FTS5", tokenize="porter", create_triggers=True) makes it (content=[papers], triggers
    # papers_ai/ad/au), so `sqlite-utils search kg.db papers ...` and Datasette's search box find it.
    # remove_diacritics stays on: "Schrödinger" and "Schrodinger" are the same word to a reader.
    "DROP TRIGGER IF EXISTS papers_ai",
    "DROP TRIGGER IF EXISTS papers_ad",
    "DROP TRIGGER IF EXISTS papers_au",
    "DROP TABLE IF EXISTS papers_fts",
    """CREATE VIRTUAL TABLE [papers_fts] USING FTS5 (
    [title], [abstract], [sections_text],
    tokenize='porter unicode61 remove_diacritics 2',
    content=[papers]
)""",
    """CREATE TRIGGER [papers_ai] AFTER INSERT ON [papers] BEGIN
  INSERT INTO [papers_fts] (rowid, [title], [abstract], [sections_text]) VALUES (new.rowid, new.[title], new.[abstract], new.[sections_text]);
END""",
    """CREATE TRIGGER [papers_ad] AFTER DELETE ON [papers] BEGIN
  INSERT INTO [papers_fts] ([papers_fts], rowid, [title], [abstract], [sections_text]) VALUES('delete', old.rowid, old.[title], old.[abstract], old.[sections_text]);
END""",
    """CREATE TRIGGER [papers_au] AFTER UPDATE ON [papers] BEGIN
  INSERT INTO [papers_fts] ([papers_fts], rowid, [title], [abstract], [sections_text]) VALUES('delete', old.rowid, old.[title], old.[abstract], old.[sections_text]);
  INSERT INTO [papers_fts] (rowid, [title], [abstract], [sections_text]) VALUES (new.rowid, new.[title], new.[abstract], new.[sections_text]);
END""",
    "INSERT INTO [papers_fts] ([papers_fts]) VALUES ('rebuild')",
)

_VECTORS = (
    # Sentence vectors of papers, prompts and task/model/dataset nodes (kg.index). `key` is the node
    # key ('paper:12', 'prompt:3', 'task:face parsing'), `part` 0 for the node's own text and 1.. for
    # a paper's Q&A sections as passages. `vector` holds the int8 codes of an L2-normalised vector
    # (kg.index.vectors; float32 values, little-endian, in an index without the 'index.format' setting);
    # `content_hash` is the sha1 of the embedded text and the model, so a rebuild embeds only changes.
    """CREATE TABLE vectors (
        key TEXT NOT NULL,
        part INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (key, part)
    )""",
)

_VECTOR_CELLS = (
    # Cells of a large kind of vectors (kg.index.cells): a question reads the vectors of the cells
    # whose centroids are nearest it. `cell` is NULL for a kind too small to need cells.
    "ALTER TABLE vectors ADD COLUMN cell INTEGER",
    "CREATE INDEX vectors_cell ON vectors (cell)",
    # One row per cell of a kind ('paper', ...): its centroid (int8 codes, like vectors) and size.
    """CREATE TABLE vector_cells (
        kind TEXT NOT NULL,
        cell INTEGER NOT NULL,
        size INTEGER NOT NULL,
        centroid BLOB NOT NULL,
        PRIMARY KEY (kind, cell)
    )""",
)

_REREAD_NOTES = (
    # kg.text.clean_markdown joins a section's paragraphs with a blank line (a sentence ends there), no
    # longer with one line break; sections stored the old way no longer match their raw text's cleaning,
    # and quotes across a paragraph break would be lost. Forgetting the notes' file digests makes the
    # next ingest (kg build) read them again: new section text, and the NLP pass runs on it again.
    "UPDATE sources SET sha256 = '' WHERE format = 'paper-qa'",
)

_SOURCE_ROOTS = (
    # the folder a file was found in (resolved), so a rebuild of that folder can tell which of its files are gone;
    # NULL for a file named on its own and for sources read before this migration (until read again)
    "ALTER TABLE sources ADD COLUMN root TEXT",
)

_NO_HUB_PAGES = (
    # a hub model's page address (huggingface.co/<repo>) was made from its id, not read in the corpus: no output
    # shows it, so the database keeps none either
    "ALTER TABLE models DROP COLUMN url",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "corpus tables and full-text search", _CORPUS),
    Migration(2, "graph: entities, aliases, edges, mentions", _GRAPH),
    Migration(3, "paper resolutions", _RESOLUTIONS),
    Migration(4, "links; evidence offsets into the raw text", _LINKS),
    Migration(5, "results: numbers papers report", _RESULTS),
    Migration(6, "browsing views: paper_tasks, paper_models, task_papers, edges_named", _BROWSING_VIEWS),
    Migration(7, "papers_fts as sqlite-utils makes it", _FTS_AS_SQLITE_UTILS),
    Migration(8, "sentence vectors", _VECTORS),
    Migration(9, "cells of large vector kinds", _VECTOR_CELLS),
    Migration(10, "Q&A notes read again: a section's paragraphs joined by a blank line", _REREAD_NOTES,
              needed_to_read=False),
    Migration(11, "sources remember the folder they were found in", _SOURCE_ROOTS, needed_to_read=False),
    Migration(12, "hub models keep no page address made from their id", _NO_HUB_PAGES, needed_to_read=False),
)
#: The schema a database must have to be read: the last migration reading needs.
SCHEMA_VERSION = max(m.version for m in MIGRATIONS if m.needed_to_read)
