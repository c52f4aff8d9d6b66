"""Are quotes verbatim and links real? Checked against the source files themselves.

A quote is verbatim when it is a substring of what was read from its source file, after the
format's own decoding (a JSON line's string escapes; nothing else: no LaTeX or white-space
normalisation). A URL is real when it occurs in a source file (LaTeX escapes such as ``\\_``
decoded), was recorded by ``kg enrich``, or is the arxiv.org abstract page of an arXiv id the corpus holds.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.source import iter_lines, read_text
from kg.store.queries import paper_key_of_arxiv_id

SOURCES_OF_PAPER = """SELECT sources.path, sources.format, paper_sources.line FROM paper_sources
    JOIN sources ON sources.id = paper_sources.source_id WHERE paper_sources.paper_id = ? ORDER BY sources.path"""
SOURCE_OF_PROMPT = """SELECT sources.path, sources.format, prompts.line FROM prompts
    JOIN sources ON sources.id = prompts.source_id WHERE prompts.id = ?"""
ALL_SOURCES = "SELECT path, format FROM sources ORDER BY path"
ENRICH_URLS = "SELECT url FROM links WHERE source = 'enrich'"
# An independent, plain notion of "holds a URL" for the coverage figure (not kg's own link reader).
PLAIN_URL = re.compile(r"https?://[^\s{}<>\"\\]+|\bwww\.[^\s{}<>\"\\]+|[\w.-]+\.github\.io[^\s{}<>\"\\]*|\bgithub\.com/[^\s{}<>\"\\]+")
_LATEX_ESCAPE = re.compile(r"\\([_%&#~])")
_ARXIV_ABS = re.compile(r"https://arxiv\.org/abs/(.+)")


@dataclass
class Check:
    """How many claims were checked and which failed (with what they were)."""

    checked: int = 0
    failures: list = field(default_factory=list)

    @property
    def share(self) -> float:
        return 1.0 if not self.checked else (self.checked - len(self.failures)) / self.checked

    def add(self, ok: bool, what: str) -> None:
        self.checked += 1
        if not ok:
            self.failures.append(what)


class SourceTexts:
    """The decoded texts of the corpus files a knowledge base was read from.

    `roots` are folders the stored relative paths are resolved against (the embedded corpus and
    the working folder are always tried).
    """

    def __init__(self, conn, roots=()):
        from kg.config import EMBEDDED_CORPUS

        self.conn = conn
        self.roots = [Path(root) for root in roots] + [EMBEDDED_CORPUS, Path.cwd()]
        self.files: dict[str, object] = {}
        self._all: str | None = None

    def _path(self, relative: str) -> Path | None:
        if Path(relative).is_absolute():
            return Path(relative)
        return next((root / relative for root in self.roots if (root / relative).is_file()), None)

    def _file(self, relative: str, format_name: str):
        """The file's text, or for JSON lines a dict line → decoded text of that record."""
        if relative not in self.files:
            path = self._path(relative)
            if path is None:
                self.files[relative] = None
            elif format_name == "arxiv-jsonl":
                self.files[relative] = {number: _record_text(line) for number, line in iter_lines(path) if line.strip()}
            else:
                self.files[relative] = read_text(path)
        return self.files[relative]

    def of(self, doc: str) -> list[str]:
        """Decoded texts the document `doc` (``paper:<id>``, ``prompt:<id>``) was read from."""
        kind, _, ident = doc.partition(":")
        query = SOURCES_OF_PAPER if kind == "paper" else SOURCE_OF_PROMPT
        texts = []
        for relative, format_name, line in self.conn.execute(query, (int(ident),)).fetchall():
            content = self._file(relative, format_name)
            if isinstance(content, dict):
                texts.append(content.get(line, ""))
            elif content is not None:
                texts.append(content)
        return texts

    def everything(self) -> str:
        """All decoded source texts at once (for claims whose document is not given)."""
        if self._all is None:
            parts = []
            for relative, format_name in self.conn.execute(ALL_SOURCES).fetchall():
                content = self._file(relative, format_name)
                parts.extend(content.values() if isinstance(content, dict) else [content or ""])
            self._all = "\n".join(parts)
        return self._all

    def holds(self, text: str, doc: str | None = None) -> bool:
        """`text` occurs verbatim in the document's sources (any source when `doc` is None)."""
        return any(text in source for source in (self.of(doc) if doc else [self.everything()]))

    def holds_url(self, url: str, doc: str | None = None) -> bool:
        if url in self.enrich_urls():
            return True
        abstract_page = _ARXIV_ABS.fullmatch(url)
        if abstract_page and paper_key_of_arxiv_id(self.conn, abstract_page.group(1)):
            return True  # the abstract page of an arXiv id the corpus holds (the id field of its record)
        sources = self.of(doc) if doc else [self.everything()]
        # as written, LaTeX escapes decoded, or across the line breaks arXiv wraps a URL at (kg.nlp.links joins them)
        return any(url in source or url in _LATEX_ESCAPE.sub(r"\1", source) or url in source.replace("\n", "")
                   for source in sources)

    def enrich_urls(self) -> set:
        try:
            return {row[0] for row in self.conn.execute(ENRICH_URLS)}
        except Exception:  # a knowledge base from before the links table
            return set()


def _record_text(line: str) -> str:
    record = json.loads(line)
    return "\n".join(str(record.get(name) or "") for name in ("title", "abstract"))


def check_stored(conn, texts: SourceTexts) -> tuple[Check, Check]:
    """(quotes, urls): every edge and link sentence, and every link URL, checked against its sources."""
    quotes, urls = Check(), Check()
    for doc, sentence in conn.execute("SELECT doc, sentence FROM edges WHERE sentence != ''"):
        quotes.add(texts.holds(sentence, doc), f"{doc}: {sentence[:80]}")
    for doc, url, sentence, source in conn.execute("SELECT doc, url, sentence, source FROM links"):
        if source == "corpus":
            quotes.add(texts.holds(sentence, doc), f"{doc}: {sentence[:80]}")
        urls.add(texts.holds_url(url, doc if source == "corpus" else None), f"{doc}: {url}")
    return quotes, urls


def url_coverage(conn, texts: SourceTexts, formats=("daily-papers",)) -> Check:
    """Papers read from `formats` whose abstract holds a URL (plain pattern): is a link of theirs attached?"""
    covered = Check()
    marks = ",".join("?" * len(formats))
    rows = conn.execute(f"""SELECT DISTINCT papers.id, papers.raw_abstract FROM papers
        JOIN paper_sources ON paper_sources.paper_id = papers.id JOIN sources ON sources.id = paper_sources.source_id
        WHERE sources.format IN ({marks}) ORDER BY papers.id""", tuple(formats)).fetchall()
    for paper_id, raw_abstract in rows:
        written = [_LATEX_ESCAPE.sub(r"\1", url) for url in PLAIN_URL.findall(raw_abstract or "")]
        if not written:
            continue
        linked = [row[0] for row in conn.execute("SELECT url FROM links WHERE node = ?", (f"paper:{paper_id}",))]
        ok = any(url.startswith(link) for url in written for link in linked)
        covered.add(ok, f"paper:{paper_id}: {written[0]}")
    return covered


def scan_answer(answer: dict, texts: SourceTexts) -> tuple[Check, Check]:
    """(quotes, urls) of one ``kg ask --format json`` answer: every evidence text and every URL printed.

    Evidence is any dict under an ``evidence`` key (or list) with a ``text``, checked against the
    sources of its ``doc`` when it names one (else against every source); a URL is any string
    value that starts with http:// or https:// or a ``url`` value.
    """
    quotes, urls = Check(), Check()
    for key, value, evidence in _walk(answer):
        if evidence is not None and key == "text" and isinstance(value, str) and value:
            quotes.add(texts.holds(value, evidence.get("doc") or None), value[:80])
        elif isinstance(value, str) and (key == "url" or value.startswith(("http://", "https://"))) and value:
            urls.add(texts.holds_url(value), value)
    return quotes, urls


def _walk(value, key=None, evidence=None, in_evidence=False):
    """(key, value, the evidence dict it sits in or None) for every scalar of a JSON document."""
    if isinstance(value, dict):
        inside = in_evidence or key == "evidence"
        for name, item in value.items():
            yield from _walk(item, name, value if inside else None, inside)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key, evidence, in_evidence or key == "evidence")
    else:
        yield key, value, evidence
