"""Prompt mode: answer a question-prompt file using only the models and papers it lists."""
from __future__ import annotations

from pathlib import Path

from kg.answer import PromptNotFound
from kg.answer.compose import Scope, answer_question
from kg.answer.matching import content_stems
from kg.answer.model import Answer, PromptReport

TASK_NAMES = """SELECT name FROM entities WHERE key = ? UNION
    SELECT alias FROM aliases JOIN entities ON entities.id = aliases.entity_id WHERE entities.key = ?"""
PROMPT_BY_NAME = "SELECT id, name, question FROM prompts WHERE name = ? ORDER BY id LIMIT 1"


def load_prompt(ref: str):
    """A prompt record from a file path, or a corpus prompt by name (``face_parsing_makeup``)."""
    from kg.config import EMBEDDED_CORPUS
    from kg.errors import InputError
    from kg.ingest import prompts as reader

    ref = (ref or "").strip()
    if not ref:
        raise PromptNotFound("no prompt given: name a prompt file or a corpus prompt such as face_parsing_makeup")
    path = Path(ref).expanduser()
    if not path.is_file():
        named = EMBEDDED_CORPUS / "prompts" / (path.name if path.suffix == ".txt" else path.name + ".txt")
        if named.is_file() and path.parent == Path("."):
            path = named
        else:
            raise PromptNotFound(f"no prompt file {ref!r}: give a path to a prompt .txt file or the name of "
                                 f"one in {EMBEDDED_CORPUS / 'prompts'}")
    try:
        [prompt] = list(reader.read(path, path.name, "0" * 64))
    except InputError as error:
        raise PromptNotFound(f"{path} is not a question prompt: {error.reason}") from None
    except UnicodeDecodeError:
        raise PromptNotFound(f"{path} is not a text prompt file") from None
    return path, prompt


def _paper_ids(conn, prompt) -> tuple[list[int], list]:
    """Listed papers found in the knowledge base (by arXiv id, else title), and those not found."""
    from kg.text import normalise_title

    found, missing = [], []
    for paper in prompt.papers:
        row = None
        if paper.arxiv_id:
            row = conn.execute("SELECT id FROM papers WHERE arxiv_id = ?", (paper.arxiv_id,)).fetchone()
        if row is None:
            row = conn.execute("SELECT id FROM papers WHERE title_norm = ? ORDER BY id LIMIT 1",
                               (normalise_title(paper.title),)).fetchone()
        if row is None:
            missing.append(paper)
        elif row[0] not in found:
            found.append(row[0])
    return found, missing


def answer_prompt(db, ref: str, *, top: int = 5) -> Answer:
    """Answer the prompt's question from its own list, and say which listed papers are relevant."""
    from kg.nlp.lexicon import canonical_key

    path, prompt = load_prompt(ref)
    conn = db.conn
    paper_ids, missing = _paper_ids(conn, prompt)
    model_keys = [canonical_key("model", m.repo) for m in prompt.models]
    answer = answer_question(db, prompt.question, top=top, scope=Scope(paper_ids, model_keys))
    report = PromptReport(prompt.name, str(path))
    task = answer.task
    task_phrases = _task_phrases(conn, task.key) if task else []
    for paper in answer.papers:
        linked = _addresses(conn, paper.key)
        text = paper.title + " " + _abstract(conn, paper.key)
        names = [name for key, name in linked]
        related = _related_tasks(conn, task.key) if task else set()
        on_task = task is not None and (any(k in related for k, _ in linked) or _mentions(text, task_phrases))
        paper.relevant = on_task
        if on_task:
            paper.reason = f"relevant: about {task.name}"
            report.relevant.append(paper.title)
        else:
            about = ", ".join(names[:3]) if names else "other topics"
            paper.reason = f"not relevant: about {about}, not {task.name if task else 'the question'}"
            report.not_relevant.append({"title": paper.title, "reason": paper.reason[len('not relevant: '):]})
    for paper in missing:
        report.not_relevant.append({"title": paper.title, "reason": "not in the knowledge base (run kg build)"})
    answer.papers.sort(key=lambda p: (not p.relevant, -p.score, p.title))
    # Models the prompt lists that do not perform the task are named, not used.
    used = {s.model for s in answer.workflow.steps}
    for model in prompt.models:
        key = canonical_key("model", model.repo)
        if model.repo in used:
            continue
        tasks = [name for _, name in _addresses(conn, key)]
        if task and any(k in _related_tasks(conn, task.key) for k, _ in _addresses(conn, key)):
            continue
        report.models_not_relevant.append({"name": model.repo, "reason": f"performs {', '.join(tasks) or 'another task'}"
                                           f", not {task.name if task else 'the task asked about'}"})
    answer.prompt = report
    return answer


def _task_phrases(conn, task_key: str) -> list[tuple[str, ...]]:
    """Content stems of the task's name and of every alias it was seen as."""
    names = [row[0] for row in conn.execute(TASK_NAMES, (task_key, task_key))]
    return [stems for stems in (content_stems(n) for n in names) if stems]


def _mentions(text: str, phrases) -> bool:
    have = set(content_stems(text))
    return any(set(stems) <= have for stems in phrases if stems)


def _abstract(conn, key: str) -> str:
    row = conn.execute("SELECT abstract FROM papers WHERE id = ?", (int(key.split(":")[1]),)).fetchone()
    return row[0] if row else ""


def _addresses(conn, key: str) -> list[tuple[str, str]]:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edges'").fetchone() is None:
        return []
    rows = conn.execute(
        "SELECT DISTINCT edges.dst, coalesce(entities.name, edges.dst) FROM edges LEFT JOIN entities "
        "ON entities.key = edges.dst WHERE edges.src = ? AND edges.relation IN ('addresses', 'used_for') "
        "AND edges.dst LIKE 'task:%' ORDER BY entities.in_vocabulary DESC, edges.dst", (key,)).fetchall()
    return [(k, n) for k, n in rows]


def _related_tasks(conn, task_key: str) -> set[str]:
    """The task, its sub-tasks and its direct parents."""
    related = {task_key}
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edges'").fetchone() is None:
        return related
    for src, dst in conn.execute("SELECT src, dst FROM edges WHERE relation = 'subtask_of' AND (src = ? OR dst = ?)",
                                 (task_key, task_key)):
        related.add(src if dst == task_key else dst)
    return related
