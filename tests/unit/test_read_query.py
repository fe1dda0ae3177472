"""The read-only console's guards against a server whose EXPLAIN classifies queries, as Neo4j's does (the
Bolt test server calls every query a write, so there the EXPLAIN guard stays off: tests/ui/test_query_page.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from neo4j import READ_ACCESS

from explorer.store import read_query
from explorer.store.read_query import QueryRefused

READS = {"EXPLAIN RETURN 1", "EXPLAIN MATCH (n) RETURN n", "MATCH (n) RETURN n"}


class FakeNeo4j:
    """A driver that plans and runs like Neo4j: EXPLAIN says "r" only for reads; it records what ran."""

    def __init__(self) -> None:
        self.ran: list[str] = []
        self.modes: set[str] = set()
        self.rolled_back = 0

    def session(self, database=None, default_access_mode=None):
        self.modes.add(default_access_mode)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, cypher, params=None):
        self.ran.append(cypher)
        kind = "r" if cypher in READS else "w"
        counters = SimpleNamespace(contains_updates=False, contains_system_updates=False)
        return _Result(SimpleNamespace(query_type=kind, counters=counters))

    def begin_transaction(self, timeout=None):
        return self

    def rollback(self):
        self.rolled_back += 1


class _Result:
    def __init__(self, summary):
        self.summary = summary

    def keys(self):
        return ["n"]

    def __iter__(self):
        return iter([SimpleNamespace(values=lambda: [1])])

    def consume(self):
        return self.summary


def test_a_server_that_classifies_queries_has_writes_refused_before_they_run():
    driver = FakeNeo4j()
    assert read_query.explains_honestly(driver, None)
    with pytest.raises(QueryRefused, match="plans this query as a write"):
        read_query.refuse_unless_explained_read(driver, None, "MATCH (n) DETACH DELETE n")
    assert driver.ran == ["EXPLAIN RETURN 1", "EXPLAIN MATCH (n) DETACH DELETE n"]
    read_query.refuse_unless_explained_read(driver, None, "MATCH (n) RETURN n")
    result = read_query.run_rolled_back(driver, None, "MATCH (n) RETURN n", {}, 5.0, 10)
    assert (result.columns, result.rows, driver.rolled_back) == (["n"], [[1]], 1)
    assert driver.modes == {READ_ACCESS}
