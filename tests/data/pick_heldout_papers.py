"""Pick the papers of the held-out question set at random (seeded), so the choice is not mine.

Run: python tests/data/pick_heldout_papers.py ../shared/data/arxiv_cs_sample.jsonl
Prints id, categories, title and abstract of 20 papers; questions_heldout_arxiv.jsonl was written from
them in everyday words (without the titles' phrases) before any tuning of kg ask.
"""
import json
import random
import sys

SEED, COUNT = 20261204, 20

def main(path: str) -> None:
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    for record in random.Random(SEED).sample(records, COUNT):
        print(record["id"], record.get("categories"), "|", " ".join(record["title"].split()))
        print("   ", " ".join(record["abstract"].split())[:700])


if __name__ == "__main__":
    main(sys.argv[1])
