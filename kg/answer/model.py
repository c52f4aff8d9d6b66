"""The records an answer is made of; ``Answer.to_dict()`` gives the documented JSON keys."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Evidence:
    """A sentence quoted verbatim from what was read: `text` is the raw span `start`:`end` of the
    document `doc`'s `field` (see :mod:`kg.store.evidence`), `role` what it does in the paper."""

    text: str
    source: str
    doc: str = ""
    field: str = ""
    start: int | None = None
    end: int | None = None
    role: str = "background"

    @classmethod
    def of(cls, quote) -> "Evidence":
        """From a :class:`kg.nlp.roles.Quote`.

        >>> from kg.nlp.roles import Quote
        >>> Evidence.of(Quote("We propose X.", "paper:1", "abstract", 4, 17, "We propose X.", "contribution")).source
        'paper:1 abstract'
        """
        return cls(quote.text, f"{quote.doc} {quote.field}", quote.doc, quote.field, quote.start, quote.end, quote.role)

    def to_dict(self) -> dict:
        return {"text": self.text, "doc": self.doc, "field": self.field, "start": self.start, "end": self.end,
                "role": self.role}


@dataclass
class TaskHit:
    key: str
    name: str
    score: float
    definition: str = ""
    matched: list[str] = field(default_factory=list)
    input: str = ""
    output: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "score": round(self.score, 4), "definition": self.definition,
                "matched": list(self.matched)}


@dataclass
class Step:
    model: str
    url: str | None = None
    task: str = ""

    def to_dict(self, *, with_task: bool = False) -> dict:
        data = {"model": self.model, "url": self.url}
        if with_task:
            data["task"] = self.task
        return data


@dataclass
class Workflow:
    input: str = ""
    steps: list[Step] = field(default_factory=list)
    output: str = ""

    def chain(self, show=str) -> str:
        """``input → model → output``; models of the same step are alternatives ("A or B").

        >>> Workflow("face image", [Step("A", None, "t"), Step("B", None, "t")], "label map").chain()
        'face image → A or B → label map'
        """
        stages: list[list[str]] = []
        last_task = object()
        for step in self.steps:
            if step.task != last_task:
                stages.append([])
                last_task = step.task
            stages[-1].append(show(step.model))
        return " → ".join([self.input or "input"] + [" or ".join(models) for models in stages] + [self.output or "output"])

    @property
    def multi_step(self) -> bool:
        """Steps for more than one task (each step then says its task)."""
        return len({s.task for s in self.steps}) > 1

    def to_dict(self) -> dict:
        with_task = self.multi_step
        return {"input": self.input, "steps": [s.to_dict(with_task=with_task) for s in self.steps],
                "output": self.output}


@dataclass
class PaperHit:
    key: str
    title: str
    arxiv_id: str | None
    url: str | None
    github: str | None
    score: float
    path: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    relevant: bool | None = None  # prompt mode: is this listed paper relevant to the question?
    reason: str = ""
    links: list[dict] = field(default_factory=list)  # {url, kind, source, evidence}: kg.store.links
    retrieved: float = 0.0  # its share of the question's retrieval (0: it came from the task or a prompt's list)

    @property
    def shown_links(self) -> list[str]:
        """The URLs text output prints: the paper's url and github columns (as the graph page shows a
        node's), then the code and project links read in its text; one per page (:func:`kg.style.shown_links`).

        >>> PaperHit("paper:1", "T", None, "http://arxiv.org/pdf/1", None, 0.0, links=[
        ...     {"url": "https://github.com/a/b", "kind": "code"}, {"url": "http://arxiv.org/pdf/1", "kind": "paper"}]).shown_links
        ['http://arxiv.org/pdf/1', 'https://github.com/a/b']
        """
        from kg.style import node_links, shown_links

        urls = [link["url"] for link in self.links if link["kind"] in ("code", "project")]
        return shown_links(node_links({"url": self.url, "github": self.github, "arxiv_id": self.arxiv_id}) + urls)

    def to_dict(self) -> dict:
        return {"title": self.title, "arxiv_id": self.arxiv_id, "url": self.url, "github": self.github,
                "score": round(self.score, 4), "path": list(self.path),
                "evidence": [e.to_dict() for e in self.evidence], "links": [dict(link) for link in self.links]}


@dataclass
class ModelHit:
    key: str
    name: str
    url: str | None
    tasks: list[str] = field(default_factory=list)
    score: float = 0.0
    papers: list[str] = field(default_factory=list)  # the listed papers that propose or use it

    def to_dict(self) -> dict:
        return {"name": self.name, "url": self.url, "tasks": list(self.tasks), "papers": list(self.papers)}


@dataclass
class DatasetHit:
    key: str
    name: str
    papers: list[str] = field(default_factory=list)
    score: float = 0.0

    def to_dict(self) -> dict:
        return {"name": self.name, "papers": list(self.papers)}


@dataclass
class PromptReport:
    """Prompt mode: which of the prompt's listed papers are relevant to its question."""

    name: str
    source: str
    relevant: list[str] = field(default_factory=list)
    not_relevant: list[dict] = field(default_factory=list)  # {"title", "reason"}
    models_not_relevant: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "source": self.source, "relevant": list(self.relevant),
                "not_relevant": [dict(d) for d in self.not_relevant],
                "models_not_relevant": [dict(d) for d in self.models_not_relevant]}


@dataclass
class Answer:
    """The answer to one question; `to_dict()` has exactly the documented JSON keys."""

    question: str
    abstained: bool
    tasks: list[TaskHit] = field(default_factory=list)
    workflow: Workflow = field(default_factory=Workflow)
    papers: list[PaperHit] = field(default_factory=list)
    models: list[ModelHit] = field(default_factory=list)
    datasets: list[DatasetHit] = field(default_factory=list)
    prompt: PromptReport | None = None
    explain: dict = field(default_factory=dict)  # seeds, walk and scores, for --explain
    walked_edges: list[dict] = field(default_factory=list)  # id, src, dst + kg.store.graph.EDGE_FIELDS: answer_subgraph
    retrieval: str = "lexical"  # "hybrid" (BM25 + sentence vectors) or "lexical" (BM25 alone)
    results: list[dict] = field(default_factory=list)  # reported results under the papers: compose.answer_results

    @property
    def task(self) -> TaskHit | None:
        return self.tasks[0] if self.tasks else None

    def to_dict(self) -> dict:
        data = {
            "question": self.question,
            "retrieval": self.retrieval,
            "abstained": self.abstained,
            "tasks": [t.to_dict() for t in self.tasks],
            "workflow": self.workflow.to_dict(),
            "papers": [p.to_dict() for p in self.papers],
            "models": [m.to_dict() for m in self.models],
            "datasets": [d.to_dict() for d in self.datasets],
            "results": [dict(r) for r in self.results],
        }
        if self.prompt is not None:
            data["prompt"] = self.prompt.to_dict()
        return data
