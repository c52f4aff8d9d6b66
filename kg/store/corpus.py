"""Writing ingested records: one paper one row, every source recorded.

Papers are deduplicated by arXiv id, else by normalised title, and fields from
several sources are merged (the first value of a field wins; missing ones are
filled in). Callers wrap a whole command in :func:`kg.store.db.transaction`.
"""
from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field

from kg.records import HubModel, Paper, Prompt
from kg.store.db import now
from kg.store.keys import IN_VALUES, values_param
from kg.store.queries import forget_setting, set_setting, setting
from kg.text import normalise_title

SELECT_SOURCE = "SELECT id, sha256 FROM sources WHERE path = ?"
#: settings key (+ the source's path) of the snapshot filters a source's records were read through
SELECTION_KEY = "ingest.selection:"
SOURCES_WITH_CONTENT = "SELECT id, path FROM sources WHERE sha256 = ?"
RENAME_SOURCE = "UPDATE sources SET path = ? WHERE id = ?"
INSERT_SOURCE = "INSERT INTO sources (path, sha256, format, size, ingested_at, root) VALUES (?, ?, ?, ?, ?, ?)"
# (a file named on its own keeps the folder it was last found in: reading it by name does not take it out)
UPDATE_SOURCE = "UPDATE sources SET sha256 = ?, format = ?, size = ?, ingested_at = ?, root = coalesce(?, root) WHERE id = ?"
SET_SOURCE_ROOT = "UPDATE sources SET root = :root WHERE path = :path AND :root IS NOT NULL AND root IS NOT :root"
SOURCE_FOLDERS = "SELECT DISTINCT root FROM sources WHERE root IS NOT NULL"
# the papers, prompts and models the sources of some paths hold, as distinct (kind, id) rows: one pass per table
KEPT_RECORDS = f"""WITH kept AS (SELECT id FROM sources WHERE path IN ({IN_VALUES}))
    SELECT DISTINCT 'papers', paper_id FROM paper_sources WHERE source_id IN (SELECT id FROM kept)
    UNION SELECT 'prompts', id FROM prompts WHERE source_id IN (SELECT id FROM kept)
    UNION SELECT DISTINCT 'models', model_id FROM model_sources WHERE source_id IN (SELECT id FROM kept)"""
# the papers a source holds, and the other sources of those papers
SOURCE_PAPERS = "SELECT paper_id FROM paper_sources WHERE source_id = :source"
MARK_SOURCE_CHANGED = "UPDATE sources SET sha256 = '' WHERE id = ?"
# what the NLP pass reads of a paper (its content hash): its text and the links of its url and github columns
HASHED_FIELDS = "SELECT title, abstract, sections_text, url, github FROM papers WHERE id = ?"
# the other sources of the papers a source holds
SHARING_SOURCES = """SELECT DISTINCT sources.id, sources.path FROM paper_sources AS held
    JOIN paper_sources AS other ON other.paper_id = held.paper_id AND other.source_id != held.source_id
    JOIN sources ON sources.id = other.source_id WHERE held.source_id = ?"""
# a paper that no source holds but those being read again
SELECT_PAPER_HAS_OTHER_SOURCE = f"SELECT 1 FROM paper_sources WHERE paper_id = ? AND source_id NOT IN ({IN_VALUES}) LIMIT 1"
DELETE_SOURCE_PROMPTS = "DELETE FROM prompts WHERE source_id = :source"
DELETE_SOURCE = "DELETE FROM sources WHERE id = :source"
# the sources last found in a folder or in one below it (`:root` is resolved, no trailing slash)
SOURCES_IN_FOLDER = """SELECT id, path FROM sources WHERE root = :root OR substr(root, 1, length(:root) + 1) = :root || '/'
    ORDER BY path"""
SET_SOURCE_RECORDS = "UPDATE sources SET records = ? WHERE id = ?"
SELECT_PAPER_BY_ARXIV = "SELECT * FROM papers WHERE arxiv_id = ?"
SELECT_PAPER_BY_TITLE = "SELECT * FROM papers WHERE title_norm = ? ORDER BY arxiv_id IS NULL, id LIMIT 1"
SELECT_PAPER_BY_TITLE_NO_ID = "SELECT * FROM papers WHERE title_norm = ? AND arxiv_id IS NULL ORDER BY id LIMIT 1"
INSERT_PAPER = """INSERT INTO papers (arxiv_id, title, title_norm, abstract, raw_title, raw_abstract,
    url, github, authors, categories, published, content_hash)
    VALUES (:arxiv_id, :title, :title_norm, :abstract, :raw_title, :raw_abstract,
    :url, :github, :authors, :categories, :published, :content_hash)"""
INSERT_PAPER_SOURCE = "INSERT OR IGNORE INTO paper_sources (paper_id, source_id, line) VALUES (?, ?, ?)"
INSERT_SECTION = """INSERT OR IGNORE INTO sections (paper_id, position, heading, text, raw_text, source_id, line)
    VALUES (?, ?, ?, ?, ?, ?, ?)"""
SELECT_SECTIONS_TEXT = "SELECT heading, text FROM sections WHERE paper_id = ? ORDER BY source_id, position"
SELECT_PROMPT = "SELECT id FROM prompts WHERE source_id = ?"
INSERT_PROMPT = "INSERT INTO prompts (name, question, text, source_id, line) VALUES (?, ?, ?, ?, ?)"
UPDATE_PROMPT = "UPDATE prompts SET name = ?, question = ?, text = ?, line = ? WHERE id = ?"
SELECT_MODEL = "SELECT id, paper_url FROM models WHERE key = ?"
INSERT_MODEL = """INSERT INTO models (key, raw_id, category, hub, repo, paper_url) VALUES (?, ?, ?, ?, ?, ?)"""
INSERT_MODEL_SOURCE = "INSERT OR IGNORE INTO model_sources (model_id, source_id, line) VALUES (?, ?, ?)"
INSERT_PROMPT_MODEL = "INSERT OR IGNORE INTO prompt_models (prompt_id, model_id, position) VALUES (?, ?, ?)"
INSERT_PROMPT_PAPER = "INSERT OR IGNORE INTO prompt_papers (prompt_id, paper_id, position, line) VALUES (?, ?, ?, ?)"
FORGET_SOURCE = (
    "DELETE FROM paper_sources WHERE source_id = :source",
    # a paper whose sections are read again gets new section ids: its evidence must be made again
    "DELETE FROM nlp_state WHERE doc IN (SELECT DISTINCT 'paper:' || paper_id FROM sections WHERE source_id = :source)",
    "DELETE FROM sections WHERE source_id = :source",
    "DELETE FROM model_sources WHERE source_id = :source",
    "DELETE FROM prompt_models WHERE prompt_id IN (SELECT id FROM prompts WHERE source_id = :source)",
    "DELETE FROM prompt_papers WHERE prompt_id IN (SELECT id FROM prompts WHERE source_id = :source)",
)
DELETE_ORPHAN_PAPERS = """DELETE FROM papers WHERE id NOT IN (SELECT paper_id FROM paper_sources)"""
DELETE_ORPHAN_MODELS = """DELETE FROM models WHERE id NOT IN (SELECT model_id FROM model_sources)"""

# Fields filled in from a later source when the stored paper lacks them.
_MERGED_FIELDS = ("arxiv_id", "url", "github", "authors", "categories", "published", "abstract", "raw_abstract")
# Fields taken from the record when every source of the stored paper is being re-read (its file changed).
_REPLACED_FIELDS = ("title", "title_norm", "raw_title") + _MERGED_FIELDS


@dataclass
class Counts:
    """How many records a command added, changed and found as they were."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # no source holds them any more (a file edited, or read through other filters)

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class WriteCounts:
    papers: Counts = field(default_factory=Counts)
    prompts: Counts = field(default_factory=Counts)
    models: Counts = field(default_factory=Counts)


class CorpusWriter:
    """Writes records of one command into `db` (the caller holds the transaction)."""

    def __init__(self, db):
        self.conn = db.conn
        self.counts = WriteCounts()
        self.rereading: set[int] = set()  # sources this command reads again and has not read yet: see plan_rereads
        self.kept: list[str] = []  # the paths of the unchanged sources
        self.counted: set[tuple[str, int]] = set()  # the records the files read were counted for

    @contextlib.contextmanager
    def file_savepoint(self):
        """One corpus file's rows: all of them land, or (on any error, re-raised) none."""
        conn = self.conn
        conn.execute("SAVEPOINT kg_file")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO kg_file")
            conn.execute("RELEASE kg_file")
            raise
        conn.execute("RELEASE kg_file")

    def source_state(self, relative: str, sha256: str, selection: str = "") -> str:
        """'unchanged' when this exact file was ingested before with the same `selection` (the snapshot filters
        its records were read through, "" for all), 'changed' or 'new' otherwise."""
        row = self.conn.execute(SELECT_SOURCE, (relative,)).fetchone() or self._adopt_working_folder_path(relative, sha256)
        if row is None:
            return "new"
        same = row[1] == sha256 and (setting(self.conn, SELECTION_KEY + relative) or "") == selection
        return "unchanged" if same else "changed"

    def _adopt_working_folder_path(self, path: str, sha256: str):
        """An older kg recorded a file named on the command line relative to the working folder ("x.jsonl"): the
        same content under a path that `path` (now absolute) ends with is that source, renamed to `path`."""
        from pathlib import PurePath

        if not PurePath(path).is_absolute():
            return None
        for source_id, old in self.conn.execute(SOURCES_WITH_CONTENT, (sha256,)).fetchall():
            if not PurePath(old).is_absolute() and path.endswith("/" + old):
                self.conn.execute(RENAME_SOURCE, (path, source_id))
                selection = setting(self.conn, SELECTION_KEY + old)
                if selection is not None:
                    set_setting(self.conn, SELECTION_KEY + path, selection)
                    forget_setting(self.conn, SELECTION_KEY + old)
                return self.conn.execute(SELECT_SOURCE, (path,)).fetchone()
        return None

    def begin_source(self, relative: str, sha256: str, format_name: str, size: int, selection: str = "",
                     root: str | None = None) -> int:
        if selection:
            set_setting(self.conn, SELECTION_KEY + relative, selection)
        else:
            forget_setting(self.conn, SELECTION_KEY + relative)
        row = self.conn.execute(SELECT_SOURCE, (relative,)).fetchone()
        if row is None:
            return self.conn.execute(INSERT_SOURCE, (relative, sha256, format_name, size, now(), root)).lastrowid
        source_id = row[0]
        self.conn.execute(UPDATE_SOURCE, (sha256, format_name, size, now(), root, source_id))
        for statement in FORGET_SOURCE:
            self.conn.execute(statement, {"source": source_id})
        self.rereading.discard(source_id)  # being read now: its own rows hold what it has read (a paper listed twice)
        return source_id

    def folders(self) -> list[str]:
        """The folders files were found in (resolved paths)."""
        return [row[0] for row in self.conn.execute(SOURCE_FOLDERS)]

    def keep_source(self, relative: str, root: str | None) -> None:
        """An unchanged file: remember the folder it was found in now; :meth:`finish` counts its records as unchanged."""
        self.conn.execute(SET_SOURCE_ROOT, {"root": root, "path": relative})
        self.kept.append(relative)

    def forget_missing(self, root: str, present: set[str]) -> list[str]:
        """Forget the sources found in folder `root` (or below it) before whose files it no longer holds (deleted,
        renamed), before any file is read: their papers, prompts and models go in :meth:`finish` unless another
        source holds them; the other files of their papers count as changed, so reading them again makes those
        papers what a fresh build makes; their sections go now. The paths forgotten."""
        gone = [(source_id, path) for source_id, path in self.conn.execute(SOURCES_IN_FOLDER, {"root": root})
                if path not in present]
        for source_id, path in gone:
            papers = [row[0] for row in self.conn.execute(SOURCE_PAPERS, {"source": source_id})]
            self.conn.executemany(MARK_SOURCE_CHANGED, [(other,) for other, _ in
                                                        self.conn.execute(SHARING_SOURCES, (source_id,)).fetchall()])
            for statement in FORGET_SOURCE:
                self.conn.execute(statement, {"source": source_id})
            forget_setting(self.conn, SELECTION_KEY + path)
            self.counts.prompts.removed += self.conn.execute(DELETE_SOURCE_PROMPTS, {"source": source_id}).rowcount
            self.conn.execute(DELETE_SOURCE, {"source": source_id})
            for paper_id in papers:
                if self._refresh_sections_text(paper_id):
                    self._rehash(paper_id)
        return [path for _, path in gone]

    def plan_rereads(self, changed: list[str], present: set[str]) -> set[str]:
        """The files of this command (`present`) that share a paper with a changed one are read again too, and a
        paper all of whose files are read again is made from them as a fresh build makes it: the first file's
        values, the others filling gaps (an edit to a paper two files hold was ignored). The paths to read again."""
        again = set(changed)
        for path in changed:
            row = self.conn.execute(SELECT_SOURCE, (path,)).fetchone()
            if row:
                again |= {other for _, other in self.conn.execute(SHARING_SOURCES, (row[0],)) if other in present}
        self.rereading = {row[0] for row in (self.conn.execute(SELECT_SOURCE, (path,)).fetchone() for path in again) if row}
        return again

    def done_reading(self, path: str) -> None:
        """A file of :meth:`plan_rereads` that could not be read: its old rows stay, and count again."""
        row = self.conn.execute(SELECT_SOURCE, (path,)).fetchone()
        if row:
            self.rereading.discard(row[0])

    def end_source(self, source_id: int, records: int) -> None:
        self.rereading.discard(source_id)
        self.conn.execute(SET_SOURCE_RECORDS, (records, source_id))

    def finish(self) -> None:
        """Count the records of unchanged files that no file read counted (once each), and drop papers and models
        no source mentions any more (a file was edited)."""
        if self.kept:
            for kind, record_id in self.conn.execute(KEPT_RECORDS, (values_param(self.kept),)).fetchall():
                if (kind, record_id) not in self.counted:
                    getattr(self.counts, kind).unchanged += 1
        self.conn.execute("DELETE FROM sections WHERE paper_id NOT IN (SELECT paper_id FROM paper_sources)")
        self.counts.papers.removed += self.conn.execute(DELETE_ORPHAN_PAPERS).rowcount
        self.counts.models.removed += self.conn.execute(DELETE_ORPHAN_MODELS).rowcount

    def add_paper(self, paper: Paper, source_id: int, *, count: bool = True) -> int:
        existing = self._find_paper(paper)
        row = _paper_row(paper)
        if existing is None:
            paper_id = self.conn.execute(INSERT_PAPER, row).lastrowid
            outcome = "new"
        else:
            paper_id = existing["id"]
            # No source left but those read again: the files it came from changed and are being read again, so
            # this record's values replace the stored ones; otherwise the first value wins and gaps are filled in.
            orphaned = self.conn.execute(SELECT_PAPER_HAS_OTHER_SOURCE,
                                         (paper_id, values_param(self.rereading))).fetchone() is None
            if orphaned:
                changes = {name: row[name] for name in _REPLACED_FIELDS if row[name] != existing[name]}
            else:
                changes = {name: row[name] for name in _MERGED_FIELDS if row[name] and not existing[name]}
            outcome = "updated" if changes else "unchanged"
            if changes:
                assignments = ", ".join(f"{name} = :{name}" for name in changes)
                self.conn.execute(f"UPDATE papers SET {assignments} WHERE id = :id", {**changes, "id": paper_id})
        self.conn.execute(INSERT_PAPER_SOURCE, (paper_id, source_id, paper.source.line))
        if paper.sections or (existing is not None and orphaned):
            for position, section in enumerate(paper.sections):
                self.conn.execute(INSERT_SECTION, (paper_id, position, section.heading, section.text,
                                                   section.raw_text, source_id, section.line))
            if self._refresh_sections_text(paper_id) and outcome == "unchanged":
                outcome = "updated"
        if outcome != "unchanged" or existing is None:
            self._rehash(paper_id)
        if count:
            self.counts.papers.add(outcome)
            self.counted.add(("papers", paper_id))
        return paper_id

    def add_prompt(self, prompt: Prompt, source_id: int) -> int:
        row = self.conn.execute(SELECT_PROMPT, (source_id,)).fetchone()
        if row is None:
            prompt_id = self.conn.execute(INSERT_PROMPT, (prompt.name, prompt.question, prompt.text, source_id, prompt.source.line)).lastrowid
            self.counts.prompts.add("new")
        else:
            prompt_id = row[0]
            self.conn.execute(UPDATE_PROMPT, (prompt.name, prompt.question, prompt.text, prompt.source.line, prompt_id))
            self.counts.prompts.add("updated")
        self.counted.add(("prompts", prompt_id))
        for position, model in enumerate(prompt.models):
            model_id = self.add_model(model, source_id)
            self.conn.execute(INSERT_PROMPT_MODEL, (prompt_id, model_id, position))
        for position, paper in enumerate(prompt.papers):
            paper_id = self.add_paper(paper, source_id)
            self.conn.execute(INSERT_PROMPT_PAPER, (prompt_id, paper_id, position, paper.source.line))
        return prompt_id

    def add_model(self, model: HubModel, source_id: int) -> int:
        row = self.conn.execute(SELECT_MODEL, (model.key,)).fetchone()
        if row is None:
            model_id = self.conn.execute(INSERT_MODEL, (model.key, model.raw_id, model.category, model.hub,
                                                        model.repo, model.paper_url)).lastrowid
            self.counts.models.add("new")
        else:
            model_id = row[0]
            if model.paper_url and not row[1]:
                self.conn.execute("UPDATE models SET paper_url = ? WHERE id = ?", (model.paper_url, model_id))
                self.counts.models.add("updated")
            else:
                self.counts.models.add("unchanged")
        self.counted.add(("models", model_id))
        self.conn.execute(INSERT_MODEL_SOURCE, (model_id, source_id, model.source.line))
        return model_id

    def _find_paper(self, paper: Paper):
        self.conn.row_factory = _dict_row
        try:
            title_norm = normalise_title(paper.title)
            if paper.arxiv_id:
                found = self.conn.execute(SELECT_PAPER_BY_ARXIV, (paper.arxiv_id,)).fetchone()
                return found or self.conn.execute(SELECT_PAPER_BY_TITLE_NO_ID, (title_norm,)).fetchone()
            return self.conn.execute(SELECT_PAPER_BY_TITLE, (title_norm,)).fetchone()
        finally:
            self.conn.row_factory = None

    def _refresh_sections_text(self, paper_id: int) -> bool:
        """Make the paper's ``sections_text`` its sections' as stored now; True when that changed it."""
        text = "\n\n".join(f"{h}\n{t}" for h, t in self.conn.execute(SELECT_SECTIONS_TEXT, (paper_id,)))
        row = self.conn.execute("SELECT sections_text FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None or text == row[0]:
            return False
        self.conn.execute("UPDATE papers SET sections_text = ? WHERE id = ?", (text, paper_id))
        return True

    def _rehash(self, paper_id: int) -> None:
        # what the NLP pass reads of a paper: its text and the links of its url and github columns
        read = self.conn.execute(HASHED_FIELDS, (paper_id,)).fetchone()
        digest = hashlib.sha256("\0".join(value or "" for value in read).encode()).hexdigest()
        self.conn.execute("UPDATE papers SET content_hash = ? WHERE id = ?", (digest, paper_id))


def _dict_row(cursor, row):
    return {description[0]: value for description, value in zip(cursor.description, row)}


def _paper_row(paper: Paper) -> dict:
    return {
        "arxiv_id": paper.arxiv_id, "title": paper.title, "title_norm": normalise_title(paper.title),
        "abstract": paper.abstract, "raw_title": paper.raw_title or paper.title,
        "raw_abstract": paper.raw_abstract or paper.abstract, "url": paper.url, "github": paper.github,
        "authors": paper.authors, "categories": paper.categories, "published": paper.published,
        "content_hash": "",
    }
