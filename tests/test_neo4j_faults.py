"""The Neo4j connection dropped in the middle of an ingest: the driver retries, the ingest stops with one
clear line (no password in it), and a rerun against the restarted server finishes the job without a
half-written document.

A server of its own (tests/bolt_server.py with its own data folder), so the shared session server is never
stopped under other tests.
"""

from __future__ import annotations

import logging
import time
from unittest import mock

import pytest

import tests.bolt_server as bolt
from bench.synthetic import articles
from explorer.ingest import ingest_documents
from explorer.store.base import StoreError
from explorer.store.neo4j import Neo4jStore
from explorer.store.sqlite import SQLiteStore

pytestmark = pytest.mark.neo4j

DOCUMENTS = 5
STOP_AFTER = 2
RETRY_SECONDS = 2.0  # the store's transaction retry budget (15 s in use), shortened to keep the test fast


@pytest.fixture
def own_server():
    servers = [bolt.BoltServer.start_or_skip()]
    yield servers
    for running in servers:
        running.stop()


def _restart_on(folder, password: str) -> bolt.BoltServer:
    """A new server over the data folder (and root password) of a stopped one."""
    with (
        mock.patch.object(bolt.tempfile, "mkdtemp", return_value=str(folder)),
        mock.patch.object(bolt.secrets, "token_urlsafe", return_value=password),
    ):
        return bolt.BoltServer.start()


def _url(server: bolt.BoltServer) -> str:
    """Credentials written in the URL: the error message must still never show the password."""
    return f"bolt://{server.user}:{server.password}@127.0.0.1:{server.bolt_port}"


def _open(server: bolt.BoltServer) -> Neo4jStore:
    return Neo4jStore.open(_url(server), database=server.database)


def test_a_dropped_connection_stops_the_ingest_cleanly_and_the_rerun_resumes(
    own_server, tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr("explorer.store.neo4j.connection.RETRY_TIME", RETRY_SECONDS)
    documents = list(articles(DOCUMENTS, words_per_article=120, seed=5))
    server = own_server[0]
    store = _open(server)

    def stop_midway(done: int, total: int) -> None:
        if done == STOP_AFTER:
            server.stop(keep_folder=True)
            stop_midway.at = time.monotonic()

    caplog.set_level(logging.WARNING, logger="neo4j")
    try:
        with pytest.raises(StoreError) as raised:
            ingest_documents(documents, store, progress=stop_midway, workers=1)
        waited = time.monotonic() - stop_midway.at
    finally:
        store.close()
    message = str(raised.value)
    assert "\n" not in message and server.password not in message
    assert message.startswith(f"Neo4j at bolt://{server.user}@127.0.0.1:{server.bolt_port}"), message
    assert any("will be retried" in r.getMessage() for r in caplog.records), "the driver should retry first"
    assert waited < RETRY_SECONDS + 10, f"gave up after {waited:.1f} s: the retry budget was not honoured"

    restarted = _restart_on(server.folder, server.password)
    own_server.append(restarted)
    store = _open(restarted)
    try:
        assert store.stats()["documents"] == STOP_AFTER, "what was stored before the drop survives the restart"
        report = ingest_documents(documents, store, workers=1)
        assert (report.new, report.unchanged, report.failed) == (DOCUMENTS - STOP_AFTER, STOP_AFTER, 0)
        stored = {d.id: (len(store.mentions_in(d.id)), len(store.relations_in(d.id))) for d in documents}
        stats = store.stats()
    finally:
        store.close()

    # The same documents through the embedded store in one go: every Neo4j document is whole.
    reference = SQLiteStore.open(f"sqlite:///{tmp_path / 'reference.db'}")
    try:
        ingest_documents(documents, reference, workers=1)
        expected = {d.id: (len(reference.mentions_in(d.id)), len(reference.relations_in(d.id))) for d in documents}
        expected_stats = reference.stats()
    finally:
        reference.close()
    assert stored == expected
    assert all(mentions and relations for mentions, relations in stored.values())
    assert {k: stats[k] for k in ("documents", "entities", "relations", "mentions")} == {
        k: expected_stats[k] for k in ("documents", "entities", "relations", "mentions")
    }
