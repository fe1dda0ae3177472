"""The SQLite tables, created in an empty file; any other file is checked and refused unless it is an
explorer store of this schema version (base.SCHEMA_VERSION: bump it on any change here) or of an older one
that the steps below bring up to date in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from explorer.store.base import SCHEMA_VERSION, SchemaError, check_schema_version

SQLITE_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, published TEXT,
    text TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL DEFAULT '[]', mention_count INTEGER NOT NULL DEFAULT 0,
    doc_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_by_mentions ON entities (mention_count DESC);
CREATE TABLE aliases (
    entity_id TEXT NOT NULL, alias TEXT NOT NULL, rule TEXT NOT NULL DEFAULT '',
    score REAL NOT NULL DEFAULT 1.0, PRIMARY KEY (entity_id, alias)
);
CREATE TABLE mentions (
    entity_id TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents (id), sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX mentions_by_entity ON mentions (entity_id, doc_id);
CREATE INDEX mentions_by_doc ON mentions (doc_id, start);
CREATE TABLE relations (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '', doc_id TEXT NOT NULL REFERENCES documents (id),
    sentence INTEGER NOT NULL, evidence TEXT NOT NULL, confidence REAL NOT NULL
);
CREATE INDEX relations_by_source ON relations (source, target);
CREATE INDEX relations_by_target ON relations (target, source);
CREATE INDEX relations_by_doc ON relations (doc_id, sentence);
CREATE TABLE edges (
    source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL, weight INTEGER NOT NULL,
    labels TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (source, target, type)
);
CREATE INDEX edges_by_source ON edges (source, weight DESC);
CREATE INDEX edges_by_target ON edges (target, weight DESC);
CREATE TABLE events (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, date TEXT, precision TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents (id), sentence INTEGER NOT NULL, evidence TEXT NOT NULL,
    date_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_date ON events (date);
CREATE TABLE participants (
    event_id TEXT NOT NULL REFERENCES events (id), entity_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (event_id, entity_id, role)
);
CREATE INDEX participants_by_entity ON participants (entity_id);
CREATE VIRTUAL TABLE entity_search USING fts5(
    entity_id UNINDEXED, names, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE curation (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, reason TEXT NOT NULL DEFAULT ''
);
"""

# What each version adds to the one before (from version 1, the tables above): a new file gets them all.
STEPS = {
    # 2: entities stamped with the generation that last changed them, so a writer can catch up on what
    # others wrote; what replaying each curation action changed in later documents, for undo.
    2: """
ALTER TABLE entities ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
CREATE INDEX entities_by_stamp ON entities (stamp);
CREATE TABLE curation_replays (seq INTEGER NOT NULL, doc_id TEXT NOT NULL, rows TEXT NOT NULL);
CREATE INDEX curation_replays_by_seq ON curation_replays (seq);
INSERT INTO meta VALUES ('generation', '0'), ('curation_generation', '0');
""",
    # 3: the outlet that published a document; what of an event's date came from the publication date;
    # claims: who a relation or event is reported from (empty: the document's own voice), the figures an event
    # states (JSON list of Figure), and the kind of act it is (what reports compare on).
    3: """
ALTER TABLE documents ADD COLUMN outlet TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN date_inferred TEXT NOT NULL DEFAULT '';
ALTER TABLE relations ADD COLUMN speaker TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN speaker TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN figures TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT '';
""",
}


def table_names(db: sqlite3.Connection) -> set[str]:
    """The file's tables (reading them is the first thing that fails on a file that is not SQLite)."""
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def check_or_create(db: sqlite3.Connection, path: Path, tables: set[str]) -> None:
    """Create the tables in an empty file; bring an older explorer store up to date; refuse anything else."""
    if not tables:
        steps = "".join(STEPS[version] for version in sorted(STEPS))
        db.executescript(
            f"BEGIN; {SQLITE_SCHEMA} {steps} INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
        )
        return
    if "meta" not in tables:
        raise SchemaError(f"{path} is a SQLite file but not an explorer store; refusing to touch it")
    row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    found = int(row[0]) if row else 0
    if 1 <= found < SCHEMA_VERSION:
        steps = "".join(STEPS[version] for version in range(found + 1, SCHEMA_VERSION + 1))
        db.executescript(
            f"BEGIN; {steps} UPDATE meta SET value = '{SCHEMA_VERSION}' WHERE key = 'schema_version'; COMMIT;"
        )
        return
    check_schema_version(found, f"{path} was written", "The file")
