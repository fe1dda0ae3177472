"""A store that only reads: what `explorer ui --read-only` serves, so no page, widget or bug can write.

Reads pass through to the store it wraps; every write raises a StoreError. Methods are allowed by name:
one that is neither a known read nor a known write is refused too, so a write added to the GraphStore
protocol later cannot slip through (tests/contract/test_readonly_contract.py checks every protocol method
is named here).
"""

from __future__ import annotations

from typing import Any

from explorer.store.base import GraphStore, StoreError

READS = frozenset(
    {
        "url", "close", "has_document", "entity", "entities", "iter_entities", "search", "top_entities",
        "neighbourhood", "relations_of", "relations_between", "relations_by_type", "subgraph", "paths", "document",
        "documents", "documents_for", "document_counts", "mentions_in", "relations_in", "extraction", "timeline",
        "stats", "curation_log", "relation", "curation_slice", "run_read_query", "generation", "replays",
    }
)  # fmt: skip
# `backup` only reads the store but writes a file on the server: not something a read-only app offers.
WRITES = frozenset(
    {
        "upsert_extraction", "upsert_parts", "write_document", "append_curation", "pop_curation", "replace_slice",
        "backup",
    }
)  # fmt: skip


class ReadOnlyError(StoreError):
    """A write was asked of a read-only store."""


class ReadOnlyStore:
    """`store` with its reads only."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name in READS:
            return getattr(self._store, name)
        if name in WRITES:
            return _refuse
        raise AttributeError(name)


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise ReadOnlyError("this app is read-only (explorer ui --read-only): nothing can be changed here")
