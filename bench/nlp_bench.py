"""Throughput of the NLP pass against the bare spaCy tokenizer, and the time of a whole `kg build`.

Over the titles and abstracts of ``../shared/data/arxiv_cs_sample.jsonl``, in one run:

* the bare ``spacy.blank("en")`` tokenizer (``nlp.tokenizer.pipe``) over those texts, texts per second;
* the kg pipeline as ``kg build`` runs it (``--jobs 1``): papers as :class:`kg.nlp.annotate.Document` records
  (title, abstract), :data:`~kg.nlp.annotate.DOCUMENTS_PER_BATCH` at a time through
  :func:`kg.nlp.annotate.extract_documents`, each batch's annotations dropped before the next (the build
  writes them to the database); texts per second, and its share of the tokenizer's throughput (target: at
  least 50%). Reading and writing the database are left out: the ``kg build`` rows time them;
* with ``--jobs N`` (N > 1) the same pass as ``kg build --jobs N`` runs it (:func:`kg.nlp.annotate.map_documents`:
  N forked worker processes, batches in flight), against the same one-process tokenizer: the throughput a
  user gets from the documented option on this machine (the 1-process row stays the per-core figure);
* a whole ``kg build`` of the sample into a fresh database (a child process; target under
  2 minutes, peak RSS under 1.5 GB from ``RUSAGE_CHILDREN``), then a second ``kg build`` with
  nothing changed (target under 5 seconds).

    python bench/nlp_bench.py [--shared ../shared] [--jobs 1] [--runs 3] [--limit N] [--no-build]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = "data/arxiv_cs_sample.jsonl"


def read_documents(path: Path, limit: int | None) -> list:
    """The first `limit` records of an arXiv JSON-lines file as the NLP pass's documents (title, abstract)."""
    from kg.nlp.annotate import Document

    documents = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                fields = [("title", record.get("title") or "", True)]
                if record.get("abstract"):
                    fields.append(("abstract", record["abstract"], False))
                documents.append(Document(f"paper:{len(documents) + 1}", tuple(fields)))
                if limit and len(documents) >= limit:
                    break
    return documents


def annotate_in_batches(documents) -> None:
    """The NLP pass of ``kg build --jobs 1`` over `documents`, each batch's annotations dropped once made."""
    from kg.nlp.annotate import DOCUMENTS_PER_BATCH, extract_documents

    for start in range(0, len(documents), DOCUMENTS_PER_BATCH):
        extract_documents(documents[start:start + DOCUMENTS_PER_BATCH])


def annotate_with_jobs(documents, jobs: int) -> None:
    """The NLP pass of ``kg build --jobs N`` over `documents`: batches spread over `jobs` worker processes."""
    from kg.nlp.annotate import DOCUMENTS_PER_BATCH, map_documents

    for _ in map_documents(((None, document) for document in documents), jobs, None, DOCUMENTS_PER_BATCH):
        pass


def best_interleaved(runs: int, functions) -> list[tuple[float, float]]:
    """Best wall and CPU seconds of each function, the functions run in turn `runs` times.

    Alternating the contenders spreads any slow spell of a shared machine over both.
    """
    best = [(float("inf"), float("inf")) for _ in functions]
    for _ in range(runs):
        for index, function in enumerate(functions):
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[index] = (min(best[index][0], wall), min(best[index][1], cpu))
    return best


def child_build(sample: Path, db_path: Path, jobs: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `kg build` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(sample), "--db", str(db_path), "--jobs", str(jobs)],
                   check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is the largest child so far (KB on Linux): the figure is exact for the first,
    # largest build and an upper bound for later ones.
    return seconds, max(peak, before) / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args(argv)
    sample = args.shared / SAMPLE
    documents = read_documents(sample, args.limit)
    texts = [text for document in documents for _, text, _ in document.fields]

    import spacy

    from kg.nlp.pipeline import build_pipeline

    bare = spacy.blank("en")
    build_pipeline()  # load the vocabulary outside the timing
    annotate_in_batches(documents[:50])
    contenders = [lambda: sum(1 for _ in bare.tokenizer.pipe(texts, batch_size=256)), lambda: annotate_in_batches(documents)]
    if args.jobs > 1:
        contenders.append(lambda: annotate_with_jobs(documents, args.jobs))
    (tokenizer_s, tokenizer_cpu), (kg_s, kg_cpu), *with_jobs = best_interleaved(args.runs, contenders)
    rows = [("texts", f"{len(texts)}", f"{len(documents)} titles and abstracts, best of {args.runs} interleaved runs"),
            ("spaCy blank tokenizer", f"{len(texts) / tokenizer_s:,.0f} texts/s", f"{tokenizer_s:.2f} s ({tokenizer_cpu:.2f} s CPU)"),
            ("kg pipeline (as kg build)", f"{len(texts) / kg_s:,.0f} texts/s", f"{kg_s:.2f} s ({kg_cpu:.2f} s CPU)"),
            ("kg / tokenizer", f"{tokenizer_s / kg_s:.0%}", f"target >= 50% (CPU time: {tokenizer_cpu / kg_cpu:.0%})")]
    if with_jobs:
        jobs_s = with_jobs[0][0]
        rows += [(f"kg pipeline --jobs {args.jobs}", f"{len(texts) / jobs_s:,.0f} texts/s",
                  f"{jobs_s:.2f} s wall, as kg build --jobs {args.jobs} ({os.cpu_count()} CPUs)"),
                 (f"kg --jobs {args.jobs} / tokenizer", f"{tokenizer_s / jobs_s:.0%}",
                  "target >= 50%; the tokenizer in one process")]
    if not args.no_build:
        with tempfile.TemporaryDirectory() as folder:
            db_path = Path(folder) / "kg.db"
            first_s, peak_mb = child_build(sample, db_path, args.jobs)
            second_s, _ = child_build(sample, db_path, args.jobs)
        rows += [(f"kg build, fresh db (--jobs {args.jobs})", f"{first_s:.1f} s", "target < 120 s"),
                 ("kg build peak RSS", f"{peak_mb:,.0f} MB", "target < 1,536 MB"),
                 ("kg build, nothing changed", f"{second_s:.1f} s", "target < 5 s")]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>16}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
