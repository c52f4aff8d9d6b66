"""An Answer as terminal text, markdown or JSON. Links are printed only as stored in the corpus."""
from __future__ import annotations

import json

from kg.answer.model import Answer
from kg.escape import markdown_quote

NO_LINK = "no link in the corpus"
ENRICH_HINT = "papers marked \"no link in the corpus\": `kg enrich` can resolve their arXiv ids by exact title"
QUOTES_SHOWN = 2  # text and markdown; JSON keeps every quote


def _enrich_hint(answer: Answer) -> bool:
    """One line per answer (not per paper) when a listed paper has no link."""
    return any(not paper.shown_links for paper in answer.papers)


def _result_line(result: dict) -> str:
    """ "paper: value unit metric on dataset (kind)".

    >>> _result_line({"paper": "P", "value": "96.97", "unit": "%", "kind": "absolute", "metric": "accuracy",
    ...               "dataset": "DVS128 Gesture", "model": None})
    'P: 96.97% accuracy on DVS128 Gesture (absolute)'

    The model the value is of, when the sentence says: the paper's own method, or the baseline it started from.

    >>> _result_line({"paper": "P", "value": "39.02", "unit": "", "kind": "absolute", "metric": "pass@1",
    ...               "dataset": None, "model": "baseline"})
    'P: 39.02 pass@1 (absolute, baseline)'
    """
    from kg.results_format import _cell_text

    words = [_cell_text({**result, "unit": result["unit"] or ""})] + ([result["metric"]] if result["metric"] else [])
    words += [f"on {result['dataset']}"] if result["dataset"] else []
    model = f", {result['model']}" if result.get("model") else ""
    return f"{result['paper']}: {' '.join(words)} ({result['kind']}{model})"


_MODES = {"hybrid": "hybrid (full text + sentence vectors)",
          "lexical": "lexical (full text only: no sentence-encoder model or vector index)"}


def to_json(answer: Answer) -> str:
    return json.dumps(answer.to_dict(), indent=2, ensure_ascii=False)


def to_text(answer: Answer, *, explain: bool = False) -> str:
    out = [f"Question: {answer.question}", f"Retrieval: {_MODES[answer.retrieval]}", ""]
    if answer.prompt is not None:
        out += [f"Prompt: {answer.prompt.name} ({answer.prompt.source}); only its listed models and papers are used.", ""]
    if answer.abstained:
        out += _abstained_lines(answer)
    else:
        out += _task_lines(answer) + _workflow_lines(answer.workflow) + _paper_lines(answer)
        out += _found_lines(answer) + _prompt_lines(answer)
    return "\n".join(out + _explain(answer, explain)).rstrip() + "\n"


def _abstained_lines(answer: Answer) -> list[str]:
    out = ["The corpus does not cover this question well enough to answer it.", ""]
    if answer.tasks:
        out.append("Nearest tasks (none close enough to answer from; scores rank them among themselves):")
        out += [f"  {t.name:<40} {t.score:.2f}" for t in answer.tasks[:5]]
    if answer.papers:
        out.append("Nearest papers (none close enough either):")
        out += [f"  {p.title}" for p in answer.papers[:5]]
    return out


def _task_lines(answer: Answer) -> list[str]:
    out, task = ["1. Task"], answer.task
    if task:
        out.append(f"  {task.name}  (score {task.score:.2f})")
        if task.definition:
            out.append(f"  {task.definition}")
        if task.matched:
            out.append("  matched words: " + ", ".join(task.matched))
        if len(answer.tasks) > 1:
            out.append("  runner-ups: " + ", ".join(f"{t.name} ({t.score:.2f})" for t in answer.tasks[1:4]))
    return out


def _workflow_lines(flow) -> list[str]:
    out = ["", "2. Workflow", "  " + flow.chain()]
    for step in flow.steps:
        task = f" ({step.task})" if flow.multi_step else ""
        out.append(f"  {step.model}{task}: {step.url or NO_LINK}")
    if not flow.steps:
        out.append("  (no model linked to this task in the corpus)")
    return out


def _paper_lines(answer: Answer) -> list[str]:
    out = ["", "3. Papers and tools"]
    if not answer.papers:
        out.append("  (no paper)")
    for rank, paper in enumerate(answer.papers, 1):
        mark = ""
        if paper.relevant is not None:
            mark = "  [relevant]" if paper.relevant else "  [not relevant]"
        out.append(f"  {rank}. {paper.title}{mark}")
        if paper.arxiv_id:
            out.append(f"     arXiv {paper.arxiv_id}")
        out += [f"     {link}" for link in paper.shown_links or [NO_LINK]]
        if paper.reason:
            out.append(f"     {paper.reason}")
        out.append("     why: " + " → ".join(paper.path))
        out += [f"     “{_indented(e.text)}” ({e.source}, {e.role})" for e in paper.evidence[:QUOTES_SHOWN]]
    if _enrich_hint(answer):
        out.append(f"  ({ENRICH_HINT})")
    return out


def _indented(quote: str, indent: str = "      ") -> str:
    r"""A quote's line breaks (a wrapped abstract) kept, its next lines under its first.

    >>> print("     “" + _indented("we design a spiking\nautoencoder network") + "”")
         “we design a spiking
          autoencoder network”
    """
    return quote.replace("\n", "\n" + indent)


def _found_lines(answer: Answer) -> list[str]:
    """The reported results, models and datasets the answer lists."""
    out = []
    if answer.results:
        out += ["", "Reported results (each from its paper's sentence)"]
        out += [f"  {_result_line(result)}" for result in answer.results]
    if answer.models:
        out += ["", "Models"]
        for model in answer.models:
            tasks = f"  [{', '.join(model.tasks)}]" if model.tasks else ""
            out += [f"  {model.name}{tasks}", f"     {model.url or NO_LINK}"]
    if answer.datasets:
        out += ["", "Datasets"]
        for dataset in answer.datasets:
            papers = f"  (from {'; '.join(dataset.papers[:2])})" if dataset.papers else ""
            out.append(f"  {dataset.name}{papers}")
    return out


def _prompt_lines(answer: Answer) -> list[str]:
    if answer.prompt is None:
        return []
    out = ["", "Listed in the prompt"]
    out += [f"  relevant:     {title}" for title in answer.prompt.relevant]
    out += [f"  not relevant: {item['title']} ({item['reason']})" for item in answer.prompt.not_relevant]
    out += [f"  model not used: {item['name']} ({item['reason']})" for item in answer.prompt.models_not_relevant]
    return out


def _explain(answer: Answer, explain: bool) -> list[str]:
    if not explain:
        return []
    return ["", "Scores and walk", json.dumps(answer.explain, indent=2, ensure_ascii=False)]


def to_markdown(answer: Answer, *, explain: bool = False) -> str:
    out = [f"# {answer.question}", "", f"*Retrieval: {_MODES[answer.retrieval]}.*", ""]
    if answer.prompt is not None:
        out += [f"*Prompt `{answer.prompt.name}`: only its listed models and papers are used.*", ""]
    if answer.abstained:
        out += ["**The corpus does not cover this question.** Nearest tasks and papers:", ""]
        out += [f"- {t.name} ({t.score:.2f})" for t in answer.tasks[:5]]
        out += [f"- *{p.title}*" for p in answer.papers[:5]]
        return "\n".join(out + _explain_md(answer, explain)).rstrip() + "\n"
    task = answer.task
    out += ["## 1. Task", ""]
    if task:
        out.append(f"**{task.name}** (score {task.score:.2f}) — {task.definition}".rstrip(" —"))
        if task.matched:
            out += ["", "Matched words: " + ", ".join(f"`{w}`" for w in task.matched)]
        if len(answer.tasks) > 1:
            out += ["", "Runner-ups: " + ", ".join(f"{t.name} ({t.score:.2f})" for t in answer.tasks[1:4])]
    flow = answer.workflow
    out += ["", "## 2. Workflow", "",
            flow.chain(lambda model: f"`{model}`"), ""]
    out += [f"- `{s.model}`" + (f" ({s.task})" if flow.multi_step else "") + f": {s.url or NO_LINK}"
            for s in flow.steps]
    out += ["", "## 3. Papers and tools", ""]
    for rank, paper in enumerate(answer.papers, 1):
        mark = "" if paper.relevant is None else (" — relevant" if paper.relevant else " — not relevant")
        out.append(f"{rank}. **{paper.title}**{mark}")
        links = ([f"arXiv {paper.arxiv_id}"] if paper.arxiv_id else []) + (paper.shown_links or [NO_LINK])
        out.append("   - " + " · ".join(links))
        if paper.reason:
            out.append(f"   - {paper.reason}")
        out.append("   - why: " + " → ".join(paper.path))
        for e in paper.evidence[:QUOTES_SHOWN]:
            first, *rest = markdown_quote(f"{e.text} ({e.source}, {e.role})", "     ")
            out += ["   - " + first.lstrip(), *rest]
    if _enrich_hint(answer):
        out += ["", f"*{ENRICH_HINT}.*"]
    if answer.results:
        out += ["", "## Reported results", ""]
        out += [f"- {_result_line(result)}" for result in answer.results]
    if answer.models:
        out += ["", "## Models", ""]
        out += [f"- `{m.name}` — {m.url or NO_LINK}" + (f" ({', '.join(m.tasks)})" if m.tasks else "")
                for m in answer.models]
    if answer.datasets:
        out += ["", "## Datasets", ""]
        out += [f"- {d.name}" + (f" — {'; '.join(d.papers[:2])}" if d.papers else "") for d in answer.datasets]
    if answer.prompt is not None and (answer.prompt.not_relevant or answer.prompt.models_not_relevant):
        out += ["", "## Listed but not relevant", ""]
        out += [f"- {item['title']}: {item['reason']}" for item in answer.prompt.not_relevant]
        out += [f"- model `{item['name']}`: {item['reason']}" for item in answer.prompt.models_not_relevant]
    return "\n".join(out + _explain_md(answer, explain)).rstrip() + "\n"


def _explain_md(answer: Answer, explain: bool) -> list[str]:
    if not explain:
        return []
    return ["", "## Scores and walk", "", "```json", json.dumps(answer.explain, indent=2, ensure_ascii=False), "```"]


def render(answer: Answer, output_format: str = "text", *, explain: bool = False) -> str:
    if output_format == "json":
        return to_json(answer) + "\n"
    if output_format == "markdown":
        from kg.escape import markdown_text

        return markdown_text(to_markdown(answer, explain=explain))  # HTML in corpus text is never rendered
    return to_text(answer, explain=explain)
