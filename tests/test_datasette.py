"""Datasette opens a kg database as its own: its search (`_search=`) finds papers through kg's full-text index."""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import datasette  # noqa: F401  (in the test extra: the test fails rather than skips without it)


def datasette_get(db_path, path: str):
    done = subprocess.run([sys.executable, "-m", "datasette", str(db_path), "--get", path],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_datasette_search_finds_papers(corpus_db):
    rows = datasette_get(corpus_db, f"/{corpus_db.stem}/papers.json?_search=face&_shape=array&_size=max")
    conn = sqlite3.connect(corpus_db)
    try:
        papers = {row[0]: row[1:] for row in conn.execute("SELECT id, title, abstract, sections_text FROM papers")}
    finally:
        conn.close()
    found = {row["id"] for row in rows}
    word = re.compile(r"\bfac(e|es|ed|ing)\b", re.I)  # the porter stem of "face"
    titled = {pid for pid, (title, _, _) in papers.items() if re.search(r"\bface\b", title, re.I)}
    assert titled and titled <= found  # every paper with "face" in its title
    assert all(any(word.search(text or "") for text in papers[pid]) for pid in found)  # and only papers saying it
    assert len(found) < len(papers)
    assert all(row["title"] == papers[row["id"]][0] for row in rows)


def test_datasette_lists_the_browsing_views(corpus_db):
    tables = datasette_get(corpus_db, f"/{corpus_db.stem}.json")
    views = {view["name"] for view in tables["views"]}
    assert {"paper_tasks", "paper_models", "task_papers", "edges_named"} <= views
