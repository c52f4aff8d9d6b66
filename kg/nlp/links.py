"""Links in the text: URLs and identifiers, normalised and classified, with the node they belong to.

:func:`find_links` reads one raw text and returns each link as written (trailing punctuation
and unbalanced closing brackets stripped, LaTeX escapes such as ``\\_`` decoded, nothing added:
no scheme is invented for ``name.github.io``). :func:`link_kind` says what a link points at:
``code``, ``project``, ``model``, ``dataset`` or ``paper``. :func:`link_nodes` decides which
graph nodes a link in a sentence belongs to.

>>> [(link.url, link.kind) for link in find_links("Code: https://github.com/lxq1000/Faceptor. See arXiv:2303.11225.")]
[('https://github.com/lxq1000/Faceptor', 'code'), ('arXiv:2303.11225', 'paper')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("code", "project", "model", "dataset", "paper")

# A URL character, or a LaTeX-escaped one (``fm\_sam``): braces, quotes, angle brackets,
# backslashes and white space end a URL (``\href{URL}{text}``, ``<a href="URL">``).
_URL_CHAR = r"""(?:[^\s<>"'{}\\\[\]|^`]|\\[_%&#~])"""
# arXiv wraps an abstract's lines inside a URL after a dot or hyphen of its host ("https://www.idiap.\nch/paper/"),
# or after a hyphen of its path ("KVQE-\nChallengeCVPR"); a dot then a line break in the path ends a sentence
_HOST_WRAP = r"(?:[\w.-]*\w[.-]\n(?=[a-z0-9]))*"
_PATH_WRAP = rf"(?:(?<=\w-)\n(?=\w){_URL_CHAR}+)*"
_LINK = re.compile(
    rf"""(?P<url>\b(?:https?|ftp)://{_HOST_WRAP}{_URL_CHAR}+{_PATH_WRAP}"""
    rf"""|(?<![\w@/.:-])(?:www\.[\w-]+(?:\.[\w-]+)+|(?:[\w-]+\.)+git(?:hub|lab)\.io|(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|hf\.co)(?=/)){_URL_CHAR}*)"""
    r"""|(?P<arxiv>(?<![\w/.])arXiv:(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)"""
    rf"""|(?P<doi>(?<![\w/.])10\.\d{{4,9}}/{_URL_CHAR}+)""",
    re.IGNORECASE,
)
# Every match of _LINK holds one of these (a scheme, www., a known host's dot, arXiv:, a DOI's "10.");
# a text with none of them is skipped without running the pattern (most abstracts: ~50x faster).
_MARKERS = ("://", "www.", "WWW.", ".io", ".co", ".org", ".IO", ".CO", ".ORG", "iv:", "IV:", "10.")
_TRAILING = ".,;:!?'\"*"
_CLOSING = {")": "(", "]": "[", "}": "{", ">": "<"}
_LATEX_ESCAPE = re.compile(r"\\([_%&#~])")

# What a host serves, by host name (a suffix match: ``x.github.io`` is ``github.io``).
# A code host needs an owner in the path (``https://github.com/`` alone is no link to code).
HOST_KINDS = {
    "github.com": "code", "gitlab.com": "code", "bitbucket.org": "code", "gitee.com": "code",
    "codeberg.org": "code", "sourceforge.net": "code", "anonymous.4open.science": "code", "pypi.org": "code",
    "github.io": "project", "gitlab.io": "project",
    "arxiv.org": "paper", "doi.org": "paper", "openreview.net": "paper", "aclanthology.org": "paper",
    "dl.acm.org": "paper", "ieeexplore.ieee.org": "paper", "proceedings.neurips.cc": "paper",
    "papers.nips.cc": "paper", "openaccess.thecvf.com": "paper", "semanticscholar.org": "paper",
    "zenodo.org": "dataset", "figshare.com": "dataset", "physionet.org": "dataset",
}
_CODE_HOSTS = frozenset(host for host, kind in HOST_KINDS.items() if kind == "code")
# Hugging Face: the first path segment says what the page is; an ``owner/name`` page is a model.
HUB_SECTIONS = {"datasets": "dataset", "spaces": "project", "papers": "paper", "collections": "model",
                "docs": "project", "blog": "project"}


@dataclass(frozen=True)
class FoundLink:
    """A link as written in a text: the normalised form, its kind, and where it is in the text."""

    url: str
    kind: str
    start: int
    end: int


def find_links(text: str) -> list[FoundLink]:
    """Every URL, arXiv id and DOI in `text`, normalised and classified, in text order.

    >>> [link.url for link in find_links("(see https://x.github.io/a_(b)) and genefaceplusplus.github.io.")]
    ['https://x.github.io/a_(b)', 'genefaceplusplus.github.io']
    >>> [link.url for link in find_links(r"\\href{https://github.com/a/fm\\_sam}{code} https://github.com/")]
    ['https://github.com/a/fm_sam']

    A URL that arXiv's line wrapping broke is joined again:

    >>> [link.url for link in find_links("Page: https://www.idiap.\\nch/paper/edgedoc/ and https://x.org/a.\\n3D models")]
    ['https://www.idiap.ch/paper/edgedoc/', 'https://x.org/a']
    >>> [link.url for link in find_links("See https://foo.github.io.\\nmore and https://arxiv.org.\\n3D")]
    ['https://foo.github.io', 'https://arxiv.org']
    """
    found = []
    if not any(marker in text for marker in _MARKERS):
        return found
    for match in _LINK.finditer(text):
        written = _trim(_unwrapped_too_far(match.group()))
        url = _LATEX_ESCAPE.sub(r"\1", written.replace("\n", ""))
        kind = link_kind(url)
        if kind is not None:
            found.append(FoundLink(url, kind, match.start(), match.start() + len(written)))
    return found


#: a host that ends in a top-level domain before a line break: the URL ended there ("https://foo.github.io.\nMore")
_COMPLETE_HOST = re.compile(r"[^/]*://[^/\n]*\.(?:[a-z]{2}|com|org|net|edu|gov|info|io|ai|dev|app)\.\n", re.IGNORECASE)


def _unwrapped_too_far(written: str) -> str:
    """A match cut back to its first line when its host was already whole there."""
    complete = _COMPLETE_HOST.match(written)
    return written[:complete.end() - 1] if complete else written


def without_links(text: str) -> str:
    """`text` with every link replaced by a space (so words inside a URL are not read as prose).

    >>> without_links("Code: https://github.com/a/FaceCom.")
    'Code:  .'
    """
    return _LINK.sub(lambda match: " " + match.group()[len(_trim(_unwrapped_too_far(match.group()))):], text)


def _trim(url: str) -> str:
    """Strip trailing punctuation and closing brackets that the link does not open itself."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _CLOSING and url.count(_CLOSING[last]) < url.count(last):
            url = url[:-1]
        else:
            return url
    return url


def link_kind(url: str) -> str | None:
    """``code``, ``project``, ``model``, ``dataset`` or ``paper``; None for a code host without a repository.

    >>> [link_kind(u) for u in ("https://huggingface.co/datasets/a/b", "huggingface.co/a/b", "https://x.org/p")]
    ['dataset', 'model', 'project']
    >>> link_kind("https://github.com/") is None
    True
    """
    if url.lower().startswith("arxiv:") or url.startswith("10."):
        return "paper"
    host, _, path = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE).partition("/")
    host = host.lower().split(":")[0].removeprefix("www.")
    segments = [segment for segment in path.split("/") if segment]
    if host in ("huggingface.co", "hf.co"):
        if not segments:
            return "project"
        return HUB_SECTIONS.get(segments[0].lower(), "model" if len(segments) >= 2 else "project")
    if host.startswith(("gitlab.", "git.")) and host not in HOST_KINDS:
        host = "gitlab.com"
    kind = next((HOST_KINDS[h] for h in _suffixes(host) if h in HOST_KINDS), "project")
    if host in _CODE_HOSTS and not segments:
        return None
    return kind


def _suffixes(host: str) -> list[str]:
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def link_nodes(kind: str, sentence_index: int, named: dict[int, set], proposed: dict[int, set],
               typed: dict[str, str]) -> list[str]:
    """The graph nodes (besides the paper) a link of `kind` in sentence `sentence_index` belongs to.

    `named`: sentence index → node keys named there; `proposed`: sentence index → node keys the
    paper proposes or introduces there (the title is index -1); `typed`: node key → type.
    A code, project or model link belongs to the proposed models the sentence names, else to those
    of the nearest proposal sentence before it; a dataset link likewise to proposed datasets.

    >>> link_nodes("code", 2, {2: set()}, {0: {"model:facecom"}}, {"model:facecom": "model"})
    ['model:facecom']
    >>> link_nodes("paper", 2, {}, {0: {"model:facecom"}}, {"model:facecom": "model"})
    []
    """
    wanted = {"code": "model", "project": "model", "model": "model", "dataset": "dataset"}.get(kind)
    if wanted is None:
        return []
    all_proposed = {key for keys in proposed.values() for key in keys if typed.get(key) == wanted}
    here = named.get(sentence_index, set()) & all_proposed
    if here:
        return sorted(here)
    for index in sorted((i for i in proposed if i <= sentence_index), reverse=True):
        keys = {key for key in proposed[index] if typed.get(key) == wanted}
        if keys:
            return sorted(keys)
    return []


def paper_links(doc: str, fields, quotes) -> list:
    """The :class:`kg.store.links.Link` rows of one paper read by the NLP pass.

    `fields` are its annotated fields (cleaned text and mentions), `quotes` its
    :class:`kg.store.evidence.RawQuotes`. Links are read in the raw text; each gets the sentence
    it sits in, the paper as node, and the proposed models or datasets it belongs to.
    """
    from kg.store.links import Link

    found = [(annotated, raw, find_links(raw)) for annotated in fields
             for raw in [quotes.raw(annotated.name, annotated.text)] if raw]
    if not any(links for _, _, links in found):
        return []
    typed: dict[str, str] = {}
    parsed = {annotated.name: _sentence_nodes(annotated, typed) for annotated, _, links in found
              if links or annotated.name == "title"}
    title_proposed = set().union(*parsed["title"][2].values()) if "title" in parsed else set()
    rows = []
    for annotated, raw, links in found:
        if not links:
            continue
        spans, named, proposed = parsed[annotated.name]
        if annotated.name != "title" and title_proposed:
            proposed = {-1: title_proposed, **proposed}
        sentences = [quotes.quote(annotated.name, annotated.text, span) for span in spans]
        for link in links:
            i = next((i for i, quoted in enumerate(sentences) if quoted and quoted[0] <= link.start < quoted[1]), None)
            start, end, sentence = sentences[i] if i is not None else (link.start, link.end, raw[link.start:link.end])
            for node in [doc, *link_nodes(link.kind, -2 if i is None else i, named, proposed, typed)]:
                rows.append(Link(link.url, link.kind, node, doc, annotated.name, start, end, sentence))
    return rows


def _sentence_nodes(annotated, typed: dict) -> tuple[list, dict, dict]:
    """(sentence spans, index → node keys named there, index → node keys proposed there) of a field;
    `typed` collects each node's type."""
    from kg.nlp.pipeline import NODE_RULES, PROPOSAL_RULES

    index = {span: i for i, span in enumerate(_sentences(annotated.text))}
    named, proposed = {}, {}
    for mention in annotated.mentions:
        i = index.get((mention.sentence_start, mention.sentence_end))
        if mention.rule in NODE_RULES and i is not None:
            typed[mention.key] = mention.type
            named.setdefault(i, set()).add(mention.key)
            if mention.rule in PROPOSAL_RULES:
                proposed.setdefault(i, set()).add(mention.key)
    return list(index), named, proposed


def column_links(doc: str, url: str | None, github: str | None, found: set) -> list:
    """Rows for a paper's ``url``/``github`` columns (as the corpus gave them) not already in `found`.

    >>> [(row.url, row.field) for row in column_links("paper:1", "https://arxiv.org/abs/2303.11225", None, set())]
    [('https://arxiv.org/abs/2303.11225', 'url')]
    """
    from kg.store.links import Link

    rows = []
    for field, value in (("url", url), ("github", github)):
        for link in find_links(value or ""):
            if link.url not in found and link.start == 0 and link.end == len(value):
                rows.append(Link(link.url, link.kind, doc, doc, field, 0, len(value), value))
    return rows


def prompt_links(doc: str, text: str, blocks: list[tuple[int, list[str]]]) -> list:
    r"""Rows for the links in a prompt's text: each belongs to the prompt and to the block it is in.

    `blocks` are (first line, node keys) of the prompt's paper and model blocks, in line order; every link of a
    recommended model's block is that model's (its "Paper:" line names its paper); a prompt's lines are not prose,
    so a link's sentence is found within its line.

    >>> text = "Q?\nModel: FaceCom: Completion\nGitHub: https://github.com/a/facecom\n"
    >>> [(row.node, row.sentence) for row in prompt_links("prompt:1", text, [(2, ["paper:7", "model:facecom"])])]
    [('prompt:1', 'GitHub: https://github.com/a/facecom'), ('paper:7', 'GitHub: https://github.com/a/facecom'), ('model:facecom', 'GitHub: https://github.com/a/facecom')]
    >>> hub = "Q?\nModel: Depth-HuggingFace-a-b\nPaper: https://arxiv.org/abs/2103.13413\n"
    >>> [row.node for row in prompt_links("prompt:1", hub, [(2, ["model:ab"])])]
    ['prompt:1', 'model:ab']
    """
    from kg.store.links import Link

    rows = []
    for link in find_links(text):
        line = text.count("\n", 0, link.start) + 1
        start, end = _sentence_in_line(text, link.start)
        owners = [keys for first, keys in blocks if first <= line]
        keys = owners[-1] if owners else []
        hub_model = bool(keys) and keys[0].startswith("model:")  # a paper's block starts with the paper
        for node in [doc, *(key for key in keys if hub_model or _belongs(link.kind, key))]:
            rows.append(Link(link.url, link.kind, node, doc, "text", start, end, text[start:end]))
    return rows


def _sentence_in_line(text: str, position: int) -> tuple[int, int]:
    """The span of the sentence holding `position`, within its line."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    for start, end in _sentences(text[line_start:line_end]):
        if start <= position - line_start < end:
            return line_start + start, line_start + end
    return line_start, line_end


def _belongs(kind: str, node: str) -> bool:
    """A link may belong to any paper or prompt, to a model if it is code, a project or a model, to a dataset if a dataset."""
    node_type = node.split(":", 1)[0]
    return node_type in ("paper", "prompt") or (node_type == "model" and kind in ("code", "project", "model")) or (
        node_type == "dataset" and kind == "dataset")


def _sentences(text: str) -> list[tuple[int, int]]:
    from kg.nlp.sentences import split_sentences

    return split_sentences(text)
