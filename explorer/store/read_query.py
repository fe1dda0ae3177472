"""The analyst's own Cypher, read-only: guarded by the database, never by reading the query's text.

A query is not parsed here (comments, string literals and quoted names fool any rule on the text). The
guards are what the server itself says and does, outermost first:

1. `EXPLAIN` through the driver: the plan's query type must be "r" (read-only), else the query is refused
   before it runs. Used only when the server classifies queries: Neo4j does; ArcadeDB's Bolt server calls
   every query "w", even `RETURN 1` (checked once per store, see `explains_honestly`).
2. The query runs in an explicit transaction opened with READ access mode, which Neo4j enforces (a write,
   a schema change or `CALL … IN TRANSACTIONS` fails there). ArcadeDB ignores the access mode.
3. The transaction is always rolled back, and before any row is shown the result summary must say the
   query only read (query type "r", no updates, no system updates). On ArcadeDB this is the guard that
   holds: data writes are rolled back and refused. Schema commands and `CALL … IN TRANSACTIONS` commit on
   their own there, outside the transaction, and no client-side guard stops them: a console anyone may
   use must connect as a database user who cannot write (Neo4j's `reader` role), see the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from neo4j import READ_ACCESS, Driver, ResultSummary

from explorer.store.base import StoreError


@dataclass
class ReadResult:
    """Rows of a read-only query (values are driver objects: Node, Relationship, Path or plain values)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False


class QueryRefused(StoreError):
    """The query would write, or did and was rolled back: nothing of it is shown."""


@runtime_checkable
class ReadQueryConsole(Protocol):
    """A store that runs an analyst's query without ever letting it change the graph."""

    def run_read_query(
        self, cypher: str, params: dict[str, Any] | None = None, timeout: float = 10.0, max_rows: int = 1000
    ) -> ReadResult: ...


def explains_honestly(driver: Driver, database: str | None) -> bool:
    """Does the server's EXPLAIN tell reads from writes? (A plain read must come back as "r".)"""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        return session.run("EXPLAIN RETURN 1").consume().query_type == "r"


def refuse_unless_explained_read(driver: Driver, database: str | None, cypher: str) -> None:
    """Guard 1: ask the planner what kind of query this is, without running it."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        kind = session.run(f"EXPLAIN {cypher}").consume().query_type
    if kind != "r":
        raise QueryRefused(f"This console only reads: the database plans this query as {_KINDS.get(kind, kind)}.")


def run_rolled_back(
    driver: Driver, database: str | None, cypher: str, params: dict[str, Any], timeout: float, max_rows: int
) -> ReadResult:
    """Guards 2 and 3: a READ transaction, always rolled back, whose summary must show it only read."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        transaction = session.begin_transaction(timeout=timeout)
        try:
            result = transaction.run(cypher, params)
            columns = list(result.keys())
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(list(record.values()))
            _refuse_if_written(result.consume())
        finally:
            transaction.rollback()
    return ReadResult(columns, rows, truncated)


def _refuse_if_written(summary: ResultSummary) -> None:
    counters = summary.counters
    if summary.query_type == "r" and not counters.contains_updates and not counters.contains_system_updates:
        return
    changes = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in _changes(counters))
    raise QueryRefused(
        "This console only reads: the query "
        + (f"changed the graph ({changes})" if changes else f"is {_KINDS.get(summary.query_type, 'not a read')}")
        + "; it was rolled back and nothing is shown."
    )


def _changes(counters: Any) -> list[tuple[str, int]]:
    names = (
        "nodes_created nodes_deleted relationships_created relationships_deleted properties_set labels_added"
        " labels_removed indexes_added indexes_removed constraints_added constraints_removed system_updates"
    ).split()
    return [(name, getattr(counters, name)) for name in names if getattr(counters, name, 0)]


_KINDS = {"w": "a write", "rw": "a read and write", "s": "a schema change", None: "of an unknown kind"}
