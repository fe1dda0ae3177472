"""Writing one new document: its row, then its entities, mentions, relations and events, whole or part by
part, with the aggregated edges, entity counts and search rows kept in step; and the store's generation,
which every write raises and stamps on the entities it changes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from explorer.curation.rows import ReplayRecord
from explorer.model import Document, Entity, Event, Extraction, Mention, Relation
from explorer.store.base import chunks, merge_labels_list, now
from explorer.store.sqlite.rows import alias_rows


def insert_document(db: sqlite3.Connection, doc: Document) -> bool:
    """Write the document row; False (and nothing written) when the document is already stored."""
    if db.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone():
        return False
    db.execute(
        "INSERT INTO documents (id, title, source, published, outlet, text, ingested_at) VALUES (?,?,?,?,?,?,?)",
        (doc.id, doc.title, doc.source, doc.published, doc.outlet, doc.text, now()),
    )
    return True


def generation(db: sqlite3.Connection, name: str = "generation") -> int:
    return int(db.execute("SELECT value FROM meta WHERE key=?", (name,)).fetchone()[0])


def next_generation(db: sqlite3.Connection, curation: bool = False) -> int:
    """Raise the store's generation (inside a write transaction) and return it; `curation`: the curation
    log changes in this write."""
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    stamp = generation(db)
    if curation:
        db.execute("UPDATE meta SET value = ? WHERE key = 'curation_generation'", (str(stamp),))
    return stamp


def changed_entities(db: sqlite3.Connection, since: int) -> list[str]:
    """Ids of the entities written after generation `since`."""
    return [row[0] for row in db.execute("SELECT id FROM entities WHERE stamp > ?", (since,))]


def insert_replays(db: sqlite3.Connection, replays: list[ReplayRecord]) -> None:
    db.executemany(
        "INSERT INTO curation_replays (seq, doc_id, rows) VALUES (?,?,?)",
        [(r.seq, r.doc, json.dumps(r.to_dict())) for r in replays],
    )


def write_part(db: sqlite3.Connection, part: Extraction, doc_id: str, stamp: int, whole: bool = True) -> None:
    """The records of a new document (`whole`), or of one part of it: then a relation may repeat an
    earlier part's (kept once) and the caller counts the document for its entities at the end."""
    for entity in part.entities:
        upsert_entity(db, entity, stamp)
    insert_mentions(db, part.mentions, doc_id)
    insert_relations(db, part.relations if whole else _unstored(db, part.relations), doc_id)
    for event in part.events:
        _insert_event(db, event, doc_id)
    _count_mentions(db, part.mentions, with_documents=whole)


def count_documents(db: sqlite3.Connection, entity_ids: Iterable[str]) -> None:
    """One more document for each entity (a document written in parts names each entity once)."""
    db.executemany("UPDATE entities SET doc_count=doc_count+1 WHERE id=?", [(i,) for i in entity_ids])


def upsert_entity(db: sqlite3.Connection, entity: Entity, stamp: int) -> None:
    """Create the entity, or give it this name and type and add its roles and aliases (first note wins);
    stamped with this write's generation when anything of it changed."""
    row = db.execute("SELECT name, type, roles FROM entities WHERE id=?", (entity.id,)).fetchone()
    changed = row is None
    if row is None:
        db.execute(
            "INSERT INTO entities (id, name, type, key, roles, stamp) VALUES (?,?,?,?,?,?)",
            (entity.id, entity.name, entity.type, entity.key, json.dumps(entity.roles), stamp),
        )
    else:
        known = json.loads(row["roles"])
        roles = list(dict.fromkeys(known + entity.roles))
        if (row["name"], row["type"], known) != (entity.name, entity.type, roles):
            changed = True
            db.execute(
                "UPDATE entities SET name=?, type=?, roles=?, stamp=? WHERE id=?",
                (entity.name, entity.type, json.dumps(roles), stamp, entity.id),
            )
    before = db.total_changes
    db.executemany(
        "INSERT OR IGNORE INTO aliases (entity_id, alias, rule, score) VALUES (?,?,?,?)", alias_rows(entity)
    )
    if changed or db.total_changes != before:  # the search row only changes with the names
        reindex(db, entity.id)
        db.execute("UPDATE entities SET stamp=? WHERE id=?", (stamp, entity.id))


def reindex(db: sqlite3.Connection, entity_id: str) -> None:
    """Rewrite the entity's search row (keyed by the entity's rowid, so no scan is needed)."""
    row = db.execute("SELECT rowid, name FROM entities WHERE id=?", (entity_id,)).fetchone()
    if row is None:
        return
    names = [r[0] for r in db.execute("SELECT alias FROM aliases WHERE entity_id=?", (entity_id,))]
    db.execute("DELETE FROM entity_search WHERE rowid=?", (row["rowid"],))
    db.execute(
        "INSERT INTO entity_search (rowid, entity_id, names) VALUES (?, ?, ?)",
        (row["rowid"], entity_id, " | ".join(dict.fromkeys([row["name"], *names]))),
    )


def insert_mentions(db: sqlite3.Connection, mentions: list[Mention], doc_id: str | None = None) -> None:
    """The mentions, in the document `doc_id` when given (a new document's own), else each in its own."""
    db.executemany(
        "INSERT INTO mentions (entity_id, doc_id, sentence, start, end, text) VALUES (?,?,?,?,?,?)",
        [(m.entity, doc_id or m.doc, m.sentence, m.start, m.end, m.text) for m in mentions],
    )


def insert_relations(db: sqlite3.Connection, relations: list[Relation], doc_id: str) -> None:
    """The document's assertions, and their weight and first labels added to the aggregated edges."""
    unique = {r.id: r for r in relations}  # the id is a hash: made once per relation
    db.executemany(
        "INSERT INTO relations (id, source, target, type, label, doc_id, sentence, evidence, confidence, speaker)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (i, r.source, r.target, r.type, r.label, doc_id, r.sentence, r.evidence, r.confidence, r.speaker)
            for i, r in unique.items()
        ],
    )
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for r in unique.values():
        grouped.setdefault((r.source, r.target, r.type), []).append(r.label)
    db.executemany(
        "INSERT INTO edges (source, target, type, weight, labels) VALUES (?,?,?,?,?)"
        " ON CONFLICT (source, target, type) DO UPDATE SET weight = weight + excluded.weight,"
        # No new label (a co-mention has none): the labels stay as they are, without decoding them.
        " labels = CASE excluded.labels WHEN '[]' THEN labels ELSE merge_labels(labels, excluded.labels) END",
        [(*key, len(labels), _labels_json(labels)) for key, labels in grouped.items()],
    )


def _labels_json(labels: list[str]) -> str:
    """An edge's first labels as JSON; most edges (co-mentions) have none, and need no encoding."""
    merged = merge_labels_list([], labels)
    return json.dumps(merged) if merged else "[]"


def _unstored(db: sqlite3.Connection, relations: list[Relation]) -> list[Relation]:
    """Relations not stored yet, each once: one stated in two parts is kept once, as a whole document
    keeps it (asked of the table, not remembered, as a long document has millions)."""
    unique: dict[str, Relation] = {}
    for relation in relations:
        unique.setdefault(relation.id, relation)
    stored: set[str] = set()
    for chunk in chunks(list(unique)):
        marks = ",".join("?" * len(chunk))
        stored.update(row[0] for row in db.execute(f"SELECT id FROM relations WHERE id IN ({marks})", chunk))
    return [relation for relation_id, relation in unique.items() if relation_id not in stored]


def _insert_event(db: sqlite3.Connection, event: Event, doc_id: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO events (id, label, date, precision, doc_id, sentence, evidence, date_text,"
        " date_inferred, speaker, figures, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            *(event.id, event.label, event.date, event.precision, doc_id, event.sentence, event.evidence),
            *(event.date_text, event.date_inferred, event.speaker, json.dumps([f.to_dict() for f in event.figures])),
            event.kind,
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO participants (event_id, entity_id, role) VALUES (?,?,?)",
        [(event.id, p.entity, p.role) for p in event.participants],
    )


def _count_mentions(db: sqlite3.Connection, mentions: list[Mention], with_documents: bool) -> None:
    """Add one new document's mentions to its entities' counts (documents are only ever added whole);
    `with_documents` False when the caller adds the document to doc_count itself (parts)."""
    per_entity: dict[str, int] = {}
    for mention in mentions:
        per_entity[mention.entity] = per_entity.get(mention.entity, 0) + 1
    db.executemany(
        "UPDATE entities SET mention_count=mention_count+?, doc_count=doc_count+? WHERE id=?",
        [(count, int(with_documents), entity_id) for entity_id, count in per_entity.items()],
    )
