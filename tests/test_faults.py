"""Issue 16: faults and bad inputs, one table. Each row does what a careless user (or bad luck) does
to a real `kg` process and checks the one-line message it prints, the exit status, and that the
knowledge base is unchanged (same row counts and same digest of every table) where nothing should
have been written.

Rows that need a real component use the real thing: a second process holding the write lock, a
FIFO, a read-only file, a trickling HTTP server on 127.0.0.1, SIGINT sent to a process group, a
wheel installed into a fresh virtual environment.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from db_digest import dump_sha
from fake_arxiv import FakeArxiv, entry

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE = PROJECT.parent / "shared" / "data" / "arxiv_cs_sample.jsonl"
KG = [sys.executable, "-c", "from kg.cli import main; main()"]
HOSTILE_TITLES = (  # prefixed to real titles of the embedded corpus
    '<script>alert(1)</script><img src=x onerror=alert(1)> ',
    '=HYPERLINK("http://evil.example/","click") ',
    '\x1b]0;owned\x07\x1b[31m\x01\x0b',
)


# --- the world a row acts on ------------------------------------------------------------------

@dataclass
class World:
    tmp: Path
    db: Path  # a copy of a knowledge base built from real corpus papers with hostile titles
    env: dict

    def kg(self, *args, timeout: float = 300, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
        return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                              env={**self.env, **(env or {})}, cwd=cwd or self.tmp)

    def write(self, name: str, data) -> Path:
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
        return path


def fingerprint(db: Path) -> tuple[dict, str]:
    """Row counts per table and a digest of the whole dump (schema and data), read without kg's code."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()
    return counts, dump_sha(db)


def real_records(limit: int) -> list[dict]:
    """Records of the real arXiv sample (../shared/data), as written in the file."""
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is absent")
    with open(SAMPLE, encoding="utf-8") as handle:
        return [json.loads(next(handle)) for _ in range(limit)]


def corpus_papers() -> list:
    """The papers of the embedded corpus's daily-papers listing (real titles and abstracts)."""
    from kg.ingest import daily_papers

    path = PROJECT / "corpus" / "papers" / "hf_daily_papers_faces.txt"
    return list(daily_papers.read(path, "faces.txt", "0" * 64))


def hostile_corpus(folder: Path) -> Path:
    """The embedded daily-papers listing plus three of its papers again, as snapshot lines with hostile titles."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "corpus" / "papers" / "hf_daily_papers_faces.txt", folder)
    parsing = [p for p in corpus_papers() if "pars" in p.abstract.lower()] or corpus_papers()
    lines = [json.dumps({"id": f"2406.9000{i}", "title": prefix + paper.title, "abstract": paper.abstract,
                         "authors": "A. Author", "categories": "cs.CV"})
             for i, (prefix, paper) in enumerate(zip(HOSTILE_TITLES, parsing))]
    (folder / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    db = base / "kg.db"
    done = subprocess.run([*KG, "build", hostile_corpus(base / "corpus"), "--db", db], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def world(tmp_path, hostile_db) -> World:
    db = tmp_path / "kg.db"
    shutil.copy(hostile_db, db)
    env = {**os.environ, "KG_HOME": str(tmp_path / "home"), "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost", "KG_ARXIV_API": "http://127.0.0.1:9/api/query"}
    env.pop("KG_DB", None)
    return World(tmp_path, db, env)


# --- what each row does -----------------------------------------------------------------------

def long_text(w):
    record = real_records(1)[0]
    record["abstract"] = (record["abstract"] + " ") * (1_000_000 // len(record["abstract"]) + 2)
    w.write("long/huge.jsonl", json.dumps(record) + "\n")
    first = w.kg("build", w.tmp / "long", "--db", w.db)
    assert first.returncode == 0, first.stderr
    again = w.kg("build", PROJECT / "corpus", "--db", w.db)  # the database stays buildable
    assert again.returncode == 0, again.stderr
    return first


def extract_long_text(w):
    record = real_records(1)[0]
    return w.kg("extract", w.write("long.txt", (record["abstract"] + " ") * (1_000_000 // len(record["abstract"]) + 2)))


def graph_over_database(w):
    return w.kg("graph", "-o", w.db, "--db", w.db, "--force")


def ask_graph_over_user_file(w):
    notes = w.write("notes.py", "print('my notes')\n")
    result = w.kg("ask", "face parsing", "--graph", notes, "--db", w.db)
    assert notes.read_text() == "print('my notes')\n"
    return result


def graph_into_missing_folder(w):
    result = w.kg("graph", "-o", w.tmp / "missing" / "g.html", "--db", w.db)
    assert not (w.tmp / "missing").exists()
    return result


def graph_replaces_own_page(w):
    w.kg("graph", "-o", w.tmp / "g.html", "--db", w.db)
    return w.kg("graph", "-o", w.tmp / "g.html", "--db", w.db)


def build_while_another_writes(w):
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time\n"
                               "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(120)", w.db],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = w.kg("build", PROJECT / "corpus", "--db", w.db, env={"KG_BUSY_TIMEOUT": "1"})
        assert time.monotonic() - started < 60
    finally:
        holder.kill()
        holder.wait()
    return result


def two_builds_on_a_new_database(w):
    db = w.tmp / "new.db"
    procs = [subprocess.Popen([*KG, "ingest", PROJECT / "corpus", "--db", db], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=w.env) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    counts, _ = fingerprint(db)
    assert counts["papers"] == 71
    versions = sqlite3.connect(db).execute("SELECT count(*), count(DISTINCT version) FROM _migrations").fetchone()
    assert versions[0] == versions[1]  # each migration applied once
    return subprocess.CompletedProcess([], 0, results[0][0] + results[1][0], results[0][1] + results[1][1])


def truncated_gz(w, *args):
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in real_records(300)).encode())
    w.write("snap/cut.jsonl.gz", data[: len(data) * 2 // 3])
    return w.kg("ingest", w.tmp / "snap", "--db", w.db, *args)


def truncated_gz_skip_errors(w):
    before, _ = fingerprint(w.db)
    result = truncated_gz(w, "--skip-errors", "--json")
    report = json.loads(result.stdout)
    after, _ = fingerprint(w.db)
    damaged = [f for f in report["files"] if f["status"] == "damaged"]
    assert len(damaged) == 1 and 0 < damaged[0]["records"] < 300
    assert report["papers"]["new"] == after["papers"] - before["papers"] == damaged[0]["records"]
    return subprocess.CompletedProcess([], result.returncode, damaged[0]["message"], result.stderr)


def html_in_markdown(w):
    # asked in the words of the paper that carries the hostile title, so the answer lists it
    paper = ([p for p in corpus_papers() if "pars" in p.abstract.lower()] or corpus_papers())[0]
    answer = w.kg("ask", paper.title, "--format", "markdown", "--db", w.db)
    report = w.kg("export", "--around", "face parsing", "--format", "markdown", "-o", w.tmp / "r.md", "--db", w.db)
    assert report.returncode == 0, report.stderr
    for text in (answer.stdout, (w.tmp / "r.md").read_text()):
        assert "<script" not in text and "<img" not in text
        assert "&lt;script>" in text
    return answer


def control_chars_in_xml(w):
    for fmt in ("graphml", "gexf"):
        result = w.kg("export", "--format", fmt, "-o", w.tmp / f"g.{fmt}", "--db", w.db)
        assert result.returncode == 0, result.stderr
        text = (w.tmp / f"g.{fmt}").read_text(encoding="utf-8")
        ET.fromstring(text.encode())  # parses: no character XML 1.0 forbids
        assert "\ufffd" in text and "\x01" not in text
    assert not [p for p in w.tmp.iterdir() if p.name.startswith(".")]  # no temporary file left
    return result


def figure_export(w):
    svg = w.kg("export", "--around", "face parsing", "--format", "svg", "-o", w.tmp / "f.svg", "--db", w.db)
    ET.parse(w.tmp / "f.svg")  # SVG is XML: the control characters in titles did not reach it
    result = w.kg("export", "--around", "face parsing", "--format", "png", "-o", w.tmp / "f.png", "--db", w.db)
    assert (w.tmp / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "missing from font" not in svg.stderr + result.stderr
    return result


def long_first_record(w):
    record = real_records(1)[0]
    authors = ", ".join(f"{a}{i}" for i in range(400) for a in record["authors"].split(", ")[:3])
    record = {"id": record["id"], "authors": authors, **{k: v for k, v in record.items() if k not in ("id", "authors")}}
    line = json.dumps(record)
    assert line.index('"title"') > 8192
    w.write("big/collab.jsonl", line + "\n")
    result = w.kg("ingest", w.tmp / "big", "--db", w.db, "--json")
    report = json.loads(result.stdout)
    assert report["files"][0]["status"] == "ingested" and report["papers"]["new"] == 1
    return subprocess.CompletedProcess([], result.returncode, report["files"][0]["format"], result.stderr)


def unknown_file_in_folder_is_reported(w):
    w.write("mixed/notes.txt", "Just some notes of mine.\n")
    w.write("mixed/one.jsonl", json.dumps(real_records(1)[0]) + "\n")
    return w.kg("build", w.tmp / "mixed", "--db", w.db)


def foreign_sqlite(w):
    other = w.tmp / "mine.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = w.kg("build", PROJECT / "corpus", "--db", other)
    assert other.read_bytes() == before and not Path(f"{other}-wal").exists()
    return result


def rename_a_column(w):
    conn = sqlite3.connect(w.db)
    conn.execute("ALTER TABLE sources RENAME COLUMN sha256 TO digest")
    conn.commit()
    conn.close()


def renamed_column(w):
    return w.kg("stats", "--db", w.db)


def make_read_only(w):
    w.db.chmod(0o444)


def read_only_reads(w):
    for command in (("stats",), ("show", "2406.90002"), ("ask", "face parsing")):
        result = w.kg(*command, "--db", w.db)
        assert result.returncode == 0, (command, result.stderr)
    return result


def read_only_build(w):
    return w.kg("build", PROJECT / "corpus", "--db", w.db)


def fifo(w):
    os.mkfifo(w.tmp / "pipe.jsonl")
    return w.kg("ingest", w.tmp / "pipe.jsonl", "--db", w.db, timeout=60)


def escapes_in_terminal(w):
    result = w.kg("papers", "owned", "--db", w.db)
    shown = w.kg("show", "2406.90002", "--db", w.db)
    for text in (result.stdout, shown.stdout):
        assert "\x1b" not in text and "\x07" not in text and "\x0b" not in text
    return shown


def formulas_in_csv(w):
    sheet = w.kg("export", "--format", "spreadsheet", "-o", w.tmp / "sheet", "--db", w.db)
    neo4j = w.kg("export", "--format", "csv", "-o", w.tmp / "neo4j", "--db", w.db)
    assert sheet.returncode == neo4j.returncode == 0, sheet.stderr + neo4j.stderr
    import csv

    sheet_cells = [c for row in csv.reader(open(w.tmp / "sheet" / "nodes.csv", encoding="utf-8")) for c in row]
    neo4j_cells = [c for row in csv.reader(open(w.tmp / "neo4j" / "nodes.csv", encoding="utf-8")) for c in row]
    assert not [c for c in sheet_cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith('=HYPERLINK("http://evil.example/"') for c in neo4j_cells)  # exact for Neo4j
    return subprocess.CompletedProcess([], 0, "\n".join(sheet_cells), "")


def fetch_from_trickling_server(w):
    with FakeArxiv([entry("2406.02074", "FaceCom")], fail_from=0, failure="trickle") as api:
        started = time.monotonic()
        result = w.kg("fetch", "--id", "2406.02074", "--timeout", "2", "--retries", "0", "--delay", "0",
                      "--api-url", api.url, "--corpus", w.tmp / "corpus", "--db", w.db)
        assert time.monotonic() - started < 30
    return result


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _sigint_as_in_a_terminal() -> None:
    """SIGINT delivered and handled by default, as for a command a user starts in a terminal: the test
    process may have it blocked or ignored (a background job, a browser driver), and a child inherits both."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(w, args, ready: Callable[[subprocess.Popen], bool]):
    """Start kg in its own process group, wait until `ready`, then Ctrl-C it as a terminal would."""
    proc = subprocess.Popen([*KG, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=w.env, cwd=w.tmp, start_new_session=True, preexec_fn=_sigint_as_in_a_terminal)
    deadline = time.monotonic() + 120
    while not ready(proc) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "kg finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def ctrl_c_during_parallel_build(w):
    w.write("sample/part.jsonl", "".join(json.dumps(r) + "\n" for r in real_records(4000)))
    result = interrupt(w, ["build", w.tmp / "sample", "--jobs", "2", "--db", w.tmp / "new.db"],
                       lambda proc: len(children(proc.pid)) >= 2)
    assert [line for line in result.stderr.splitlines() if line.strip()] == [result.stderr.strip()]  # one line
    return result


def latin1_extract(w):
    return w.kg("extract", w.write("latin.txt", "Segmentation faciale très précise.\n".encode("latin-1")))


def skip_errors_bad_lines(w):
    good = [json.dumps(r) for r in real_records(5)]
    lines = good[:2] + ['{"id": "x", "title": "cut', "not json at all", '{"id": "y"}'] + good[2:]
    before, _ = fingerprint(w.db)
    result = w.kg("ingest", w.write("bad.jsonl", "\n".join(lines) + "\n"), "--skip-errors", "--db", w.db)
    after, _ = fingerprint(w.db)
    assert after["papers"] - before["papers"] == 5
    assert "papers         5 new" in result.stdout and result.stdout.count("left out: ") == 3
    return result


def empty_folder(w):
    (w.tmp / "empty").mkdir()
    return w.kg("build", w.tmp / "empty", "--db", w.db)


def prompt_paper_line_without_link(w):
    text = (PROJECT / "corpus" / "prompts" / "face_parsing_makeup.txt").read_text(encoding="utf-8")
    broken = text.replace("Paper: http://arxiv.org/pdf/2312.08863v1.pdf", "Paper: arxiv.org pdf 2312.08863", 1)
    assert broken != text
    return w.kg("build", w.write("prompts/makeup.txt", broken), "--db", w.db)


def prompt_without_its_question(w):
    text = (PROJECT / "corpus" / "prompts" / "face_parsing_makeup.txt").read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if not line.startswith('"Even with makeup')]
    assert len(lines) == text.count("\n")  # one line gone
    return w.kg("build", w.write("prompts/noq.txt", "\n".join(lines)), "--db", w.db)


def utf16_file(w):
    text = (PROJECT / "corpus" / "papers" / "hf_daily_papers_faces.txt").read_text(encoding="utf-8")
    return w.kg("ingest", w.write("listing.txt", text.encode("utf-16")), "--db", w.db)


def ask_after_ingest_only(w):
    db = w.tmp / "ingested.db"
    assert w.kg("ingest", PROJECT / "corpus", "--db", db).returncode == 0
    return w.kg("ask", "How does a model separate facial parts under makeup?", "--db", db)


def ctrl_c_during_fetch(w):
    corpus = w.tmp / "corpus"
    entries = [entry(f"2406.0207{i}", f"Face parsing paper {i}") for i in range(3)]
    with FakeArxiv(entries, fail_from=1, failure="trickle") as api:
        result = interrupt(w, ["fetch", "--query", "face parsing", "--max", "3", "--page-size", "1", "--delay", "0",
                               "--retries", "0", "--timeout", "60", "--api-url", api.url, "--corpus", corpus,
                               "--db", w.db], lambda proc: len(api.requests) >= 2)
    assert not (corpus / "fetched").exists()  # no file, not even a hidden temporary one, nor the folder
    return result


def wheel_outside_checkout(w):
    """Build the wheel, install it (no deps, no index) into a fresh venv that sees the project venv's
    packages, and use it from a folder outside the checkout."""
    wheels, source = w.tmp / "wheels", w.tmp / "source"  # built from a clean copy: no stale build/ files
    shutil.copytree(PROJECT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "out", "*.egg-info", "__pycache__", ".pytest_cache", "*.db*"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", wheels, source], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    venv = w.tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    deps = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "project_deps.pth").write_text(deps + "\n")  # a path only: the editable kg there is not loaded
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
                                "--no-index", *wheels.glob("kg-*.whl")], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    outside = w.tmp / "elsewhere"
    outside.mkdir()
    env = {"PYTHONPATH": ""}
    where = subprocess.run([python, "-c", "import kg, kg.config as c; print(kg.__file__); print(c.EMBEDDED_CORPUS);"
                            "print(c.user_corpus_dir())"], capture_output=True, text=True, cwd=outside,
                           env={**w.env, **env}, check=True).stdout.split("\n")
    assert where[0].startswith(site) and where[1].startswith(site) and where[2] == str(w.tmp / "home" / "corpus")
    kg = [str(venv / "bin" / "kg")]
    result = subprocess.run(kg + ["build", "--db", outside / "kg.db", "--format", "json"], capture_output=True,
                            text=True, cwd=outside, env={**w.env, **env}, timeout=600)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ingest"]["papers"]["new"] == 71
    with FakeArxiv([entry("2406.02074", "FaceCom")]) as api:
        fetched = subprocess.run(kg + ["fetch", "--id", "2406.02074", "--delay", "0", "--api-url", api.url,
                                       "--db", outside / "kg.db"], capture_output=True, text=True, cwd=outside,
                                 env={**w.env, **env}, timeout=300)
    assert fetched.returncode == 0, fetched.stderr
    assert list((w.tmp / "home" / "corpus" / "fetched").glob("*.jsonl"))
    assert not list(Path(site, "kg", "corpus").glob("fetched"))
    return fetched


# --- the table ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fault:
    row: str
    act: Callable[[World], subprocess.CompletedProcess]
    message: str  # what the user reads (stdout or stderr)
    exit: int = 1
    unchanged: bool = True  # the knowledge base keeps the same counts and content
    setup: Callable[[World], None] | None = None  # what was done to the knowledge base before


FAULTS = [
    Fault("1 text over 1,000,000 characters", long_text, "is over 1,000,000 characters; the NLP pass read only its start",
          0, False),
    Fault("1 kg extract on text over 1,000,000 characters", extract_long_text,
          "long.txt: the text is 1,0"),
    Fault("2 kg graph -o the database", graph_over_database, "is an SQLite database: kg never writes output over a database"),
    Fault("2 ask --graph over a user's file", ask_graph_over_user_file, "already exists (it is not kg's output) — use --force"),
    Fault("2 output into a missing folder", graph_into_missing_folder, "does not exist (kg does not create folders)"),
    Fault("2 kg's own page is replaced", graph_replaces_own_page, "wrote ", 0),
    Fault("3 build while another process writes", build_while_another_writes,
          "is busy: another kg command has been writing to it for over 1 s"),
    Fault("3 two ingests create one new database", two_builds_on_a_new_database, "papers", 0),
    Fault("4 truncated .jsonl.gz", truncated_gz, "cut.jsonl.gz:"),
    Fault("4 truncated .jsonl.gz, --skip-errors", truncated_gz_skip_errors,
          "the compressed file is truncated or damaged at record", 0, False),
    Fault("5 HTML in a title, Markdown out", html_in_markdown, "&lt;script>alert(1)&lt;/script>", 0),
    Fault("6 control characters, GraphML/GEXF", control_chars_in_xml, "wrote ", 0),
    Fault("7 png export", figure_export, "as png", 0),
    Fault("8 first JSON record over 8 KB", long_first_record, "arxiv-jsonl", 0, False),
    Fault("8 a skipped file is reported", unknown_file_in_folder_is_reported,
          "mixed/notes.txt (not a known corpus format", 0, False),
    Fault("9 an unrelated SQLite file", foreign_sqlite, "mine.sqlite is an SQLite database that kg did not create"),
    Fault("10 a renamed column", renamed_column, "table sources: column sha256 missing) — rebuild it",
          setup=rename_a_column),
    Fault("11 read-only file: reading works", read_only_reads, "Task", 0, setup=make_read_only),
    Fault("11 read-only file: build refused", read_only_build, "is read-only: this command writes to it",
          setup=make_read_only),
    Fault("12 a FIFO as corpus path", fifo, "pipe.jsonl: not a regular file"),
    Fault("13 escape sequences in a title", escapes_in_terminal, "\\x1b]0;owned\\x07\\x1b[31m\\x01", 0),
    Fault("14 formulas in CSV cells", formulas_in_csv, "'=HYPERLINK(", 0),
    Fault("15 fetch against a trickling server", fetch_from_trickling_server, "did not answer within 2 s"),
    Fault("16 Ctrl-C during build --jobs 2", ctrl_c_during_parallel_build, "Error: interrupted;", 130),
    Fault("17 kg extract on a Latin-1 file", latin1_extract, "latin.txt:1: is not UTF-8 text (byte 0xe8"),
    Fault("18 --skip-errors, 3 bad lines among 5 good", skip_errors_bad_lines, "3 bad line(s) left out", 0, False),
    Fault("19 kg build on an empty folder", empty_folder, "no corpus files found in"),
    Fault("19 a prompt's Paper: line without a link", prompt_paper_line_without_link,
          "makeup.txt:20: 'Paper:' takes one http:// or https:// link or None, not 'arxiv.org pdf 2312.08863'"),
    Fault("19 a prompt without its question line", prompt_without_its_question,
          "noq.txt:3: no question after 'A user has asked the following question:'"),
    Fault("20 a UTF-16 file", utf16_file, "listing.txt: is UTF-16 text; save it as UTF-8"),
    Fault("21 kg ask after kg ingest only", ask_after_ingest_only, 'has not read yet (ingested, not built) — run "kg build'),
    Fault("22 Ctrl-C while kg fetch writes", ctrl_c_during_fetch, "interrupted; nothing of this fetch was kept", 130),
    Fault("23 the wheel, outside the checkout", wheel_outside_checkout, "fetched", 0, False),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.row for f in FAULTS])
def test_fault(fault, world):
    if fault.setup:
        fault.setup(world)
    before = fingerprint(world.db)
    result = fault.act(world)
    said = result.stdout + result.stderr
    assert result.returncode == fault.exit, said
    assert "Traceback" not in said, said
    assert fault.message in said, said
    if fault.exit != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.stderr  # one message
    if fault.unchanged:
        assert fingerprint(world.db) == before
