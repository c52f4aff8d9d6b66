"""Named queries of kg.store that the answer stage reads: prompts as ingested, stored texts."""
from __future__ import annotations

import pytest

from kg.ingest import prompts as reader
from kg.store.queries import stored_prompt, stored_texts


@pytest.fixture(scope="module")
def db(built_corpus_db):
    from kg import api

    return api.open_database(built_corpus_db)


@pytest.mark.parametrize("name", ["face_parsing_makeup", "face_completion_pores"])
def test_stored_prompt_holds_what_the_prompt_file_lists(db, corpus_dir, name):
    path = corpus_dir / "prompts" / f"{name}.txt"
    [record] = list(reader.read(path, path.name, "0" * 64))
    by_name = stored_prompt(db.conn, name)
    assert by_name == stored_prompt(db.conn, f"prompts/{name}.txt")
    assert by_name["question"] == record.question
    assert by_name["models"] == [model.repo for model in record.models]
    titles = [db.conn.execute("SELECT title FROM papers WHERE id = ?", (i,)).fetchone()[0] for i in by_name["paper_ids"]]
    assert sorted(titles) == sorted(paper.title for paper in record.papers)


def test_stored_prompt_unknown_is_none(db):
    assert stored_prompt(db.conn, "no_such_prompt") is None


def test_stored_texts_hold_titles_sections_and_prompts(db):
    texts = set(stored_texts(db.conn))
    title, abstract = db.conn.execute("SELECT title, abstract FROM papers WHERE abstract != '' ORDER BY id LIMIT 1").fetchone()
    assert {title, abstract} <= texts and "" not in texts
    assert stored_prompt(db.conn, "face_parsing_makeup")["question"] in texts
