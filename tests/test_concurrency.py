"""Several readers while an ingest writes (SQLite WAL): readers never see half a document, never wait long.
A write that must wait for another process's says so and waits, or gives up with one line."""

from __future__ import annotations

import sqlite3
import threading
import time

from typer.testing import CliRunner

from bench.synthetic import graph_extractions
from explorer.cli import app
from explorer.store.sqlite import SQLiteStore, connection
from tests.factories import GLOBEX, sample_extractions

READERS = 4


def test_readers_see_whole_documents_and_do_not_block(tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    writer = SQLiteStore.open(url)
    reader_store = SQLiteStore.open(url)  # shared by reader threads: one connection per thread inside
    extractions = list(graph_extractions(entities=1000, relations=4000, per_document=40))
    expected = {e.document.id: len(e.relations) for e in extractions}
    done = threading.Event()
    problems: list[str] = []
    slowest: list[float] = []

    def read() -> None:
        worst = 0.0
        while not done.is_set():
            started = time.perf_counter()
            for document in reader_store.documents():
                found = len(reader_store.relations_in(document.id))
                if found != expected[document.id]:
                    problems.append(f"{document.id}: {found} of {expected[document.id]} relations")
            worst = max(worst, time.perf_counter() - started)
        slowest.append(worst)
        reader_store.close()

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for extraction in extractions:
        writer.upsert_extraction(extraction)
    done.set()
    for thread in threads:
        thread.join(timeout=60)

    assert problems == []
    assert len(slowest) == READERS
    assert max(slowest) < 2.0, f"a reader waited {max(slowest):.2f} s"
    assert writer.stats()["documents"] == len(extractions)


def _loaded_file(tmp_path) -> tuple[str, sqlite3.Connection]:
    """A SQLite store with the sample documents, and another process's connection holding its write lock
    (SQLite lets one writer at a time; a Neo4j server queues writes itself)."""
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    store = SQLiteStore.open(url)
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    store.close()
    blocker = sqlite3.connect(tmp_path / "graph.db", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    return url, blocker


def test_a_curation_waits_for_another_writer_and_says_so(tmp_path):
    url, blocker = _loaded_file(tmp_path)
    threading.Timer(2.5, blocker.execute, ["COMMIT"]).start()
    result = CliRunner().invoke(app, ["rename", GLOBEX, "Globex Corp", "--store", url])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "waiting for another process to finish writing to" in line
    assert SQLiteStore.open(url).entity(GLOBEX).name == "Globex Corp"


def test_a_write_that_waits_too_long_is_one_line_and_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "LOCK_WAIT", 2.0)
    url, blocker = _loaded_file(tmp_path)
    result = CliRunner().invoke(app, ["delete", GLOBEX, "--store", url])
    blocker.execute("ROLLBACK")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "is busy: another process has been writing to it for 2 s; nothing was changed" in result.stderr
    assert SQLiteStore.open(url).entity(GLOBEX) is not None
