"""The rows curation reads (`read_slice`) and swaps (`swap_slice`): entity records with their aliases,
mentions, relations in stored order and event roles. Rows written back with their old rowid come back
where they were, so edge labels (the first distinct ones in rowid order) come back exact."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from explorer.curation.rows import EventRole, GraphSlice, slice_changes
from explorer.store.base import chunks, merge_labels_list
from explorer.store.sqlite.rows import alias_rows, mention, relation
from explorer.store.sqlite.writes import insert_mentions, reindex


def read_slice(
    db: sqlite3.Connection, found: GraphSlice, entity_ids: list[str], edges: Iterable[tuple[str, str, str]]
) -> GraphSlice:
    """`found` (holding the entity records already) with the rows of the entities and edges and their positions."""
    for chunk in chunks(entity_ids):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT rowid, id FROM entities WHERE id IN ({marks})", chunk):
            found.positions[f"entity:{row['id']}"] = row["rowid"]
    relation_rows: dict[int, sqlite3.Row] = {}
    for chunk in chunks(entity_ids):
        marks = ",".join("?" * len(chunk))
        found.mentions += [
            mention(r) for r in db.execute(f"SELECT * FROM mentions WHERE entity_id IN ({marks}) ORDER BY rowid", chunk)
        ]
        found.roles += [
            EventRole(r["event_id"], r["entity_id"], r["role"], r["doc_id"], r["sentence"])
            for r in db.execute(
                "SELECT p.event_id, p.entity_id, p.role, e.doc_id, e.sentence FROM participants p"
                f" JOIN events e ON e.id = p.event_id WHERE p.entity_id IN ({marks}) ORDER BY p.rowid",
                chunk,
            )
        ]
        for row in db.execute(
            f"SELECT rowid AS seq, * FROM relations WHERE source IN ({marks})"
            f" UNION SELECT rowid AS seq, * FROM relations WHERE target IN ({marks})",
            chunk + chunk,
        ):
            relation_rows[row["seq"]] = row
    for source, target, type_ in edges:
        for row in db.execute(
            "SELECT rowid AS seq, * FROM relations WHERE source=? AND target=? AND type=?", (source, target, type_)
        ):
            relation_rows[row["seq"]] = row
    # Stored order matters: edge labels are the first distinct labels in insertion order.
    for seq in sorted(relation_rows):
        found.relations.append(relation(relation_rows[seq]))
        found.positions[f"relation:{found.relations[-1].id}"] = seq
    return found


def swap_slice(db: sqlite3.Connection, before: GraphSlice, after: GraphSlice, stamp: int) -> None:
    """Delete the rows of `before` and write those of `after` (rows in both stay), then rebuild the edges
    and counts they touch; the entities written are stamped with this write's generation."""
    gone, come = slice_changes(before, after)
    touched_edges = {(r.source, r.target, r.type) for r in [*gone.relations, *come.relations]}
    counted = {e.id for e in come.entities} | {m.entity for m in [*gone.mentions, *come.mentions]}
    _delete_rows(db, gone, keep={e.id for e in come.entities})
    _insert_rows(db, come, stamp)
    for source, target, type_ in sorted(touched_edges):
        _recompute_edge(db, source, target, type_)
    _recount(db, sorted(counted))


def _delete_rows(db: sqlite3.Connection, rows: GraphSlice, keep: set[str]) -> None:
    for entity in rows.entities:
        db.execute("DELETE FROM aliases WHERE entity_id=?", (entity.id,))
        if entity.id not in keep:  # a changed record is updated in place and keeps its rowid
            db.execute("DELETE FROM entity_search WHERE entity_id=?", (entity.id,))
            db.execute("DELETE FROM entities WHERE id=?", (entity.id,))
    db.executemany(
        "DELETE FROM mentions WHERE entity_id=? AND doc_id=? AND sentence=? AND start=? AND end=? AND text=?",
        [(m.entity, m.doc, m.sentence, m.start, m.end, m.text) for m in rows.mentions],
    )
    db.executemany("DELETE FROM relations WHERE id=?", [(r.id,) for r in rows.relations])
    db.executemany(
        "DELETE FROM participants WHERE event_id=? AND entity_id=? AND role=?",
        [(r.event, r.entity, r.role) for r in rows.roles],
    )


def _insert_rows(db: sqlite3.Connection, rows: GraphSlice, stamp: int) -> None:
    for entity in rows.entities:
        values = (entity.name, entity.type, entity.key, json.dumps(entity.roles), stamp, entity.id)
        if db.execute("SELECT 1 FROM entities WHERE id=?", (entity.id,)).fetchone():
            db.execute("UPDATE entities SET name=?, type=?, key=?, roles=?, stamp=? WHERE id=?", values)
        else:
            rowid = _free_rowid(db, "entities", rows.positions.get(f"entity:{entity.id}"))
            db.execute(
                "INSERT INTO entities (name, type, key, roles, stamp, id, rowid) VALUES (?,?,?,?,?,?,?)",
                (*values, rowid),
            )
        db.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, rule, score) VALUES (?,?,?,?)", alias_rows(entity)
        )
        reindex(db, entity.id)
    insert_mentions(db, rows.mentions)
    for r in rows.relations:
        db.execute(
            "INSERT INTO relations (rowid, id, source, target, type, label, doc_id, sentence, evidence,"
            " confidence, speaker) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                _free_rowid(db, "relations", rows.positions.get(f"relation:{r.id}")),
                *(r.id, r.source, r.target, r.type, r.label, r.doc, r.sentence, r.evidence, r.confidence),
                r.speaker,
            ),
        )
    db.executemany(
        "INSERT INTO participants (event_id, entity_id, role) VALUES (?,?,?)",
        [(r.event, r.entity, r.role) for r in rows.roles],
    )


def _free_rowid(db: sqlite3.Connection, table: str, rowid: int | None) -> int | None:
    """The row's old place when nobody took it meanwhile (None: SQLite appends)."""
    if rowid is None or db.execute(f"SELECT 1 FROM {table} WHERE rowid=?", (rowid,)).fetchone():
        return None
    return rowid


def _recount(db: sqlite3.Connection, entity_ids: list[str]) -> None:
    db.executemany(
        "UPDATE entities SET mention_count=(SELECT count(*) FROM mentions WHERE entity_id=:id),"
        " doc_count=(SELECT count(DISTINCT doc_id) FROM mentions WHERE entity_id=:id) WHERE id=:id",
        [{"id": entity_id} for entity_id in entity_ids],
    )


def _recompute_edge(db: sqlite3.Connection, source: str, target: str, type_: str) -> None:
    """The aggregated edge rebuilt from its relations, exactly as `writes.insert_relations` grew it."""
    db.execute("DELETE FROM edges WHERE source=? AND target=? AND type=?", (source, target, type_))
    stated = [
        row["label"]
        for row in db.execute(
            "SELECT label FROM relations WHERE source=? AND target=? AND type=? ORDER BY rowid", (source, target, type_)
        )
    ]
    weight, labels = len(stated), merge_labels_list([], stated)
    if weight:
        db.execute(
            "INSERT INTO edges (source, target, type, weight, labels) VALUES (?,?,?,?,?)",
            (source, target, type_, weight, json.dumps(labels)),
        )
