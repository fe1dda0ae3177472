"""Undoing a logged action whatever was stored since it was done.

`undone` gives the rows an undo writes back in place of what the store holds now about what the action
and its replays touched:
- rows the action wrote (its undo rows) come back as they were before it;
- rows its replay changed in documents stored later (the replay records kept with them) come back as
  they were before the replay changed them: a deleted entity gets back the mentions and relations later
  documents made of it, a merged-away one its own;
- rows later documents attached straight to what the action made (resolution placed them there, so no
  replay changed them) go where the inverse of the action puts them: what was stored on a split-off
  entity goes back to the entity it came from; mentions written with a merged-away entity's own names go
  back to it, with the relations and event roles stated where only those names name the survivor;
- entity records are those from before the action, with the names and roles later documents added.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace

from explorer.curation.actions import Action, Delete, EntityRef, Merge, Split, follows_mentions
from explorer.curation.rows import EventRole, GraphSlice, ReplayRecord, remapped
from explorer.model import Entity, Mention, Relation


def undone(
    action: Action, current: GraphSlice, before: GraphSlice, after: GraphSlice, replays: list[ReplayRecord]
) -> GraphSlice:
    """The rows to write in place of `current` to undo `action`, done when the store held `before` and
    left `after`, and replayed on later documents as `replays` say."""
    written = _Keys([after, *(r.after for r in replays)])
    later = GraphSlice(
        [],
        [m for m in current.mentions if m.key not in written.mentions],
        [r for r in current.relations if r.id not in written.relations],
        [r for r in current.roles if r.key not in written.roles],
    )
    ids = _same_ids(action, [e for r in replays for e in r.before.entities])
    replayed = [remapped(r.before, ids) if ids else r.before for r in replays]
    # the entities as later documents named them
    views = [replace(e, id=ids.get(e.id, e.id)) for rows in replayed for e in rows.entities]
    records = _records(before, after, current, views)
    if isinstance(action, Split):  # the split-off entity's later rows go back
        later = remapped(later, {action.new.id: action.entity})
        _fold_into(records, action.entity, current, after, action.new.id)
    elif isinstance(action, Merge):
        later = _unmerged(later, action, records, current, views)
    restored = _union([before, *replayed, later], records)
    restored.positions = dict(before.positions)
    return restored


def _same_ids(action: Action, views: list[Entity]) -> dict[str, str]:
    """Later documents' ids for the entities the action removed, when their replay knew them by canonical
    key under another id: the rows given back are the removed entity's."""
    removed = {ref.key: ref.id for ref in _removed(action) if ref.key}
    return {v.id: removed[v.key] for v in views if v.key in removed and v.id != removed[v.key]}


def _removed(action: Action) -> list[EntityRef]:
    if isinstance(action, Delete):
        return [EntityRef(action.entity, action.name, key=action.key)]
    if isinstance(action, Merge):
        return [s for s in action.sources if s.id != action.target.id]
    return []


class _Keys:
    """The keys of the mentions, relations and roles some slices hold."""

    def __init__(self, slices: Iterable[GraphSlice]) -> None:
        self.mentions: set[tuple[str, str, int, int, int, str]] = set()
        self.relations: set[str] = set()
        self.roles: set[str] = set()
        for rows in slices:
            self.mentions |= {m.key for m in rows.mentions}
            self.relations |= {r.id for r in rows.relations}
            self.roles |= {r.key for r in rows.roles}


def _records(before: GraphSlice, after: GraphSlice, current: GraphSlice, views: list[Entity]) -> dict[str, Entity]:
    """Entity records as before the action, each with what it gained since, and with the names later
    documents gave it where their replay removed it (a deleted or merged-away entity)."""
    records = {e.id: copy.deepcopy(e) for e in before.entities}
    written = {e.id: e for e in after.entities}
    stored = {e.id: e for e in current.entities}
    for entity_id, record in records.items():
        if entity_id in stored:
            _add_gained(record, stored[entity_id], written.get(entity_id))
    for view in views:
        if view.id in records:
            records[view.id].absorb(_uncounted(view))
        elif view.id not in stored:  # removed by a replay of an action that kept no rows here
            records[view.id] = _uncounted(view)
    return records


def _add_gained(record: Entity, now: Entity, written: Entity | None) -> None:
    """Give `record` the names and roles `now` holds beyond `written` (its record as the action left it)."""
    names = [n for n in [now.name, *now.aliases] if written is None or n not in (written.name, *written.aliases)]
    if names:
        record.absorb(Entity(now.id, names[0], now.type, names[1:], merges=now.merges))
    for role in now.roles:
        if (written is None or role not in written.roles) and role not in record.roles:
            record.roles.append(role)


def _uncounted(entity: Entity) -> Entity:
    """A copy without counts (the store counts again)."""
    found = copy.deepcopy(entity)
    found.mention_count = found.doc_count = 0
    return found


def _fold_into(records: dict[str, Entity], into: str, current: GraphSlice, after: GraphSlice, gone: str) -> None:
    """The entity `gone` (split off) goes away; `into` gets the names it gained since."""
    records.pop(gone, None)
    now = next((e for e in current.entities if e.id == gone), None)
    if now is not None and into in records:
        _add_gained(records[into], now, next((e for e in after.entities if e.id == gone), None))


def _unmerged(
    later: GraphSlice, merge: Merge, records: dict[str, Entity], current: GraphSlice, views: list[Entity]
) -> GraphSlice:
    """Later rows on the survivor written with a merged-away entity's own names go back to it, and the
    survivor's record drops those names."""
    survivor = merge.target.id
    own = _names(records.get(survivor), views, survivor)
    for source in merge.sources:
        names = _names(records.get(source.id), views, source.id) - own
        if not names:
            continue
        moved = [m for m in later.mentions if m.entity == survivor and m.text in names]
        staying = [m for m in current.mentions if m.entity == survivor and m.text not in names]
        goes = follows_mentions(moved, staying)
        moving = {m.key for m in moved}
        later = GraphSlice(
            later.entities,
            [_moved(m, source.id) if m.key in moving else m for m in later.mentions],
            [_moved_relation(r, survivor, source.id) if goes(r.doc, r.sentence) else r for r in later.relations],
            [_moved_role(r, survivor, source.id) if goes(r.doc, r.sentence) else r for r in later.roles],
        )
        if survivor in records:
            record = records[survivor]
            record.aliases = [a for a in record.aliases if a not in names]
            record.merges = [n for n in record.merges if n.alias not in names]
    return later


def _names(record: Entity | None, views: list[Entity], entity_id: str) -> set[str]:
    """The names an entity had before the action, or that later documents gave it."""
    names = set() if record is None else {record.name, *record.aliases}
    return names | {n for view in views if view.id == entity_id for n in (view.name, *view.aliases)}


def _moved(mention: Mention, entity: str) -> Mention:
    return replace(mention, entity=entity)


def _moved_relation(relation: Relation, old: str, new: str) -> Relation:
    source = new if relation.source == old else relation.source
    target = new if relation.target == old else relation.target
    return replace(relation, source=source, target=target)


def _moved_role(role: EventRole, old: str, new: str) -> EventRole:
    return replace(role, entity=new) if role.entity == old else role


def _union(slices: list[GraphSlice], records: dict[str, Entity]) -> GraphSlice:
    """The rows of all the slices, each once (the first), with `records` as the entity records."""
    mentions: dict[tuple[str, str, int, int, int, str], Mention] = {}
    relations: dict[str, Relation] = {}
    roles: dict[str, EventRole] = {}
    for rows in slices:
        for m in rows.mentions:
            mentions.setdefault(m.key, m)
        for r in rows.relations:
            relations.setdefault(r.id, r)
        for role in rows.roles:
            roles.setdefault(role.key, role)
    return GraphSlice(list(records.values()), list(mentions.values()), list(relations.values()), list(roles.values()))
