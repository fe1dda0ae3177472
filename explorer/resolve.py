"""Local entities → canonical entities, across documents.

A `Resolver` holds the entities known so far (seeded from the store) and, for each new Extraction,
maps every local entity to a canonical one: by canonical key first, then by a known alias. What it
cannot place becomes a new canonical entity whose id derives from its key, so ids are stable across
re-ingest. Every alias it merges is recorded with the rule and score that merged it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from explorer.extract.linking import name_key
from explorer.model import CO_MENTIONED, Entity, Extraction, MergeNote, Relation, stable_id


class Resolver:
    """Canonical entities known so far, and the rules that map new local entities onto them."""

    def __init__(self, known: Iterable[Entity] = ()) -> None:
        self._by_id: dict[str, Entity] = {}
        self._by_key: dict[str, str] = {}
        for entity in known:
            self._remember(copy.deepcopy(entity))

    def entities(self) -> list[Entity]:
        """The canonical entities known so far, with their accumulated counts and aliases."""
        return [copy.deepcopy(e) for e in self._by_id.values()]

    def resolve(self, extraction: Extraction) -> Extraction:
        """A copy of `extraction` whose entity ids are canonical; the new entities are remembered."""
        mapping: dict[str, str] = {}
        merged: dict[str, Entity] = {}
        for local in extraction.entities:
            canonical = self._place(local)
            mapping[local.id] = canonical.id
            doc_entity = merged.get(canonical.id)
            if doc_entity is None:
                doc_entity = _doc_view(canonical, local)
                merged[canonical.id] = doc_entity
            else:
                doc_entity.mention_count += local.mention_count
        result = copy.deepcopy(extraction)
        result.entities = list(merged.values())
        for mention in result.mentions:
            mention.entity = mapping.get(mention.entity, mention.entity)
        result.relations = _remap_relations(result.relations, mapping)
        for event in result.events:
            for participant in event.participants:
                participant.entity = mapping.get(participant.entity, participant.entity)
        return result

    # --- placing one local entity ---------------------------------------------------------------------
    def _place(self, local: Entity) -> Entity:
        key = local.key or name_key(local.name, local.type)
        found_id = self._by_key.get(key)
        if found_id is None:
            entity = Entity(
                id=stable_id(key), name=local.name, type=local.type, key=key,
            )
            self._remember(entity)
        else:
            entity = self._by_id[found_id]
        self._absorb(entity, local, rule="same-key", score=1.0)
        return entity

    def _absorb(self, canonical: Entity, local: Entity, rule: str, score: float) -> None:
        """Fold `local`'s names, roles, counts and merge notes into `canonical`."""
        canonical.mention_count += local.mention_count
        canonical.doc_count += 1
        names = [local.name, *local.aliases]
        for name in names:
            if name != canonical.name and name not in canonical.aliases:
                canonical.aliases.append(name)
                note = next((m for m in local.merges if m.alias == name), None)
                canonical.merges.append(note or MergeNote(alias=name, rule=rule, score=score))
        for role in local.roles:
            if role not in canonical.roles:
                canonical.roles.append(role)

    def _remember(self, entity: Entity) -> None:
        entity.key = entity.key or name_key(entity.name, entity.type)
        if not entity.id:
            entity.id = stable_id(entity.key)
        self._by_id[entity.id] = entity
        self._by_key.setdefault(entity.key, entity.id)


def _doc_view(canonical: Entity, local: Entity) -> Entity:
    """The canonical entity as this document sees it: canonical id and names, this document's counts."""
    view = copy.deepcopy(canonical)
    view.mention_count = local.mention_count
    view.doc_count = 1
    return view


def _remap_relations(relations: list[Relation], mapping: dict[str, str]) -> list[Relation]:
    """Relations with canonical ends; self-loops made by merging are dropped, co-mentions deduplicated."""
    kept: list[Relation] = []
    seen: set[tuple[str, str, str, str, int]] = set()
    for relation in relations:
        source = mapping.get(relation.source, relation.source)
        target = mapping.get(relation.target, relation.target)
        if source == target:
            continue
        if relation.type == CO_MENTIONED and target < source:
            source, target = target, source
        marker = (source, target, relation.type, relation.label, relation.sentence)
        if marker in seen:
            continue
        seen.add(marker)
        relation.source, relation.target = source, target
        kept.append(relation)
    return kept
