"""Each corpus reader on the real corpus files, format detection, and text cleaning.

Expected counts are computed from the files directly (blank-line blocks, ``##``
lines, JSON lines) rather than taken from the readers under test.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import UnknownFormat
from kg.ingest import arxiv_jsonl, daily_papers, detect_format, paper_qa, prompts
from kg.text import arxiv_id_from_url, clean_text, normalise_title, strip_version

ZEROS = "0" * 64
LISTING = "papers/hf_daily_papers_faces.txt"
MAKEUP = "prompts/face_parsing_makeup.txt"
PORES = "prompts/face_completion_pores.txt"
HIFACE = "paper_qa/hiface_2303.11225.md"
FACECOM = "FaceCom: Towards High-fidelity 3D Facial Shape Completion via Optimization and Inpainting Guidance"


def read_all(module, path: Path, relative: str):
    return list(module.read(path, relative, ZEROS))


@pytest.fixture(scope="module")
def listing(corpus_dir):
    return read_all(daily_papers, corpus_dir / LISTING, LISTING)


@pytest.fixture(scope="module")
def makeup_prompt(corpus_dir):
    [prompt] = read_all(prompts, corpus_dir / MAKEUP, MAKEUP)
    return prompt


@pytest.fixture(scope="module")
def hiface(corpus_dir):
    [paper] = read_all(paper_qa, corpus_dir / HIFACE, HIFACE)
    return paper


@pytest.fixture(scope="module")
def head_file(shared_dir):
    return shared_dir / "data" / "arxiv_snapshot_format_head.jsonl"


# --- daily-papers listing -------------------------------------------------------------------

def test_listing_has_65_papers(listing, corpus_dir):
    blocks = [b for b in (corpus_dir / LISTING).read_text(encoding="utf-8").split("\n\n") if b.strip()]
    header = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
              "byAK and the research community", "Aug 1"]
    assert [b.strip() for b in blocks[:6]] == header
    assert len(listing) == 65
    assert len(blocks) - len(header) == 2 * 65  # a title block and an abstract block each


def test_listing_first_and_last_titles(listing):
    assert listing[0].title == "Facial Geometric Detail Recovery via Implicit Representation"
    assert listing[-1].title == "Single-Shot Implicit Morphable Faces with Consistent Texture Parameterization"
    assert listing[0].abstract.startswith("Learning a dense 3D model with fine-scale details from a single facial image")
    assert all(p.arxiv_id is None for p in listing)


def test_listing_records_source_lines(listing, corpus_dir):
    lines = (corpus_dir / LISTING).read_text(encoding="utf-8").split("\n")
    for paper in listing:
        assert paper.source.path == LISTING
        assert lines[paper.source.line - 1].strip() == paper.raw_title


def test_listing_cleans_latex_and_keeps_raw(listing):
    by_title = {p.title.split(":")[0]: p for p in listing}
    avatar = by_title["Neural Point-based Volumetric Avatar"]
    assert r"{\fullname} ({\name})" in avatar.raw_abstract
    assert r"our {\name} is" in avatar.raw_abstract
    assert "\\" not in avatar.abstract and "{" not in avatar.abstract
    assert "we propose, a method that adopts" in avatar.abstract

    facechain = by_title["FaceChain"]
    assert r"characteristics, \ie facial shape" in facechain.raw_abstract
    assert "characteristics, i.e. facial shape" in facechain.abstract
    assert "(e.g., face detection" in facechain.abstract

    confidence = next(p for p in listing if r"90\%" in p.raw_abstract)
    assert "accuracy of 90%, even" in confidence.abstract
    assert r"\%" not in confidence.abstract


def test_listing_keeps_caret_in_title(listing):
    unif = next(p for p in listing if p.title.startswith("UniF"))
    assert unif.title == "UniF^2ace: Fine-grained Face Understanding and Generation with Unified Multimodal Models"


# --- question prompts -----------------------------------------------------------------------

def test_prompt_question_is_exact(makeup_prompt):
    assert makeup_prompt.question == (
        "Even with makeup or shadows, the model separated facial parts really well. "
        "How does it keep track of small changes on the face?")
    assert makeup_prompt.name == "face_parsing_makeup"
    assert makeup_prompt.source.line == 4


def test_prompt_model_id_is_parsed(makeup_prompt):
    [model] = makeup_prompt.models
    assert model.raw_id == "Segmentation-HuggingFace-jonathandinu-face-parsing"
    assert (model.category, model.hub, model.repo) == ("Segmentation", "HuggingFace", "jonathandinu/face-parsing")
    assert not hasattr(model, "url")  # the hub page its id names is not written in the corpus: kg keeps none
    assert model.paper_url is None


def test_prompt_papers_ids_are_version_stripped(makeup_prompt, corpus_dir):
    text = (corpus_dir / MAKEUP).read_text(encoding="utf-8")
    assert "2308.11951v3.pdf" in text
    assert [p.arxiv_id for p in makeup_prompt.papers] == ["2312.08863", "2406.02074", "2308.11951"]
    assert [p.url for p in makeup_prompt.papers][1] == "http://arxiv.org/pdf/2406.02074v1.pdf"


def test_prompt_paper_github_and_summary(makeup_prompt):
    facecom = makeup_prompt.papers[1]
    assert facecom.title == FACECOM
    assert facecom.github == "https://github.com/dragonylee/facecom"
    assert facecom.abstract.startswith("We propose FaceCom, a method for 3D facial shape completion, which delivers "
                                       "high-fidelity results for incomplete facial inputs of arbitrary forms.")
    assert [p.github for p in makeup_prompt.papers] == [None, "https://github.com/dragonylee/facecom", None]


def test_second_prompt(corpus_dir):
    [prompt] = read_all(prompts, corpus_dir / PORES, PORES)
    assert prompt.question.startswith("Even with a large missing section on the face, the AI brought back pore details")
    assert [p.arxiv_id for p in prompt.papers] == ["2406.02074", "2404.17255", "2408.09248"]
    assert [m.repo for m in prompt.models] == ["jonathandinu/face-parsing"]


@pytest.mark.parametrize("raw_id, expected", [
    ("Segmentation-HuggingFace-jonathandinu-face-parsing", ("Segmentation", "HuggingFace", "jonathandinu/face-parsing")),
    ("Image-Segmentation-HuggingFace-owner-name", ("Image-Segmentation", "HuggingFace", "owner/name")),
    ("Detection-GitHub-a-b-c", ("Detection", "GitHub", "a/b-c")),
])
def test_parse_model_id(raw_id, expected):
    assert prompts.parse_model_id(raw_id) == expected


def test_parse_model_id_without_hub_is_an_error():
    with pytest.raises(ValueError, match="Category-Hub-owner-name"):
        prompts.parse_model_id("just-a-name")


# --- paper Q&A notes ------------------------------------------------------------------------

def test_paper_qa_title_and_id(hiface):
    assert hiface.title == "HiFace: High-Fidelity 3D Face Reconstruction by Learning Static and Dynamic Details"
    assert "Static and   Dynamic" in hiface.raw_title  # the raw heading keeps its spacing
    assert hiface.arxiv_id == "2303.11225"
    assert hiface.url == "https://arxiv.org/abs/2303.11225"


def test_paper_qa_sections(hiface, corpus_dir):
    lines = (corpus_dir / HIFACE).read_text(encoding="utf-8").split("\n")
    headings = [(n, line[3:].strip()) for n, line in enumerate(lines, start=1) if line.startswith("## ")]
    assert len(hiface.sections) == len(headings) == 16
    assert hiface.sections[0].heading == "What is the central research question or hypothesis that this paper addresses?"
    assert [(s.line, s.heading) for s in hiface.sections] == headings
    assert hiface.sections[0].text.startswith("Based on my reading, the central research question")
    assert hiface.sections[0].raw_text in "\n".join(lines)


# --- arXiv snapshot JSON lines --------------------------------------------------------------

def test_arxiv_head_has_200_records(head_file):
    papers = read_all(arxiv_jsonl, head_file, "head.jsonl")
    with open(head_file, encoding="utf-8") as handle:
        ids = [json.loads(line)["id"] for line in handle if line.strip()]
    assert len(papers) == len(ids) == 200
    assert [p.arxiv_id for p in papers] == ids


def test_arxiv_first_record(head_file):
    first = next(iter(arxiv_jsonl.read(head_file, "head.jsonl", ZEROS)))
    assert first.arxiv_id == "0704.0001"
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert first.categories == "hep-ph"
    assert first.published == "2007-04-02"
    assert first.source.line == 1
    assert "\n" in first.raw_abstract and "\n" not in first.abstract
    assert first.abstract.startswith("A fully differential calculation in perturbative quantum chromodynamics is "
                                     "presented for the production")


def test_arxiv_version_is_stripped(tmp_path):
    path = tmp_path / "v.jsonl"
    path.write_text(json.dumps({"id": "2406.02074v2", "title": "T", "abstract": "A"}) + "\n", encoding="utf-8")
    [paper] = read_all(arxiv_jsonl, path, "v.jsonl")
    assert paper.arxiv_id == "2406.02074"


@pytest.mark.parametrize("field, value", [
    ("abstract", 42), ("title", ["T"]), ("categories", ["cs.CV"]), ("update_date", 5), ("id", 1234.5678),
    ("versions", [{"version": "v1", "created": 5}]), ("versions", "v1"),
])
def test_a_snapshot_field_of_the_wrong_type_is_an_error_naming_its_line(head_file, tmp_path, field, value):
    """A real record with one field retyped: the reader names the file, line and field (it raised TypeError)."""
    from kg.errors import InputError

    lines = head_file.read_text(encoding="utf-8").splitlines()[:3]
    record = json.loads(lines[1])
    record[field] = value
    path = tmp_path / "typed.jsonl"
    path.write_text("\n".join([lines[0], json.dumps(record), lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"typed.jsonl:2: '{field}' must be"):
        read_all(arxiv_jsonl, path, "typed.jsonl")
    skipped = []
    assert len(list(arxiv_jsonl.read(path, "typed.jsonl", "0" * 64, on_error=skipped.append))) == 2 and len(skipped) == 1


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_record(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text("\ufeff" + json.dumps({"id": "2406.02074", "title": "T", "abstract": "A"}) + "\n", encoding="utf-8")
    [paper] = read_all(arxiv_jsonl, path, "bom.jsonl")
    assert paper.arxiv_id == "2406.02074"


# --- format detection -----------------------------------------------------------------------

@pytest.mark.parametrize("relative, expected", [
    (LISTING, "daily-papers"),
    (MAKEUP, "prompt"),
    (PORES, "prompt"),
    (HIFACE, "paper-qa"),
])
def test_detect_corpus_formats(corpus_dir, relative, expected):
    assert detect_format(corpus_dir / relative) == expected


def test_detect_arxiv_jsonl(head_file):
    assert detect_format(head_file) == "arxiv-jsonl"


def test_corpus_readme_is_no_known_format(corpus_dir):
    with pytest.raises(UnknownFormat, match="not a known corpus format"):
        detect_format(corpus_dir / "README.md")


# --- text cleaning --------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    (r"we propose {\fullname} ({\name}), a method", "we propose, a method"),
    (r"unique traits, \ie facial shape", "unique traits, i.e. facial shape"),
    (r"models (\eg, face detection)", "models (e.g., face detection)"),
    (r"an accuracy of 90\%, even", "an accuracy of 90%, even"),
    ("UniF^2ace", "UniF^2ace"),
    (r"$x^{2}$ and $2\times$ faster", "x^2 and 2× faster"),
    ("hard line\nbreaks  and\t ragged   space ", "hard line breaks and ragged space"),
    (r"\textbf{bold \emph{and}} plain", "bold and plain"),
    (r"shown in~\cite{smith20} here", "shown in here"),
    (r"costs \$5", "costs $5"),
    ("", ""),
])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("title, expected", [
    ("EasyPortrait -- Face Parsing & Portrait Segmentation Dataset", "easyportrait face parsing portrait segmentation dataset"),
    ("Café: Über Faces", "cafe uber faces"),
    ("  FaceCom:\n  Towards  ", "facecom towards"),
])
def test_normalise_title(title, expected):
    assert normalise_title(title) == expected


@pytest.mark.parametrize("url, expected", [
    ("http://arxiv.org/pdf/2406.02074v1.pdf", "2406.02074"),
    ("https://arxiv.org/abs/2303.11225", "2303.11225"),
    ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
    ("https://github.com/dragonylee/facecom", None),
    ("", None),
])
def test_arxiv_id_from_url(url, expected):
    assert arxiv_id_from_url(url) == expected


def test_strip_version():
    assert strip_version("2406.02074v3") == "2406.02074"
    assert strip_version("0704.0001") == "0704.0001"
