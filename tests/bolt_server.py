"""Run an ArcadeDB server with its Bolt plugin: the stand-in for Neo4j in tests and benchmarks.

ArcadeDB comes from PyPI (`arcadedb-embedded`, pinned in the dev extra) with its own Java runtime, so no
Docker and no Neo4j install is needed. The server listens on 127.0.0.1 only, keeps its data in a fresh
temporary folder, counts as ready when a driver query succeeds (the Bolt port opens seconds before the
database exists), and is stopped by its PID, also when start-up fails.

    with BoltServer.start() as server:
        store = server.open_store()
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.store.neo4j import Neo4jStore

DATABASE = "explorer"
USER = "root"
START_TIMEOUT = 90.0
# ArcadeDB's server groups: its own admin and no-access defaults, plus "reader", allowed to read records only.
_RECORDS = ["createRecord", "readRecord", "updateRecord", "deleteRecord"]
GROUPS = {
    "databases": {
        "*": {
            "groups": {
                "admin": {
                    "resultSetLimit": -1,
                    "readTimeout": -1,
                    "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
                    "types": {"*": {"access": _RECORDS}},
                },
                "reader": {
                    "resultSetLimit": -1,
                    "readTimeout": -1,
                    "access": [],
                    "types": {"*": {"access": ["readRecord"]}},
                },
                "*": {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": []}}},
            }
        }
    },
    "version": 2,
}


class BoltServerError(RuntimeError):
    """The server could not be started (missing runtime, port taken, start-up failed or timed out)."""


class MissingRuntime(BoltServerError):
    """arcadedb-embedded or its bundled Java runtime is not installed."""


def arcadedb_home() -> Path:
    """The arcadedb_embedded package folder (holds jre/ and jars/)."""
    try:
        import arcadedb_embedded
    except ImportError as error:
        raise MissingRuntime(f"arcadedb-embedded is not installed ({error})") from None
    home = Path(arcadedb_embedded.__file__).parent
    if not (home / "jre" / "bin" / "java").exists():
        raise MissingRuntime(f"no bundled Java runtime under {home / 'jre'}")
    return home


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class BoltServer:
    process: subprocess.Popen[bytes]
    bolt_port: int
    http_port: int
    password: str
    folder: Path
    user: str = USER
    database: str = DATABASE
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @classmethod
    def start(
        cls, bolt_port: int | None = None, http_port: int | None = None, timeout: float = START_TIMEOUT
    ) -> BoltServer:
        home = arcadedb_home()
        bolt_port = bolt_port or free_port()
        http_port = http_port or free_port()
        for port in (bolt_port, http_port):
            if port_taken(port):
                raise BoltServerError(f"port {port} on 127.0.0.1 is already in use; refusing to start")
        folder = Path(tempfile.mkdtemp(prefix="explorer-arcadedb-"))
        (folder / "config").mkdir(exist_ok=True)  # a restart reuses the folder
        (folder / "config" / "server-groups.json").write_text(json.dumps(GROUPS, indent=2))
        password = secrets.token_urlsafe(12)
        command = [
            str(home / "jre" / "bin" / "java"),
            "-Xmx1g",
            "--add-modules",
            "jdk.incubator.vector",
            f"-Darcadedb.server.rootPath={folder}",
            f"-Darcadedb.server.rootPassword={password}",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={http_port}",
            f"-Darcadedb.server.defaultDatabases={DATABASE}[{USER}]",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={bolt_port}",
            "-cp",
            str(home / "jars" / "*"),
            "com.arcadedb.server.ArcadeDBServer",
        ]
        with open(folder / "server.log", "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        server = cls(process, bolt_port, http_port, password, folder)
        try:
            server._wait_ready(timeout)
        except BaseException:
            server.stop()
            raise
        return server

    @classmethod
    def start_or_skip(cls) -> BoltServer:
        """start() for a test: a missing Java runtime skips it, except in CI, where it fails."""
        try:
            return cls.start()
        except MissingRuntime as error:
            if os.environ.get("CI"):
                raise
            import pytest

            print(f"\nskipping Neo4j tests: {error}")
            pytest.skip(f"Bolt test server unavailable: {error}")

    def env(self) -> dict[str, str]:
        """The NEO4J_* variables through which the app finds this server's credentials and database."""
        return {"NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password, "NEO4J_DATABASE": self.database}

    def open_store(self) -> Neo4jStore:
        from explorer.store.neo4j import Neo4jStore

        return Neo4jStore.open(self.url, user=self.user, password=self.password, database=self.database)

    def add_reader(self, user: str, password: str) -> None:
        """A user who may read the database and nothing else (ArcadeDB's stand-in for Neo4j's `reader`)."""
        command = {"name": user, "password": password, "databases": {self.database: ["reader"]}}
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/api/v1/server",
            data=json.dumps({"command": f"create user {json.dumps(command)}"}).encode(),
            headers={
                "Authorization": "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode(),
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def run(self, cypher: str) -> None:
        """One query on the database, straight through the driver (no store in between)."""
        from neo4j import GraphDatabase

        with GraphDatabase.driver(self.url, auth=(self.user, self.password)) as driver:
            driver.execute_query(cypher, database_=self.database)

    def wipe(self, keep_label: str | None = None) -> None:
        """Delete every node and relationship, except the nodes labelled keep_label."""
        self.run(f"MATCH (n) WHERE NOT n:{keep_label} DETACH DELETE n" if keep_label else "MATCH (n) DETACH DELETE n")

    def _wait_ready(self, timeout: float) -> None:
        from neo4j import GraphDatabase

        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BoltServerError(
                    f"ArcadeDB exited with code {self.process.returncode} during start-up:\n{self.log_tail()}"
                )
            try:
                # A session query, not execute_query: the latter retries for 30 s on its own.
                with (
                    GraphDatabase.driver(self.url, auth=(self.user, self.password), connection_timeout=2) as driver,
                    driver.session(database=self.database) as session,
                ):
                    session.run("RETURN 1").consume()
                if self.process.poll() is None:
                    return
            except Exception as error:  # not up yet: refused, no database, auth not ready …
                last_error = error
            time.sleep(0.25)
        raise BoltServerError(
            f"ArcadeDB did not answer on {self.url} within {timeout:.0f} s ({last_error}):\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, keep_folder: bool = False) -> None:
        """SIGTERM by PID (the JVM shuts down in ~2 s), SIGKILL if it lingers; then remove the data."""
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        if not keep_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> BoltServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":  # manual use: python -m tests.bolt_server
    with BoltServer.start() as running:
        print(f"{running.url} user={running.user} password={running.password} database={running.database}")
        print("Ctrl-C to stop")
        try:
            while running.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
