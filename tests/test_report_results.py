"""Results in reports: the table in the Markdown report (`kg export --format markdown`), scores of the
report's papers, gains apart from absolute scores, each value traceable to the sentence listed under the
table; and the results the HTML page holds for its dataset and metric panels."""
from __future__ import annotations

import re
import sqlite3

from kg import api
from kg.escape import markdown_text
from kg.graph.select import select
from kg.store.db import open_db
from kg.store.results import results_for


def results_part(report: str) -> str:
    assert "## Results" in report
    return report.split("## Results", 1)[1].split("\n## ", 1)[0]


def listed_sentences(part: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\d+\. .*?: (.*)$", part.split("Where each value is stated:", 1)[1],
                                            re.M)]


def dataset_with_gain_and_score(db_path) -> str:
    """A dataset the corpus reports a score on, preferring one with both kinds of values."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("""SELECT dataset FROM results WHERE kind != 'other' AND dataset_key IS NOT NULL
            GROUP BY dataset_key ORDER BY count(DISTINCT kind) DESC, count(*) DESC, dataset_key LIMIT 1""").fetchone()[0]
    finally:
        conn.close()


def test_around_report_has_the_papers_results_with_their_sentences(built_corpus_db, tmp_path):
    dataset = dataset_with_gain_and_score(built_corpus_db)
    path = tmp_path / "report.md"
    api.export("markdown", path, db_path=built_corpus_db, around=dataset)
    part = results_part(path.read_text(encoding="utf-8"))
    table = [line for line in part.splitlines() if line.startswith("|")]
    assert table[0].startswith("| paper | model |") and table[1].startswith("|---|")
    db = open_db(built_corpus_db)
    graph = select(db, around=dataset, depth=1).graph
    papers = sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "paper")
    expected = results_for(db, papers=papers)
    assert expected
    # every stated value and every sentence of the report's papers is there, escaped for Markdown
    sentences = listed_sentences(part)
    assert sorted(set(sentences)) == sorted({markdown_text(" ".join(r["sentence"].split())) for r in expected})
    for row in expected:
        assert row["value"] in part
    # a gain or reduction never shares a column with an absolute score
    header = [h.strip() for h in table[0].strip("|").split("|")][2:]
    for row in expected:
        if row["kind"] != "absolute":
            assert any(f"({row['kind']}" in h for h in header)
    assert all(("(gain" in h) + ("(reduction" in h) <= 1 for h in header)


def test_question_report_has_the_answer_papers_results(built_corpus_db, tmp_path):
    path = tmp_path / "answer.md"
    question = "estimate heart rate and blood pressure from a face video"
    api.export("markdown", path, db_path=built_corpus_db, question=question)
    report = path.read_text(encoding="utf-8")
    answer = api.ask(question, db_path=built_corpus_db)
    from kg.answer.graph import answer_subgraph

    db = open_db(built_corpus_db)
    papers = sorted(n for n, d in answer_subgraph(answer, db).nodes(data=True) if d.get("type") == "paper")
    expected = results_for(db, papers=papers)
    assert expected, "the answer's papers state scores"
    part = results_part(report)
    assert {markdown_text(" ".join(r["sentence"].split())) for r in expected} == set(listed_sentences(part))


def test_report_without_results_has_no_results_section(built_corpus_db, tmp_path):
    conn = sqlite3.connect(built_corpus_db)
    try:
        paper = conn.execute("""SELECT title FROM papers WHERE 'paper:' || id NOT IN
            (SELECT doc FROM results) ORDER BY id LIMIT 1""").fetchone()[0]
    finally:
        conn.close()
    path = tmp_path / "report.md"
    api.export("markdown", path, db_path=built_corpus_db, around=paper, depth=0, types=["paper"])
    assert "## Results" not in path.read_text(encoding="utf-8")


def test_graph_page_holds_the_results_of_drawn_datasets_and_metrics_only(built_corpus_db, tmp_path):
    import json

    from kg.viz import PANEL_RESULTS

    path = api.graph_html(tmp_path / "graph.html", db_path=built_corpus_db)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0])
    with_results = {n["id"]: n for n in data["nodes"] if "results" in n}
    drawn = {n["id"] for n in data["nodes"] if n["type"] in ("dataset", "metric")}
    conn = sqlite3.connect(built_corpus_db)
    try:
        reported = {key for row in conn.execute("SELECT dataset_key, metric_key FROM results WHERE kind != 'other'")
                    for key in row if key}
        for key, node in with_results.items():
            count, = conn.execute("""SELECT count(*) FROM results WHERE kind != 'other'
                AND (dataset_key = ? OR metric_key = ?)""", (key, key)).fetchone()
            assert node["resultCount"] == count and len(node["results"]) == min(count, PANEL_RESULTS)
    finally:
        conn.close()
    assert with_results and set(with_results) == drawn & reported
