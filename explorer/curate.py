"""Curation: merge, split, rename, retype, delete, reject; an append-only log that undo pops and re-ingest
replays.

Every action is a pure transform of the rows it concerns (a `GraphSlice`). On the store, the rows before
and after are kept in the action (`payload["undo"]`) so that undo swaps them back exactly. On a newly
resolved Extraction, `apply_curation` runs the same transforms in log order, so a decision made once holds
for every later document. Decisions are explicit values (`Judgement`), as FollowTheMoney records its
dedupe judgements: a merge is a positive judgement, `mark_distinct` a negative one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from enum import StrEnum
from typing import Any

from explorer.model import (
    CO_MENTIONED,
    ENTITY_TYPES,
    CurationAction,
    Entity,
    Event,
    Extraction,
    Mention,
    MergeNote,
    Participant,
    Relation,
    stable_id,
)
from explorer.store.base import EventRole, GraphSlice, GraphStore

MERGE, SPLIT, RENAME, RETYPE, DELETE, REJECT, JUDGE = (
    "merge",
    "split",
    "rename",
    "retype",
    "delete",
    "reject_relation",
    "judge",
)
KINDS = (MERGE, SPLIT, RENAME, RETYPE, DELETE, REJECT, JUDGE)
CURATED_RULE = "curated"  # the MergeNote rule of every alias an analyst moved
LOG_FORMAT = "explorer-curation-log/1"


class Judgement(StrEnum):
    """Are two entities the same thing? The analyst's answer, kept as a value."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


class CurationError(ValueError):
    """An action that cannot be done as asked (unknown id, nothing to split …): one line for the user."""


# Who is acting: set around a request by the CLI (the OS user) and the app (the signed-in writer), and
# recorded on every action logged meanwhile, so no action function needs to pass it along.
_USER: ContextVar[str] = ContextVar("explorer_curation_user", default="")


@contextmanager
def acting_as(user: str) -> Iterator[None]:
    """Record `user` on every curation action taken in the block."""
    token = _USER.set(user)
    try:
        yield
    finally:
        _USER.reset(token)


def _signed(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with who is acting (an imported action keeps the user who took it)."""
    user = _USER.get()
    return {**payload, "user": user} if user and "user" not in payload else payload


# --- the analyst's actions on a store ----------------------------------------------------------------


def merge(store: GraphStore, ids: list[str], name: str | None = None, reason: str = "") -> CurationAction:
    """Merge `ids[1:]` into `ids[0]`; the survivor is named `name` (default: its own name)."""
    entities = _existing(store, ids)
    if len(entities) < 2:
        raise CurationError("merge needs at least two different entities")
    target, sources = entities[0], entities[1:]
    payload = {
        "target": _ref(target),
        "sources": [_ref(e) for e in sources],
        "name": name.strip() if name and name.strip() else None,
        "judgement": Judgement.POSITIVE.value,
    }
    return _perform(store, MERGE, payload, reason, store.curation_slice([e.id for e in entities]))


def split(
    store: GraphStore, entity_id: str, aliases: list[str], name: str | None = None, reason: str = ""
) -> CurationAction:
    """Move `aliases` of an entity, and the mentions with those surface texts, to a new entity."""
    (entity,) = _existing(store, [entity_id])
    moving = list(dict.fromkeys(a for a in aliases if a))
    unknown = [a for a in moving if a not in entity.aliases]
    if not moving or unknown:
        known = ", ".join(entity.aliases) or "none"
        raise CurationError(f"{', '.join(unknown) or 'no alias'} is not an alias of {entity.name} (aliases: {known})")
    new_name = name.strip() if name and name.strip() else moving[0]
    new_id = stable_id("split", entity.id, *sorted(moving))
    new = {"id": new_id, "name": new_name, "type": entity.type, "key": f"curated:{new_id}"}
    if store.entity(new["id"]) is not None:
        raise CurationError(f"these aliases were split off before, into {new['id']}")
    payload = {"entity": entity.id, "key": entity.key, "name": entity.name, "aliases": moving, "new": new}
    return _perform(store, SPLIT, payload, reason, store.curation_slice([entity.id]))


def rename(store: GraphStore, entity_id: str, name: str, reason: str = "") -> CurationAction:
    """Give an entity a new name; the old one stays findable as an alias."""
    (entity,) = _existing(store, [entity_id])
    if not name.strip():
        raise CurationError("the new name is empty")
    payload = {"entity": entity.id, "key": entity.key, "name": name.strip(), "old": entity.name}
    return _perform(store, RENAME, payload, reason, GraphSlice(entities=[entity]))


def retype(store: GraphStore, entity_id: str, entity_type: str, reason: str = "") -> CurationAction:
    """Change an entity's type (one of ENTITY_TYPES)."""
    (entity,) = _existing(store, [entity_id])
    entity_type = entity_type.strip().upper()
    if entity_type not in ENTITY_TYPES:
        raise CurationError(f"unknown type {entity_type!r}: use one of {', '.join(ENTITY_TYPES)}")
    payload = {"entity": entity.id, "key": entity.key, "type": entity_type, "old": entity.type}
    return _perform(store, RETYPE, payload, reason, GraphSlice(entities=[entity]))


def delete(store: GraphStore, entity_id: str, reason: str = "") -> CurationAction:
    """Delete an entity with its mentions, relations and event roles."""
    (entity,) = _existing(store, [entity_id])
    payload = {"entity": entity.id, "key": entity.key, "name": entity.name}
    return _perform(store, DELETE, payload, reason, store.curation_slice([entity.id]))


def reject(store: GraphStore, relation_id: str, reason: str = "") -> CurationAction:
    """Reject one assertion: it leaves the graph and never comes back on re-ingest."""
    relation = store.relation(relation_id)
    if relation is None:
        raise CurationError(f"no relation with id {relation_id!r}")
    payload = {"relation": relation_id, **relation.to_dict()}
    edge = (relation.source, relation.target, relation.type)
    return _perform(store, REJECT, payload, reason, store.curation_slice(edges=[edge]))


def mark_distinct(
    store: GraphStore, a: str, b: str, judgement: Judgement = Judgement.NEGATIVE, reason: str = ""
) -> CurationAction:
    """Record that two entities are not (or may not be) the same: candidates stop proposing the pair."""
    _existing(store, [a, b])
    payload = {"entities": sorted([a, b]), "judgement": Judgement(judgement).value}
    return store.append_curation(CurationAction(JUDGE, _signed(payload), reason))


def undo(store: GraphStore) -> CurationAction | None:
    """Undo the last action: the rows it replaced come back exactly; it leaves the log."""
    log = store.curation_log()
    if not log:
        return None
    last = log[-1]
    rows = last.payload.get("undo")
    if rows:
        store.replace_slice(GraphSlice.from_dict(rows["after"]), GraphSlice.from_dict(rows["before"]))
    return store.pop_curation()


def history(store: GraphStore) -> list[CurationAction]:
    """The log, oldest first, without the rows kept for undo."""
    return [shareable(action) for action in store.curation_log()]


def shareable(action: CurationAction) -> CurationAction:
    """The action without the rows kept for undo (they stay local)."""
    payload = {k: v for k, v in action.payload.items() if k != "undo"}
    return CurationAction(action.kind, payload, action.reason, action.at, action.seq)


def describe(action: CurationAction) -> str:
    """One line for a person: what was decided."""
    p = action.payload
    if action.kind == MERGE:
        names = ", ".join(s["name"] for s in p["sources"])
        into = p["target"]["name"] + (f" (named {p['name']})" if p.get("name") else "")
        return f"merged {names} into {into}"
    if action.kind == SPLIT:
        return f"split {', '.join(p['aliases'])} off {p['name']} as {p['new']['name']}"
    if action.kind == RENAME:
        return f"renamed {p['old']} to {p['name']}"
    if action.kind == RETYPE:
        return f"retyped {p['entity']} from {p['old']} to {p['type']}"
    if action.kind == DELETE:
        return f"deleted {p['name']}"
    if action.kind == REJECT:
        return f"rejected {p['type']} {p['label']} between {p['source']} and {p['target']}"
    if action.kind == JUDGE:
        return f"judged {' and '.join(p['entities'])} {p['judgement']}"
    return action.kind


# --- sharing the log ----------------------------------------------------------------------------------


def export_log(store: GraphStore) -> str:
    """The store's log as JSON a teammate can import."""
    return export_actions(store.curation_log())


def export_actions(actions: Iterable[CurationAction]) -> str:
    """Actions as a JSON log a teammate can import (undo rows stay local)."""
    rows = [shareable(a).to_dict() for a in actions]
    return json.dumps({"format": LOG_FORMAT, "actions": rows}, ensure_ascii=False, indent=2)


def import_log(store: GraphStore, text: str) -> tuple[int, int]:
    """Append and apply another log's actions: (applied to entities here, recorded for later documents).

    Actions already in the log (same kind, payload and time) are skipped, so importing twice is harmless.
    """
    try:
        data = json.loads(text)
        actions = [CurationAction.from_dict(a) for a in data["actions"]]
    except (ValueError, KeyError, TypeError) as error:
        raise CurationError(f"not a curation log ({error})") from None
    except RecursionError:
        raise CurationError("not a curation log (JSON nested too deeply)") from None
    seen = {_fingerprint(a) for a in history(store)}
    applied = recorded = 0
    for action in actions:
        if action.kind not in KINDS:
            raise CurationError(f"unknown curation action {action.kind!r}")
        if _fingerprint(action) in seen:
            continue
        payload = shareable(action).payload
        if action.kind == JUDGE:
            store.append_curation(CurationAction(JUDGE, _signed(payload), action.reason, action.at))
            recorded += 1
            continue
        done = _perform(store, action.kind, payload, action.reason, _scope(store, action.kind, payload), action.at)
        if done.payload.get("undo"):
            applied += 1
        else:
            recorded += 1
    return applied, recorded


# --- replay on new documents --------------------------------------------------------------------------


def curation_rules(log: Iterable[CurationAction]) -> list[CurationAction]:
    """The actions that change graphs, in order, without their undo rows (ingest loads this once)."""
    return [shareable(a) for a in log if a.kind in _TRANSFORMS]


def apply_curation(extraction: Extraction, rules: Sequence[CurationAction]) -> Extraction:
    """A resolved Extraction with every curation decision applied, in log order."""
    if not rules:
        return extraction
    rows = _extraction_rows(extraction)
    for rule in rules:
        rows = _TRANSFORMS[rule.kind](rows, rule.payload, True)
    return _with_rows(extraction, rows)


# --- performing and scoping ---------------------------------------------------------------------------


def _perform(
    store: GraphStore, kind: str, payload: dict[str, Any], reason: str, before: GraphSlice, at: str = ""
) -> CurationAction:
    """Transform the rows, swap them in, and log the action with who took it and what undo needs."""
    payload = _signed(payload)
    after = _TRANSFORMS[kind](copy.deepcopy(before), payload, False)
    changed = _rows_json(before) != _rows_json(after)
    if changed:
        store.replace_slice(before, after)
        payload = {**payload, "undo": {"before": before.to_dict(), "after": after.to_dict()}}
    try:
        return store.append_curation(CurationAction(kind, payload, reason, at))
    except Exception:
        if changed:  # a change nobody can see in the log must not stay
            store.replace_slice(after, before)
        raise


def _scope(store: GraphStore, kind: str, payload: dict[str, Any]) -> GraphSlice:
    """The stored rows an imported action concerns."""
    if kind == MERGE:
        ids = [payload["target"]["id"], *(s["id"] for s in payload["sources"])]
        return store.curation_slice(e.id for e in store.entities(ids))
    if kind == REJECT:
        relation = store.relation(payload["relation"])
        return (
            store.curation_slice(edges=[(relation.source, relation.target, relation.type)])
            if relation
            else GraphSlice()
        )
    entity = store.entity(payload["entity"])
    if entity is None:
        return GraphSlice()
    if kind in (RENAME, RETYPE):
        return GraphSlice(entities=[entity])
    ids = [entity.id, payload["new"]["id"]] if kind == SPLIT else [entity.id]
    return store.curation_slice(e.id for e in store.entities(ids))


def _existing(store: GraphStore, ids: list[str]) -> list[Entity]:
    ids = list(dict.fromkeys(ids))
    found = {e.id: e for e in store.entities(ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise CurationError(f"no entity with id {', '.join(missing)}")
    return [found[i] for i in ids]


def _ref(entity: Entity) -> dict[str, str]:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "key": entity.key}


def _fingerprint(action: CurationAction) -> str:
    return json.dumps([action.kind, shareable(action).payload, action.at], sort_keys=True)


def _rows_json(rows: GraphSlice) -> str:
    """The rows a slice holds, comparable as text: positions say where the store keeps them (a slice read
    has them, a transformed one does not), not what they are."""
    return json.dumps({**rows.to_dict(), "positions": {}}, sort_keys=True)


# --- the transforms: (rows, payload, replaying) -> rows ----------------------------------------------
# `replaying` is True on a new document: the entities there may carry fresh ids, so merged-away and
# deleted entities are also recognised by their canonical key.


def _matches(entity: Entity, ref_id: str, ref_key: str, replaying: bool) -> bool:
    return entity.id == ref_id or (replaying and bool(ref_key) and entity.key == ref_key)


def _merge(rows: GraphSlice, p: dict[str, Any], replaying: bool) -> GraphSlice:
    ref = p["target"]
    sources = [s for s in p["sources"] if s["id"] != ref["id"]]
    target = next((e for e in rows.entities if e.id == ref["id"]), None)
    absorbed = [
        e
        for e in rows.entities
        if e is not target and any(_matches(e, s["id"], s.get("key", ""), replaying) for s in sources)
    ]
    if target is None and not absorbed:
        return rows
    survivor = copy.deepcopy(target) if target else Entity(ref["id"], ref["name"], ref["type"], key=ref["key"])
    for entity in absorbed:
        _add_names(survivor, [entity.name, *entity.aliases], entity.merges)
        survivor.roles += [r for r in entity.roles if r not in survivor.roles]
        survivor.mention_count += entity.mention_count
    if p.get("name"):
        _set_name(survivor, p["name"])
    mapping = {e.id: survivor.id for e in absorbed}
    entities: list[Entity] = []
    gone = {id(e) for e in absorbed}
    for entity in rows.entities:
        if entity is target or (target is None and entity is absorbed[0]):
            entities.append(survivor)
        elif id(entity) not in gone:
            entities.append(entity)
    return _remapped(GraphSlice(entities, rows.mentions, rows.relations, rows.roles), mapping)


def _split(rows: GraphSlice, p: dict[str, Any], replaying: bool) -> GraphSlice:
    entity = next((e for e in rows.entities if _matches(e, p["entity"], p.get("key", ""), replaying)), None)
    if entity is None:
        return rows
    moving = set(p["aliases"])
    kept = copy.deepcopy(entity)
    if kept.name in moving:  # a fresh resolution may have named it by a split-off form
        kept.name = p["name"]
    kept.aliases = [a for a in kept.aliases if a not in moving and a != kept.name]
    kept.merges = [n for n in kept.merges if n.alias not in moving]
    ref = p["new"]
    new = next((e for e in rows.entities if e.id == ref["id"]), None)
    new = copy.deepcopy(new) if new else Entity(ref["id"], ref["name"], ref["type"], key=ref["key"])
    _add_names(new, p["aliases"], entity.merges)

    moved = [m for m in rows.mentions if m.entity == entity.id and m.text in moving]
    staying = [m for m in rows.mentions if m.entity == entity.id and m.text not in moving]
    goes = _follows_mentions(moved, staying)
    moved_ids = {id(m) for m in moved}
    mentions = [replace(m, entity=new.id) if id(m) in moved_ids else m for m in rows.mentions]
    relations = []
    for r in rows.relations:
        if entity.id in (r.source, r.target) and goes(r.doc, r.sentence):
            r = replace(r, source=new.id if r.source == entity.id else r.source)
            r = replace(r, target=new.id if r.target == entity.id else r.target)
        relations.append(r)
    roles = [replace(r, entity=new.id) if r.entity == entity.id and goes(r.doc, r.sentence) else r for r in rows.roles]
    entities = [e for e in rows.entities if e.id not in (entity.id, new.id)]
    if not replaying or any(m.entity == entity.id for m in mentions):
        entities.append(kept)
    if not replaying or any(m.entity == new.id for m in mentions):
        entities.append(new)
    return _canonical(GraphSlice(entities, mentions, relations, roles))


def _rename(rows: GraphSlice, p: dict[str, Any], replaying: bool) -> GraphSlice:
    entities = []
    for entity in rows.entities:
        if _matches(entity, p["entity"], p.get("key", ""), replaying):
            entity = copy.deepcopy(entity)
            _set_name(entity, p["name"])
        entities.append(entity)
    return GraphSlice(entities, rows.mentions, rows.relations, rows.roles)


def _retype(rows: GraphSlice, p: dict[str, Any], replaying: bool) -> GraphSlice:
    entities = [
        replace(e, type=p["type"]) if _matches(e, p["entity"], p.get("key", ""), replaying) else e
        for e in rows.entities
    ]
    return GraphSlice(entities, rows.mentions, rows.relations, rows.roles)


def _delete(rows: GraphSlice, p: dict[str, Any], replaying: bool) -> GraphSlice:
    gone = {e.id for e in rows.entities if _matches(e, p["entity"], p.get("key", ""), replaying)}
    gone.add(p["entity"])
    return GraphSlice(
        [e for e in rows.entities if e.id not in gone],
        [m for m in rows.mentions if m.entity not in gone],
        [r for r in rows.relations if r.source not in gone and r.target not in gone],
        [r for r in rows.roles if r.entity not in gone],
    )


def _reject(rows: GraphSlice, p: dict[str, Any], replaying: bool) -> GraphSlice:
    relations = [r for r in rows.relations if r.id != p["relation"]]
    return GraphSlice(rows.entities, rows.mentions, relations, rows.roles)


_TRANSFORMS: dict[str, Callable[[GraphSlice, dict[str, Any], bool], GraphSlice]] = {
    MERGE: _merge,
    SPLIT: _split,
    RENAME: _rename,
    RETYPE: _retype,
    DELETE: _delete,
    REJECT: _reject,
}


# --- helpers of the transforms -----------------------------------------------------------------------


def _add_names(entity: Entity, names: list[str], notes: list[MergeNote]) -> None:
    """Add names as aliases (kept notes win; otherwise the alias is marked as curated)."""
    by_alias = {n.alias: n for n in notes}
    for name in names:
        if name == entity.name or name in entity.aliases:
            continue
        entity.aliases.append(name)
        entity.merges.append(copy.copy(by_alias.get(name)) or MergeNote(name, CURATED_RULE, 1.0))


def _set_name(entity: Entity, name: str) -> None:
    if name == entity.name:
        return
    old = entity.name
    entity.aliases = [a for a in entity.aliases if a != name]
    entity.merges = [n for n in entity.merges if n.alias != name]
    entity.name = name
    _add_names(entity, [old], [])


def _follows_mentions(moved: list[Mention], staying: list[Mention]) -> Callable[[str, int], bool]:
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


def _remapped(rows: GraphSlice, mapping: dict[str, str]) -> GraphSlice:
    if not mapping:
        return rows
    mentions = [replace(m, entity=mapping.get(m.entity, m.entity)) for m in rows.mentions]
    relations = [
        replace(r, source=mapping.get(r.source, r.source), target=mapping.get(r.target, r.target))
        for r in rows.relations
    ]
    roles = [replace(r, entity=mapping.get(r.entity, r.entity)) for r in rows.roles]
    return _canonical(GraphSlice(rows.entities, mentions, relations, roles))


def _canonical(rows: GraphSlice) -> GraphSlice:
    """Rows as resolution writes them: no self-loops, co-mentions ordered, no duplicates."""
    relations: dict[str, Relation] = {}
    for relation in rows.relations:
        if relation.source == relation.target:
            continue
        if relation.type == CO_MENTIONED and relation.target < relation.source:
            relation = replace(relation, source=relation.target, target=relation.source)
        relations.setdefault(relation.id, relation)
    mentions = list({m.key: m for m in rows.mentions}.values())
    roles = list({r.key: r for r in rows.roles}.values())
    return GraphSlice(rows.entities, mentions, list(relations.values()), roles)


def _extraction_rows(extraction: Extraction) -> GraphSlice:
    """The extraction's rows in new lists; the rows themselves are shared, as no transform changes a row in
    place (each copies or `replace`s the ones it changes)."""
    roles = [
        EventRole(event.id, p.entity, p.role, event.doc or extraction.document.id, event.sentence)
        for event in extraction.events
        for p in event.participants
    ]
    return GraphSlice(list(extraction.entities), list(extraction.mentions), list(extraction.relations), roles)


def _with_rows(extraction: Extraction, rows: GraphSlice) -> Extraction:
    by_event: dict[str, list[Participant]] = {}
    for role in rows.roles:
        by_event.setdefault(role.event, []).append(Participant(role.entity, role.role))
    events: list[Event] = [replace(event, participants=by_event.get(event.id, [])) for event in extraction.events]
    return Extraction(extraction.document, rows.entities, rows.mentions, rows.relations, events)
