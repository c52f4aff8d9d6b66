"""SQLite storage: opening databases, the schema, and the queries the stages share."""
from kg.store.db import open_db, transaction

__all__ = ["open_db", "transaction"]
