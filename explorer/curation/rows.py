"""The rows curation reads and rewrites: a `GraphSlice` of entity records, mentions, relations and event
roles, as a store holds them or as one new document brings them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from explorer.model import Entity, Event, Extraction, Mention, Participant, Relation, remap_relations


@dataclass
class EventRole:
    """One entity's part in one event; `doc` and `sentence` say where the event is stated (not identity)."""

    event: str
    entity: str
    role: str
    doc: str = ""
    sentence: int = -1

    @property
    def key(self) -> str:
        return f"{self.event}\x1f{self.entity}\x1f{self.role}"


@dataclass
class GraphSlice:
    """Stored rows curation reads and rewrites: entity records (with alias notes), mentions, relations
    (in the order they were stored) and event roles.

    `replace_slice(before, after)` deletes the rows of `before` and writes those of `after`, so swapping
    the two arguments undoes a write. A slice that holds one relation of an aggregated edge holds all of
    them, which keeps edge weights and labels exact both ways. `positions` are the store's own opaque
    places of the rows read ("relation:<id>", "entity:<id>", "role:<key>"): rows written back with their
    position come back where they were.
    """

    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    roles: list[EventRole] = field(default_factory=list)
    positions: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": [e.to_dict() for e in self.entities],
            "mentions": [m.to_dict() for m in self.mentions],
            "relations": [r.to_dict() for r in self.relations],
            "roles": [[r.event, r.entity, r.role, r.doc, r.sentence] for r in self.roles],
            "positions": self.positions,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GraphSlice:
        return cls(
            entities=[Entity.from_dict(e) for e in data.get("entities", [])],
            mentions=[Mention.from_dict(m) for m in data.get("mentions", [])],
            relations=[Relation.from_dict(r) for r in data.get("relations", [])],
            roles=[EventRole(*r) for r in data.get("roles", [])],
            positions=dict(data.get("positions", {})),
        )


@dataclass
class ReplayRecord:
    """What replaying one logged action (`seq`) changed in one new document: its rows before and after
    (only those that differ), kept so that undoing the action restores them whatever came since."""

    seq: int
    doc: str
    before: GraphSlice
    after: GraphSlice

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "doc": self.doc, "before": self.before.to_dict(), "after": self.after.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReplayRecord:
        return cls(data["seq"], data["doc"], GraphSlice.from_dict(data["before"]), GraphSlice.from_dict(data["after"]))


def slice_changes(before: GraphSlice, after: GraphSlice) -> tuple[GraphSlice, GraphSlice]:
    """(rows to delete, rows to write): rows the same in both are left where they are. An entity whose
    record changed is in both (backends update it in place); counts are derived, so they never differ."""
    return _minus(before, after), _minus(after, before)


def _minus(rows: GraphSlice, other: GraphSlice) -> GraphSlice:
    """The rows `other` does not hold unchanged (its positions kept)."""
    entities = {e.id: _entity_value(e) for e in other.entities}
    mentions = {m.key for m in other.mentions}
    relations = {_relation_value(r) for r in other.relations}
    roles = {r.key for r in other.roles}
    return GraphSlice(
        [e for e in rows.entities if entities.get(e.id) != _entity_value(e)],
        [m for m in rows.mentions if m.key not in mentions],
        [r for r in rows.relations if _relation_value(r) not in relations],
        [r for r in rows.roles if r.key not in roles],
        rows.positions,
    )


def _entity_value(e: Entity) -> tuple[Any, ...]:
    return (e.name, e.type, e.key, e.roles, e.aliases, [m.to_dict() for m in e.merges])


def _relation_value(r: Relation) -> tuple[Any, ...]:
    return (r.id, r.evidence, r.confidence)


def remapped(rows: GraphSlice, mapping: dict[str, str]) -> GraphSlice:
    """Rows with entity ids renamed by `mapping`, as resolution writes them: no self-loops, co-mentions
    ordered, nothing twice."""
    mentions = [replace(m, entity=mapping[m.entity]) if m.entity in mapping else m for m in rows.mentions]
    roles = [replace(r, entity=mapping[r.entity]) if r.entity in mapping else r for r in rows.roles]
    return GraphSlice(
        rows.entities,
        list({m.key: m for m in mentions}.values()),
        remap_relations(rows.relations, mapping),
        list({r.key: r for r in roles}.values()),
    )


def extraction_rows(extraction: Extraction) -> GraphSlice:
    """The extraction's rows in new lists; the rows themselves are shared, as no transform changes a row in
    place (each copies or `replace`s the ones it changes)."""
    roles = [
        EventRole(event.id, p.entity, p.role, event.doc or extraction.document.id, event.sentence)
        for event in extraction.events
        for p in event.participants
    ]
    return GraphSlice(list(extraction.entities), list(extraction.mentions), list(extraction.relations), roles)


def with_rows(extraction: Extraction, rows: GraphSlice) -> Extraction:
    """The extraction holding `rows` instead of its own (events keep their order, with the roles kept)."""
    by_event: dict[str, list[Participant]] = {}
    for role in rows.roles:
        by_event.setdefault(role.event, []).append(Participant(role.entity, role.role))
    events: list[Event] = [replace(event, participants=by_event.get(event.id, [])) for event in extraction.events]
    return Extraction(extraction.document, rows.entities, rows.mentions, rows.relations, events)
