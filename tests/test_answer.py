"""kg.answer on a real knowledge base built from the embedded corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT / "corpus"
JSON_KEYS = {"question", "retrieval", "abstained", "tasks", "workflow", "papers", "models", "datasets", "results"}
PAPER_KEYS = {"title", "arxiv_id", "url", "github", "score", "path", "evidence", "links"}


@pytest.fixture(scope="module")
def kb(built_corpus_db):
    return built_corpus_db


@pytest.fixture(scope="module")
def stored_text(kb):
    """Everything the corpus files say, whitespace-normalised, and the stored texts."""
    import re

    from kg import api

    db = api.open_database(kb)
    texts = [t for row in db.conn.execute("SELECT title, abstract, sections_text FROM papers") for t in row if t]
    files = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*")) if p.is_file()]
    return re.sub(r"\s+", " ", "\n".join(texts)), "\n".join(files)


def prompt_question(name: str) -> str:
    from kg.ingest import prompts

    [prompt] = prompts.read(CORPUS / "prompts" / f"{name}.txt", name, "0" * 64)
    return prompt.question


def test_a_paraphrase_retrieves_the_paper(kb):
    """No word of the title in the question: the sentence vectors find the paper anyway."""
    from kg import api

    db = api.open_database(kb)
    title = "EasyPortrait -- Face Parsing and Portrait Segmentation Dataset"
    assert db.conn.execute("SELECT 1 FROM papers WHERE title = ?", (title,)).fetchone()
    answer = api.ask("Which photo collection labels the skin, teeth and hair of people in selfies pixel by pixel?",
                     db_path=kb)
    assert answer.retrieval == "hybrid"
    assert title in [p.title for p in answer.papers]


def test_the_answer_shows_its_retrieval_mode_and_its_ties(kb):
    from kg import api

    answer = api.ask(prompt_question("face_parsing_makeup"), db_path=kb)
    assert not answer.abstained and answer.retrieval == "hybrid"
    assert answer.tasks[0].definition is not None
    listed = {p.title for p in answer.papers}
    for model in answer.models:  # every model is tied to the chosen task or to a listed paper
        assert answer.tasks[0].name in model.tasks or set(model.papers) <= listed and model.papers
    for dataset in answer.datasets:
        assert set(dataset.papers) <= listed and dataset.papers
    for paper in answer.papers:
        assert paper.path[0] == "question" and paper.evidence


def test_ask_never_writes_to_the_database(kb):
    import hashlib

    from kg import api

    before = hashlib.sha256(kb.read_bytes()).hexdigest()
    db = api.open_database(kb)
    changes = db.conn.total_changes
    api.ask("How can I separate facial parts even with makeup?", db=db)
    api.ask_prompt("face_parsing_makeup", db=db)
    assert db.conn.total_changes == changes
    assert hashlib.sha256(kb.read_bytes()).hexdigest() == before


def test_completion_question_names_facecom_with_its_links(kb):
    from kg import api

    answer = api.ask_prompt("face_completion_pores", db_path=kb)
    facecom = next(p for p in answer.papers if p.title.startswith("FaceCom"))
    assert facecom.arxiv_id == "2406.02074"
    assert facecom.url == "http://arxiv.org/pdf/2406.02074v1.pdf"
    assert facecom.github == "https://github.com/dragonylee/facecom"


def test_free_question_answers_with_grounded_evidence(kb, stored_text):
    from kg import api
    from kg.evaluation.grounding import SourceTexts

    _, files = stored_text
    answer = api.ask("Which dataset helps segment skin, teeth and hair in portraits?", db_path=kb)
    assert not answer.abstained
    assert answer.papers and answer.tasks
    texts = SourceTexts(api.open_database(kb).conn)
    for paper in answer.papers:
        for evidence in paper.evidence:  # the raw span, verbatim in the file it was read from
            assert texts.holds(evidence.text, evidence.doc)
        for url in (paper.url, paper.github):
            assert url is None or url in files
    for model in answer.models:
        assert model.url is None or model.url in files


def test_json_has_exactly_the_documented_keys(kb):
    from kg import api

    answer = api.ask("face parsing with makeup", db_path=kb)
    data = answer.to_dict()
    assert set(data) == JSON_KEYS
    assert set(data["workflow"]) == {"input", "steps", "output"}
    assert all(set(t) == {"name", "score", "definition", "matched"} for t in data["tasks"])
    assert all(set(p) == PAPER_KEYS for p in data["papers"])
    assert all(set(e) == {"text", "doc", "field", "start", "end", "role"} for p in data["papers"] for e in p["evidence"])
    assert all(set(link) == {"url", "kind", "source", "evidence"} for p in data["papers"] for link in p["links"])
    assert all(set(m) == {"name", "url", "tasks", "papers"} for m in data["models"])
    assert all(set(d) == {"name", "papers"} for d in data["datasets"])
    step_keys = {"model", "url"} | ({"task"} if len({s.task for s in answer.workflow.steps}) > 1 else set())
    assert all(set(s) == step_keys for s in data["workflow"]["steps"])


def test_the_workflow_names_only_models_of_the_chosen_task_or_of_listed_papers_on_it(kb):
    # found by a new user: "portrait image -> HiFace or SD-DeTail -> person mask" named a 3D face reconstruction
    # method (a listed paper's, not on the chosen task) as the segmenter
    from kg import api
    from kg.answer.rank import task_papers

    db = api.open_database(kb)
    for question in ("How can I segment the parts of a face in a photo?", prompt_question("face_parsing_makeup"),
                     "The app put dots on the corners of my eyes and mouth. What is it doing?",
                     "How can I estimate someone's heart rate from a video of their face?"):
        answer = api.ask(question, db_path=kb)
        task = answer.tasks[0]
        on_task = {p.title for p in answer.papers if int(p.key.split(":")[1]) in task_papers(db.conn, task.key)}
        models = {m.name: m for m in answer.models}
        for step in answer.workflow.steps:
            assert task.name in models[step.model].tasks or on_task.intersection(models[step.model].papers), question
        # and a model that a listed paper on the task proposes is named when none is tied to the task itself (a
        # fresh-clone user read "no model linked to this task" above the heart-rate paper's DRP-Net)
        assert answer.workflow.steps or not any(on_task.intersection(m.papers) for m in answer.models), question


def test_off_topic_question_abstains(kb):
    from kg import api

    for question in ("How do I bake sourdough bread?", "How do proteins fold into their 3D structure?"):
        answer = api.ask(question, db_path=kb)
        assert answer.abstained, question
        assert not answer.workflow.steps


def test_same_question_same_answer(kb):
    from kg import api

    question = "The app put dots on the corners of my eyes and mouth. What is it doing?"
    assert api.ask(question, db_path=kb).to_dict() == api.ask(question, db_path=kb).to_dict()


def test_prompt_mode_lists_only_the_prompts_papers(kb):
    from kg import api

    answer = api.ask_prompt("face_parsing_makeup", db_path=kb)
    assert {p.arxiv_id for p in answer.papers} == {"2312.08863", "2406.02074", "2308.11951"}
    assert all(p.relevant is not None and p.reason for p in answer.papers)
    assert {s.model for s in answer.workflow.steps} <= {"jonathandinu/face-parsing"}
    data = answer.to_dict()
    assert set(data) == JSON_KEYS | {"prompt"}
    assert len(data["prompt"]["relevant"]) + len(data["prompt"]["not_relevant"]) == 3


def test_prompt_by_path_equals_prompt_by_name(kb):
    from kg import api

    by_path = api.ask_prompt(str(CORPUS / "prompts" / "face_parsing_makeup.txt"), db_path=kb).to_dict()
    by_name = api.ask_prompt("face_parsing_makeup", db_path=kb).to_dict()
    by_path.pop("prompt"), by_name.pop("prompt")
    assert by_path == by_name


@pytest.mark.parametrize("question", ['"face" AND (parsing OR NOT *', "😀 face parsing 😀", "x" * 10_000,
                                      "face parsing " * 1500, "NEAR(face parsing)", "'; DROP TABLE papers; --"])
def test_hostile_questions_get_an_answer(kb, question):
    from kg import api

    answer = api.ask(question, db_path=kb)
    assert set(answer.to_dict()) == JSON_KEYS


def test_answer_subgraph(kb):
    from kg import api

    answer = api.ask("separate facial parts even with makeup", db_path=kb)
    graph = api.answer_subgraph(answer, db_path=kb)
    assert "question" in graph
    assert answer.tasks[0].key in graph
    assert all(p.key in graph for p in answer.papers)
    assert {data["type"] for _, data in graph.nodes(data=True)} >= {"question", "task", "paper"}
    # every retrieved paper hangs from the question (none did once paths said "hybrid retrieval", not "full text")
    assert {dst for _, dst, data in graph.out_edges("question", data=True) if data["relation"] == "retrieved"} \
        == {p.key for p in answer.papers if p.retrieved > 0} != set()
    walked = [data for src, dst, data in graph.edges(data=True) if src != "question"]
    assert walked and all(data["kind"] and data["rule"] for data in walked)  # the walked edges keep their evidence
    assert all(data["sentence"] for data in walked if data["relation"] in ("addresses", "proposes"))


def test_an_abstaining_answer_graph_ties_nothing_to_the_question(kb):
    from kg import api

    answer = api.ask("what is the best recipe for chocolate cake?", db_path=kb)
    assert answer.abstained
    assert list(api.answer_subgraph(answer, db_path=kb).out_edges("question")) == []


def test_no_synonym_table_is_left():
    from kg.answer import matching

    assert not hasattr(matching, "SYNONYMS")
    assert [w.stem for w in matching.words("photos pictures")] == ["photo", "pictur"]


def test_same_answer_in_processes_with_different_hash_seeds(kb):
    """Sums over sets of words must not depend on the process's string hashing."""
    import os
    import subprocess
    import sys

    question = "From a single selfie I want new images of me in other poses and outfits. How do I keep my identity?"
    code = ("import json, sys; from kg import api; "
            "print(json.dumps(api.ask(sys.argv[1], db_path=sys.argv[2]).to_dict(), sort_keys=True))")
    outputs = {subprocess.run([sys.executable, "-c", code, question, str(kb)], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_a_model_without_a_link_of_its_own_shows_its_papers(kb):
    # HiFace's text gives no code or project link; the paper proposing it is stored with its arXiv page
    from kg import api

    answer = api.ask("how do I separate facial parts in photos?", db_path=kb)
    papers = {paper.title.split(":")[0]: paper.url for paper in answer.papers}
    models = {model.name: model.url for model in answer.models}
    assert papers["HiFace"] and models["HiFace"] == papers["HiFace"]
    assert all(step.url == models[step.model] for step in answer.workflow.steps if step.model in models)
    # a module of a paper whose own link is its project page shows that page (GSmoothFace's A2EP)
    answer = api.ask("Which methods synthesize lip-synced talking faces from audio?", db_path=kb)
    shown = {paper.title.split(":")[0]: paper.shown_links for paper in answer.papers}
    models = {model.name: model.url for model in answer.models}
    assert "A2EP" in models and models["A2EP"] == shown["GSmoothFace"][0]
