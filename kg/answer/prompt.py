"""Prompt mode: answer a question prompt using only the models and papers it lists.

A prompt the knowledge base holds (named, or a file whose content was ingested) is read from the prompts
tables; any other prompt file (or an embedded corpus prompt named but not ingested) is read with the prompt
reader, and its listed papers looked up by arXiv id or title.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.answer import PromptNotFound
from kg.answer.compose import Scope, answer_question, models_for_task
from kg.answer.matching import content_stems
from kg.answer.model import Answer, PromptReport
from kg.config import EMBEDDED_CORPUS
from kg.ingest import recorded_path
from kg.ingest.source import file_sha256
from kg.store import answer as q
from kg.store.queries import listed_paper_id, prompt_names, stored_prompt


@dataclass
class ListedPrompt:
    """A prompt's question and lists, as the knowledge base holds them."""

    name: str
    source: str
    question: str
    paper_ids: list[int]
    model_repos: list[str]
    missing: list[str] = field(default_factory=list)  # titles of listed papers the knowledge base lacks


def find_prompt(conn, ref: str) -> ListedPrompt:
    """The prompt `ref` names: a prompt file's path, or the name or source path of an ingested prompt."""
    ref = (ref or "").strip()
    if not ref:
        raise PromptNotFound("no prompt given: name a prompt file or an ingested prompt such as face_parsing_makeup")
    path = Path(ref).expanduser()
    if path.is_file():  # the file as recorded, else one of the same content (copies are one prompt)
        stored = stored_prompt(conn, recorded_path(path)) or stored_prompt(conn, file_sha256(path), unique=False)
        return _from_tables(conn, stored) if stored else _from_file(conn, path)
    name = path.stem if path.suffix == ".txt" and path.parent == Path(".") else ref
    stored = stored_prompt(conn, name)
    if stored:
        return _from_tables(conn, stored)
    embedded = EMBEDDED_CORPUS / "prompts" / f"{name}.txt"
    if embedded.is_file():  # a prompt of the embedded corpus, asked of a knowledge base built without it
        return _from_file(conn, embedded)
    names = prompt_names(conn)
    held = f"its prompts: {', '.join(names[:10])}" if names else "it holds no prompts"
    raise PromptNotFound(f"no prompt file {ref!r} and no prompt of that name in the knowledge base ({held})")


def _from_tables(conn, stored: dict) -> ListedPrompt:
    return ListedPrompt(stored["name"], stored["path"], stored["question"], stored["paper_ids"], stored["models"])


def _from_file(conn, path: Path) -> ListedPrompt:
    """A prompt file the knowledge base has not ingested: its listed papers found by arXiv id, else title."""
    from kg.errors import InputError
    from kg.ingest import prompts as reader
    from kg.text import normalise_title

    try:
        [prompt] = list(reader.read(path, path.name, "0" * 64))
    except InputError as error:
        raise PromptNotFound(f"{error} (not a question prompt kg can read)") from None
    except UnicodeDecodeError:
        raise PromptNotFound(f"{path} is not a text prompt file") from None
    listed = ListedPrompt(prompt.name, str(path), prompt.question, [], [m.repo for m in prompt.models])
    for paper in prompt.papers:
        paper_id = listed_paper_id(conn, paper.arxiv_id, normalise_title(paper.title))
        if paper_id is None:
            listed.missing.append(paper.title)
        elif paper_id not in listed.paper_ids:
            listed.paper_ids.append(paper_id)
    return listed


def answer_prompt(db, ref: str, *, top: int = 5) -> Answer:
    """Answer the prompt's question from its own list, and say which listed papers are relevant."""
    from kg.nlp.lexicon import canonical_key

    conn = db.conn
    prompt = find_prompt(conn, ref)
    model_keys = [canonical_key("model", repo) for repo in prompt.model_repos]
    answer = answer_question(db, prompt.question, top=top, scope=Scope(prompt.paper_ids, model_keys))
    report = PromptReport(prompt.name, prompt.source)
    task = answer.task
    task_phrases = _task_phrases(conn, task.key) if task else []
    related = _related_tasks(conn, task.key) if task else set()
    for paper in answer.papers:
        linked = _addresses(conn, paper.key)
        text = paper.title + " " + _abstract(conn, paper.key)
        on_task = task is not None and (any(k in related for k, _ in linked) or _mentions(text, task_phrases))
        paper.relevant = on_task
        if on_task:
            paper.reason = f"relevant: about {task.name}"
            report.relevant.append(paper.title)
        else:
            about = ", ".join(name for _, name in linked[:3]) or "other topics"
            paper.reason = f"not relevant: about {about}, not {task.name if task else 'the question'}"
            report.not_relevant.append({"title": paper.title, "reason": paper.reason[len('not relevant: '):]})
    for title in prompt.missing:
        report.not_relevant.append({"title": title, "reason": "not in the knowledge base (run kg build)"})
    answer.papers.sort(key=lambda p: (not p.relevant, -p.score, p.title))
    # Models the prompt lists that do not perform the task are named, not used.
    used = {s.model for s in answer.workflow.steps}
    able = set(models_for_task(conn, model_keys, task.key)) if task else set()
    for repo, key in zip(prompt.model_repos, model_keys):
        linked = _addresses(conn, key)
        if repo in used or key in able or (task and any(k in related for k, _ in linked)):
            continue
        known = conn.execute(q.ENTITY_EXISTS, (key,)).fetchone() is not None
        does = f"performs {', '.join(n for _, n in linked) or 'another task'}" if known else "not in the knowledge base"
        report.models_not_relevant.append({"name": repo, "reason": f"{does}, not {task.name if task else 'the task asked about'}"
                                           if known else does})
    answer.prompt = report
    return answer


def _task_phrases(conn, task_key: str) -> list[tuple[str, ...]]:
    """Content stems of the task's name and of every alias it was seen as."""
    names = [row[0] for row in conn.execute(q.TASK_NAMES, {"task": task_key})]
    return [stems for stems in (content_stems(n) for n in names) if stems]


def _mentions(text: str, phrases) -> bool:
    have = set(content_stems(text))
    return any(set(stems) <= have for stems in phrases if stems)


def _abstract(conn, key: str) -> str:
    row = conn.execute(q.PAPER_ABSTRACT, (int(key.split(":")[1]),)).fetchone()
    return row[0] if row else ""


def _addresses(conn, key: str) -> list[tuple[str, str]]:
    """(key, name) of the tasks a paper or model addresses or is used for, vocabulary tasks first."""
    return [tuple(row) for row in conn.execute(q.NODE_TASKS, (key,))]


def _related_tasks(conn, task_key: str) -> set[str]:
    """The task, its sub-tasks and its direct parents."""
    return {task_key} | {row[0] for row in conn.execute(q.TASK_FAMILY, {"task": task_key})}
