"""kg ask through the CLI: formats, prompt mode, first run, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def kb(built_corpus_db):
    return built_corpus_db


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_text_answer_has_three_parts(runner, kb):
    result = run(runner, "ask", "How can I separate facial parts even with makeup?", "--db", str(kb))
    assert result.exit_code == 0, result.output
    for heading in ("Retrieval: hybrid", "1. Task", "2. Workflow", "3. Papers and tools"):
        assert heading in result.output


def test_json_and_markdown(runner, kb):
    result = run(runner, "ask", "face parsing dataset", "--db", str(kb), "--format", "json", "--top", "2")
    data = json.loads(result.output)
    assert set(data) == {"question", "retrieval", "abstained", "tasks", "workflow", "papers", "models", "datasets",
                         "results"}
    assert data["retrieval"] == "hybrid"
    assert len(data["papers"]) <= 2
    markdown = run(runner, "ask", "face parsing dataset", "--db", str(kb), "--format", "markdown").output
    assert markdown.startswith("# face parsing dataset") and "## 1. Task" in markdown


def test_explain_prints_scores(runner, kb):
    result = run(runner, "ask", "face parsing", "--db", str(kb), "--explain")
    assert "Scores and walk" in result.output and '"fused"' in result.output


@pytest.mark.parametrize("ref", ["face_parsing_makeup", str(CORPUS / "prompts" / "face_parsing_makeup.txt")])
def test_prompt_by_name_and_path(runner, kb, ref):
    result = run(runner, "ask", "--prompt", ref, "--db", str(kb), "--format", "json")
    data = json.loads(result.output)
    # the hub URL made from the model id is not in the prompt's text: never printed
    assert data["workflow"]["steps"] and all(s["url"] is None for s in data["workflow"]["steps"])
    assert {p["url"] for p in data["papers"]} == {"http://arxiv.org/pdf/2312.08863v1.pdf",
                                                 "http://arxiv.org/pdf/2406.02074v1.pdf",
                                                 "http://arxiv.org/pdf/2308.11951v3.pdf"}


@pytest.mark.parametrize("name", ["face_parsing_makeup", "face_completion_pores"])
def test_prompt_mode_lists_models_and_datasets_of_the_prompt_only(runner, kb, name):
    from kg.ingest.prompts import read

    path = CORPUS / "prompts" / f"{name}.txt"
    [prompt] = read(path, path.name, "0" * 64)
    titles = {paper.title for paper in prompt.papers}
    data = json.loads(run(runner, "ask", "--prompt", name, "--db", str(kb), "--format", "json").output)
    assert {p["title"] for p in data["papers"]} <= titles
    for model in data["models"]:  # a hub model the prompt recommends, or one its listed papers propose or use
        assert model["name"] in {hub.repo for hub in prompt.models} or set(model["papers"]) & titles, model
    for dataset in data["datasets"]:
        assert set(dataset["papers"]) & titles, dataset


def test_prompt_whose_hub_model_misses_the_task_is_answered_with_a_listed_papers_model(runner, kb):
    """The pores prompt recommends a face-parsing model for a face-completion question: the workflow uses the
    model its listed FaceCom paper proposes and names the hub model as not used."""
    data = json.loads(run(runner, "ask", "--prompt", "face_completion_pores", "--db", str(kb), "--format", "json").output)
    assert [step["model"] for step in data["workflow"]["steps"]] == ["FaceCom"]
    assert [m["name"] for m in data["prompt"]["models_not_relevant"]] == ["jonathandinu/face-parsing"]


def test_a_users_prompt_is_found_by_name_and_its_hub_category_names_a_task(runner, tmp_path):
    """A prompt ingested from the user's own folder is asked by name (read from the prompts tables); a hub id's
    category written in capitals (FaceParsing) names the vocabulary task, and its "Paper:" line is its link; a file
    never ingested is answered too."""
    from kg import api

    corpus = tmp_path / "corpus"
    (corpus / "prompts").mkdir(parents=True)
    text = (CORPUS / "prompts" / "face_parsing_makeup.txt").read_text(encoding="utf-8")
    mine = text.replace("Segmentation-HuggingFace-jonathandinu-face-parsing\nPaper: None",
                        "FaceParsing-HuggingFace-someone-segnet-b0\nPaper: https://arxiv.org/abs/1511.00561")
    assert mine != text
    (corpus / "prompts" / "my_makeup.txt").write_text(mine, encoding="utf-8")
    db = tmp_path / "kg.db"
    api.build([corpus], db_path=db)
    data = json.loads(run(runner, "ask", "--prompt", "my_makeup", "--db", str(db), "--format", "json").output)
    assert data["prompt"]["source"] == str((corpus / "prompts" / "my_makeup.txt").resolve())
    hub = next(m for m in data["models"] if m["name"] == "someone/segnet-b0")
    assert "face parsing" in hub["tasks"] and hub["url"] == "https://arxiv.org/abs/1511.00561"  # its Paper: line
    unseen = tmp_path / "unseen.txt"
    unseen.write_text(text, encoding="utf-8")
    data = json.loads(run(runner, "ask", "--prompt", str(unseen), "--db", str(db), "--format", "json").output)
    assert data["prompt"]["source"] == str(unseen) and len(data["papers"]) == 3  # its papers found by arXiv id
    assert not [p for p in data["prompt"]["not_relevant"] if "not in the knowledge base" in p["reason"]]
    missing = run(runner, "ask", "--prompt", "no_such_prompt", "--db", str(db))
    assert missing.exit_code != 0 and "its prompts: my_makeup" in missing.output
    # an embedded corpus prompt this knowledge base never ingested is read from its file
    data = json.loads(run(runner, "ask", "--prompt", "face_completion_pores", "--db", str(db), "--format", "json").output)
    assert data["prompt"]["source"].endswith("prompts/face_completion_pores.txt")


def test_completion_prompt_text(runner, kb):
    result = run(runner, "ask", "--prompt", "face_completion_pores", "--db", str(kb))
    assert result.exit_code == 0
    assert "https://github.com/dragonylee/facecom" in result.output
    assert "FaceCom.git" not in result.output  # the abstract's link to the same repository, shown once
    assert "not relevant" in result.output


def test_off_topic_abstains(runner, kb):
    result = run(runner, "ask", "How do I bake sourdough bread?", "--db", str(kb))
    assert "does not cover" in result.output


@pytest.mark.parametrize("args, message", [
    (["ask", ""], "the question is empty"),
    (["ask", "   ?!  "], "the question is empty"),
    (["ask"], "no question"),
    (["ask", "--prompt", "no_such_prompt"], "no prompt file"),
    (["ask", "--prompt", "missing/dir/prompt.txt"], "no prompt file"),
    (["ask", "q", "--prompt", "face_parsing_makeup"], "not both"),
])
def test_bad_input_is_a_clear_error(runner, kb, args, message):
    result = runner.invoke(cli, args + ["--db", str(kb)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_not_a_prompt_file(runner, kb, tmp_path):
    bogus = tmp_path / "bogus.txt"
    bogus.write_text("just some text\n")
    result = runner.invoke(cli, ["ask", "--prompt", str(bogus), "--db", str(kb)])
    assert result.exit_code != 0 and "not a question prompt" in result.output


def test_first_run_builds_the_default_database(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_DB", raising=False)
    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    result = runner.invoke(cli, ["ask", "face parsing"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "kg.db").exists()
    assert "building it from the embedded corpus" in (result.stderr if hasattr(result, "stderr") else result.output)


def test_a_database_path_that_does_not_exist_is_not_built(runner, tmp_path, monkeypatch):
    """A mistyped --db must not be answered from a fresh build of the embedded corpus."""
    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    for db_path, given_as in ((tmp_path / "typo" / "kg.db", "--db"), (tmp_path / "kb.db", "--db"),
                              (tmp_path / "typo" / "env.db", "KG_DB")):
        if given_as == "KG_DB":
            monkeypatch.setenv("KG_DB", str(db_path))
        result = runner.invoke(cli, ["ask", "face parsing"] + (["--db", str(db_path)] if given_as == "--db" else []))
        assert result.exit_code != 0 and f"no knowledge base at {db_path}" in result.output
        assert "Traceback" not in result.output
        assert not db_path.exists() and not (tmp_path / "typo").exists()


def test_help():
    from click.testing import CliRunner

    assert "--prompt" in CliRunner().invoke(cli, ["ask", "--help"]).output
    assert "questions" in CliRunner().invoke(cli, ["eval", "--help"]).output


def test_a_recommended_model_of_a_more_general_task_does_the_asked_one_and_prompt_names_are_unique(runner, tmp_path):
    """A prompt recommending a plain "Segmentation" model for a face-parsing question: the model is the workflow's,
    not "performs another task" (the model's category votes too; kg.answer.compose.models_for_task's doctest has a
    general model kept for a more specific task). Two ingested prompts of one name: asking by that name says which
    files to choose from."""
    from kg import api

    text = (CORPUS / "prompts" / "face_parsing_makeup.txt").read_text(encoding="utf-8")
    general = text.replace("Segmentation-HuggingFace-jonathandinu-face-parsing", "Segmentation-HuggingFace-someone-segnet")
    assert general != text
    for folder, content in (("one", general), ("two", text)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "makeup.txt").write_text(content, encoding="utf-8")
    db = tmp_path / "kg.db"
    api.build([tmp_path / "one", tmp_path / "two"], db_path=db)
    data = json.loads(run(runner, "ask", "--prompt", str(tmp_path / "one" / "makeup.txt"), "--db", str(db),
                          "--format", "json").output)
    assert "face parsing" in [task["name"] for task in data["tasks"]]
    assert [step["model"] for step in data["workflow"]["steps"]] == ["someone/segnet"]
    assert data["prompt"]["models_not_relevant"] == []
    both = run(runner, "ask", "--prompt", "makeup", "--db", str(db))
    assert both.exit_code != 0 and "2 prompts are named 'makeup'" in both.output
    # copies of one file are one prompt: asked by either path, it answers (the reviewer's case)
    (tmp_path / "three").mkdir()
    (tmp_path / "three" / "makeup.txt").write_text(text, encoding="utf-8")
    api.build([tmp_path / "three"], db_path=db)
    for folder in ("two", "three"):
        copy = run(runner, "ask", "--prompt", str(tmp_path / folder / "makeup.txt"), "--db", str(db), "--format", "json")
        assert copy.exit_code == 0 and json.loads(copy.output)["prompt"]["source"].endswith(f"{folder}/makeup.txt")
