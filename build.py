"""Build the default knowledge base from the embedded corpus and show what it holds.

This is what `make run` calls. The database goes to $KG_DB (the Makefile sets
it to out/kg.db), else the user data directory.
"""
from __future__ import annotations

import sys
from pathlib import Path

from kg.cli import cli

CORPUS = Path(__file__).resolve().parent / "corpus"


def run(*args: str) -> None:
    print(f"\n$ kg {' '.join(args)}", flush=True)
    try:
        cli.main(list(args), prog_name="kg", standalone_mode=False)
    except SystemExit as exit_:  # click's exit on error
        if exit_.code:
            raise


def main() -> int:
    from kg.config import default_db_path

    default_db_path().parent.mkdir(parents=True, exist_ok=True)
    run("ingest", str(CORPUS))
    run("stats")
    run("papers", "face parsing", "--limit", "3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
