"""One SQLite connection per thread (connections must not be shared across threads), and write transactions."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from explorer.store.base import merge_labels_list


class Connections:
    """This thread's connection to one file, opened on first use with the store's pragmas."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.create_function("merge_labels", 2, _merge_labels_json, deterministic=True)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def write(self) -> Transaction:
        return Transaction(self.db)


class Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: a document is stored whole or not at all."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _merge_labels_json(labels: str, more: str) -> str:
    """merge_labels(labels, more) in SQL: an edge's labels (JSON lists) grown as `merge_labels_list` grows them."""
    return json.dumps(merge_labels_list(json.loads(labels), json.loads(more)))
