"""How nodes and edges look and which links are shown: one table for the HTML page and every export.

The graph page (:mod:`kg.viz`), the Mermaid diagram and the PNG/SVG figure
(:mod:`kg.export`) all colour a node by its type from :data:`NODE_STYLE`, and
print only the links :func:`node_links` gives: the ``url`` and ``github`` a node
holds exactly as the corpus stored them, and for a paper whose arXiv id the corpus holds but no
arxiv.org link, that id's ``https://arxiv.org/abs/`` page — no other link is built.

>>> node_style("task").colour, node_style("task").shape
('#d62728', 'diamond')
>>> node_style("widget") == OTHER_STYLE
True
>>> node_links({"url": "https://arxiv.org/abs/2303.11225", "github": "https://github.com/a/b", "arxiv_id": "2303.11225"})
['https://arxiv.org/abs/2303.11225', 'https://github.com/a/b']
>>> node_links({"arxiv_id": "2303.11225", "github": "https://github.com/a/b"}), node_links({"url": "javascript:alert(1)"})
(['https://arxiv.org/abs/2303.11225', 'https://github.com/a/b'], [])
"""
from __future__ import annotations

from typing import NamedTuple


class NodeStyle(NamedTuple):
    """A node type's colour, its vis-network shape (one that honours `size`) and its legend symbol."""

    colour: str
    shape: str
    symbol: str


# The order is the legend's order.
NODE_STYLE = {
    "question": NodeStyle("#111111", "star", "\u2605"),
    "task": NodeStyle("#d62728", "diamond", "\u25c6"),
    "model": NodeStyle("#ff7f0e", "dot", "\u25cf"),
    "dataset": NodeStyle("#2ca02c", "triangle", "\u25b2"),
    "paper": NodeStyle("#1f77b4", "square", "\u25a0"),
    "metric": NodeStyle("#9467bd", "hexagon", "\u2b22"),
    "code": NodeStyle("#7f7f7f", "dot", "\u25cf"),
    "prompt": NodeStyle("#8c564b", "triangleDown", "\u25bc"),
    "result": NodeStyle("#17becf", "dot", "\u25cf"),
}
OTHER_STYLE = NodeStyle("#bcbd22", "dot", "\u25cf")
NODE_TYPES = tuple(NODE_STYLE)

RELATION_COLOURS = {
    "proposes": "#e377c2", "addresses": "#d62728", "introduces": "#2ca02c", "uses": "#ff7f0e",
    "used_for": "#bcbd22", "subtask_of": "#8c564b", "mentions": "#c7c7c7", "recommends": "#17becf",
    "cites": "#1f77b4", "asks_about": "#9467bd", "implemented_at": "#7f7f7f",
    "matches": "#111111", "full_text": "#555555", "reports": "#17becf", "on": "#2ca02c", "metric": "#9467bd",
}
OTHER_RELATION_COLOUR = "#aaaaaa"
LINK_FIELDS = ("url", "github", "corpus_link")  # corpus_link: a code/project link read in the text
# Communities on the graph page: one colour each for the largest, in order; the rest share the last.
COMMUNITY_COLOURS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#ee7733", "#009988",
                     "#cc3311", "#33bbee", "#997700", "#6f4e7c")
OTHER_COMMUNITY_COLOUR = "#b0b0b0"
FADED_COLOUR = "#e4e4e4"  # nodes and edges outside the selected neighbourhood


def node_style(node_type) -> NodeStyle:
    """The style of a node type; :data:`OTHER_STYLE` for a type the table does not name."""
    return NODE_STYLE.get(str(node_type), OTHER_STYLE)


def relation_colour(relation) -> str:
    """The colour of an edge's relation."""
    return RELATION_COLOURS.get(str(relation), OTHER_RELATION_COLOUR)


def type_order(node_type) -> tuple[int, str]:
    """Sort key putting node types in the legend's order, unknown types last by name."""
    node_type = str(node_type)
    return (NODE_TYPES.index(node_type) if node_type in NODE_STYLE else len(NODE_TYPES), node_type)


def community_colour(rank: int) -> str:
    """The colour of the community ranked `rank` (0: the largest)."""
    return COMMUNITY_COLOURS[rank] if rank < len(COMMUNITY_COLOURS) else OTHER_COMMUNITY_COLOUR


def node_links(data: dict) -> list[str]:
    """The links to show for a node: its stored ``url`` then ``github``, http(s) only, by :func:`shown_links`; a paper's
    arXiv id that none of them links gives its abstract page, right after the stored ``url``."""
    links = [link for link in (str(data[name]) for name in LINK_FIELDS if data.get(name))
             if link.startswith(("http://", "https://"))]
    if data.get("arxiv_id") and not any(link_page(link).startswith("arxiv.org/") for link in links):
        links.insert(1 if data.get("url") in links else 0, arxiv_abs_link(data["arxiv_id"]))
    return shown_links(links)


def arxiv_abs_link(arxiv_id: str) -> str:
    """The abstract page of an arXiv id: ``arxiv_abs_link("2303.11225")`` is https://arxiv.org/abs/2303.11225."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def shown_links(urls) -> list[str]:
    """The links an output prints, in the order given, exactly as stored, each page once (the scheme,
    "www.", a trailing slash and, on GitHub, ".git" and letter case make no other page).

    >>> shown_links(["https://github.com/a/facecom", "https://github.com/a/FaceCom.git", "example.org/p"])
    ['https://github.com/a/facecom', 'example.org/p']
    """
    seen, shown = set(), []
    for url in urls:
        if link_page(url) not in seen:
            seen.add(link_page(url))
            shown.append(url)
    return shown


def link_page(url: str) -> str:
    """What tells two links to one page apart from links to two: see :func:`shown_links`.

    >>> link_page("https://www.github.com/A/FaceCom.git/") == link_page("http://github.com/a/facecom")
    True
    """
    page = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    if page.lower().startswith("github.com/"):
        page = page.lower().removesuffix(".git")
    return page
