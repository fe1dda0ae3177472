"""Faults: a killed ingest leaves no half-written document and a rerun finishes the job; a corrupt or
newer-schema store file is refused and never overwritten."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from bench.synthetic import articles
from explorer.store.base import SchemaError
from explorer.store.sqlite import SQLiteStore


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
