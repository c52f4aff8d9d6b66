"""Plain records that flow between the pipeline stages.

Readers in :mod:`kg.ingest` yield these; :mod:`kg.store` writes them.

>>> Paper(title="A", abstract="B", source=SourceRef("x.txt", "0"*64, 1)).key
'title:a'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.text import normalise_title


@dataclass(frozen=True)
class SourceRef:
    """Where a record came from: a file relative to the corpus root, its sha256, a line."""

    path: str
    sha256: str
    line: int


@dataclass
class Section:
    """A named part of a paper's text (a Q&A note's `##` section)."""

    heading: str
    text: str
    raw_text: str = ""
    line: int = 0


@dataclass
class Paper:
    """One paper summary as read from one source."""

    title: str
    abstract: str
    source: SourceRef
    arxiv_id: str | None = None
    url: str | None = None
    github: str | None = None
    authors: str | None = None
    categories: str | None = None
    published: str | None = None
    raw_title: str = ""
    raw_abstract: str = ""
    sections: list[Section] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The dedupe key: the arXiv id when known, else the normalised title."""
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        return f"title:{normalise_title(self.title)}"


@dataclass
class HubModel:
    """A recommended model from a question prompt (`Segmentation-HuggingFace-owner-name`)."""

    raw_id: str
    category: str
    hub: str
    repo: str
    paper_url: str | None
    source: SourceRef

    @property
    def key(self) -> str:
        return f"{self.hub.lower()}:{self.repo.lower()}"


@dataclass
class Prompt:
    """A question prompt: the user's question, recommended models and related papers."""

    name: str
    question: str
    source: SourceRef
    text: str = ""
    models: list[HubModel] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
