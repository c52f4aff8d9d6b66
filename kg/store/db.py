"""Opening a knowledge base and running one command as one transaction.

Opening is where a database is judged before anything is written to it: an SQLite
file kg did not create is refused untouched, a kg database whose columns are not
the ones kg's migrations make is refused, a file kg may not write is opened read
only (writes then fail with one message), and a write lock held by another
process is waited for a bounded time (``KG_BUSY_TIMEOUT``).

>>> import tempfile, os
>>> db = open_db(os.path.join(tempfile.mkdtemp(), "kg.db"))
>>> "papers" in db.table_names(), db.readonly
(True, False)
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import os
import sqlite3
import time
import urllib.parse
from pathlib import Path

from kg.errors import DatabaseBusy, DatabaseError, ForeignDatabase, NoDatabase, ReadOnlyDatabase, SchemaMismatch
from kg.store.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION


def open_db(path, *, create: bool = True):
    """Open (and if needed create and migrate) the knowledge base at `path`.

    Raises :class:`NoDatabase` when `create` is false and nothing is there,
    :class:`ForeignDatabase` for an SQLite file kg did not create (left byte-identical),
    :class:`SchemaMismatch` for a kg database with other columns, :class:`DatabaseBusy`
    when another process holds the write lock too long, and :class:`DatabaseError`
    when the folder does not exist or the file is not SQLite. A file kg may not
    write is opened read-only: reading works, :func:`transaction` refuses.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise NoDatabase(f'no knowledge base at {path} — run "kg build" first')
        if not path.parent.is_dir():
            raise DatabaseError(f"cannot create the database {path}: folder {path.parent} does not exist")
    elif not path.is_file():
        raise DatabaseError(f"cannot open the database {path}: not a regular file")
    readonly = path.exists() and not _writable(path)
    try:
        db = Database(_connect(path, readonly), path, readonly)
        check_ours(db)  # before any write: even switching to WAL changes the file's header
        if not readonly:
            _use_wal(db.conn)
            db.conn.execute("PRAGMA foreign_keys=ON")
            db.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(db)
        check_schema(db)
    except sqlite3.OperationalError as error:
        raise _busy(path) if _is_busy(error) else DatabaseError(f"cannot open the database {path}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"cannot open the database {path}: {error}") from None
    return db


def busy_timeout() -> float:
    """Seconds to wait for another process's write lock: $KG_BUSY_TIMEOUT, else the default in kg.config."""
    from kg.config import setting

    try:
        return max(0.0, float(setting("KG_BUSY_TIMEOUT")))
    except ValueError:
        raise DatabaseError(f"KG_BUSY_TIMEOUT must be a number of seconds, not {setting('KG_BUSY_TIMEOUT')!r}") from None


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting up to :func:`busy_timeout` for the lock it needs.

    SQLite answers "database is locked" at once, without its busy handler, when two
    processes open one new file together and both try to switch it, so the wait is here.
    """
    deadline = time.monotonic() + busy_timeout()
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _writable(path: Path) -> bool:
    # The file's write bits count even for root (who may write anyway): a file made
    # read-only was made so on purpose. WAL mode writes -wal and -shm files beside
    # the database, so the folder must be writable too.
    has_write_bit = path.stat().st_mode & 0o222
    return bool(has_write_bit) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    timeout = busy_timeout()
    if not readonly:
        return sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=timeout)
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # a WAL database in a folder kg cannot write has no -shm to share: read it as a fixed file
        conn.close()
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False)
    return conn


class Database:
    """An open knowledge base: the sqlite3 connection and a few conveniences.

    Kept this small on purpose: ``kg ask`` opens a database on every call and must
    start fast; :meth:`table` hands out a sqlite-utils table where its helpers pay off.
    """

    def __init__(self, conn: sqlite3.Connection, path=None, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def table(self, name: str):
        import sqlite_utils

        return sqlite_utils.Database(self.conn)[name]


def check_ours(db) -> None:
    """Refuse an SQLite file that has tables but no kg migration record (kg did not create it)."""
    names = set(db.table_names())
    if names and "_migrations" not in names:
        raise ForeignDatabase(f"{db.path} is an SQLite database that kg did not create; "
                              "kg leaves it untouched — give another --db")


def check_schema(db) -> None:
    """Raise :class:`SchemaMismatch` unless every table kg's migrations make has exactly its columns."""
    have = set(db.table_names())
    if "_migrations" not in have:
        if db.readonly:
            raise ForeignDatabase(f"{db.path} is an empty read-only file, not a kg database")
        return  # :memory: or a fresh file being created
    version = db.conn.execute("SELECT max(version) FROM _migrations").fetchone()[0] or 0
    if version < SCHEMA_VERSION and db.readonly:
        raise ReadOnlyDatabase(f"{db.path} is read-only and was made by an older kg (schema version {version}); "
                               "make it writable once so kg can upgrade it")
    actual = _all_columns(db.conn)
    for table, columns in expected_columns(version).items():
        found = actual.get(table, ())
        missing = [c for c in columns if c not in found]
        extra = [c for c in found if c not in columns]
        if missing or extra:
            what = f"table {table}: " + (f"column {missing[0]} missing" if missing else f"unexpected column {extra[0]}")
            if table not in have:
                what = f"table {table} missing"
            raise SchemaMismatch(f"the database schema of {db.path} is not kg's (version {version}, {what}) — "
                                 f"rebuild it: move the file away and run \"kg build\"")


@functools.lru_cache(maxsize=1)
def expected_columns(version: int | None = None) -> dict[str, tuple[str, ...]]:
    """The columns of every table kg's migrations (up to `version`, all by default) make, read from an in-memory
    database.

    Views are left out: they hold no columns of their own, and planning the widest of them
    (edges_named, ten joins) took 16 ms of every kg command's start.
    """
    conn = sqlite3.connect(":memory:")
    for migration in MIGRATIONS:
        if version is not None and migration.version > version:
            break
        for statement in migration.statements:
            if not statement.lstrip().upper().startswith("CREATE VIEW"):
                conn.execute(statement)
    return _all_columns(conn)


def _all_columns(conn) -> dict[str, tuple[str, ...]]:
    """Every table's columns, in order, read in one query."""
    columns: dict[str, list[str]] = {}
    for table, column in conn.execute(_ALL_COLUMNS):
        columns.setdefault(table, []).append(column)
    return {table: tuple(names) for table, names in columns.items()}


_ALL_COLUMNS = """SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p
    WHERE m.type = 'table' ORDER BY m.name, p.cid"""


def migrate(db) -> list[int]:
    """Apply the migrations `db` has not seen, each in its own transaction; return their versions.

    Each migration is checked again once the write lock is held, so two processes
    opening one new database at once apply it once.
    """
    conn = db.conn
    conn.execute(MIGRATIONS_TABLE)
    seen = {row[0] for row in conn.execute("SELECT version FROM _migrations")}
    applied = []
    for migration in MIGRATIONS:
        if migration.version in seen:
            continue
        with transaction(db):
            if conn.execute("SELECT 1 FROM _migrations WHERE version = ?", (migration.version,)).fetchone():
                continue  # another process applied it while this one waited for the lock
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
    """Everything inside runs in one transaction: all of it lands, or none of it.

    Raises :class:`ReadOnlyDatabase` on a database opened read-only and
    :class:`DatabaseBusy` when another process keeps the write lock too long.
    """
    conn = db.conn
    if conn.in_transaction:  # nested: the outer transaction decides
        yield db
        return
    if getattr(db, "readonly", False):
        raise ReadOnlyDatabase(f"the database {db.path} is read-only: this command writes to it — "
                               "make the file (and its folder) writable, or give another --db")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            raise _busy(getattr(db, "path", None)) from None
        raise
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _busy(path) -> DatabaseBusy:
    return DatabaseBusy(f"the database {path} is busy: another kg command has been writing to it for over "
                        f"{busy_timeout():g} s — try again when it has finished (or raise KG_BUSY_TIMEOUT)")


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
