"""Pick candidate result sentences for tests/data/results_heldout.jsonl (seeded, reproducible).

Run: python tests/data/sample_results_sentences.py ../shared/data/arxiv_cs_sample.jsonl [SEED COUNT] > candidates.jsonl

Seed 17, 60 sentences gave results_heldout.jsonl (3 garbled splits dropped); seed 18, 40 sentences
(papers of the first set excluded) gave results_heldout2.jsonl, scored once before any change it inspired;
seed 19, 40 sentences (papers of both earlier sets excluded) gave results_heldout3.jsonl, a second
development set; seed 20, 40 sentences (papers of the three earlier sets excluded) gave
results_heldout4.jsonl, a third one, first scored as it came (strict F1 0.49, lenient 0.66); seed 21,
44 sentences (papers of the four earlier sets excluded) gave results_heldout5.jsonl, annotated by hand and
scored once before the attribution work of issue 17 (strict P/R/F1 .750/.600/.667, lenient .781/.625/.694),
then kept out of sight while tuning; seed 22, 40 sentences (papers of the five earlier sets excluded) gave
results_heldout6.jsonl, annotated by hand without running the extractor on it, held out until 6 Dec, when its
errors were read (a development set since); seed 23, 40 sentences (papers of the six earlier sets excluded) gave
results_heldout7.jsonl, annotated by a helper that neither ran the extractor nor read its code, held out
(its error counts by cause were read on 6 Dec, no sentence); seed 29, 40 sentences (the papers of seeds 17-22
excluded; no paper of the seventh set came up) gave results_heldout8.jsonl, annotated the same way, held out
until 7 Dec (a development set since); seed 31, 40 sentences (papers of all eight earlier sets excluded) gave
results_heldout9.jsonl, annotated the same way, held out; seed 37, 40 sentences (papers of all nine earlier
sets excluded) gave results_heldout10.jsonl, annotated the same way after the day's changes and scored at
0c34cb4 and at the day's end (held out; two of its sentences had passed before my eyes in sample diffs); seed 41,
40 sentences (papers of all ten earlier sets excluded) gave results_heldout11.jsonl, annotated the same way on 7 Dec
and scored at 2b811d3 before any change of that day (held out); seed 43, 40 sentences (papers of all eleven earlier
sets excluded) gave results_heldout12.jsonl, annotated the same way and scored at 12ccc06 (held out); seed 47, 40 sentences (papers of all twelve earlier sets excluded) gave
results_heldout13.jsonl, annotated the same way and scored at 59cb675 (held out until 7 Dec, a development set
since); seed 53, 40 sentences (papers of all thirteen earlier sets excluded) gave results_heldout14.jsonl,
annotated the same way and scored at 48b9097 (held out until the next session, a development set since); seed 59,
40 sentences (papers of all fourteen earlier sets excluded) gave results_heldout15.jsonl, annotated the same way
and scored at 75c85c1 (held out); seeds 61, 67 and 73, 40 sentences each (papers of all earlier sets excluded) gave
results_heldout16.jsonl (scored at 944a098, its errors read since), results_heldout17.jsonl (scored at a5ac76f, held
out) and results_heldout18.jsonl (scored at 406cd75, held out), annotated the same way.

Sentences come from abstracts of the arXiv sample that are not in the shared dev set, one per paper;
about four in five hold a digit next to a result cue, the rest any other digit (the non-result numbers).
The picked sentences were then annotated by hand in the format of ../shared/eval/results_README.md.
"""
import json
import random
import re
import sys
from pathlib import Path

CUE = re.compile(r"\d\s*(?:%|\\%|percent|points|pp\b)|\b(?:achiev|outperform|improv|reduc|surpass|reach|score)", re.I)
#: The sets picked so far, by seed; each set excludes the papers of the sets picked before it (seed 29 only
#: those of seeds 17-22, a slip kept so that the seed still gives its set)
SETS = {17: "results_heldout.jsonl", 18: "results_heldout2.jsonl", 19: "results_heldout3.jsonl",
        20: "results_heldout4.jsonl", 21: "results_heldout5.jsonl", 22: "results_heldout6.jsonl",
        23: "results_heldout7.jsonl", 29: "results_heldout8.jsonl", 31: "results_heldout9.jsonl",
        37: "results_heldout10.jsonl", 41: "results_heldout11.jsonl",
        43: "results_heldout12.jsonl", 47: "results_heldout13.jsonl", 53: "results_heldout14.jsonl",
        59: "results_heldout15.jsonl", 61: "results_heldout16.jsonl", 67: "results_heldout17.jsonl",
        73: "results_heldout18.jsonl"}
SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def main(path, dev="/work/shared/eval/results_dev.jsonl", count=60, seed=17):
    taken = {json.loads(line)["arxiv_id"] for line in open(dev, encoding="utf-8")}
    for earlier in [name for s, name in SETS.items() if s < seed and not (seed == 29 and s == 23)]:
        with open(Path(__file__).with_name(earlier), encoding="utf-8") as handle:
            taken |= {json.loads(line)["arxiv_id"] for line in handle}
    cued, plain = [], []
    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        if record["id"] in taken:
            continue
        abstract = re.sub(r"\s*\n\s*", " ", record["abstract"].strip())
        sentences = [s for s in SPLIT.split(abstract) if re.search(r"\d", s)]
        if not sentences:
            continue
        with_cue = [s for s in sentences if CUE.search(s)]
        (cued if with_cue else plain).append((record["id"], record["title"], with_cue or sentences))
    rng = random.Random(seed)
    picked = rng.sample(cued, count * 4 // 5) + rng.sample(plain, count - count * 4 // 5)
    for arxiv_id, title, sentences in picked:
        print(json.dumps({"arxiv_id": arxiv_id, "title": " ".join(title.split()), "sentence": rng.choice(sentences),
                          "results": []}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], **({"seed": int(sys.argv[2]), "count": int(sys.argv[3])} if len(sys.argv) > 3 else {}))
