"""kg ask is grounded to the letter: raw-span quotes, the corpus's links, reported results (issues 13, 17)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kg.cli import cli
from kg.evaluation.grounding import SourceTexts, scan_answer
from kg.nlp.links import find_links
from kg.store.evidence import raw_text
from kg.style import link_page

SHARED = Path(__file__).resolve().parents[2] / "shared"
QUESTIONS = SHARED / "eval" / "questions_dev.jsonl"


@pytest.fixture(scope="module")
def conn(built_corpus_db):
    connection = sqlite3.connect(built_corpus_db)
    yield connection
    connection.close()


def questions() -> list[str]:
    if not QUESTIONS.is_file():
        pytest.skip(f"no {QUESTIONS}")
    return [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def ask(runner, db, question, *options) -> str:
    result = runner.invoke(cli, ["ask", question, "--db", str(db), *options], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def paper_blocks(text: str) -> dict[str, str]:
    """Title → the lines under it, of the "3. Papers and tools" part of a text answer."""
    import re

    papers = text.split("3. Papers and tools", 1)[1]
    ends = [papers.find(f"\n\n{heading}") for heading in ("Reported results", "Models\n", "Datasets\n", "Listed in")]
    papers = papers[:min([end for end in ends if end >= 0], default=len(papers))]
    parts = re.split(r"^  \d+\. (.*)$", papers, flags=re.MULTILINE)
    return {title.removesuffix("  [relevant]").removesuffix("  [not relevant]"): block
            for title, block in zip(parts[1::2], parts[2::2])}


def title_questions(conn, sql: str) -> list[tuple[int, str]]:
    """(paper id, title) of the papers the query selects: a paper's own title is a question that lists it."""
    return conn.execute(sql).fetchall()


def test_every_quote_is_the_raw_span_of_its_source(runner, built_corpus_db, conn):
    texts = SourceTexts(conn)
    checked = 0
    for question in questions():
        answer = json.loads(ask(runner, built_corpus_db, question, "--format", "json"))
        quotes, _ = scan_answer(answer, texts)
        assert quotes.failures == [], question
        checked += quotes.checked
        for paper in answer["papers"]:
            for quote in paper["evidence"]:
                assert set(quote) == {"text", "doc", "field", "start", "end", "role"}
                assert raw_text(conn, quote["doc"], quote["field"])[quote["start"]:quote["end"]] == quote["text"]
    assert checked > 20


def test_no_printed_url_is_absent_from_the_corpus(runner, built_corpus_db, conn):
    texts = SourceTexts(conn)
    printed = 0
    for question in questions()[:6]:
        for output_format in ("text", "markdown"):
            for link in find_links(ask(runner, built_corpus_db, question, "--format", output_format)):
                printed += 1
                assert texts.holds_url(link.url), (question, link.url)
        _, urls = scan_answer(json.loads(ask(runner, built_corpus_db, question, "--format", "json")), texts)
        assert urls.failures == [], question
    assert printed > 0


def test_a_listed_paper_shows_the_code_or_project_link_its_text_holds(runner, built_corpus_db, conn):
    linked = title_questions(conn, """SELECT DISTINCT papers.id, papers.title FROM papers JOIN links
        ON links.node = 'paper:' || papers.id WHERE links.kind IN ('code', 'project') AND links.source = 'corpus'
        ORDER BY papers.id LIMIT 6""")
    shown = 0
    for paper_id, title in linked:
        answer = json.loads(ask(runner, built_corpus_db, title, "--format", "json"))
        listed = [p for p in answer["papers"] if p["title"] == title]
        if not listed:
            continue
        shown += 1
        urls = [link["url"] for link in listed[0]["links"] if link["kind"] in ("code", "project")]
        assert urls and set(link["url"] for link in listed[0]["links"]) >= set(urls)
        block = paper_blocks(ask(runner, built_corpus_db, title))[title].split("why:", 1)[0]
        shown_pages = {link_page(line.strip()) for line in block.splitlines()[1:]}
        assert link_page(urls[0]) in shown_pages and "no link in the corpus" not in block  # one link per page
    assert shown >= 3


def test_no_link_is_said_once_per_answer_with_the_enrich_hint(runner, built_corpus_db, conn):
    unlinked = title_questions(conn, """SELECT id, title FROM papers WHERE url IS NULL AND github IS NULL
        AND 'paper:' || id NOT IN (SELECT node FROM links WHERE kind IN ('code', 'project')) ORDER BY id LIMIT 1""")
    assert unlinked
    text = ask(runner, built_corpus_db, unlinked[0][1])
    assert "no link in the corpus" in text and text.count("kg enrich") == 1


def test_text_shows_at_most_two_quotes_per_paper_in_preference_order(runner, built_corpus_db):
    question = questions()[0]
    answer = json.loads(ask(runner, built_corpus_db, question, "--format", "json"))
    blocks = paper_blocks(ask(runner, built_corpus_db, question))
    assert answer["papers"]
    for paper in answer["papers"]:
        block = blocks[paper["title"]]
        assert block.count("” (paper:") == min(2, len(paper["evidence"]))
        shown = [block.index("“" + quote["text"].replace("\n", "\n      ") + "”")  # wrapped lines are indented
                 for quote in paper["evidence"][:2]]
        assert shown == sorted(shown)


def test_results_reported_by_a_listed_paper_appear_under_the_papers(runner, built_corpus_db, conn):
    reporting = title_questions(conn, """SELECT papers.id, papers.title FROM papers WHERE 'paper:' || papers.id
        IN (SELECT doc FROM results WHERE kind != 'other') ORDER BY papers.id""")
    assert reporting
    texts = SourceTexts(conn)
    checked = 0
    for paper_id, title in reporting:
        answer = json.loads(ask(runner, built_corpus_db, title, "--format", "json"))
        if answer["abstained"] or title not in [p["title"] for p in answer["papers"]]:
            continue
        checked += 1
        assert answer["results"] and len(answer["results"]) <= 5
        for result in answer["results"]:
            assert result["paper"] in [p["title"] for p in answer["papers"]]
            sentence = result["evidence"]
            assert texts.holds(sentence["text"], sentence["doc"])
            assert raw_text(conn, sentence["doc"], sentence["field"])[result["start"]:result["end"]] == result["value"]
        text = ask(runner, built_corpus_db, title)
        assert "Reported results" in text and answer["results"][0]["value"] in text.split("Reported results", 1)[1]
    assert checked >= 1


def test_a_paper_known_by_its_arxiv_id_alone_shows_its_abstract_page(runner, tmp_path, shared_dir):
    # arXiv snapshot records hold an id, no URL: the answer shows the id's arxiv.org/abs page (the brief allows it), and
    # the grounding check accepts exactly the pages of ids the corpus holds
    from kg import api

    db = tmp_path / "kg.db"
    api.build([shared_dir / "data" / "arxiv_snapshot_format_head.jsonl"], db_path=db)
    with sqlite3.connect(db) as connection:
        arxiv_id, title = connection.execute("SELECT arxiv_id, title FROM papers WHERE url IS NULL AND arxiv_id IS NOT NULL "
                                             "ORDER BY id LIMIT 1").fetchone()
    text = ask(runner, db, title)
    assert f"https://arxiv.org/abs/{arxiv_id}" in paper_blocks(text)[" ".join(title.split())]
    texts = SourceTexts(sqlite3.connect(db))
    assert texts.holds_url(f"https://arxiv.org/abs/{arxiv_id}")
    assert not texts.holds_url("https://arxiv.org/abs/9999.99999")
