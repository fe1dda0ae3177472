"""Neo4j records to explorer's records and back: the fields each read returns, and the properties each
write sets."""

from __future__ import annotations

import json
from typing import Any

from explorer.model import CurationAction, Edge, Entity, Mention, MergeNote
from explorer.store.base import merge_labels_list
from explorer.store.search import search_words

ENTITY_FIELDS = (
    "e.id AS id, e.name AS name, e.type AS type, e.key AS key, e.roles AS roles,"
    " e.mention_count AS mention_count, e.doc_count AS doc_count, e.alias_names AS alias_names,"
    " e.alias_rules AS alias_rules, e.alias_scores AS alias_scores"
)
RELATION_FIELDS = (
    "a.id AS source, b.id AS target, r.type AS type, r.label AS label, r.doc AS doc,"
    " r.sentence AS sentence, r.evidence AS evidence, r.confidence AS confidence,"
    " coalesce(r.speaker, '') AS speaker, r.ingested AS ingested, r.n AS n"
)
EVENT_FIELDS = (
    "v.id AS id, v.label AS label, v.date AS date, v.precision AS precision, v.doc AS doc,"
    " v.sentence AS sentence, v.evidence AS evidence, v.date_text AS date_text,"
    " coalesce(v.date_inferred, '') AS date_inferred,"
    " coalesce(v.speaker, '') AS speaker, coalesce(v.figures, '[]') AS figures, coalesce(v.kind, '') AS kind"
)


def entity(row: dict[str, Any]) -> Entity:
    """An entity from ENTITY_FIELDS: its aliases are its alias names other than its name."""
    found = Entity(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        mention_count=row["mention_count"] or 0,
        doc_count=row["doc_count"] or 0,
        roles=list(row["roles"] or []),
        key=row["key"] or "",
    )
    for alias, rule, score in zip(
        row["alias_names"] or [], row["alias_rules"] or [], row["alias_scores"] or [], strict=False
    ):
        if alias == found.name:
            continue
        found.aliases.append(alias)
        if rule:
            found.merges.append(MergeNote(alias, rule, score))
    return found


def entity_row(entity: Entity, known: dict[str, Any] | None) -> dict[str, Any]:
    """Entity properties after this write: name and type replaced, roles and aliases added (first wins)."""
    names = list((known or {}).get("names") or [])
    rules = list((known or {}).get("rules") or [])
    scores = list((known or {}).get("scores") or [])
    notes = {note.alias: note for note in entity.merges}
    for alias in dict.fromkeys([entity.name, *entity.aliases]):
        if alias not in names:
            note = notes.get(alias)
            names.append(alias)
            rules.append(note.rule if note else "")
            scores.append(float(note.score) if note else 1.0)
    roles = list(dict.fromkeys(list((known or {}).get("roles") or []) + entity.roles))
    words = list(dict.fromkeys(w for name in [entity.name, *names] for w in search_words(name)))
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "key": entity.key,
        "roles": roles,
        "alias_names": names,
        "alias_rules": rules,
        "alias_scores": scores,
        "search_words": words,
    }


def link_row(entity: str, doc: str, mentions: list[Mention]) -> dict[str, Any]:
    """The properties of one MENTIONED_IN link holding these mentions (none: the document only relates it)."""
    return {
        "entity": entity,
        "doc": doc,
        "count": len(mentions),
        "sentences": [m.sentence for m in mentions],
        "starts": [m.start for m in mentions],
        "ends": [m.end for m in mentions],
        "texts": [m.text for m in mentions],
    }


def link_mentions(row: dict[str, Any]) -> list[Mention]:
    """The mentions one MENTIONED_IN link holds."""
    return [
        Mention(row["entity"], row["doc"], sentence, start, end, text)
        for sentence, start, end, text in zip(
            row["sentences"] or [], row["starts"] or [], row["ends"] or [], row["texts"] or [], strict=True
        )
    ]


def aggregate(assertions: list[dict[str, Any]]) -> list[Edge]:
    """Assertions → one Edge per (source, target, type): weight counted, first labels kept in ingest order."""
    stated: dict[tuple[str, str, str], list[str]] = {}
    for row in sorted(assertions, key=lambda r: (r["ingested"] or 0, r["n"] or 0)):
        stated.setdefault((row["source"], row["target"], row["type"]), []).append(row["label"])
    return [Edge(*key, len(labels), merge_labels_list([], labels)) for key, labels in sorted(stated.items())]


def curation(row: dict[str, Any]) -> CurationAction:
    return CurationAction(row["kind"], json.loads(row["payload"]), row["reason"] or "", row["at"], row["seq"])
