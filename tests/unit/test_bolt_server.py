"""The Bolt test server launcher: it refuses a taken port, and a stopped server leaves no process behind."""

from __future__ import annotations

import os
import socket

import pytest

from tests.bolt_server import BoltServer, BoltServerError, arcadedb_home, free_port, port_taken


@pytest.mark.neo4j  # needs the ArcadeDB runtime, though not the session server
def test_a_taken_port_is_refused_before_launching():
    arcadedb_home()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        taken = listener.getsockname()[1]
        assert port_taken(taken)
        with pytest.raises(BoltServerError, match=f"port {taken} on 127.0.0.1 is already in use"):
            BoltServer.start(bolt_port=taken)


@pytest.mark.neo4j
def test_the_session_server_answers_on_loopback_only(bolt_server):
    assert bolt_server.url.startswith("bolt://127.0.0.1:")
    assert bolt_server.process.poll() is None
    assert bolt_server.folder.is_dir()


@pytest.mark.neo4j
def test_a_server_that_cannot_start_in_time_is_stopped(monkeypatch):
    started = []
    original = BoltServer.stop

    def remember(self, keep_folder=False):
        started.append(self.process.pid)
        original(self, keep_folder)

    monkeypatch.setattr(BoltServer, "stop", remember)
    with pytest.raises(BoltServerError, match="did not answer"):
        BoltServer.start(bolt_port=free_port(), timeout=0.5)
    (pid,) = started
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
