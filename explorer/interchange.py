"""The corpus JSON that `explorer extract --json` writes and `explorer load` reads back.

One object for a whole run: documents, canonical entities (with mention counts), relations with their
evidence, events, and the mention spans that let a store rebuild every document faithfully.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from explorer.model import Document, Entity, Event, Extraction, Mention, Relation


def to_interchange(extractions: list[Extraction]) -> dict[str, Any]:
    """Resolved extractions (canonical entity ids) as one JSON-ready object."""
    entities: dict[str, Entity] = {}
    mentions: Counter[str] = Counter()
    documents: defaultdict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for entity in extraction.entities:  # one entity seen in several documents is one record
            if entity.id in entities:
                entities[entity.id].absorb(entity)
            else:
                entities[entity.id] = Entity.from_dict(entity.to_dict())
        for mention in extraction.mentions:
            mentions[mention.entity] += 1
            documents[mention.entity].add(mention.doc)
    return {
        "documents": [e.document.to_dict() for e in extractions],
        "entities": [
            {
                "id": entity.id,
                "name": entity.name,
                "type": entity.type,
                "aliases": entity.aliases,
                "mentions": mentions[entity.id],
                "documents": len(documents[entity.id]),
                "roles": entity.roles,
                "merges": [note.to_dict() for note in entity.merges],
                "key": entity.key,
            }
            for entity in sorted(entities.values(), key=lambda e: (-mentions[e.id], e.name))
        ],
        "relations": [r.to_dict() for e in extractions for r in e.relations],
        "events": [ev.to_dict() for e in extractions for ev in e.events],
        "mentions": [m.to_dict() for e in extractions for m in e.mentions],
    }


def from_interchange(data: dict[str, Any]) -> list[Extraction]:
    """Per-document extractions rebuilt from the corpus JSON, ready for `GraphStore.upsert_extraction`."""
    entities = {e["id"]: e for e in data.get("entities", [])}
    extractions = {d["id"]: Extraction(Document.from_dict(d)) for d in data.get("documents", [])}
    # A record of a document the object does not hold is left out here; `unknown_documents` names it.
    for raw in data.get("mentions", []):
        if raw["doc"] in extractions:
            extractions[raw["doc"]].mentions.append(Mention.from_dict(raw))
    for raw in data.get("relations", []):
        if raw["doc"] in extractions:
            extractions[raw["doc"]].relations.append(Relation.from_dict(raw))
    for raw in data.get("events", []):
        if raw["doc"] in extractions:
            extractions[raw["doc"]].events.append(Event.from_dict(raw))
    for extraction in extractions.values():
        counts = Counter(m.entity for m in extraction.mentions)
        used = (
            set(counts)
            | {r.source for r in extraction.relations}
            | {r.target for r in extraction.relations}
            | {p.entity for event in extraction.events for p in event.participants}
        )
        extraction.entities = [
            Entity.from_dict({**entities[i], "mention_count": counts[i], "doc_count": 1})
            for i in sorted(used)
            if i in entities
        ]
    return list(extractions.values())


def unknown_documents(data: dict[str, Any]) -> list[str]:
    """The mentions, relations and events of a corpus object that name a document it does not hold."""
    if "documents" not in data:
        return []
    documents = {d.get("id") for d in data["documents"] if isinstance(d, dict)}
    return [
        f"{kind} {number} names document {raw.get('doc')!r}, which the file does not hold"
        for plural, kind in (("mentions", "mention"), ("relations", "relation"), ("events", "event"))
        for number, raw in enumerate(data.get(plural, []), 1)
        if isinstance(raw, dict) and raw.get("doc") not in documents
    ]
