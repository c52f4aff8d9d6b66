"""`kg extract` through the CLI: JSON, JSON lines, offsets into the input."""
from __future__ import annotations

import json

import pytest

from kg.cli import cli

TEXT = "We propose FaceCom, a method for 3D facial shape completion using Neural Radiance Fields (NeRFs) on FFHQ."


def test_extract_json_offsets_slice_the_input(runner):
    result = runner.invoke(cli, ["extract", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    entities = json.loads(result.output)["entities"]
    assert {(e["text"], e["type"]) for e in entities} >= {("FaceCom", "model"), ("3D facial shape completion", "task"),
                                                        ("NeRFs", "model"), ("FFHQ", "dataset")}
    for entity in entities:
        assert set(entity) == {"text", "type", "start", "end", "canonical"}
        assert TEXT[entity["start"]:entity["end"]] == entity["text"]
        assert entity["type"] in ("task", "model", "dataset", "metric")
    nerf = [e["canonical"] for e in entities if e["text"] in ("NeRFs", "Neural Radiance Fields")]
    assert set(nerf) == {"NeRF"}


def test_extract_from_a_file_and_as_text(runner, tmp_path):
    path = tmp_path / "in.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path), "--format", "text"])
    assert result.exit_code == 0
    assert "FaceCom" in result.output and "→" in result.output


def test_extract_title_enables_title_rule(runner):
    result = runner.invoke(cli, ["extract", "--title"], input="HeadRecon: High-Fidelity 3D Head Reconstruction")
    assert ("HeadRecon", "model") in {(e["text"], e["type"]) for e in json.loads(result.output)["entities"]}


def test_extract_jsonl_keeps_ids_and_order(runner):
    lines = [{"id": "a", "text": TEXT}, {"id": 7, "text": "Face parsing with SAM."}, {"id": "empty", "text": ""}]
    result = runner.invoke(cli, ["extract", "--jsonl"], input="\n".join(json.dumps(x) for x in lines) + "\n\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", 7, "empty"]
    for item, answer in zip(lines, out):
        for entity in answer["entities"]:
            assert item["text"][entity["start"]:entity["end"]] == entity["text"]
    assert out[2]["entities"] == []


@pytest.mark.parametrize("line, message", [
    ("not json", "not a complete JSON object (Expecting value at column 1)"),
    ('{"id": 1, "text": "cut', "not a complete JSON object (Unterminated string starting at column 19)"),
    ('{"id": 1}', 'expected a JSON object with "id" and "text"'),
])
def test_extract_jsonl_bad_input(runner, line, message):
    result = runner.invoke(cli, ["extract", "--jsonl"], input=line + "\n")
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize("command", [["extract", "-"], ["eval", "results", "RESULTS"], ["build", "CORPUS", "--db", "DB"]])
def test_a_spacy_model_that_is_not_installed_is_one_error_line(runner, tmp_path, shared_dir, corpus_dir, command):
    """It was spaCy's OSError E050 with a traceback; a build stops before anything is written."""
    paths = {"RESULTS": str(shared_dir / "eval" / "results_dev.jsonl"), "CORPUS": str(corpus_dir), "DB": str(tmp_path / "kg.db")}
    result = runner.invoke(cli, [paths.get(part, part) for part in command] + ["--spacy-model", "no_such_pipeline"],
                           input="A text.")
    assert result.exit_code == 1 and "'no_such_pipeline': no spaCy pipeline of that name is installed" in result.output
    assert not isinstance(result.exception, OSError) and not (tmp_path / "kg.db").exists()


def test_extract_reads_latex_as_the_build_does_and_keeps_offsets_into_the_input(runner):
    # arXiv sample 2602.11639: the build reads abstracts cleaned of LaTeX markup; kg extract reads any text the same way
    text = (r"Experiments demonstrate that \model achieves a substantial reduction in token usage (up to"
            "\n" r"\textbf{55.7\%}) while simultaneously improving accuracy on math benchmarks.")
    result = runner.invoke(cli, ["extract", "-"], input=text)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    [saving] = found["results"]
    assert (saving["value"], saving["kind"]) == ("55.7", "other")  # a cut in token usage, not an accuracy
    assert text[saving["start"]:saving["end"]] == "55.7"
    for entity in found["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
