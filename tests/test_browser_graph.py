"""The HTML graph in a real browser: headless Debian chromium driven by playwright, network blocked.

Never runs `playwright install`: it uses the system chromium (apt package
`chromium`). Without it the tests skip on a developer machine and FAIL in CI
(env CI set), where `.ci/run` installs it.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
XSS_TITLE = '<script>alert(1)</script> Face Parsing Under Makeup " onmouseover="alert(2)'


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium, or set KG_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class LoadedPage:
    """A page opened from a file with every non-file request aborted and recorded."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.opened: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.route("**/*", self._route)
        self.context.on("request", lambda request: None if request.url.startswith(("file:", "data:"))
                        else self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgStable === true", timeout=20_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def counts(self) -> tuple[int, int]:
        return tuple(self.page.evaluate(
            "[kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]"))

    def drawn_counts(self) -> tuple[int, int]:
        return tuple(self.page.evaluate(
            "[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"))

    def search(self, text: str) -> None:
        self.page.fill("#kg-search", text)
        self.page.press("#kg-search", "Enter")

    def selected(self) -> list[str]:
        return self.page.evaluate("kgNetwork.getSelectedNodes()")

    def hover(self, node: str) -> str:
        """Move the mouse onto `node` and return the tooltip's text."""
        x, y = self.page.evaluate("""(id) => {
            const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
            const r = document.getElementById('kg-graph').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top]; }""", node)
        self.page.mouse.move(x - 30, y - 30)
        self.page.mouse.move(x, y, steps=5)
        self.page.wait_for_function(
            "document.querySelector('div.vis-tooltip') && "
            "getComputedStyle(document.querySelector('div.vis-tooltip')).visibility === 'visible'", timeout=5_000)
        return self.page.inner_text("div.vis-tooltip")

    def distinct_colours(self) -> int:
        from PIL import Image

        image = Image.open(io.BytesIO(self.page.screenshot())).convert("RGB")
        return len(image.getcolors(maxcolors=image.width * image.height))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(path: Path) -> LoadedPage:
        pages.append(LoadedPage(browser, path))
        return pages[-1]
    yield opener
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    from kg import api

    db_path = tmp_path_factory.mktemp("browser") / "kg.db"
    api.build([str(PROJECT / "corpus")], db_path=db_path)
    return db_path


def expected_counts(db_path, **selection) -> tuple[int, int]:
    from kg import api
    from kg.graph import select

    graph = select(api.open_database(db_path), **selection).graph
    return graph.number_of_nodes(), graph.number_of_edges()


def run_cli(*args) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def check_clean(loaded: LoadedPage) -> None:
    assert loaded.requests == [], "the page tried to reach the network"
    assert loaded.errors == [], "console errors"
    assert loaded.dialogs == []


def test_kg_graph_page_offline_counts_search_screenshot(corpus_db, tmp_path, open_page):
    out = tmp_path / "graph.html"
    run_cli("graph", "--db", corpus_db, "-o", out)
    loaded = open_page(out)
    check_clean(loaded)
    expected = expected_counts(corpus_db, max_nodes=300)
    assert loaded.counts() == expected
    assert loaded.drawn_counts() == expected
    loaded.search("face parsing")
    assert loaded.selected() == ["task:face parsing"]
    assert "face parsing" in loaded.page.inner_text("#kg-info")
    assert loaded.page.evaluate("kgNetwork.getScale()") == pytest.approx(1.3)
    assert loaded.distinct_colours() > 50
    tooltip = loaded.hover("task:face parsing")
    assert "face parsing" in tooltip and "task" in tooltip
    # the type filter hides nodes without removing them from the network
    loaded.page.uncheck('#kg-types input[data-type="paper"]')
    hidden = loaded.page.evaluate("kgNodes.get({filter: n => n.hidden}).length")
    assert hidden == loaded.page.evaluate("kgData.nodes.filter(n => n.type === 'paper').length") > 0
    check_clean(loaded)


def test_a_search_that_finds_nothing_says_so_and_how_to_draw_a_node_left_out(corpus_db, tmp_path, open_page):
    out = tmp_path / "graph.html"
    run_cli("graph", "--db", corpus_db, "-o", out, "--max-nodes", "20")
    loaded = open_page(out)
    drawn = loaded.page.evaluate("kgData.nodes.map(n => n.name)")
    import sqlite3

    left_out = next(title for (title,) in sqlite3.connect(corpus_db).execute("SELECT title FROM papers ORDER BY id")
                    if title not in drawn)
    loaded.page.fill("#kg-search", left_out)
    said = loaded.page.inner_text("#kg-results")
    assert f"No node on this page matches \u201c{left_out}\u201d" in said and f"kg graph --around '{left_out}'" in said
    loaded.page.fill("#kg-search", "it's $HOME")  # quoted for a shell as one word
    assert "kg graph --around 'it'\\''s $HOME'" in loaded.page.inner_text("#kg-results")
    loaded.page.fill("#kg-search", drawn[0])
    assert "No node" not in loaded.page.inner_text("#kg-results")
    check_clean(loaded)


def test_clicking_a_paper_opens_its_link_only_when_it_has_one(corpus_db, tmp_path, open_page):
    out = tmp_path / "graph.html"
    run_cli("graph", "--db", corpus_db, "-o", out, "--types", "paper,task", "--max-nodes", "60")
    loaded = open_page(out)
    loaded.page.evaluate("() => { window.__opened = []; window.open = (url) => { window.__opened.push(url); return null; }; }")
    with_link = loaded.page.evaluate("(kgData.nodes.find(n => n.type === 'paper' && n.link) || {}).id")
    without = loaded.page.evaluate("(kgData.nodes.find(n => n.type === 'task') || {}).id")
    for node in (with_link, without):
        if node:
            loaded.page.evaluate("(id) => kgFocus(id)", node)
            box = loaded.page.locator("#kg-graph").bounding_box()
            loaded.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    opened = loaded.page.evaluate("window.__opened")
    if with_link:
        assert opened == [loaded.page.evaluate("(id) => kgData.nodes.find(n => n.id === id).link", with_link)]
        assert opened[0].startswith(("https://", "http://"))
    check_clean(loaded)


def test_kg_ask_graph_page(corpus_db, tmp_path, open_page):
    from kg.cli import cli

    if "ask" not in cli.commands:
        pytest.xfail("kg ask does not exist yet, so kg ask --graph cannot be tested")
    if not any("--graph" in p.opts for p in cli.commands["ask"].params):
        pytest.xfail("kg ask has no --graph option yet")
    out = tmp_path / "answer.html"
    run_cli("ask", "--db", corpus_db, "segment facial parts under heavy makeup", "--graph", out)
    loaded = open_page(out)
    check_clean(loaded)
    page = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert loaded.counts() == (len(data["nodes"]), len(data["edges"]))
    from kg import api

    db = api.open_database(corpus_db)
    subgraph = api.answer_subgraph(api.ask("segment facial parts under heavy makeup", db=db), db)
    assert loaded.counts() == loaded.drawn_counts() == (subgraph.number_of_nodes(), subgraph.number_of_edges())
    assert "question" in data["nodes"][0]["id"] or any(n["type"] == "question" for n in data["nodes"])
    first = data["nodes"][0]["id"]
    loaded.search(first)
    assert loaded.selected() == [first]
    assert loaded.distinct_colours() > 20


DAILY_PAPERS = """Daily Papers

Aug 1

{title}

We present FaceXSS, a new model for face parsing under heavy makeup. FaceXSS is trained on the CelebAMask-HQ dataset and improves face parsing accuracy; we also evaluate makeup transfer. Our code uses SegFormer as the backbone.

A Plain Paper About Face Parsing

Face parsing segments facial parts into regions. We propose PlainNet, a model for face parsing evaluated on the CelebAMask-HQ dataset with mIoU.
"""


def test_hostile_title_shows_as_text_and_runs_nothing(tmp_path, open_page):
    from kg import api

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "daily.txt").write_text(DAILY_PAPERS.format(title=XSS_TITLE), encoding="utf-8")
    db_path = tmp_path / "xss.db"
    api.build([str(corpus)], db_path=db_path)
    out = tmp_path / "xss.html"
    run_cli("graph", "--db", db_path, "-o", out)
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    loaded = open_page(out)
    node = loaded.page.evaluate("(t) => (kgData.nodes.find(n => n.name === t) || {}).id", XSS_TITLE)
    assert node, "the crafted paper should be a node of the graph"
    loaded.page.fill("#kg-search", "alert")
    assert XSS_TITLE in loaded.page.inner_text("#kg-results")
    loaded.page.press("#kg-search", "Enter")
    assert loaded.selected() == [node]
    assert XSS_TITLE in loaded.page.inner_text("#kg-info")
    tooltip = loaded.hover(node)
    assert XSS_TITLE in tooltip
    loaded.page.wait_for_timeout(300)
    assert loaded.dialogs == [], "corpus text ran as code"
    assert loaded.page.evaluate("document.querySelectorAll('[onmouseover]').length") == 0
    assert loaded.page.evaluate("document.scripts.length") == 3
    check_clean(loaded)


def page_neighbours(data: dict, node: str, depth: int) -> set[str]:
    """The nodes within `depth` hops of `node` over the page's own edges (either direction)."""
    near, frontier = {node}, {node}
    for _ in range(depth):
        frontier = {e["to"] if e["from"] in frontier else e["from"] for e in data["edges"]
                    if e["from"] in frontier or e["to"] in frontier} - near
        near |= frontier
    return near


def test_selecting_a_node_brings_its_neighbourhood_forward(corpus_db, tmp_path, open_page):
    out = tmp_path / "graph.html"
    run_cli("graph", "--db", corpus_db, "-o", out)
    loaded = open_page(out)
    data = loaded.page.evaluate("kgData")
    entry = loaded.page.eval_on_selector_all("#kg-entry li", "items => items.map(li => li.dataset.id)")
    assert entry and all(key.startswith("task:") for key in entry)
    assert loaded.page.inner_text("#kg-communities").strip()
    loaded.search("face parsing")
    assert loaded.selected() == ["task:face parsing"]
    for depth in (1, 2):
        loaded.page.select_option("#kg-depth", str(depth))
        near = page_neighbours(data, "task:face parsing", depth)
        assert set(loaded.page.evaluate("kgHighlighted")) == near
        faded = set(loaded.page.evaluate("kgNodes.get({filter: n => n.faded}).map(n => n.id)"))
        assert faded == {n["id"] for n in data["nodes"]} - near and faded
    # the side panel: each edge's relation, kind and rule, with its evidence sentence (as text)
    panel = loaded.page.inner_text("#kg-info")
    incident = [e for e in data["edges"] if "task:face parsing" in (e["from"], e["to"]) and e["sentence"]]
    assert incident and any(f"\u201c{e['sentence']}\u201d" in panel for e in incident)
    assert "EXTRACTED" in panel and "rule " in panel
    # re-centre on a neighbour; "Show all" clears the focus
    neighbour = sorted(page_neighbours(data, "task:face parsing", 1) - {"task:face parsing"})[0]
    loaded.page.evaluate("(id) => kgCentre(id)", neighbour)
    assert loaded.selected() == [neighbour]
    position = loaded.page.evaluate("(id) => kgNetwork.getPositions([id])[id]", neighbour)
    view = loaded.page.evaluate("kgNetwork.getViewPosition()")
    assert view["x"] == pytest.approx(position["x"], abs=1) and view["y"] == pytest.approx(position["y"], abs=1)
    loaded.page.click("#kg-reset")
    assert loaded.page.evaluate("kgNodes.get({filter: n => n.faded}).length") == 0
    check_clean(loaded)
    loaded.search("face parsing")
    shot = tmp_path / "graph.png"
    loaded.page.screenshot(path=str(shot))
    if os.environ.get("KG_UPDATE_SCREENSHOT"):  # refresh the README's picture from this very test
        shutil.copyfile(shot, PROJECT / "docs" / "graph.png")


def test_relation_filter_hides_edges_and_their_neighbours_step_back(corpus_db, tmp_path, open_page):
    out = tmp_path / "graph.html"
    run_cli("graph", "--db", corpus_db, "-o", out, "--around", "face parsing", "--depth", "2")
    loaded = open_page(out)
    loaded.page.uncheck('#kg-relations input[data-relation="addresses"]')
    hidden = loaded.page.evaluate("kgEdges.get({filter: e => e.hidden}).length")
    assert hidden == loaded.page.evaluate("kgData.edges.filter(e => e.relation === 'addresses').length") > 0
    loaded.page.evaluate("kgFocus('task:face parsing')")
    near = set(loaded.page.evaluate("kgHighlighted"))
    data = loaded.page.evaluate("kgData")
    kept = {"edges": [e for e in data["edges"] if e["relation"] != "addresses"]}
    assert near == page_neighbours(kept, "task:face parsing", 1)
    check_clean(loaded)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, shared_dir):
    """The 12,549-paper arXiv sample, built; in CI, or locally with KG_SAMPLE_BROWSER=1 (about a minute)."""
    if not (os.environ.get("CI") or os.environ.get("KG_SAMPLE_BROWSER")):
        pytest.skip("set KG_SAMPLE_BROWSER=1 to build the 12,549-paper sample and open its page (about a minute)")
    from kg import api

    db_path = tmp_path_factory.mktemp("sample_page") / "kg.db"
    embed_model = os.environ.get("KG_EMBED_MODEL")
    os.environ["KG_EMBED_MODEL"] = "none"  # the page needs the graph, not sentence vectors (minutes to embed)
    try:
        api.build([shared_dir / "data" / "arxiv_cs_sample.jsonl"], db_path=db_path, jobs=2)
    finally:
        if embed_model is None:
            del os.environ["KG_EMBED_MODEL"]
        else:
            os.environ["KG_EMBED_MODEL"] = embed_model
    return db_path


def test_the_arxiv_sample_page_is_bounded_connected_and_focusable(sample_db, tmp_path, open_page):
    out = tmp_path / "sample.html"
    run_cli("graph", "--db", sample_db, "-o", out)
    assert out.stat().st_size < 5_000_000
    loaded = open_page(out)
    check_clean(loaded)
    data = loaded.page.evaluate("kgData")
    assert loaded.counts() == expected_counts(sample_db, max_nodes=300) and len(data["nodes"]) == 300
    assert data["notes"] and "--around" in data["notes"][0]
    assert loaded.page.evaluate("window.kgStableAt") < 5_000  # settled soon after navigation, even on a loaded CI box
    task = data["entryTasks"][0]
    loaded.page.click(f'#kg-entry li[data-id="{task}"]')
    assert loaded.selected() == [task]
    assert set(loaded.page.evaluate("kgHighlighted")) == page_neighbours(data, task, 1)
    assert "\u201c" in loaded.page.inner_text("#kg-info")  # an evidence sentence in the panel
    check_clean(loaded)


def test_a_dataset_panel_shows_its_results_with_their_sentences(corpus_db, tmp_path, open_page):
    import sqlite3

    from kg.viz import PANEL_RESULTS

    conn = sqlite3.connect(corpus_db)
    try:
        dataset, = conn.execute("""SELECT dataset_key FROM results WHERE kind != 'other' AND dataset_key IS NOT NULL
            GROUP BY dataset_key ORDER BY count(*) DESC, dataset_key LIMIT 1""").fetchone()
        stored = [(" ".join(s.split()), v) for s, v in conn.execute(
            "SELECT sentence, value FROM results WHERE dataset_key = ? AND kind != 'other'", (dataset,))]
    finally:
        conn.close()
    out = tmp_path / "graph.html"
    run_cli("graph", "--db", corpus_db, "--around", dataset, "-o", out)
    loaded = open_page(out)
    assert loaded.page.evaluate("(id) => kgFocus(id)", dataset)
    panel = loaded.page.inner_text("#kg-info")
    assert f"{len(stored)} reported result(s)" in panel
    assert any(f"\u201c{sentence}\u201d" in panel and value in panel for sentence, value in stored)
    rows = loaded.page.eval_on_selector_all("#kg-info .kg-result", "rows => rows.length")
    assert rows == min(len(stored), PANEL_RESULTS)
    check_clean(loaded)
