"""What tests compare to tell that a command left a database as it was: its contents, read through the WAL."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def dump_sha(db_path: Path) -> str:
    """A digest of every table's rows (schema and data), read without kg's own code.

    The file's own bytes would miss what sits in the write-ahead log (``-wal``) until a checkpoint.
    """
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()
