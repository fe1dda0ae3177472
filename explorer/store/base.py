"""The GraphStore protocol every backend implements, and `open_store(url)` that picks one.

The UI, the CLI and ingest talk to a store only through this protocol: no SQL or Cypher outside
`explorer/store/`. One contract test suite (tests/contract/) runs against every backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from explorer.config import without_password
from explorer.model import (
    CO_MENTIONED,
    CurationAction,
    Document,
    Entity,
    Event,
    Extraction,
    Mention,
    Relation,
    Subgraph,
)

T = TypeVar("T")
MAX_EDGE_LABELS = 5
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")  # URL schemes of Neo4jStore


class StoreError(Exception):
    """A store cannot be opened or used: the message is one line, fit to show a user."""


class SchemaError(StoreError):
    """The store was written by another schema version (or is not an explorer store at all)."""


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


@runtime_checkable
class GraphStore(Protocol):
    url: str

    def close(self) -> None: ...

    # --- writing -------------------------------------------------------------------------------------
    def upsert_extraction(self, extraction: Extraction) -> bool:
        """Store one resolved document atomically; False when the document was already there."""

    def upsert_parts(self, document: Document, parts: Iterable[Extraction]) -> bool:
        """Store one resolved document given as parts (a long text, chunk by chunk) in ONE transaction,
        the same as `upsert_extraction(join_parts(document, parts))`; False when it was already there.
        A failure while `parts` is consumed leaves the store unchanged."""

    def has_document(self, doc_id: str) -> bool: ...

    # --- entities ------------------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None: ...

    def entities(self, ids: Iterable[str]) -> list[Entity]: ...

    def iter_entities(self) -> Iterator[Entity]:
        """Every entity with its aliases (resolution seeds its index from this)."""

    def search(self, query: str, limit: int = 20, types: Iterable[str] | None = None) -> list[Entity]:
        """Entities whose name or alias matches `query` (prefix, then typo-tolerant), best first."""

    def top_entities(self, limit: int = 20) -> list[Entity]:
        """The most mentioned entities."""

    # --- relations and graph -------------------------------------------------------------------------
    def neighbourhood(
        self,
        entity_id: str,
        depth: int = 1,
        entity_types: Iterable[str] | None = None,
        relation_types: Iterable[str] | None = None,
        include_co_mentions: bool = True,
        min_weight: int = 1,
        limit: int = 50,
    ) -> Subgraph:
        """The entity and its neighbours up to `depth` hops, at most `limit` nodes ranked by edge weight."""

    def relations_of(
        self, entity_id: str, relation_types: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Relation]:
        """Every assertion with this entity as source or target, by type, document and sentence; with a
        limit, only the most telling ones (typed before co-mentions, more confident first)."""

    def relations_between(self, a: str, b: str) -> list[Relation]:
        """Every assertion linking a and b, either direction, with its evidence."""

    def subgraph(self, entity_ids: Iterable[str], include_co_mentions: bool = True) -> Subgraph:
        """The given entities and the aggregated edges among them."""

    def paths(self, source: str, target: str, k: int = 5, max_length: int = 4) -> list[list[str]]:
        """Up to k shortest paths (entity id lists) of at most max_length hops, shortest first."""

    # --- documents and events ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None: ...

    def documents(self) -> list[Document]:
        """Every document, without text, newest ingest first."""

    def documents_for(self, entity_id: str) -> list[Document]:
        """Documents that mention the entity, without text."""

    def mentions_in(self, doc_id: str) -> list[Mention]: ...

    def relations_in(self, doc_id: str) -> list[Relation]: ...

    def extraction(self, doc_id: str) -> Extraction | None:
        """The stored document as a resolved Extraction: text, mentions, relations, the events it states
        and the current records of every entity they refer to (what `explorer copy` writes elsewhere)."""

    def timeline(self, entity_id: str | None = None) -> list[Event]:
        """Events oldest first (those whose year is not stated next, undated last); only those the entity
        takes part in when given."""

    def stats(self) -> dict[str, int]:
        """At least documents, entities, relations, mentions, events."""

    # --- curation ------------------------------------------------------------------------------------
    def curation_log(self) -> list[CurationAction]: ...

    def append_curation(self, action: CurationAction) -> CurationAction:
        """Append to the log (assigning seq and time) without applying it."""

    def pop_curation(self) -> CurationAction | None:
        """Remove and return the last action of the log."""

    # --- curation primitives (explorer/curate.py decides what to write; stores only read and swap rows) --
    def relation(self, relation_id: str) -> Relation | None:
        """One stored assertion by its id."""

    def curation_slice(
        self, entity_ids: Iterable[str] = (), edges: Iterable[tuple[str, str, str]] = ()
    ) -> GraphSlice:
        """Everything stored about `entity_ids` (records, mentions, event roles, every relation touching
        them) plus every relation of the given (source, target, type) edges; relations in stored order."""

    def replace_slice(self, before: GraphSlice, after: GraphSlice) -> None:
        """Atomically delete the rows of `before` and write those of `after` (in order). Entity records
        in `before` go with their aliases; mentions, relations and roles only as listed. Aggregated edges,
        counts and the search index follow."""


def join_parts(document: Document, parts: Iterable[Extraction]) -> Extraction:
    """Resolved parts of one document as one Extraction: an entity in several parts is one record (the
    last part's name and type, as a store that writes the parts in turn ends with; counts summed, names
    and roles gathered), a relation stated twice is kept once."""
    entities: dict[str, Entity] = {}
    relations: dict[str, Relation] = {}
    joined = Extraction(document)
    for part in parts:
        for entity in part.entities:
            entities[entity.id] = _joined_entity(entities.get(entity.id), entity)
        joined.mentions.extend(part.mentions)
        for relation in part.relations:
            relations.setdefault(relation.id, relation)
        joined.events.extend(part.events)
    joined.entities, joined.relations = list(entities.values()), list(relations.values())
    return joined


def _joined_entity(before: Entity | None, entity: Entity) -> Entity:
    if before is None:
        return replace(entity, aliases=list(entity.aliases), roles=list(entity.roles), merges=list(entity.merges))
    names = list(dict.fromkeys([*before.aliases, before.name, *entity.aliases, entity.name]))
    notes = {note.alias: note for note in reversed([*before.merges, *entity.merges])}
    return replace(
        entity,
        aliases=[n for n in names if n != entity.name],
        mention_count=before.mention_count + entity.mention_count,
        roles=list(dict.fromkeys([*before.roles, *entity.roles])),
        merges=list(notes.values())[::-1],
    )


def most_telling(relations: Iterable[Relation], limit: int | None) -> list[Relation]:
    """The `limit` strongest assertions (typed before co-mentions, more confident first), in reading order."""
    chosen = sorted(relations, key=lambda r: (r.type == CO_MENTIONED, -r.confidence, r.doc, r.sentence))[:limit]
    return sorted(chosen, key=lambda r: (r.type, r.doc, r.sentence))


def merge_labels_list(labels: list[str], more: Iterable[str]) -> list[str]:
    """An edge's labels: the first few distinct non-empty labels, in the order they were stated."""
    merged = list(labels)
    for label in more:
        if label and label not in merged and len(merged) < MAX_EDGE_LABELS:
            merged.append(label)
    return merged


def chunks(items: list[T], size: int = 500) -> Iterator[list[T]]:
    """`items` in consecutive slices of at most `size` (for IN lists and UNWIND batches)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def now() -> str:
    """The current UTC time as stored: ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_store(url: str) -> GraphStore:
    """Open the store a URL names: sqlite:///path/graph.db, or neo4j://, bolt://, neo4j+s:// …"""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from explorer.store.sqlite import SQLiteStore

        return SQLiteStore.open(url)
    if scheme in NEO4J_SCHEMES:
        from explorer.store.neo4j import Neo4jStore

        return Neo4jStore.open(url)
    raise StoreError(
        f"unknown store URL {without_password(url)!r}: use sqlite:///path/graph.db or neo4j://host:7687"
    )
