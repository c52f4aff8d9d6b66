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

from kg.config import default_db_path, home_db_path
from kg.errors import BinaryFile, EmptyCorpus, IngestFailed, InputError, KgError, UnknownFormat


@dataclass
class FileOutcome:
    """What happened to one file: ingested, unchanged, skipped (no known format), failed, damaged
    (broke off part way; the records before the break were kept), or removed (read from a folder before, no
    longer in it: what only it held is gone). `errors`: bad lines left out."""

    path: str
    status: str
    format: str | None = None
    records: int = 0
    message: str = ""
    errors: list[str] = field(default_factory=list)


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
        return bool(self.count("removed")) or any(c.get("new") or c.get("updated") or c.get("removed")
                                                  for c in (self.papers, self.prompts, self.models))

    def to_dict(self) -> dict:
        return {
            "files": [asdict(f) for f in self.files],
            "papers": self.papers, "prompts": self.prompts, "models": self.models,
            "ingested": self.count("ingested"), "unchanged": self.count("unchanged"),
            "skipped": self.count("skipped"), "failed": self.count("failed"), "damaged": self.count("damaged"),
            "removed": self.count("removed"),
        }


def resolve_db(db_path=None) -> Path:
    return Path(db_path) if db_path else default_db_path()


def open_database(db_path=None, *, create: bool = False):
    """Open the knowledge base at `db_path` (default: $KG_DB / $KG_HOME / user data dir)."""
    from kg.store import open_db

    path = resolve_db(db_path)
    if create and not path.exists() and path == home_db_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    return open_db(path, create=create)


def ingest(paths, *, db_path=None, db=None, format: str | None = None, skip_errors: bool = False,
           snapshot_filter=None, progress: Callable[[int], None] | None = None) -> IngestReport:
    """Read corpus files and folders into the knowledge base, all in one transaction.

    A file named explicitly that has no known format is an error; inside a
    folder it is listed as skipped. Without `skip_errors` any bad file aborts
    the whole command and leaves the database as it was; with it, a bad file is
    left out whole, the bad lines of a JSON Lines file are left out one by one, and
    a compressed file that breaks off keeps the records before the break ('damaged').
    The counts report only what was written. `progress` is called with the number
    of records read so far.
    """
    from kg.ingest import collect_files, detect_format
    from kg.store import transaction
    from kg.store.corpus import CorpusWriter
    from kg.store.state import INGESTED, mark

    if db is None and resolve_db(db_path).exists():
        db = open_database(db_path, create=True)
    known_folders = CorpusWriter(db).folders() if db else []
    files, gone = collect_files(paths, known_folders=known_folders)
    db = db or open_database(db_path, create=True)
    writer = CorpusWriter(db)
    report = IngestReport()
    failures = []
    read = _RecordCounter(progress)
    with transaction(db):
        found = {**_found_in_folders(files), **{folder: set() for folder in gone}}
        for root, present in found.items():  # first: the files that share papers are read again
            why = f"no longer in {root}" if root not in gone else f"{root} is gone or holds no file"
            for path in writer.forget_missing(root, present):
                report.files.append(FileOutcome(path, "removed", message=why))
        plans = []
        for corpus_file in files:
            try:
                name = format or detect_format(corpus_file.path)
            except InputError as error:
                if isinstance(error, (UnknownFormat, BinaryFile)) and not corpus_file.explicit:
                    report.files.append(FileOutcome(corpus_file.relative, "skipped", message=error.reason))
                else:
                    failures.append(error)
                    report.files.append(FileOutcome(str(corpus_file.path), "failed", message=str(error)))
                continue
            if corpus_file.relative not in {plan.file.relative for plan in plans}:  # "kg ingest dir dir/file": once
                plans.append(_plan(writer, corpus_file, name, forced=format is not None, snapshot_filter=snapshot_filter))
        _check_folders_read(files, gone, report, known_folders)
        again = writer.plan_rereads([p.file.relative for p in plans if p.read], {p.file.relative for p in plans})
        for plan in plans:
            shared = not plan.read and plan.file.relative in again
            plan.read = plan.read or shared
            outcome = _ingest_file(writer, plan, skip_errors=skip_errors, snapshot_filter=snapshot_filter, read=read)
            if shared and outcome.status == "ingested" and not outcome.message:
                outcome.message = "read again: it shares a paper with a changed file"
            report.files.append(outcome)
            if outcome.status in ("failed", "damaged") or outcome.errors:
                failures.append(outcome.message)
        if failures and (not skip_errors or not any(o.status in ("ingested", "unchanged", "damaged") for o in report.files)):
            raise IngestFailed(failures)  # with skip_errors, only when no file could be read at all
        writer.finish()
        report.papers, report.prompts, report.models = (
            asdict(writer.counts.papers), asdict(writer.counts.prompts), asdict(writer.counts.models))
        if report.changed:
            mark(db.conn, INGESTED)
    read.done()
    return report


def _check_folders_read(files, gone, report, known_folders) -> None:
    """A folder given whose files are all of no known format is an error (:class:`EmptyCorpus`) naming it and what
    was skipped, before anything is written; unless kg read corpus files in it before (it may be emptied of them)."""
    from kg.ingest import read_before

    skipped = {outcome.path for outcome in report.files if outcome.status == "skipped"}
    for root in {corpus_file.root for corpus_file in files} - {None, *gone}:
        if read_before(root, known_folders):
            continue
        found = [corpus_file for corpus_file in files if corpus_file.root == root]
        if all(corpus_file.relative in skipped for corpus_file in found):
            shown = ", ".join(corpus_file.path.name for corpus_file in found[:3]) + (", ..." if len(found) > 3 else "")
            raise EmptyCorpus(f"no corpus file of a known format in {_shown_path(root)} ({len(found)} skipped: {shown})")


def _shown_path(path: str) -> str:
    """`path` relative to the working folder when it lies below it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _found_in_folders(files) -> dict[str, set[str]]:
    """The recorded paths of the files found in each folder given (and below it)."""
    found: dict[str, set[str]] = {}
    for corpus_file in files:
        if corpus_file.root:
            found.setdefault(corpus_file.root, set()).add(corpus_file.relative)
    return found


class _RecordCounter:
    """Counts records read and reports every 500th to `progress`."""

    def __init__(self, progress):
        self.progress, self.count = progress, 0

    def __call__(self) -> None:
        self.count += 1
        if self.progress and self.count % 500 == 0:
            self.progress(self.count)

    def done(self) -> None:
        if self.progress:
            self.progress(self.count)


@dataclass
class _FilePlan:
    """A file of a command, its format and digest, and whether it is read (new, changed or read again)."""

    file: object  # kg.ingest.CorpusFile
    name: str
    sha256: str
    selection: str  # the snapshot filters its records are read through ("" for all)
    read: bool


def _plan(writer, corpus_file, name: str, *, forced: bool, snapshot_filter) -> _FilePlan:
    from kg.ingest import READERS, arxiv_jsonl
    from kg.ingest.source import file_sha256

    sha256 = file_sha256(corpus_file.path)
    selection = snapshot_filter.describe() if READERS[name] is arxiv_jsonl and snapshot_filter else ""
    state = writer.source_state(corpus_file.relative, sha256, selection)
    return _FilePlan(corpus_file, name, sha256, selection, forced or state != "unchanged")


def _ingest_file(writer, plan: _FilePlan, *, skip_errors: bool, snapshot_filter, read) -> FileOutcome:
    """Write one file's records inside a savepoint: all of them, or (a bad file) none of them."""
    import copy

    from kg.ingest import READERS, arxiv_jsonl
    from kg.ingest.source import DamagedFile

    corpus_file, name, sha256, selection = plan.file, plan.name, plan.sha256, plan.selection
    reader = READERS[name]
    if not plan.read:
        writer.keep_source(corpus_file.relative, corpus_file.root)
        return FileOutcome(corpus_file.relative, "unchanged", name)
    bad_lines: list[InputError] = []
    options = {}
    if reader is arxiv_jsonl:
        options = {"keep": snapshot_filter, "on_error": bad_lines.append if skip_errors else None}
    counts = copy.deepcopy(writer.counts)
    count, damaged = 0, None
    try:
        with writer.file_savepoint():
            source_id = writer.begin_source(corpus_file.relative, sha256, name, corpus_file.path.stat().st_size, selection,
                                            corpus_file.root)
            try:
                for record in reader.read(corpus_file.path, corpus_file.relative, sha256, **options):
                    (writer.add_prompt if name == "prompt" else writer.add_paper)(record, source_id)
                    count += 1
                    read()
            except DamagedFile as error:
                if not skip_errors:
                    raise
                damaged = error  # the whole records before the damage are kept
            writer.end_source(source_id, count)
    except InputError as error:
        writer.counts = counts  # what the rolled-back records counted is not in the database
        writer.done_reading(corpus_file.relative)
        return FileOutcome(str(corpus_file.path), "failed", name, message=str(error))
    if damaged:
        return FileOutcome(str(corpus_file.path), "damaged", name, count,
                           message=f"{damaged} — {count} record(s) before it kept")
    outcome = FileOutcome(corpus_file.relative, "ingested", name, count)
    if bad_lines:
        outcome.errors = [str(e) for e in bad_lines]
        outcome.message = f"{len(bad_lines)} bad line(s) left out, {count} record(s) read"
    return outcome


def stats(db_path=None, *, db=None) -> dict:
    """Counts of what the knowledge base holds: papers, prompts, models, sources (and more); `built`: False when
    ``kg ingest`` changed the corpus after the last ``kg build`` (the graph, results and vectors are older)."""
    from kg.store import queries
    from kg.store.state import needs_build

    db = db or open_database(db_path)
    counts = queries.corpus_counts(db.conn)
    counts["built"] = not needs_build(db.conn)
    if "entities" in db.table_names():
        counts.update(queries.graph_counts(db.conn))
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
    (``resolutions``) and, once the graph is built, its edges and ``links``
    (``[{url, kind, source, evidence}]``, see :func:`kg.store.links.links_for_node`)."""
    from kg.store import queries

    db = db or open_database(db_path)
    paper = queries.find_paper(db.conn, ident)
    paper["sources"] = queries.rows(db.conn, queries.PAPER_SOURCES, (paper["id"],))
    paper["prompts"] = queries.rows(db.conn, queries.PAPER_PROMPTS, (paper["id"],))
    paper["sections"] = queries.rows(db.conn, queries.PAPER_SECTIONS, (paper["id"],))
    paper["resolutions"] = queries.rows(db.conn, queries.PAPER_RESOLUTIONS, (paper["id"],))
    tables = db.table_names()
    if "edges" in tables:
        paper["edges"] = paper_edges(paper["id"], db=db)
    if "links" in tables:
        from kg.store.links import links_for_paper

        paper["links"] = links_for_paper(db.conn, paper["id"])
    for name in ("sections_text", "title_norm", "content_hash"):  # raw_title/raw_abstract stay: evidence offsets point into them
        paper.pop(name, None)
    return paper


__all__ = ["ingest", "stats", "search_papers", "show_paper", "open_database", "KgError"]


def list_papers(*, db_path=None, db=None, limit: int = 10) -> list[dict]:
    """The first `limit` papers in the order they were ingested."""
    from kg.store.queries import LIST_PAPERS, rows

    db = db or open_database(db_path)
    return rows(db.conn, LIST_PAPERS, (limit,))


def fetch_papers(*, ids=(), query: str | None = None, categories=(), max_results: int | None = 100,
                 corpus=None, db_path=None, api_url: str | None = None, delay: float = 3.0,
                 retries: int = 3, timeout: float = 30.0, page_size: int = 100,
                 progress: Callable[[int], None] | None = None):
    """Fetch papers from the arXiv API into ``<corpus>/fetched/`` and ingest them; see :mod:`kg.fetch`.

    `corpus` defaults to ``$KG_HOME/corpus`` (the user's data folder, never the installed package;
    ``kg build`` reads it too), `api_url` to $KG_ARXIV_API.
    Raises :class:`kg.errors.FetchError` (after keeping what was fetched) when the API fails.
    """
    from kg import fetch
    from kg.config import user_corpus_dir

    settings = fetch.ApiSettings(arxiv_api_url(api_url), delay, retries, timeout, page_size)
    return fetch.fetch_papers(ids=ids, query=query, categories=categories, max_results=max_results,
                              corpus=Path(corpus) if corpus else user_corpus_dir(), settings=settings,
                              ingest=lambda files: ingest(files, db_path=db_path).to_dict(), progress=progress)


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
    truncated: list = field(default_factory=list)  # texts too long for the NLP pass: only their start was read
    embedding: dict = field(default_factory=dict)  # model, embedded, unchanged, removed (kg.index.build)
    rules_changed: bool = False  # the NLP rules, vocabulary or model changed since the last build: all re-read

    def to_dict(self) -> dict:
        data = self.ingest.to_dict()
        data.pop("files")
        return {"ingest": data, "documents": self.documents, "unchanged_documents": self.unchanged_documents,
                "rules_changed": self.rules_changed,
                "mentions": self.mentions, "nodes": self.nodes, "edges": self.edges, "timings": self.timings,
                "truncated": self.truncated, "embedding": self.embedding}


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

    from kg.index.encoder import load_encoder
    from kg.store import transaction
    from kg.store.graph import graph_size
    from kg.store.state import BUILT, mark

    encoder = load_encoder()  # a model that cannot be used fails the build before anything is written
    if model:
        from kg.nlp.pipeline import build_pipeline

        build_pipeline(model)  # so does a spaCy pipeline that is not installed
    db = db or open_database(db_path, create=True)
    started = time.perf_counter()
    ingested = ingest(paths or default_corpus_paths(), db=db, skip_errors=skip_errors,
                      snapshot_filter=snapshot_filter, progress=ingest_progress)
    timings = {"ingest": time.perf_counter() - started}
    try:
        with transaction(db):
            passed = _nlp_and_graph(db, ingested, jobs=jobs, model=model, progress=progress, timings=timings)
            mark(db.conn, BUILT)
            committing = time.perf_counter()
        timings["graph"] += time.perf_counter() - committing  # the commit counts as graph time
        started = time.perf_counter()
        embedded = _embed(db, encoder, embed_progress)
        timings["embed"] = time.perf_counter() - started
    except KeyboardInterrupt:
        from kg.errors import Interrupted

        kept = _kept_before_interrupt(ingested, timings)
        raise Interrupted(f'interrupted; {kept} — run the same "kg build" command again to finish') from None
    nodes, edges = graph_size(db.conn)
    timings = {name: round(seconds, 3) for name, seconds in timings.items()}
    return BuildReport(ingested, passed.documents, passed.skipped, passed.mentions, nodes, edges, timings,
                       list(getattr(passed, "truncated", [])), embedded.to_dict(), passed.rules_changed)


def _kept_before_interrupt(ingested, timings: dict) -> str:
    """What a build interrupted by Ctrl-C kept: each stage commits on its own."""
    if "graph" in timings:
        return "the ingest and the NLP pass were kept, the embedding stage not"
    if ingested.changed:
        return f"the ingest was kept ({ingested.papers.get('new', 0):,} new papers) but not the NLP pass"
    return "nothing of this run was kept"


def embed(*, db_path=None, db=None, progress=None):
    """The embedding stage of :func:`build`: embed new and changed papers, prompts and nodes.

    In lexical mode (``KG_EMBED_MODEL=none``, or the ``semantic`` extra not installed) nothing is
    embedded and the report's ``model`` is None. Returns an :class:`kg.index.build.EmbedReport`.

    >>> import os, tempfile; os.environ["KG_EMBED_MODEL"] = "none"
    >>> embed(db_path=os.path.join(tempfile.mkdtemp(), "kg.db")).model is None
    True
    >>> del os.environ["KG_EMBED_MODEL"]
    """
    from kg.index.encoder import load_encoder

    encoder = load_encoder()
    return _embed(db or open_database(db_path, create=True), encoder, progress)


def _embed(db, encoder, progress=None):
    from kg.index.build import embed_index
    from kg.store import transaction

    with transaction(db):
        return embed_index(db, encoder, progress=progress)


def default_corpus_paths() -> list[Path]:
    """What ``kg build`` reads without paths: the embedded corpus, and the papers ``kg fetch`` kept in $KG_HOME."""
    from kg.config import EMBEDDED_CORPUS, user_corpus_dir

    fetched = user_corpus_dir()
    has_files = fetched.is_dir() and any(p.is_file() for p in fetched.rglob("*") if not p.name.startswith("."))
    return [EMBEDDED_CORPUS] + ([fetched] if has_files else [])


def _nlp_and_graph(db, ingested, *, jobs, model, progress, timings):
    """The NLP pass over changed documents, then graph statistics (caller holds the transaction)."""
    import time

    from kg.graph import store_stats, table_stats
    from kg.nlp.annotate import run_pass
    from kg.store.graph import has_node_stats
    from kg.store.queries import set_setting
    from kg.store.state import needs_build

    started = time.perf_counter()
    pending = needs_build(db.conn)  # an earlier "kg ingest" changed the corpus (it may only have removed papers)
    passed = run_pass(db, jobs=jobs, model=model, progress=progress, corpus_changed=ingested.changed or pending)
    timings["nlp"] = time.perf_counter() - started
    started = time.perf_counter()
    changed = passed.documents > 0 or ingested.changed or pending or not has_node_stats(db.conn)
    if changed:  # from the tables: the attributed networkx graph is never built here
        store_stats(db, table_stats(db))
    set_setting(db.conn, "nlp.model", model or "blank:en")
    timings["graph"] = time.perf_counter() - started
    return passed


def extract(text: str, *, title: bool = False, model: str | None = None) -> dict:
    """Entities and results in any text, from one run of the NLP pipeline; offsets into `text`.

    ``{"entities": [{"text", "type", "start", "end", "canonical", "rule"}],
    "results": [{"value", "unit", "metric", "dataset", "kind", "model", "start", "end", ...}]}``

    >>> found = extract("Face parsing with NeRF improves mIoU by 2.3 points on ADE20K.")
    >>> [e["canonical"] for e in found["entities"] if e["type"] in ("task", "model")][:2]
    ['face parsing', 'NeRF']
    >>> [(r["value"], r["kind"]) for r in found["results"]]
    [('2.3', 'gain')]
    """
    return extract_texts([text], titles=[title], model=model)[0]


def extract_texts(texts, *, titles=None, model: str | None = None) -> list[dict]:
    """:func:`extract` of each of `texts`. Each is read as ``kg build`` reads an abstract, cleaned of LaTeX markup and
    line breaks (:func:`kg.text.clean_mapped`); offsets and entity texts are those of the text as given.

    >>> found = extract_texts([r"It reaches \\textbf{56.5\\%} accuracy."])[0]["results"][0]
    >>> found["value"], found["metric"], (found["start"], found["end"])
    ('56.5', 'accuracy', (19, 23))
    """
    from kg.nlp.pipeline import extract_many
    from kg.text import clean_mapped

    cleaned = [clean_mapped(text) for text in texts]
    found = []
    for text, clean, extraction in zip(texts, cleaned, extract_many([c.text for c in cleaned], titles=titles, model=model)):
        entities = []
        for m in extraction.mentions:
            start, end = clean.raw_span(m.start, m.end)
            entities.append({"text": text[start:end], "type": m.type, "start": start, "end": end, "canonical": m.name,
                             "rule": m.rule})
        results = []
        for r in extraction.results:
            start, end = clean.raw_span(r.start, r.end)
            results.append({**r.to_dict(), "start": start, "end": end})
        found.append({"entities": entities, "results": results})
    return found


def entities(*, db_path=None, db=None, type: str | None = None, limit: int | None = None) -> list[dict]:
    """Graph nodes found by the NLP pass, most mentioned first, with their aliases."""
    from kg.store.queries import ENTITIES_LISTED, ENTITY_ALIASES, rows

    db = db or open_database(db_path)
    found = rows(db.conn, ENTITIES_LISTED, {"type": type, "limit": limit or -1})
    for entity in found:
        entity["aliases"] = rows(db.conn, ENTITY_ALIASES, (entity.pop("id"),))
        entity["in_vocabulary"] = bool(entity["in_vocabulary"])
    return found


def paper_edges(paper_id: int, *, db) -> list[dict]:
    """The edges whose evidence comes from one paper, with their sentences."""
    from kg.store.queries import PAPER_EDGES, rows

    return rows(db.conn, PAPER_EDGES, {"key": f"paper:{paper_id}"})


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
    from kg.graph.select import parse_types, select, trim
    from kg.store.queries import corpus_sources

    ex.check_output(output, format, force=force)
    if (question or prompt) and around:
        raise ExportError("give --around or --question/--prompt, not both")
    if question is not None and prompt:
        raise ExportError("give --question or --prompt, not both")
    if question is not None and not question.strip():
        raise ExportError("the question is empty: --question \"your question\"")
    db = db or open_database(db_path)
    types = parse_types(types)
    answer, seeds, title = None, [], None
    if question or prompt:
        from kg.answer.graph import answer_subgraph

        answer = ask_prompt(prompt, db=db) if prompt else ask(question, db=db)
        subgraph = trim(answer_subgraph(answer, db), types=types).graph
        asked = answer.question
        seeds = [t.key for t in answer.tasks[:1]]
        title = "kg report: " + (Path(prompt).stem.replace("_", " ") + " prompt" if prompt else "a question")
    else:
        # chosen in SQL: only the exported nodes are loaded, whatever the size of the knowledge base
        selection = select(db, around=around, depth=depth, types=types, max_nodes=max_nodes)
        subgraph, seeds = selection.graph, selection.seeds
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
            "asked": asked, "sources": corpus_sources(db.conn),
            "nodes": subgraph.number_of_nodes(), "edges": subgraph.number_of_edges()}
    results = report_results(subgraph, db=db) if format == "markdown" else None
    return ex.export_subgraph(subgraph, format, output, meta=meta, asked=asked, answer=answer, seeds=seeds,
                              title=title, force=force, results=results, figure_nodes=max_nodes or ex.FIGURE_NODES)


def graph_html(output="kg-graph.html", *, db_path=None, db=None, around: str | None = None, depth: int = 1,
               types=None, max_nodes: int | None = 300, answer=None, title: str | None = None,
               report: Callable[[str], None] | None = None, force: bool = False) -> Path:
    """Write the knowledge graph as one self-contained, offline HTML page and return its path.

    The whole graph capped at `max_nodes` (highest PageRank kept), or the
    `depth`-hop neighbourhood of `around` (a node key or text matching names,
    aliases and titles), or the subgraph behind an `answer` of :func:`ask`; `types`
    keeps only those node types (see :func:`kg.graph.select`). `report` receives
    sentences saying what was left out.
    In a notebook, show the page with ``kg.viz.notebook_view(path)``. An existing file
    that is not a page kg wrote is refused unless `force` (see :func:`check_graph_output`).
    """
    from kg import viz
    from kg.graph.select import select, trim

    check_graph_output(output, force=force)
    db = db or open_database(db_path)
    if answer is not None:
        selection = trim(answer_subgraph(answer, db), types=types, max_nodes=max_nodes)
        title = title or f"kg: {getattr(answer, 'question', 'answer')}"
    else:  # chosen in SQL: only the drawn nodes are loaded, whatever the size of the knowledge base
        selection = select(db, around=around, depth=depth, types=types, max_nodes=max_nodes)
        title = title or (f"kg graph around {around}" if around else "kg graph")
    if report:
        for note in selection.notes():
            report(note)
    _attach_results(db, selection.graph)
    return viz.write_html(selection.graph, output, title=title, notes=selection.notes(), force=force)


def _attach_results(db, graph) -> None:
    """Give each drawn dataset or metric node the scores reported on it (node attribute ``results``),
    which the HTML page shows in its side panel; one query for all of them."""
    from kg.store.results import results_of_nodes

    keys = {n for n, d in graph.nodes(data=True) if d.get("type") in ("dataset", "metric")}
    if not keys:
        return
    for row in results_of_nodes(db, keys):
        for key in {row["dataset_key"], row["metric_key"]} & keys:
            graph.nodes[key].setdefault("results", []).append(row)


def check_graph_output(output, *, force: bool = False) -> Path:
    """Refuse an HTML output path before any work: missing folder, a database, another program's file."""
    from kg.output import check_target
    from kg.viz import is_kg_page

    return check_target(output, force=force, ours=is_kg_page)


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


def evaluate_results(path, *, model: str | None = None):
    """Score result extraction against annotated sentences (format of ``../shared/eval/results_dev.jsonl``).

    Returns a :class:`kg.evaluation.results.ResultsReport`: strict and lenient tuple
    precision, recall and F1, strict scores by kind, other-confusions and false positives.
    Each sentence is read as ``kg build`` reads an abstract (:func:`extract_texts`).

    >>> report = evaluate_results("tests/data/results_heldout.jsonl")
    >>> report.sentences > 0 and 0 <= report.strict.f1 <= 1
    True
    """
    from kg.evaluation.results import read_gold, score_results

    items = read_gold(path)
    extracted = extract_texts([item["sentence"] for item in items], model=model)
    return score_results(items, [found["results"] for found in extracted])


def results_for(db=None, task: str | None = None, dataset: str | None = None, metric: str | None = None,
                papers=None, *, db_path=None) -> list[dict]:
    """Reported scores (not sizes or speedups) by task, dataset, metric or papers; see :func:`kg.store.results.results_for`.

    For ``kg ask`` (results under the papers), the Markdown report and the HTML panels.

    >>> import tempfile, os
    >>> db_path = os.path.join(tempfile.mkdtemp(), "kg.db")
    >>> _ = ingest(["corpus/"], db_path=db_path)
    >>> results_for(db_path=db_path, task="face parsing")  # ingested, not yet built: no results
    []
    """
    from kg.store.results import results_for as _results_for

    return _results_for(db or open_database(db_path), task=task, dataset=dataset, metric=metric, papers=papers)


def results_table(query: str, *, db_path=None, db=None) -> dict:
    """The results table of a task, dataset or metric named `query` (tried in that order).

    Returns ``{"query", "type", "columns", "rows", "cells"}``: columns are (dataset, metric, kind, unit),
    so a gain never shares a column with an absolute score, nor % with points; rows are (paper, model) pairs;
    each cell has the value, unit, kind, sentence and offsets. Rows are sorted by the first column's
    best value (higher is better unless the metric vocabulary says lower).

    >>> import tempfile, os
    >>> db_path = os.path.join(tempfile.mkdtemp(), "kg.db")
    >>> _ = ingest(["corpus/"], db_path=db_path)
    >>> results_table("face parsing", db_path=db_path)["rows"]
    []
    """
    db = db or open_database(db_path)
    for kind in ("task", "dataset", "metric"):
        found = results_for(db, **{kind: query})
        if found:
            break
    else:
        kind = None
    return {"query": query, "type": kind, **_tabulate(found)}


def report_results(graph, *, db_path=None, db=None) -> dict:
    """The results table of the papers in `graph` (a report's subgraph), as :func:`results_table` builds it.

    >>> import networkx as nx, tempfile, os
    >>> db_path = os.path.join(tempfile.mkdtemp(), "kg.db")
    >>> _ = ingest(["corpus/"], db_path=db_path)
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("paper:1", type="paper")
    >>> report_results(G, db_path=db_path)["cells"]  # ingested, not yet built: no results
    []
    """
    papers = sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "paper")
    found = results_for(db or open_database(db_path), papers=papers) if papers else []
    return {"query": None, "type": "papers", **_tabulate(found)}


def _column_labels(found: list[dict]):
    """A function giving a result's dataset or metric as its column shows it: spellings that differ only in case
    and punctuation share a column, named as printed most often ("Chamfer Distance" and "chamfer distance",
    "ROUGE-L" and "ROUGE L"). Not the graph node: its aliases may be other measures (P-MPJPE under MPJPE)."""
    from collections import Counter

    from kg.evaluation.results import norm_name

    printed = {field: {} for field in ("dataset", "metric")}
    for result in found:
        for field, forms in printed.items():
            if result[field]:
                forms.setdefault(norm_name(result[field]), Counter())[result[field]] += 1
    chosen = {field: {key: min(counts, key=lambda form: (-counts[form], form)) for key, counts in forms.items()}
              for field, forms in printed.items()}

    def label(result: dict, field: str) -> str:
        return chosen[field][norm_name(result[field])] if result[field] else ""
    return label


def _tabulate(found: list[dict]) -> dict:
    """Columns, rows and cells of a results table from result rows (:func:`kg.store.results.results_for`)."""
    from kg.evaluation.results import norm_value
    from kg.nlp.results import is_lower_better

    columns, rows, cells = {}, {}, []
    label = _column_labels(found)
    stated = {(r["paper_id"], norm_value(r["value"]), label(r, "dataset"), label(r, "metric"), r["kind"], r["unit"])
              for r in found if r["model"]}
    for result in found:
        column = (label(result, "dataset"), label(result, "metric"), result["kind"], result["unit"])
        if not result["model"] and (result["paper_id"], norm_value(result["value"]), *column) in stated:
            continue  # the same value a paper states twice (its abstract names the model, its Q&A note does not)
        row = (result["paper_id"], result["model"] or "")
        # a larger gain or reduction is always better; for levels the metric decides (FID, errors: lower)
        columns.setdefault(column, result["kind"] == "absolute" and is_lower_better(result["metric_key"], result["metric"]))
        rows.setdefault(row, {"paper_id": result["paper_id"], "title": result["title"], "arxiv_id": result["arxiv_id"],
                              "model": result["model"]})
        cells.append({"row": list(row), "column": list(column), **{k: result[k] for k in (
            "value", "unit", "kind", "metric", "dataset", "model", "sentence", "field", "start", "end",
            "sentence_start", "sentence_end", "arxiv_id", "title", "paper_id")}})
    ordered_columns = sorted(columns, key=lambda c: (-sum(1 for cell in cells if tuple(cell["column"]) == c), c))

    def number(cell):
        try:
            return float(norm_value(cell["value"]))
        except ValueError:
            return 0.0

    def sort_key(row):
        for column in ordered_columns:
            values = [number(c) for c in cells if tuple(c["row"]) == row and tuple(c["column"]) == column]
            if values:
                best = min(values) if columns[column] else max(values)
                return (ordered_columns.index(column), best if columns[column] else -best, row)
        return (len(ordered_columns), 0, row)

    return {"columns": [{"dataset": d or None, "metric": m or None, "kind": k, "unit": u,
                         "lower_is_better": columns[(d, m, k, u)]} for d, m, k, u in ordered_columns],
            "rows": [rows[row] for row in sorted(rows, key=sort_key)], "cells": cells}


# --- ask: answers by walking the graph (kg.answer) -------------------------------------------

def _answer_database(db_path=None, db=None, *, notify=None):
    """The database to answer from; the default one ($KG_HOME/kg.db) is built from the embedded corpus
    on first use.

    Only the default one: a path given (--db, $KG_DB) that does not exist is more likely mistyped than
    new, and answering from a fresh build of the embedded corpus would hide that.
    """
    if db is not None:
        return db
    from kg.store.state import holds_nothing, needs_build

    path = resolve_db(db_path)
    home = path == home_db_path()
    if not path.exists() and not home:
        from kg.errors import NoDatabase

        raise NoDatabase(f'no knowledge base at {path} — run "kg build --db {path}" first (without --db '
                         f'and $KG_DB, kg uses {home_db_path()}, built from the embedded corpus on first use)')
    db = open_database(path) if path.exists() else None
    if home and (db is None or holds_nothing(db.conn)):  # first use, or a failed first build left it empty
        if notify:
            notify(f"no knowledge base at {path}: building it from the embedded corpus first")
        if db is not None:
            db.conn.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        build(db_path=path)
        db = open_database(path)
    if needs_build(db.conn):
        from kg.errors import NotBuilt

        raise NotBuilt(f'the knowledge base {path} holds papers the NLP pass has not read yet (ingested, not built) '
                       f'— run "kg build FILE... --db {path}" on the files you ingested (with no FILE it reads the embedded corpus)')
    if holds_nothing(db.conn):  # a first build that failed left the file: nothing to answer from
        from kg.errors import NotBuilt

        raise NotBuilt(f'the knowledge base {path} holds no paper or prompt yet — run "kg build FILE... --db {path}"')
    return db


def ask(question: str, *, db_path=None, db=None, top: int = 5, notify=None):
    """Answer a question in plain words from the knowledge base: task, workflow, papers and tools.

    Returns an :class:`kg.answer.model.Answer` (``to_dict()`` gives the JSON of ``kg ask --format json``).
    When the default database does not exist it is built from the embedded corpus first
    (`notify` is told so).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "kg.db")
    >>> _ = build(db_path=path)
    >>> answer = ask("Is there a dataset of portraits with face parts labelled pixel by pixel?", db_path=path)
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
    from kg.evaluation.questions import evaluate, read_questions

    questions = read_questions(path)  # a bad file fails before any database is opened or built
    db = _answer_database(db_path, db, notify=notify)
    return evaluate(path, questions, db, top=top, corpus=corpus)
