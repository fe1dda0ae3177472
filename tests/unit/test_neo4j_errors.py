"""Opening a Neo4j store that cannot be used: one line naming the URL, never the password."""

from __future__ import annotations

import pytest

from explorer.store import open_store
from explorer.store.base import SchemaError, StoreError
from explorer.store.neo4j import Neo4jStore
from tests.bolt_server import free_port

SECRET = "s3cret-Pa55word"


def _open_error(url: str, **credentials: str | None) -> str:
    with pytest.raises(StoreError) as raised:
        Neo4jStore.open(url, **credentials)
    message = str(raised.value)
    assert "\n" not in message
    assert SECRET not in message
    return message


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:7474", "bolt://", "neo4j:///nohost", "ftp://user:" + SECRET + "@host"]
)
def test_a_bad_url_is_refused_before_connecting(url):
    assert "invalid Neo4j URL" in _open_error(url, user="neo4j", password=SECRET)


def test_an_unreachable_server_names_the_url():
    url = f"bolt://127.0.0.1:{free_port()}"
    message = _open_error(url, user="neo4j", password=SECRET)
    assert message.startswith(f"cannot reach Neo4j at {url}")


def test_a_password_in_the_url_is_never_shown():
    port = free_port()
    message = _open_error(f"neo4j://neo4j:{SECRET}@127.0.0.1:{port}")
    assert f"neo4j://neo4j@127.0.0.1:{port}" in message


def test_open_store_picks_neo4j_for_bolt_urls(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    with pytest.raises(StoreError) as raised:
        open_store(f"bolt://127.0.0.1:{free_port()}")
    assert SECRET not in str(raised.value) and "cannot reach Neo4j" in str(raised.value)


@pytest.mark.neo4j
def test_a_wrong_password_says_so(bolt_server):
    message = _open_error(bolt_server.url, user=bolt_server.user, password=SECRET, database=bolt_server.database)
    assert message == (
        f"Neo4j at {bolt_server.url} (database {bolt_server.database!r}) refused user "
        f"{bolt_server.user!r}: wrong user name or password"
    )


@pytest.mark.neo4j
def test_a_missing_database_says_so(bolt_server):
    message = _open_error(bolt_server.url, user=bolt_server.user, password=bolt_server.password, database="nope")
    assert message == f"Neo4j at {bolt_server.url} (database 'nope'): no such database"


@pytest.mark.neo4j
def test_credentials_come_from_the_environment(bolt_server, empty_neo4j_store, monkeypatch):
    for name, value in bolt_server.env().items():
        monkeypatch.setenv(name, value)
    store = open_store(bolt_server.url)
    try:
        assert store.stats()["documents"] == 0
    finally:
        store.close()


@pytest.mark.neo4j
def test_a_foreign_graph_is_left_alone(bolt_server, empty_neo4j_store):
    bolt_server.wipe()
    bolt_server.run("CREATE (:Customer {name: 'x'})")
    with pytest.raises(SchemaError, match="did not write"):
        bolt_server.open_store()
