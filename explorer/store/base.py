"""The GraphStore protocol every backend implements, its errors, and the rules every backend follows
(schema version, how parts join, which relations are the most telling, how edge labels grow).

The UI, the CLI and ingest talk to a store only through this protocol: no SQL or Cypher outside
`explorer/store/`. One contract test suite (tests/contract/) runs against every backend. This module knows
no backend: `explorer.store.open_store(url)` picks one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeVar, runtime_checkable

from explorer.curation.rows import GraphSlice, ReplayRecord
from explorer.model import (
    CO_MENTIONED,
    CurationAction,
    Document,
    Edge,
    Entity,
    Event,
    Extraction,
    Mention,
    Relation,
    Subgraph,
)
from explorer.store.paths import PathOptions

T = TypeVar("T")
L = TypeVar("L", Relation, Edge)
MAX_EDGE_LABELS = 5
# Bump on any change to what a backend stores: a store of a newer version is refused, never rewritten; an
# older one is brought up to date in place when its backend knows how (each keeps its steps).
SCHEMA_VERSION = 3


class StoreError(Exception):
    """A store cannot be opened or used: the message is one line, fit to show a user."""


class NoStore(StoreError):
    """A reading command named a store that does not exist: only ingest, load and copy create one."""


class StoreBusy(StoreError):
    """Another process kept the store's write lock longer than a write would wait."""


class SchemaError(StoreError):
    """The store was written by another schema version (or is not an explorer store at all)."""


def check_schema_version(found: int, written: str, kept: str) -> None:
    """Refuse a store of another schema version: `written` says where it was written ("… was written"),
    `kept` what is left untouched ("The file")."""
    if found != SCHEMA_VERSION:
        newer = "a newer" if found > SCHEMA_VERSION else "an older"
        raise SchemaError(
            f"{written} by {newer} explorer (schema {found}); this one reads schema {SCHEMA_VERSION}."
            f" {kept} was left untouched."
        )


@dataclass(frozen=True)
class EvidenceFilter:
    """Which assertions count: at least this confident, stated in documents published in [since, until]
    (ISO dates; with either bound set, undated documents say nothing)."""

    min_confidence: float = 0.0
    since: str | None = None
    until: str | None = None

    @property
    def active(self) -> bool:
        return self.min_confidence > 0 or self.dated

    @property
    def dated(self) -> bool:
        return bool(self.since or self.until)

    def admits(self, published: str | None) -> bool:
        """Whether a document of this publication date is within the range."""
        if not self.dated:
            return True
        if not published:
            return False
        return (not self.since or published[:10] >= self.since) and (not self.until or published[:10] <= self.until)


@dataclass
class StoreChanges:
    """What other writers changed since a generation: entities they created or changed (as stored now), and
    whether the curation log changed (then what a writer holds of the store is best read again)."""

    entities: list[Entity] = field(default_factory=list)
    curation: bool = False


@dataclass
class DocumentRecords:
    """A new document's records for `write_document`: one resolved Extraction (`whole`), or its parts (a
    long text), with what replaying the curation log changed in them (filled while `parts` is consumed)."""

    parts: Iterable[Extraction]
    whole: bool = True
    replays: list[ReplayRecord] = field(default_factory=list)


MakeRecords = Callable[[StoreChanges], DocumentRecords]


@runtime_checkable
class GraphStore(Protocol):
    url: str

    def close(self) -> None: ...

    # --- writing -------------------------------------------------------------------------------------
    def generation(self) -> int:
        """A number every write raises: `write_document` reports what others changed since one."""

    def write_document(self, document: Document, since: int | None, make: MakeRecords) -> int | None:
        """Store a new document in ONE transaction, its records made by `make` inside it, while this writer
        holds the store's write lock: `make` gets what other writers changed since generation `since`
        (nothing asked when None), so no writer resolves names against entities others have since
        changed. `make` may be called again if the transaction is retried. The generation after this
        write, or None (and `make` not called) when the document was already there."""

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

    def relations_by_type(self, relation_types: Iterable[str]) -> list[Relation]:
        """Every assertion of the given types, by document and sentence (what `explorer.claims` compares)."""

    def subgraph(
        self, entity_ids: Iterable[str], include_co_mentions: bool = True, evidence: EvidenceFilter | None = None
    ) -> Subgraph:
        """The given entities and the aggregated edges among them; with `evidence`, edges count only the
        assertions it admits (and an edge with none is left out)."""

    def paths(
        self, source: str, target: str, k: int = 5, max_length: int = 4, options: PathOptions | None = None
    ) -> list[list[str]]:
        """Up to k paths (entity id lists) of at most max_length hops, best evidenced first (typed hops
        before co-mentions, more sentences before fewer, hubs last: explorer/store/paths.py)."""

    # --- documents and events ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None: ...

    def documents(self) -> list[Document]:
        """Every document, without text, newest ingest first."""

    def documents_for(self, entity_id: str) -> list[Document]:
        """Documents that mention the entity, without text."""

    def document_counts(self) -> dict[str, tuple[int, int]]:
        """For every document id: (entities it mentions, typed relations read from it)."""

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

    def backup(self, path: str) -> None:
        """Write a consistent copy of the store to the new file `path` while the store stays in use; a
        backend whose server keeps its own backups raises StoreError saying what to use instead."""

    # --- curation ------------------------------------------------------------------------------------
    def curation_log(self) -> list[CurationAction]: ...

    def append_curation(self, action: CurationAction) -> CurationAction:
        """Append to the log (assigning seq and time) without applying it."""

    def pop_curation(self) -> CurationAction | None:
        """Remove and return the last action of the log, and what its replays changed."""

    def replays(self, seq: int) -> list[ReplayRecord]:
        """What replaying action `seq` changed in the documents stored after it, in the order stored."""

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
    last part's name and type, as a store that writes the parts in turn ends with; the other names, roles
    and counts folded in), a relation stated twice is kept once."""
    entities: dict[str, Entity] = {}
    relations: dict[str, Relation] = {}
    joined = Extraction(document)
    for part in parts:
        for entity in part.entities:
            if entity.id not in entities:
                entities[entity.id] = copy.deepcopy(entity)
                continue
            known = entities[entity.id]
            known.absorb(entity)
            known.rename(entity.name)
            known.type = entity.type
        joined.mentions.extend(part.mentions)
        for relation in part.relations:
            relations.setdefault(relation.id, relation)
        joined.events.extend(part.events)
    joined.entities, joined.relations = list(entities.values()), list(relations.values())
    return joined


def typed_first(links: Iterable[L]) -> list[L]:
    """Typed relations before co-mentions, the stronger first (a relation by its confidence, an edge by its
    weight), then in reading order: the one order in which the store and the pages tell links."""
    return sorted(links, key=_telling)


def _telling(link: Relation | Edge) -> tuple[bool, float, str, object]:
    if isinstance(link, Edge):
        return (link.type == CO_MENTIONED, -link.weight, link.source, link.target)
    return (link.type == CO_MENTIONED, -link.confidence, link.doc, link.sentence)


def most_telling(relations: Iterable[Relation], limit: int | None) -> list[Relation]:
    """The `limit` strongest assertions (`typed_first`), in reading order."""
    return sorted(typed_first(relations)[:limit], key=lambda r: (r.type, r.doc, r.sentence))


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
