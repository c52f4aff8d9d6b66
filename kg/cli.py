"""The `kg` command line: parse options, call :mod:`kg.api`, format the result.

No SQL, spaCy or networkx here; library errors become one clear message.
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.escape import terminal_text
from kg.style import NODE_TYPES


class KgGroup(click.Group):
    """Turns every KgError into a one-line message and exit status 1, never a traceback;
    Ctrl-C into one line and exit status 130."""

    def invoke(self, ctx):
        from kg.errors import Interrupted

        try:
            return super().invoke(ctx)
        except Interrupted as error:
            click.echo(f"Error: {terminal_text(str(error))}", err=True)
            ctx.exit(INTERRUPTED)
        except KeyboardInterrupt:
            # every command writes in one transaction, rolled back on the way out
            click.echo("Error: interrupted; nothing of this run was kept", err=True)
            ctx.exit(INTERRUPTED)
        except KgError as error:
            raise click.ClickException(terminal_text(str(error))) from None


INTERRUPTED = 130  # the shell's status for a command stopped by SIGINT


def echo(text: str = "", **kwargs) -> None:
    """click.echo for text that may hold corpus text: control characters are shown escaped, never sent raw."""
    click.echo(terminal_text(text), **kwargs)


def db_option(function):
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="KG_DB",
        help="Knowledge base file [env KG_DB; default $KG_HOME/kg.db or the user data dir].",
    )(function)


def format_option(*choices, default="text"):
    def decorate(function):
        return click.option("--format", "output_format", type=click.Choice(choices), default=default,
                            show_default=True, help="Output format.")(function)
    return decorate


# the readers' names (kg.ingest.FORMAT_NAMES), written out so that every command starts without importing the
# readers (44 ms)
INPUT_FORMATS = ("prompt", "paper-qa", "daily-papers", "arxiv-jsonl")


def _report_format(context, parameter, value):
    """kg ingest's --format is the report's, as for every command; an input format given there says where it goes."""
    if value in INPUT_FORMATS:
        raise click.BadParameter(f"{value!r} is an input format: give it as --input-format {value} "
                                 "(--format is the report's: text or json)")
    return value


def snapshot_filter_options(function):
    """--category / --since / --limit for arXiv snapshot files (kg ingest, kg build)."""
    function = click.option("--limit", type=click.IntRange(min=1),
                            help="arXiv snapshots: keep at most this many records per file.")(function)
    function = click.option("--since", metavar="YYYY-MM-DD", type=click.DateTime(formats=["%Y-%m-%d"]),
                            help="arXiv snapshots: keep records first submitted on or after this date.")(function)
    return click.option("--category", "categories", multiple=True,
                        help="arXiv snapshots: keep only this category (repeatable; cs matches cs.*).")(function)


def snapshot_filter(categories, since, limit):
    """The snapshot filter the options ask for, or None when none was given."""
    if not (categories or since or limit):
        return None
    from kg.ingest.arxiv_jsonl import SnapshotFilter

    return SnapshotFilter(tuple(categories), since.date().isoformat() if since else None, limit)


def echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def on_terminal() -> bool:
    return sys.stderr.isatty()


def record_progress(label: str):
    """A records-per-second counter on stderr when it is a terminal; nothing when piped."""
    import time

    if not on_terminal():
        return None
    started = time.monotonic()

    def report(count: int) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        click.echo(f"\r{label}: {count:,} records, {count / elapsed:,.0f}/s", nl=False, err=True)
    return report


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg", message="kg %(version)s")
def cli():
    """kg: an offline knowledge graph over AI paper summaries.

    \b
    Examples:
      kg ingest corpus/                 read the embedded corpus into the knowledge base
      kg stats                          what the knowledge base holds
      kg papers "face parsing"          full-text search
      kg show FaceCom                   one paper, its sources and sections
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
              help="Read every file as this format instead of detecting it.")
@click.option("--skip-errors", is_flag=True, help="Ingest the good files and list the bad ones.")
@snapshot_filter_options
@click.option("--format", "output_format", default="text", show_default=True, callback=_report_format,
              type=click.Choice(["text", "json"] + list(INPUT_FORMATS)), metavar="[text|json]", help="Output format.")
@click.option("--json", "as_json", is_flag=True, hidden=True, help="Same as --format json.")
@db_option
def ingest(paths, input_format, skip_errors, categories, since, limit, output_format, as_json, db_path):
    """Read corpus files or folders into the knowledge base.

    Formats are detected from content: daily-papers listings, question prompts,
    paper Q&A notes and arXiv snapshot JSON lines (.jsonl or .jsonl.gz, streamed).
    Files of no known format inside a folder are listed as skipped. Everything
    lands in one transaction: a bad file leaves the database as it was.

    \b
    Examples:
      kg ingest corpus/
      kg ingest arxiv-metadata-oai-snapshot.json --category cs.CV --since 2024-01-01
      kg ingest notes/ --skip-errors --format json
      kg ingest exported/ --input-format daily-papers
    """
    from kg import api

    report = api.ingest(paths, db_path=db_path, format=input_format, skip_errors=skip_errors,
                        snapshot_filter=snapshot_filter(categories, since, limit), progress=record_progress("ingest"))
    if on_terminal():
        click.echo("", err=True)
    if as_json or output_format == "json":
        echo_json(report.to_dict())
        return
    for name in ("papers", "prompts", "models"):
        counts = getattr(report, name)
        echo(f"{name:<8} {counts['new']:>7,} new {counts['updated']:>7,} updated {counts['unchanged']:>7,} unchanged"
             + (f" {counts['removed']:>7,} removed" if counts.get("removed") else ""))
    echo(f"files    {report.count('ingested'):>7,} read {report.count('unchanged'):>7,} unchanged "
               f"{report.count('skipped'):>7,} skipped {report.count('failed'):>7,} failed"
               + (f" {report.count('damaged'):>7,} damaged" if report.count("damaged") else "")
               + (f" {report.count('removed'):>7,} removed" if report.count("removed") else ""))
    echo_problems(report)
    if not report.changed:
        echo("nothing changed: these files were already ingested" if not report.count("ingested")
             else "nothing changed: the files read hold no new or changed record")


def echo_problems(report) -> None:
    """List the files skipped, failed, damaged or removed and the bad lines left out, one line each."""
    for outcome in report.files:
        if outcome.status in ("skipped", "failed", "damaged", "removed"):
            echo(f"  {outcome.status}: {outcome.path} ({outcome.message})")
        elif outcome.errors:
            echo(f"  {outcome.path}: {outcome.message}")
        for error in outcome.errors:
            echo(f"    left out: {error}")


@cli.command()
@db_option
@format_option("text", "json")
def stats(db_path, output_format):
    """Show what the knowledge base holds.

    \b
    Example:
      kg stats --format json
    """
    from kg import api

    counts = {"database": str(api.resolve_db(db_path).resolve()), **api.stats(db_path)}  # which file was read
    if output_format == "json":
        echo_json(counts)
        return
    echo(f"{'database':<12} {counts['database']}")
    for name, label in (("papers", "papers"), ("prompts", "prompts"), ("models", "hub models"), ("sources", "sources"),
                        ("sections", "sections")):
        echo(f"{label:<12} {counts[name]:>9,}")  # hub models: the ones prompts recommend, not graph nodes
    for fmt, info in counts["formats"].items():
        echo(f"  {fmt:<14} {info['files']:>4} file(s) {info['records']:>9,} record(s) {info['papers']:>9,} paper(s)")
    nodes = counts.get("nodes") or counts.get("entities")  # the build's node counts; entities alone before one
    if nodes:
        echo(f"{'graph nodes':<12} {sum(nodes.values()):>9,}")
        for kind, number in nodes.items():
            echo(f"  {kind + 's':<10} {number:>9,}")
        echo(f"{'edges':<12} {counts['edges']:>9,}")
    index = counts["embedding_model"] or ("not embedded yet: kg build embeds" if counts["encoder"] else
                                          "no sentence encoder: KG_EMBED_MODEL=none, or the semantic extra not installed")
    echo(f"{'vectors':<12} {counts['vectors']:>9,}  ({index})")
    echo(f"{'retrieval':<12} {counts['retrieval']}")
    if not counts["built"]:
        echo("pending      the corpus changed after the last build (kg ingest or fetch, or a kg build stopped before "
             "its NLP pass ended): graph, results and vectors are older — run kg build")


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@db_option
@format_option("text", "json")
def papers(query, limit, db_path, output_format):
    """Search papers by full text (title, abstract, sections); list them with no QUERY.

    Any text is a safe query: quotes, -, *, AND and parentheses are taken as words
    (a trailing * is a prefix search).

    \b
    Examples:
      kg papers "face parsing"
      kg papers "recon*" --limit 5 --format json
    """
    from kg import api

    found = api.search_papers(query or "*", db_path=db_path, limit=limit + 1) if query else \
        api.list_papers(db_path=db_path, limit=limit + 1)  # one more than shown: whether the list goes on
    more, found = len(found) > limit, found[:limit]
    if output_format == "json":
        echo_json(found)
        return
    if not found:
        echo(f"no paper matches {query!r}")
        return
    for paper in found:
        ident = paper["arxiv_id"] or f"paper:{paper['id']}"
        echo(f"{ident:<14} {paper['title']}")
        if paper.get("snippet"):
            echo(f"{'':<14} {paper['snippet']}")
    if more:  # on stderr: the list on stdout stays one paper per line for other tools
        echo(f"(the first {limit}; --limit N shows more)", err=True)


@cli.command()
@click.argument("ident")
@db_option
@format_option("text", "json")
def show(ident, db_path, output_format):
    """Show one paper: by arXiv id, paper:<n>, or (part of) its title.

    \b
    Examples:
      kg show FaceCom
      kg show 2303.11225 --format json
    """
    from kg import api

    paper = api.show_paper(ident, db_path=db_path)
    if output_format == "json":
        echo_json(paper)
        return
    echo(paper["title"])
    echo(f"  id:       paper:{paper['id']}")
    echo(f"  arXiv:    {paper['arxiv_id'] or '(none in the corpus)'}")
    for resolution in paper["resolutions"]:
        echo(f"            (kg enrich, {resolution['resolved_at']}: {resolution['method']} from {resolution['api_url']},"
                   f" matched \"{resolution['matched_title']}\")")
    for label in ("url", "github"):
        if paper.get(label):
            echo(f"  {label + ':':<9} {paper[label]}")
    if "links" in paper:
        _echo_links(paper["links"])
    for label in ("authors", "categories", "published"):
        if paper.get(label):
            echo(f"  {label + ':':<9} {paper[label]}")
    echo("  sources:")
    for source in paper["sources"]:
        digest = f"sha256 {source['sha256'][:12]}" if source["sha256"] else "to be read again by kg build"
        echo(f"    {source['path']}:{source['line']}  ({source['format']}, {digest})")
    if paper["prompts"]:
        echo("  cited by prompts: " + ", ".join(p["name"] for p in paper["prompts"]))
    if paper["abstract"]:  # as read: evidence quotes and links below are spans of this text
        echo("\n" + (paper.get("raw_abstract") or paper["abstract"]))
    for section in paper["sections"]:
        echo(f"\n## {section['heading']}\n{section.get('raw_text') or section['text']}")
    if paper.get("edges"):
        echo("\nGraph edges (each with the sentence it rests on):")
        for edge in paper["edges"]:
            src, dst = (_key_and_name(edge[end], edge[end + "_name"]) for end in ("src", "dst"))
            echo(f"  {src} -{edge['relation']}-> {dst}  [{edge['kind']}, {edge['rule']}]")
            if edge["sentence"]:
                echo(f"      \"{edge['sentence']}\" ({edge['field']} {edge['start']}:{edge['end']})")


def _key_and_name(key: str, name: str | None) -> str:
    """A node key, and its name when the key does not already read as it: "task:birds eye view (bird's-eye view)"."""
    return f"{key} ({name})" if name and name != key.partition(":")[2] else key


def _echo_links(links: list[dict]) -> None:
    """Links on lines of their own, each with the sentence it was read in."""
    if not links:
        echo("  links:    no link in the corpus")
        return
    echo("  links:")
    for link in links:
        where = link["evidence"]
        origin = "kg enrich" if link["source"] == "enrich" else f"{where['doc']} {where['field']}"
        echo(f"    {link['kind']:<8} {link['url']}")
        if where["text"] and where["text"] != link["url"]:
            echo(f"             \"{where['text']}\" ({origin})")
        elif link["source"] == "enrich":
            echo("             (found by kg enrich: the arXiv paper with the same title)")


def arxiv_api_options(function):
    """--api-url, --delay, --retries, --timeout: how kg fetch and kg enrich talk to the arXiv API."""
    options = (
        click.option("--api-url", envvar="KG_ARXIV_API", metavar="URL",
                     help="arXiv API query endpoint; kg appends the query string "
                          "[env KG_ARXIV_API; default https://export.arxiv.org/api/query]."),
        click.option("--delay", type=click.FloatRange(min=0), default=3.0, show_default=True,
                     help="Seconds between requests (arXiv asks for 3)."),
        click.option("--retries", type=click.IntRange(min=0, max=10), default=3, show_default=True,
                     help="Retries of a failed request before giving up."),
        click.option("--timeout", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
                     help="Seconds to wait for an answer."),
    )
    for option in reversed(options):
        function = option(function)
    return function


@cli.command()
@click.option("--id", "ids", multiple=True, metavar="ID", help="arXiv id to fetch (repeatable; commas also separate).")
@click.option("--query", help='arXiv search: plain words (all required) or API syntax such as \'ti:"face parsing"\'.')
@click.option("--category", "categories", multiple=True, help="Only this arXiv category, e.g. cs.CV (repeatable).")
@click.option("--max", "max_results", type=click.IntRange(min=1), help="At most this many papers [default: 100, or all --id].")
@click.option("--page-size", type=click.IntRange(min=1, max=2000), default=100, show_default=True,
              help="Papers per API request.")
@arxiv_api_options
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Corpus folder; results go to its fetched/ folder [default: $KG_HOME/corpus, which kg build also reads].")
@db_option
@format_option("text", "json")
def fetch(ids, query, categories, max_results, page_size, api_url, delay, retries, timeout, corpus, db_path,
          output_format):
    """Fetch papers from the arXiv API into the corpus, then ingest them.

    Results are saved as arXiv snapshot JSON lines under CORPUS/fetched/, so later
    builds need no network. If the API fails part way, what was fetched before is
    kept (whole files only) and ingested, and the command exits non-zero.

    \b
    Examples:
      kg fetch --id 2406.02074 --id 2303.11225
      kg fetch --query "face parsing" --category cs.CV --max 50
      kg fetch --query 'ti:"talking head"' --format json
      KG_ARXIV_API=http://127.0.0.1:8000/api/query kg fetch --category cs.CV --delay 0
    """
    from kg import api

    ids = [part for given in ids for part in given.replace(",", " ").split()]
    if not (ids or query or categories):
        raise click.UsageError("nothing to fetch: give --id, --query or --category")
    if max_results is None:
        max_results = len(ids) if ids and not (query or categories) else 100

    def progress(count: int) -> None:
        if on_terminal():
            click.echo(f"\rfetched {count:,} record(s)", nl=False, err=True)

    try:
        report = api.fetch_papers(ids=ids, query=query, categories=categories, max_results=max_results,
                                  corpus=corpus, db_path=db_path, api_url=api_url, delay=delay,
                                  retries=retries, timeout=timeout, page_size=page_size, progress=progress)
    except KgError as error:
        if output_format == "json" and getattr(error, "report", None):
            echo_json(error.report.to_dict())  # what was kept, for scripts; the message goes to stderr
        raise
    finally:
        if on_terminal():
            click.echo("", err=True)
    if output_format == "json":
        echo_json(report.to_dict())
        return
    if not report.path:
        echo(f"no arXiv paper matches {report.search!r}")
        return
    papers_counts = report.ingest.get("papers", {})
    echo(f"fetched  {report.records:>7,} record(s) into")
    echo(f"  {report.path}")
    echo(f"papers   {papers_counts.get('new', 0):>7,} new {papers_counts.get('updated', 0):>7,} updated "
               f"{papers_counts.get('unchanged', 0):>7,} unchanged")


@cli.command()
@arxiv_api_options
@click.option("--limit", type=click.IntRange(min=1), help="Look up at most this many papers.")
@db_option
@format_option("text", "json")
def enrich(api_url, delay, retries, timeout, limit, db_path, output_format):
    """Find the arXiv ids of papers known only by title, by asking the arXiv API.

    A paper gets an id only when the arXiv title equals its own after
    normalisation (case, accents, punctuation); near matches are refused and
    listed. Each id found is stored with its provenance (method, time, API).
    Exits non-zero when nothing could be resolved.

    \b
    Examples:
      kg enrich
      kg enrich --limit 10 --format json
      kg enrich --api-url http://127.0.0.1:8000/api/query --delay 0
    """
    from kg import api

    def progress(resolution) -> None:
        if on_terminal():
            click.echo(f"\r{resolution.status:<9} paper:{resolution.paper_id}", nl=False, err=True)

    try:
        report = api.enrich_papers(db_path=db_path, api_url=api_url, delay=delay, retries=retries,
                                   timeout=timeout, limit=limit, progress=progress)
    finally:
        if on_terminal():
            click.echo("", err=True)
    resolved = report.count("resolved")
    failures = collections.Counter(r.message for r in report.resolutions if r.status == "failed")
    if output_format == "json":
        echo_json(report.to_dict())
    else:
        if not report.resolutions:
            echo("nothing to resolve: every paper has an arXiv id")
        for status in ("resolved", "refused", "not-found", "conflict", "failed"):
            if report.count(status):
                echo(f"{status:<10} {report.count(status):>5}")
        for r in report.resolutions:
            if r.status == "resolved":
                echo(f"  resolved  paper:{r.paper_id} → arXiv {r.arxiv_id}  {r.title}")
        for r in report.unresolved:
            if r.status == "failed":
                continue  # counted by reason below: one unreachable API is one line, not one per paper
            echo(f"  {r.status:<9} paper:{r.paper_id}  {r.title}")
            if r.candidate:
                echo(f"            nearest: arXiv {r.arxiv_id}  {r.candidate}")
            if r.message:
                echo(f"            {r.message}")
        for message, count in sorted(failures.items()):
            echo(f"not looked up ({count:,} paper(s)): {message}")
    if report.resolutions and not resolved:
        why = (next(iter(failures)) if len(failures) == 1 else f"{report.count('failed')} lookup(s) failed") \
            if failures else "no exact title match"
        raise click.ClickException(f"no paper could be resolved ({why}); "
                                   f"{len(report.unresolved)} paper(s) still have no arXiv id")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the NLP pass.")
@click.option("--spacy-model", "model", envvar="KG_SPACY_MODEL",
              help="Use an installed spaCy pipeline (e.g. en_core_web_sm) instead of spacy.blank('en').")
@click.option("--skip-errors", is_flag=True, help="Ingest the good files and list the bad ones.")
@snapshot_filter_options
@db_option
@format_option("text", "json")
def build(paths, jobs, model, skip_errors, categories, since, limit, db_path, output_format):
    """Ingest PATHS (default: the embedded corpus), run the NLP pass and build the graph.

    Re-running re-processes only documents whose content changed, or all of them
    when kg's NLP rules, its vocabulary or the spaCy model changed since.

    \b
    Examples:
      kg build
      kg build corpus/ ../shared/data/arxiv_cs_sample.jsonl --jobs 2
      kg build arxiv-metadata-oai-snapshot.json --category cs.CV --since 2024-01-01
      kg build --format json
    """
    from kg import api

    progress = None
    if on_terminal():
        def progress(done, total):
            click.echo(f"\rnlp: {done:,}/{total:,} documents", nl=False, err=True)
    embed_progress = None
    if on_terminal():
        def embed_progress(done, total):
            click.echo(f"\rembed: {done:,}/{total:,} texts", nl=False, err=True)
    report = api.build(paths or None, db_path=db_path, jobs=jobs, model=model, progress=progress,
                       ingest_progress=record_progress("ingest"), skip_errors=skip_errors,
                       snapshot_filter=snapshot_filter(categories, since, limit), embed_progress=embed_progress)
    if on_terminal():
        click.echo("", err=True)
    for text in report.truncated:
        echo(f"warning: {text} is over 1,000,000 characters; the NLP pass read only its start", err=True)
    if output_format == "json":
        echo_json(report.to_dict())
        return
    ingested = report.ingest
    removed = f", {ingested.papers['removed']:,} removed" if ingested.papers.get("removed") else ""
    echo(f"ingest   papers {ingested.papers['new']:,} new, {ingested.papers['updated']:,} updated{removed}; "
               f"files {ingested.count('ingested')} read, {ingested.count('unchanged')} unchanged, "
               f"{ingested.count('skipped')} skipped"
               + (f", {ingested.count('removed')} removed (no longer in their folder)" if ingested.count("removed") else ""))
    echo(f"nlp      {report.documents:,} documents processed, {report.unchanged_documents:,} unchanged, "
               f"{report.mentions:,} mentions" + ("; all re-read: the NLP rules, vocabulary or spaCy model changed "
                                                  "since the last build" if report.rules_changed else ""))
    echo(f"graph    {report.nodes:,} nodes, {report.edges:,} edges")
    embedding = report.embedding
    if embedding.get("model"):
        echo(f"embed    {embedding['embedded']:,} texts embedded, {embedding['unchanged']:,} unchanged "
                   f"({embedding['model']})")
    else:
        echo("embed    none: lexical mode (install '.[semantic]' or unset KG_EMBED_MODEL=none)")
    echo_problems(ingested)


@cli.command()
@click.option("--type", "entity_type", type=click.Choice(["task", "model", "dataset", "metric", "code"]),
              help="Only nodes of this type.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@db_option
@format_option("text", "json")
def entities(entity_type, limit, db_path, output_format):
    """List graph nodes with their mention counts and aliases.

    \b
    Examples:
      kg entities --type task
      kg entities --type model --limit 20 --format json
    """
    from kg import api

    found = api.entities(db_path=db_path, type=entity_type, limit=limit)
    if output_format == "json":
        echo_json(found)
        return
    for entity in found:
        aliases = ", ".join(f"{a['alias']} ({a['count']})" for a in entity["aliases"][:6])
        marker = "" if entity["in_vocabulary"] else " *"
        echo(f"{entity['type']:<8} {entity['mentions']:>6}  {entity['name']}{marker}")
        if aliases:
            echo(f"{'':<16}aka {aliases}")
    echo("(* found in the text, not in the curated vocabulary)")


@cli.command()
@click.argument("source", required=False, default="-", type=click.File("rb"))
@click.option("--jsonl", is_flag=True,
              help='Read one {"id", "text"} object per line; write one JSON result per line (whatever --format says).')
@click.option("--title", is_flag=True, help="Treat the text as a paper title (enables the title rules: the name before a colon, the task it is for).")
@click.option("--spacy-model", "model", envvar="KG_SPACY_MODEL", help="Use an installed spaCy pipeline.")
@format_option("json", "text", default="json")
def extract(source, jsonl, title, model, output_format):
    """Run the NLP pass on any text (a FILE or - for stdin) and print the entities found.

    Output: {"entities": [{"text", "type", "start", "end", "canonical"}], "results": [{"value",
    "unit", "metric", "dataset", "kind", "model", "start", "end"}]} with character offsets
    into the input; entity types are task, model, dataset and metric.

    \b
    Examples:
      echo "We propose FaceCom for 3D facial shape completion." | kg extract
      printf '{"id": "a", "text": "We propose FaceCom."}\\n' | kg extract - --jsonl
      kg extract abstracts.jsonl --jsonl > entities.jsonl   (lines of {"id", "text"})
    """
    from kg import api
    from kg.errors import InputError
    from kg.ingest.source import decode_text, json_object
    from kg.nlp.annotate import check_length

    name = getattr(source, "name", "-")
    name = "<stdin>" if name in ("-", "<stdin>") else name
    text = decode_text(source.read(), name)
    if jsonl:
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            item = json_object(line, name, number)
            try:
                items.append((item["id"], check_length(item["text"], name, number)))
            except (KeyError, TypeError):
                raise InputError(name, 'expected a JSON object with "id" and "text"', line=number) from None
        for (ident, _), found in zip(items, api.extract_texts([text for _, text in items], model=model)):
            entities = [{k: e[k] for k in ("text", "type", "start", "end", "canonical")} for e in found["entities"]]
            click.echo(json.dumps({"id": ident, "entities": entities, "results": found["results"]}, ensure_ascii=False))
        return
    text = check_length(text, name)
    found = api.extract(text, title=title, model=model)
    if output_format == "json":
        echo_json({"entities": [{k: e[k] for k in ("text", "type", "start", "end", "canonical")}
                                for e in found["entities"]], "results": found["results"]})
        return
    for entity in found["entities"]:
        echo(f"{entity['start']:>6}-{entity['end']:<6} {entity['type']:<8} {entity['text']}  →  {entity['canonical']}")
    for result in found["results"]:
        on = " on ".join(x for x in (result["metric"], result["dataset"]) if x)
        echo(f"{result['start']:>6}-{result['end']:<6} {'result':<8} {result['value']}{result['unit']} "
             f"({result['kind']}){' ' + on if on else ''}")


@cli.command("results")
@click.argument("query", metavar="TASK|DATASET|METRIC")
@click.option("--columns", type=click.IntRange(min=1), help="Show only the N fullest columns [text: 6; others: all].")
@db_option
@format_option("text", "json", "markdown", "csv")
def results_command(query, columns, db_path, output_format):
    """Print a results table: rows = papers/models, columns = dataset x metric x kind.

    Cells are the values papers report (a "+" marks a gain, a "-" a reduction, never mixed
    with absolute scores in one column); rows are sorted best first (lower is better for FID,
    errors, latency). --format json gives each cell's sentence and character offsets.

    \b
    Examples (on the embedded corpus, which states few results):
      kg results "3D face reconstruction"
      kg results REALY --format json

    \b
    On a database built from ../shared/data/arxiv_cs_sample.jsonl:
      kg results "image restoration"
      kg results ImageNet --format markdown
      kg results FID --format json
    """
    from kg import api
    from kg.results_format import format_table, limit_columns

    table = api.results_table(query, db_path=db_path)
    table, left_out = limit_columns(table, columns or (6 if output_format == "text" else None))
    if not table["cells"]:  # in every format: a script sees the same exit status as a reader
        raise click.ClickException(f'no reported results for "{query}" (a task, dataset or metric name); '
                                   'try "kg entities --type dataset"')
    if output_format == "json":
        echo_json(table)
        return
    click.echo(format_table(table, output_format), nl=False)
    if left_out and output_format == "text":
        click.echo(f"({left_out} more column(s): --columns N, or --format markdown/csv/json for all)")


@cli.command("export")
@click.option("--around", metavar="TEXT_OR_NODE", help="Centre: a node key (task:face parsing) or text matching labels and aliases.")
@click.option("--depth", type=click.IntRange(min=0, max=10), default=1, show_default=True, help="Hops around --around.")
@click.option("--types", "types", multiple=True, metavar="TYPE",
              help=f"Keep only nodes of these types (repeatable or comma-separated): {', '.join(NODE_TYPES)}.")
@click.option("--question", help="Export the subgraph of kg ask's answer to this question.")
@click.option("--prompt", type=click.Path(dir_okay=False, path_type=Path),
              help="Export the subgraph of the answer to a question prompt (a file's path or an ingested prompt's name; "
                   "answered from its own list).")
@click.option("--max-nodes", type=click.IntRange(min=1),
              help="Keep at most this many nodes (nearest, then most central); png and svg draw 60 unless given.")
@click.option("--format", "export_format", required=True,
              type=click.Choice(["graphml", "gexf", "json", "csv", "markdown", "png", "svg", "spreadsheet"]),
              help="Output format (spreadsheet: csv files with formulas neutralised, for Excel/LibreOffice).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file, or - for standard output (graphml, gexf, json, markdown); csv: a folder, created "
                   "if missing, that gets nodes.csv and relationships.csv.")
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@db_option
def export_command(around, depth, types, question, prompt, max_nodes, export_format, output, force, db_path):
    """Export a subgraph for Gephi, Cytoscape, Neo4j, spreadsheets, reports or slides.

    The subgraph is the answer to --question (or --prompt), else --depth hops
    around --around, else the whole graph; --types filters node types. Formats:
    graphml and gexf (typed attributes, evidence kept), json (node-link with a
    meta block), csv (neo4j-admin import headers, written into a folder; evidence
    sentences keep their line breaks, so import with --multiline-fields=true),
    markdown (a report with links, evidence and a Mermaid diagram), png and svg.

    \b
    Examples:
      kg export --around "face parsing" --depth 2 --format graphml -o face.graphml
      kg export --question "segment facial parts under heavy makeup" --format markdown -o report.md
      kg export --around "task:face parsing" --types paper,task --format csv -o neo4j/
      kg export --around FaceCom --format png -o facecom.png --force
      kg export --around FaceCom --format markdown -o - | head -20
    """
    from kg import api

    import tempfile

    type_list = sorted({t.strip() for given in types for t in given.split(",") if t.strip()})
    options = {"around": around, "depth": depth, "types": type_list or None, "question": question,
               "prompt": str(prompt) if prompt else None, "max_nodes": max_nodes, "format": export_format,
               "output": str(output), "force": force}

    def run(path: Path):
        return api.export(export_format, path, db_path=db_path, around=around, depth=depth, types=type_list or None,
                          question=question, prompt=str(prompt) if prompt else None, force=force,
                          max_nodes=max_nodes, options=options)

    if str(output) == "-":  # standard output: written to a temporary file first, then copied; no summary line
        if export_format not in _STREAMED_FORMATS:
            raise click.UsageError(f"-o - (standard output) takes --format {', '.join(_STREAMED_FORMATS)}; "
                                   f"{export_format} writes files: give a path")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"export.{export_format}"
            run(path)
            sys.stdout.buffer.write(path.read_bytes())
            sys.stdout.flush()
        return
    report = run(output)
    echo(f"wrote {report.nodes} node(s) and {report.edges} edge(s) as {report.format}:")
    for name in report.files:
        echo(f"  {name}")
    if report.left_out:
        click.echo(f"the figure draws the {report.nodes} most central node(s); {report.left_out} left out "
                   f"(--max-nodes N to draw more, --around NAME to choose)", err=True)


_STREAMED_FORMATS = ("graphml", "gexf", "json", "markdown")


@cli.command("graph")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="kg-graph.html",
              show_default=True, help="HTML file to write.")
@click.option("--around", metavar="TEXT_OR_NODE",
              help="Draw the neighbourhood of a node key (task:face parsing) or of the nodes whose name or alias matches.")
@click.option("--depth", type=click.IntRange(min=0, max=10), default=1, show_default=True, help="Hops around --around.")
@click.option("--types", metavar="TYPES", help=f"Only these node types, comma-separated: {','.join(NODE_TYPES)}.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=300, show_default=True,
              help="Keep at most this many nodes (the highest ranked; without --around an overview of the "
                   "top tasks and their strongest neighbours); says on stderr what was left out.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT even if it is not a page kg wrote (never a database).")
@db_option
def graph_command(output, around, depth, types, max_nodes, force, db_path):
    """Write the knowledge graph as one interactive HTML page that works offline.

    Colour shows the community (or the node type, a switch on the page), shape the
    type, size the PageRank; select a node for its definition, links and every
    edge with its evidence; search, filter types and relations. The file loads
    nothing from the network.

    \b
    Examples:
      kg graph -o graph.html
      kg graph --around "face parsing" --depth 2 -o face.html
      kg graph --types task,model,dataset --max-nodes 150
    """
    from kg import api

    path = api.graph_html(output, db_path=db_path, around=around, depth=depth, types=types, max_nodes=max_nodes,
                          report=lambda note: echo(note, err=True), force=force)
    echo(f"wrote {path}")


@cli.group("eval")
def eval_group():
    """Measure kg against annotated data.

    \b
    Examples:
      kg eval extraction ../shared/eval/scierc_dev.json
      kg eval extraction ../shared/eval/tdmsci_train.conll --format json
    """


@eval_group.command("extraction")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option("--spacy-model", "model", envvar="KG_SPACY_MODEL", help="Use an installed spaCy pipeline.")
@format_option("text", "json")
def eval_extraction(path, limit, model, output_format):
    """Score "kg extract" on an annotated SciERC (DyGIE json) or TDMSci (CoNLL) FILE.

    Prints precision, recall and F1 per type under exact and overlap span
    matching (SciERC Material counts as dataset, Method as model).

    \b
    Examples:
      kg eval extraction ../shared/eval/scierc_dev.json
      kg eval extraction ../shared/eval/tdmsci_train.conll --limit 200 --format json
    """
    from kg import api
    from kg.evaluation.extraction import format_report_text

    report = api.evaluate_extraction(path, limit=limit, model=model)
    if output_format == "json":
        echo_json(report.to_dict())
    else:
        echo(format_report_text(report))


@cli.command()
@click.argument("question", required=False)
@click.option("--prompt", "prompt_ref", metavar="FILE",
              help="Answer a question prompt (a file's path, or the name of a prompt in the knowledge base such as "
                   "face_parsing_makeup) from its own listed models and papers.")
@click.option("--top", type=click.IntRange(min=1, max=100), default=5, show_default=True,
              help="How many papers, models and datasets to list.")
@click.option("--explain", is_flag=True, help="Also print the seeds, scores and the walk.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the answer's subgraph as an interactive offline HTML page (see kg graph).")
@click.option("--force", is_flag=True, help="Let --graph overwrite a file that is not a page kg wrote.")
@db_option
@format_option("text", "markdown", "json")
def ask(question, prompt_ref, top, explain, graph_file, force, db_path, output_format):
    """Answer a question in plain words: the task, a workflow, and papers and tools with evidence.

    Every link is printed exactly as the corpus gives it and every quoted sentence
    comes verbatim from the stored text. When nothing in the corpus fits, kg says so
    and lists the nearest tasks and papers. Without --db (or KG_DB) the first run
    builds the default knowledge base from the embedded corpus; a --db file that
    does not exist is an error.

    \b
    Examples:
      kg ask "How can I separate facial parts even with makeup?"
      kg ask --prompt face_parsing_makeup
      kg ask --prompt corpus/prompts/face_completion_pores.txt --format markdown
      kg ask "which dataset for portrait segmentation?" --format json --top 3
    """
    from kg import api
    from kg.answer.render import render

    def notify(message: str) -> None:
        echo(message, err=True)

    if prompt_ref and question:
        raise click.UsageError("give either a QUESTION or --prompt FILE, not both")
    if graph_file:
        api.check_graph_output(graph_file, force=force)
    if prompt_ref:
        answer = api.ask_prompt(prompt_ref, db_path=db_path, top=top, notify=notify)
    elif question is None:
        raise click.UsageError('no question: kg ask "your question" (or --prompt FILE)')
    else:
        answer = api.ask(question, db_path=db_path, top=top, notify=notify)
    (click.echo if output_format == "json" else echo)(render(answer, output_format, explain=explain), nl=False)
    if graph_file:
        echo(f"wrote {api.graph_html(graph_file, db_path=db_path, answer=answer, max_nodes=None, force=force)}", err=True)


@eval_group.command("results")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--spacy-model", "model", envvar="KG_SPACY_MODEL", help="Use an installed spaCy pipeline.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list the missed and wrong tuples per sentence.")
@format_option("text", "json")
def eval_results(path, model, show_errors, output_format):
    """Score result extraction on annotated sentences: strict and lenient tuple P/R/F1.

    FILE has one {"sentence", "results": [{"value", "unit", "metric", "dataset", "kind"}]}
    object per line (../shared/eval/results_README.md defines units, kinds and matching).

    \b
    Examples:
      kg eval results ../shared/eval/results_dev.jsonl
      kg eval results tests/data/results_heldout.jsonl --format json
    """
    from kg import api
    from kg.evaluation.results import format_report_text

    report = api.evaluate_results(path, model=model)
    if output_format == "json":
        echo_json(report.to_dict())
        return
    click.echo(format_report_text(report), nl=False)
    if show_errors:
        for sentence, missed, wrong in report.errors:
            click.echo(f"\n{sentence}")
            for label, items in (("missed", missed), ("wrong", wrong)):
                for item in items:
                    click.echo(f"  {label:<6} {item['value']}{item.get('unit') or ''} {item['kind']} "
                               f"metric={item.get('metric')} dataset={item.get('dataset')}")


@eval_group.command("questions")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@format_option("text", "json")
def eval_questions(path, db_path, output_format):
    """Score kg ask on a JSONL file of questions: task@1, recall@5, MRR, grounding, abstention.

    Each line: {"id", "question", "task_aliases", "gold_papers", ...} (see
    ../shared/eval/README.md); "answerable": false marks a question the corpus cannot answer.
    Prints kg's figures per question, then three rankers on the same questions: BM25 alone,
    dense (sentence vectors) alone, and kg (retrieval + task vote + graph).

    \b
    Example:
      kg eval questions ../shared/eval/questions_dev.jsonl --format json
    """
    from kg import api

    report = api.evaluate_questions(path, db_path=db_path, notify=lambda m: echo(m, err=True))
    if output_format == "json":
        echo_json(report.to_dict())
        return
    echo(f"kg answers ({report.retrieval} retrieval)")
    echo(f"{'id':<10} {'task@1':>6} {'rec@5':>6} {'MRR':>6} {'ground':>6}  top task")
    for q in (q for q in report.questions if q.ranker == "kg"):
        echo(f"{q.id:<10} {q.task_at_1:>6.2f} {q.recall_at_5:>6.2f} {q.mrr:>6.2f} {q.grounding:>6.2f}  "
                   f"{q.task or '-'}{'  (abstained)' if q.abstained else ''}")
        for problem in q.ungrounded:
            echo(f"{'':<10} ungrounded {problem}")
    echo("")
    echo(f"{'ranker':<10} {'task@1':>6} {'rec@5':>6} {'MRR':>6} {'ground':>6} {'abstain':>7}")
    for ranker in ("bm25", "dense", "kg"):
        o = report.overall_for(ranker)
        echo(f"{ranker:<10} {o['task_at_1']:>6.2f} {o['recall_at_5']:>6.2f} {o['mrr']:>6.2f} "
                   f"{o['grounding']:>6.2f} {o['abstention']:>7.2f}  ({o['answerable']} answerable of "
                   f"{o['questions']} questions)")
    echo("abstain: share of right abstain decisions (answer the answerable, abstain on the rest)")
    if report.gold_not_in_database:
        echo(f"note: {len(report.gold_not_in_database)} gold paper title(s) are in no paper of this database, so they "
             f"count as misses: {'; '.join(report.gold_not_in_database[:5])}", err=True)


def main():  # console script entry point
    import signal

    if hasattr(signal, "SIGPIPE"):  # "kg papers | head -1": end quietly when the reader stops, as cat and grep do,
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # not with click's exit status 1 for an error
    cli()
