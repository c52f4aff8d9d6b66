"""Shared fixtures: the embedded corpus, the shared sample data, a small real database, a CLI runner."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def private_kg_home(tmp_path_factory):
    """$KG_HOME in a temporary folder: papers a developer fetched into their own data folder
    (which a default build reads) never reach the tests."""
    import os

    old = os.environ.get("KG_HOME")
    os.environ["KG_HOME"] = str(tmp_path_factory.mktemp("kg_home"))
    yield
    if old is None:
        os.environ.pop("KG_HOME", None)
    else:
        os.environ["KG_HOME"] = old


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The project's embedded default corpus (`corpus/`)."""
    return PROJECT / "corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout; tests that need it skip only when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent (third-party sample data, not in the repo)")
    return SHARED


@pytest.fixture
def corpus_db(tmp_path, corpus_dir) -> Path:
    """A fresh knowledge base in `tmp_path` holding the embedded corpus; returns its path."""
    from kg import api

    db_path = tmp_path / "kg.db"
    api.ingest([corpus_dir], db_path=db_path)
    return db_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built_corpus_db(tmp_path_factory, corpus_dir) -> Path:
    """One knowledge base built (ingest + NLP + graph) from the embedded corpus for the whole run.

    Shared by every test that only reads it; a test that changes a database builds its own.
    """
    from kg import api

    db_path = tmp_path_factory.mktemp("built_corpus") / "kg.db"
    api.build([corpus_dir], db_path=db_path)
    return db_path
