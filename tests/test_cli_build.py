"""kg build through the CLI: snapshot filters reach the ingest, and the report's JSON keys."""
from __future__ import annotations

import json

import pytest

from kg.cli import cli


@pytest.fixture
def snapshot_head(shared_dir):
    path = shared_dir / "data" / "arxiv_snapshot_format_head.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent (shared sample data)")
    return path


def test_build_applies_the_snapshot_filters(runner, tmp_path, snapshot_head):
    records = [json.loads(line) for line in snapshot_head.read_text(encoding="utf-8").splitlines() if line.strip()]
    in_cs = [r for r in records if any(c.split(".")[0] == "cs" for c in r["categories"].split())]
    assert 0 < len(in_cs) < len(records)

    result = runner.invoke(cli, ["build", str(snapshot_head), "--category", "cs", "--db", str(tmp_path / "kg.db"),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ingest"]["papers"]["new"] == len(in_cs)
    assert report["documents"] == len(in_cs)

    limited = runner.invoke(cli, ["build", str(snapshot_head), "--limit", "3", "--db", str(tmp_path / "other.db"),
                                  "--format", "json"])
    assert json.loads(limited.output)["ingest"]["papers"]["new"] == 3


def test_second_build_processes_nothing(runner, tmp_path, corpus_dir):
    db = str(tmp_path / "kg.db")
    first = json.loads(runner.invoke(cli, ["build", str(corpus_dir), "--db", db, "--format", "json"]).output)
    second = json.loads(runner.invoke(cli, ["build", str(corpus_dir), "--db", db, "--format", "json"]).output)
    assert first["documents"] == 71 and first["nodes"] > 0
    assert second["documents"] == 0 and second["unchanged_documents"] == 71
    assert second["edges"] == first["edges"]


@pytest.mark.parametrize("given_as", ["--db", "KG_DB"])
def test_a_database_path_given_in_a_missing_folder_is_refused(runner, tmp_path, monkeypatch, corpus_dir, given_as):
    """Only kg's own $KG_HOME/kg.db gets its folder made; a path given (--db or $KG_DB) is taken as typed."""
    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    db_path = tmp_path / "typo" / "kg.db"
    if given_as == "KG_DB":
        monkeypatch.setenv("KG_DB", str(db_path))
    result = runner.invoke(cli, ["build", str(corpus_dir)] + (["--db", str(db_path)] if given_as == "--db" else []))
    assert result.exit_code == 1 and "does not exist" in result.output
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("command", ["build", "ingest"])
def test_kg_ask_on_the_file_a_failed_first_run_left_says_it_holds_nothing(runner, tmp_path, command):
    """It answered "the corpus does not cover this question" from the empty file. (Removing the file instead
    raced with another process's first build: a review deleted a database another process had committed to.)"""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "2406.02074", "title": "Cut', encoding="utf-8")
    db_path = tmp_path / "new.db"
    assert runner.invoke(cli, [command, str(bad), "--db", str(db_path)]).exit_code == 1
    result = runner.invoke(cli, ["ask", "how are faces parsed?", "--db", str(db_path)])
    assert result.exit_code == 1 and "holds no paper or prompt yet" in result.output
