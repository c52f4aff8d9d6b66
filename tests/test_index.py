"""kg.index: the pinned sentence encoder, incremental embedding, papers_fts as sqlite-utils makes it,
lexical mode, and the model errors (one line, non-zero exit, database unchanged)."""
from __future__ import annotations

import importlib.util
import json
import shutil

import pytest
from db_digest import dump_sha

from kg.cli import cli


def test_the_pinned_model_embeds_a_paraphrase_near_its_sentence():
    from kg.index.encoder import DEFAULT_SHA256, load_encoder

    encoder = load_encoder()
    assert encoder is not None and encoder.sha256 == DEFAULT_SHA256 and encoder.dim == 384
    vectors = encoder.encode(["labelling each pixel of a face with its part",
                              "face parsing assigns a facial component to every pixel",
                              "forecasting stock prices from news"])
    assert abs(float(vectors[0] @ vectors[0]) - 1.0) < 1e-4
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.2


def test_papers_fts_is_found_by_sqlite_utils(built_corpus_db):
    import sqlite_utils

    db = sqlite_utils.Database(built_corpus_db)
    assert db["papers"].detect_fts() == "papers_fts"
    titles = [row["title"] for row in db["papers"].search("face parsing", limit=3)]
    assert any("Face Parsing" in t for t in titles)


def test_rebuild_embeds_only_what_changed(tmp_path, corpus_dir):
    from kg import api

    db_path = tmp_path / "kg.db"
    first = api.build([corpus_dir], db_path=db_path)
    assert first.embedding["embedded"] > 70 and first.embedding["model"]
    again = api.build([corpus_dir], db_path=db_path)
    assert again.embedding["embedded"] == 0 and again.embedding["unchanged"] == first.embedding["embedded"]
    db = api.open_database(db_path)
    with db.conn:
        db.conn.execute("UPDATE papers SET abstract = abstract || ' A changed sentence.' WHERE id = 1")
    changed = api.embed(db_path=db_path)
    assert changed.embedded == 1


def test_vectors_are_stored_as_int8_close_to_the_encoders_float32(built_corpus_db):
    import numpy as np

    from kg import api
    from kg.index.encoder import load_encoder
    from kg.index.search import VectorTable

    conn = api.open_database(built_corpus_db).conn
    stored = VectorTable.load(conn, "paper")
    assert {len(b) for (b,) in conn.execute("SELECT vector FROM vectors")} == {384}  # a byte per dimension
    rows = conn.execute("SELECT 'paper:' || id, title || '. ' || abstract FROM papers ORDER BY id LIMIT 20").fetchall()
    fresh = load_encoder().encode([text for _, text in rows])
    decoded = stored.vectors([stored.keys.index(key) for key, _ in rows])
    assert np.sum(fresh * decoded, axis=1).min() > 0.999


def test_an_older_float32_index_is_converted_without_embedding_again(tmp_path, built_corpus_db):
    import numpy as np

    from kg import api
    from kg.index.search import VectorTable
    from kg.index.vectors import FORMAT_SETTING, INT8, decode, unpack

    db_path = _copy_db(built_corpus_db, tmp_path / "kg.db")
    db = api.open_database(db_path)
    before = VectorTable.load(db.conn, "paper")
    with db.conn:  # what an index written before int8 storage holds: float32 values, no format setting
        for key, part, blob in db.conn.execute("SELECT key, part, vector FROM vectors").fetchall():
            db.conn.execute("UPDATE vectors SET vector = ? WHERE key = ? AND part = ?",
                            (decode(unpack(blob, 1, INT8)).tobytes(), key, part))
        db.conn.execute("DELETE FROM settings WHERE key = ?", (FORMAT_SETTING,))
    assert np.allclose(VectorTable.load(db.conn, "paper").vectors(), before.vectors())  # read as float32
    assert api.embed(db_path=db_path).embedded == 0
    after = api.open_database(db_path).conn
    assert {len(b) for (b,) in after.execute("SELECT vector FROM vectors")} == {384}
    assert np.allclose(VectorTable.load(after, "paper").vectors(), before.vectors(), atol=1e-6)


def test_cells_read_part_of_a_large_kind_and_keep_its_nearest_papers(tmp_path, built_corpus_db):
    """The embedded corpus's papers given cells as a large corpus gets them (thresholds scaled down):
    a question reads the cells nearest it, fewer vectors than the whole kind, and still finds its
    nearest papers; keys asked for by name come along; shrinking back below the threshold drops the cells."""
    from kg import api
    from kg.index.build import update_cells
    from kg.index.encoder import load_encoder
    from kg.index.search import VectorTable

    db = api.open_database(_copy_db(built_corpus_db, tmp_path / "kg.db"))
    whole = VectorTable.load(db.conn, "paper")
    with db.conn:
        update_cells(db.conn, {"paper"}, cluster_above=20)
    sizes = [size for (size,) in db.conn.execute("SELECT size FROM vector_cells WHERE kind = 'paper'")]
    assert len(sizes) > 3 and sum(sizes) == len(whole)
    assert db.conn.execute("SELECT count(*) FROM vectors WHERE key LIKE 'paper:%' AND cell IS NULL").fetchone()[0] == 0
    question = load_encoder().encode(["which models label every pixel of a face with the part it belongs to?"])[0]
    exact = whole.search(question).nearest(3)
    near = VectorTable.load(db.conn, "paper", near=question, probe_rows=len(whole) // 3)
    assert len(set(near.keys)) < len(set(whole.keys))
    assert near.search(question).nearest(1) == exact[:1]
    later = VectorTable.load(db.conn, "paper", near=lambda: question, probe_rows=len(whole) // 3)
    assert later.keys == near.keys  # the vector given by a function, as kg ask does while embedding
    one_cell = VectorTable.load(db.conn, "paper", near=question, probe_rows=1)
    far_key = next(key for key in whole.keys if key not in one_cell.keys)
    assert far_key in VectorTable.load(db.conn, "paper", near=question, probe_rows=1, also=[far_key]).keys
    with db.conn:
        update_cells(db.conn, set(), cluster_above=10 ** 6)
    assert db.conn.execute("SELECT count(*) FROM vector_cells").fetchone()[0] == 0
    assert len(VectorTable.load(db.conn, "paper", near=question)) == len(whole)

    def not_needed():
        raise AssertionError("a kind without cells is read whole, without waiting for the vector")
    assert len(VectorTable.load(db.conn, "paper", near=not_needed)) == len(whole)


def _copy_db(source, target):
    """A copy of a live WAL database (the backup API: a file copy could miss the write-ahead log)."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _copy_model(tmp_path, *, tokenizer=True):
    from kg.index.encoder import TOKENIZER_DIR, find_model

    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(find_model().onnx, folder / "model.onnx")
    if tokenizer:
        shutil.copy(TOKENIZER_DIR / "tokenizer.json", folder / "tokenizer.json")
    return folder


def test_a_question_encoder_runs_one_batch_on_every_core_and_a_build_encoder_batches_side_by_side():
    from kg.index.encoder import THREADS, Encoder, find_model

    spec = find_model()
    for encoder, side_by_side, per_run in ((Encoder(spec, optimize=False), 1, THREADS), (Encoder(spec), THREADS, 1)):
        assert encoder.threads == side_by_side
        assert encoder.session.get_session_options().intra_op_num_threads == per_run


def test_a_model_with_the_wrong_hash_is_refused(tmp_path):
    from kg.index import ModelError
    from kg.index.encoder import Encoder, ModelSpec, find_model

    spec = find_model()
    with pytest.raises(ModelError, match="sha256"):
        Encoder(ModelSpec("x", spec.onnx, spec.tokenizer, "0" * 64))


@pytest.mark.parametrize("setup, message", [
    ("no-tokenizer", "has no tokenizer.json"),
    ("missing-folder", "no such folder"),
    ("other-model", "index built with"),
    ("no-runtime", "needs onnxruntime and tokenizers"),
])
def test_model_errors_are_one_line_and_leave_the_database(runner, tmp_path, built_corpus_db, monkeypatch,
                                                          setup, message):
    db_path = _copy_db(built_corpus_db, tmp_path / "kg.db")
    if setup == "no-tokenizer":
        folder = _copy_model(tmp_path, tokenizer=False)
    elif setup == "missing-folder":
        folder = tmp_path / "nowhere"
    elif setup == "no-runtime":  # a model folder, but the semantic extra is not installed
        folder = _copy_model(tmp_path)
        installed = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *args: None if name == "onnxruntime" else installed(name, *args))
    else:  # the same weights in another file (an unknown protobuf field added): another model to the index
        folder = _copy_model(tmp_path)
        with open(folder / "model.onnx", "ab") as handle:
            handle.write(b"\xa0\x06\x01")  # field 100, varint 1: onnxruntime loads it, its sha256 differs
    monkeypatch.setenv("KG_EMBED_MODEL", str(folder))
    before = dump_sha(db_path)
    new_paper = tmp_path / "new.jsonl"  # a build with something to ingest fails before ingesting it
    new_paper.write_text(json.dumps({"id": "2406.90001", "title": "Face parsing under occlusion",
                                     "abstract": "We propose OccParse for face parsing of occluded faces."}) + "\n")
    builds = [] if setup == "other-model" else [["build"], ["build", str(new_paper)]]  # another model: build re-embeds
    for args in [["ask", "face parsing"]] + builds:
        result = runner.invoke(cli, args + ["--db", str(db_path)])
        assert result.exit_code != 0
        assert message in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert dump_sha(db_path) == before


def test_a_build_with_another_model_embeds_everything_again(runner, tmp_path, built_corpus_db, monkeypatch):
    db_path = _copy_db(built_corpus_db, tmp_path / "kg.db")
    folder = _copy_model(tmp_path)
    with open(folder / "model.onnx", "ab") as handle:
        handle.write(b"\xa0\x06\x01")  # the same weights in another file: another model to the index
    monkeypatch.setenv("KG_EMBED_MODEL", str(folder))
    result = runner.invoke(cli, ["build", "--db", str(db_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    embedded = json.loads(result.output)["embedding"]
    assert embedded["embedded"] > 100 and embedded["unchanged"] == 0
    answer = json.loads(runner.invoke(cli, ["ask", "face parsing", "--db", str(db_path), "--format", "json"]).output)
    assert answer["retrieval"] == "hybrid"


def test_an_index_of_another_dimension_is_refused(runner, tmp_path, built_corpus_db):
    from kg import api

    db_path = _copy_db(built_corpus_db, tmp_path / "kg.db")
    db = api.open_database(db_path)
    with db.conn:
        db.conn.execute("UPDATE settings SET value = '768' WHERE key = 'index.dim'")
    db.conn.close()
    result = runner.invoke(cli, ["ask", "face parsing", "--db", str(db_path)])
    assert result.exit_code != 0 and "768-dimensional" in result.output and "kg build" in result.output


def test_lexical_mode_says_so(runner, built_corpus_db, monkeypatch):
    monkeypatch.setenv("KG_EMBED_MODEL", "none")
    data = json.loads(runner.invoke(cli, ["ask", "separate facial parts under makeup", "--db", str(built_corpus_db),
                                          "--format", "json"]).output)
    assert data["retrieval"] == "lexical" and data["papers"]
    text = runner.invoke(cli, ["ask", "separate facial parts under makeup", "--db", str(built_corpus_db)]).output
    assert "Retrieval: lexical" in text
    stats = json.loads(runner.invoke(cli, ["stats", "--db", str(built_corpus_db), "--format", "json"]).output)
    assert stats["retrieval"] == "lexical"
    monkeypatch.delenv("KG_EMBED_MODEL")
    stats = json.loads(runner.invoke(cli, ["stats", "--db", str(built_corpus_db), "--format", "json"]).output)
    assert stats["retrieval"] == "hybrid" and stats["vectors"] > 70


def test_the_ask_path_imports_no_onnxruntime_in_lexical_mode(built_corpus_db):
    import os
    import subprocess
    import sys

    code = ("import sys; from kg import api; api.ask('face parsing', db_path=sys.argv[1]); "
            "print(sorted(m for m in ('onnxruntime', 'spacy', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(built_corpus_db)], capture_output=True, text=True, check=True,
                         env={**os.environ, "KG_EMBED_MODEL": "none"}).stdout
    assert out.strip() == "[]"


def test_a_task_only_a_title_states_is_embedded(built_corpus_db):
    # a discovered node seen once is not embedded, unless it is the purpose a paper's title states
    # ("ANIM: Accurate Neural Implicit Model for Human Reconstruction from a single RGB-D image")
    import sqlite3

    conn = sqlite3.connect(built_corpus_db)
    stated = conn.execute("""SELECT e.key, e.mentions FROM entities e WHERE NOT e.in_vocabulary
        AND e.id IN (SELECT entity_id FROM mentions WHERE rule = 'title-purpose')""").fetchall()
    vectors = {key for (key,) in conn.execute("SELECT key FROM vectors WHERE key LIKE 'task:%'")}
    assert ("task:human reconstruction", 1) in stated and {key for key, _ in stated} <= vectors
    unstated = conn.execute("""SELECT key FROM entities WHERE type = 'task' AND NOT in_vocabulary AND mentions = 1
        AND id NOT IN (SELECT entity_id FROM mentions WHERE rule = 'title-purpose')""").fetchall()
    assert unstated and not {key for (key,) in unstated} & vectors
