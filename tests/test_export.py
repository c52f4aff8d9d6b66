"""kg export: pure functions on a hand-made graph, round trips on a database built from the corpus, bad input."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg import export as ex
from kg.cli import cli
from kg.markdown import markdown_report, mermaid
from kg.style import node_links

PROJECT = Path(__file__).resolve().parents[1]
AROUND = "face parsing"
URL_RE = re.compile(r"https?://[^\s<>()\[\]|\"'`]+")


# --------------------------------------------------------------------------- a hand-made graph

@pytest.fixture
def small():
    G = nx.MultiDiGraph()
    G.add_node("task:face parsing", type="task", label="face parsing", aliases=["face segmentation"],
               definition="Label every pixel of a face.", mentions=3, pagerank=0.3, degree=2)
    G.add_node("paper:1", type="paper", label='A "quoted" <title> [x] | y', title="t", url="http://arxiv.org/pdf/1v1.pdf",
               github=None, aliases=[], mentions=0, pagerank=0.2, degree=2)
    G.add_node("paper:2", type="paper", label="No link paper", url=None, github=None, aliases=[], mentions=0,
               pagerank=0.1, degree=1)
    G.add_node("model:m", type="model", label="owner/model", aliases=["m"], mentions=1, pagerank=1, degree=1)
    G.add_edge("paper:1", "task:face parsing", key=1, relation="addresses", kind="EXTRACTED", doc="paper:1",
               field="abstract", sentence="We parse faces under makeup.", start=0, end=28, weight=1.0)
    G.add_edge("paper:1", "task:face parsing", key=2, relation="mentions", kind="EXTRACTED", doc="paper:1",
               field="title", sentence="t", start=0, end=1, weight=0.5)
    G.add_edge("paper:2", "model:m", key=3, relation="proposes", kind="INFERRED", doc="paper:2", field="abstract",
               sentence="We propose m.", start=3, end=16, weight=2)
    return G


def test_flatten_types_lists_and_none(small):
    flat = ex.flatten(small)
    assert flat.nodes["task:face parsing"]["aliases"] == "face segmentation"
    assert "github" not in flat.nodes["paper:1"] and "url" not in flat.nodes["paper:2"]
    assert isinstance(flat.nodes["task:face parsing"]["mentions"], int)
    assert all(isinstance(flat.nodes[n]["pagerank"], float) for n in flat)  # 1 (int) and 0.3 mixed → float
    assert all(isinstance(d["weight"], float) for *_, d in flat.edges(data=True))


def test_mermaid_ids_are_safe_and_labels_escaped(small):
    text = mermaid(small)
    assert text.startswith("graph LR\n")
    for line in text.splitlines()[1:]:
        if '["' in line:
            node_id, label = re.match(r'\s+(\w+)\["(.*)"\]$', line).groups()
            assert re.fullmatch(r"n\d+", node_id)
            assert not set(label) & set('"<>[]|`')
    assert "#quot;quoted#quot;" in text and "-->|addresses|" in text


def test_markdown_report_links_exactly_and_no_link_text(small):
    text = markdown_report(small, asked="face parsing", seeds=["task:face parsing"])
    assert "http://arxiv.org/pdf/1v1.pdf" in text
    assert "no link in the corpus" in text
    assert "> We parse faces under makeup." in text
    assert "```mermaid\ngraph LR" in text


def test_figure_labels_do_not_collide_for_60_nodes():
    G = nx.MultiDiGraph()
    for i in range(60):
        G.add_node(f"paper:{i}", type=["paper", "task", "model", "dataset"][i % 4],
                   label=f"A rather long paper title number {i} about faces", pagerank=1 / (i + 1))
    for i in range(1, 60):
        G.add_edge(f"paper:{i}", f"paper:{(i * 7) % i}", relation="cites")
    fig, texts = ex.render_figure(G)
    try:
        assert len(texts) == 60
        assert ex.label_overlaps(fig, texts) == 0
    finally:
        import matplotlib.pyplot as plt
        plt.close(fig)


# --------------------------------------------------------------------------- the embedded corpus, built

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from kg import api
    from kg.graph import load_graph, select

    db_path = tmp_path_factory.mktemp("kg") / "kg.db"
    api.build([str(PROJECT / "corpus")], db_path=db_path)
    db = api.open_database(db_path)
    return db_path, load_graph(db), select(db, around=AROUND, depth=2).graph


def do_export(built, fmt, path, **options):
    from kg import api

    return api.export(fmt, path, db_path=built[0], around=AROUND, depth=2, **options)


def assert_same(expected, got, *, drop_edge=()):
    assert set(got.nodes) == set(expected.nodes)
    for node, data in expected.nodes(data=True):
        assert got.nodes[node] == data, node
    want = {(u, v, str(k)): d for u, v, k, d in expected.edges(keys=True, data=True)}
    have = {(u, v, str(k)): {a: x for a, x in d.items() if a not in drop_edge}
            for u, v, k, d in got.edges(keys=True, data=True)}
    assert have == want


def test_graphml_round_trip(built, tmp_path):
    report = do_export(built, "graphml", tmp_path / "s.graphml")
    assert report.nodes == built[2].number_of_nodes() > 10
    back = nx.read_graphml(tmp_path / "s.graphml", force_multigraph=True)
    assert_same(ex.flatten(built[2]), back, drop_edge=("id",))


def test_gexf_round_trip(built, tmp_path):
    do_export(built, "gexf", tmp_path / "s.gexf")
    back = nx.read_gexf(tmp_path / "s.gexf")
    expected = ex.gexf_ready(built[2])
    for *_, data in expected.edges(data=True):
        data.pop("id")
    assert_same(expected, back, drop_edge=("id", "networkx_key"))
    assert any("sentence" in d and "sentence_start" in d for *_, d in back.edges(data=True))


def test_json_round_trip_and_meta(built, tmp_path):
    do_export(built, "json", tmp_path / "s.json", types=None)
    data = json.loads((tmp_path / "s.json").read_text())
    meta = data.pop("meta")
    back = nx.node_link_graph(data, edges="edges")
    expected = built[2].copy()
    for _, d in expected.nodes(data=True):
        for k in [k for k, v in d.items() if v is None]:
            del d[k]
    for *_, d in expected.edges(data=True):
        for k in [k for k, v in d.items() if v is None]:
            del d[k]
    assert_same(expected, back)
    import kg
    assert meta["kg_version"] == kg.__version__
    assert meta["options"]["around"] == AROUND and meta["options"]["depth"] == 2
    assert {s["path"] for s in meta["sources"]} >= {"prompts/face_parsing_makeup.txt",
                                                     "papers/hf_daily_papers_faces.txt"}


def test_csv_loads_into_sqlite_with_neo4j_headers(built, tmp_path):
    report = do_export(built, "csv", tmp_path / "neo4j")
    assert [Path(f).name for f in report.files] == ["nodes.csv", "relationships.csv"]
    conn = sqlite3.connect(":memory:")
    headers = {}
    for name in ("nodes", "relationships"):
        with open(tmp_path / "neo4j" / f"{name}.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        headers[name] = rows[0]
        conn.execute(f"CREATE TABLE {name} ({', '.join(json.dumps(h) for h in rows[0])})")
        conn.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows[1:])
    sub = built[2]
    assert headers["nodes"][:3] == [":ID", ":LABEL", "name"]
    assert headers["relationships"][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "pagerank:float" in headers["nodes"] and "aliases:string[]" in headers["nodes"]
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] == sub.number_of_nodes()
    assert conn.execute("SELECT count(*) FROM relationships").fetchone()[0] == sub.number_of_edges()
    assert conn.execute('SELECT count(*) FROM relationships WHERE ":START_ID" NOT IN (SELECT ":ID" FROM nodes) '
                        'OR ":END_ID" NOT IN (SELECT ":ID" FROM nodes)').fetchone()[0] == 0
    assert conn.execute('SELECT count(DISTINCT ":ID") FROM nodes').fetchone()[0] == sub.number_of_nodes()


def corpus_urls() -> set[str]:
    return {u.rstrip(".,;") for f in (PROJECT / "corpus").rglob("*") if f.is_file()
            for u in URL_RE.findall(f.read_text(encoding="utf-8", errors="replace"))}


def test_markdown_has_every_paper_link_and_no_other_url(built, tmp_path):
    do_export(built, "markdown", tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text()
    papers = [d for _, d in built[2].nodes(data=True) if d["type"] == "paper"]
    assert papers
    for data in papers:
        assert data["label"] in text
        for link in node_links(data):
            assert link in text
    found = {u.rstrip(".,;") for u in URL_RE.findall(text)}
    assert found, "the face-parsing neighbourhood has papers with links"
    assert found <= corpus_urls()
    if any(not node_links(d) for d in papers):
        assert "no link in the corpus" in text


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_figures_are_valid_files(built, tmp_path, fmt):
    path = tmp_path / f"s.{fmt}"
    do_export(built, fmt, path)
    data = path.read_bytes()
    assert len(data) > 20_000
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"


def test_a_figure_reports_the_nodes_it_draws(built, tmp_path):
    """The whole graph has hundreds of nodes; a figure draws the most central 60 and says 60, not the whole count."""
    from kg import api
    from kg.export import FIGURE_NODES
    from kg.graph.select import top_nodes

    report = api.export("png", tmp_path / "all.png", db_path=built[0])
    whole = built[1]
    assert whole.number_of_nodes() > FIGURE_NODES and report.nodes == FIGURE_NODES
    assert report.edges == whole.subgraph(top_nodes(whole, FIGURE_NODES)).number_of_edges()
    assert report.left_out == whole.number_of_nodes() - FIGURE_NODES
    # --max-nodes draws that many
    assert api.export("svg", tmp_path / "more.svg", db_path=built[0], max_nodes=100).nodes == 100


def test_the_cli_says_what_a_figure_left_out(built, tmp_path, runner):
    result = runner.invoke(cli, ["export", "--format", "svg", "-o", str(tmp_path / "all.svg"), "--db", str(built[0])])
    assert result.exit_code == 0 and "the figure draws the 60 most central node(s)" in result.stderr


def test_force_overwrites(built, tmp_path):
    path = tmp_path / "s.json"
    path.write_text("old")
    do_export(built, "json", path, force=True)
    assert json.loads(path.read_text())["meta"]


def test_a_report_kg_wrote_is_replaced_without_force_and_a_users_file_is_not(built, tmp_path):
    # a fresh-clone user ran the README's report example after --help's, which had written report.md
    from kg.errors import OutputExists

    path = tmp_path / "report.md"
    do_export(built, "markdown", path)
    do_export(built, "markdown", path)
    assert path.read_text(encoding="utf-8").startswith("# ")
    mine = tmp_path / "mine.md"
    mine.write_text("# my notes\n", encoding="utf-8")
    with pytest.raises(OutputExists, match="not kg's output"):
        do_export(built, "markdown", mine)
    assert mine.read_text(encoding="utf-8") == "# my notes\n"


def test_question_exports_the_answer_subgraph(built, tmp_path):
    from kg import api

    path = tmp_path / "q.md"
    api.export("markdown", path, db_path=built[0], question="how do I segment faces with makeup?")
    text = path.read_text()
    assert "face parsing" in text and "```mermaid" in text


# --------------------------------------------------------------------------- bad input, through the CLI

@pytest.fixture
def ingested_only(tmp_path):
    from kg import api

    db_path = tmp_path / "ingested.db"
    api.ingest([str(PROJECT / "corpus")], db_path=db_path)
    return db_path


BAD = [
    (["--around", "no such node anywhere", "-o", "{tmp}/x.json"], "no node matches"),
    (["--around", AROUND, "-o", "{tmp}/missing/x.json"], "does not exist"),
    (["--around", AROUND, "-o", "{tmp}/exists.json"], "already exists — use --force"),
    (["--around", AROUND, "-o", "{tmp}/exists.json/x.json"], "is not a folder"),
    (["--around", AROUND, "-o", "{tmp}"], "is a folder"),
    (["--types", "widget", "-o", "{tmp}/x.json"], "unknown node type"),
    (["--types", "paper", "--db", "{ingested}", "-o", "{tmp}/x.json"], "the subgraph is empty"),
    (["--around", AROUND, "--db", "{tmp}/none.db", "-o", "{tmp}/x.json"], "no knowledge base"),
    (["--question", "", "-o", "{tmp}/x.json"], "the question is empty"),
    (["--question", "face parsing", "--prompt", "face_parsing_makeup", "-o", "{tmp}/x.json"],
     "give --question or --prompt, not both"),
]


@pytest.mark.parametrize("args, message", BAD)
def test_bad_input_is_one_clear_line(built, ingested_only, tmp_path, runner, args, message):
    (tmp_path / "exists.json").write_text("{}")
    args = [a.format(tmp=tmp_path, ingested=ingested_only) for a in args]
    if "--db" not in args:
        args += ["--db", str(built[0])]
    result = runner.invoke(cli, ["export", "--format", "json"] + args)
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.json").exists()


def test_unwritable_folder(built, tmp_path, runner):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        result = runner.invoke(cli, ["export", "--db", str(built[0]), "--around", AROUND, "--format", "svg",
                                     "-o", str(locked / "x.svg")])
        assert result.exit_code != 0 and "not writable" in result.output
    finally:
        locked.chmod(0o700)


def test_cli_export_writes_and_reports(built, tmp_path, runner):
    result = runner.invoke(cli, ["export", "--db", str(built[0]), "--around", "task:face parsing", "--depth", "1",
                                 "--types", "paper,task", "--format", "graphml", "-o", str(tmp_path / "s.graphml")])
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(tmp_path / "s.graphml")
    assert {d["type"] for _, d in back.nodes(data=True)} <= {"paper", "task"}
    assert "wrote" in result.output


def test_export_to_standard_output_writes_no_file(built, runner, tmp_path, monkeypatch):
    # a fresh-clone user's "kg export --format json -o -" wrote a 592 KB file named "-"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["export", "--db", str(built[0]), "--around", "task:face parsing", "--format", "json",
                                 "-o", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nodes"] and not list(tmp_path.iterdir())
    result = runner.invoke(cli, ["export", "--db", str(built[0]), "--format", "csv", "-o", "-"])
    assert result.exit_code == 2 and "standard output" in result.output and not list(tmp_path.iterdir())


def test_a_reports_why_column_reads_an_edge_into_the_paper_from_its_source(built, runner, tmp_path):
    # a fresh-clone user read "cites face_completion_pores" under a paper that the prompt lists (prompt -cites-> paper)
    report = tmp_path / "r.md"
    result = runner.invoke(cli, ["export", "--db", str(built[0]), "--around", "prompt:2", "--format", "markdown",
                                 "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert "cites it |" in text and "| cites face_" not in text


def test_a_spreadsheet_export_has_plain_headers_and_a_byte_order_mark(built, tmp_path):
    import csv

    do_export(built, "spreadsheet", tmp_path / "sheet")
    nodes = (tmp_path / "sheet" / "nodes.csv").read_bytes()
    assert nodes.startswith(b"\xef\xbb\xbf")  # Excel reads the file as UTF-8
    header = next(csv.reader(open(tmp_path / "sheet" / "nodes.csv", encoding="utf-8-sig")))
    assert header[:3] == ["id", "type", "name"] and not any(":" in name for name in header)
    header = next(csv.reader(open(tmp_path / "sheet" / "relationships.csv", encoding="utf-8-sig")))
    assert header[:4] == ["source", "target", "relation", "key"] and not any(":" in name for name in header)
