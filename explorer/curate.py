"""Curation: merge, split, rename, retype, delete, reject; an append-only log that undo pops and re-ingest
replays.

Every action is a typed value (explorer/curation/actions.py) whose transform rewrites the rows it
concerns (a `GraphSlice`). On the store, the rows before and after are kept in the logged action
(`payload["undo"]`). On a newly resolved Extraction, `replay_curation` runs the same transforms in log
order, so a decision made once holds for every later document, and what each changed there is kept with
the document (replay records). Undo puts all of it back, whatever was ingested since
(explorer/curation/undo.py). Decisions are explicit values (`Judgement`), as FollowTheMoney records its
dedupe judgements: a merge is a positive judgement, `mark_distinct` a negative one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from explorer.curation.actions import (
    CURATED_RULE,
    Action,
    AddEntity,
    AddRelation,
    CurationError,
    Delete,
    EntityRef,
    Judge,
    Judgement,
    Merge,
    RejectRelation,
    Rename,
    Retype,
    Split,
    action_of,
)
from explorer.curation.rows import GraphSlice, ReplayRecord, extraction_rows, slice_changes, with_rows
from explorer.curation.undo import undone
from explorer.model import CO_MENTIONED, ENTITY_TYPES, RELATION_TYPES, CurationAction, Entity, Extraction, stable_id
from explorer.names import name_key
from explorer.store.base import GraphStore

__all__ = [
    "CURATED_RULE",
    "acting_as",
    "add_entity",
    "add_relation",
    "CurationError",
    "Judgement",
    "apply_curation",
    "curation_rules",
    "delete",
    "describe",
    "export_actions",
    "export_log",
    "history",
    "import_log",
    "mark_distinct",
    "merge",
    "reject",
    "rename",
    "replay_curation",
    "retype",
    "shareable",
    "split",
    "undo",
]

LOG_FORMAT = "explorer-curation-log/1"


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


# --- the analyst's actions on a store ----------------------------------------------------------------


def merge(store: GraphStore, ids: list[str], name: str | None = None, reason: str = "") -> CurationAction:
    """Merge `ids[1:]` into `ids[0]`; the survivor is named `name` (default: its own name)."""
    entities = _existing(store, ids)
    if len(entities) < 2:
        raise CurationError("merge needs at least two different entities")
    target, sources = entities[0], entities[1:]
    named = name.strip() if name and name.strip() else None
    return _perform(store, Merge(EntityRef.of(target), [EntityRef.of(e) for e in sources], named), reason)


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
    new_id = stable_id("split", entity.id, *sorted(moving))
    if store.entity(new_id) is not None:
        raise CurationError(f"these aliases were split off before, into {new_id}")
    new_name = name.strip() if name and name.strip() else moving[0]
    new = EntityRef(new_id, new_name, entity.type, f"curated:{new_id}")
    return _perform(store, Split(entity.id, entity.name, moving, new, key=entity.key), reason)


def rename(store: GraphStore, entity_id: str, name: str, reason: str = "") -> CurationAction:
    """Give an entity a new name; the old one stays findable as an alias."""
    (entity,) = _existing(store, [entity_id])
    if not name.strip():
        raise CurationError("the new name is empty")
    return _perform(store, Rename(entity.id, name.strip(), entity.name, key=entity.key), reason)


def retype(store: GraphStore, entity_id: str, entity_type: str, reason: str = "") -> CurationAction:
    """Change an entity's type (one of ENTITY_TYPES)."""
    (entity,) = _existing(store, [entity_id])
    entity_type = entity_type.strip().upper()
    if entity_type not in ENTITY_TYPES:
        raise CurationError(f"unknown type {entity_type!r}: use one of {', '.join(ENTITY_TYPES)}")
    return _perform(store, Retype(entity.id, entity_type, entity.type, key=entity.key), reason)


def delete(store: GraphStore, entity_id: str, reason: str = "") -> CurationAction:
    """Delete an entity with its mentions, relations and event roles."""
    (entity,) = _existing(store, [entity_id])
    return _perform(store, Delete(entity.id, entity.name, key=entity.key), reason)


def reject(store: GraphStore, relation_id: str, reason: str = "") -> CurationAction:
    """Reject one assertion: it leaves the graph and never comes back on re-ingest."""
    relation = store.relation(relation_id)
    if relation is None:
        raise CurationError(f"no relation with id {relation_id!r}")
    return _perform(store, RejectRelation(relation_id, **relation.to_dict()), reason)


def add_entity(store: GraphStore, name: str, entity_type: str, note: str = "", reason: str = "") -> CurationAction:
    """Add an entity extraction missed; later articles naming it attach to it (its key is the usual one)."""
    name, entity_type = name.strip(), entity_type.strip().upper()
    if not name:
        raise CurationError("the name is empty")
    if entity_type not in ENTITY_TYPES:
        raise CurationError(f"unknown type {entity_type!r}: use one of {', '.join(ENTITY_TYPES)}")
    key = name_key(name, entity_type)
    ref = EntityRef(stable_id(key), name, entity_type, key)
    known = [e for e in store.search(name, limit=5) if name.casefold() in {n.casefold() for n in (e.name, *e.aliases)}]
    if store.entity(ref.id) is not None or known:
        raise CurationError(f"{name} is already in the graph")
    return _perform(store, AddEntity(ref, note.strip()), reason)


def add_relation(
    store: GraphStore, source: str, target: str, relation_type: str, note: str, label: str = "", reason: str = ""
) -> CurationAction:
    """Add a relation the articles do not state: `note` is its evidence, the acting user its source."""
    if source == target:
        raise CurationError("a relation needs two different entities")
    first, second = _existing(store, [source, target])
    relation_type = relation_type.strip().upper()
    if relation_type not in RELATION_TYPES or relation_type == CO_MENTIONED:
        raise CurationError(f"unknown relation type {relation_type!r}")
    if not note.strip():
        raise CurationError("say where this comes from: the note is the relation's evidence")
    action = AddRelation(
        EntityRef.of(first), EntityRef.of(second), relation_type, note.strip(), _USER.get(), label.strip()
    )
    if store.relation(action.relation().id) is not None:
        raise CurationError("this relation was already added by hand")
    return _perform(store, action, reason)


def mark_distinct(
    store: GraphStore, a: str, b: str, judgement: Judgement = Judgement.NEGATIVE, reason: str = ""
) -> CurationAction:
    """Record that two entities are not (or may not be) the same: candidates stop proposing the pair."""
    _existing(store, [a, b])
    return _perform(store, Judge(sorted([a, b]), Judgement(judgement).value), reason)


def undo(store: GraphStore) -> CurationAction | None:
    """Undo the last action, whatever was ingested since (see curation/undo.py): the rows it replaced
    come back exactly, later documents' rows go where they would be without it; it leaves the log."""
    log = store.curation_log()
    if not log:
        return None
    last = log[-1]
    replays = store.replays(last.seq)
    rows = last.payload.get("undo") or {}
    before, after = (GraphSlice.from_dict(rows.get(side, {})) for side in ("before", "after"))
    if rows or replays:
        touched = [after, before, *(r.before for r in replays), *(r.after for r in replays)]
        ids = dict.fromkeys(e.id for rows_ in touched for e in rows_.entities)
        edges = dict.fromkeys((r.source, r.target, r.type) for r in [*before.relations, *after.relations])
        current = store.curation_slice(ids, edges)
        store.replace_slice(current, undone(action_of(last), current, before, after, replays))
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
    try:
        return action_of(action).describe()
    except CurationError:
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
        logged = [CurationAction.from_dict(a) for a in data["actions"]]
    except (ValueError, KeyError, TypeError) as error:
        raise CurationError(f"not a curation log ({error})") from None
    except RecursionError:
        raise CurationError("not a curation log (JSON nested too deeply)") from None
    actions = [action_of(entry) for entry in logged]  # every entry understood before any is applied
    seen = {_fingerprint(a) for a in history(store)}
    applied = recorded = 0
    for entry, action in zip(logged, actions, strict=True):
        if _fingerprint(entry) in seen:
            continue
        done = _perform(store, action, entry.reason, entry.at, entry.payload.get("user"))
        if done.payload.get("undo"):
            applied += 1
        else:
            recorded += 1
    return applied, recorded


# --- replay on new documents --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A logged action that changes graphs, replayed on every new document."""

    seq: int
    action: Action


def curation_rules(log: Iterable[CurationAction]) -> list[Rule]:
    """The actions that change graphs, in log order (ingest loads this once)."""
    return [Rule(logged.seq, action) for logged in log if (action := action_of(logged)).changes_graph]


def apply_curation(extraction: Extraction, rules: Sequence[Rule]) -> Extraction:
    """A resolved Extraction with every curation decision applied, in log order."""
    return replay_curation(extraction, rules)[0]


def replay_curation(extraction: Extraction, rules: Sequence[Rule]) -> tuple[Extraction, list[ReplayRecord]]:
    """`apply_curation`, and what each rule changed in the document's rows (kept with the document, so
    that undoing the rule later gives them back)."""
    if not rules:
        return extraction, []
    rows = extraction_rows(extraction)
    records = []
    for rule in rules:
        after = rule.action.transform(rows, True)
        if not _same_rows(rows, after):
            gone, come = slice_changes(rows, after)
            records.append(ReplayRecord(rule.seq, extraction.document.id, gone, come))
        rows = after
    return with_rows(extraction, rows), records


# --- performing ---------------------------------------------------------------------------------------


def _perform(
    store: GraphStore, action: Action, reason: str, at: str = "", user: str | None = None
) -> CurationAction:
    """Transform the rows the action concerns, swap them in, and log the action with who took it (the
    user acting now, or the one an imported action names) and what undo needs."""
    payload = action.to_dict()
    if user := user or _USER.get():
        payload["user"] = user
    if not action.changes_graph:
        return store.append_curation(CurationAction(action.kind, payload, reason, at))
    action.prepare(store)
    before = action.scope(store)
    after = action.transform(copy.deepcopy(before), False)
    changed = _rows_json(before) != _rows_json(after)
    if changed:
        store.replace_slice(before, after)
        payload["undo"] = {"before": before.to_dict(), "after": after.to_dict()}
    try:
        return store.append_curation(CurationAction(action.kind, payload, reason, at))
    except Exception:
        if changed:  # a change nobody can see in the log must not stay
            store.replace_slice(after, before)
        raise


def _existing(store: GraphStore, ids: list[str]) -> list[Entity]:
    ids = list(dict.fromkeys(ids))
    found = {e.id: e for e in store.entities(ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise CurationError(f"no entity with id {', '.join(missing)}")
    return [found[i] for i in ids]


def _fingerprint(action: CurationAction) -> str:
    """What tells one decision from another: its kind, its arguments as this version reads them, its time."""
    return json.dumps([action.kind, action_of(action).to_dict(), action.at], sort_keys=True)


def _same_rows(rows: GraphSlice, other: GraphSlice) -> bool:
    """Whether two slices hold equal rows (a transform that changes nothing keeps the very rows, so this is
    quick where it matters: most rules concern few documents)."""
    return (rows.entities, rows.mentions, rows.relations, rows.roles) == (
        other.entities,
        other.mentions,
        other.relations,
        other.roles,
    )


def _rows_json(rows: GraphSlice) -> str:
    """The rows a slice holds, comparable as text: positions say where the store keeps them (a slice read
    has them, a transformed one does not), not what they are."""
    return json.dumps({**rows.to_dict(), "positions": {}}, sort_keys=True)
