"""Reader for question prompts: a user's question, recommended hub models, related papers.

>>> from pathlib import Path
>>> [prompt] = read(Path("corpus/prompts/face_parsing_makeup.txt"), "prompts/face_parsing_makeup.txt", "0" * 64)
>>> prompt.models[0].repo, prompt.models[0].hub
('jonathandinu/face-parsing', 'HuggingFace')
>>> [p.arxiv_id for p in prompt.papers]
['2312.08863', '2406.02074', '2308.11951']
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.ingest.source import read_text
from kg.records import HubModel, Paper, Prompt, SourceRef
from kg.text import arxiv_id_from_url, clean_text

FORMAT = "prompt"
_QUESTION_MARK = "a user has asked the following question:"
_MODELS_HEADING = "### recommended ai models:"
_PAPERS_HEADING = "### related papers:"
_FIELD = re.compile(r"^(Model|Paper|GitHub|Github|Summary|Code|Project):\s*(.*)$")
_LINK_FIELDS = ("paper", "github", "code", "project")
_NO_LINK = ("", "none", "n/a")
_LINK = re.compile(r"https?://[^\s/]+\.[^\s]+")

# Hubs named in model ids, as they are spelt. The page a hub gives a repository is not written in the corpus,
# so kg keeps no address for it (a link is shown only as the corpus writes it).
HUBS = {name.lower(): name for name in ("HuggingFace", "GitHub", "TorchHub", "ModelScope", "PaddleHub",
                                        "TensorFlowHub", "Kaggle", "Replicate")}


def detect(head: str) -> bool:
    """A prompt has the question and models headings on lines of their own, outside markdown."""
    lines = [line.strip().lower() for line in head.splitlines() if line.strip()]
    if not lines or lines[0].startswith("#") or any(line.startswith("```") for line in lines):
        return False
    return _QUESTION_MARK in lines and _MODELS_HEADING in lines


def parse_model_id(raw_id: str) -> tuple[str, str, str]:
    """Split ``Category-Hub-owner-name`` into (category, hub, repo).

    >>> parse_model_id("Segmentation-HuggingFace-jonathandinu-face-parsing")
    ('Segmentation', 'HuggingFace', 'jonathandinu/face-parsing')
    """
    parts = raw_id.strip().split("-")
    for index, part in enumerate(parts):
        if part.lower() in HUBS and 0 < index < len(parts) - 2:
            return "-".join(parts[:index]), HUBS[part.lower()], parts[index + 1] + "/" + "-".join(parts[index + 2:])
    raise ValueError(f"model id {raw_id!r} is not Category-Hub-owner-name")


def read(path: Path, relative: str, sha256: str) -> Iterator[Prompt]:
    text = read_text(path)
    lines = text.split("\n")
    question, question_line = _question(path, lines)
    prompt = Prompt(name=path.stem, question=question, source=SourceRef(relative, sha256, question_line), text=text)
    section = None
    block: dict[str, tuple[int, str]] = {}
    last_field = None

    def flush():
        nonlocal block
        if block:
            _add_block(path, relative, sha256, prompt, section, block)
        block = {}

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        lowered = line.lower()
        if lowered == _MODELS_HEADING:
            flush(); section = "models"; continue
        if lowered == _PAPERS_HEADING:
            flush(); section = "papers"; continue
        if lowered == "answer:":
            flush(); section = None; continue
        if section is None:
            continue
        match = _FIELD.match(line)
        if match:
            name = match.group(1).lower()
            if name == "model" and block:
                flush()
            block[name] = (number, _field_value(path, number, match.group(1), match.group(2).strip()))
            last_field = name
        elif line and last_field == "summary" and "summary" in block:
            start, value = block["summary"]
            block["summary"] = (start, value + "\n" + line)
        elif line:
            raise InputError(path, f"unexpected line in the {section} list: {line[:60]!r}", line=number)
    flush()
    if not prompt.models and not prompt.papers:
        raise InputError(path, "the prompt lists no models and no papers")
    yield prompt


def _question(path: Path, lines: list[str]) -> tuple[str, int]:
    """The first line after the question mark line, unless that is the template's next instruction or heading."""
    for index, line in enumerate(lines):
        if line.strip().lower() == _QUESTION_MARK:
            for number in range(index + 1, len(lines)):
                candidate = lines[number].strip()
                if candidate and not candidate.lower().startswith(_AFTER_QUESTION):
                    return candidate.strip('"“”'), number + 1
                if candidate:
                    break
            raise InputError(path, "no question after 'A user has asked the following question:'", line=index + 1)
    raise InputError(path, "no question after 'A user has asked the following question:'")


# what the template writes after the question: a prompt whose question line is missing reaches these first
_AFTER_QUESTION = ("based on the following", "###", "1. what task", "use **only")


def _field_value(path: Path, number: int, field: str, value: str) -> str:
    """`value` of a ``Field:`` line; a link field holds one http(s) address or None, anything else is an error.

    >>> _field_value(Path("p.txt"), 20, "Paper", "http://arxiv.org/pdf/2406.02074v1.pdf")
    'http://arxiv.org/pdf/2406.02074v1.pdf'
    >>> _field_value(Path("p.txt"), 20, "Paper", "arxiv.org pdf 2406.02074")
    Traceback (most recent call last):
    kg.errors.InputError: p.txt:20: 'Paper:' takes one http:// or https:// link or None, not 'arxiv.org pdf 2406.02074'
    """
    if field.lower() in _LINK_FIELDS and value.lower() not in _NO_LINK and not _LINK.fullmatch(value):
        raise InputError(path, f"'{field}:' takes one http:// or https:// link or None, not {value[:60]!r}",
                         line=number)
    return value


def _add_block(path, relative, sha256, prompt, section, block):
    line, title = block.get("model", (None, ""))
    if not title:
        first_line = min(number for number, _ in block.values())
        raise InputError(path, "a block without a 'Model:' line", line=first_line)
    paper_url = block.get("paper", (0, ""))[1]
    paper_url = None if paper_url.lower() in ("", "none", "n/a") else paper_url
    if section == "models":
        try:
            category, hub, repo = parse_model_id(title)
        except ValueError as error:
            raise InputError(path, str(error), line=line) from None
        prompt.models.append(HubModel(title, category, hub, repo, paper_url, SourceRef(relative, sha256, line)))
        return
    github = block.get("github", (0, ""))[1] or None
    summary = block.get("summary", (0, ""))[1]
    prompt.papers.append(Paper(
        title=clean_text(title),
        abstract=clean_text(summary),
        raw_title=title,
        raw_abstract=summary,
        arxiv_id=arxiv_id_from_url(paper_url or ""),
        url=paper_url,
        github=github,
        source=SourceRef(relative, sha256, line),
    ))
