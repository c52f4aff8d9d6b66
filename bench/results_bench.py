"""Cost of result extraction (kg.nlp.results) in the NLP pass, with its baselines measured in the same run.

Over the abstracts of ``../shared/data/arxiv_cs_sample.jsonl``, best of interleaved runs:

* the bare ``spacy.blank("en")`` tokenizer, texts per second (the NLP bench's reference);
* the kg pipeline without the ``kg_results`` component, texts per second;
* the kg pipeline with it, texts per second and its share of the tokenizer's throughput
  (target: at least 50%);
* :func:`kg.nlp.results.find_results` alone on the pipeline's sentences and mentions:
  microseconds per abstract;
* how many results the sample yields: per kind, and abstracts with at least one score.

    python bench/results_bench.py [--shared ../shared] [--runs 3] [--limit N]
"""
from __future__ import annotations

import argparse
import collections
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nlp_bench import SAMPLE, best_interleaved, read_documents  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)

    import spacy

    from kg.nlp.pipeline import build_pipeline, extract_many
    from kg.nlp.results import find_results

    texts = [text for document in read_documents(args.shared / SAMPLE, args.limit)
             for name, text, _ in document.fields if name == "abstract"]
    blank = spacy.blank("en")
    nlp = build_pipeline()
    extract_many(texts[:50])  # warm the vocabulary matcher and caches

    def tokenizer():
        for _ in blank.tokenizer.pipe(texts, batch_size=64):
            pass

    def without_results():
        with nlp.select_pipes(disable=["kg_results"]):
            extract_many(texts)

    def with_results():
        extract_many(texts)

    extracted = extract_many(texts)

    def component_alone():
        # as in the pass (extract_many), the cyclic collector is paused: it would re-walk the held extractions
        collecting = gc.isenabled()
        gc.disable()
        try:
            for extraction in extracted:
                find_results(extraction.text, extraction.sentences, extraction.mentions)
        finally:
            if collecting:
                gc.enable()

    timings = best_interleaved(args.runs, [tokenizer, without_results, with_results, component_alone])
    n = len(texts)
    print(f"abstracts: {n:,} (best of {args.runs} interleaved runs; wall time, CPU time in brackets)")
    (tok, tok_cpu), (bare, bare_cpu), (full, full_cpu), (alone, alone_cpu) = timings
    print(f"tokenizer                  {n / tok:8,.0f} texts/s  [{n / tok_cpu:,.0f}]  (reference)")
    print(f"kg pass without results    {n / bare:8,.0f} texts/s  [{n / bare_cpu:,.0f}]  "
          f"{tok / bare:6.1%} [{tok_cpu / bare_cpu:.1%}] of tokenizer (baseline)")
    print(f"kg pass with results       {n / full:8,.0f} texts/s  [{n / full_cpu:,.0f}]  "
          f"{tok / full:6.1%} [{tok_cpu / full_cpu:.1%}] of tokenizer (target >= 50%)")
    print(f"find_results alone         {alone / n * 1e6:8.1f} us/abstract  [{alone_cpu / n * 1e6:.1f}]; "
          f"pass with minus without {(full - bare) / n * 1e6:.1f} us [{(full_cpu - bare_cpu) / n * 1e6:.1f}]")
    kinds = collections.Counter(r.kind for e in extracted for r in e.results)
    with_scores = sum(1 for e in extracted if any(r.kind != "other" for r in e.results))
    print(f"results: {dict(sorted(kinds.items()))}; abstracts with a score: {with_scores:,} of {n:,} "
          f"({with_scores / n:.1%}); with dataset: "
          f"{sum(1 for e in extracted for r in e.results if r.kind != 'other' and r.dataset):,}")


if __name__ == "__main__":
    main()
