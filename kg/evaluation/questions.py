"""Question-answering metrics: task@1, recall@5, MRR and grounding (see ../shared/eval/README.md).

>>> normalise("EasyPortrait -- Face Parsing")
'easyportrait face parsing'
>>> score_ranking(["a", "b", "c"], ["c"], k=5)
(1.0, 0.3333333333333333)
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.ingest.source import json_object
from kg.evaluation import numbered_lines

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


class QuestionsFileError(KgError):
    """The questions file cannot be read as JSON lines of questions."""


def normalise(text: str) -> str:
    return _NON_ALNUM.sub(" ", (text or "").lower()).strip()


def score_ranking(titles: list[str], gold: list[str], k: int = 5) -> tuple[float, float]:
    """(recall@k, MRR) of ranked titles against gold titles, after normalisation."""
    gold_set = {normalise(g) for g in gold}
    if not gold_set:
        return 1.0, 1.0
    ranked = [normalise(t) for t in titles]
    recall = len(gold_set & set(ranked[:k])) / len(gold_set)
    mrr = next((1.0 / rank for rank, t in enumerate(ranked, 1) if t in gold_set), 0.0)
    return recall, mrr


RANKERS = ("bm25", "dense", "kg")


@dataclass
class QuestionScore:
    id: str
    question: str
    ranker: str
    answerable: bool
    task: str | None
    task_at_1: float
    recall_at_5: float
    mrr: float
    grounding: float
    abstained: bool
    papers: list[str] = field(default_factory=list)
    ungrounded: list[str] = field(default_factory=list)


@dataclass
class QuestionsReport:
    """Scores of every ranker on the same questions; `retrieval` says whether dense was available."""

    path: str
    retrieval: str = "lexical"
    questions: list[QuestionScore] = field(default_factory=list)
    gold_not_in_database: list[str] = field(default_factory=list)  # gold titles no paper has: misses by force

    def overall_for(self, ranker: str) -> dict:
        """Means over the answerable questions; grounding and abstention (the share of right abstain
        decisions) over all questions."""
        mine = [q for q in self.questions if q.ranker == ranker]
        answerable = [q for q in mine if q.answerable]
        n = len(answerable) or 1
        out = {name: round(sum(getattr(q, name) for q in answerable) / n, 4)
               for name in ("task_at_1", "recall_at_5", "mrr")}
        out["grounding"] = round(sum(q.grounding for q in mine) / (len(mine) or 1), 4)  # every answer is checked
        out["abstention"] = round(sum(q.abstained != q.answerable for q in mine) / (len(mine) or 1), 4)
        return out | {"questions": len(mine), "answerable": len(answerable)}

    @property
    def overall(self) -> dict:
        return self.overall_for("kg")

    def to_dict(self) -> dict:
        return {"file": self.path, "retrieval": self.retrieval, "overall": self.overall,
                "rankers": {r: self.overall_for(r) for r in RANKERS}, "gold_not_in_database": self.gold_not_in_database,
                "questions": [asdict(q) for q in self.questions if q.ranker == "kg"]}


class Grounding:
    """Strict grounding: a quote counts only if it occurs verbatim in its source file's text (after the
    format's own decoding), a URL only if a source file or the enrich cache holds it
    (:mod:`kg.evaluation.grounding`)."""

    def __init__(self, db, corpus=None):
        from kg.evaluation.grounding import SourceTexts

        self.texts = SourceTexts(db.conn, roots=[corpus] if corpus else [])

    def problems(self, answer: dict) -> tuple[list[str], int]:
        """Ungrounded quotes and URLs of an answer, and how many claims were checked."""
        from kg.evaluation.grounding import scan_answer

        quotes, urls = scan_answer(answer, self.texts)
        bad = ["quote: " + text for text in quotes.failures] + ["url: " + url for url in urls.failures]
        return bad, quotes.checked + urls.checked


def read_questions(path) -> list[dict]:
    path = Path(path)
    questions = []
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        item = json_object(line, path, number)
        if not isinstance(item.get("question"), str):
            raise QuestionsFileError(f"{path}:{number}: each line needs a \"question\" string")
        if item.get("answerable", True) is not False:  # as scored; without gold, recall@5 and MRR would count as perfect
            for key in ("gold_papers", "task_aliases"):
                value = item.get(key)
                if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                    raise QuestionsFileError(f'{path}:{number}: an answerable question needs "{key}", a non-empty list '
                                             'of strings (or "answerable": false)')
        item.setdefault("id", f"line-{number}")
        questions.append(item)
    if not questions:
        raise QuestionsFileError(f"{path} holds no questions")
    return questions


def _empty_answer() -> dict:
    return {"tasks": [], "papers": [], "workflow": {"steps": []}, "models": [], "abstained": True,
            "retrieval": "lexical"}


def baseline_answer(db, question: str, ranker: str, top: int = 5) -> dict:
    """Retrieval alone ('bm25' or 'dense'): its papers, and the task its papers vote for."""
    from kg.answer.choose_task import choose_tasks
    from kg.answer.compose import _question_text, entity_rows, paper_rows
    from kg.answer.matching import words
    from kg.answer.retrieve import question_model, retrieve

    conn = db.conn
    text = _question_text(question)
    question_words = words(text)
    retrieval = retrieve(conn, text, question_words, question_model(conn))
    ranked = getattr(retrieval, ranker)
    best = ranked[0][1] if ranked else 1.0
    tasks = choose_tasks(conn, [(p, s / best) for p, s in ranked], question_words)
    names = entity_rows(conn, [t.key for t in tasks[:1]])
    rows = paper_rows(conn, [p for p, _ in ranked[:top]])
    papers = [{"title": rows[p]["title"], "url": None, "github": None, "evidence": []} for p, _ in ranked[:top]]
    return {"tasks": [{"name": names[t.key]["name"]} for t in tasks[:1] if t.key in names], "papers": papers,
            "workflow": {"steps": []}, "models": [], "abstained": not ranked, "retrieval": retrieval.mode}


def _score(item: dict, answer: dict, ranker: str, grounding: Grounding) -> QuestionScore:
    task = answer["tasks"][0]["name"] if answer["tasks"] else None
    aliases = {normalise(a) for a in item.get("task_aliases", [])}
    titles = [p["title"] for p in answer["papers"]]
    recall, mrr = score_ranking(titles, item.get("gold_papers", []))
    bad, _ = grounding.problems(answer)
    return QuestionScore(str(item["id"]), item["question"], ranker, item.get("answerable", True) is not False, task,
                         float(bool(task) and normalise(task) in aliases), recall, mrr, 0.0 if bad else 1.0,
                         bool(answer["abstained"]), titles[:5], bad)


def evaluate(path, questions: list[dict], db, *, top: int = 5, corpus=None) -> QuestionsReport:
    """Ask every question (:func:`read_questions` of the file `path`) with each ranker (BM25 alone,
    dense alone, kg) and score the answers."""
    from kg.answer import EmptyQuestion
    from kg.answer.compose import answer_question

    from kg.store.queries import paper_titles

    grounding = Grounding(db, corpus)
    report = QuestionsReport(str(path))
    known = {normalise(title) for title in paper_titles(db.conn)}
    report.gold_not_in_database = sorted({title for item in questions for title in item.get("gold_papers", ())
                                          if normalise(title) not in known})
    for item in questions:
        for ranker in RANKERS:
            try:
                if ranker == "kg":
                    answer = answer_question(db, item["question"], top=max(top, 5)).to_dict()
                else:
                    answer = baseline_answer(db, item["question"], ranker, max(top, 5))
            except EmptyQuestion:
                answer = _empty_answer()
            report.retrieval = answer.get("retrieval", report.retrieval)
            report.questions.append(_score(item, answer, ranker, grounding))
    return report
