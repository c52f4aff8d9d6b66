"""Build the default knowledge base from the embedded corpus and show what it holds.

This is what `make run` calls: build the graph from corpus/, show its size, answer
the two corpus question prompts and one free question, and write the HTML graph.
The database goes to $KG_DB (the Makefile sets out/kg.db), else the user data dir.
"""
from __future__ import annotations

import sys
from pathlib import Path

from kg.cli import cli

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
FREE_QUESTION = "Which methods can make a portrait photo talk in sync with an audio clip?"


def run(*args: str) -> None:
    print(f"\n$ kg {' '.join(args)}", flush=True)
    try:
        cli.main(list(args), prog_name="kg", standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            raise


def main() -> int:
    from kg.config import default_db_path

    default_db_path().parent.mkdir(parents=True, exist_ok=True)
    run("build", str(CORPUS))
    run("stats")
    commands = {name for name in cli.commands}
    if "ask" in commands:
        for prompt in sorted((CORPUS / "prompts").glob("*.txt")):
            run("ask", "--prompt", str(prompt))
        run("ask", FREE_QUESTION)
    if "graph" in commands:
        run("graph", "-o", str(ROOT / "out" / "kg_graph.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
