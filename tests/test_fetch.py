"""kg fetch and kg enrich against a fake arXiv API on 127.0.0.1 (never the real network).

After every run the knowledge base (`kg stats --format json`) and the corpus
folder are checked: no temporary file left, every written file parses line by line.
"""
from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from fake_arxiv import FakeArxiv, entry
from kg.cli import cli

PROJECT = Path(__file__).resolve().parents[1]
NO_DELAY = ["--delay", "0"]

# Titles of real corpus papers that have no arXiv id in the corpus.
EXACT_TITLE = "Learning to Stabilize Faces"
NEAR_TITLE = "Arc2Face: A Foundation Model of Human Faces"

FACE_PAPERS = [
    entry("2406.02074", "FaceCom: Towards High-fidelity 3D Facial Shape Completion via Optimization and Inpainting Guidance",
          version=1, comment="CVPR 2024"),
    entry("2404.17255", "SDFD: Building a Versatile Synthetic Face Image Dataset with Diverse Attributes", version=2,
          categories=("cs.CV", "cs.AI")),
    entry("2408.09248", "FPGA: Flexible Portrait Generation Approach", version=3),
    entry("2312.08863", "HeadRecon: High-Fidelity 3D Head Reconstruction from Monocular Video"),
    entry("2308.11951", "Pose Modulated Avatars from Video", categories=("cs.CV", "cs.GR")),
    entry("1901.00001", "A Paper About Graphs", summary="Nothing about the other topic.", categories=("cs.DS",)),
]


@pytest.fixture(autouse=True)
def no_real_arxiv(monkeypatch):
    """Should a test forget --api-url, it reaches a closed local port, not arxiv.org."""
    monkeypatch.setenv("KG_ARXIV_API", f"http://127.0.0.1:{closed_port()}/api/query")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def api():
    with FakeArxiv(list(FACE_PAPERS)) as server:
        yield server


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def kb(tmp_path) -> Path:
    """A knowledge base built from the real embedded corpus (71 papers, 65 without an arXiv id)."""
    from kg import api as kg_api

    db_path = tmp_path / "kg.db"
    kg_api.ingest([PROJECT / "corpus"], db_path=db_path)
    return db_path


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_fetch(runner, api_url, corpus, db, *args):
    return runner.invoke(cli, ["fetch", *args, "--api-url", api_url, *NO_DELAY, "--corpus", str(corpus),
                               "--db", str(db), "--format", "json"])


def stats(runner, db) -> dict:
    result = runner.invoke(cli, ["stats", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fetched_files(corpus: Path) -> list[Path]:
    """The files under corpus/fetched, after checking there is no temp file and each parses line by line."""
    folder = corpus / "fetched"
    if not folder.exists():
        return []
    everything = sorted(folder.iterdir())
    assert all(p.suffix == ".jsonl" and not p.name.startswith(".") for p in everything), everything
    for path in everything:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines, path
        for line in lines:
            record = json.loads(line)
            assert record["id"] and record["title"] and record["versions"]
    return everything


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def failed_cleanly(result, *phrases):
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


# --- kg fetch --------------------------------------------------------------------------------

def test_fetch_by_id_writes_snapshot_lines_and_ingests(runner, api, corpus, tmp_path):
    db = tmp_path / "kg.db"
    result = run_fetch(runner, api.url, corpus, db, "--id", "2406.02074", "--id", "2404.17255v2")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["records"] == 2 and report["error"] is None
    assert report["ingest"]["papers"]["new"] == 2
    assert len(api.requests) == 1
    assert api.requests[0]["id_list"] == "2406.02074,2404.17255"

    [path] = fetched_files(corpus)
    assert report["path"] == str(path)
    first, second = records(path)
    assert first["id"] == "2406.02074" and first["comments"] == "CVPR 2024"
    assert first["authors"] == "Ada Lovelace, Alan Turing"
    assert first["authors_parsed"][0] == ["Lovelace", "Ada", ""]
    assert first["versions"] == [{"version": "v1", "created": "Tue, 04 Jun 2024 07:43:35 GMT"}]
    assert first["abstract"].strip() == "We propose a method. It works well on faces."
    assert second["categories"] == "cs.CV cs.AI" and [v["version"] for v in second["versions"]] == ["v1", "v2"]

    counts = stats(runner, db)
    assert counts["papers"] == 2 and counts["formats"]["arxiv-jsonl"] == {"files": 1, "records": 2, "papers": 2}
    shown = json.loads(runner.invoke(cli, ["show", "2406.02074", "--db", str(db), "--format", "json"]).stdout)
    assert shown["published"] == "2024-06-04" and shown["categories"] == "cs.CV"


def test_fetch_by_query_pages_through_all_results(runner, api, corpus, tmp_path):
    db = tmp_path / "kg.db"
    result = run_fetch(runner, api.url, corpus, db, "--category", "cs.CV", "--page-size", "2", "--max", "10")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["records"] == 5
    paging = [r for r in api.requests if r["search_query"] == "cat:cs.CV"]
    assert [(r["start"], r["max_results"]) for r in paging] == [("0", "2"), ("2", "2"), ("4", "2")]
    [path] = fetched_files(corpus)
    assert {r["id"] for r in records(path)} == {e.arxiv_id for e in FACE_PAPERS if "cs.CV" in e.categories}
    assert stats(runner, db)["papers"] == 5


def test_fetch_query_words_are_all_required_and_max_is_respected(runner, api, corpus, tmp_path):
    db = tmp_path / "kg.db"
    result = run_fetch(runner, api.url, corpus, db, "--query", "face dataset", "--category", "cs.CV")
    assert result.exit_code == 0, result.output
    assert api.requests[-1]["search_query"] == "cat:cs.CV AND all:face AND all:dataset"
    assert json.loads(result.stdout)["records"] == 1

    result = run_fetch(runner, api.url, corpus, db, "--category", "cs.CV", "--max", "3", "--page-size", "2")
    assert json.loads(result.stdout)["records"] == 3
    assert stats(runner, db)["papers"] == 3  # SDFD came twice, stored once
    assert len(fetched_files(corpus)) == 2


def test_fetch_with_no_match_writes_nothing(runner, api, corpus, tmp_path):
    db = tmp_path / "kg.db"
    result = runner.invoke(cli, ["fetch", "--query", "nonexistentword", "--api-url", api.url, *NO_DELAY,
                                 "--corpus", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "no arXiv paper matches" in result.output
    assert fetched_files(corpus) == [] and not db.exists()


def test_fetch_into_an_existing_knowledge_base_merges_with_the_corpus(runner, api, corpus, kb):
    before = stats(runner, kb)
    result = run_fetch(runner, api.url, corpus, kb, "--id", "2406.02074,2312.08863")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ingest"]["papers"] == {"new": 0, "updated": 2, "unchanged": 0, "removed": 0}
    assert stats(runner, kb)["papers"] == before["papers"]  # the same papers, now with arXiv metadata


# --- failures: the database and the corpus folder after each ---------------------------------

def test_http_500_after_retries_changes_nothing(runner, api, corpus, kb):
    before = stats(runner, kb)
    api.fail_from, api.failure = 0, "500"
    result = run_fetch(runner, api.url, corpus, kb, "--category", "cs.CV", "--retries", "2")
    failed_cleanly(result, "answered HTTP 500 (3 tries)", "nothing was fetched")
    assert len(api.requests) == 3
    assert fetched_files(corpus) == []
    assert stats(runner, kb) == before


def test_http_500_on_a_later_page_keeps_the_complete_earlier_pages(runner, api, corpus, kb):
    before = stats(runner, kb)
    api.fail_from, api.failure = 2, "500"
    result = run_fetch(runner, api.url, corpus, kb, "--category", "cs.CV", "--page-size", "2", "--retries", "1")
    failed_cleanly(result, "answered HTTP 500", "the 4 record(s) fetched before it are kept")
    report = json.loads(result.stdout)
    assert report["records"] == 4 and report["ingest"]["papers"]["updated"] == 4
    [path] = fetched_files(corpus)
    assert len(records(path)) == 4
    after = stats(runner, kb)
    assert after["papers"] == before["papers"]  # four corpus papers got their arXiv ids
    assert after["formats"]["arxiv-jsonl"] == {"files": 1, "records": 4, "papers": 4}


def test_timeout(runner, api, corpus, kb):
    before = stats(runner, kb)
    api.fail_from, api.failure, api.sleep = 0, "slow", 1.5
    result = run_fetch(runner, api.url, corpus, kb, "--id", "2406.02074", "--timeout", "0.2", "--retries", "1")
    failed_cleanly(result, "did not answer within 0.2 s (2 tries)")
    assert len(api.requests) == 2
    assert fetched_files(corpus) == []
    assert stats(runner, kb) == before


@pytest.mark.parametrize("fail_from, kept", [(0, 0), (1, 2)])
def test_truncated_feed(runner, api, corpus, tmp_path, fail_from, kept):
    db = tmp_path / "kg.db"
    api.fail_from, api.failure = fail_from, "truncate"
    result = run_fetch(runner, api.url, corpus, db, "--category", "cs.CV", "--page-size", "2", "--retries", "1")
    failed_cleanly(result, "malformed or truncated feed")
    files = fetched_files(corpus)
    if kept:
        assert len(files) == 1 and len(records(files[0])) == kept
        assert stats(runner, db)["papers"] == kept
    else:
        assert files == [] and not db.exists()


def test_no_network(runner, corpus, tmp_path):
    db = tmp_path / "kg.db"
    result = run_fetch(runner, f"http://127.0.0.1:{closed_port()}/api/query", corpus, db, "--id", "2406.02074",
                       "--retries", "0")
    failed_cleanly(result, "cannot reach the arXiv API", "nothing was fetched")
    assert fetched_files(corpus) == [] and not db.exists()
    assert list(corpus.iterdir()) == []  # not even an empty fetched/ folder is left behind
    new_corpus = tmp_path / "new" / "corpus"  # nor the corpus folder a first fetch would have made
    result = run_fetch(runner, f"http://127.0.0.1:{closed_port()}/api/query", new_corpus, db, "--id", "2406.02074",
                       "--retries", "0")
    failed_cleanly(result, "cannot reach the arXiv API")
    assert not (tmp_path / "new").exists()


def test_api_error_entry_is_reported_not_retried(runner, corpus, tmp_path):
    class Rejecting(FakeArxiv):
        def search(self, params):
            return [entry("api/errors#incorrect_id_format_for_x", "Error",
                          summary="incorrect id format for x")]

    with Rejecting() as server:
        # the fake prefixes entries with http://arxiv.org/abs/, so the id holds /abs/api/errors#…
        result = run_fetch(runner, server.url, corpus, tmp_path / "kg.db", "--id", "x")
        failed_cleanly(result, "rejected the query: incorrect id format for x")
        assert len(server.requests) == 1
    assert fetched_files(corpus) == []


def test_fetch_needs_something_to_fetch(runner, corpus, tmp_path):
    result = runner.invoke(cli, ["fetch", "--corpus", str(corpus), "--db", str(tmp_path / "kg.db")])
    assert result.exit_code == 2 and "give --id, --query or --category" in result.output


# --- kg enrich -------------------------------------------------------------------------------

@pytest.fixture
def title_api():
    papers = [
        entry("2206.00001", "Learning to stabilize faces"),  # the same title but for case
        entry("2403.11641", "Arc2Face: A Foundation Model for ID-Consistent Human Faces"),  # near
        entry("2303.11225", "Unrelated Work on Galaxies", categories=("astro-ph",)),
    ]
    with FakeArxiv(papers) as server:
        yield server


def resolution_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT paper_id, arxiv_id, method, api_url, resolved_at FROM paper_resolutions").fetchall()


def paper_by_title(db: Path, title: str) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM papers WHERE title = ?", (title,)).fetchone())


def test_enrich_accepts_exact_titles_and_refuses_near_ones(runner, title_api, kb):
    before = stats(runner, kb)
    url_before = paper_by_title(kb, EXACT_TITLE)["url"]
    result = runner.invoke(cli, ["enrich", "--api-url", title_api.url, *NO_DELAY, "--db", str(kb), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == {"resolved": 1, "refused": 1, "not-found": 63, "conflict": 0, "failed": 0}
    by_title = {r["title"]: r for r in report["resolutions"]}
    assert by_title[EXACT_TITLE]["status"] == "resolved" and by_title[EXACT_TITLE]["arxiv_id"] == "2206.00001"
    assert by_title[NEAR_TITLE]["status"] == "refused" and by_title[NEAR_TITLE]["arxiv_id"] == "2403.11641"
    assert title_api.requests[0]["search_query"].startswith('ti:"')

    exact = paper_by_title(kb, EXACT_TITLE)
    assert exact["arxiv_id"] == "2206.00001" and exact["url"] == url_before
    assert paper_by_title(kb, NEAR_TITLE)["arxiv_id"] is None
    [(paper_id, arxiv_id, method, api_url, resolved_at)] = resolution_rows(kb)
    assert (paper_id, arxiv_id, method, api_url) == (exact["id"], "2206.00001", "arxiv-api-title", title_api.url)
    assert resolved_at
    assert stats(runner, kb)["papers"] == before["papers"]
    shown = runner.invoke(cli, ["show", f"paper:{exact['id']}", "--db", str(kb)])
    assert shown.exit_code == 0, shown.output
    assert "arXiv:    2206.00001" in shown.stdout
    assert f"(kg enrich, {resolved_at}: arxiv-api-title from {title_api.url}" in shown.stdout
    shown = json.loads(runner.invoke(cli, ["show", f"paper:{exact['id']}", "--db", str(kb), "--format", "json"]).stdout)
    assert [(r["arxiv_id"], r["method"]) for r in shown["resolutions"]] == [("2206.00001", "arxiv-api-title")]
    # the address the API gave is a link of the paper, marked as found by kg enrich (not read in the corpus)
    enriched = [link for link in shown["links"] if link["source"] == "enrich"]
    assert [(link["url"], link["kind"]) for link in enriched] == [(by_title[EXACT_TITLE]["url"], "paper")]
    assert "2206.00001" in enriched[0]["url"] and enriched[0]["evidence"]["text"] == ""
    assert json.loads(runner.invoke(cli, ["show", "HiFace", "--db", str(kb), "--format", "json"]).stdout)["resolutions"] == []

    # A second run looks up only what is still unresolved, and says so in text.
    asked = len(title_api.requests)
    result = runner.invoke(cli, ["enrich", "--api-url", title_api.url, *NO_DELAY, "--db", str(kb)])
    assert result.exit_code == 1
    assert len(title_api.requests) - asked == 64
    assert "nearest: arXiv 2403.11641  Arc2Face: A Foundation Model for ID-Consistent Human Faces" in result.stdout
    assert "no paper could be resolved (no exact title match)" in result.stderr


def test_enrich_offline_says_once_why_nothing_was_looked_up(runner, kb):
    url = f"http://127.0.0.1:{closed_port()}/api/query"
    result = runner.invoke(cli, ["enrich", "--api-url", url, *NO_DELAY, "--retries", "0", "--limit", "5",
                                 "--db", str(kb)])
    assert result.exit_code == 1
    assert "paper:" not in result.stdout  # one line for the unreachable API, not one per paper
    assert result.stdout.count("cannot reach the arXiv API") == 1 and "not looked up (5 paper(s))" in result.stdout
    assert "no paper could be resolved (cannot reach the arXiv API" in result.stderr
    assert "5 paper(s) still have no arXiv id" in result.stderr
    report = json.loads(runner.invoke(cli, ["enrich", "--api-url", url, *NO_DELAY, "--retries", "0", "--limit", "5",
                                            "--db", str(kb), "--format", "json"]).stdout)
    assert len([r for r in report["resolutions"] if r["status"] == "failed"]) == 5  # JSON still lists each paper
    assert resolution_rows(kb) == []


def test_enrich_stops_at_the_first_failure_but_keeps_what_it_resolved(runner, title_api, kb):
    with sqlite3.connect(kb) as conn:
        ordered = [t for (t,) in conn.execute("SELECT title FROM papers WHERE arxiv_id IS NULL ORDER BY id")]
    position = ordered.index(EXACT_TITLE)
    title_api.fail_from, title_api.failure = position + 1, "500"
    result = runner.invoke(cli, ["enrich", "--api-url", title_api.url, *NO_DELAY, "--retries", "0",
                                 "--db", str(kb), "--format", "json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert counts["resolved"] == 1 and counts["failed"] == 65 - position - 1
    assert len(title_api.requests) == position + 2
    assert len(resolution_rows(kb)) == 1


def test_help_has_examples():
    runner = CliRunner()
    for command in ("fetch", "enrich"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Examples:" in result.output and "--api-url" in result.output
