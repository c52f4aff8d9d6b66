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
    from kg.index.search import index_status

    counts.update(index_status(db.conn))
    return counts


def search_papers(query: str, *, db_path=None, db=None, limit: int = 10) -> list[dict]:
    """Full-text search over titles, abstracts and sections; any text is a safe query."""
    from kg.store.queries import search_papers as _search

    db = db or open_database(db_path)
    return _search(db.conn, query, limit)


def show_paper(ident: str, *, db_path=None, db=None) -> dict:
    """One paper with its sources, prompts, sections, arXiv id resolutions made by `kg enrich`
    (``resolutions``) and, once the graph is built, its edges."""
    from kg.store import queries

    db = db or open_database(db_path)
    paper = queries.find_paper(db.conn, ident)
    paper["sources"] = queries.rows(db.conn, queries.PAPER_SOURCES, (paper["id"],))
    paper["prompts"] = queries.rows(db.conn, queries.PAPER_PROMPTS, (paper["id"],))
    paper["sections"] = queries.rows(db.conn, queries.PAPER_SECTIONS, (paper["id"],))
    paper["resolutions"] = queries.rows(db.conn, queries.PAPER_RESOLUTIONS, (paper["id"],))
    if "edges" in db.table_names():
        paper["edges"] = paper_edges(paper["id"], db=db)
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


@dataclass
class BuildReport:
    """What `kg build` did: the ingest report, the NLP pass and the graph's size."""

    ingest: IngestReport
    documents: int = 0
    unchanged_documents: int = 0
    mentions: int = 0
    nodes: int = 0
    edges: int = 0
    timings: dict = field(default_factory=dict)  # seconds: ingest, nlp, graph, embed
    embedding: dict = field(default_factory=dict)  # model, embedded, unchanged, removed (kg.index.build)

    def to_dict(self) -> dict:
        data = self.ingest.to_dict()
        data.pop("files")
        return {"ingest": data, "documents": self.documents, "unchanged_documents": self.unchanged_documents,
                "mentions": self.mentions, "nodes": self.nodes, "edges": self.edges, "timings": self.timings,
                "embedding": self.embedding}


def build(paths=None, *, db_path=None, db=None, jobs: int = 1, model: str | None = None,
          progress=None, ingest_progress=None, skip_errors: bool = False, snapshot_filter=None,
          embed_progress=None) -> BuildReport:
    """Ingest `paths` (default: the embedded corpus), run the NLP pass, compute graph statistics, embed.

    Only documents whose content changed are re-processed (and re-embedded). `progress(done, total)`
    is called during the NLP pass, `embed_progress(done, total)` during the embedding stage.

    >>> import tempfile, os
    >>> report = build(db_path=os.path.join(tempfile.mkdtemp(), "kg.db"))
    >>> report.nodes > 100
    True
    """
    import time

    from kg.config import EMBEDDED_CORPUS
    from kg.graph import store_stats, table_stats
    from kg.nlp.annotate import run_pass
    from kg.store import transaction

    db = db or open_database(db_path, create=True)
    started = time.perf_counter()
    ingested = ingest(paths or [EMBEDDED_CORPUS], db=db, skip_errors=skip_errors,
                      snapshot_filter=snapshot_filter, progress=ingest_progress)
    timings = {"ingest": time.perf_counter() - started}
    with transaction(db):
        started = time.perf_counter()
        passed = run_pass(db, jobs=jobs, model=model, progress=progress)
        timings["nlp"] = time.perf_counter() - started
        started = time.perf_counter()
        changed = passed.documents > 0 or ingested.changed or not db.conn.execute("SELECT 1 FROM node_stats LIMIT 1").fetchone()
        if changed:  # from the tables: the attributed networkx graph is never built here
            store_stats(db, table_stats(db))
        db.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('nlp.model', ?)", (model or "blank:en",))
    timings["graph"] = time.perf_counter() - started  # includes the commit
    started = time.perf_counter()
    embedded = embed(db=db, progress=embed_progress)
    timings["embed"] = time.perf_counter() - started
    nodes = db.conn.execute("SELECT count(*) FROM node_stats").fetchone()[0]
    edges = db.conn.execute("SELECT count(*) FROM edges").fetchone()[0]
    timings = {name: round(seconds, 3) for name, seconds in timings.items()}
    return BuildReport(ingested, passed.documents, passed.skipped, passed.mentions, nodes, edges, timings,
                       embedded.to_dict())


def embed(*, db_path=None, db=None, progress=None):
    """The embedding stage of :func:`build`: embed new and changed papers, prompts and nodes.

    In lexical mode (``KG_EMBED_MODEL=none``, or the ``semantic`` extra not installed) nothing is
    embedded and the report's ``model`` is None. Returns an :class:`kg.index.build.EmbedReport`.

    >>> import os, tempfile; os.environ["KG_EMBED_MODEL"] = "none"
    >>> embed(db_path=os.path.join(tempfile.mkdtemp(), "kg.db")).model is None
    True
    >>> del os.environ["KG_EMBED_MODEL"]
    """
    from kg.index.build import embed_index
    from kg.index.encoder import load_encoder
    from kg.store import transaction

    db = db or open_database(db_path, create=True)
    encoder = load_encoder()
    with transaction(db):
        return embed_index(db, encoder, progress=progress)


def extract(text: str, *, title: bool = False, model: str | None = None) -> list[dict]:
    """Entities in any text: ``[{"text", "type", "start", "end", "canonical"}]``, offsets into `text`.

    >>> [e["canonical"] for e in extract("Face parsing with NeRF.") if e["type"] != "metric"][:2]
    ['face parsing', 'NeRF']
    """
    from kg.nlp.pipeline import extract as _extract

    return [{"text": m.text, "type": m.type, "start": m.start, "end": m.end, "canonical": m.name, "rule": m.rule}
            for m in _extract(text, title=title, model=model).mentions]


def entities(*, db_path=None, db=None, type: str | None = None, limit: int | None = None) -> list[dict]:
    """Graph nodes found by the NLP pass, most mentioned first, with their aliases."""
    from kg.store.queries import rows

    db = db or open_database(db_path)
    sql = """SELECT entities.id, key, type, name, mentions, in_vocabulary, definition, url,
             coalesce(node_stats.degree, 0) AS degree, coalesce(node_stats.pagerank, 0) AS pagerank
             FROM entities LEFT JOIN node_stats USING (key) WHERE (:type IS NULL OR type = :type)
             ORDER BY mentions DESC, degree DESC, key LIMIT :limit"""
    found = rows(db.conn, sql, {"type": type, "limit": limit or -1})
    for entity in found:
        entity["aliases"] = [{"alias": a, "count": c} for a, c in db.conn.execute(
            "SELECT alias, count FROM aliases WHERE entity_id = ? ORDER BY count DESC, alias", (entity.pop("id"),))]
        entity["in_vocabulary"] = bool(entity["in_vocabulary"])
    return found


def paper_edges(paper_id: int, *, db) -> list[dict]:
    """The edges whose evidence comes from one paper, with their sentences."""
    from kg.store.queries import rows

    return rows(db.conn, """SELECT src, relation, dst, kind, rule, field, sentence, start, end FROM edges
                WHERE doc = ? OR src = ? OR dst = ? ORDER BY relation, dst, id""",
                (f"paper:{paper_id}", f"paper:{paper_id}", f"paper:{paper_id}"))


def export(format: str, output, *, db_path=None, db=None, around: str | None = None, depth: int = 1,
           types=None, question: str | None = None, prompt: str | None = None, force: bool = False,
           max_nodes: int | None = None, options: dict | None = None):
    """Export a subgraph as graphml, gexf, json, csv (a folder), markdown, png or svg; see :mod:`kg.export`.

    The subgraph is the answer subgraph of `question` (or of the question `prompt`
    file, answered from its own list), else `depth` hops around `around` (a node key
    or text matching labels and aliases), else the whole graph; `types` keeps only
    nodes of those types. The output path is checked before any work; an existing
    file is refused unless `force`. Returns a :class:`kg.export.ExportReport`.
    """
    import kg
    from kg import export as ex
    from kg.errors import ExportError

    ex.check_output(output, format, force=force)
    if (question or prompt) and around:
        raise ExportError("give --around or --question/--prompt, not both")
    db = db or open_database(db_path)
    types = set(types) if types else None
    answer, seeds, title = None, [], None
    if question or prompt:
        from kg.answer.graph import answer_subgraph

        answer = ask_prompt(prompt, db=db) if prompt else ask(question, db=db)
        subgraph = answer_subgraph(answer, db)
        if types:
            subgraph = subgraph.subgraph([n for n, t in subgraph.nodes(data="type") if t in types]).copy()
        asked = answer.question
        seeds = [t.key for t in answer.tasks[:1]]
        title = "kg report: " + (Path(prompt).stem.replace("_", " ") + " prompt" if prompt else "a question")
    else:
        # chosen in SQL: only the exported nodes are loaded, whatever the size of the knowledge base
        subgraph, seeds = ex.select_from_db(db, around=around, depth=depth, types=types, max_nodes=max_nodes)
        asked = (f"the subgraph within {depth} hop(s) of {around!r}" if around else "the whole knowledge graph") + \
            (f", nodes of type {', '.join(sorted(types))}" if types else "")
        title = f"kg report: {around}" if around else "kg report"
    if subgraph.number_of_nodes() == 0:
        from kg.errors import EmptySubgraph
        raise EmptySubgraph("the subgraph is empty: the answer names no graph node"
                            + (" of those --types" if types else "") + " — try --around instead")
    if options is None:
        options = {"format": format, "output": str(output), "around": around, "depth": depth,
                   "types": sorted(types) if types else None, "question": question, "prompt": prompt,
                   "force": force, "max_nodes": max_nodes}
    meta = {"kg_version": kg.__version__, "command": "kg export", "options": options,
            "asked": asked, "sources": ex.corpus_sources(db),
            "nodes": subgraph.number_of_nodes(), "edges": subgraph.number_of_edges()}
    return ex.export_subgraph(subgraph, format, output, meta=meta, asked=asked, answer=answer, seeds=seeds,
                              title=title, force=force)


def graph_html(output="kg-graph.html", *, db_path=None, db=None, around: str | None = None, depth: int = 1,
               types=None, max_nodes: int | None = 300, answer=None, graph=None, title: str | None = None,
               report: Callable[[str], None] | None = None) -> Path:
    """Write the knowledge graph as one self-contained, offline HTML page and return its path.

    The whole graph capped at `max_nodes` (highest PageRank kept), or the
    `depth`-hop neighbourhood of `around` (a node key or text matching labels and
    aliases), or the subgraph behind an `answer` of :func:`ask`; `types` keeps only
    those node types. `report` receives sentences saying what was left out.
    In a notebook, show the page with ``kg.viz.notebook_view(path)``.
    """
    from kg import viz

    if answer is not None:
        subgraph = answer_subgraph(answer, db or open_database(db_path))
        selection = viz.select_graph(subgraph, types=types, max_nodes=max_nodes)
        title = title or f"kg: {getattr(answer, 'question', 'answer')}"
    else:
        if graph is not None:
            selection = viz.select_graph(graph, around=around, depth=depth, types=types, max_nodes=max_nodes)
        else:  # chosen in SQL: only the drawn nodes are loaded, whatever the size of the knowledge base
            selection = viz.select_from_db(db or open_database(db_path), around=around, depth=depth, types=types,
                                           max_nodes=max_nodes)
        title = title or (f"kg graph around {around}" if around else "kg graph")
    if report:
        for note in selection.notes():
            report(note)
    return viz.write_html(selection.graph, output, title=title)


def evaluate_extraction(path, *, limit: int | None = None, model: str | None = None, batch_size: int = 64):
    """Score :func:`extract` against an annotated SciERC (DyGIE json) or TDMSci (CoNLL) file.

    Returns an :class:`kg.evaluation.extraction.ExtractionReport`: precision, recall
    and F1 per type, exact and overlap match; `limit` scores only the first documents.

    >>> from kg.evaluation.extraction import AnnotatedDoc  # doctest: +SKIP
    >>> report = evaluate_extraction("../shared/eval/scierc_dev.json", limit=5)  # doctest: +SKIP
    >>> sorted(report.per_type)  # doctest: +SKIP
    ['dataset', 'metric', 'model', 'task']
    """
    import itertools

    from kg.evaluation.extraction import read_annotated, score_extraction
    from kg.nlp.pipeline import extract_many

    docs = read_annotated(path)
    if limit is not None:
        docs = itertools.islice(docs, limit)

    def spans(texts):
        return [[(m.start, m.end, m.type) for m in result.mentions] for result in extract_many(texts, model=model)]

    return score_extraction(docs, spans, batch_size=batch_size)


# --- ask: answers by walking the graph (kg.answer) -------------------------------------------

def _answer_database(db_path=None, db=None, *, build_if_missing: bool = True, notify=None):
    """The database to answer from; the default one is built from the embedded corpus on first use."""
    if db is not None:
        return db
    path = resolve_db(db_path)
    if not path.exists() and build_if_missing:
        if notify:
            notify(f"no knowledge base at {path}: building it from the embedded corpus first")
        path.parent.mkdir(parents=True, exist_ok=True)
        build(db_path=path)
    elif not path.exists():
        from kg.errors import NoDatabase

        raise NoDatabase(f'no knowledge base at {path} — run "kg build --db {path}" first')
    return open_database(path)


def ask(question: str, *, db_path=None, db=None, top: int = 5, notify=None):
    """Answer a question in plain words from the knowledge base: task, workflow, papers and tools.

    Returns an :class:`kg.answer.model.Answer` (``to_dict()`` gives the JSON of ``kg ask --format json``).
    When the default database does not exist it is built from the embedded corpus first
    (`notify` is told so).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "kg.db")
    >>> _ = build(db_path=path)
    >>> answer = ask("Which dataset separates skin, teeth and hair in portraits?", db_path=path)
    >>> answer.abstained, sorted(answer.to_dict())[:3]
    (False, ['abstained', 'datasets', 'models'])
    """
    from kg.answer.compose import answer_question

    db = _answer_database(db_path, db, notify=notify)
    return answer_question(db, question, top=top)


def ask_prompt(prompt: str, *, db_path=None, db=None, top: int = 5, notify=None):
    """Answer a question-prompt file (a path, or a corpus prompt's name) from its own listed models and papers.

    Each listed paper is marked relevant or not, with the reason.
    """
    from kg.answer.prompt import answer_prompt

    db = _answer_database(db_path, db, notify=notify)
    return answer_prompt(db, prompt, top=top)


def answer_subgraph(answer, db=None, *, db_path=None):
    """The part of the graph an answer rests on, as a networkx MultiDiGraph (for ``kg ask --graph``).

    Nodes: ``question``, and the answer's tasks, papers, models and datasets (typed, labelled);
    edges: question → matched tasks and seed papers, and the graph edges walked between them.
    """
    from kg.answer.graph import answer_subgraph as _subgraph

    return _subgraph(answer, db or open_database(db_path))


def evaluate_questions(path, *, db_path=None, db=None, top: int = 5, notify=None, corpus=None):
    """Score ``ask`` on a JSONL file of questions: task@1, recall@5, MRR and grounding, per question and overall."""
    from kg.evaluation.questions import evaluate

    db = _answer_database(db_path, db, notify=notify)
    return evaluate(path, db, top=top, corpus=corpus)
