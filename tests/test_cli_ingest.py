"""`kg ingest`, `kg stats`, `kg papers` and `kg show` through CliRunner, with a real database in tmp_path."""
from __future__ import annotations

import gzip
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from db_digest import dump_sha

from kg.cli import cli

HEAD = "arxiv_snapshot_format_head.jsonl"
PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"


def run(runner, *args, ok=True):
    result = runner.invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    if ok:
        assert result.exit_code == 0, result.output
    return result


def stats_json(runner, db_path) -> dict:
    return json.loads(run(runner, "stats", "--db", db_path, "--format", "json").stdout)


@pytest.fixture
def head_file(shared_dir) -> Path:
    return shared_dir / "data" / HEAD


@pytest.fixture
def head_records(head_file) -> list[dict]:
    with open(head_file, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture
def ingested_db(tmp_path, runner, corpus_dir) -> Path:
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", corpus_dir, "--db", db_path)
    return db_path


# --- the acceptance path ------------------------------------------------------------------

def test_ingest_then_stats(ingested_db, runner):
    counts = stats_json(runner, ingested_db)
    assert {k: counts[k] for k in ("papers", "prompts", "models", "sources")} == {
        "papers": 71, "prompts": 2, "models": 1, "sources": 4}
    # where the papers come from: the listing's records, the Q&A note's paper, the papers the two prompts list
    assert {fmt: info["papers"] for fmt, info in counts["formats"].items()} == {
        "daily-papers": 65, "paper-qa": 1, "prompt": 5}


def test_stats_tell_an_index_not_built_from_no_encoder(ingested_db, runner, monkeypatch):
    """Ingested, not built: with the encoder installed the vectors are still to come; without, there is none."""
    from kg.index.encoder import find_model

    if find_model() is None:
        pytest.skip("the semantic extra is not installed")
    assert "not embedded yet" in run(runner, "stats", "--db", ingested_db).output
    monkeypatch.setenv("KG_EMBED_MODEL", "none")
    assert "no sentence encoder: KG_EMBED_MODEL=none" in run(runner, "stats", "--db", ingested_db).output


def test_ingest_text_report(tmp_path, runner, corpus_dir):
    result = run(runner, "ingest", corpus_dir, "--db", tmp_path / "kg.db")
    assert "skipped: README.md" in result.output
    assert result.output.split()[:3] == ["papers", "71", "new"]


def test_second_ingest_changes_nothing(ingested_db, runner, corpus_dir):
    before = dump_sha(ingested_db)
    result = run(runner, "ingest", corpus_dir, "--db", ingested_db, "--format", "json")
    report = json.loads(result.stdout)
    assert json.loads(run(runner, "ingest", corpus_dir, "--db", ingested_db, "--json").stdout) == report
    for kind in ("papers", "prompts", "models"):
        assert report[kind]["new"] == 0 and report[kind]["updated"] == 0, kind
    assert (report["ingested"], report["unchanged"], report["skipped"], report["failed"]) == (0, 4, 1, 0)
    assert "nothing changed" in run(runner, "ingest", corpus_dir, "--db", ingested_db).output
    assert dump_sha(ingested_db) == before


def test_show_facecom_json(ingested_db, runner):
    paper = json.loads(run(runner, "show", "FaceCom", "--db", ingested_db, "--format", "json").stdout)
    assert paper["arxiv_id"] == "2406.02074"
    assert paper["github"] == "https://github.com/dragonylee/facecom"
    assert [s["path"] for s in paper["sources"]] == [
        "prompts/face_completion_pores.txt", "prompts/face_parsing_makeup.txt"]
    assert [p["name"] for p in paper["prompts"]] == ["face_completion_pores", "face_parsing_makeup"]


def test_show_facecom_text(ingested_db, runner):
    output = run(runner, "show", "FaceCom", "--db", ingested_db).output
    assert "2406.02074" in output and "https://github.com/dragonylee/facecom" in output
    assert "prompts/face_completion_pores.txt" in output and "prompts/face_parsing_makeup.txt" in output


def test_show_hiface(ingested_db, runner):
    output = run(runner, "show", "HiFace", "--db", ingested_db).output
    assert "2303.11225" in output
    assert "## What is the central research question or hypothesis that this paper addresses?" in output
    paper = json.loads(run(runner, "show", "2303.11225v2", "--db", ingested_db, "--format", "json").stdout)
    assert paper["title"].startswith("HiFace:")
    assert len(paper["sections"]) == 16
    assert paper["sources"][0]["path"] == "paper_qa/hiface_2303.11225.md"
    for ident in ("arXiv:2303.11225", "arxiv: 2303.11225v1"):  # as the README and papers write it
        assert json.loads(run(runner, "show", ident, "--db", ingested_db, "--format", "json").stdout)["id"] == paper["id"]


def test_show_unknown_paper(ingested_db, runner):
    result = run(runner, "show", "zzqqxx", "--db", ingested_db, ok=False)
    assert result.exit_code == 1 and "no paper matches" in result.output


def test_show_names_the_papers_a_short_title_start_could_mean(ingested_db, runner):
    """'Face' starts many titles of the corpus: one is not picked silently (it showed the shortest such title)."""
    result = run(runner, "show", "Face", "--db", ingested_db, ok=False)
    assert result.exit_code == 1 and "titles start with 'Face'" in result.output
    assert "paper:" in result.output and "FaceCom" in run(runner, "show", "FaceCom", "--db", ingested_db).output


def test_show_a_missing_paper_id_says_so_and_picks_no_other_paper(ingested_db, runner):
    # "paper:100" once fell through to the full-text search and showed paper 18 (its words "paper", "100")
    result = run(runner, "show", "paper:100", "--db", ingested_db, ok=False)
    assert result.exit_code == 1 and "no paper paper:100" in result.output


def test_papers_search(ingested_db, runner):
    found = json.loads(run(runner, "papers", "face parsing", "--db", ingested_db, "--format", "json").stdout)
    assert found and any("Parsing" in p["title"] for p in found)
    listed = json.loads(run(runner, "papers", "--limit", 3, "--db", ingested_db, "--format", "json").stdout)
    assert len(listed) == 3
    # a list cut at the limit says so, on stderr, the papers alone on stdout
    cut = run(runner, "papers", "--limit", 3, "--db", ingested_db)
    assert len(cut.stdout.splitlines()) == 3 and "--limit" in cut.stderr
    whole = run(runner, "papers", "--limit", 500, "--db", ingested_db)
    assert len(whole.stdout.splitlines()) == 71 and whole.stderr == ""
    # the help says AND is taken as a word: the HACK paper spells "Head-And-neCK" (it found nothing)
    anded = json.loads(run(runner, "papers", "AND", "--db", ingested_db, "--format", "json").stdout)
    assert anded and any("HACK" in p["title"] for p in anded)


@pytest.mark.parametrize("query", ['"face', "face -parsing", "*", "AND", "(face", "NOT OR", '"unbalanced',
                                   "face)", "NEAR(", "-", "title:face", "^face", "face*", "''"])
def test_papers_hostile_queries(ingested_db, runner, query):
    run(runner, "papers", query, "--db", ingested_db)
    assert isinstance(json.loads(run(runner, "papers", query, "--db", ingested_db, "--format", "json").stdout), list)


# --- bad input: one table -----------------------------------------------------------------

# Each maker builds its bad input in a fresh folder and returns the arguments after `kg ingest`.

def _unreadable(tmp: Path):
    path = tmp / "locked.txt"
    path.write_text("A user has asked the following question:\n", encoding="utf-8")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return [path]
    path.chmod(0o644)
    pytest.skip("chmod 000 does not stop this user (root?) from reading, so nothing is unreadable here")


def _binary(tmp: Path):
    path = tmp / "blob.txt"
    path.write_bytes(b"Daily Papers\n\x00\x01\x02\xff binary")
    return [path]


def _empty(tmp: Path):
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return [path]


def _not_utf8(tmp: Path):
    path = tmp / "latin1.txt"
    path.write_bytes("Daily Papers\n\nA title\n\nAn abstract about caf\u00e9s.\n".encode("latin-1"))
    return [path]


def _truncated_json(tmp: Path):
    head = SHARED_DATA / HEAD
    if not head.exists():
        pytest.skip(f"{head} is absent (shared sample data)")
    lines = head.read_text(encoding="utf-8").splitlines()
    path = tmp / "cut.jsonl"
    path.write_text("\n".join(lines[:3]) + "\n" + lines[3][: len(lines[3]) // 2], encoding="utf-8")
    return [path]


def _unknown_format(tmp: Path):
    path = tmp / "notes.txt"
    path.write_text("Some notes.\nNothing kg knows how to read.\n", encoding="utf-8")
    return [path]


def _first_record_cut(tmp: Path):
    path = tmp / "first.jsonl"  # the first line cut short: no format can be told, but the line can be named
    path.write_text('\n{"id": "2303.11225", "title": "HiFace"\n', encoding="utf-8")
    return [path]


def _missing(tmp: Path):
    return [tmp / "missing.txt"]


def _db_in_missing_folder(tmp: Path):
    return [PROJECT / "corpus", "--db", tmp / "nodir" / "kg.db"]


BAD_INPUTS = [
    # (id, make the input, expected message fragment: file name, and line where there is one)
    ("unreadable", _unreadable, "locked.txt: cannot read the file (permission denied)"),
    ("binary", _binary, "blob.txt: looks like a binary file"),
    ("empty", _empty, "empty.txt: the file is empty"),
    ("not-utf8", _not_utf8, "latin1.txt:5: is not UTF-8 text"),
    ("truncated-json", _truncated_json, "cut.jsonl:4: not a complete JSON object"),
    ("unknown-format", _unknown_format, "notes.txt: not a known corpus format"),
    ("first-record-cut", _first_record_cut, "first.jsonl:2: the first record is not valid JSON"),
    ("missing-path", _missing, "missing.txt: no such file or folder"),
    ("db-in-missing-folder", _db_in_missing_folder, "nodir/kg.db: folder"),
]


@pytest.mark.parametrize("make, expected", [pytest.param(m, e, id=i) for i, m, e in BAD_INPUTS])
def test_bad_input(tmp_path, runner, ingested_db, make, expected):
    bad = tmp_path / "bad"
    bad.mkdir()
    args = make(bad)
    if "--db" not in args:
        args = [*args, "--db", ingested_db]
    stats_before, dump_before = stats_json(runner, ingested_db), dump_sha(ingested_db)

    result = run(runner, "ingest", *args, ok=False)

    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
    assert expected in result.output
    assert stats_json(runner, ingested_db) == stats_before
    assert dump_sha(ingested_db) == dump_before
    assert not (bad / "nodir").exists()


def test_bad_input_alongside_good_files_writes_nothing(tmp_path, runner, ingested_db, corpus_dir):
    """One bad file among good new ones: the whole command is rolled back."""
    folder = tmp_path / "more"
    shutil.copytree(corpus_dir, folder)
    (folder / "papers" / "hf_daily_papers_faces.txt").write_text(
        "Daily Papers\n\nA new title\n\nA new abstract that is longer than its title.\n", encoding="utf-8")
    _binary(folder / "papers")
    before = dump_sha(ingested_db)
    result = run(runner, "ingest", folder, "--db", ingested_db, ok=False)
    assert result.exit_code == 1 and "blob.txt: looks like a binary file" in result.output
    assert "nothing was written" in result.output
    assert dump_sha(ingested_db) == before


def test_reading_commands_need_an_existing_db(tmp_path, runner):
    db_path = tmp_path / "no" / "such" / "kg.db"
    result = run(runner, "stats", "--db", db_path, ok=False)
    assert result.exit_code != 0 and "kg.db" in result.output
    assert not (tmp_path / "no").exists()


def test_skip_errors_ingests_the_good_files(tmp_path, runner, corpus_dir):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    _binary(folder / "papers")
    db_path = tmp_path / "kg.db"
    result = run(runner, "ingest", folder, "--db", db_path, "--skip-errors")
    assert "failed:" in result.output and "blob.txt" in result.output and "looks like a binary file" in result.output
    assert stats_json(runner, db_path)["papers"] == 71
    report = json.loads(run(runner, "ingest", folder, "--db", db_path, "--skip-errors", "--json").stdout)
    [failed] = [f for f in report["files"] if f["status"] == "failed"]
    assert failed["path"].endswith("blob.txt")
    assert report["failed"] == 1 and report["unchanged"] == 4


def test_a_folder_skips_images_but_not_a_corpus_file_broken_by_binary_bytes(tmp_path, runner, corpus_dir):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    (folder / "graph.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    db_path = tmp_path / "kg.db"
    result = run(runner, "ingest", folder, "--db", db_path)
    assert "skipped: " in result.output and "graph.png (is an image, PDF or archive" in result.output
    assert stats_json(runner, db_path)["papers"] == 71
    # named on its own, it is an error
    result = run(runner, "ingest", folder / "graph.png", "--db", db_path, ok=False)
    assert result.exit_code == 1 and "graph.png: is an image, PDF or archive" in result.output
    # so are a tarball and a BMP (whose zero bytes once read as UTF-16) found in the folder: skipped
    import io
    import tarfile

    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"notes"))
    (folder / "old.tar.gz").write_bytes(gzip.compress(archive.getvalue()))
    (folder / "logo.bmp").write_bytes(b"BM" + b"\x46\x00\x00\x00" + b"\x00" * 64)
    result = run(runner, "ingest", folder, "--db", db_path)
    assert "old.tar.gz (is an image, PDF or archive" in result.output and "logo.bmp (is an image" in result.output
    # a corpus file broken by binary bytes is no image: it fails the command
    _binary(folder)
    result = run(runner, "ingest", folder, "--db", db_path, ok=False)
    assert result.exit_code == 1 and "blob.txt: looks like a binary file" in result.output


def test_a_folder_of_no_corpus_file_is_an_error_and_writes_nothing(tmp_path, runner, ingested_db):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    before = dump_sha(ingested_db)
    for command in ("ingest", "build"):
        result = run(runner, command, folder, "--db", ingested_db, ok=False)
        assert result.exit_code == 1 and "no corpus file of a known format in" in result.output
        assert "tables (1 skipped: notes.csv)" in result.output
    assert dump_sha(ingested_db) == before


def test_skip_errors_with_no_readable_file_is_an_error(tmp_path, runner, ingested_db):
    folder = tmp_path / "bad"
    folder.mkdir()
    _binary(folder)
    before = dump_sha(ingested_db)
    result = run(runner, "ingest", folder, "--db", ingested_db, "--skip-errors", ok=False)
    assert result.exit_code == 1 and "blob.txt: looks like a binary file" in result.output
    assert dump_sha(ingested_db) == before


def test_an_unchanged_file_counts_its_records_as_unchanged(ingested_db, runner, corpus_dir):
    report = json.loads(run(runner, "ingest", corpus_dir, "--db", ingested_db, "--format", "json").stdout)
    assert (report["papers"]["unchanged"], report["prompts"]["unchanged"], report["models"]["unchanged"]) == (71, 2, 1)


# --- arXiv snapshot files: gzip and filters -------------------------------------------------

def test_gzipped_jsonl_ingests(tmp_path, runner, head_file, head_records):
    packed = tmp_path / "head.jsonl.gz"
    with open(head_file, "rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", packed, "--db", db_path)
    assert stats_json(runner, db_path)["papers"] == len(head_records) == 200
    paper = json.loads(run(runner, "show", "0704.0001", "--db", db_path, "--format", "json").stdout)
    assert paper["title"] == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"


def _first_date(record: dict) -> str:
    created = record["versions"][0]["created"]  # e.g. "Mon, 2 Apr 2007 19:18:42 GMT"
    return datetime.strptime(created, "%a, %d %b %Y %H:%M:%S %Z").date().isoformat()


def _in_category(record: dict, wanted: str) -> bool:
    return any(c == wanted or c.startswith(wanted + ".") for c in record["categories"].split())


@pytest.mark.parametrize("options, keep", [
    (["--category", "hep-ph"], lambda r: _in_category(r, "hep-ph")),
    (["--category", "math"], lambda r: _in_category(r, "math")),
    (["--category", "astro-ph", "--category", "quant-ph"],
     lambda r: _in_category(r, "astro-ph") or _in_category(r, "quant-ph")),
    (["--since", "2007-04-02"], lambda r: _first_date(r) >= "2007-04-02"),
    (["--since", "2007-04-01", "--category", "math"], lambda r: _first_date(r) >= "2007-04-01" and _in_category(r, "math")),
])
def test_snapshot_filters(tmp_path, runner, head_file, head_records, options, keep):
    expected = sum(1 for r in head_records if keep(r))
    assert 0 < expected < len(head_records)
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", head_file, "--db", db_path, *options)
    assert stats_json(runner, db_path)["papers"] == expected


@pytest.mark.parametrize("since", ["yesterday", "2024-13-01", "01/04/2007"])
def test_a_since_that_is_no_date_is_refused_before_anything_is_written(tmp_path, runner, head_file, since):
    db_path = tmp_path / "kg.db"
    result = runner.invoke(cli, ["ingest", str(head_file), "--db", str(db_path), "--since", since])
    assert result.exit_code == 2 and f"'{since}' does not match the format '%Y-%m-%d'" in result.output
    assert not db_path.exists()  # before, "yesterday" was compared as text with the dates: no record kept, exit 0


def test_a_file_read_through_filters_is_read_again_when_the_filters_change(tmp_path, runner, head_file, head_records):
    """The file did not change but the selection did: "--limit 3" first, then all of it (was: "unchanged", 3 papers)."""
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", head_file, "--db", db_path, "--limit", 3)
    run(runner, "ingest", head_file, "--db", db_path)
    assert stats_json(runner, db_path)["papers"] == len(head_records)
    kept = sum(1 for r in head_records if _first_date(r) >= "2007-04-02")
    report = json.loads(run(runner, "ingest", head_file, "--db", db_path, "--since", "2007-04-02", "--json").stdout)
    assert stats_json(runner, db_path)["papers"] == kept and report["papers"]["removed"] == len(head_records) - kept
    again = json.loads(run(runner, "ingest", head_file, "--db", db_path, "--since", "2007-04-02", "--json").stdout)
    assert [f["status"] for f in again["files"]] == ["unchanged"] and again["papers"]["removed"] == 0


def test_snapshot_limit(tmp_path, runner, head_file, head_records):
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", head_file, "--db", db_path, "--limit", 7)
    assert stats_json(runner, db_path)["papers"] == 7
    math = [r["id"] for r in head_records if _in_category(r, "math")][:3]
    db_path = tmp_path / "kg2.db"
    run(runner, "ingest", head_file, "--db", db_path, "--category", "math", "--limit", 3)
    found = json.loads(run(runner, "papers", "--db", db_path, "--format", "json").stdout)
    assert sorted(p["arxiv_id"] for p in found) == sorted(math)


def test_a_file_read_from_two_working_folders_is_one_source(tmp_path, runner, head_file, head_records, monkeypatch):
    """A new user's find: "data/x.jsonl" from one folder and "x.jsonl" from another were two sources of the same
    papers, and kg stats counted the records twice."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(head_file, folder / "head.jsonl")
    db_path = tmp_path / "kg.db"
    monkeypatch.chdir(tmp_path)
    run(runner, "ingest", "data/head.jsonl", "--db", db_path)
    monkeypatch.chdir(folder)
    again = json.loads(run(runner, "ingest", "head.jsonl", "--db", db_path, "--json").stdout)
    assert [f["status"] for f in again["files"]] == ["unchanged"]
    assert stats_json(runner, db_path)["sources"] == 1


def test_a_source_an_older_kg_recorded_relative_to_the_working_folder_is_kept(tmp_path, runner, head_file):
    import sqlite3

    shutil.copy(head_file, tmp_path / "head.jsonl")
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", tmp_path / "head.jsonl", "--db", db_path)
    with sqlite3.connect(db_path) as conn:  # as kg recorded it before a58a3d1, run from tmp_path
        conn.execute("UPDATE sources SET path = 'head.jsonl'")
    again = json.loads(run(runner, "ingest", tmp_path / "head.jsonl", "--db", db_path, "--json").stdout)
    assert [f["status"] for f in again["files"]] == ["unchanged"]
    paths = [p for (p,) in sqlite3.connect(db_path).execute("SELECT path FROM sources")]
    assert paths == [(tmp_path / "head.jsonl").resolve().as_posix()]


def test_a_reader_that_stops_early_ends_the_listing_quietly(built_corpus_db):
    # "kg entities --format json | head -1": the pipe closes after one line; kg stops as cat and grep do (SIGPIPE),
    # with no message and not with the exit status of an error. The listing (about 160 KB) is larger than a pipe's
    # buffer, so kg is still writing when the reader goes.
    import os
    import signal
    import subprocess
    import sys

    command = [sys.executable, "-c", "from kg.cli import main; main()", "entities", "--db", str(built_corpus_db),
               "--limit", "100000", "--format", "json"]
    listing = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    first = listing.stdout.readline()
    listing.stdout.close()
    listing.wait(timeout=60)
    assert first.strip() and listing.returncode == -signal.SIGPIPE
    assert listing.stderr.read() == b""


def test_papers_lists_a_query_met_as_a_phrase_first(tmp_path, runner):
    # a fresh-clone user's "kg papers 'speech enhancement'" ranked enhancing hate-speech detection first: the title's
    # words weigh most, wherever they stand
    def record(number, title, abstract):
        return json.dumps({"id": f"2501.0000{number}", "title": title, "abstract": abstract, "categories": "cs.CL",
                           "versions": [{"created": "Mon, 6 Jan 2025 00:00:00 GMT"}]})
    source = tmp_path / "a.jsonl"
    source.write_text("\n".join([
        record(1, "Enhancing Speech Detection of Hate Speech", "We classify posts."),
        record(2, "A Mamba Model", "We study single-channel speech enhancement in noisy rooms.")]) + "\n",
        encoding="utf-8")
    db = str(tmp_path / "kg.db")
    run(runner, "ingest", str(source), "--db", db)
    found = json.loads(run(runner, "papers", "speech enhancement", "--db", db, "--format", "json").stdout)
    assert [p["title"] for p in found] == ["A Mamba Model", "Enhancing Speech Detection of Hate Speech"]


def test_format_is_the_reports_and_an_input_format_says_where_it_goes(runner, tmp_path, corpus_dir):
    """--format is text or json, as for every command; the reader is chosen with --input-format."""
    db_path = tmp_path / "kg.db"
    listing = corpus_dir / "papers" / "hf_daily_papers_faces.txt"
    wrong = run(runner, "ingest", listing, "--db", db_path, "--format", "daily-papers", ok=False)
    assert wrong.exit_code == 2 and "give it as --input-format daily-papers" in wrong.output
    assert not db_path.exists()
    report = json.loads(run(runner, "ingest", listing, "--db", db_path, "--input-format", "daily-papers",
                            "--format", "json").stdout)
    assert report["papers"]["new"] == 65 and report["files"][0]["format"] == "daily-papers"


def test_stats_says_when_an_ingest_came_after_the_last_build(runner, tmp_path, corpus_dir):
    # a fresh-clone user's kg show and kg results quoted the old abstract after kg ingest, with no word of it
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    db_path = tmp_path / "kg.db"
    run(runner, "build", corpus, "--db", db_path)
    assert json.loads(run(runner, "stats", "--db", db_path, "--format", "json").stdout)["built"] is True
    pores = corpus / "prompts" / "face_completion_pores.txt"
    pores.write_text(pores.read_text(encoding="utf-8").replace("a method for 3D", "a new method for 3D"), encoding="utf-8")
    run(runner, "ingest", corpus, "--db", db_path)
    assert json.loads(run(runner, "stats", "--db", db_path, "--format", "json").stdout)["built"] is False
    assert "run kg build" in run(runner, "stats", "--db", db_path).stdout
    run(runner, "build", corpus, "--db", db_path)
    assert "pending" not in run(runner, "stats", "--db", db_path).stdout


def test_a_folder_read_before_may_be_emptied_of_its_corpus_files(tmp_path, runner, head_file):
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(head_file, folder / "a.jsonl")
    (folder / "README.md").write_text("# notes\n", encoding="utf-8")
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", folder, "--db", db_path)
    (folder / "a.jsonl").unlink()
    result = run(runner, "ingest", folder, "--db", db_path)
    assert "removed" in result.output and stats_json(runner, db_path)["papers"] == 0


def test_each_paper_counts_once_when_changed_and_unchanged_files_hold_it(tmp_path, runner, head_records):
    folder = tmp_path / "d"
    folder.mkdir()
    line = lambda record: json.dumps(record) + "\n"  # noqa: E731
    (folder / "a.jsonl").write_text(line(head_records[0]), encoding="utf-8")
    db_path = tmp_path / "kg.db"
    run(runner, "ingest", folder, "--db", db_path)
    (folder / "b.jsonl").write_text(line(head_records[0]) + line(head_records[1]), encoding="utf-8")
    report = json.loads(run(runner, "ingest", folder, "--db", db_path, "--format", "json").stdout)
    assert (report["papers"]["new"], report["papers"]["unchanged"]) == (1, 1)  # two papers, each counted once
