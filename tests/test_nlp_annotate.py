from __future__ import annotations

from kg.nlp.annotate import Document, extract_documents
from kg.nlp.pipeline import extract


def test_extract_documents_gives_each_document_its_own_fields():
    documents = [
        Document("paper:1", (("title", "HeadRecon: High-Fidelity 3D Head Reconstruction from Monocular Video", True),
                             ("abstract", "We propose HeadRecon, a method for 3D head reconstruction. It beats NeRF.", False))),
        Document("paper:2", ()),
        Document("paper:3", (("title", "EasyPortrait -- Face Parsing and Portrait Segmentation Dataset", True),)),
        Document("paper:4", (("abstract", "We evaluate on the LaPa and HELEN datasets, reaching an F1 of 92.1%.", False),)),
    ]
    annotated = extract_documents(documents)
    assert [[field.name for field in fields] for fields in annotated] == [["title", "abstract"], [], ["title"], ["abstract"]]
    for document, fields in zip(documents, annotated):
        for (name, text, is_title), field in zip(document.fields, fields):
            alone = extract(text, title=is_title)
            assert (field.text, field.mentions, field.results) == (text, alone.mentions, alone.results)


def test_a_title_task_is_named_as_the_abstract_names_it():
    # the arXiv sample's 2503.12014: the title's "Single Image Deraining", the abstract's "image deraining"
    title = "Learning Dual-Domain Multi-Scale Representations for Single Image Deraining"
    abstract = ("Existing image deraining methods typically rely on single-input, single-output, and single-scale "
                "architectures, which overlook the joint multi-scale information between external and internal features.")
    (title_field, _), = extract_documents([Document("paper:1", (("title", title, True), ("abstract", abstract, False)))])
    tasks = [(m.text, m.start, m.key, m.rule) for m in title_field.mentions if m.type == "task"]
    assert tasks == [("Image Deraining", title.index("Image Deraining"), "task:image deraining", "title-purpose")]
    alone = [(m.text, m.key) for m in extract(title, title=True).mentions if m.type == "task"]
    assert alone == [("Single Image Deraining", "task:single image deraining")]  # nothing else to name it by
