"""Writing the corpus: one paper one row, merged sources, idempotent and incremental re-ingest."""
from __future__ import annotations

import shutil

import pytest

from kg import api
from kg.store import open_db
from kg.store.queries import rows

FACECOM_ID = "2406.02074"
LISTING = "papers/hf_daily_papers_faces.txt"


def table(db_path, sql, params=()):
    db = open_db(db_path, create=False)
    try:
        return rows(db.conn, sql, params)
    finally:
        db.conn.close()


def paper_hashes(db_path) -> dict:
    return {r["title"]: (r["content_hash"], r["abstract"]) for r in table(db_path, "SELECT * FROM papers")}


@pytest.fixture
def corpus_copy(tmp_path, corpus_dir):
    copy = tmp_path / "corpus"
    shutil.copytree(corpus_dir, copy)
    return copy


def test_ingest_counts(tmp_path, corpus_dir):
    report = api.ingest([corpus_dir], db_path=tmp_path / "kg.db")
    stats = api.stats(tmp_path / "kg.db")
    assert (stats["papers"], stats["prompts"], stats["models"], stats["sources"]) == (71, 2, 1, 4)
    assert report.papers["new"] == 71
    assert report.prompts == {"new": 2, "updated": 0, "unchanged": 0, "removed": 0}
    assert report.models["new"] == 1
    assert [(f.path, f.status) for f in report.files] == [
        ("README.md", "skipped"),
        ("paper_qa/hiface_2303.11225.md", "ingested"),
        (LISTING, "ingested"),
        ("prompts/face_completion_pores.txt", "ingested"),
        ("prompts/face_parsing_makeup.txt", "ingested"),
    ]


def test_facecom_is_one_paper_from_both_prompts(corpus_db):
    [facecom] = table(corpus_db, "SELECT * FROM papers WHERE title LIKE 'FaceCom:%'")
    assert facecom["arxiv_id"] == FACECOM_ID
    assert facecom["github"] == "https://github.com/dragonylee/facecom"
    sources = table(corpus_db, """SELECT sources.path, sources.sha256, paper_sources.line FROM paper_sources
        JOIN sources ON sources.id = paper_sources.source_id WHERE paper_id = ? ORDER BY path""", (facecom["id"],))
    assert [(s["path"], s["line"]) for s in sources] == [
        ("prompts/face_completion_pores.txt", 19), ("prompts/face_parsing_makeup.txt", 23)]
    assert all(len(s["sha256"]) == 64 for s in sources)
    prompts = table(corpus_db, """SELECT prompts.name FROM prompt_papers JOIN prompts ON prompts.id = prompt_id
        WHERE paper_id = ? ORDER BY name""", (facecom["id"],))
    assert [p["name"] for p in prompts] == ["face_completion_pores", "face_parsing_makeup"]


def test_every_row_records_its_source(corpus_db):
    assert table(corpus_db, "SELECT count(*) AS n FROM papers WHERE id NOT IN (SELECT paper_id FROM paper_sources)")[0]["n"] == 0
    assert table(corpus_db, "SELECT count(*) AS n FROM models WHERE id NOT IN (SELECT model_id FROM model_sources)")[0]["n"] == 0
    model_sources = table(corpus_db, "SELECT * FROM model_sources ORDER BY source_id")
    assert [m["line"] for m in model_sources] == [15, 15]  # the model line in each prompt
    assert len({m["source_id"] for m in model_sources}) == 2


def test_model_is_one_row_with_both_prompts(corpus_db):
    [model] = table(corpus_db, "SELECT * FROM models")
    assert (model["category"], model["hub"], model["repo"]) == ("Segmentation", "HuggingFace", "jonathandinu/face-parsing")
    links = table(corpus_db, "SELECT prompt_id FROM prompt_models WHERE model_id = ? ORDER BY prompt_id", (model["id"],))
    assert len(links) == 2


def test_listing_paper_merges_with_same_title_carrying_an_id(tmp_path, corpus_dir):
    """A listing paper (no id) and a snapshot record with its title and an id are one paper."""
    title = "Facial Geometric Detail Recovery via Implicit Representation"
    snapshot = tmp_path / "extra.jsonl"
    snapshot.write_text('{"id": "2203.09692v2", "title": "Facial Geometric Detail Recovery via\\n  Implicit '
                        'Representation", "abstract": "x", "categories": "cs.CV", "authors": "A. Author"}\n',
                        encoding="utf-8")
    db_path = tmp_path / "kg.db"
    api.ingest([corpus_dir], db_path=db_path)
    report = api.ingest([snapshot], db_path=db_path)
    assert report.papers == {"new": 0, "updated": 1, "unchanged": 0, "removed": 0}
    [paper] = table(db_path, "SELECT * FROM papers WHERE title_norm = ?", (title.lower(),))
    assert paper["arxiv_id"] == "2203.09692"
    assert paper["categories"] == "cs.CV" and paper["authors"] == "A. Author"
    assert paper["abstract"].startswith("Learning a dense 3D model")  # the first source's value wins
    assert len(table(db_path, "SELECT * FROM paper_sources WHERE paper_id = ?", (paper["id"],))) == 2
    assert api.stats(db_path)["papers"] == 71


def test_reingest_is_idempotent(corpus_db, corpus_dir):
    before = paper_hashes(corpus_db)
    report = api.ingest([corpus_dir], db_path=corpus_db)
    assert report.papers["new"] == report.papers["updated"] == 0
    assert report.prompts["new"] == report.prompts["updated"] == 0
    assert report.models["new"] == report.models["updated"] == 0
    assert not report.changed
    assert report.count("unchanged") == 4 and report.count("ingested") == 0
    assert paper_hashes(corpus_db) == before


def test_editing_a_file_updates_only_what_changed(tmp_path, corpus_copy):
    db_path = tmp_path / "kg.db"
    api.ingest([corpus_copy], db_path=db_path)
    before = paper_hashes(db_path)
    listing = corpus_copy / LISTING
    old = "Learning a dense 3D model with fine-scale details"
    text = listing.read_text(encoding="utf-8")
    assert text.count(old) == 1
    listing.write_text(text.replace(old, "Recovering a dense 3D model with fine-scale details"), encoding="utf-8")

    report = api.ingest([corpus_copy], db_path=db_path)
    recorded = {f.path: f.status for f in report.files if f.status != "skipped"}
    assert recorded == {str((corpus_copy / name).resolve()): status for name, status in (
        ("paper_qa/hiface_2303.11225.md", "unchanged"), (LISTING, "ingested"),
        ("prompts/face_completion_pores.txt", "unchanged"), ("prompts/face_parsing_makeup.txt", "unchanged"))}
    # the listing's 64 other papers and the 6 of the files left as they were
    assert report.papers == {"new": 0, "updated": 1, "unchanged": 70, "removed": 0}
    after = paper_hashes(db_path)
    changed = sorted(title for title in after if after[title] != before.get(title))
    assert changed == ["Facial Geometric Detail Recovery via Implicit Representation"]
    assert after[changed[0]][1].startswith("Recovering a dense 3D model")
    assert api.stats(db_path)["papers"] == 71
    [source] = table(db_path, "SELECT sha256 FROM sources WHERE path = ?", (str(listing.resolve()),))
    from kg.ingest.source import file_sha256
    assert source["sha256"] == file_sha256(listing)


def test_renaming_a_title_replaces_the_paper(tmp_path, corpus_copy):
    db_path = tmp_path / "kg.db"
    api.ingest([corpus_copy], db_path=db_path)
    listing = corpus_copy / LISTING
    old = "Facial Geometric Detail Recovery via Implicit Representation"
    listing.write_text(listing.read_text(encoding="utf-8").replace(old, "Facial Detail Recovery"), encoding="utf-8")
    report = api.ingest([corpus_copy], db_path=db_path)
    assert report.papers["new"] == 1
    titles = {r["title"] for r in table(db_path, "SELECT title FROM papers")}
    assert "Facial Detail Recovery" in titles and old not in titles
    assert api.stats(db_path)["papers"] == 71
    assert api.search_papers("Facial Detail Recovery", db_path=db_path)[0]["title"] == "Facial Detail Recovery"


def test_editing_one_of_two_sources_keeps_the_first_value(tmp_path, corpus_copy):
    """FaceCom stays cited by the other prompt, so its stored summary (the first source's) stands."""
    db_path = tmp_path / "kg.db"
    api.ingest([corpus_copy], db_path=db_path)
    [before] = table(db_path, "SELECT * FROM papers WHERE arxiv_id = ?", (FACECOM_ID,))
    prompt = corpus_copy / "prompts" / "face_parsing_makeup.txt"
    text = prompt.read_text(encoding="utf-8")
    prompt.write_text(text.replace("We propose FaceCom, a method", "FaceCom is a method"), encoding="utf-8")
    report = api.ingest([corpus_copy], db_path=db_path)
    assert report.papers["new"] == 0
    [after] = table(db_path, "SELECT * FROM papers WHERE arxiv_id = ?", (FACECOM_ID,))
    assert after["abstract"] == before["abstract"]
    assert len(table(db_path, "SELECT * FROM paper_sources WHERE paper_id = ?", (after["id"],))) == 2
