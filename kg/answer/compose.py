"""From a question to an :class:`~kg.answer.model.Answer`: retrieve → choose task → rank → compose.

Read-only and light at query time (no spaCy, no networkx; onnxruntime only in hybrid mode).
The workflow, models and datasets come from the chosen task and the listed papers only, each
item showing its tie to them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.answer import EmptyQuestion
from kg.answer.choose_task import TaskScore, choose_tasks
from kg.answer.matching import content_stems, words
from kg.answer.model import Answer, DatasetHit, Evidence, ModelHit, PaperHit, Step, TaskHit, Workflow
from kg.answer.rank import RankedPaper, rank_papers
from kg.answer.retrieve import Retrieval, retrieve
from kg.answer.weights import WEIGHTS
from kg.store import answer as q

MAX_QUESTION_WORDS = 2000


@dataclass
class Scope:
    """Prompt mode: only these papers and models may be listed."""

    paper_ids: list[int] = field(default_factory=list)
    model_keys: list[str] = field(default_factory=list)


def coverage(question_stems: set, text: str) -> float:
    """Share of the question's content stems found in `text`.

    >>> coverage({"fac", "pars"}, "Face parsing in the wild")
    1.0
    """
    return len(question_stems & set(content_stems(text))) / len(question_stems) if question_stems else 0.0


def paper_evidence(conn, paper_id: int, task_names, question_words) -> list[Evidence]:
    """The paper's sentences best first (contribution, on the task or the question, result, background),
    each the raw span of what was read: :func:`kg.nlp.roles.ranked_quotes`."""
    from kg.nlp.roles import ranked_quotes

    quotes = ranked_quotes(conn, paper_id, task_names=task_names, question_words=question_words)
    return [Evidence.of(quote) for quote in quotes]


def task_names(conn, task: TaskHit | None) -> list[str]:
    """The chosen task's name and aliases (what a sentence may call it)."""
    if task is None:
        return []
    return list(dict.fromkeys([task.name] + [alias for (alias,) in conn.execute(q.TASK_ALIASES, (task.key,))]))


def has_graph(conn) -> bool:
    return conn.execute(q.HAS_EDGES).fetchone() is not None


def _question_text(question) -> str:
    text = question.strip() if isinstance(question, str) else ""
    if not text or not any(ch.isalnum() for ch in text):
        raise EmptyQuestion("the question is empty: ask in words, e.g. kg ask \"how do I separate facial parts?\"")
    return text


def answer_question(db, question: str, *, top: int = 5, scope: Scope | None = None) -> Answer:
    """Answer `question` from the knowledge base open as `db`; see :func:`kg.api.ask`."""
    from kg.answer.retrieve import question_model, task_similarity

    conn, text = db.conn, _question_text(question)
    question_words = words(text)[:MAX_QUESTION_WORDS]
    retrieval = retrieve(conn, text, question_words, question_model(conn))
    voters = retrieval.fused
    if scope is not None:  # a prompt is answered from its own list: its papers and models vote
        fused = dict(retrieval.fused)
        voters = sorted(((p, fused.get(p, 0.0)) for p in scope.paper_ids), key=lambda kv: (-kv[1], kv[0]))
    tasks = choose_tasks(conn, voters, question_words, node_similarity=task_similarity(conn, retrieval),
                         models=scope.model_keys if scope else ())
    task_key = tasks[0].key if tasks else None
    ranked = rank_papers(conn, retrieval, task_key, top=top, scope=scope.paper_ids if scope else None)
    question_stems = {w.stem for w in question_words if w.content}
    shown = ranked[:top] if scope is None else ranked
    rows = paper_rows(conn, [p.id for p in shown])
    abstained = scope is None and _abstain(retrieval, question_stems, rows)
    entities = entity_rows(conn, [t.key for t in tasks])
    task_hits = [_task_hit(t, entities.get(t.key)) for t in tasks]
    wording = Wording(task_names(conn, task_hits[0] if task_hits else None),
                      [w.text for w in question_words if w.content])
    papers = [_paper_hit(conn, p, rows[p.id], retrieval, task_hits, wording) for p in shown if p.id in rows]
    answer = Answer(text, abstained, task_hits, Workflow(), papers, retrieval=retrieval.mode)
    if task_hits and not abstained:
        on_task = {f"paper:{p.id}" for p in shown if p.on_task}  # the ranking already asked which papers are on it
        answer.models, answer.workflow = _models(conn, task_hits[0], papers, on_task, top, scope)
        answer.datasets = _datasets(conn, papers, rows, top)
        answer.results = answer_results(db, papers)
    answer.explain = _explain(retrieval, tasks, ranked[:top])
    answer.walked_edges = _edges_among(conn, answer)
    return answer


def _abstain(retrieval: Retrieval, question_stems: set, rows: dict) -> bool:
    """The corpus does not cover the question: nothing retrieved, or the nearest papers are far."""
    if not question_stems or not retrieval.fused:
        return True
    best = max((coverage(question_stems, r["title"] + " " + r["abstract"]) for r in rows.values()), default=0.0)
    if retrieval.mode == "hybrid":  # far in meaning, and not rescued by most of the question's words
        return retrieval.dense[0][1] < WEIGHTS.min_similarity and best < WEIGHTS.lexical_rescue
    return best < WEIGHTS.min_coverage


def paper_rows(conn, ids) -> dict[int, dict]:
    names = ("id", "arxiv_id", "title", "abstract", "sections_text", "url", "github")
    return {row[0]: dict(zip(names, row)) for row in q.rows_in(conn, q.PAPER_ROWS, sorted(set(ids)))}


def entity_rows(conn, keys) -> dict[str, dict]:
    names = ("key", "type", "name", "definition", "input", "output", "url", "in_vocabulary")
    return {row[0]: dict(zip(names, row)) for row in q.rows_in(conn, q.ENTITY_ROWS, sorted(set(keys)))}


def _task_hit(task: TaskScore, entity: dict | None) -> TaskHit:
    entity = entity or {"name": task.key.split(":", 1)[1], "definition": "", "input": "", "output": ""}
    matched = [task.named] if task.named else []
    return TaskHit(task.key, entity["name"], task.score, entity["definition"] or "", matched,
                   entity["input"] or "", entity["output"] or "")


@dataclass
class Wording:
    """What a paper's sentences are ordered by: the chosen task's names and the question's content words."""

    task_names: list[str]
    question_words: list[str]


def _paper_hit(conn, paper: RankedPaper, row: dict, retrieval: Retrieval, tasks: list[TaskHit],
               wording: Wording) -> PaperHit:
    path = ["question"]
    if paper.retrieved > 0:
        path.append(f"{retrieval.mode} retrieval ({paper.retrieved:.2f})")
    if paper.on_task and tasks:
        path.append(f"task: {tasks[0].name}")
    path.append(f"paper: {row['title']}")
    from kg.store.links import links_for_paper

    return PaperHit(f"paper:{row['id']}", row["title"], row["arxiv_id"], row["url"], row["github"], paper.score,
                    path, paper_evidence(conn, row["id"], wording.task_names, wording.question_words),
                    links=links_for_paper(conn, row["id"]), retrieved=paper.retrieved)


def _paper_links(conn, papers: list[PaperHit], prefix: str, relations) -> dict[str, list[str]]:
    """Nodes of a kind (`prefix`) tied to the listed papers: key → titles of those papers, in list order."""
    titles = {p.key: p.title for p in papers}
    out: dict[str, list[str]] = {}
    for src, dst, relation in q.rows_in(conn, q.PAPER_NEIGHBOURS, list(titles)):
        if dst.startswith(prefix) and relation in relations and titles[src] not in out.get(dst, []):
            out.setdefault(dst, []).append(titles[src])
    order = list(titles.values())
    return dict(sorted(out.items(), key=lambda kv: (min(order.index(t) for t in kv[1]), -len(kv[1]), kv[0])))


def _model_url(conn, entity: dict) -> str | None:
    """The code URL a model is implemented at (its paper's GitHub line, as the paper's own links show it), else
    its link as the corpus text writes it (``links`` table: code first), else the first link of the paper that
    proposes it."""
    from kg.store.links import links_for_node

    row = conn.execute(q.MODEL_CODE, (entity["key"],)).fetchone()
    if row and row[0].startswith("code:"):
        return row[0].split(":", 1)[1]
    links = links_for_node(conn, entity["key"])
    if links:
        return links[0]["url"]
    row = conn.execute(q.PROPOSER, (entity["key"],)).fetchone()
    links = _paper_hit_links(conn, row) if row else []
    return links[0] if links else None


def _paper_hit_links(conn, row) -> list[str]:
    """The links a listed paper shows (:attr:`PaperHit.shown_links`) for a (paper id, url, github) row."""
    from kg.store.links import links_for_paper

    return PaperHit(f"paper:{row[0]}", "", None, row[1], row[2], 0.0, links=links_for_paper(conn, row[0])).shown_links


def models_for_task(conn, model_keys, task_key: str) -> list[str]:
    """Those of `model_keys` that address the task or a more general one (the vocabulary's ancestors of it).

    >>> import sqlite3; from kg.store.db import Database, migrate
    >>> db = Database(sqlite3.connect(":memory:")); _ = migrate(db)
    >>> _ = db.conn.execute("INSERT INTO edges (src, dst, relation, doc, field, sentence, rule, kind) VALUES "
    ...                     "('model:m', 'task:segmentation', 'addresses', 'prompt:1', 'text', '', 'hub-model-id', 'EXTRACTED')")
    >>> models_for_task(db.conn, ["model:m", "model:x"], "task:tumor segmentation")
    ['model:m']
    """
    from kg.nlp.lexicon import load_lexicon

    wider = {task_key, *load_lexicon().ancestors(task_key)}
    doing = {src for src, dst in q.rows_in(conn, q.PAPER_TASKS, list(model_keys)) if dst in wider}
    return [key for key in model_keys if key in doing]


def _models(conn, task: TaskHit, papers: list[PaperHit], on_task: set[str], top: int, scope: Scope | None):
    """Models tied to the chosen task or the listed papers (both first), and the workflow's steps; `on_task`: the
    keys of the listed papers that address the task."""
    task_models = list(dict.fromkeys(k for (k,) in conn.execute(q.TASK_MODELS, (task.key,))))
    if scope is not None:  # a recommended model of a more general task does this one ("segmentation": tumours)
        task_models += [k for k in models_for_task(conn, scope.model_keys, task.key) if k not in task_models]
    # a prompt's papers off the task bring no models: they are listed only to be called not relevant
    from_papers = _paper_links(conn, [p for p in papers if scope is None or p.key in on_task], "model:",
                               ("proposes", "uses"))
    keys = [k for k in task_models if k in from_papers] + [k for k in task_models if k not in from_papers]
    keys += [k for k in from_papers if k not in keys]
    if scope is not None:  # the prompt's hub models and what its listed papers propose or use
        keys = [k for k in keys if k in scope.model_keys or k in from_papers]
    entities = entity_rows(conn, keys)
    hits = []
    for key in [k for k in keys if k in entities]:
        entity = entities[key]
        hits.append(ModelHit(key, entity["name"], _model_url(conn, entity), [task.name] if key in task_models else [],
                             1.0 if key in task_models else 0.5, from_papers.get(key, [])))
    steps = [Step(m.name, m.url, task.name) for m in sorted((m for m in hits if m.tasks),
                                                             key=lambda m: (m.url is None, not m.papers))[:2]]
    if not steps:  # no model addresses the task: what the listed papers on it propose
        titles = {p.title for p in papers if p.key in on_task}
        steps = [Step(m.name, m.url, task.name) for m in hits if titles.intersection(m.papers)][:2]
    return hits[:top], Workflow(task.input, steps, task.output)


def _datasets(conn, papers: list[PaperHit], rows: dict, top: int) -> list[DatasetHit]:
    """Datasets the listed papers use or introduce."""
    linked = _paper_links(conn, papers, "dataset:", ("uses", "introduces"))
    entities = entity_rows(conn, list(linked))
    return [DatasetHit(k, entities[k]["name"], titles, 1.0) for k, titles in linked.items() if k in entities][:top]


MAX_RESULTS = 5


def answer_results(db, papers: list[PaperHit], limit: int = MAX_RESULTS) -> list[dict]:
    """The results the listed papers report (:func:`kg.store.results.results_for`), papers in list
    order, at most `limit`, each with its paper, value, unit, kind, metric, dataset and the sentence
    (raw span, offsets) it is read in."""
    from kg.store.results import results_for

    order = {p.key: rank for rank, p in enumerate(papers)}
    rows = results_for(db, papers=list(order)) if papers else []
    rows = sorted(rows, key=lambda r: (order[r["doc"]], r["field"] != "abstract", r["start"]))[:limit]
    return [{"paper": row["title"], "value": row["value"], "unit": row["unit"], "kind": row["kind"],
             "metric": row["metric"], "dataset": row["dataset"], "model": row["model"], "start": row["start"],
             "end": row["end"], "evidence": {"text": row["sentence"], "doc": row["doc"], "field": row["field"],
                                             "start": row["sentence_start"], "end": row["sentence_end"]}}
            for row in rows]


def _explain(retrieval: Retrieval, tasks: list[TaskScore], ranked: list[RankedPaper]) -> dict:
    return {
        "retrieval": retrieval.mode,
        "bm25": {f"paper:{p}": round(s, 3) for p, s in retrieval.bm25[:10]},
        "dense": {f"paper:{p}": round(s, 3) for p, s in retrieval.dense[:10]},
        "fused": {f"paper:{p}": round(s, 3) for p, s in retrieval.fused[:10]},
        "tasks": {t.key: {"score": round(t.score, 3), "votes": round(t.votes, 3), "similarity": round(t.similarity, 3),
                          "named": t.named, "voters": list(t.voters)} for t in tasks},
        "papers": {f"paper:{p.id}": {"score": round(p.score, 3), "retrieved": round(p.retrieved, 3),
                                     "on_task": p.on_task} for p in ranked},
        "thresholds": {"min_similarity": WEIGHTS.min_similarity, "min_coverage": WEIGHTS.min_coverage},
    }


def _edges_among(conn, answer: Answer) -> list[dict]:
    """Graph edges between the nodes an answer shows (for ``kg ask --graph``)."""
    shown = sorted({t.key for t in answer.tasks[:3]} | {p.key for p in answer.papers}
                   | {m.key for m in answer.models} | {d.key for d in answer.datasets})
    if not shown or len(shown) > 400:
        return []
    from kg.store.graph import EDGE_FIELDS, edge_rows

    return [{"id": row[0], "src": row[1], "dst": row[2], **dict(zip(EDGE_FIELDS, row[3:]))} for row in edge_rows(conn, shown)]
