"""kg.viz and kg graph: the page's data, offline and escaped HTML (no browser here); selection: test_graph_select."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg import viz

# Any src/href of a script, stylesheet, image or font, and CSS url(), pointing at http(s).
REMOTE_RESOURCE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)"""
                             r"""|(?:@import\s+["']?(?:https?:)?//)""", re.IGNORECASE)
XSS_TITLE = '<script>alert(1)</script> " onmouseover="alert(2)'


def small_graph() -> nx.MultiDiGraph:
    """A hand-made graph of the GRAPH_API.md shape."""
    G = nx.MultiDiGraph()
    nodes = [
        ("task:face parsing", "task", "face parsing", ["face segmentation", "facial parsing"], 0.30),
        ("task:makeup transfer", "task", "makeup transfer", [], 0.10),
        ("model:segformer", "model", "SegFormer", ["Segformer"], 0.15),
        ("dataset:celebamask-hq", "dataset", "CelebAMask-HQ", [], 0.12),
        ("paper:1", "paper", XSS_TITLE, [], 0.20),
        ("paper:2", "paper", "EasyPortrait: Face Parsing and Portrait Segmentation Dataset", [], 0.08),
        ("metric:miou", "metric", "mIoU", [], 0.05),
    ]
    for key, kind, label, aliases, rank in nodes:
        G.add_node(key, type=kind, label=label, name=label, aliases=aliases, mentions=1, pagerank=rank, degree=0)
    G.nodes["paper:1"].update(title=XSS_TITLE, arxiv_id="2303.11225", url="https://arxiv.org/abs/2303.11225",
                              github="https://github.com/example/repo")
    G.nodes["paper:2"].update(title=G.nodes["paper:2"]["label"], arxiv_id=None, url=None, github=None)
    G.nodes["model:segformer"].update(url="https://huggingface.co/nvidia/segformer")
    edges = [
        (1, "paper:1", "task:face parsing", "addresses", "We <b>parse</b> faces & more."),
        (2, "paper:1", "model:segformer", "uses", "We fine-tune SegFormer."),
        (3, "paper:2", "dataset:celebamask-hq", "uses", "Compared with CelebAMask-HQ."),
        (4, "paper:2", "task:face parsing", "addresses", "A face parsing dataset."),
        (5, "model:segformer", "task:face parsing", "used_for", ""),
        (6, "paper:2", "metric:miou", "mentions", "mIoU of 0.9."),
        (7, "paper:1", "task:face parsing", "mentions", "face parsing again"),
    ]
    for key, src, dst, relation, sentence in edges:
        G.add_edge(src, dst, key=key, relation=relation, kind="EXTRACTED", rule="test", doc=src, field="abstract",
                   sentence=sentence, start=0, end=len(sentence), weight=1.0)
    G.add_node("task:lonely", type="task", label="lonely task", aliases=[], mentions=1, pagerank=0.0, degree=0)
    return G


def test_page_data_shape_links_and_evidence():
    data = viz.page_data(small_graph())
    assert [n["id"] for n in data["nodes"]] == sorted(small_graph().nodes)
    assert len(data["edges"]) == 7 and len({e["id"] for e in data["edges"]}) == 7
    paper = next(n for n in data["nodes"] if n["id"] == "paper:1")
    assert paper["type"] == "paper" and paper["shape"] == "square"
    assert paper["links"] == ["https://arxiv.org/abs/2303.11225", "https://github.com/example/repo"]
    assert paper["link"] == "https://arxiv.org/abs/2303.11225"
    assert paper["evidence"] == "We <b>parse</b> faces & more."  # not a "mentions" edge
    assert next(n for n in data["nodes"] if n["id"] == "paper:2")["link"] == ""
    assert next(n for n in data["nodes"] if n["id"] == "task:face parsing")["link"] == ""  # tasks do not open
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["task:face parsing"] > sizes["paper:1"] > sizes["task:lonely"]
    assert data["positioned"] and all("x" in n and "y" in n for n in data["nodes"])
    assert {t["type"] for t in data["types"]} == {"task", "model", "dataset", "paper", "metric"}
    assert {r["relation"]: r["count"] for r in data["relations"]}["addresses"] == 2
    assert viz.page_data(small_graph()) == data  # deterministic, layout included


def test_page_json_is_inert_inside_a_script_element():
    text = viz.page_json({"t": XSS_TITLE + " </script><!-- & \u2028"})
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text)["t"] == XSS_TITLE + " </script><!-- & \u2028"


def test_written_page_is_self_contained_and_escaped(tmp_path):
    (tmp_path / "sub").mkdir()  # kg does not create folders (issue 16)
    path = viz.write_html(small_graph(), tmp_path / "sub" / "g.html", title="<i>t</i>")
    page = path.read_text(encoding="utf-8")
    assert not REMOTE_RESOURCE.search(page)
    assert "<link" not in page.lower() and "cdn" not in page.lower().replace("cdnresources", "")
    assert "<script>alert(1)" not in page and "alert(2)" in page  # present only as escaped JSON text
    assert "<title>&lt;i&gt;t&lt;/i&gt;</title>" in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)  # every script inline
    body = page.split("</head>", 1)[1]
    assert re.findall(r"<script[^>]*>", body) == ['<script type="application/json" id="kg-data">', "<script>"]
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["nodes"]) == 8 and len(data["edges"]) == 7
    assert any(n["name"] == XSS_TITLE for n in data["nodes"])
    assert ".innerHTML" not in viz._APP  # text goes on the page through textContent only


def test_remote_resource_pattern_catches_cdn_links():
    assert REMOTE_RESOURCE.search('<script src="https://cdn.jsdelivr.net/x.js"></script>')
    assert REMOTE_RESOURCE.search("<link href='//cdnjs.cloudflare.com/a.css' rel=stylesheet>")
    assert REMOTE_RESOURCE.search("body { background: url(https://x/y.png) }")
    assert not REMOTE_RESOURCE.search('{"links":["https://arxiv.org/abs/2303.11225"]}')


def test_empty_graph_is_an_error(tmp_path):
    from kg.errors import EmptySubgraph

    with pytest.raises(EmptySubgraph, match="kg build"):
        viz.write_html(nx.MultiDiGraph(), tmp_path / "g.html")


def test_big_graphs_settle_in_the_browser():
    G = nx.MultiDiGraph()
    for i in range(viz.PRECOMPUTE_LAYOUT_UP_TO + 1):
        G.add_node(f"task:{i}", type="task", label=str(i), aliases=[], pagerank=0.0)
    data = viz.page_data(G)
    assert not data["positioned"] and data["stabilization"] > 0


# real data: a knowledge base built from the embedded corpus

@pytest.fixture(scope="module")
def built_db(built_corpus_db):
    return built_corpus_db


def selected(db_path, **options):
    from kg import api
    from kg.graph import select

    return select(api.open_database(db_path), **options).graph


def page_counts(path):
    page = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    return len(data["nodes"]), len(data["edges"])


def test_cli_graph_whole_corpus_capped(built_db, tmp_path, runner):
    from kg.cli import cli

    out = tmp_path / "g.html"
    result = runner.invoke(cli, ["graph", "--db", str(built_db), "-o", str(out), "--max-nodes", "50"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    assert "left out" in result.stderr and "showing 50" in result.stderr
    expected = selected(built_db, max_nodes=50)
    assert page_counts(out) == (50, expected.number_of_edges())
    assert not REMOTE_RESOURCE.search(out.read_text(encoding="utf-8"))


def test_cli_graph_around_and_types(built_db, tmp_path, runner):
    from kg.cli import cli

    out = tmp_path / "g.html"
    result = runner.invoke(cli, ["graph", "--db", str(built_db), "-o", str(out), "--around", "face parsing",
                                 "--depth", "1", "--types", "task,paper"])
    assert result.exit_code == 0, result.output
    expected = selected(built_db, around="face parsing", depth=1, types="task,paper")
    assert page_counts(out) == (expected.number_of_nodes(), expected.number_of_edges())
    assert "task:face parsing" in expected
    assert {t for _, t in expected.nodes(data="type")} <= {"task", "paper"}


@pytest.mark.parametrize("args, message", [
    (["--around", "zzzz no node"], "no node matches 'zzzz no node'"),
    (["--types", "planet"], "unknown node type(s) planet"),
])
def test_cli_graph_bad_input(built_db, tmp_path, runner, args, message):
    from kg.cli import cli

    result = runner.invoke(cli, ["graph", "--db", str(built_db), "-o", str(tmp_path / "g.html"), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_api_graph_html_returns_the_path(built_db, tmp_path):
    from kg import api

    notes = []
    path = api.graph_html(tmp_path / "api.html", db_path=built_db, max_nodes=20, report=notes.append)
    assert path == tmp_path / "api.html" and path.exists()
    assert notes and "left out" in notes[0]
    view = viz.notebook_view(path)
    assert "srcdoc=" in view.data and "<script>" not in view.data  # the page is an escaped attribute
