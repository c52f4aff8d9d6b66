"""Pick the papers of the held-out question set at random (seeded), so the choice is not mine.

Run: python tests/data/pick_heldout_papers.py ../shared/data/arxiv_cs_sample.jsonl
Prints id, categories, title and abstract of 20 papers; questions_heldout_arxiv.jsonl was written from
them in everyday words (without the titles' phrases) before any tuning of kg ask.
questions_heldout2_arxiv.jsonl was written the same way from the 16 papers of `--seed 20261205 --count 16`
(session 4, before that session's ranker changes; the game-theory paper on the nucleolus was left out:
no everyday wording fits it). questions_heldout3_arxiv.jsonl was written from the 20 papers of
`--seed 20261207 --count 20` (session 13) by a helper that neither ran kg nor saw its code, then scored once
(kg task@1 / rec@5 / MRR 0.15 / 0.40 / 0.33; dense alone 0.10 / 0.50 / 0.28). From that day the first set
is a development set (its per-question answers were read), the second and third stay held out.
questions_heldout4_arxiv.jsonl was written the same way from the 20 papers of `--seed 20261208 --count 20`
(session 15), scored at 59cb675 (kg 0.15 / 0.55 / 0.42, BM25 0.00 / 0.60 / 0.50, dense 0.05 / 0.50 / 0.39).
"""
import json
import random
import sys

SEED, COUNT = 20261204, 20

def main(path: str, seed: int = SEED, count: int = COUNT) -> None:
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    for record in random.Random(seed).sample(records, count):
        print(record["id"], record.get("categories"), "|", " ".join(record["title"].split()))
        print("   ", " ".join(record["abstract"].split())[:700])


if __name__ == "__main__":
    args = sys.argv[1:]
    options = dict(zip(args[1::2], args[2::2]))
    main(args[0], int(options.get("--seed", SEED)), int(options.get("--count", COUNT)))
