"""One SQLite connection per thread (connections must not be shared across threads), write transactions
that wait their turn, and the SQLite failures that make a store unusable as one-line StoreErrors."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path

from explorer.store.base import StoreBusy, StoreError, merge_labels_list

log = logging.getLogger("explorer.store")

# A document's write touches ~100 pages scattered over the indexes; checkpointing every 10,000 pages (~40 MB of
# write-ahead log, against SQLite's 1,000) copies each page back once for dozens of documents, not once for
# every few, and syncs the file a tenth as often. The log is emptied on close.
PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "wal_autocheckpoint=10000")
LOCK_POLL = 1.0  # seconds a write waits for the lock before saying it waits
LOCK_WAIT = 300.0  # seconds a write waits for the lock in all before it gives up
# Failures no other document or action would escape: the store cannot be written now.
_UNUSABLE = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the store is read-only",
    "SQLITE_IOERR": "the disk failed to read or write",
    "SQLITE_CANTOPEN": "the file cannot be opened",
    "SQLITE_CORRUPT": "the file is damaged",
    "SQLITE_NOTADB": "the file is not a database",
}


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
            for pragma in PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            conn.create_function("merge_labels", 2, _merge_labels_json, deterministic=True)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection, first moving what the write-ahead log holds into the file, so
        the file alone is the whole store (nothing is lost when that fails: the log stays beside it)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            log.debug("checkpoint of %s on close failed: %s", self.path, error)
        conn.close()
        self._local.conn = None

    def write(self) -> Transaction:
        return Transaction(self.db, self.path)


class Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: a document is stored whole or not at all.

    Only one process writes at a time: a write that must wait says so (a warning on the `explorer.store`
    logger) and waits up to LOCK_WAIT seconds, then gives up with a StoreBusy, having changed nothing.
    """

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        started = time.monotonic()
        self.db.execute(f"PRAGMA busy_timeout = {int(LOCK_POLL * 1000)}")
        try:
            while True:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    return self.db
                except sqlite3.OperationalError as error:
                    if getattr(error, "sqlite_errorname", "") != "SQLITE_BUSY":
                        raise unusable(error, self.path) or error from None
                    waited = time.monotonic() - started
                    if waited >= LOCK_WAIT:
                        raise StoreBusy(
                            f"{self.path} is busy: another process has been writing to it for {waited:.0f} s;"
                            " nothing was changed, try again when it is done"
                        ) from None
                    if waited < LOCK_POLL * 1.5:
                        log.warning("waiting for another process to finish writing to %s …", self.path)
        finally:
            self.db.execute("PRAGMA busy_timeout = 30000")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error as failure:
                error = failure
        if self.db.in_transaction:  # SQLite ends some failed transactions itself
            self.db.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            failed = unusable(error, self.path)
            if failed is not None:
                raise failed from None
            if kind is None:
                raise error


def unusable(error: sqlite3.Error, path: Path) -> StoreError | None:
    """The StoreError for a failure that makes the store unusable (full disk, read-only file …), else None."""
    name = getattr(error, "sqlite_errorname", "") or ""
    for code, meaning in _UNUSABLE.items():
        if name.startswith(code):
            return StoreError(f"cannot write to {path}: {meaning} ({error})")
    return None


def _merge_labels_json(labels: str, more: str) -> str:
    """merge_labels(labels, more) in SQL: an edge's labels (JSON lists) grown as `merge_labels_list` grows them."""
    return json.dumps(merge_labels_list(json.loads(labels), json.loads(more)))
