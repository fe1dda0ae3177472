"""Faults: a killed ingest leaves no half-written document and a rerun finishes the job; a corrupt or
newer-schema store file is refused and never overwritten; a full disk or a read-only store stops at the
first write with one line; the store file alone is whole after close, and `explorer backup` copies a
store in use."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import Session
from neo4j import exceptions as neo4j_errors
from typer.testing import CliRunner

from bench.synthetic import articles, graph_extractions
from explorer.cli import app
from explorer.ingest import ingest_documents
from explorer.store.base import SCHEMA_VERSION, GraphStore, SchemaError, StoreError
from explorer.store.sqlite import SQLiteStore, connection, schema
from tests.contract import conftest as contract
from tests.factories import GLOBEX, sample_extractions

store, loaded = contract.store, contract.loaded  # the contract fixtures: each test runs on every backend


def _write_corpus(folder, count: int) -> None:
    folder.mkdir()
    for document in articles(count, words_per_article=250):
        (folder / f"{document.source.rsplit('/', 1)[-1]}").write_text(document.text, encoding="utf-8")


def _ingest(folder, url: str) -> subprocess.Popen:
    env = {**os.environ, "EXPLORER_STORE": url}
    return subprocess.Popen(
        [sys.executable, "-m", "explorer.cli", "ingest", str(folder), "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _documents(path) -> int:
    with sqlite3.connect(path) as db:
        try:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def test_a_killed_ingest_leaves_whole_documents_and_the_rerun_finishes(tmp_path):
    corpus, path = tmp_path / "corpus", tmp_path / "graph.db"
    _write_corpus(corpus, 40)
    url = f"sqlite:///{path}"
    process = _ingest(corpus, url)
    deadline = time.monotonic() + 120
    while _documents(path) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = _documents(path)
    assert 3 <= stored < 40, "the kill should land in the middle of the ingest"

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = db.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM mentions)"
        ).fetchone()[0]
        assert orphans == 0, "every stored document has its mentions: none was half written"

    rerun = _ingest(corpus, url)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{40 - stored} new, {stored} unchanged, 0 failed documents" in out
    assert _documents(path) == 40


def test_a_corrupt_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "graph.db"
    garbage = os.urandom(4096)
    path.write_bytes(garbage)
    with pytest.raises(SchemaError, match="not an explorer store"):
        SQLiteStore.open(f"sqlite:///{path}")
    assert path.read_bytes() == garbage


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(SchemaError, match="not an explorer store"):
        SQLiteStore.open(f"sqlite:///{path}")


def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "graph.db"
    SQLiteStore.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    before = path.read_bytes()
    with pytest.raises(SchemaError, match="newer explorer"):
        SQLiteStore.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_store_of_the_previous_schema_is_brought_up_to_date(tmp_path):
    path = tmp_path / "graph.db"
    with sqlite3.connect(path) as db:  # a store as explorer wrote it before version 2
        db.executescript(
            f"{schema.SQLITE_SCHEMA} INSERT INTO meta VALUES ('schema_version', '1');"
            " INSERT INTO entities (id, name, type) VALUES ('e-acme', 'Acme', 'ORG');"
        )
    store = SQLiteStore.open(f"sqlite:///{path}")
    assert (store.entity("e-acme").name, store.generation()) == ("Acme", 0)
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    assert store.generation() == 2 and store.stats()["documents"] == 2
    assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert all(r.speaker == "" for doc in store.documents() for r in store.relations_in(doc.id))


def test_a_version_2_store_gains_outlets_and_inferred_dates(tmp_path):
    path = tmp_path / "graph.db"
    with sqlite3.connect(path) as db:  # a store as explorer wrote it before version 3
        db.executescript(
            f"{schema.SQLITE_SCHEMA} {schema.STEPS[2]} INSERT INTO meta VALUES ('schema_version', '2');"
            " INSERT INTO documents (id, title, source, published, text, ingested_at)"
            " VALUES ('d-old', 'Old', 'old.txt', '2020-01-02', 'Old text.', '2020-01-02T00:00:00');"
            " INSERT INTO events (id, label, date, precision, doc_id, sentence, evidence)"
            " VALUES ('v-old', 'meet', '2020-01-01', 'day', 'd-old', 0, 'Old text.');"
        )
    store = SQLiteStore.open(f"sqlite:///{path}")
    old = store.document("d-old")
    assert (old.title, old.published, old.outlet) == ("Old", "2020-01-02", "")
    assert [(e.id, e.date_inferred) for e in store.extraction("d-old").events] == [("v-old", "")]
    extraction = sample_extractions()[0]
    extraction.document.outlet = "The Daily"
    store.upsert_extraction(extraction)
    assert store.document(extraction.document.id).outlet == "The Daily"


@pytest.mark.neo4j
def test_a_neo4j_graph_of_the_previous_schema_is_brought_up_to_date(bolt_server, empty_neo4j_store):
    bolt_server.wipe()
    bolt_server.run(
        "CREATE (:ExplorerMeta {name: 'explorer', schema_version: 1}),"
        " (:Entity {id: 'e-acme', name: 'Acme', type: 'ORG'})"
    )
    store = bolt_server.open_store()
    try:
        assert store.entity("e-acme").name == "Acme"
        assert store.upsert_extraction(sample_extractions()[0]) and store.generation() == 1
        assert store._read("MATCH (m:ExplorerMeta) RETURN m.schema_version AS version") == [
            {"version": SCHEMA_VERSION}
        ]
    finally:
        store.close()


def _refuse_writes(store: GraphStore, monkeypatch: pytest.MonkeyPatch, sqlite_pragma: str, neo4j_error: Exception):
    """From now on every write fails as a full disk or a read-only store makes it fail: on SQLite through
    the database's own limit, on Neo4j as the server answers."""
    if isinstance(store, SQLiteStore):
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        monkeypatch.setattr(connection, "PRAGMAS", (*connection.PRAGMAS, sqlite_pragma.format(pages=pages)))
        store.close()  # reopened with the pragma

    else:

        def refuse(session: Session, work, *args, **kwargs):
            raise neo4j_error

        monkeypatch.setattr(Session, "execute_write", refuse)


def _server_error(code: str, message: str) -> neo4j_errors.Neo4jError:
    """An error as the driver builds it from a Neo4j server's answer."""
    return neo4j_errors.Neo4jError._hydrate_neo4j(code=code, message=message)


def test_a_full_disk_stops_the_ingest_at_the_first_document(store, monkeypatch):
    documents = list(articles(6, words_per_article=60, seed=3))
    ingest_documents(documents[:1], store, workers=1)
    full = _server_error("Neo.DatabaseError.General.UnknownError", "No space left on device")
    _refuse_writes(store, monkeypatch, "max_page_count={pages}", full)
    progress: list[int] = []
    with pytest.raises(StoreError) as raised:
        ingest_documents(documents[1:], store, progress=lambda done, total: progress.append(done), workers=1)
    assert "\n" not in str(raised.value)
    assert "disk is full" in str(raised.value) or "No space left" in str(raised.value)
    assert progress == [0], "no other document is extracted once the store cannot be written"
    monkeypatch.undo()
    assert store.stats()["documents"] == 1


def test_a_read_only_store_is_one_line_and_exit_2(loaded, monkeypatch, request, tmp_path):
    if not loaded.url.startswith("sqlite"):
        for name, value in request.getfixturevalue("bolt_server").env().items():
            monkeypatch.setenv(name, value)
    refused = _server_error("Neo.ClientError.Security.Forbidden", "Writing is not allowed for user reader")
    _refuse_writes(loaded, monkeypatch, "query_only=ON", refused)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, document in enumerate(articles(3, words_per_article=40, seed=4)):
        (corpus / f"{number}.txt").write_text(document.text)
    runner = CliRunner()
    for command in (["ingest", str(corpus), "--workers", "1"], ["delete", GLOBEX]):
        result = runner.invoke(app, [*command, "--store", loaded.url])
        assert result.exit_code == 2, (command, result.output, result.exception)
        (line,) = result.stderr.strip().splitlines()
        assert "read-only" in line or "not allowed" in line


def test_the_store_file_alone_is_whole_after_close(tmp_path):
    """A reader that stays open keeps SQLite from folding the write-ahead log into the file by itself."""
    path = tmp_path / "graph.db"
    writer = SQLiteStore.open(f"sqlite:///{path}")
    reader = sqlite3.connect(path)
    reader.execute("SELECT count(*) FROM documents").fetchone()
    for extraction in graph_extractions(entities=50, relations=300, per_document=100):  # below an auto-checkpoint
        writer.upsert_extraction(extraction)
    expected = writer.stats()
    writer.close()
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())  # the file alone, as a plain copy takes it
    reader.close()
    assert SQLiteStore.open(f"sqlite:///{copy}").stats() == expected


def test_backup_copies_a_store_in_use(loaded, tmp_path, monkeypatch, request):
    runner = CliRunner()
    target = tmp_path / "backup.db"
    if not loaded.url.startswith("sqlite"):
        for name, value in request.getfixturevalue("bolt_server").env().items():
            monkeypatch.setenv(name, value)
        result = runner.invoke(app, ["backup", str(target), "--store", loaded.url])
        assert result.exit_code == 2 and "neo4j-admin database dump" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and not target.exists()
        return
    reader = sqlite3.connect(loaded.path)  # the app, say: the log stays beside the file while it reads
    reader.execute("SELECT count(*) FROM documents").fetchone()
    result = runner.invoke(app, ["backup", str(target), "--store", loaded.url])
    assert result.exit_code == 0, result.output
    assert not Path(f"{target}-wal").exists()
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert SQLiteStore.open(f"sqlite:///{target}").stats() == loaded.stats()
    again = runner.invoke(app, ["backup", str(target), "--store", loaded.url])
    assert again.exit_code == 1 and "already exists" in again.stderr
    reader.close()
