"""From a question to an :class:`~kg.answer.model.Answer`: seeds → walk → ranked, grounded parts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.answer import EmptyQuestion
from kg.answer.matching import Seeds, Word, content_stems, match_question, stem, task_index
from kg.answer.model import Answer, DatasetHit, Evidence, ModelHit, PaperHit, Step, TaskHit, Workflow
from kg.answer.walk import best_paths, fetch_neighbourhood, personalised_pagerank

MAX_QUESTION_WORDS = 2000
# Below these the corpus is taken not to cover the question (abstain, list the nearest).
MIN_TASK_SCORE = 3.5
MIN_PAPER_COVERAGE = 0.35
LEXICAL_SHARE = 0.6  # task score: vocabulary match vs. the walk (tasks the matched papers address)
RUNNER_UP_TASKS, RUNNER_UP_MIN_SHARE = 2, 0.5  # runner-up tasks whose papers are listed too
PAPER_WALK, PAPER_TEXT, PAPER_TASK = 0.15, 0.3, 0.55  # paper score: the walk, BM25 over the question, link to the tasks
PAPER_EVIDENCE_SHARE = 0.3  # added to the task score: how well the task's own papers match the question's words
# Tasks the full-text matched papers address (read from the papers' side: a few dozen papers,
# however many papers a popular task has).
PAPER_TASKS = """SELECT src, dst FROM edges WHERE src IN ({marks})
    AND relation IN ('addresses', 'introduces') ORDER BY id"""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


@dataclass
class Scope:
    """Prompt mode: only these papers and models may be listed."""

    paper_ids: list[int] = field(default_factory=list)
    model_keys: list[str] = field(default_factory=list)


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of stored text, each verbatim (start offset, text)."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start:match.start()].strip()
        if piece:
            out.append((start + text[start:].index(piece), piece))
        start = match.end()
    piece = text[start:].strip()
    if piece:
        out.append((start + text[start:].index(piece), piece))
    return out


def _table_exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def has_graph(conn) -> bool:
    return _table_exists(conn, "edges") and conn.execute("SELECT 1 FROM edges LIMIT 1").fetchone() is not None


def _marks(values) -> str:
    return ",".join("?" * len(values))


class Nodes:
    """Lazy lookups of node attributes: tasks (entities, else the vocabulary), papers, models."""

    def __init__(self, conn, graph: bool):
        self.conn, self.graph = conn, graph
        self.entities, self.papers = {}, {}

    def load_entities(self, keys) -> None:
        wanted = sorted({k for k in keys if k not in self.entities and not k.startswith(("paper:", "prompt:"))})
        if not self.graph:
            return
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            sql = ("SELECT key, type, name, definition, input, output, url, in_vocabulary, mentions "
                   f"FROM entities WHERE key IN ({_marks(chunk)})")
            for row in self.conn.execute(sql, chunk):
                self.entities[row[0]] = dict(zip(
                    ("key", "type", "name", "definition", "input", "output", "url", "in_vocabulary", "mentions"), row))

    def load_papers(self, ids) -> None:
        wanted = sorted({int(i) for i in ids if int(i) not in self.papers})
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            sql = ("SELECT id, arxiv_id, title, abstract, sections_text, url, github "
                   f"FROM papers WHERE id IN ({_marks(chunk)})")
            for row in self.conn.execute(sql, chunk):
                self.papers[row[0]] = dict(zip(("id", "arxiv_id", "title", "abstract", "sections_text", "url", "github"), row))

    def task(self, key: str) -> dict:
        entity = self.entities.get(key)
        vocab = task_index().tasks.get(key)
        name = entity["name"] if entity else (vocab.name if vocab else key.split(":", 1)[1])
        definition = (entity or {}).get("definition") or (getattr(vocab, "definition", "") if vocab else "")
        return {"name": vocab.name if vocab else name, "definition": definition or "",
                "input": (entity or {}).get("input") or (getattr(vocab, "input", "") if vocab else ""),
                "output": (entity or {}).get("output") or (getattr(vocab, "output", "") if vocab else ""),
                "in_vocabulary": bool(vocab) or bool((entity or {}).get("in_vocabulary"))}

    def label(self, key: str) -> str:
        kind, _, rest = key.partition(":")
        if kind == "paper":
            self.load_papers([rest])
            paper = self.papers.get(int(rest))
            return f"paper: {paper['title']}" if paper else key
        if kind == "task":
            return f"task: {self.task(key)['name']}"
        self.load_entities([key])
        entity = self.entities.get(key)
        return f"{kind}: {entity['name']}" if entity else key


def _idf_weight(s: str) -> float:
    index = task_index()
    return index.idf.get(s, index.max_idf)


def _coverage(question_stems: set, text: str) -> float:
    """IDF-weighted share of the question's content stems that occur in `text`."""
    if not question_stems:
        return 0.0
    have = set(content_stems(text))
    # summed in sorted order: float sums over a set would differ in the last bits from run to run
    total = sum(_idf_weight(s) for s in sorted(question_stems))
    return sum(_idf_weight(s) for s in sorted(question_stems & have)) / total if total else 0.0


def pick_evidence(paper: dict, question_stems: set, task_stems: set, limit: int = 2) -> list[Evidence]:
    """One or two sentences of the paper's stored text that best match the question (verbatim)."""
    candidates = [("title", 0, paper["title"])]
    candidates += [("abstract", pos, s) for pos, s in sentences(paper.get("abstract") or "")]
    candidates += [("sections", pos, s) for pos, s in sentences(paper.get("sections_text") or "")]
    scored = []
    for field_name, pos, text in candidates:
        if len(text) < 20 and field_name != "title":
            continue
        have = set(content_stems(text))
        score = sum(_idf_weight(s) for s in sorted(question_stems & have))  # sorted: the same bits every run
        if task_stems and task_stems <= have:
            score += 2.0
        if field_name == "title":
            score *= 0.5  # a title says little beyond the paper's name
        if score > 0:
            scored.append((-score, field_name != "abstract", pos, field_name, text))
    scored.sort()
    return [Evidence(text, f"paper:{paper['id']} {field_name}") for _, _, _, field_name, text in scored[:limit]]


def _normalise(scores: dict) -> dict:
    top = max(scores.values(), default=0.0)
    return {k: v / top for k, v in scores.items()} if top > 0 else dict.fromkeys(scores, 0.0)


def answer_question(db, question: str, *, top: int = 5, scope: Scope | None = None) -> Answer:
    """Answer `question` from the knowledge base open as `db`; see :func:`kg.api.ask`."""
    conn = db.conn
    question = question if isinstance(question, str) else ""
    text = question.strip()
    if not text or not any(ch.isalnum() for ch in text):
        raise EmptyQuestion("the question is empty: ask in words, e.g. kg ask \"how do I separate facial parts?\"")
    graph = has_graph(conn)
    seeds: Seeds = match_question(conn, text, has_graph=graph)
    if len(seeds.words) > MAX_QUESTION_WORDS:
        seeds.words = seeds.words[:MAX_QUESTION_WORDS]
    nodes = Nodes(conn, graph)
    weights = seeds.weights()
    if scope is not None:
        # the prompt's own list is part of what the question is about
        for key in scope.model_keys:
            weights[key] = max(weights.get(key, 0.0), 0.5)
        for pid in scope.paper_ids:
            weights[f"paper:{pid}"] = max(weights.get(f"paper:{pid}", 0.0), 0.3)
    hood = fetch_neighbourhood(conn, weights) if graph else None
    ranks = personalised_pagerank(hood, weights) if hood is not None else {}
    paths = best_paths(hood, weights) if hood is not None else {}
    question_stems = {w.stem for w in seeds.words if w.content}

    # 1. Tasks: lexical match first, the walk second (tasks the matched papers address).
    lexical = _normalise({k: m.score for k, m in seeds.tasks.items()})
    walked = _normalise({k: v for k, v in ranks.items() if k.startswith("task:")})
    task_keys = sorted(set(lexical) | {k for k, v in walked.items() if v > 0})
    nodes.load_entities(task_keys)
    with_papers = {e.dst for e in (hood.edges.values() if hood else ()) if e.src.startswith("paper:")
                   and e.relation in ("addresses", "introduces", "uses")}
    evidence = _task_paper_evidence(conn, task_keys, seeds.papers) if graph else {}
    task_scores = {}
    for key in task_keys:
        info = nodes.task(key)
        score = LEXICAL_SHARE * lexical.get(key, 0.0) + (1 - LEXICAL_SHARE) * walked.get(key, 0.0)
        score += PAPER_EVIDENCE_SHARE * evidence.get(key, 0.0) * min(1.0, 2 * lexical.get(key, 0.0))
        if key not in with_papers:
            score *= 0.6  # kg answers from its corpus: a task no paper addresses is a weaker answer
        if not info["in_vocabulary"]:
            score *= 0.5  # discovered task phrases are noisier than curated ones
        task_scores[key] = score
    ranked_tasks = sorted(task_scores, key=lambda k: (-task_scores[k], k))
    tasks = []
    for key in ranked_tasks[:max(top, 5)]:
        info = nodes.task(key)
        match = seeds.tasks.get(key)
        tasks.append(TaskHit(key, info["name"], task_scores[key], info["definition"],
                             list(match.matched) if match else [], info["input"], info["output"]))
    top_task = tasks[0] if tasks else None
    top_lexical = seeds.tasks[top_task.key].score if top_task and top_task.key in seeds.tasks else 0.0

    # 2. Papers: the walk, full-text match, and a direct link to the top task.
    linked = _task_links(hood, top_task.key) if (top_task and hood) else {}
    # Runner-up tasks close to the top one contribute their papers too, scaled by their score.
    for runner_up in tasks[1:RUNNER_UP_TASKS + 1] if hood and top_task and top_task.score > 0 else ():
        share = runner_up.score / top_task.score
        if share < RUNNER_UP_MIN_SHARE:
            break
        for key, value in _task_links(hood, runner_up.key).items():
            linked[key] = max(linked.get(key, 0.0), share * value)
    walked_papers = _normalise({k: v for k, v in ranks.items() if k.startswith("paper:")})
    candidates = set(walked_papers) | {f"paper:{i}" for i in seeds.papers} | set(linked)
    if scope is not None:
        candidates = {f"paper:{i}" for i in scope.paper_ids}
    paper_scores = {}
    for key in candidates:
        pid = int(key.split(":")[1])
        paper_scores[key] = (PAPER_WALK * walked_papers.get(key, 0.0) + PAPER_TEXT * seeds.papers.get(pid, 0.0)
                             + PAPER_TASK * linked.get(key, 0.0))
    ranked_papers = sorted(paper_scores, key=lambda k: (-paper_scores[k], int(k.split(":")[1])))
    # Only the papers shown (and the ten the coverage test reads) are loaded, best first.
    ranked_papers = _stored_papers(nodes, ranked_papers, len(ranked_papers) if scope is not None else max(top, 10))
    best_coverage = max((_coverage(question_stems, nodes.papers[int(k.split(':')[1])]["title"] + " "
                                   + nodes.papers[int(k.split(':')[1])]["abstract"])
                         for k in ranked_papers[:10]), default=0.0)
    # Abstain when the question is about a task no paper covers, or about nothing the
    # vocabulary knows and no paper shares enough of its words.
    strongest = max((m.score for m in seeds.tasks.values()), default=0.0)
    if strongest >= MIN_TASK_SCORE:
        # some well-matched task (not only the top one) must have papers in the corpus
        covered = any(key in with_papers for key, m in seeds.tasks.items() if m.score >= 0.3 * strongest)
    else:
        covered = best_coverage >= MIN_PAPER_COVERAGE
    abstained = scope is None and not covered

    task_stems = set(content_stems(top_task.name)) if top_task else set()
    papers = []
    for key in ranked_papers[:top if scope is None else len(ranked_papers)]:
        paper = nodes.papers[int(key.split(":")[1])]
        hit = PaperHit(key, paper["title"], paper["arxiv_id"], paper["url"], paper["github"], paper_scores[key],
                       _path_labels(nodes, paths.get(key), key, seeds, question_stems),
                       pick_evidence(paper, question_stems, task_stems))
        papers.append(hit)

    # 3. Models and datasets reached by the walk.
    model_keys = [k for k in ranks if k.startswith("model:") and ranks[k] > 0]
    if scope is not None:
        model_keys = [k for k in model_keys if k in scope.model_keys]
    dataset_keys = [k for k in ranks if k.startswith("dataset:") and ranks[k] > 0]
    if scope is not None:  # a prompt is answered from its own list: datasets of its papers only
        listed = {f"paper:{i}" for i in scope.paper_ids}
        dataset_keys = [k for k in dataset_keys
                        if any(e.other(k) in listed for e in (hood.incident(k) if hood else ()))]
    nodes.load_entities(model_keys + dataset_keys)
    models = []
    for key in sorted(model_keys, key=lambda k: (-ranks[k], k))[:top]:
        entity = nodes.entities.get(key, {"name": key.split(":", 1)[1], "url": None})
        models.append(ModelHit(key, entity["name"], _model_url(hood, nodes, key),
                               _neighbour_names(hood, nodes, key, "task:", ("addresses", "used_for")), ranks[key]))
    datasets = []
    for key in sorted(dataset_keys, key=lambda k: (-ranks[k], k))[:top]:
        entity = nodes.entities.get(key, {"name": key.split(":", 1)[1]})
        datasets.append(DatasetHit(key, entity["name"],
                                   _neighbour_names(hood, nodes, key, "paper:", ("introduces", "uses")), ranks[key]))

    workflow = Workflow()
    if top_task and not abstained:
        workflow = _workflow(hood, nodes, top_task, ranks, ranked_papers, scope, tasks[1:])

    answer = Answer(text, abstained, tasks, workflow, papers, models, datasets)
    answer.explain = {
        "seeds": {k: round(v, 4) for k, v in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:20]},
        "task_matches": {k: {"score": round(m.score, 3), "phrases": m.phrases, "words": m.matched}
                         for k, m in sorted(seeds.tasks.items(), key=lambda kv: (-kv[1].score, kv[0]))[:8]},
        "full_text": {f"paper:{k}": round(v, 3) for k, v in sorted(seeds.papers.items(), key=lambda kv: (-kv[1], kv[0]))[:10]},
        "entities": {k: v[1] for k, v in sorted(seeds.entities.items())},
        "neighbourhood": {"nodes": len(hood.adjacency) if hood else 0, "edges": len(hood.edges) if hood else 0},
        "top_task_lexical": round(top_lexical, 3), "best_paper_coverage": round(best_coverage, 3),
        "thresholds": {"task": MIN_TASK_SCORE, "paper_coverage": MIN_PAPER_COVERAGE},
    }
    shown = {"question"} | {t.key for t in tasks[:3]} | {p.key for p in papers} | {m.key for m in models} \
        | {d.key for d in datasets}
    if hood is not None:
        answer.walked_edges = [{"src": e.src, "dst": e.dst, "relation": e.relation}
                               for _, e in sorted(hood.edges.items()) if e.src in shown and e.dst in shown]
    return answer


def _task_paper_evidence(conn, task_keys, paper_scores: dict) -> dict[str, float]:
    """Task → best full-text score among the papers addressing it: a task whose own papers share
    the question's words is more likely what the question is about."""
    wanted, out = set(task_keys), {}
    keys = [f"paper:{pid}" for pid in sorted(paper_scores)]
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        for src, dst in conn.execute(PAPER_TASKS.format(marks=_marks(chunk)), chunk):
            if dst not in wanted:
                continue
            score = paper_scores.get(int(src.split(":")[1]), 0.0)
            if score > out.get(dst, 0.0):
                out[dst] = score
    return out


def _stored_papers(nodes: Nodes, ranked: list[str], need: int) -> list[str]:
    """The first `need` of the ranked paper keys that are stored papers (their rows loaded)."""
    out = []
    step = max(need, 1)
    for start in range(0, len(ranked), step):
        if len(out) >= need:
            break
        chunk = ranked[start:start + step]
        nodes.load_papers(int(k.split(":")[1]) for k in chunk)
        out += [k for k in chunk if int(k.split(":")[1]) in nodes.papers]
    return out[:need]


def _related_tasks(hood, task_key: str) -> dict[str, float]:
    """The task (1.0) and its sub-tasks (0.8) and parents (0.3) in the neighbourhood."""
    related = {task_key: 1.0}
    for edge in hood.incident(task_key):
        if edge.relation == "subtask_of":
            other = edge.other(task_key)
            # children are more specific than the question's task, parents more general: both weaker
            related.setdefault(other, 0.8 if edge.src == other else 0.3)
    return related


def _task_links(hood, task_key: str) -> dict[str, float]:
    """Papers addressing the task (1.0) or one of its sub/parent tasks (0.5)."""
    if hood is None:
        return {}
    out = {}
    for task, strength in _related_tasks(hood, task_key).items():
        for edge in hood.incident(task):
            if edge.dst == task and edge.relation in ("addresses", "introduces", "uses") \
                    and edge.src.startswith("paper:"):
                out[edge.src] = max(out.get(edge.src, 0.0), strength)
    return out


def _path_labels(nodes: Nodes, path, key, seeds: Seeds, question_stems) -> list[str]:
    labels = ["question"]
    if not path:
        return labels + [nodes.label(key)]
    first = path[0]
    if first.startswith("paper:") and int(first.split(":")[1]) in seeds.papers:
        paper = nodes.papers.get(int(first.split(":")[1])) or {}
        text = (paper.get("title", "") + " " + paper.get("abstract", ""))
        have = set(content_stems(text))
        shared = [w.text for w in seeds.words if w.content and w.stem in have]
        shared = list(dict.fromkeys(s.lower() for s in shared))[:6]
        labels.append("full text: " + ", ".join(shared))
    return labels + [nodes.label(k) for k in path]


def _neighbour_names(hood, nodes: Nodes, key: str, prefix: str, relations) -> list[str]:
    if hood is None:
        return []
    others = sorted({e.other(key) for e in hood.incident(key)
                     if e.relation in relations and e.other(key).startswith(prefix)})
    return [nodes.label(k).split(": ", 1)[-1] for k in others][:5]


def _model_url(hood, nodes: Nodes, key: str) -> str | None:
    """A model's hub URL as stored, else the code URL it is implemented at (never constructed)."""
    entity = nodes.entities.get(key) or {}
    if entity.get("url"):
        return entity["url"]
    if hood is not None:
        for edge in hood.incident(key):
            if edge.src == key and edge.relation == "implemented_at" and edge.dst.startswith("code:"):
                return edge.dst.split(":", 1)[1]
    return None


# Multi-step workflows: a second task is chained to the top one when its input is what the other
# produces (the vocabulary's input/output text) and the graph ties the two tasks together (shared
# models or papers, or a direct task–task edge other than the hierarchy).
CHAIN_MIN_COVERAGE = 0.8  # IDF-weighted share of the next task's input words found in the output
CHAIN_MIN_GAIN = 0.3  # ... and this much more than in the first task's own input (not just "an image")
CHAIN_MIN_EVIDENCE = 2  # papers addressing both; a shared model or a direct edge counts double
STEP_RELATIONS = ("addresses", "used_for")
MODELS_FOR_TASK = """SELECT src FROM edges WHERE id IN (SELECT id FROM edges WHERE dst = ? LIMIT 2000)
    AND relation IN ('addresses', 'used_for') AND src LIKE 'model:%' ORDER BY weight DESC, id LIMIT 50"""


def _task_models(conn, hood, nodes: Nodes, task_key: str, ranks, scope) -> list[str]:
    """Models addressing the task, hub models first, then by walk rank and key."""
    keys = {e.src for e in hood.incident(task_key) if e.dst == task_key and e.src.startswith("model:")
            and e.relation in STEP_RELATIONS}
    if conn is not None:
        keys.update(row[0] for row in conn.execute(MODELS_FOR_TASK, (task_key,)))
    keys = sorted(keys)
    if scope is not None:
        keys = [k for k in keys if k in scope.model_keys]
    nodes.load_entities(keys)
    urls = {k: _model_url(hood, nodes, k) for k in keys}
    keys.sort(key=lambda k: (urls[k] is None, -ranks.get(k, 0.0), k))
    return keys


def _feeds(source: dict, target: dict) -> float:
    """How well `source`'s output serves as `target`'s input (0 when it does not, or adds nothing)."""
    wanted = set(content_stems(target["input"]))
    if not wanted or not source["output"]:
        return 0.0
    from_output = _coverage(wanted, source["output"])
    if from_output < CHAIN_MIN_COVERAGE or from_output - _coverage(wanted, source["input"]) < CHAIN_MIN_GAIN:
        return 0.0
    return from_output


def _chained_task(hood, nodes: Nodes, task: TaskHit, step_models: list[str], ranks, asked: set):
    """The best task to chain before or after `task`: (key, "after" | "before") or None.

    Only tasks in `asked` (what the question is about: the answer's runner-up tasks) are chained.
    """
    evidence: dict[str, float] = {}
    hierarchy = set(_related_tasks(hood, task.key))
    for model in step_models:
        for edge in hood.incident(model):
            if edge.src == model and edge.relation in STEP_RELATIONS and edge.dst.startswith("task:"):
                evidence[edge.dst] = evidence.get(edge.dst, 0.0) + 2
    on_task = {e.src for e in hood.incident(task.key) if e.dst == task.key and e.src.startswith("paper:")
               and e.relation in ("addresses", "introduces")}
    for paper in sorted(on_task):
        for other in sorted({e.dst for e in hood.incident(paper) if e.src == paper and e.dst.startswith("task:")
                             and e.relation in ("addresses", "introduces")}):
            evidence[other] = evidence.get(other, 0.0) + 1
    for edge in hood.incident(task.key):
        other = edge.other(task.key)
        if other.startswith("task:") and edge.relation != "subtask_of":
            evidence[other] = evidence.get(other, 0.0) + 2
    first = {"input": task.input, "output": task.output}
    best = None
    candidates = sorted(k for k, v in evidence.items() if v >= CHAIN_MIN_EVIDENCE and k not in hierarchy and k in asked)
    nodes.load_entities(candidates)
    for key in candidates:
        info = nodes.task(key)
        if not info["in_vocabulary"] or info["name"] == task.name:
            continue
        for direction, fit in (("after", _feeds(first, info)), ("before", _feeds(info, first))):
            if fit > 0:
                rank = (-evidence[key], -fit, -ranks.get(key, 0.0), direction != "after", key)
                if best is None or rank < best[0]:
                    best = (rank, key, direction)
    return (best[1], best[2]) if best else None


def _workflow(hood, nodes: Nodes, task: TaskHit, ranks, ranked_papers, scope, runner_ups=()) -> Workflow:
    """input → model(s) → output: models addressing the task (hub models first), else models the
    best papers on the task propose; with a second step when one of the `runner_ups` (tasks the
    question is also about) takes the task's output as input, or feeds it, and the graph links the two."""
    steps = []
    if hood is None:
        return Workflow(task.input, steps, task.output)
    linked = _task_models(None, hood, nodes, task.key, ranks, scope)
    for key in linked[:2]:
        entity = nodes.entities.get(key, {"name": key.split(":", 1)[1]})
        steps.append(Step(entity["name"], _model_url(hood, nodes, key), task.name))
    if not steps:
        papers_on_task = [p for p in ranked_papers[:5] if any(e.dst == task.key for e in hood.incident(p))]
        for paper in papers_on_task:
            proposed = sorted(e.dst for e in hood.incident(paper) if e.src == paper and e.relation == "proposes")
            nodes.load_entities(proposed)
            if proposed:
                key = sorted(proposed, key=lambda k: (-ranks.get(k, 0.0), k))[0]
                linked.append(key)
                entity = nodes.entities.get(key, {"name": key.split(":", 1)[1]})
                url = _model_url(hood, nodes, key)
                if url is None:
                    nodes.load_papers([int(paper.split(":")[1])])
                    url = nodes.papers[int(paper.split(":")[1])].get("github") or None
                steps.append(Step(entity["name"], url, task.name))
            if len(steps) >= 2:
                break
    workflow = Workflow(task.input, steps, task.output)
    if not steps:
        return workflow
    chained = _chained_task(hood, nodes, task, linked[:2], ranks, {t.key for t in runner_ups})
    if chained is None:
        return workflow
    key, direction = chained
    models = [k for k in _task_models(nodes.conn, hood, nodes, key, ranks, scope) if k not in linked]
    if not models:
        return workflow
    info = nodes.task(key)
    entity = nodes.entities.get(models[0], {"name": models[0].split(":", 1)[1]})
    step = Step(entity["name"], _model_url(hood, nodes, models[0]), info["name"])
    first = steps[:1]  # one model per task in a chain: the chain is the point
    if direction == "after":
        return Workflow(task.input, first + [step], info["output"])
    return Workflow(info["input"], [step] + first, task.output)
