"""One type per kind of curation action. Its fields are its arguments and, as a dict, the payload the
curation log stores (`to_dict()` / `from_dict`, which reads logs written before: a field added since
takes its default). Each says what it does to the rows it concerns (`transform`), how it reads to a
person (`describe`) and which stored rows it concerns (`scope`).

`transform(rows, replaying)`: `replaying` is True on a new document, where the entities may carry fresh
ids, so merged-away and deleted entities are also recognised by their canonical key. No transform
changes a row in place: each copies or `replace`s the ones it changes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar

from explorer.curation.rows import GraphSlice, remapped
from explorer.model import CurationAction, Document, Entity, Extraction, Mention, Record, Relation, stable_id
from explorer.store.base import GraphStore

CURATED_RULE = "curated"  # the MergeNote rule of every alias an analyst moved


class Judgement(StrEnum):
    """Are two entities the same thing? The analyst's answer, kept as a value."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


class CurationError(ValueError):
    """An action that cannot be done as asked (unknown id, nothing to split …): one line for the user."""


@dataclass
class EntityRef(Record):
    """An entity as an action names it: enough to recognise it on a new document and to recreate it."""

    id: str
    name: str = ""
    type: str = ""
    key: str = ""

    @classmethod
    def of(cls, entity: Entity) -> EntityRef:
        return cls(entity.id, entity.name, entity.type, entity.key)

    def entity(self) -> Entity:
        return Entity(self.id, self.name, self.type, key=self.key)


class Action(Record):
    """A kind of curation action (each a dataclass below); `to_dict()` is the payload the log stores."""

    kind: ClassVar[str]
    changes_graph: ClassVar[bool] = True  # False: a judgement only recorded, no rows change

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        return rows

    def describe(self) -> str:
        raise NotImplementedError

    def scope(self, store: GraphStore) -> GraphSlice:
        """The stored rows this action concerns, as they are now."""
        return GraphSlice()

    def prepare(self, store: GraphStore) -> None:
        """Store what the action's rows refer to, before they are read and swapped (most need nothing)."""


@dataclass
class Merge(Action):
    """Merge `sources` into `target`; the survivor is named `name` (default: its own name)."""

    kind: ClassVar[str] = "merge"
    target: EntityRef
    sources: list[EntityRef]
    name: str | None = None
    judgement: str = Judgement.POSITIVE.value

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Merge:
        merge = super().from_dict(data)
        merge.target = EntityRef.from_dict(data["target"])
        merge.sources = [EntityRef.from_dict(s) for s in data["sources"]]
        return merge

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        sources = [s for s in self.sources if s.id != self.target.id]
        target = next((e for e in rows.entities if e.id == self.target.id), None)
        absorbed = [
            e for e in rows.entities if e is not target and any(_matches(e, s, replaying) for s in sources)
        ]
        if target is None and not absorbed:
            return rows
        survivor = copy.deepcopy(target) if target else self.target.entity()
        for entity in absorbed:
            survivor.absorb(entity, rule=CURATED_RULE)
        if self.name:
            survivor.rename(self.name, rule=CURATED_RULE)
        gone = {id(e) for e in absorbed}
        entities: list[Entity] = []
        for entity in rows.entities:
            if entity is target or (target is None and entity is absorbed[0]):
                entities.append(survivor)
            elif id(entity) not in gone:
                entities.append(entity)
        merged = GraphSlice(entities, rows.mentions, rows.relations, rows.roles)
        mapping = {e.id: survivor.id for e in absorbed}
        return remapped(merged, mapping) if mapping else merged

    def describe(self) -> str:
        names = ", ".join(s.name for s in self.sources)
        return f"merged {names} into {self.target.name}" + (f" (named {self.name})" if self.name else "")

    def scope(self, store: GraphStore) -> GraphSlice:
        ids = [self.target.id, *(s.id for s in self.sources)]
        return store.curation_slice(e.id for e in store.entities(ids))


@dataclass
class Split(Action):
    """Move `aliases` of `entity` (named `name`), and the mentions written that way, to the entity `new`."""

    kind: ClassVar[str] = "split"
    entity: str
    name: str
    aliases: list[str]
    new: EntityRef
    key: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Split:
        split = super().from_dict(data)
        split.new = EntityRef.from_dict(data["new"])
        return split

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        entity = next((e for e in rows.entities if _matches(e, EntityRef(self.entity, key=self.key), replaying)), None)
        if entity is None:
            return rows
        moving = set(self.aliases)
        kept = copy.deepcopy(entity)
        if kept.name in moving:  # a fresh resolution may have named it by a split-off form
            kept.name = self.name
        kept.aliases = [a for a in kept.aliases if a not in moving and a != kept.name]
        kept.merges = [n for n in kept.merges if n.alias not in moving]
        new = next((e for e in rows.entities if e.id == self.new.id), None)
        new = copy.deepcopy(new) if new else self.new.entity()
        # the moved names, with the notes they had here
        new.absorb(Entity("", self.aliases[0], entity.type, self.aliases[1:], merges=entity.merges), rule=CURATED_RULE)

        moved = [m for m in rows.mentions if m.entity == entity.id and m.text in moving]
        staying = [m for m in rows.mentions if m.entity == entity.id and m.text not in moving]
        goes = follows_mentions(moved, staying)
        moved_ids = {id(m) for m in moved}
        mentions = [replace(m, entity=new.id) if id(m) in moved_ids else m for m in rows.mentions]
        relations = []
        for r in rows.relations:
            if entity.id in (r.source, r.target) and goes(r.doc, r.sentence):
                r = replace(r, source=new.id if r.source == entity.id else r.source)
                r = replace(r, target=new.id if r.target == entity.id else r.target)
            relations.append(r)
        roles = [
            replace(r, entity=new.id) if r.entity == entity.id and goes(r.doc, r.sentence) else r for r in rows.roles
        ]
        entities = [e for e in rows.entities if e.id not in (entity.id, new.id)]
        if not replaying or any(m.entity == entity.id for m in mentions):
            entities.append(kept)
        if not replaying or any(m.entity == new.id for m in mentions):
            entities.append(new)
        return remapped(GraphSlice(entities, mentions, relations, roles), {})

    def describe(self) -> str:
        return f"split {', '.join(self.aliases)} off {self.name} as {self.new.name}"

    def scope(self, store: GraphStore) -> GraphSlice:
        return store.curation_slice(e.id for e in store.entities([self.entity, self.new.id]))


@dataclass
class Rename(Action):
    """Give `entity` the name `name` (it was `old`, which stays an alias)."""

    kind: ClassVar[str] = "rename"
    entity: str
    name: str
    old: str = ""
    key: str = ""

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        entities = []
        for entity in rows.entities:
            if _matches(entity, EntityRef(self.entity, key=self.key), replaying):
                entity = copy.deepcopy(entity)
                entity.rename(self.name, rule=CURATED_RULE)
            entities.append(entity)
        return GraphSlice(entities, rows.mentions, rows.relations, rows.roles)

    def describe(self) -> str:
        return f"renamed {self.old} to {self.name}"

    def scope(self, store: GraphStore) -> GraphSlice:
        return _record_of(store, self.entity)


@dataclass
class Retype(Action):
    """Change the type of `entity` to `type` (it was `old`)."""

    kind: ClassVar[str] = "retype"
    entity: str
    type: str
    old: str = ""
    key: str = ""

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        ref = EntityRef(self.entity, key=self.key)
        entities = [replace(e, type=self.type) if _matches(e, ref, replaying) else e for e in rows.entities]
        return GraphSlice(entities, rows.mentions, rows.relations, rows.roles)

    def describe(self) -> str:
        return f"retyped {self.entity} from {self.old} to {self.type}"

    def scope(self, store: GraphStore) -> GraphSlice:
        return _record_of(store, self.entity)


@dataclass
class Delete(Action):
    """Delete `entity` (named `name`) with its mentions, relations and event roles."""

    kind: ClassVar[str] = "delete"
    entity: str
    name: str = ""
    key: str = ""

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        ref = EntityRef(self.entity, key=self.key)
        gone = {e.id for e in rows.entities if _matches(e, ref, replaying)} | {self.entity}
        return GraphSlice(
            [e for e in rows.entities if e.id not in gone],
            [m for m in rows.mentions if m.entity not in gone],
            [r for r in rows.relations if r.source not in gone and r.target not in gone],
            [r for r in rows.roles if r.entity not in gone],
        )

    def describe(self) -> str:
        return f"deleted {self.name}"

    def scope(self, store: GraphStore) -> GraphSlice:
        return store.curation_slice(e.id for e in store.entities([self.entity]))


@dataclass
class RejectRelation(Action):
    """Reject one assertion (`relation` is its id; the other fields say what it was)."""

    kind: ClassVar[str] = "reject_relation"
    relation: str
    source: str
    target: str
    type: str
    label: str
    doc: str = ""
    sentence: int = -1
    evidence: str = ""
    confidence: float = 0.5
    speaker: str = ""

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        relations = [r for r in rows.relations if r.id != self.relation]
        return GraphSlice(rows.entities, rows.mentions, relations, rows.roles)

    def describe(self) -> str:
        return f"rejected {self.type} {self.label} between {self.source} and {self.target}"

    def scope(self, store: GraphStore) -> GraphSlice:
        relation = store.relation(self.relation)
        if relation is None:
            return GraphSlice()
        return store.curation_slice(edges=[(relation.source, relation.target, relation.type)])


@dataclass
class Judge(Action):
    """Record whether two entities are the same thing (a merge is the positive judgement)."""

    kind: ClassVar[str] = "judge"
    changes_graph: ClassVar[bool] = False
    entities: list[str] = field(default_factory=list)
    judgement: str = Judgement.NEGATIVE.value

    def describe(self) -> str:
        return f"judged {' and '.join(self.entities)} {self.judgement}"


@dataclass
class AddEntity(Action):
    """An entity the articles name but extraction missed, added by an analyst (`note` says why)."""

    kind: ClassVar[str] = "add_entity"
    entity: EntityRef
    note: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AddEntity:
        added = super().from_dict(data)
        added.entity = EntityRef.from_dict(data["entity"])
        return added

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        # On a new document resolution finds it by its key like any stored entity: nothing to replay.
        if replaying or any(e.id == self.entity.id for e in rows.entities):
            return rows
        return GraphSlice([*rows.entities, self.entity.entity()], rows.mentions, rows.relations, rows.roles)

    def describe(self) -> str:
        return f"added {self.entity.name} ({self.entity.type}) by hand"

    def scope(self, store: GraphStore) -> GraphSlice:
        return _record_of(store, self.entity.id)


@dataclass
class AddRelation(Action):
    """A relation the articles do not state, added by an analyst: its evidence is their `note`, its document
    the notes of its `author` (`note_document`), so it reads, exports and undoes like any other."""

    kind: ClassVar[str] = "add_relation"
    source: EntityRef
    target: EntityRef
    type: str
    note: str
    author: str
    label: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AddRelation:
        added = super().from_dict(data)
        added.source = EntityRef.from_dict(data["source"])
        added.target = EntityRef.from_dict(data["target"])
        return added

    def relation(self) -> Relation:
        doc = note_document(self.author).id
        return Relation(self.source.id, self.target.id, self.type, self.label, doc, -1, self.note, HAND_CONFIDENCE)

    def transform(self, rows: GraphSlice, replaying: bool) -> GraphSlice:
        # Stored once, on the store's own rows; a merge or delete later moves or removes it like any relation.
        relation = self.relation()
        if replaying or any(r.id == relation.id for r in rows.relations):
            return rows
        return GraphSlice(rows.entities, rows.mentions, [*rows.relations, relation], rows.roles)

    def describe(self) -> str:
        return f"added by hand: {self.source.name} {self.type} {self.target.name}"

    def scope(self, store: GraphStore) -> GraphSlice:
        return store.curation_slice(edges=[(self.source.id, self.target.id, self.type)])

    def prepare(self, store: GraphStore) -> None:
        document = note_document(self.author)
        if not store.has_document(document.id):
            store.upsert_extraction(Extraction(document))


HAND_PREFIX = "hand-"  # the id of an analyst's notes document starts so
HAND_CONFIDENCE = 1.0


def note_document(user: str) -> Document:
    """The document holding one analyst's hand-added statements: its title names them as the source."""
    who = user or "an analyst"
    return Document(
        id=HAND_PREFIX + stable_id("hand", who, length=12),
        title=f"Added by hand by {who}",
        text=f"Statements {who} added by hand; the note with each is its evidence.",
        source=f"hand:{who}",
    )


def is_hand_made(doc_id: str) -> bool:
    """Whether a relation stated in this document was added by an analyst, not read from an article."""
    return doc_id.startswith(HAND_PREFIX)


ACTIONS: dict[str, type[Action]] = {
    a.kind: a for a in (Merge, Split, Rename, Retype, Delete, RejectRelation, Judge, AddEntity, AddRelation)
}


def action_of(logged: CurationAction) -> Action:
    """The typed action a log entry records."""
    kind = ACTIONS.get(logged.kind)
    if kind is None:
        raise CurationError(f"unknown curation action {logged.kind!r}")
    try:
        return kind.from_dict(logged.payload)
    except (KeyError, TypeError, ValueError) as error:
        raise CurationError(f"malformed {logged.kind} action ({type(error).__name__}: {error})") from None


def _matches(entity: Entity, ref: EntityRef, replaying: bool) -> bool:
    return entity.id == ref.id or (replaying and bool(ref.key) and entity.key == ref.key)


def _record_of(store: GraphStore, entity_id: str) -> GraphSlice:
    entity = store.entity(entity_id)
    return GraphSlice(entities=[entity]) if entity else GraphSlice()


def follows_mentions(moved: list[Mention], staying: list[Mention]) -> Callable[[str, int], bool]:
    """Whether a relation or event role stated at (doc, sentence) moves with split-off mentions: when the
    entity is named in that sentence only by moved forms, or (named nowhere in the sentence) in that
    document only by moved forms."""
    moved_at = {(m.doc, m.sentence) for m in moved}
    staying_at = {(m.doc, m.sentence) for m in staying}
    moved_docs = {m.doc for m in moved}
    staying_docs = {m.doc for m in staying}

    def goes(doc: str, sentence: int) -> bool:
        if (doc, sentence) in moved_at or (doc, sentence) in staying_at:
            return (doc, sentence) not in staying_at
        return doc in moved_docs and doc not in staying_docs

    return goes
