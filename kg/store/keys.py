"""Large ``IN`` lists: the values travel as one JSON array parameter, read back with ``json_each``.

SQLite limits the number of ``?`` in one statement; a JSON array is one parameter
of any length, so no caller chunks its list, formats placeholders into SQL or
creates a temporary table in a database it may only read.
Write ``IN (SELECT value FROM json_each(?))`` (the :data:`IN_VALUES` fragment) and
pass :func:`values_param` of the list.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> _ = conn.execute("CREATE TABLE t (key TEXT, n INTEGER)")
>>> _ = conn.executemany("INSERT INTO t VALUES (?, ?)", [("a", 1), ("b", 2), ("c", 3)])
>>> conn.execute(f"SELECT key FROM t WHERE key IN ({IN_VALUES}) ORDER BY key", (values_param(["c", "a", "z"]),)).fetchall()
[('a',), ('c',)]
>>> conn.execute(f"SELECT key FROM t WHERE n IN ({IN_VALUES})", (values_param(range(2, 100_000)),)).fetchall()
[('b',), ('c',)]
"""
from __future__ import annotations

import json

IN_VALUES = "SELECT value FROM json_each(?)"


def values_param(values) -> str:
    """One SQL parameter holding `values` (strings or integers), sorted and without repeats."""
    return json.dumps(sorted(set(values)))
