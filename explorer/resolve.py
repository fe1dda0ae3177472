"""Local entities → canonical entities, across documents.

A `Resolver` holds the entities known so far (seeded from the store) and, for each new Extraction,
maps every local entity to a canonical one, trying in order: the same canonical key; a known name or
alias (unique, compatible type); an acronym of a known name; a surname of one known person; a close
spelling (rapidfuzz) word by word. Names that only share a word never merge ("Microsoft Gaming" is not
"Microsoft", "Anna Berg" is not "Berg Industries"). What it cannot place becomes a new
entity whose id derives from its key, so ids are stable across re-ingest. Every merged alias is
recorded with the rule and score that merged it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from rapidfuzz import fuzz

from explorer.extract.abbreviations import is_acronym_of, looks_like_acronym
from explorer.extract.linking import name_key, person_words, type_family
from explorer.extract.names import normalise_name, org_core
from explorer.model import CO_MENTIONED, Entity, Extraction, MergeNote, Participant, Relation, stable_id

# Aliases that stand for an entity only in the sentence that used them ("Washington said" is the U.S.,
# "talks in Washington" are in the city): never matched against another document's names.
_CONTEXTUAL_RULES = {"capital-as-actor", "anaphor"}
FUZZY_THRESHOLD = 90
WORD_THRESHOLD = 80


class Resolver:
    """Canonical entities known so far, and the rules that map new local entities onto them."""

    def __init__(self, known: Iterable[Entity] = ()) -> None:
        self._by_id: dict[str, Entity] = {}
        self._by_key: dict[str, str] = {}
        self._by_form: dict[str, set[str]] = {}  # normalised name or alias → entity ids
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
            seen: dict[str, Participant] = {}
            for participant in event.participants:
                participant.entity = mapping.get(participant.entity, participant.entity)
                if participant.entity not in seen or participant.role == "agent":
                    seen[participant.entity] = participant
            event.participants = list(seen.values())
        return result

    # --- placing one local entity ---------------------------------------------------------------------
    def _place(self, local: Entity) -> Entity:
        key = local.key or name_key(local.name, local.type)
        found_id = self._by_key.get(key)
        rule, score = "same-key", 1.0
        if found_id is None and not key.startswith("GPE:country:"):
            found_id, rule, score = self._match(local)
        if found_id is None:
            entity = Entity(id=stable_id(key), name=local.name, type=local.type, key=key)
            self._remember(entity)
            rule, score = "same-key", 1.0
        else:
            entity = self._by_id[found_id]
        self._absorb(entity, local, rule=rule, score=score)
        self._index_forms(entity)
        return entity

    def _match(self, local: Entity) -> tuple[str | None, str, float]:
        """(entity id, rule, score) of the one known entity `local` is, or (None, "", 0)."""
        for step in (self._by_alias, self._by_acronym, self._by_surname, self._by_spelling):
            found = step(local)
            if found is not None:
                return found
        return None, "", 0.0

    def _by_alias(self, local: Entity) -> tuple[str, str, float] | None:
        ids = set()
        for form in _forms(local):
            ids |= {i for i in self._by_form.get(form, ()) if _compatible(self._by_id[i].type, local.type)}
        if len(ids) == 1:
            return ids.pop(), "alias", 1.0
        return None

    def _by_acronym(self, local: Entity) -> tuple[str, str, float] | None:
        if local.type not in ("ORG", "NORP"):
            return None
        names = [local.name, *local.aliases]
        fits = {
            e.id for e in self._by_id.values() if e.type in ("ORG", "NORP")
            for known in [e.name, *e.aliases] for name in names
            if (looks_like_acronym(name) and is_acronym_of(name, known))
            or (looks_like_acronym(known) and is_acronym_of(known, name))
        }
        return (fits.pop(), "acronym", 0.9) if len(fits) == 1 else None

    def _by_surname(self, local: Entity) -> tuple[str, str, float] | None:
        """"Sadr" in one document, "Muqtada al-Sadr" known from another: only if he is the one."""
        words = person_words(local.name)
        if local.type != "PERSON" or len(words) != 1:
            return None
        fits = {
            e.id for e in self._by_id.values()
            if e.type == "PERSON" and len(person_words(e.name)) > 1 and person_words(e.name)[-1] == words[0]
        }
        return (fits.pop(), "surname", 0.8) if len(fits) == 1 else None

    def _by_spelling(self, local: Entity) -> tuple[str, str, float] | None:
        """Another spelling of the same words ("Mohammed Yunus" / "Muhammad Yunus"), word by word,
        so names that merely share a word never score."""
        name = _core(local)
        best: tuple[float, str] | None = None
        for entity in self._by_id.values():
            if not _compatible(entity.type, local.type):
                continue
            score = _spelling_score(name, _core(entity))
            if score >= FUZZY_THRESHOLD and (best is None or score > best[0]):
                if best is not None and abs(score - best[0]) < 1:
                    return None  # two equally close: not clear which
                best = (score, entity.id)
        return (best[1], "fuzzy", round(best[0] / 100, 2)) if best else None

    def _index_forms(self, entity: Entity) -> None:
        contextual = {m.alias for m in entity.merges if m.rule in _CONTEXTUAL_RULES}
        for name in [entity.name, *entity.aliases]:
            if name not in contextual and not entity.key.startswith("GPE:country:"):
                self._by_form.setdefault(normalise_name(name), set()).add(entity.id)

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
        self._index_forms(entity)


def _forms(entity: Entity) -> set[str]:
    contextual = {m.alias for m in entity.merges if m.rule in _CONTEXTUAL_RULES}
    return {normalise_name(n) for n in [entity.name, *entity.aliases] if n not in contextual}


def _compatible(a: str, b: str) -> bool:
    """Types the model confuses for one thing: the same family, or an organisation and a group."""
    return type_family(a) == type_family(b) or {a, b} <= {"ORG", "NORP"}


def _core(entity: Entity) -> str:
    name = normalise_name(entity.name)
    return org_core(name) if entity.type == "ORG" else name


def _spelling_score(a: str, b: str) -> float:
    """Similarity of two names with the same number of words, each word alike; else 0."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or len(a) < 6 or a == b:
        return 0.0 if a != b else 100.0
    if any(fuzz.ratio(x, y) < WORD_THRESHOLD or x[0] != y[0] for x, y in zip(words_a, words_b, strict=True)):
        return 0.0
    return fuzz.ratio(a, b)


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
