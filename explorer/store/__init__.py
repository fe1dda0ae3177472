"""Stores: the GraphStore contract (base.py), what every backend shares (shared.py, search.py,
neighbourhood.py, paths.py, ranking.py), and one package per backend (sqlite/, neo4j/).

`open_store(url)` picks the backend a URL names. A new backend is a package here implementing
`base.GraphStore` (most reads come from `shared.SharedReads`), a branch in `open_store`, and a fixture in
tests/contract/conftest.py so the contract suite runs on it.
"""

from __future__ import annotations

from explorer.config import without_password
from explorer.store.base import GraphStore, StoreError

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")  # URL schemes of Neo4jStore


def open_store(url: str, *, create: bool = True) -> GraphStore:
    """Open the store a URL names: sqlite:///path/graph.db, or neo4j://, bolt://, neo4j+s:// …

    With create=False a SQLite file that does not exist is a NoStore error, not a new empty store (a Neo4j
    database always exists: an empty one reads as empty).
    """
    scheme = url.split(":", 1)[0].lower()
    # Imported here: opening a SQLite store never loads the Neo4j driver.
    if scheme == "sqlite":
        from explorer.store.sqlite import SQLiteStore

        return SQLiteStore.open(url, create=create)
    if scheme in NEO4J_SCHEMES:
        from explorer.store.neo4j import Neo4jStore

        return Neo4jStore.open(url)
    raise StoreError(
        f"unknown store URL {without_password(url)!r}: use sqlite:///path/graph.db or neo4j://host:7687"
    )
