"""The NLP pass on the embedded corpus: acceptance facts, evidence, incremental rebuilds."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kg import api


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus_dir):
    db_path = tmp_path_factory.mktemp("nlp") / "kg.db"
    report = api.build([corpus_dir], db_path=db_path)
    conn = sqlite3.connect(db_path)
    yield report, conn
    conn.close()


def edges(conn, src=None, relation=None, dst=None):
    sql = "SELECT src, relation, dst FROM edges WHERE 1"
    params = []
    for column, value in (("src", src), ("relation", relation), ("dst", dst)):
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return set(conn.execute(sql, params).fetchall())


def ancestors(conn, task):
    seen, frontier = set(), [task]
    while frontier:
        key = frontier.pop()
        for (parent,) in conn.execute("SELECT dst FROM edges WHERE src = ? AND relation = 'subtask_of'", (key,)):
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return seen


def paper_key(conn, title_start):
    (paper_id,) = conn.execute("SELECT id FROM papers WHERE title LIKE ?", (title_start + "%",)).fetchone()
    return f"paper:{paper_id}"


def test_facecom_addresses_facial_shape_completion(built):
    _, conn = built
    assert edges(conn, "model:facecom", "addresses", "task:facial shape completion")
    assert "task:shape completion" in ancestors(conn, "task:facial shape completion")


def test_headrecon_addresses_3d_head_reconstruction(built):
    _, conn = built
    assert edges(conn, "model:headrecon", "addresses", "task:3d head reconstruction")
    assert "task:3d reconstruction" in ancestors(conn, "task:3d head reconstruction")


def test_easyportrait_is_a_dataset_introduced_for_face_parsing_and_portrait_segmentation(built):
    _, conn = built
    paper = paper_key(conn, "EasyPortrait")
    assert edges(conn, paper, "introduces", "dataset:easyportrait")
    used_for = {dst for _, _, dst in edges(conn, "dataset:easyportrait", "used_for")}
    assert {"task:face parsing", "task:portrait segmentation"} <= used_for


def test_hub_model_performs_face_parsing(built):
    _, conn = built
    (key,) = conn.execute("SELECT key FROM entities WHERE name = 'jonathandinu/face-parsing'").fetchone()
    tasks = {dst for _, _, dst in edges(conn, key, "addresses")}
    assert "task:face parsing" in tasks and "task:segmentation" in tasks | {a for t in tasks for a in ancestors(conn, t)}
    # its hub page (huggingface.co/<repo>) is not written in the corpus: the node stores no address
    assert conn.execute("SELECT url FROM entities WHERE key = ?", (key,)).fetchone()[0] is None


def test_hiface_proposes_sd_detail_and_addresses_3d_face_reconstruction(built):
    _, conn = built
    paper = paper_key(conn, "HiFace")
    assert edges(conn, paper, "proposes", "model:hiface")
    assert edges(conn, paper, "proposes", "model:sddetail")
    assert edges(conn, "model:hiface", "addresses", "task:3d face reconstruction")


def test_hiface_has_no_title_case_junk_nodes(built):
    _, conn = built
    paper = paper_key(conn, "HiFace")
    targets = {dst for _, _, dst in edges(conn, paper)}
    assert "model:highfidelity" not in targets
    assert not {t for t in targets if t in ("dataset:what", "dataset:constructing", "model:stablediffusion")}


@pytest.mark.parametrize("key, spellings", [
    ("model:nerf", ("nerf", "nerfs", "neural radiance field")),
    ("model:3dmm", ("3dmm", "3dmms", "3d morphable model")),
    ("model:clip", ("clip",)),
    ("model:sam", ("sam", "segment anything")),
])
def test_well_known_methods_are_single_nodes(built, key, spellings):
    _, conn = built
    assert conn.execute("SELECT 1 FROM entities WHERE key = ?", (key,)).fetchone()
    holders = {row[0] for row in conn.execute(
        "SELECT DISTINCT entities.key FROM aliases JOIN entities ON entities.id = aliases.entity_id "
        "WHERE entities.type = 'model' AND lower(replace(aliases.alias, '-', ' ')) IN (%s)" % ",".join("?" * len(spellings)),
        spellings)}
    assert holders <= {key}


def stored_text(conn, doc, field):
    kind, ident = doc.split(":", 1)
    if kind == "prompt":
        return conn.execute("SELECT text FROM prompts WHERE id = ?", (ident,)).fetchone()[0]
    if field == "title":
        return conn.execute("SELECT title FROM papers WHERE id = ?", (ident,)).fetchone()[0]
    if field == "abstract":
        return conn.execute("SELECT abstract FROM papers WHERE id = ?", (ident,)).fetchone()[0]
    return conn.execute("SELECT text FROM sections WHERE id = ?", (field.split(":", 1)[1],)).fetchone()[0]


def test_every_evidence_sentence_occurs_verbatim_at_its_offsets(built):
    """Evidence offsets point into the raw text (as read), mentions' into the cleaned text."""
    from kg.store.evidence import raw_text

    _, conn = built
    rows = conn.execute("SELECT doc, field, sentence, start, end FROM edges WHERE sentence != ''").fetchall()
    assert len(rows) > 100
    for doc, field, sentence, start, end in rows:
        assert raw_text(conn, doc, field)[start:end] == sentence


def test_every_mention_offset_slices_its_text(built):
    _, conn = built
    for doc, field, start, end, text in conn.execute("SELECT doc, field, start, end, text FROM mentions"):
        assert stored_text(conn, doc, field)[start:end] == text


def test_show_lists_edges_with_verbatim_sentences(built, runner):
    import json

    from kg.cli import cli

    _, conn = built
    (db_file,) = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    result = runner.invoke(cli, ["show", "HiFace", "--db", db_file, "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)["edges"]
    assert shown
    from kg.store.evidence import raw_text

    for edge in shown:
        if edge["sentence"]:
            assert raw_text(conn, edge.get("doc") or paper_key(conn, "HiFace"), edge["field"])[
                edge["start"]:edge["end"]] == edge["sentence"]
    # each end a node of the graph names carries its name: kg show's text prints it beside the key
    names = dict(conn.execute("SELECT key, name FROM entities").fetchall())
    assert all(edge[end + "_name"] == names.get(edge[end]) for edge in shown for end in ("src", "dst"))
    assert any(edge["dst_name"] for edge in shown)
    text = runner.invoke(cli, ["show", "HiFace", "--db", db_file]).output
    assert "model:sddetail (SD-DeTail)" in text


def test_incremental_rebuild(tmp_path, corpus_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    db_path = tmp_path / "kg.db"
    first = api.build([corpus], db_path=db_path)
    assert first.documents > 50
    second = api.build([corpus], db_path=db_path)
    assert second.documents == 0 and second.unchanged_documents == first.documents
    qa = corpus / "paper_qa" / "hiface_2303.11225.md"
    qa.write_text(qa.read_text(encoding="utf-8").replace("single image", "single photograph", 1), encoding="utf-8")
    third = api.build([corpus], db_path=db_path)
    assert third.documents == 1


def test_annotations_made_under_other_rules_are_all_read_again(tmp_path, corpus_dir):
    db_path = tmp_path / "kg.db"
    first = api.build([corpus_dir], db_path=db_path)
    conn = sqlite3.connect(db_path)
    hiface = paper_key(conn, "HiFace")
    with conn:  # what an older kg left: fewer annotations of one paper, under its own rules' fingerprint
        conn.execute("DELETE FROM mentions WHERE doc = ?", (hiface,))
        conn.execute("UPDATE settings SET value = 'an older kg' WHERE key = 'nlp.rules'")
    again = api.build([corpus_dir], db_path=db_path)
    assert again.rules_changed and again.documents == first.documents and again.unchanged_documents == 0
    assert conn.execute("SELECT count(*) FROM mentions WHERE doc = ?", (hiface,)).fetchone()[0] > 0
    with conn:
        conn.execute("DELETE FROM mentions WHERE doc = ?", (hiface,))
    unchanged = api.build([corpus_dir], db_path=db_path)  # same rules, same texts: nothing is read again
    assert not unchanged.rules_changed and unchanged.documents == 0
    assert conn.execute("SELECT count(*) FROM mentions WHERE doc = ?", (hiface,)).fetchone()[0] == 0
    with conn:  # a kg from before the fingerprint kept none
        conn.execute("DELETE FROM settings WHERE key = 'nlp.rules'")
    assert api.build([corpus_dir], db_path=db_path).rules_changed
    assert conn.execute("SELECT count(*) FROM mentions WHERE doc = ?", (hiface,)).fetchone()[0] > 0
    conn.close()


def test_a_vocabulary_entity_whose_last_mention_is_edited_away_leaves_the_graph(tmp_path):
    record = {"id": "2501.00001", "title": "A study of things", "abstract": "We evaluate LLaVA on VQA.",
              "categories": "cs.CV", "authors": "A B", "update_date": "2025-01-06"}
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db_path = tmp_path / "kg.db"
    api.build([source], db_path=db_path)
    keys = lambda: {key for (key,) in sqlite3.connect(db_path).execute("SELECT key FROM entities")}  # noqa: E731
    assert "model:llava" in keys()
    source.write_text(json.dumps({**record, "abstract": "We evaluate our model on VQA."}) + "\n", encoding="utf-8")
    assert api.build([source], db_path=db_path).documents == 1  # was: FOREIGN KEY constraint failed
    assert "model:llava" not in keys()


def test_a_task_is_named_as_its_papers_most_often_write_it(tmp_path):
    records = [{"id": f"2501.0000{i}", "title": title, "abstract": abstract, "categories": "cs.CV", "authors": "A B",
                "update_date": "2025-01-06"} for i, (title, abstract) in enumerate([
        ("Lifting images", "We study Bird's Eye View Mapping for cars."),
        ("Maps from cameras", "Our work improves bird's-eye view mapping from cameras."),
        ("Road maps", "This is a method for bird's-eye view mapping."),
    ], 1)]
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db_path = tmp_path / "kg.db"
    api.build([source], db_path=db_path)
    names = dict(sqlite3.connect(db_path).execute("SELECT key, name FROM entities WHERE type = 'task'").fetchall())
    # the spelling two papers use beats the first paper's; the key's form "birds eye view mapping" was the name before
    assert names["task:birds eye view mapping"] == "bird's-eye view mapping"


def _tables(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {
            "mentions": conn.execute("SELECT doc, field, e.key, start, end, text, rule FROM mentions "
                                     "JOIN entities e ON e.id = mentions.entity_id ORDER BY 1, 2, 4, 5, 3").fetchall(),
            "edges": conn.execute("SELECT src, dst, relation, doc, field, sentence, start, end, rule, kind, weight "
                                  "FROM edges ORDER BY 1, 2, 3, 4, 5, 7, 8, 9").fetchall(),
            "done": conn.execute("SELECT doc, content_hash FROM nlp_state ORDER BY doc").fetchall(),
        }
    finally:
        conn.close()


def test_pass_paged_and_in_workers_writes_the_same_tables(tmp_path, corpus_dir, monkeypatch):
    from kg.nlp import annotate

    pages = []
    original = annotate._pending_papers

    def small_pages(conn, page=2000):
        for row in original(conn, page=3):
            pages.append(row[0])
            yield row

    monkeypatch.setattr(annotate, "_pending_papers", small_pages)
    db_path = tmp_path / "kg.db"
    api.build([corpus_dir], db_path=db_path, jobs=2)
    papers = sqlite3.connect(db_path).execute("SELECT id FROM papers ORDER BY id").fetchall()
    assert pages == [paper_id for (paper_id,) in papers] and len(pages) > 6  # every paper once, in order, many pages
    reference = tmp_path / "reference.db"
    monkeypatch.setattr(annotate, "_pending_papers", original)
    api.build([corpus_dir], db_path=reference, jobs=1)
    assert _tables(db_path) == _tables(reference)


def test_a_ctrl_c_while_the_worker_pool_starts_leaves_no_worker_behind(monkeypatch):
    """Ctrl-C lands while the pool forks its workers (here: right after): the pass stops with KeyboardInterrupt
    and every worker is gone. When it was raised before the pool was in its ``with`` block, the pool's handler
    thread outlived the workers and forked new ones that never exited (kg hung after "interrupted")."""
    import multiprocessing
    import os
    import signal

    from kg.nlp.annotate import Document, map_documents

    fork = type(multiprocessing.get_context("fork"))
    start_pool = fork.Pool

    started = []  # held, as a traceback kept until exit holds it: the pool must be stopped, not collected

    def pool_then_ctrl_c(self, *args, **kwargs):
        started.append(start_pool(self, *args, **kwargs))
        os.kill(os.getpid(), signal.SIGINT)
        return started[-1]

    monkeypatch.setattr(fork, "Pool", pool_then_ctrl_c)
    work = [(n, Document(f"paper:{n}", (("title", "FaceNet: face recognition", True),))) for n in range(4)]
    with pytest.raises(KeyboardInterrupt):
        list(map_documents(iter(work), 2, None, 1))
    assert multiprocessing.active_children() == []


def test_a_note_read_again_leaves_no_evidence_on_sections_that_are_gone(tmp_path, runner):
    """Two Q&A notes; the first is edited without changing its text (its sections come back under new
    ids): every edge, mention and result that names a section names one that exists."""
    from kg.cli import cli

    note = next((Path(__file__).parents[1] / "corpus" / "paper_qa").glob("*.md")).read_text(encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(note, encoding="utf-8")
    (corpus / "b.md").write_text(note.replace("HiFace", "FooNet").replace("2303.11225", "2401.99999"), encoding="utf-8")
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    (corpus / "a.md").write_text(note + "\n", encoding="utf-8")  # another file digest, the same text
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        sections = {f"section:{i}" for (i,) in conn.execute("SELECT id FROM sections")}
        for table in ("edges", "mentions", "results"):
            named = {f for (f,) in conn.execute(f"SELECT DISTINCT field FROM {table} WHERE field LIKE 'section:%'")}
            assert named and named <= sections, table


def test_a_notes_future_work_and_comparison_sections_give_no_edges(tmp_path, runner):
    """A Q&A note's sections on future directions and on other research name tasks the paper does not address:
    they stay searchable text, but give the paper no edges (the README's face question chose facial expression
    editing from "expression transfer" in HiFace's future work)."""
    from kg.cli import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text(
        "# [FooNet: Face Parsing in the Wild](https://arxiv.org/abs/2401.99999)\n\n"
        "## What is the main contribution of this paper?\n\nThe paper proposes FooNet for face parsing.\n\n"
        "## What future research directions do the authors suggest?\n\nExtending FooNet to speech recognition.\n\n"
        "## How does this paper compare to other research in the same field?\n\n"
        "Prior work on image captioning uses larger models.\n", encoding="utf-8")
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        tasks = {dst for (dst,) in conn.execute("SELECT dst FROM edges WHERE relation = 'addresses'")}
        assert "task:face parsing" in tasks
        assert not tasks & {"task:speech recognition", "task:image captioning"}
        assert api.search_papers(db_path=db_path, query="speech recognition")  # the text is still searched
