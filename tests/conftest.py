"""Fixtures shared by every test folder: the Bolt test server and an empty Neo4j store on it.

The server (ArcadeDB with its Bolt plugin, see tests/bolt_server.py) starts once per session, only when
a test asks for it, and is stopped by PID at the end. When it cannot start the tests fail, in CI always;
outside CI they are skipped only when the Java runtime it needs is not installed.

Markers (declared in pyproject.toml) are set here from what a test uses, so `make test-neo4j` (`-m neo4j`)
and `-m e2e` select every test that needs the server or a browser: a test that asks for the Bolt server,
directly or through another fixture, is `neo4j`; a test under tests/e2e/ is `e2e`. Tests that reach the
server some other way carry the mark themselves.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.bolt_server import BoltServer

# Property tests never hide a failure in a local .hypothesis/ folder: a counterexample is printed with the
# blob that replays it, and goes into the test as an explicit @example. In CI they draw the same examples
# on every run, so CI passes or fails on the code, not on the draw.
settings.register_profile("local", database=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("local"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "bolt_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[BoltServer]:
    server = BoltServer.start_or_skip()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def empty_neo4j_store(bolt_server: BoltServer):
    """A Neo4jStore on a database emptied for this test (graph, curation log and counters)."""
    bolt_server.wipe()
    store = bolt_server.open_store()
    yield store
    store.close()
