"""The NLP pass: stored papers and prompts → entities, mentions and evidence-backed edges.

Only documents whose content changed since the last pass are re-processed;
the derived tables (aliases, counts, hierarchy edges) are recomputed in SQL.
Extraction runs as a pure function over plain tuples, so ``jobs > 1`` maps it
over worker processes without shipping spaCy objects.
"""
from __future__ import annotations

import contextlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from kg.nlp.lexicon import canonical_key, load_lexicon, task_display_name, task_form
from kg.nlp.roles import about_own_work
from kg.store.db import now
from kg.store.evidence import RawQuotes
from kg.store.links import FORGET_DOC_LINKS, FORGET_VANISHED_LINKS, paper_columns, prompt_blocks, proposed_by, write_links
from kg.text import identifier_words

_CHANGED_PAPERS = """FROM papers LEFT JOIN nlp_state ON nlp_state.doc = 'paper:' || papers.id
    WHERE (nlp_state.content_hash IS NULL OR nlp_state.content_hash != papers.content_hash)"""
# Pending papers are read a page at a time (by id), never all at once: their texts would
# take ~2 KB each in memory, gigabytes for millions of records.
PAPERS_TO_PROCESS = """SELECT papers.id, papers.title, papers.abstract, papers.github, papers.content_hash
    """ + _CHANGED_PAPERS + """ AND (:after IS NULL OR papers.id > :after)
    ORDER BY papers.id LIMIT :page"""
COUNT_PAPERS_TO_PROCESS = "SELECT count(*) " + _CHANGED_PAPERS
SECTIONS_OF = "SELECT id, heading, text FROM sections WHERE paper_id = ? ORDER BY source_id, position"
PROMPTS = "SELECT id, name, question, text FROM prompts ORDER BY id"
PROMPT_MODELS = """SELECT models.*, prompt_models.position FROM prompt_models JOIN models ON models.id = prompt_models.model_id
    WHERE prompt_models.prompt_id = ? ORDER BY prompt_models.position"""
PROMPT_PAPERS = """SELECT papers.id, papers.title, papers.raw_title, prompt_papers.position FROM prompt_papers
    JOIN papers ON papers.id = prompt_papers.paper_id WHERE prompt_papers.prompt_id = ? ORDER BY prompt_papers.position"""
FORGET_DOC = ("DELETE FROM mentions WHERE doc = ?", "DELETE FROM edges WHERE doc = ?", "DELETE FROM results WHERE doc = ?",
              FORGET_DOC_LINKS)
UPSERT_ENTITY = """INSERT INTO entities (key, type, name, definition, input, output, url, in_vocabulary)
    VALUES (:key, :type, :name, :definition, :input, :output, :url, :in_vocabulary)
    ON CONFLICT(key) DO UPDATE SET
        in_vocabulary = max(entities.in_vocabulary, excluded.in_vocabulary),
        url = excluded.url"""  # a code node's own address; no other node stores one
ENTITY_ID = "SELECT id FROM entities WHERE key = ?"
INSERT_MENTION = "INSERT INTO mentions (doc, field, entity_id, start, end, text, rule) VALUES (?, ?, ?, ?, ?, ?, ?)"
INSERT_EDGE = """INSERT INTO edges (src, dst, relation, doc, field, sentence, start, end, rule, kind, weight)
    VALUES (:src, :dst, :relation, :doc, :field, :sentence, :start, :end, :rule, :kind, :weight)"""
MARK_DONE = "INSERT OR REPLACE INTO nlp_state (doc, content_hash, processed_at) VALUES (?, ?, ?)"
FORGET_ALL_DONE = "DELETE FROM nlp_state"
#: settings key of the :func:`rules_fingerprint` the stored annotations were made under
RULES_SETTING = "nlp.rules"
FORGET_VANISHED = """DELETE FROM {table} WHERE doc LIKE 'paper:%'
    AND CAST(substr(doc, 7) AS INTEGER) NOT IN (SELECT id FROM papers)
    OR doc LIKE 'prompt:%' AND CAST(substr(doc, 8) AS INTEGER) NOT IN (SELECT id FROM prompts)"""
RECOUNT_MENTIONS = """UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE mentions.entity_id = entities.id)"""
REBUILD_ALIASES = (
    "DELETE FROM aliases",
    """INSERT INTO aliases (entity_id, alias, count, reason)
       SELECT entity_id, text, count(*), min(rule) FROM mentions GROUP BY entity_id, text""",
)
#: the surfaces of each task the vocabulary does not name, most written first: the first is the task's name
TASK_SURFACES = """SELECT entities.id, entities.key, entities.name, aliases.alias FROM entities JOIN aliases ON aliases.entity_id = entities.id
    WHERE entities.type = 'task' AND entities.in_vocabulary = 0 ORDER BY entities.id, aliases.count DESC, aliases.alias"""
SET_ENTITY_NAME = "UPDATE entities SET name = ? WHERE id = ?"
#: tasks some document mentions or links (the vocabulary's subtask_of edges are deleted before this is read)
TASKS_IN_USE = """SELECT key FROM entities WHERE type = 'task' AND (id IN (SELECT entity_id FROM mentions)
    OR key IN (SELECT src FROM edges) OR key IN (SELECT dst FROM edges))"""
DROP_UNUSED_ENTITIES = """DELETE FROM entities WHERE mentions = 0
    AND key NOT IN (SELECT src FROM edges) AND key NOT IN (SELECT dst FROM edges)"""

#: Documents handed to the NLP pass at once (to one worker process with ``--jobs``): their fields go through
#: the pipeline's steps together, and the batch's annotations are written and dropped before the next.
DOCUMENTS_PER_BATCH = 64

# spaCy's default Language.max_length: a longer text makes nlp() raise E088.
NLP_MAX_CHARS = 1_000_000


def fit_for_nlp(text: str, limit: int = NLP_MAX_CHARS) -> str:
    """`text`, or when longer than `limit` its start cut at the last white space before it.

    The cut keeps a prefix, so offsets found in it are offsets in the stored text.

    >>> fit_for_nlp("one two three", limit=9)
    'one two'
    """
    if len(text) <= limit:
        return text
    cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    return text[: cut if cut > 0 else limit]


@dataclass(frozen=True)
class Document:
    """Plain input of the extraction step: a node key and its named text fields."""

    key: str
    fields: tuple  # ((field name, text, is_title), ...)


@dataclass
class AnnotatedField:
    name: str
    text: str
    mentions: list = field(default_factory=list)
    results: list = field(default_factory=list)


def extract_documents(documents, model: str | None = None) -> list[list[AnnotatedField]]:
    """Run the pipeline over every field of `documents`, all in one :func:`~kg.nlp.pipeline.extract_many`
    call (pure; safe in a worker process): its steps each run over the whole batch of texts in turn.

    >>> [[(f.name, len(f.mentions) > 0) for f in fields] for fields in extract_documents(
    ...     [Document("paper:1", (("title", "FaceNet: face recognition", True),)), Document("paper:2", ())])]
    [[('title', True)], []]
    """
    from kg.nlp.pipeline import extract_many
    from kg.nlp.resolve import name_title_tasks

    fields = [field_ for document in documents for field_ in document.fields]
    extracted = iter(extract_many([text for _, text, _ in fields], titles=[is_title for _, _, is_title in fields],
                                  model=model))
    # zip stops at the end of a document's fields without taking the next document's first extraction
    annotated = [[AnnotatedField(name, result.text, result.mentions, result.results)
                  for (name, _, _), result in zip(document.fields, extracted)] for document in documents]
    for document, fields_ in zip(documents, annotated):
        other_text = " ".join(f.text for f, (_, _, is_title) in zip(fields_, document.fields) if not is_title)
        for f, (_, _, is_title) in zip(fields_, document.fields):
            if is_title:
                f.mentions = name_title_tasks(f.mentions, other_text)
    return annotated


def _extract_batch(args):
    documents, model = args
    return list(zip((document.key for document in documents), extract_documents(documents, model)))


@dataclass
class PassReport:
    documents: int = 0
    skipped: int = 0
    mentions: int = 0
    edges: int = 0
    truncated: list = field(default_factory=list)  # "paper:<id> <field>" read only up to NLP_MAX_CHARS
    rules_changed: bool = False  # annotations made under other rules, vocabulary or model were all re-read


def rules_fingerprint(model: str | None = None) -> str:
    """sha256 of what decides the NLP pass's output: the code and vocabulary of ``kg/nlp``, the store modules
    that write its rows (:data:`PASS_WRITERS`), spaCy's version and the pipeline (`model` and its package's
    version; default ``spacy.blank("en")``). Annotations stored under another fingerprint are stale.

    >>> len(rules_fingerprint()), rules_fingerprint() == rules_fingerprint("en_core_web_sm")
    (64, False)
    """
    import hashlib
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    try:
        pipeline = f"{model} {version(model)}" if model else "blank:en"
    except PackageNotFoundError:  # a pipeline folder, not a package
        pipeline = model
    package = Path(__file__).parents[1]
    digest = hashlib.sha256(f"spacy {version('spacy')}\nmodel {pipeline}\n".encode())
    sources = [p for p in (package / "nlp").rglob("*") if p.suffix in (".py", ".jsonl") and p.is_file()]
    for path in sorted(sources + [package / name for name in PASS_WRITERS]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


#: modules outside kg/nlp whose code shapes the rows the pass writes (results, links, evidence quotes)
PASS_WRITERS = ("store/results.py", "store/links.py", "store/evidence.py", "text.py")  # text.py: identifier_words


def _forget_stale_annotations(conn, model: str | None) -> tuple[bool, bool]:
    """Mark every paper pending when the stored annotations were made under another :func:`rules_fingerprint`
    (kg upgraded, vocabulary edited, ``--spacy-model`` changed): whether the fingerprint changed, and whether
    there were annotations to forget."""
    from kg.store.queries import set_setting, setting

    fingerprint = rules_fingerprint(model)
    if setting(conn, RULES_SETTING) == fingerprint:
        return False, False
    forgotten = conn.execute(FORGET_ALL_DONE).rowcount
    set_setting(conn, RULES_SETTING, fingerprint)
    return True, forgotten > 0


def run_pass(db, *, jobs: int = 1, model: str | None = None, progress=None, batch: int = DOCUMENTS_PER_BATCH,
             corpus_changed: bool = True) -> PassReport:
    """Annotate changed papers and all prompts; rebuild derived tables. Caller holds the transaction.

    A paper is changed when its text is, or when the rules it was annotated under are (:func:`rules_fingerprint`).
    With no paper to annotate, the rules as they were and not `corpus_changed` (no ingest since the last pass),
    nothing is written: a build with nothing changed leaves the database as it was.
    """
    conn = db.conn
    new_rules, forgotten = _forget_stale_annotations(conn, model)
    report = PassReport(rules_changed=forgotten)
    pending = conn.execute(COUNT_PAPERS_TO_PROCESS).fetchone()[0]
    total_papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    report.skipped = total_papers - pending
    if not (pending or corpus_changed or new_rules):
        return report
    writer = _Writer(conn)
    work = ((row, _paper_document(conn, row, report.truncated)) for row in _pending_papers(conn))
    # closed on any exception (Ctrl-C while a paper is written): the worker pool stops now, not whenever the
    # suspended generator is collected, maybe at interpreter exit
    with contextlib.closing(map_documents(work, jobs, model, batch)) as annotated:
        for done, (row, (key, fields)) in enumerate(annotated, start=1):
            paper_id, title, abstract, github, content_hash = row
            for statement in FORGET_DOC:
                conn.execute(statement, (key,))
            writer.paper(key, fields, github)
            writer.paper_links(key, fields)
            conn.execute(MARK_DONE, (key, content_hash, now()))
            report.documents += 1
            if progress and (done % 200 == 0 or done == pending):
                progress(done, pending)
    for table in ("mentions", "edges", "results", "nlp_state"):
        conn.execute(FORGET_VANISHED.format(table=table))
    conn.execute(FORGET_VANISHED_LINKS)
    _annotate_prompts(conn, writer, model)
    _hierarchy(conn, writer)
    conn.execute(RECOUNT_MENTIONS)
    for statement in REBUILD_ALIASES:
        conn.execute(statement)
    _name_tasks_as_written(conn)
    conn.execute(DROP_UNUSED_ENTITIES)  # before the vocabulary's aliases: they would hold on to an unused entity
    _vocabulary_aliases(conn)
    report.mentions = writer.mentions
    report.edges = writer.edges
    return report


def _name_tasks_as_written(conn) -> None:
    """Name each task the vocabulary does not know as its papers most often write it ("bird's-eye view",
    not its key's folded "birds eye view"), whichever document a build read first; an acronym ("BEV") is no name."""
    renamed, named = [], set()
    for entity_id, key, name, alias in conn.execute(TASK_SURFACES).fetchall():
        if entity_id not in named and canonical_key("task", alias) == key:
            named.add(entity_id)
            written = task_display_name(alias)
            if written != name:
                renamed.append((written, entity_id))
    conn.executemany(SET_ENTITY_NAME, renamed)


def _paper_document(conn, row, truncated: list) -> Document:
    """A paper's fields as handed to the NLP pass; a text too long for it is cut and listed in `truncated`."""
    paper_id, title, abstract, _, _ = row
    fields = [("title", title, True)]
    if abstract:
        fields.append(("abstract", abstract, False))
    for section_id, heading, text in conn.execute(SECTIONS_OF, (paper_id,)).fetchall():
        if about_own_work(heading):  # not its future work or others' research: no edges, no results from there
            fields.append((f"section:{section_id}", text, False))
    fitted = tuple((name, fit_for_nlp(text), is_title) for name, text, is_title in fields)
    truncated.extend(f"paper:{paper_id} {name}" for (name, text, _), (_, cut, _) in zip(fields, fitted) if cut != text)
    return Document(f"paper:{paper_id}", fitted)


def _pending_papers(conn, page: int = 2000):
    """Rows of the papers whose content changed since the last pass, in id order, read page by page.

    Each page starts after the last id of the one before, so papers marked done meanwhile
    are not read again and at most one page of texts is held.
    """
    after = None
    while True:
        rows = conn.execute(PAPERS_TO_PROCESS, {"after": after, "page": page}).fetchall()
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1][0]


def map_documents(work, jobs, model, batch):
    """Yield (item, (key, fields)) for each (item, document) of `work`, in input order.

    With ``jobs > 1`` the documents go to `jobs` worker processes in chunks of `batch`,
    at most ``2 * jobs`` chunks in flight; `work` is read in this process only (it may
    query the database), as the results are consumed.
    """
    def chunks():
        chunk = []
        for item in work:
            chunk.append(item)
            if len(chunk) >= batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def results(chunk, extracted):
        for (item, _), result in zip(chunk, extracted):
            yield item, result

    if jobs <= 1:
        for chunk in chunks():
            yield from results(chunk, _extract_batch(([document for _, document in chunk], model)))
        return
    import collections
    import multiprocessing

    context = multiprocessing.get_context("fork")
    release = _hold_interrupts()  # the workers are forked holding Ctrl-C back until their initializer ignores it
    try:
        pool = context.Pool(jobs, initializer=_ignore_interrupts)
    except BaseException:
        release()
        raise
    with pool:
        release()  # a Ctrl-C that came while the pool started is raised here, where leaving the block stops the pool
        in_flight = collections.deque()
        for chunk in chunks():
            in_flight.append((chunk, pool.apply_async(_extract_batch, (([document for _, document in chunk], model),))))
            if len(in_flight) >= 2 * jobs:
                done, extracted = in_flight.popleft()
                yield from results(done, extracted.get())
        while in_flight:
            done, extracted = in_flight.popleft()
            yield from results(done, extracted.get())


def check_length(text: str, path, line: int | None = None) -> str:
    """`text` when the NLP pass can take it whole, else :class:`InputError` naming `path` (and `line`).

    For texts a user hands to ``kg extract``, where cutting them silently would hide entities.
    """
    if len(text) > NLP_MAX_CHARS:
        from kg.errors import InputError

        raise InputError(path, f"the text is {len(text):,} characters, over the {NLP_MAX_CHARS:,} the NLP pass "
                               "takes at once — split it", line=line)
    return text


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops them and reports once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _hold_interrupts():
    """Hold Ctrl-C back; the function returned restores its handler and, if one came meanwhile, hands it on.

    Blocking the signal in the main thread would not do: another thread of the process (numpy's OpenBLAS
    starts one at import) may take it, and Python then raises KeyboardInterrupt in the main thread all the same.

    >>> import os, signal
    >>> release = _hold_interrupts(); os.kill(os.getpid(), signal.SIGINT)
    >>> try:
    ...     release()
    ... except KeyboardInterrupt:
    ...     print("raised on release")
    raised on release
    """
    import os
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # only the main thread sets handlers, and only it takes Ctrl-C
    came = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: came.append(frame))

    def release() -> None:
        signal.signal(signal.SIGINT, previous)
        if came and callable(previous):
            previous(signal.SIGINT, came[0])
        elif came:
            os.kill(os.getpid(), signal.SIGINT)  # SIG_DFL ends the process, SIG_IGN drops it, as they would have
    return release


class _Writer:
    """Writes entities, mentions and edges for annotated documents."""

    def __init__(self, conn):
        self.conn = conn
        self.lexicon = load_lexicon()
        self.ids = {}
        self.mentions = 0
        self.edges = 0
        self.links = 0
        self.quotes: RawQuotes | None = None  # the current document's raw text, for quotes

    def entity(self, key: str, entity_type: str, name: str, *, in_vocabulary: bool = False, url: str | None = None) -> int:
        if key in self.ids:
            return self.ids[key]
        definition = input_ = output = ""
        if entity_type == "task" and key in self.lexicon.tasks:
            task = self.lexicon.tasks[key]
            definition, input_, output, name = task.definition, task.input, task.output, task.name
        else:
            entry = {"dataset": self.lexicon.datasets, "metric": self.lexicon.metrics, "model": self.lexicon.methods}.get(entity_type, {}).get(key)
            if entry is not None:
                definition, name = entry.definition, entry.name
        self.conn.execute(UPSERT_ENTITY, {"key": key, "type": entity_type, "name": name, "definition": definition,
                                          "input": input_, "output": output, "url": url,
                                          "in_vocabulary": int(in_vocabulary)})
        self.ids[key] = self.conn.execute(ENTITY_ID, (key,)).fetchone()[0]
        return self.ids[key]

    def edge(self, src, dst, relation, doc, field_name, text, span, rule, kind="EXTRACTED", weight=1.0):
        start, end = span if span else (None, None)
        sentence = text[start:end].strip() if span else ""
        quoted = self.quotes.quote(field_name, text, span) if span and self.quotes and self.quotes.doc == doc else None
        if quoted:  # evidence is the raw span, offsets into the raw text
            start, end, sentence = quoted
        self.conn.execute(INSERT_EDGE, {"src": src, "dst": dst, "relation": relation, "doc": doc, "field": field_name,
                                        "sentence": sentence, "start": start, "end": end, "rule": rule,
                                        "kind": kind, "weight": weight})
        self.edges += 1

    def paper_links(self, key: str, fields: list[AnnotatedField]) -> None:
        """Links read in the paper's text, then its url/github columns when its text lacks them."""
        from kg.nlp.links import column_links, paper_links

        rows = paper_links(key, fields, self.quotes)
        rows += column_links(key, *paper_columns(self.conn, int(key.split(":")[1])), {row.url for row in rows})
        self.links += write_links(self.conn, rows)

    def paper(self, key: str, fields: list[AnnotatedField], github: str | None) -> None:
        from kg.nlp.pipeline import NODE_RULES, PROPOSAL_RULES

        self.quotes = RawQuotes(self.conn, key)
        # best evidence per (relation, target): title > proposal sentence > first mention
        best: dict[tuple, tuple] = {}
        counts: dict[str, int] = defaultdict(int)
        proposed, introduced = {}, {}
        for annotated in fields:
            for mention in annotated.mentions:
                if mention.rule not in NODE_RULES and not (mention.type == "task" and (mention.in_vocabulary or mention.parent)):
                    continue
                entity_id = self.entity(mention.key, mention.type, mention.name, in_vocabulary=mention.in_vocabulary)
                self.conn.execute(INSERT_MENTION, (key, annotated.name, entity_id, mention.start, mention.end,
                                                   mention.text, mention.rule))
                self.mentions += 1
                counts[mention.key] += 1
                span = (mention.sentence_start, mention.sentence_end)
                if mention.rule in PROPOSAL_RULES:
                    (proposed if mention.type == "model" else introduced).setdefault(mention.key, (annotated, span, mention.rule))
                relation = {"task": "addresses", "dataset": "uses", "model": "mentions", "metric": "uses"}[mention.type]
                score = 3 if annotated.name == "title" else (2 if _is_proposal_sentence(annotated.text[span[0]:span[1]]) else 1)
                if mention.parent:
                    self.entity(mention.parent, "task", mention.parent.split(":", 1)[1], in_vocabulary=True)
                    self.edge(mention.key, mention.parent, "subtask_of", key, annotated.name, annotated.text, span,
                              "head-suffix", kind="INFERRED")
                current = best.get((relation, mention.key))
                if current is None or score > current[0]:
                    best[(relation, mention.key)] = (score, annotated, span, mention.rule)
        for (relation, target), (score, annotated, span, rule) in sorted(best.items(), key=lambda item: item[0]):
            if target in proposed and relation == "mentions":
                continue
            if target in introduced and relation == "uses":
                continue
            weight = score + math.log1p(counts[target])
            self.edge(key, target, relation, key, annotated.name, annotated.text, span, rule, weight=weight)
        title_tasks = [t for (r, t), v in best.items() if r == "addresses" and v[0] == 3]
        for target, (annotated, span, rule) in sorted(proposed.items()):
            self.edge(key, target, "proposes", key, annotated.name, annotated.text, span, rule, weight=3.0)
            sentence_tasks = [m.key for m in annotated.mentions if m.type == "task" and m.sentence_start == span[0]
                              and (m.in_vocabulary or m.parent or m.rule != "head-word")]
            for task in sorted(set(sentence_tasks) | (set(title_tasks) if rule == "title-colon" else set())):
                self.edge(target, task, "addresses", key, annotated.name, annotated.text, span, "proposal-sentence", weight=2.0)
            if github:
                self.entity(f"code:{github}", "code", github, url=github)
                self.edge(target, f"code:{github}", "implemented_at", key, annotated.name, annotated.text, span,
                          "paper-github", kind="INFERRED")
        from kg.store.results import write_results

        for annotated in fields:
            write_results(self, key, annotated.name, annotated.text, annotated.results)
        for target, (annotated, span, rule) in sorted(introduced.items()):
            relation = "introduces" if target.startswith("dataset:") else "proposes"
            self.edge(key, target, relation, key, annotated.name, annotated.text, span, rule, weight=3.0)
            sentence_tasks = {m.key for m in annotated.mentions if m.type == "task" and m.sentence_start == span[0]
                              and (m.in_vocabulary or m.parent)}
            if rule == "title-colon":
                sentence_tasks |= set(title_tasks)
            for task in sorted(sentence_tasks):
                self.edge(target, task, "used_for", key, annotated.name, annotated.text, span, "proposal-sentence", weight=2.0)


def _is_proposal_sentence(sentence: str) -> bool:
    from kg.nlp.roles import is_proposal  # one formulation: evidence roles use the same cue

    return is_proposal(sentence)


def _line_span(text: str, needle: str) -> tuple[int, int] | None:
    """Offsets of the first line of `text` containing `needle`."""
    position = text.find(needle)
    if position < 0:
        return None
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, (len(text) if end < 0 else end)


def _annotate_prompts(conn, writer: _Writer, model) -> None:
    """Prompts are few: re-annotate them all in every pass that has anything to do (their edges depend on papers'
    ids); a pass with nothing changed leaves them as they are (see :func:`run_pass`)."""
    from kg.nlp.pipeline import extract

    lexicon = writer.lexicon
    for prompt_id, name, question, text in conn.execute(PROMPTS).fetchall():
        key = f"prompt:{prompt_id}"
        writer.quotes = RawQuotes(conn, key)
        for statement in FORGET_DOC:
            conn.execute(statement, (key,))
        _prompt_links(conn, writer, prompt_id, key, text)
        question_span = _line_span(text, question) or (0, len(text))
        asked = {}
        for mention in extract(question, model=model).mentions:
            if mention.type == "task" and (mention.in_vocabulary or mention.parent):
                asked.setdefault(mention.key, ("question-mention", mention))
        for model_row in conn.execute(PROMPT_MODELS, (prompt_id,)).fetchall():
            columns = [d[0] for d in conn.execute("SELECT * FROM models LIMIT 0").description] + ["position"]
            hub = dict(zip(columns, model_row))
            model_key = canonical_key("model", hub["repo"])
            # no url: the hub page an id names (huggingface.co/<repo>) is not written in the corpus, so no output shows it
            writer.entity(model_key, "model", hub["repo"])
            span = _line_span(text, hub["raw_id"])
            writer.edge(key, model_key, "recommends", key, "text", text, span, "prompt-model-list")
            repo_name = hub["repo"].split("/", 1)[-1]
            for candidate in (identifier_words(repo_name), identifier_words(hub["category"])):
                entry = lexicon.lookup("task", candidate)
                if entry:
                    writer.entity(entry.key, "task", entry.name, in_vocabulary=True)
                    writer.edge(model_key, entry.key, "addresses", key, "text", text, span, "hub-model-id", weight=2.0)
                    asked.setdefault(entry.key, ("recommended-model", None))
        for paper_id, title, raw_title, position in conn.execute(PROMPT_PAPERS, (prompt_id,)).fetchall():
            span = _line_span(text, "Model: " + raw_title) or _line_span(text, raw_title)
            writer.edge(key, f"paper:{paper_id}", "cites", key, "text", text, span, "prompt-paper-list")
        for task_key, (rule, mention) in sorted(asked.items()):
            if task_key not in lexicon.tasks and not task_key.startswith("task:"):
                continue
            writer.entity(task_key, "task", task_key.split(":", 1)[1], in_vocabulary=task_key in lexicon.tasks)
            kind = "INFERRED" if rule == "recommended-model" else "EXTRACTED"
            writer.edge(key, task_key, "asks_about", key, "question", text, question_span, rule, kind=kind)


def _prompt_links(conn, writer: _Writer, prompt_id: int, key: str, text: str) -> None:
    """A link in a prompt's paper block belongs to that paper and what it proposes; in a model block, to the model."""
    from kg.nlp.links import prompt_links

    blocks = [(line, [node, *proposed_by(conn, node)] if node.startswith("paper:") else [canonical_key("model", node)])
              for line, node in prompt_blocks(conn, prompt_id)]
    writer.links += write_links(conn, prompt_links(key, text, blocks))


def _hierarchy(conn, writer: _Writer) -> None:
    """subtask_of edges from the vocabulary for every task in the graph and its ancestors."""
    conn.execute("DELETE FROM edges WHERE doc = 'vocabulary'")
    present = [row[0] for row in conn.execute(TASKS_IN_USE)]  # not a task whose last paper is gone: it is dropped
    lexicon = writer.lexicon
    frontier, seen = list(present), set()
    while frontier:
        key = frontier.pop()
        if key in seen:
            continue
        seen.add(key)
        for parent in lexicon.parents.get(key, ()):
            writer.entity(parent, "task", parent.split(":", 1)[1], in_vocabulary=True)
            writer.edge(key, parent, "subtask_of", "vocabulary", "", "", None, "vocabulary-parent", kind="INFERRED")
            frontier.append(parent)


def _vocabulary_aliases(conn) -> None:
    """Record the vocabulary's own names of each entity in the graph as aliases too."""
    lexicon = load_lexicon()
    rows = conn.execute("SELECT id, key, type FROM entities WHERE in_vocabulary = 1").fetchall()
    for entity_id, key, entity_type in rows:
        entry = lexicon.tasks.get(key) or lexicon.datasets.get(key) or lexicon.metrics.get(key) or lexicon.methods.get(key)
        if entry is None:
            continue
        names = [entry.name, *entry.aliases, *getattr(entry, "abbreviations", ())]
        conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, count, reason) VALUES (?, ?, 0, 'vocabulary')",
                         [(entity_id, name) for name in names])
