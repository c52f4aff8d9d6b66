"""Which stage last wrote the knowledge base: so readers can tell an ingest the NLP pass has not seen.

``kg ingest`` (and ``kg fetch``) mark the database 'ingested' when they change it;
``kg build`` marks it 'built' in the transaction that finishes its NLP pass.
A database with no mark predates it and is taken as built.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> _ = conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
>>> mark(conn, INGESTED); needs_build(conn)
True
>>> mark(conn, BUILT); needs_build(conn)
False
"""
from __future__ import annotations

from kg.store.queries import set_setting, setting

STATE_KEY = "build.state"
INGESTED = "ingested"
BUILT = "built"

_HOLDS_ANY = "SELECT EXISTS (SELECT 1 FROM papers) OR EXISTS (SELECT 1 FROM prompts)"


def mark(conn, state: str) -> None:
    """Record that the stage `state` (INGESTED or BUILT) was the last to change the database."""
    set_setting(conn, STATE_KEY, state)


def needs_build(conn) -> bool:
    """True when papers were ingested after the last NLP pass (or with none at all)."""
    return setting(conn, STATE_KEY) == INGESTED


def holds_nothing(conn) -> bool:
    """True when no paper and no prompt was ingested (a new file, or one a failed first build left)."""
    return not conn.execute(_HOLDS_ANY).fetchone()[0]
