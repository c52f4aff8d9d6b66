"""A fake arXiv API on 127.0.0.1 for tests: Atom feeds like the real one, and chosen failures.

It understands what kg sends: ``id_list``, and ``search_query`` terms joined by
AND (``cat:``, ``ti:"phrase"``, ``all:word``, bare words), with ``start`` and
``max_results`` paging. A ``ti:`` phrase matches loosely (most words shared), as
arXiv's does, so a near title comes back and kg must refuse it.

    with FakeArxiv([entry("2406.02074", "FaceCom: …")]) as api:
        api.fail_from, api.failure = 1, "500"   # the second request onward answers HTTP 500
        ... kg fetch --api-url api.url ...
        assert len(api.requests) == 2
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape, quoteattr

FAILURES = ("500", "slow", "truncate", "trickle")


@dataclass
class FakeEntry:
    arxiv_id: str
    title: str
    summary: str = "We propose a method. It works well on faces."
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing")
    categories: tuple[str, ...] = ("cs.CV",)
    published: str = "2024-06-04T07:43:35Z"
    updated: str = "2024-06-05T10:00:00Z"
    version: int = 1
    comment: str | None = None
    doi: str | None = None

    def atom(self) -> str:
        abs_url = f"http://arxiv.org/abs/{self.arxiv_id}v{self.version}"
        parts = [
            "  <entry>",
            f"    <id>{abs_url}</id>",
            f"    <updated>{self.updated}</updated>",
            f"    <published>{self.published}</published>",
            f"    <title>{escape(self.title)}</title>",
            f"    <summary>  {escape(self.summary)}\n</summary>",
            *(f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in self.authors),
        ]
        if self.comment:
            parts.append(f"    <arxiv:comment>{escape(self.comment)}</arxiv:comment>")
        if self.doi:
            parts.append(f"    <arxiv:doi>{escape(self.doi)}</arxiv:doi>")
        parts += [
            f'    <link href="{abs_url}" rel="alternate" type="text/html"/>',
            f'    <link title="pdf" href="http://arxiv.org/pdf/{self.arxiv_id}v{self.version}" rel="related" type="application/pdf"/>',
            f'    <arxiv:primary_category term={quoteattr(self.categories[0])} scheme="http://arxiv.org/schemas/atom"/>',
            *(f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>' for c in self.categories),
            "  </entry>",
        ]
        return "\n".join(parts)


def feed(entries: list[FakeEntry], total: int, start: int, per_page: int, query: str = "") -> str:
    """An arXiv API answer page, namespaces and opensearch header included."""
    body = "\n".join(e.atom() for e in entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: {escape(query)}</title>
  <updated>2024-06-06T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
{body}
</feed>
"""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _matches(entry: FakeEntry, term: str) -> bool:
    term = term.strip().strip("()")
    field_name, _, value = term.partition(":") if ":" in term else ("all", "", term)
    value = value.strip().strip('"')
    if field_name == "cat":
        return value in entry.categories
    if field_name == "ti":
        wanted, have = _words(value), set(_words(entry.title))
        return bool(wanted) and sum(w in have for w in wanted) >= 0.6 * len(wanted)
    words = set(_words(entry.title + " " + entry.summary))
    return all(w in words for w in _words(value))


@dataclass
class FakeArxiv:
    """The server; a context manager. `requests` records every query's parameters."""

    entries: list[FakeEntry] = field(default_factory=list)
    fail_from: int | None = None  # 0-based index of the first request that fails
    failure: str = "500"  # one of FAILURES
    sleep: float = 2.0  # how long a "slow" answer takes
    requests: list[dict] = field(default_factory=list)

    def __post_init__(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake._answer(self)

            def log_message(self, *args):  # keep test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/query"

    def __enter__(self) -> "FakeArxiv":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def search(self, params: dict) -> list[FakeEntry]:
        ids = [i for i in params.get("id_list", "").split(",") if i]
        query = params.get("search_query", "")
        found = self.entries
        if ids:
            wanted = [re.sub(r"v\d+$", "", i) for i in ids]
            found = [e for w in wanted for e in found if e.arxiv_id == w]
        elif not query:
            return []
        if query:
            terms = re.split(r"\s+AND\s+", query)
            found = [e for e in found if all(_matches(e, t) for t in terms)]
        return found

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        params = {k: v[0] for k, v in parse_qs(urlparse(handler.path).query).items()}
        with self._lock:
            number = len(self.requests)
            self.requests.append(params)
        failing = self.fail_from is not None and number >= self.fail_from
        if failing and self.failure == "500":
            self._send(handler, 500, b"internal error", "text/plain")
            return
        if failing and self.failure == "slow":
            time.sleep(self.sleep)
        if failing and self.failure == "trickle":
            self._trickle(handler)
            return
        found = self.search(params)
        start, per_page = int(params.get("start", 0)), int(params.get("max_results", 10))
        page = feed(found[start:start + per_page], len(found), start, per_page, params.get("search_query", ""))
        body = page.encode()
        if failing and self.failure == "truncate":
            body = body[: len(body) * 2 // 3]  # a feed cut mid-entry, sent as if complete
        try:
            self._send(handler, 200, body, "application/atom+xml; charset=utf-8")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            pass

    def _trickle(self, handler) -> None:
        """Headers at once, then one byte of a never-ending body every 0.2 s: every read succeeds."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        handler.send_header("Content-Length", "1000000")
        handler.end_headers()
        try:
            for _ in range(600):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _send(handler, status: int, body: bytes, content_type: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def entry(arxiv_id: str, title: str, **fields) -> FakeEntry:
    return FakeEntry(arxiv_id, title, **fields)
