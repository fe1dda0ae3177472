"""The embedded default store: one SQLite file (WAL, FTS5 for search).

store.py is the GraphStore (and its reads); connection.py opens one connection per thread and runs write
transactions; schema.py creates or checks the tables; writes.py writes a document; slices.py reads and
swaps the rows curation changes; rows.py turns rows into records and back.
"""

from explorer.store.sqlite.store import SQLiteStore

__all__ = ["SQLiteStore"]
