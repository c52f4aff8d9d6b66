"""The public functions the CLI and notebooks call.

Each function takes a database path (or an open database), does one job as
one transaction, and returns plain records; none of them prints.

>>> import tempfile, os
>>> db_path = os.path.join(tempfile.mkdtemp(), "kg.db")
>>> report = ingest(["corpus/"], db_path=db_path)
>>> stats(db_path)["papers"]
71
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from kg.config import default_db_path
from kg.errors import IngestFailed, InputError, KgError, UnknownFormat


@dataclass
class FileOutcome:
    """What happened to one file: ingested, unchanged, skipped (no known format) or failed."""

    path: str
    status: str
    format: str | None = None
    records: int = 0
    message: str = ""


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    papers: dict = field(default_factory=dict)
    prompts: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def changed(self) -> bool:
        return any(c.get("new") or c.get("updated") for c in (self.papers, self.prompts, self.models))

    def to_dict(self) -> dict:
        return {
            "files": [asdict(f) for f in self.files],
            "papers": self.papers, "prompts": self.prompts, "models": self.models,
            "ingested": self.count("ingested"), "unchanged": self.count("unchanged"),
            "skipped": self.count("skipped"), "failed": self.count("failed"),
        }


def resolve_db(db_path=None) -> Path:
    return Path(db_path) if db_path else default_db_path()


def open_database(db_path=None, *, create: bool = False):
    """Open the knowledge base at `db_path` (default: $KG_DB / $KG_HOME / user data dir)."""
    from kg.store import open_db

    path = resolve_db(db_path)
    if create and not path.exists() and path == default_db_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    return open_db(path, create=create)


def ingest(paths, *, db_path=None, db=None, format: str | None = None, skip_errors: bool = False,
           snapshot_filter=None, progress: Callable[[int], None] | None = None) -> IngestReport:
    """Read corpus files and folders into the knowledge base, all in one transaction.

    A file named explicitly that has no known format is an error; inside a
    folder it is listed as skipped. Without `skip_errors` any bad file aborts
    the whole command and leaves the database as it was.
    `progress` is called with the number of records read so far.
    """
    from kg.ingest import READERS, arxiv_jsonl, collect_files, detect_format
    from kg.ingest.source import file_sha256
    from kg.store import transaction
    from kg.store.corpus import CorpusWriter

    files = collect_files(paths)
    db = db or open_database(db_path, create=True)
    writer = CorpusWriter(db)
    report = IngestReport()
    failures = []
    records_read = 0
    with transaction(db):
        for corpus_file in files:
            try:
                name = format or detect_format(corpus_file.path)
            except UnknownFormat as error:
                if corpus_file.explicit:
                    failures.append(error)
                    report.files.append(FileOutcome(str(corpus_file.path), "failed", message=str(error)))
                else:
                    report.files.append(FileOutcome(corpus_file.relative, "skipped", message=error.reason))
                continue
            except InputError as error:
                failures.append(error)
                report.files.append(FileOutcome(str(corpus_file.path), "failed", message=str(error)))
                continue
            sha256 = file_sha256(corpus_file.path)
            if writer.source_state(corpus_file.relative, sha256) == "unchanged" and format is None:
                report.files.append(FileOutcome(corpus_file.relative, "unchanged", name))
                continue
            reader = READERS[name]
            db.conn.execute("SAVEPOINT kg_file")
            try:
                source_id = writer.begin_source(corpus_file.relative, sha256, name, corpus_file.path.stat().st_size)
                count = 0
                options = {"keep": snapshot_filter} if reader is arxiv_jsonl and snapshot_filter else {}
                for record in reader.read(corpus_file.path, corpus_file.relative, sha256, **options):
                    if name == "prompt":
                        writer.add_prompt(record, source_id)
                    else:
                        writer.add_paper(record, source_id)
                    count += 1
                    records_read += 1
                    if progress and records_read % 500 == 0:
                        progress(records_read)
                writer.end_source(source_id, count)
            except InputError as error:
                db.conn.execute("ROLLBACK TO kg_file")
                db.conn.execute("RELEASE kg_file")
                failures.append(error)
                report.files.append(FileOutcome(str(corpus_file.path), "failed", name, message=str(error)))
                continue
            db.conn.execute("RELEASE kg_file")
            report.files.append(FileOutcome(corpus_file.relative, "ingested", name, count))
        if failures and not skip_errors:
            raise IngestFailed(failures)
        writer.finish()
    if progress:
        progress(records_read)
    report.papers, report.prompts, report.models = (
        asdict(writer.counts.papers), asdict(writer.counts.prompts), asdict(writer.counts.models))
    return report


def stats(db_path=None, *, db=None) -> dict:
    """Counts of what the knowledge base holds: papers, prompts, models, sources (and more)."""
    from kg.store.queries import COUNT, SOURCES_BY_FORMAT

    db = db or open_database(db_path)
    counts = {name: db.conn.execute(sql).fetchone()[0] for name, sql in COUNT.items()}
    counts["formats"] = {fmt: {"files": files, "records": records or 0}
                         for fmt, files, records in db.conn.execute(SOURCES_BY_FORMAT)}
    if "entities" in db.table_names():
        counts["entities"] = {t: n for t, n in db.conn.execute(
            "SELECT type, count(*) FROM entities GROUP BY type ORDER BY type")}
        counts["edges"] = db.conn.execute("SELECT count(*) FROM edges").fetchone()[0]
    return counts


def search_papers(query: str, *, db_path=None, db=None, limit: int = 10) -> list[dict]:
    """Full-text search over titles, abstracts and sections; any text is a safe query."""
    from kg.store.queries import search_papers as _search

    db = db or open_database(db_path)
    return _search(db.conn, query, limit)


def show_paper(ident: str, *, db_path=None, db=None) -> dict:
    """One paper with its sources, prompts, sections (and graph edges once built)."""
    from kg.store import queries

    db = db or open_database(db_path)
    paper = queries.find_paper(db.conn, ident)
    paper["sources"] = queries.rows(db.conn, queries.PAPER_SOURCES, (paper["id"],))
    paper["prompts"] = queries.rows(db.conn, queries.PAPER_PROMPTS, (paper["id"],))
    paper["sections"] = queries.rows(db.conn, queries.PAPER_SECTIONS, (paper["id"],))
    for name in ("raw_title", "raw_abstract", "sections_text", "title_norm", "content_hash"):
        paper.pop(name, None)
    return paper


__all__ = ["ingest", "stats", "search_papers", "show_paper", "open_database", "KgError"]


def list_papers(*, db_path=None, db=None, limit: int = 10) -> list[dict]:
    """The first `limit` papers in the order they were ingested."""
    from kg.store.queries import rows

    db = db or open_database(db_path)
    return rows(db.conn, "SELECT id, arxiv_id, title, url, github FROM papers ORDER BY id LIMIT ?", (limit,))


def fetch_papers(*, ids=(), query: str | None = None, categories=(), max_results: int | None = 100,
                 corpus=None, db_path=None, api_url: str | None = None, delay: float = 3.0,
                 retries: int = 3, timeout: float = 30.0, page_size: int = 100,
                 progress: Callable[[int], None] | None = None):
    """Fetch papers from the arXiv API into ``<corpus>/fetched/`` and ingest them; see :mod:`kg.fetch`.

    `corpus` defaults to the embedded corpus folder, `api_url` to $KG_ARXIV_API.
    Raises :class:`kg.errors.FetchError` (after keeping what was fetched) when the API fails.
    """
    from kg import fetch
    from kg.config import EMBEDDED_CORPUS

    settings = fetch.ApiSettings(arxiv_api_url(api_url), delay, retries, timeout, page_size)
    return fetch.fetch_papers(ids=ids, query=query, categories=categories, max_results=max_results,
                              corpus=Path(corpus) if corpus else EMBEDDED_CORPUS, settings=settings,
                              db_path=db_path, progress=progress)


def enrich_papers(*, db_path=None, db=None, api_url: str | None = None, delay: float = 3.0, retries: int = 3,
                  timeout: float = 30.0, limit: int | None = None, progress=None):
    """Give papers without an arXiv id the id of the arXiv paper with the same normalised title."""
    from kg import fetch

    settings = fetch.ApiSettings(arxiv_api_url(api_url), delay, retries, timeout, page_size=10)
    db = db or open_database(db_path)
    return fetch.enrich_papers(settings=settings, db=db, limit=limit, progress=progress)


def arxiv_api_url(given: str | None = None) -> str:
    """The arXiv API query endpoint: `given`, else $KG_ARXIV_API, else the public API."""
    import os

    from kg.config import SETTINGS

    default = next(s.default for s in SETTINGS if s.env == "KG_ARXIV_API")
    return (given or os.environ.get("KG_ARXIV_API") or default).rstrip("?")
