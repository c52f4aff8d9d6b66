"""Growing the corpus from the arXiv API: fetch papers, resolve titles to arXiv ids.

Fetched records are written as JSON lines in the arXiv snapshot layout under
``<corpus>/fetched/`` so the snapshot reader ingests them and a later build
needs no network. A file only ever appears whole: records go to a hidden
temporary file that is renamed once fetching stops, for whatever reason.

The `arxiv` package does the paging, the delay between requests and the
retries; this module gives its HTTP session a timeout, checks that every feed
is complete XML, and turns every failure into one :class:`FetchError`.

>>> search_query(query="face parsing", categories=["cs.CV"])
'cat:cs.CV AND all:face AND all:parsing'
>>> search_query(query='ti:"face parsing" OR abs:makeup')
'ti:"face parsing" OR abs:makeup'
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import signal
import threading
import time
from dataclasses import asdict, dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import arxiv
import requests

from kg.errors import FetchError, Interrupted
from kg.text import normalise_title, strip_version

FETCHED_FOLDER = "fetched"
RESOLUTION_METHOD = "arxiv-api-title"
_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
_ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"
_ATOM_ID = "{http://www.w3.org/2005/Atom}id"
_ATOM_SUMMARY = "{http://www.w3.org/2005/Atom}summary"
_FIELD_PREFIX = re.compile(r"\b(?:ti|au|abs|co|jr|cat|rn|id|all|submittedDate|lastUpdatedDate):", re.IGNORECASE)
_BOOLEAN = re.compile(r"\b(?:AND|OR|ANDNOT)\b")



@dataclass(frozen=True)
class ApiSettings:
    """How to talk to the arXiv API: where, how politely, how patiently."""

    api_url: str
    delay: float = 3.0  # arXiv's terms of use: no more than one request every three seconds
    retries: int = 3
    timeout: float = 30.0
    page_size: int = 100


@dataclass
class FetchReport:
    """What `kg fetch` did: the search, the file written, the records in it, the ingest report."""

    search: str
    api_url: str
    path: str | None = None
    records: int = 0
    ingest: dict = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Resolution:
    """The outcome of looking one paper up by title.

    `status` is 'resolved', 'refused' (only near matches), 'not-found',
    'conflict' (the id already belongs to another paper) or 'failed' (the API
    could not be asked).
    """

    paper_id: int
    title: str
    status: str
    arxiv_id: str | None = None
    candidate: str | None = None
    message: str = ""
    url: str | None = None  # the paper's address as the API gave it (kept as an enrich link)


@dataclass
class EnrichReport:
    """What `kg enrich` did, one :class:`Resolution` per paper looked at."""

    api_url: str
    resolutions: list[Resolution] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.resolutions if r.status == status)

    @property
    def unresolved(self) -> list[Resolution]:
        return [r for r in self.resolutions if r.status != "resolved"]

    def to_dict(self) -> dict:
        statuses = ("resolved", "refused", "not-found", "conflict", "failed")
        return {
            "api_url": self.api_url,
            "counts": {status: self.count(status) for status in statuses},
            "resolutions": [asdict(r) for r in self.resolutions],
        }


# --- talking to the API -------------------------------------------------------------------

def search_query(*, query: str | None = None, categories: Iterable[str] = ()) -> str:
    """The API's `search_query` for free text and categories.

    Free text without field prefixes (``ti:``, ``abs:`` …) or boolean operators
    becomes one ``all:`` term per word, all required; anything else is passed as written.
    """
    parts = []
    categories = [c for c in categories if c]
    if categories:
        cats = " OR ".join(f"cat:{c}" for c in categories)
        parts.append(f"({cats})" if len(categories) > 1 else cats)
    if query and query.strip():
        query = query.strip()
        if _FIELD_PREFIX.search(query) or _BOOLEAN.search(query):
            parts.append(f"({query})" if parts else query)
        else:
            parts.extend(f"all:{word}" for word in query.split())
    return " AND ".join(parts)


def _client(settings: ApiSettings) -> arxiv.Client:
    """An `arxiv.Client` pointed at `settings.api_url` with a timeout and strict feed checks."""
    client = arxiv.Client(page_size=settings.page_size, delay_seconds=settings.delay,
                          num_retries=settings.retries)
    client.query_url_format = settings.api_url + "?{}"
    # The package's session has no timeout and takes a truncated feed for a short
    # page; this one fixes both, and the client sends every request through it.
    client._session = _CheckedSession(settings.timeout)
    return client


class _TimedOut(requests.exceptions.ConnectionError):
    """No answer within the timeout (a ConnectionError, so the client retries it)."""


class _MalformedFeed(requests.exceptions.ConnectionError):
    """A 200 answer that is not a complete Atom feed (retried too: often a cut connection)."""


class _Rejected(requests.exceptions.RequestException):
    """The API answered with an error entry: the query itself is wrong, so never retried."""


class _CheckedSession(requests.Session):
    """A session whose timeout bounds each whole request, and that checks every 200 answer is a whole Atom feed.

    requests applies a timeout to each socket read, so a server that trickles a byte
    now and then would hold a request forever; here the request (connect, headers
    and the whole body) runs in a helper thread that gets `timeout` seconds in all.
    """

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        outcome: dict = {}

        def run() -> None:
            # Ctrl-C goes to the calling thread: a signal the kernel hands to this thread would not wake it
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                outcome["response"] = super(_CheckedSession, self).request(method, url, **kwargs)
            except BaseException as error:  # handed to the calling thread
                outcome["error"] = error

        worker = threading.Thread(target=run, name="kg-fetch-request", daemon=True)
        worker.start()
        deadline = time.monotonic() + self.timeout
        while worker.is_alive() and time.monotonic() < deadline:  # short waits: Ctrl-C is handled at once
            worker.join(min(0.2, max(0.0, deadline - time.monotonic())))
        if worker.is_alive():  # left to die with its socket; the process does not wait for it
            raise _TimedOut(f"no whole answer within {self.timeout:g} s")
        error = outcome.get("error")
        if isinstance(error, requests.exceptions.Timeout):
            raise _TimedOut(str(error))
        if isinstance(error, requests.exceptions.ChunkedEncodingError):
            raise _MalformedFeed(f"the answer was cut short ({error})")
        if error is not None:
            raise error
        response = outcome["response"]
        if response.status_code == 200:
            _check_feed(response.content)
        return response


def _check_feed(content: bytes) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        raise _MalformedFeed(f"not complete XML ({error})") from None
    if root is None or root.tag != _ATOM_FEED:
        raise _MalformedFeed("not an Atom feed")
    for entry in root.iter(_ATOM_ENTRY):
        ident = entry.findtext(_ATOM_ID) or ""
        if "/api/errors" in ident:
            raise _Rejected((entry.findtext(_ATOM_SUMMARY) or ident).strip())


def _explain(error: BaseException, settings: ApiSettings) -> str | None:
    """One sentence saying what went wrong talking to the API, or None if `error` is not such a failure."""
    api, tries = settings.api_url, settings.retries + 1
    if isinstance(error, arxiv.HTTPError):
        return f"the arXiv API at {api} answered HTTP {error.status} ({tries} tries)"
    if isinstance(error, arxiv.UnexpectedEmptyPageError):
        return f"the arXiv API at {api} returned an empty page in the middle of the results ({tries} tries)"
    if isinstance(error, _TimedOut):
        return f"the arXiv API at {api} did not answer within {settings.timeout:g} s ({tries} tries)"
    if isinstance(error, _MalformedFeed):
        return f"the arXiv API at {api} sent a malformed or truncated feed ({tries} tries): {error}"
    if isinstance(error, _Rejected):
        return f"the arXiv API at {api} rejected the query: {error}"
    if isinstance(error, requests.exceptions.ConnectionError):
        return f"cannot reach the arXiv API at {api} (no network, or a wrong --api-url?)"
    if isinstance(error, requests.exceptions.RequestException):
        return f"the request to the arXiv API at {api} failed: {error}"
    return None


def _results(client, search, settings: ApiSettings) -> Iterator:
    """The client's results; any API failure becomes a FetchError (the results so far stay yielded)."""
    iterator = iter(client.results(search))
    while True:
        try:
            result = next(iterator)
        except StopIteration:
            return
        except Exception as error:  # the package raises its own, requests' and ours
            message = _explain(error, settings)
            if message is None:
                raise
            raise FetchError(message) from None
        yield result


# --- snapshot records -----------------------------------------------------------------------

def snapshot_record(result) -> dict:
    """An `arxiv.Result` as a record of the arXiv metadata snapshot (the Kaggle layout).

    >>> import arxiv, datetime as dt
    >>> when = dt.datetime(2024, 6, 4, 7, 43, 35, tzinfo=dt.timezone.utc)
    >>> r = arxiv.Result("http://arxiv.org/abs/2406.02074v2", when, when, "FaceCom",
    ...                  [arxiv.Result.Author("Yinglong Li")], "An abstract.",
    ...                  primary_category="cs.CV", categories=["cs.CV", "cs.GR"])
    >>> record = snapshot_record(r)
    >>> record["id"], record["categories"], record["versions"][-1]["version"]
    ('2406.02074', 'cs.CV cs.GR', 'v2')
    """
    short = result.get_short_id()
    match = re.search(r"v(\d+)$", short)
    latest = int(match.group(1)) if match else 1
    categories = list(dict.fromkeys([result.primary_category, *result.categories]))
    versions = [{"version": "v1", "created": _rfc2822(result.published)}]
    if latest > 1:
        versions.append({"version": f"v{latest}", "created": _rfc2822(result.updated)})
    return {
        "id": strip_version(short),
        "submitter": None,
        "authors": ", ".join(a.name for a in result.authors),
        "title": result.title,
        "comments": result.comment or None,
        "journal-ref": result.journal_ref or None,
        "doi": result.doi or None,
        "report-no": None,
        "categories": " ".join(c for c in categories if c),
        "license": None,
        "abstract": result.summary,
        "versions": versions,
        "update_date": result.updated.date().isoformat() if result.updated else None,
        "authors_parsed": [_parsed_name(a.name) for a in result.authors],
    }


def _rfc2822(when) -> str | None:
    return format_datetime(when.astimezone(_dt.timezone.utc), usegmt=True) if when else None


def _parsed_name(name: str) -> list[str]:
    parts = name.split()
    return [parts[-1], " ".join(parts[:-1]), ""] if parts else ["", "", ""]


class _AtomicJsonLines:
    """Writes records to a hidden temp file; :meth:`close` renames it into place (or removes it if empty)."""

    def __init__(self, path: Path):
        self.path = path
        self.temp = path.with_name(f".{path.name}.tmp")
        self.count = 0
        self._file = open(self.temp, "w", encoding="utf-8")

    def write(self, record: dict) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def discard(self) -> None:
        """Drop everything written: nothing half-written is ever left in the corpus."""
        self._file.close()
        self.temp.unlink(missing_ok=True)

    def close(self) -> Path | None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        if not self.count:
            self.temp.unlink(missing_ok=True)
            return None
        os.replace(self.temp, self.path)
        return self.path


def _output_path(folder: Path, slug_source: str) -> Path:
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    slug = re.sub(r"[^a-z0-9.]+", "-", slug_source.lower()).strip("-.")[:60].strip("-.") or "fetch"
    path = folder / f"{stamp}-{slug}.jsonl"
    number = 2
    while path.exists():
        path = folder / f"{stamp}-{slug}-{number}.jsonl"
        number += 1
    return path


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder on `folder`'s path that does not exist yet (None: `folder` exists)."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            return missing
        missing = path
    return missing


def _drop_if_empty(folder: Path, created: Path | None) -> None:
    """Remove the folders this fetch created, `folder` up to `created`, when nothing was written into them.

    >>> import tempfile; root = Path(tempfile.mkdtemp()); (root / "corpus" / "fetched").mkdir(parents=True)
    >>> _drop_if_empty(root / "corpus" / "fetched", root / "corpus"); (root / "corpus").exists()
    False
    """
    if created is None:
        return
    for path in (folder, *folder.parents):
        try:
            path.rmdir()  # refuses a folder that is not empty
        except OSError:
            return
        if path == created:
            return


# --- the two jobs ---------------------------------------------------------------------------

def fetch_papers(*, ids: Iterable[str] = (), query: str | None = None, categories: Iterable[str] = (),
                 max_results: int | None = 100, corpus: Path, settings: ApiSettings,
                 ingest: Callable[[list[Path]], dict], progress: Callable[[int], None] | None = None) -> FetchReport:
    """Fetch papers by id and/or search into ``<corpus>/fetched/`` and ingest the file written.

    `ingest` is called with the written file and returns what it ingested (the caller,
    :func:`kg.api.fetch_papers`, passes its own ingest, so this module depends on no
    higher one). Raises :class:`FetchError` when the API fails; the records fetched
    before the failure are then already written and ingested, as the message says.
    """
    ids = [strip_version(i) for i in ids if i.strip()]
    categories = [c for c in categories if c]
    text = search_query(query=query, categories=categories)
    if not ids and not text:
        raise FetchError("nothing to fetch: give --id, --query or --category")
    if ids and max_results is None:
        max_results = len(ids)
    search = arxiv.Search(query=text, id_list=ids, max_results=max_results)
    described = " ".join(filter(None, [" ".join(ids), text]))
    report = FetchReport(search=described, api_url=settings.api_url)

    folder = Path(corpus) / FETCHED_FOLDER
    created = _first_missing(folder)  # removed again if nothing is written into it
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FetchError(f"cannot create the folder {folder} for fetched papers: {error.strerror}") from None
    out = _AtomicJsonLines(_output_path(folder, " ".join(filter(None, [" ".join(ids), query, *categories]))))
    try:
        for result in _results(_client(settings), search, settings):
            out.write(snapshot_record(result))
            if progress:
                progress(out.count)
    except FetchError as error:
        report.error = str(error)
    except BaseException as error:
        out.discard()
        _drop_if_empty(folder, created)
        if isinstance(error, KeyboardInterrupt):
            raise Interrupted("interrupted; nothing of this fetch was kept: "
                              "the corpus and the knowledge base are unchanged") from None
        raise
    written = out.close()
    if not written:
        _drop_if_empty(folder, created)
    report.records = out.count
    report.path = str(written) if written else None
    if written:
        report.ingest = _ingest_fetched(ingest, written, out.count)
    if report.error:
        if written:
            kept = f"the {out.count} record(s) fetched before it are kept in {written} and ingested"
        else:
            kept = "nothing was fetched, the corpus and the knowledge base are unchanged"
        error = FetchError(f"{report.error}; {kept}. Try again later, or with --retries/--timeout raised.")
        error.report = report
        raise error
    return report


def _ingest_fetched(ingest: Callable[[list[Path]], dict], path: Path, records: int) -> dict:
    try:
        return ingest([path])
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted; the {records} record(s) fetched are saved whole in {path} "
                          f'but not ingested — run "kg ingest {path}"') from None


def enrich_papers(*, settings: ApiSettings, db, limit: int | None = None,
                  progress: Callable[[Resolution], None] | None = None) -> EnrichReport:
    """Look up on arXiv, by title, the papers that have no arXiv id; store exact matches.

    A match is accepted only when both normalised titles are equal; it sets the
    paper's arXiv id and records a `paper_resolutions` row (method, when, API).
    The first API failure stops the lookups: the papers not looked up are
    reported as 'failed'. Lookups run before the one write transaction, so the
    database is never locked while waiting for the network.
    """
    from kg.store import resolutions, transaction

    todo = resolutions.unresolved_papers(db.conn)
    if limit is not None:
        todo = todo[:limit]
    report = EnrichReport(api_url=settings.api_url)
    client = _client(settings) if todo else None
    failure = None
    for paper_id, title, title_norm in todo:
        if failure:
            resolution = Resolution(paper_id, title, "failed", message=failure)
        else:
            search = arxiv.Search(query=f'ti:"{title_norm}"', max_results=settings.page_size)
            try:
                found = list(_results(client, search, settings))
            except FetchError as error:
                failure = str(error)
                resolution = Resolution(paper_id, title, "failed", message=failure)
            else:
                resolution = _judge(paper_id, title, title_norm, found)
        report.resolutions.append(resolution)
        if progress:
            progress(resolution)

    accepted = [r for r in report.resolutions if r.status == "resolved"]
    if accepted:
        with transaction(db):
            for resolution in accepted:
                owner = resolutions.paper_with_arxiv_id(db.conn, resolution.arxiv_id)
                if owner is not None and owner != resolution.paper_id:
                    resolution.status = "conflict"
                    resolution.message = f"arXiv {resolution.arxiv_id} already belongs to paper:{owner}"
                    continue
                resolutions.resolve(db.conn, resolution.paper_id, resolution.arxiv_id, method=RESOLUTION_METHOD,
                                    api_url=settings.api_url, matched_title=resolution.candidate or "")
                if resolution.url:
                    _enrich_link(db.conn, resolution)
    return report


def _enrich_link(conn, resolution: Resolution) -> None:
    """The arXiv address the API gave for a resolved paper, as a link with source "enrich"."""
    from kg.store.links import FORGET_ENRICH_LINKS, Link, write_links

    key = f"paper:{resolution.paper_id}"
    conn.execute(FORGET_ENRICH_LINKS, (key,))
    write_links(conn, [Link(resolution.url, "paper", key, key, "", None, None, "", "enrich")])


def _judge(paper_id: int, title: str, title_norm: str, found: list) -> Resolution:
    """Accept the first result whose normalised title equals the paper's; anything else is refused."""
    for result in found:
        if normalise_title(result.title) == title_norm:
            return Resolution(paper_id, title, "resolved", strip_version(result.get_short_id()), result.title,
                              url=result.entry_id or None)
    if not found:
        return Resolution(paper_id, title, "not-found", message="no arXiv paper with this title")
    nearest = found[0]
    return Resolution(paper_id, title, "refused", strip_version(nearest.get_short_id()), nearest.title,
                      message="only a near match: titles differ after normalisation")
