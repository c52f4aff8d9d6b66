"""Links read from the text: normalisation, kinds, the nodes they belong to, and kg show."""
from __future__ import annotations

import json
import sqlite3

import pytest

from kg.cli import cli
from kg.evaluation.grounding import PLAIN_URL, SourceTexts
from kg.nlp.links import find_links, link_kind
from kg.store.evidence import raw_text
from kg.store.links import links_for_node, links_for_paper


@pytest.mark.parametrize("text, expected", [
    ("Code: https://github.com/lxq1000/Faceptor.", [("https://github.com/lxq1000/Faceptor", "code")]),
    ("(see https://x.org/a_(b)).", [("https://x.org/a_(b)", "project")]),
    ("page at https://anttwo.github.io/matcha/}", [("https://anttwo.github.io/matcha/", "project")]),
    (r"\href{https://github.com/a/fm\_sam}{code}", [("https://github.com/a/fm_sam", "code")]),
    ('<a href="https://github.com/a/b.git">this</a>', [("https://github.com/a/b.git", "code")]),
    ("videos at syntec-research.github.io/FaceStab.", [("syntec-research.github.io/FaceStab", "project")]),
    ("data: huggingface.co/datasets/x/y, model: https://huggingface.co/x/y",
     [("huggingface.co/datasets/x/y", "dataset"), ("https://huggingface.co/x/y", "model")]),
    ("demo https://huggingface.co/spaces/x/y", [("https://huggingface.co/spaces/x/y", "project")]),
    ("extends arXiv:2303.11225v2, see http://arxiv.org/pdf/2406.02074v1.pdf.",
     [("arXiv:2303.11225v2", "paper"), ("http://arxiv.org/pdf/2406.02074v1.pdf", "paper")]),
    ("DOI: 10.5281/zenodo.15252812).", [("10.5281/zenodo.15252812", "paper")]),
    ("https://github.com/\n--. and e.g. no link", []),
    # arXiv line wraps inside a URL (sample abstracts): joined; a dot then a wrap in a path ends the sentence
    ("Project page : https://www.idiap.\nch/paper/edgedoc/", [("https://www.idiap.ch/paper/edgedoc/", "project")]),
    ("set can be found at https://github.\ncom/ronan-39/tlt/).", [("https://github.com/ronan-39/tlt/", "code")]),
    ("available at https://github.com/lixinustc/KVQE-\nChallengeCVPR-NTIRE2025.",
     [("https://github.com/lixinustc/KVQE-ChallengeCVPR-NTIRE2025", "code")]),
    ("at https://github.com/Qihoo360/360-LLaMA-Factory.\n360-LLaMA-Factory supports",
     [("https://github.com/Qihoo360/360-LLaMA-Factory", "code")]),
])
def test_links_are_normalised_and_classified(text, expected):
    assert [(link.url, link.kind) for link in find_links(text)] == expected


def test_link_offsets_point_at_the_link_as_written():
    text = r"See \url{https://github.com/a/b\_c}."
    [link] = find_links(text)
    assert text[link.start:link.end] == r"https://github.com/a/b\_c" and link.url == "https://github.com/a/b_c"


def test_every_kind_is_one_of_the_documented_kinds():
    for url in ("https://github.com/a/b", "https://a.github.io", "https://huggingface.co/a/b",
                "https://huggingface.co/datasets/a/b", "https://arxiv.org/abs/1", "https://example.org/x"):
        assert link_kind(url) in ("code", "project", "model", "dataset", "paper")


@pytest.fixture(scope="module")
def conn(built_corpus_db):
    connection = sqlite3.connect(built_corpus_db)
    yield connection
    connection.close()


def test_every_listing_abstract_with_a_url_yields_it_on_its_paper(conn):
    """The URL as written (found by a plain pattern, not kg's reader) is attached, normalised."""
    rows = conn.execute("""SELECT DISTINCT papers.id, papers.raw_abstract FROM papers
        JOIN paper_sources ON paper_sources.paper_id = papers.id JOIN sources ON sources.id = paper_sources.source_id
        WHERE sources.format = 'daily-papers'""").fetchall()
    holding = [(paper_id, PLAIN_URL.findall(raw)) for paper_id, raw in rows if PLAIN_URL.search(raw)]
    assert len(holding) >= 20
    for paper_id, written in holding:
        linked = [link["url"] for link in links_for_paper(conn, paper_id)]
        for url in written:
            assert any(url.startswith(link) and not url[len(link):].strip(".,;:)}/") for link in linked), (paper_id, url)


def test_a_link_keeps_the_raw_sentence_it_sits_in(conn):
    rows = conn.execute("SELECT url, doc, field, start, end, sentence FROM links WHERE source = 'corpus'").fetchall()
    assert rows
    for url, doc, field, start, end, sentence in rows:
        assert raw_text(conn, doc, field)[start:end] == sentence
        assert url in sentence.replace("\\_", "_")


def test_code_after_a_proposal_belongs_to_the_proposed_model(conn):
    """'We propose X … The code is available at URL': the link belongs to the paper and to X."""
    found = 0
    for (paper,) in conn.execute("SELECT DISTINCT node FROM links WHERE kind = 'code' AND node LIKE 'paper:%'"):
        proposed = {row[0] for row in conn.execute(
            "SELECT dst FROM edges WHERE src = ? AND relation = 'proposes' AND dst LIKE 'model:%'", (paper,))}
        code = {link["url"] for link in links_for_node(conn, paper) if link["kind"] == "code"}
        for model in proposed:
            if code & {link["url"] for link in links_for_node(conn, model)}:
                found += 1
    assert found >= 5
    facecom = {link["url"] for link in links_for_node(conn, "model:facecom")}
    assert "https://github.com/dragonylee/FaceCom.git" in facecom


def test_a_background_model_does_not_get_the_papers_code(conn):
    """A model the paper only mentions (not proposes) never gets a link from that paper's text."""
    rows = conn.execute("""SELECT links.node, links.doc FROM links WHERE links.node LIKE 'model:%'
        AND links.doc LIKE 'paper:%'""").fetchall()
    assert rows
    for node, doc in rows:
        assert conn.execute("""SELECT 1 FROM edges WHERE src = ? AND dst = ? AND relation IN ('proposes', 'introduces')""",
                            (doc, node)).fetchone(), (node, doc)


def test_show_json_lists_links_with_evidence(runner, built_corpus_db):
    result = runner.invoke(cli, ["show", "Faceptor", "--db", str(built_corpus_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    links = json.loads(result.output)["links"]
    assert links and set(links[0]) == {"url", "kind", "source", "evidence"}
    assert links[0]["kind"] == "code" and links[0]["source"] == "corpus"
    assert links[0]["url"] in links[0]["evidence"]["text"]


def test_show_text_says_no_link_only_when_there_is_none(runner, built_corpus_db, conn):
    linked = conn.execute("SELECT min(CAST(substr(node, 7) AS INTEGER)) FROM links WHERE node LIKE 'paper:%'").fetchone()[0]
    unlinked = conn.execute("""SELECT min(id) FROM papers WHERE 'paper:' || id NOT IN (SELECT node FROM links)""").fetchone()[0]
    shown = runner.invoke(cli, ["show", f"paper:{linked}", "--db", str(built_corpus_db)]).output
    assert "no link in the corpus" not in shown and links_for_paper(conn, linked)[0]["url"] in shown
    assert "no link in the corpus" in runner.invoke(cli, ["show", f"paper:{unlinked}", "--db", str(built_corpus_db)]).output


def test_no_url_printed_by_show_is_absent_from_the_corpus(runner, built_corpus_db, conn):
    """Text output prints what was read; JSON links carry URLs and sentences from the source files."""
    texts = SourceTexts(conn)
    checked = 0
    for (paper_id,) in conn.execute("SELECT id FROM papers ORDER BY id").fetchall():
        shown = ["show", f"paper:{paper_id}", "--db", str(built_corpus_db)]
        for link in find_links(runner.invoke(cli, shown).output):
            checked += 1
            assert texts.holds_url(link.url), (paper_id, link.url)
        for link in json.loads(runner.invoke(cli, shown + ["--format", "json"]).output)["links"]:
            checked += 1
            assert texts.holds_url(link["url"]) and texts.holds(link["evidence"]["text"], f"paper:{paper_id}")
    assert checked > 50


def test_links_follow_a_changed_abstract(tmp_path, corpus_dir):
    """Rebuilding after an edit re-reads the links of the changed paper only."""
    import shutil

    from kg import api

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    db_path = tmp_path / "kg.db"
    api.build([corpus], db_path=db_path)
    listing = corpus / "papers" / "hf_daily_papers_faces.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "https://github.com/lxq1000/Faceptor", "https://gitlab.com/lxq1000/faceptor-v2"), encoding="utf-8")
    api.build([corpus], db_path=db_path)
    with sqlite3.connect(db_path) as connection:
        urls = {row[0] for row in connection.execute("SELECT url FROM links")}
    assert "https://gitlab.com/lxq1000/faceptor-v2" in urls and "https://github.com/lxq1000/Faceptor" not in urls


def test_a_markdown_report_lists_text_links_and_only_corpus_urls(runner, built_corpus_db, conn, tmp_path):
    report = tmp_path / "report.md"
    result = runner.invoke(cli, ["export", "--db", str(built_corpus_db), "--around", "face parsing",
                                 "--format", "markdown", "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    texts = SourceTexts(conn)
    urls = [link.url for link in find_links(text)]
    assert urls and all(texts.holds_url(url) for url in urls)
    for row in text.splitlines():
        if row.startswith("| ") and "no link in the corpus" in row:
            title = row.split(" | ")[1]
            (paper_id,) = conn.execute("SELECT id FROM papers WHERE title = ?", (title,)).fetchone()
            assert not [link for link in links_for_paper(conn, paper_id) if link["kind"] in ("code", "project")]


def test_the_whole_graph_export_and_page_show_only_corpus_urls(runner, built_corpus_db, conn, tmp_path):
    """One link policy for every output: the hub page a prompt's model id names (huggingface.co/<repo>) is not
    written in the corpus, so neither the JSON export nor the HTML page shows it (kg ask did not either)."""
    texts = SourceTexts(conn)
    exported = runner.invoke(cli, ["export", "--format", "json", "-o", "-", "--db", str(built_corpus_db)])
    assert exported.exit_code == 0, exported.output
    page = tmp_path / "graph.html"
    drawn = runner.invoke(cli, ["graph", "-o", str(page), "--db", str(built_corpus_db)])
    assert drawn.exit_code == 0, drawn.output
    data = json.loads(exported.output)
    stored = [node[field] for node in data["nodes"] for field in ("url", "github", "corpus_link") if node.get(field)]
    assert len(stored) > 5 and [url for url in stored if not texts.holds_url(url)] == []
    assert "jonathandinu/face-parsing" in exported.output and "jonathandinu/face-parsing" in page.read_text()
    for output in (exported.output, page.read_text(encoding="utf-8")):
        assert "huggingface.co/jonathandinu" not in output


def test_a_wrapped_url_is_stored_joined_and_counts_as_in_the_corpus(tmp_path):
    """A sample abstract (arXiv snapshot layout) whose project page arXiv wrapped after "idiap.": the link was
    stored and shown as "https://www.idiap"."""
    from kg import api

    record = {"id": "2501.00001", "title": "EdgeDoc", "categories": "cs.CV", "versions": [{"created": "Mon, 6 Jan 2025"}],
              "abstract": "We propose EdgeDoc for document forgery localization.\nProject page : https://www.idiap.\n"
                          "ch/paper/edgedoc/"}
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db_path = tmp_path / "kg.db"
    api.build([source], db_path=db_path)
    with sqlite3.connect(db_path) as connection:
        urls = {row[0] for row in connection.execute("SELECT url FROM links")}
        assert urls == {"https://www.idiap.ch/paper/edgedoc/"}
        assert SourceTexts(connection).holds_url("https://www.idiap.ch/paper/edgedoc/")
        assert not SourceTexts(connection).holds_url("https://www.idiap.ch/paper/other/")

