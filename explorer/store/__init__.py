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


def open_store(url: str) -> GraphStore:
    """Open the store a URL names: sqlite:///path/graph.db, or neo4j://, bolt://, neo4j+s:// …"""
    scheme = url.split(":", 1)[0].lower()
    # Imported here: opening a SQLite store never loads the Neo4j driver.
    if scheme == "sqlite":
        from explorer.store.sqlite import SQLiteStore

        return SQLiteStore.open(url)
    if scheme in NEO4J_SCHEMES:
        from explorer.store.neo4j import Neo4jStore

        return Neo4jStore.open(url)
    raise StoreError(
        f"unknown store URL {without_password(url)!r}: use sqlite:///path/graph.db or neo4j://host:7687"
    )
