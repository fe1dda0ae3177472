"""The store contract fixtures: every test in tests/contract/ runs once per backend."""

from __future__ import annotations

import pytest

from explorer.store.base import GraphStore
from tests.factories import sample_extractions

BACKENDS = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path) -> GraphStore:
    """An empty store of each backend."""
    if request.param == "sqlite":
        from explorer.store.sqlite import SQLiteStore

        opened = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    else:
        opened = request.getfixturevalue("empty_neo4j_store")
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    """A store holding the two sample documents of tests/factories.py."""
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    return store
