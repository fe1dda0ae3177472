"""SQLite rows to records and back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from explorer.model import Document, Entity, Event, Figure, Mention, MergeNote, Relation

_SAME = MergeNote(alias="", rule="", score=1.0)


def alias_rows(entity: Entity) -> list[tuple[str, str, str, float]]:
    """The entity's rows of `aliases`: its name, then its aliases, each with the rule and score that made it one."""
    notes = {note.alias: note for note in entity.merges}
    return [
        (entity.id, alias, notes.get(alias, _SAME).rule, notes.get(alias, _SAME).score)
        for alias in dict.fromkeys([entity.name, *entity.aliases])
    ]


def entities_from_rows(rows: list[sqlite3.Row], aliases: Iterable[sqlite3.Row]) -> dict[str, Entity]:
    entities = {
        r["id"]: Entity(
            id=r["id"],
            name=r["name"],
            type=r["type"],
            mention_count=r["mention_count"],
            doc_count=r["doc_count"],
            roles=json.loads(r["roles"]),
            key=r["key"] or "",
        )
        for r in rows
    }
    for row in aliases:
        entity = entities.get(row["entity_id"])
        if entity is None or row["alias"] == entity.name:
            continue
        entity.aliases.append(row["alias"])
        if row["rule"]:
            entity.merges.append(MergeNote(row["alias"], row["rule"], row["score"]))
    return entities


def mention(row: sqlite3.Row) -> Mention:
    return Mention(row["entity_id"], row["doc_id"], row["sentence"], row["start"], row["end"], row["text"])


def relation(row: sqlite3.Row) -> Relation:
    return Relation(
        source=row["source"],
        target=row["target"],
        type=row["type"],
        label=row["label"],
        doc=row["doc_id"],
        sentence=row["sentence"],
        evidence=row["evidence"],
        confidence=row["confidence"],
        speaker=row["speaker"],
    )


def document(row: sqlite3.Row, with_text: bool = False) -> Document:
    return Document(
        id=row["id"],
        title=row["title"],
        text=row["text"] if with_text else "",
        source=row["source"],
        published=row["published"],
        outlet=row["outlet"],
    )


def event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        label=row["label"],
        date=row["date"],
        precision=row["precision"],
        doc=row["doc_id"],
        sentence=row["sentence"],
        evidence=row["evidence"],
        date_text=row["date_text"],
        date_inferred=row["date_inferred"],
        speaker=row["speaker"],
        figures=[Figure.from_dict(f) for f in json.loads(row["figures"])],
        kind=row["kind"],
    )
