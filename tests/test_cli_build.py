"""kg build through the CLI: snapshot filters reach the ingest, and the report's JSON keys."""
from __future__ import annotations

import json
import re

import pytest
from db_digest import dump_sha

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
    before = dump_sha(db)
    second = json.loads(runner.invoke(cli, ["build", str(corpus_dir), "--db", db, "--format", "json"]).output)
    assert dump_sha(db) == before  # not a row rewritten: prompt edges, links and settings keep their ids
    assert first["documents"] == 71 and first["nodes"] > 0
    assert second["documents"] == 0 and second["unchanged_documents"] == 71
    assert second["edges"] == first["edges"]
    # kg stats counts the nodes the build counted: papers, prompts and results besides the entities
    stats = runner.invoke(cli, ["stats", "--db", db]).output
    total = re.search(r"^graph nodes +([\d,]+)$", stats, re.MULTILINE)
    kinds = re.findall(r"^  (codes|datasets|metrics|models|papers|prompts|results|tasks) +([\d,]+)$", stats, re.MULTILINE)
    assert int(total.group(1).replace(",", "")) == first["nodes"] == sum(int(n.replace(",", "")) for _, n in kinds)
    assert ("papers", "71") in kinds and ("prompts", "2") in kinds
    # and it says which file it read: a default database left by an earlier run is not mistaken for this one
    assert re.search(r"^database +(.+)$", stats, re.MULTILINE).group(1) == str((tmp_path / "kg.db").resolve())
    assert json.loads(runner.invoke(cli, ["stats", "--db", db, "--format", "json"]).output)["database"] == \
        str((tmp_path / "kg.db").resolve())


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


def test_a_failed_first_build_of_the_default_database_still_builds_it_on_first_ask(runner, tmp_path, monkeypatch):
    """kg ask builds the default ($KG_HOME) database from the embedded corpus on first use; a failed first build
    left it empty, and ask then refused (a review's find)."""
    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KG_DB", raising=False)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "2406.02074", "title": "Cut', encoding="utf-8")
    assert runner.invoke(cli, ["build", str(bad)]).exit_code == 1
    result = runner.invoke(cli, ["ask", "how are facial parts segmented?"])
    assert result.exit_code == 0, result.output
    assert "building it from the embedded corpus" in result.output


def test_graph_statistics_follow_papers_an_earlier_ingest_removed(runner, tmp_path, shared_dir):
    """build 20 records, cut the file to 15, kg ingest, kg build: no node statistics of the 5 removed papers stay."""
    import sqlite3

    with open(shared_dir / "data" / "arxiv_cs_sample.jsonl", encoding="utf-8") as handle:
        lines = [next(handle).rstrip("\n") for _ in range(20)]
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(lines[:20]) + "\n", encoding="utf-8")
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(part), "--db", str(db_path)]).exit_code == 0
    part.write_text("\n".join(lines[:15]) + "\n", encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(part), "--db", str(db_path)]).exit_code == 0
    assert runner.invoke(cli, ["build", str(part), "--db", str(db_path)]).exit_code == 0
    conn = sqlite3.connect(db_path)
    papers = {f"paper:{i}" for (i,) in conn.execute("SELECT id FROM papers")}
    stats = {k for (k,) in conn.execute("SELECT key FROM node_stats WHERE key LIKE 'paper:%'")}
    assert len(papers) == 15 and stats and stats <= papers
    # and the graph is the one a fresh build of the 15 gives: no task node only the removed papers named
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(cli, ["build", str(part), "--db", str(fresh)]).exit_code == 0
    entities = "SELECT key FROM entities ORDER BY key"
    assert conn.execute(entities).fetchall() == sqlite3.connect(fresh).execute(entities).fetchall()



def _content(path, base):
    """What a knowledge base holds, ids replaced by titles and names and paths made relative to `base`."""
    import sqlite3

    conn = sqlite3.connect(path)
    titles = {f"paper:{i}": t for i, t in conn.execute("SELECT id, title FROM papers")}
    names = {**titles, **{f"prompt:{i}": n for i, n in conn.execute("SELECT id, name FROM prompts")}}
    name = lambda key: names.get(key, "result" if key.startswith("result:") else key)  # noqa: E731  (ids differ)
    return {
        "papers": sorted(conn.execute("SELECT title, abstract, sections_text, url, github, arxiv_id, raw_title, "
                                      "content_hash FROM papers").fetchall()),
        "prompts": sorted(conn.execute("SELECT name, question FROM prompts").fetchall()),
        "sources": sorted((p.replace(str(base), "BASE"), sha) for p, sha in conn.execute("SELECT path, sha256 FROM sources")),
        "paper sources": sorted((titles[f"paper:{i}"], p.replace(str(base), "BASE")) for i, p in conn.execute(
            "SELECT paper_id, path FROM paper_sources JOIN sources ON sources.id = source_id")),
        "edges": sorted((name(s), r, name(d), name(doc), sentence) for s, r, d, doc, sentence in
                        conn.execute("SELECT src, relation, dst, doc, sentence FROM edges")),
        "results": sorted((name(doc), v, m) for doc, v, m in conn.execute("SELECT doc, value, metric FROM results")),
        "links": sorted((u, name(n)) for u, n in conn.execute("SELECT url, node FROM links")),
        "entities": sorted(row[0] for row in conn.execute("SELECT key FROM entities")),
        # a section's vector is keyed by the section's row id, which differs: count them per node
        "vectors": sorted((name(k), n) for k, n in conn.execute("SELECT key, count(*) FROM vectors GROUP BY key")),
    }


def test_files_deleted_or_renamed_in_a_folder_leave_what_a_fresh_build_gives(runner, tmp_path, corpus_dir):
    """Two folders, the second holding a copy of one of the first's prompts (same relative path) and of its Q&A
    note (a paper both hold). Delete a prompt and rename the note in the first, delete the copied prompt from the
    second, build both again: every paper row (sections, hash, links), prompt, source, edge, result, link, entity
    and vector is what a fresh build of the two folders gives (a fresh-clone user's deleted file kept its papers;
    two folders' files of one name replaced each other)."""
    import shutil
    import sqlite3

    first, second = tmp_path / "corpus", tmp_path / "more"
    shutil.copytree(corpus_dir, first)
    (second / "prompts").mkdir(parents=True)
    (second / "notes").mkdir()
    shutil.copy(first / "prompts" / "face_parsing_makeup.txt", second / "prompts")
    shutil.copy(first / "paper_qa" / "hiface_2303.11225.md", second / "notes" / "hiface_copy.md")
    db_path = tmp_path / "kg.db"
    for folder in (first, second):
        assert runner.invoke(cli, ["build", str(folder), "--db", str(db_path)]).exit_code == 0
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM prompts").fetchone()[0] == 3
    (first / "prompts" / "face_completion_pores.txt").unlink()
    (first / "paper_qa" / "hiface_2303.11225.md").rename(first / "paper_qa" / "hiface.md")
    (second / "prompts" / "face_parsing_makeup.txt").unlink()
    rebuilt = runner.invoke(cli, ["build", str(first), "--db", str(db_path), "--format", "json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    ingested = json.loads(rebuilt.output)["ingest"]
    assert (ingested["removed"], ingested["papers"]["removed"], ingested["prompts"]["removed"]) == (2, 2, 1)
    assert runner.invoke(cli, ["build", str(second), "--db", str(db_path)]).exit_code == 0
    # the first folder's copy of the prompt shared papers with the one removed: it is read again at its next build
    pending = sqlite3.connect(db_path).execute("SELECT path FROM sources WHERE sha256 = ''").fetchall()
    assert pending == [(str((first / "prompts" / "face_parsing_makeup.txt").resolve()),)]
    assert runner.invoke(cli, ["build", str(first), "--db", str(db_path)]).exit_code == 0
    fresh = tmp_path / "fresh.db"
    for folder in (first, second):
        assert runner.invoke(cli, ["build", str(folder), "--db", str(fresh)]).exit_code == 0
    after, expected = _content(db_path, tmp_path), _content(fresh, tmp_path)
    assert len(after["papers"]) == 69 and len(after["prompts"]) == 1
    for part in expected:
        assert after[part] == expected[part], (part, set(after[part]) ^ set(expected[part]))


def test_a_file_named_on_its_own_is_not_dropped_by_building_its_folder(runner, tmp_path, corpus_dir):
    import shutil
    import sqlite3

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "extra").mkdir()
    alone = corpus / "extra" / "alone.txt"
    shutil.copy(corpus / "prompts" / "face_parsing_makeup.txt", alone)
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(corpus / "papers"), "--db", str(db_path)]).exit_code == 0
    assert runner.invoke(cli, ["build", str(alone), "--db", str(db_path)]).exit_code == 0
    alone.unlink()
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    paths = [row[0] for row in sqlite3.connect(db_path).execute("SELECT path FROM sources")]
    assert str(alone.resolve()) in paths


def test_a_link_goes_with_the_file_that_gave_it(runner, tmp_path, corpus_dir):
    """FaceCom's arXiv link and GitHub line come from the two prompts; a third file, a copy of one prompt without its
    links, holds the same text. Delete the two prompts and build again: the knowledge base holds what a fresh build
    of the folder holds, links included (a fresh-clone user's U-Net kept its deleted prompt's link)."""
    import re
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    text = (corpus / "prompts" / "face_completion_pores.txt").read_text(encoding="utf-8")
    unlinked = re.sub(r"(?m)^GitHub: .*\n", "", re.sub(r"(?m)^Paper: http.*$", "Paper: None", text))
    assert unlinked != text and "arxiv.org/pdf/2406.02074" not in unlinked
    (corpus / "kept").mkdir()
    (corpus / "kept" / "pores_unlinked.txt").write_text(unlinked, encoding="utf-8")
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    shutil.rmtree(corpus / "prompts")
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(fresh)]).exit_code == 0
    after, expected = _content(db_path, tmp_path), _content(fresh, tmp_path)
    assert not [link for link in after["links"] if "2406.02074" in link[0]]
    for part in expected:
        assert after[part] == expected[part], (part, set(after[part]) ^ set(expected[part]))


def test_reading_a_file_by_name_keeps_the_folder_it_was_found_in(runner, tmp_path, corpus_dir):
    """Build a folder, name one of its files on the command line, delete the file, build the folder: it goes."""
    import shutil
    import sqlite3

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    db_path = tmp_path / "kg.db"
    pores = corpus / "prompts" / "face_completion_pores.txt"
    for target in (corpus, pores):
        assert runner.invoke(cli, ["build", str(target), "--db", str(db_path)]).exit_code == 0
    pores.unlink()
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    assert [row[0] for row in sqlite3.connect(db_path).execute("SELECT name FROM prompts")] == ["face_parsing_makeup"]


def test_an_edit_to_a_paper_two_files_hold_reaches_it(runner, tmp_path, corpus_dir):
    """FaceCom is listed by both prompts; edit its summary in the first one (in the folder's order) and build again:
    the paper, its edges and results are those of a fresh build (the edit was ignored: the other file still held
    the paper, so its fields were only filled in; a fresh-clone user's Whisper kept 2.7% WER)."""
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    pores = corpus / "prompts" / "face_completion_pores.txt"
    old = "We propose FaceCom, a method for 3D facial shape completion"
    text = pores.read_text(encoding="utf-8")
    assert text.count(old) == 1
    pores.write_text(text.replace(old, "We propose FaceCom, a new method for 3D facial shape completion"), encoding="utf-8")
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(fresh)]).exit_code == 0
    after, expected = _content(db_path, tmp_path), _content(fresh, tmp_path)
    assert [p for p in after["papers"] if "a new method for 3D facial shape completion" in p[1]]
    for part in expected:
        assert after[part] == expected[part], (part, set(after[part]) ^ set(expected[part]))


def test_a_paper_a_file_lists_twice_keeps_its_first_copy_when_the_file_is_read_again(runner, tmp_path, corpus_dir):
    """The reviewer's case: a listing holding one paper twice, edited elsewhere and read again, kept the second
    copy's values (a fresh build keeps the first)."""
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    listing = corpus / "papers" / "hf_daily_papers_faces.txt"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(text + "\nTwice Listed Paper\nFirst summary of it.\n\nTwice Listed Paper\nSecond summary of it.\n",
                       encoding="utf-8")
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(corpus), "--db", str(db_path)]).exit_code == 0
    listing.write_text(listing.read_text(encoding="utf-8").replace("Currently, image-text-driven", "Today, image-text-driven"),
                       encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", str(db_path)]).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", str(fresh)]).exit_code == 0
    query = "SELECT abstract FROM papers WHERE title = 'Twice Listed Paper'"
    import sqlite3
    assert sqlite3.connect(db_path).execute(query).fetchall() == [("First summary of it.",)]
    assert sqlite3.connect(db_path).execute("SELECT title, abstract FROM papers ORDER BY title").fetchall() == \
        sqlite3.connect(fresh).execute("SELECT title, abstract FROM papers ORDER BY title").fetchall()


def test_a_folder_read_before_that_is_gone_or_empty_drops_its_files(runner, tmp_path, corpus_dir):
    """A second fresh-clone user deleted a whole folder: building it failed (no such folder) and its papers stayed
    for good; emptying it failed too (no corpus files). A folder kg read before is now dropped; one it never read
    is still an error."""
    import shutil

    first, second = tmp_path / "corpus", tmp_path / "more"
    shutil.copytree(corpus_dir, first)
    (second / "prompts").mkdir(parents=True)
    pores = first / "prompts" / "face_completion_pores.txt"
    shutil.move(pores, second / "prompts" / "pores.txt")
    db_path = tmp_path / "kg.db"
    assert runner.invoke(cli, ["build", str(first), str(second), "--db", str(db_path)]).exit_code == 0
    shutil.rmtree(second)
    gone = runner.invoke(cli, ["build", str(first), str(second), "--db", str(db_path), "--format", "json"])
    assert gone.exit_code == 0, gone.output
    assert json.loads(gone.output)["ingest"]["removed"] == 1
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(cli, ["build", str(first), "--db", str(fresh)]).exit_code == 0
    after, expected = _content(db_path, tmp_path), _content(fresh, tmp_path)
    for part in expected:
        assert after[part] == expected[part], (part, set(after[part]) ^ set(expected[part]))
    (tmp_path / "never").mkdir()
    for never in (tmp_path / "never", tmp_path / "nowhere"):
        refused = runner.invoke(cli, ["build", str(never), "--db", str(db_path)])
        assert refused.exit_code != 0 and ("no corpus files found" in refused.output or "no such file" in refused.output)
