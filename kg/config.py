"""Settings and their defaults, in one place.

Every setting can come from the environment; the CLI's options override them.

>>> from kg.config import SETTINGS
>>> "KG_DB" in {s.env for s in SETTINGS}
True
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    meaning: str


SETTINGS = (
    Setting("KG_DB", "", "path of the SQLite knowledge base; overrides KG_HOME"),
    Setting("KG_HOME", "", "folder holding kg.db; default: the platform user data directory"),
    Setting("KG_ARXIV_API", "https://export.arxiv.org/api/query", "arXiv API query endpoint used by kg fetch"),
    Setting("KG_BUSY_TIMEOUT", "10", "seconds a command waits while another kg command writes the same database"),
    Setting("KG_EMBED_MODEL", "", "sentence encoder: a folder with model.onnx + tokenizer.json, or 'none' for "
            "lexical mode; default: the pinned all-MiniLM-L6-v2 of the 'semantic' extra (kg.index.encoder)"),
)

PACKAGE_DIR = Path(__file__).resolve().parent
#: The embedded corpus: package data (``kg/corpus``; in a checkout a link to the top-level corpus/ folder).
EMBEDDED_CORPUS = PACKAGE_DIR / "corpus"


def setting(env: str) -> str:
    """The value of a setting: the environment variable when set, else its default.

    >>> setting("KG_BUSY_TIMEOUT") if "KG_BUSY_TIMEOUT" not in os.environ else "10"
    '10'
    """
    default = next(s.default for s in SETTINGS if s.env == env)
    return os.environ.get(env) or default


def user_data_dir() -> Path:
    """The platform's per-user data folder for kg (XDG on Linux)."""
    try:
        import platformdirs
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "kg"
    return Path(platformdirs.user_data_dir("kg", appauthor=False))


def default_db_path() -> Path:
    """Where the knowledge base lives: $KG_DB, else $KG_HOME/kg.db, else the user data dir.

    >>> import os; os.environ["KG_DB"] = "/tmp/x.db"; str(default_db_path())
    '/tmp/x.db'
    >>> del os.environ["KG_DB"]
    """
    if os.environ.get("KG_DB"):
        return Path(os.environ["KG_DB"]).expanduser()
    return home_db_path()


def home_db_path() -> Path:
    """kg's own database, $KG_HOME/kg.db: the one kg creates, folder and all, and builds on first use
    (a path given with --db or $KG_DB must exist, or at least its folder)."""
    return home_dir() / "kg.db"


def home_dir() -> Path:
    """kg's own folder: $KG_HOME, else the platform's user data directory."""
    if os.environ.get("KG_HOME"):
        return Path(os.environ["KG_HOME"]).expanduser()
    return user_data_dir()


def user_corpus_dir() -> Path:
    """Where ``kg fetch`` keeps fetched papers by default (never inside the installed package).

    >>> user_corpus_dir() == home_dir() / "corpus"
    True
    """
    return home_dir() / "corpus"
