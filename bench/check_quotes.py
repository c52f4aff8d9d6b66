"""Are quotes verbatim and links attached? Figures for this checkout beside a baseline, same run.

For each corpus (the embedded corpus; with ``--arxiv-sample`` also ../shared/data/arxiv_cs_sample.jsonl)
a knowledge base is built by this checkout and, with ``--baseline REF`` (default: the merge base
with main), by that git revision (extracted to a temporary folder), and the script prints:

- **stored quotes verbatim**: share of evidence sentences (edges, links) that occur in their source
  file after the format's own decoding (JSON escapes; no LaTeX or white-space normalisation);
- **link URLs in the corpus**: share of stored link URLs found in their source (or the enrich cache);
- **URL abstracts with a link**: share of papers whose abstract holds a URL (plain pattern, not kg's
  reader) that have one of those URLs attached (daily-papers listings; arXiv records for the sample);
- with ``--questions FILE`` (repeatable): every ``kg ask QUESTION --format json`` answer is scanned:
  share of evidence texts verbatim in the corpus files and of printed URLs found there.

    python bench/check_quotes.py [--arxiv-sample] [--questions ../shared/eval/questions_dev.jsonl]
                                 [--db FILE] [--baseline REF | --no-baseline]

Targets (issue 13): 100% verbatim quotes; >= 95% of URL-holding listing abstracts with a link.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "data" / "arxiv_cs_sample.jsonl"
sys.path.insert(0, str(ROOT))

from kg.evaluation.grounding import Check, SourceTexts, check_stored, scan_answer, url_coverage  # noqa: E402


def kg_command(code: Path) -> tuple[list[str], dict]:
    return [sys.executable, "-c", "import sys; from kg.cli import cli; sys.exit(cli())"], {
        **os.environ, "PYTHONPATH": str(code)}


def run(code: Path, args: list[str]) -> str:
    command, env = kg_command(code)
    result = subprocess.run(command + args, capture_output=True, text=True, env=env, cwd=code)
    if result.returncode != 0:
        raise SystemExit(f"failed: kg {' '.join(args)}\n{result.stderr}")
    return result.stdout


def build(code: Path, db: Path, paths: list[str]) -> float:
    """Build `paths` with the code in `code`; return the wall seconds (a rough figure on a shared machine)."""
    started = time.perf_counter()
    run(code, ["build", *paths, "--db", str(db), "--jobs", "2"])
    return time.perf_counter() - started


def questions_of(files: list[str]) -> list[str]:
    return [json.loads(line)["question"] for name in files for line in Path(name).read_text().splitlines() if line.strip()]


def figures(code: Path, db: Path, questions: list[str], formats: tuple[str, ...]) -> dict:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    texts = SourceTexts(conn, roots=[code / "corpus", SAMPLE.parent])
    has_links = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'links'").fetchone() is not None
    quotes, urls = check_stored(conn, texts) if has_links else (_edges_only(conn, texts), Check())
    coverage = url_coverage(conn, texts, formats) if has_links else _nothing_covered(conn, texts, formats)
    asked_quotes, asked_urls = Check(), Check()
    for question in questions:
        answer = json.loads(run(code, ["ask", question, "--format", "json", "--db", str(db)]))
        q, u = scan_answer(answer, texts)
        asked_quotes.checked += q.checked
        asked_quotes.failures += q.failures
        asked_urls.checked += u.checked
        asked_urls.failures += u.failures
    return {"stored quotes verbatim": quotes, "link URLs in the corpus": urls,
            "URL abstracts with a link": coverage, "answer quotes verbatim": asked_quotes,
            "answer URLs in the corpus": asked_urls}


def _edges_only(conn, texts) -> Check:
    quotes = Check()
    for doc, sentence in conn.execute("SELECT doc, sentence FROM edges WHERE sentence != ''"):
        quotes.add(texts.holds(sentence, doc), f"{doc}: {sentence[:80]}")
    return quotes


def _nothing_covered(conn, texts, formats) -> Check:
    """A baseline without a links table attaches no link from the text (its url/github columns aside)."""
    conn.execute("CREATE TEMP TABLE links (url TEXT, node TEXT)")
    conn.execute("""INSERT INTO temp.links SELECT github, 'paper:' || id FROM papers WHERE github IS NOT NULL
                    UNION ALL SELECT url, 'paper:' || id FROM papers WHERE url IS NOT NULL""")
    return url_coverage(conn, texts, formats)


def baseline_code(ref: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def show(corpus: str, rows: dict[str, dict]) -> None:
    names = list(rows)
    print(f"\n{corpus}")
    print(f"  {'figure':<28}" + "".join(f"{name:>26}" for name in names))
    for figure in next(iter(rows.values())):
        cells = []
        for name in names:
            check = rows[name][figure]
            cells.append(f"{100 * check.share:6.1f}% of {check.checked:>6}" if check.checked else f"{'—':>15}")
        print(f"  {figure:<28}" + "".join(f"{cell:>26}" for cell in cells))
    for name in names:
        for figure, check in rows[name].items():
            for failure in check.failures[:3]:
                print(f"    {name} · {figure}: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arxiv-sample", action="store_true", help=f"also build and check {SAMPLE}")
    parser.add_argument("--questions", action="append", default=[], help="a questions JSONL file (repeatable)")
    parser.add_argument("--sample-questions", action="append", default=[], help="questions for the sample database")
    parser.add_argument("--db", help="check this existing knowledge base instead of building the embedded corpus")
    parser.add_argument("--baseline", default=None, help="git revision to compare with (default: merge base with main)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg_quotes_") as tmp:
        tmp = Path(tmp)
        codes = {"this checkout": ROOT}
        if not args.no_baseline and not args.db:
            ref = args.baseline or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                                  text=True).stdout.strip() or "HEAD"
            (tmp / "base").mkdir()
            codes[f"baseline {ref[:10]}"] = baseline_code(ref, tmp / "base")
        corpora = [("embedded corpus", [], questions_of(args.questions), ("daily-papers",))]
        if args.arxiv_sample:
            corpora.append(("arXiv sample (12,549 records)", [str(SAMPLE)], questions_of(args.sample_questions),
                            ("arxiv-jsonl",)))
        for corpus, paths, questions, formats in corpora:
            rows, seconds = {}, {}
            for name, code in codes.items():
                if args.db:
                    db = Path(args.db)
                else:
                    db = tmp / f"kg_{len(rows)}_{corpus.split()[0]}.db"
                    seconds[name] = build(code, db, paths)
                rows[name] = figures(code, db, questions, formats)
            show(corpus, rows)
            if seconds:
                print("  kg build wall time: " + ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items()))


if __name__ == "__main__":
    main()
