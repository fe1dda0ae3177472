"""The pragmas every connection to a SQLite store is opened with."""

from __future__ import annotations

from explorer.store.sqlite import SQLiteStore


def test_connections_log_ahead_sync_at_checkpoints_and_checkpoint_rarely(tmp_path):
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    try:
        pragmas = {name: store.db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous")}
        assert pragmas == {"journal_mode": "wal", "synchronous": 1}  # 1: NORMAL, no sync at each commit
        assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10000
    finally:
        store.close()
    assert not (tmp_path / "graph.db-wal").exists() or (tmp_path / "graph.db-wal").stat().st_size == 0
