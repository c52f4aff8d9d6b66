"""Opening a knowledge base and running one command as one transaction.

>>> import tempfile, os
>>> db = open_db(os.path.join(tempfile.mkdtemp(), "kg.db"))
>>> "papers" in db.table_names()
True
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import sqlite3
from pathlib import Path

from kg.errors import DatabaseError, NoDatabase
from kg.store.schema import MIGRATIONS, MIGRATIONS_TABLE


def open_db(path, *, create: bool = True):
    """Open (and if needed create and migrate) the knowledge base at `path`.

    Raises :class:`NoDatabase` when `create` is false and nothing is there, and
    :class:`DatabaseError` when the folder does not exist or the file is not SQLite.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise NoDatabase(f'no knowledge base at {path} — run "kg build" first')
        if not path.parent.is_dir():
            raise DatabaseError(f"cannot create the database {path}: folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        db = Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"cannot open the database {path}: {error}") from None
    return db


class Database:
    """An open knowledge base: the sqlite3 connection and a few conveniences.

    Kept this small on purpose: ``kg ask`` opens a database on every call and must
    start fast; :meth:`table` hands out a sqlite-utils table where its helpers pay off.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def table(self, name: str):
        import sqlite_utils

        return sqlite_utils.Database(self.conn)[name]


def migrate(db) -> list[int]:
    """Apply the migrations `db` has not seen, each in its own transaction; return their versions."""
    conn = db.conn
    conn.execute(MIGRATIONS_TABLE)
    seen = {row[0] for row in conn.execute("SELECT version FROM _migrations")}
    applied = []
    for migration in MIGRATIONS:
        if migration.version in seen:
            continue
        with transaction(db):
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now()),
            )
        applied.append(migration.version)
    return applied


@contextlib.contextmanager
def transaction(db):
    """Everything inside runs in one transaction: all of it lands, or none of it."""
    conn = db.conn
    if conn.in_transaction:  # nested: the outer transaction decides
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
