"""Local entities → canonical entities, across documents.

A `Resolver` holds the entities known so far (seeded from the store) and, for each new Extraction,
maps every local entity to a canonical one, trying in order: the same canonical key; a known name or
alias (unique, compatible type); an acronym of a known name; a surname of one known person; a close
spelling (rapidfuzz) word by word. Names that only share a word never merge ("Microsoft Gaming" is not
"Microsoft", "Anna Berg" is not "Berg Industries"). What it cannot place becomes a new
entity whose id derives from its key, so ids are stable across re-ingest. Every merged alias is
recorded with the rule and score that merged it.

Each rule looks only at the known entities that share a blocking key with the new one (a normalised
form, initials, a surname, the first letters of each word), so a document costs about as much to
resolve against 100k known entities as against 100.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz

from explorer.model import Entity, Event, Extraction, Participant, remap_relations, stable_id
from explorer.names import (
    SAME_NAME,
    SAME_WORD,
    acronym_letters,
    compact_form,
    compatible_types,
    core_name,
    initials,
    is_country_key,
    is_multiword,
    looks_like_acronym,
    name_key,
    normalise_name,
    person_words,
    spelling_form,
    type_class,
)

# Aliases that stand for an entity only in the sentence that used them ("Washington said" is the U.S.,
# "talks in Washington" are in the city): never matched against another document's names.
CONTEXTUAL_RULES = {"capital-as-actor", "anaphor"}
# Letters a name needs before its spacing alone may join it to another ("Al Ain" / "Alain" may not).
_MIN_COMPACT = 8


class Resolver:
    """Canonical entities known so far, and the rules that map new local entities onto them."""

    def __init__(self, known: Iterable[Entity] = ()) -> None:
        self._by_id: dict[str, Entity] = {}
        self._by_key: dict[str, str] = {}
        self._by_form: dict[str, set[str]] = {}  # normalised name or alias → entity ids
        self._compact: dict[str, set[str]] = {}  # the same without spaces → entity ids
        # Blocking indexes: each rule looks only at the few entities that could fit, not at all of them.
        self._rank: dict[str, int] = {}  # first insertion, as dict order: the spelling rule depends on it
        self._core: dict[str, str] = {}
        self._shapes = _Blocks()  # (type class, first letter of each word of the core) → ids
        self._surnames = _Blocks()  # last personal word of a known full personal name → ids
        self._initials = _Blocks()  # initials of an organisation's name of two words or more → ids
        self._letters = _Blocks()  # letters of an organisation's acronym-like name → ids
        self._acronym_names: dict[str, set[str]] = {}  # names already in the two acronym blocks
        self._type_votes: dict[str, Counter[str]] = {}  # entity id → mentions per type, over its documents
        self.learn(known)

    def learn(self, known: Iterable[Entity]) -> None:
        """Know these canonical entities (new ones, or newer records of known ones: what another writer
        stored since this resolver was seeded), as if they had been there from the start."""
        entities = [_copy_entity(entity) for entity in known]
        for entity in entities:
            self._remember(entity)
            self._type_votes[entity.id] = Counter({entity.type: max(entity.mention_count, 1)})
        for entity in entities:  # after every entity's own key, as when they were first placed
            self._claim_names(entity)

    def entities(self) -> list[Entity]:
        """The canonical entities known so far, with their accumulated counts and aliases."""
        return [_copy_entity(e) for e in self._by_id.values()]

    def resolve(self, extraction: Extraction) -> Extraction:
        """A copy of `extraction` whose entity ids are canonical; the new entities are remembered."""
        mapping: dict[str, str] = {}
        mentions: dict[str, int] = {}  # canonical id → this document's mentions of it
        for local in extraction.entities:
            canonical = self._place(local)
            mapping[local.id] = canonical.id
            mentions[canonical.id] = mentions.get(canonical.id, 0) + local.mention_count
        result = _copy_extraction(extraction)
        # Viewed once all are placed: a second local entity placed on the same one adds its names too.
        result.entities = [_doc_view(self._by_id[i], count) for i, count in mentions.items()]
        for mention in result.mentions:
            mention.entity = mapping.get(mention.entity, mention.entity)
        result.relations = remap_relations(extraction.relations, mapping)  # copies of the relations kept
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
        if found_id is None and not is_country_key(key):
            found_id, rule, score = self._match(local)
        if found_id is None:
            entity = Entity(id=stable_id(key), name=local.name, type=local.type, key=key)
            self._remember(entity)
            rule, score = "same-key", 1.0
        else:
            entity = self._by_id[found_id]
        entity.absorb(local, rule=rule, score=score)
        entity.doc_count += 1
        self._vote_type(entity, local)
        self._by_key.setdefault(key, entity.id)
        self._claim_names(entity)
        self._index_forms(entity)
        self._index_acronyms(entity)
        return entity

    def _vote_type(self, entity: Entity, local: Entity) -> None:
        """One entity, one type: the type most of its mentions were given, over every document so far (a
        tie keeps the type it has). A new type moves it to the blocks of that type."""
        votes = self._type_votes.setdefault(entity.id, Counter())
        votes[local.type] += max(local.mention_count, 1)
        best = max(votes, key=lambda t: (votes[t], t == entity.type))
        if best != entity.type:
            entity.type = best
            self._forget_blocks(entity.id)
            self._index_blocks(entity)

    def _match(self, local: Entity) -> tuple[str | None, str, float]:
        """(entity id, rule, score) of the one known entity `local` is, or (None, "", 0)."""
        for step in (self._by_alias, self._by_compact, self._by_acronym, self._by_surname, self._by_spelling):
            found = step(local)
            if found is not None:
                return found
        return None, "", 0.0

    def _by_alias(self, local: Entity) -> tuple[str, str, float] | None:
        # The name alone first: aliases it also carries may be known for several entities without making
        # the name ambiguous (else the same document resolved again could get a new entity).
        for forms in ({normalise_name(local.name)}, _forms(local)):
            ids = set()
            for form in forms:
                ids |= {i for i in self._by_form.get(form, ()) if compatible_types(self._by_id[i].type, local.type)}
            if len(ids) == 1:
                return ids.pop(), "alias", 1.0
        return None

    def _by_compact(self, local: Entity) -> tuple[str, str, float] | None:
        """"Ghaffarinejad" for a known "Ghaffari-Nejad": the same letters, spaced or hyphenated otherwise."""
        compact = compact_form(normalise_name(local.name))
        if len(compact) < _MIN_COMPACT:
            return None
        ids = {i for i in self._compact.get(compact, ()) if compatible_types(self._by_id[i].type, local.type)}
        return (ids.pop(), "spacing", 0.95) if len(ids) == 1 else None

    def _by_acronym(self, local: Entity) -> tuple[str, str, float] | None:
        if local.type not in ("ORG", "NORP"):
            return None
        fits: set[str] = set()
        for name in [local.name, *local.aliases]:
            # An acronym of a known long name, or a long name of a known acronym: the blocks are exact.
            if looks_like_acronym(name):
                fits |= self._initials.get(acronym_letters(name))
            if is_multiword(name):
                fits |= self._letters.get(initials(name))
        return (fits.pop(), "acronym", 0.9) if len(fits) == 1 else None

    def _by_surname(self, local: Entity) -> tuple[str, str, float] | None:
        """"Sadr" in one document, "Muqtada al-Sadr" known from another: only if he is the one."""
        words = person_words(local.name)
        if local.type != "PERSON" or len(words) != 1:
            return None
        fits = self._surnames.get(words[0])
        return (next(iter(fits)), "surname", 0.8) if len(fits) == 1 else None

    def _by_spelling(self, local: Entity) -> tuple[str, str, float] | None:
        """Another spelling of the same words ("Mohammed Yunus" / "Muhammad Yunus"), word by word,
        so names that merely share a word never score."""
        name = core_name(local.name, local.type)
        best: tuple[float, str] | None = None
        # Only names of the same shape can score (see `_spelling_score`); in insertion order, as ties need.
        for entity_id in sorted(self._shapes.get(_shape(name, local.type)), key=self._rank.__getitem__):
            score = _spelling_score(name, self._core[entity_id])
            if score >= SAME_NAME and (best is None or score > best[0]):
                if best is not None and abs(score - best[0]) < 1:
                    return None  # two equally close: not clear which
                best = (score, entity_id)
        return (best[1], "fuzzy", round(best[0] / 100, 2)) if best else None

    def _index_forms(self, entity: Entity) -> None:
        for name in _names(entity):
            form = normalise_name(name)
            self._by_form.setdefault(form, set()).add(entity.id)
            self._compact.setdefault(compact_form(form), set()).add(entity.id)

    def _claim_names(self, entity: Entity) -> None:
        """Claim each name's key for the entity unless another holds it: a name once placed stays placed,
        so the same text resolved again gets the same ids even after later documents made it ambiguous."""
        for name in _names(entity):
            self._by_key.setdefault(name_key(name, entity.type), entity.id)

    def _index_acronyms(self, entity: Entity) -> None:
        """Put the organisation's names not indexed yet into the acronym blocks (names only grow)."""
        if entity.type not in ("ORG", "NORP"):
            return
        done = self._acronym_names.setdefault(entity.id, set())
        for name in [entity.name, *entity.aliases]:
            if name in done:
                continue
            done.add(name)
            if is_multiword(name) and (spelled := initials(name)):
                self._initials.add(spelled, entity.id)
            if looks_like_acronym(name):
                self._letters.add(acronym_letters(name), entity.id)

    def _remember(self, entity: Entity) -> None:
        entity.key = entity.key or name_key(entity.name, entity.type)
        if not entity.id:
            entity.id = stable_id(entity.key)
        self._forget_blocks(entity.id)
        self._by_id[entity.id] = entity
        self._rank.setdefault(entity.id, len(self._rank))
        self._by_key.setdefault(entity.key, entity.id)
        self._index_forms(entity)
        self._index_blocks(entity)

    def _index_blocks(self, entity: Entity) -> None:
        core = core_name(entity.name, entity.type)
        self._core[entity.id] = core
        self._shapes.add(_shape(core, entity.type), entity.id)
        words = person_words(entity.name)
        if entity.type == "PERSON" and len(words) > 1:
            self._surnames.add(words[-1], entity.id)
        self._index_acronyms(entity)

    def _forget_blocks(self, entity_id: str) -> None:
        """A known entity given again under the same id replaces the first in every block."""
        if entity_id not in self._by_id:
            return
        for blocks in (self._shapes, self._surnames, self._initials, self._letters):
            blocks.remove(entity_id)
        self._acronym_names.pop(entity_id, None)


class _Blocks:
    """Entity ids under blocking keys; an id can sit under several keys."""

    def __init__(self) -> None:
        self._ids: dict[object, set[str]] = {}
        self._keys: dict[str, set[object]] = {}

    def add(self, key: object, entity_id: str) -> None:
        self._ids.setdefault(key, set()).add(entity_id)
        self._keys.setdefault(entity_id, set()).add(key)

    def get(self, key: object) -> set[str]:
        return self._ids.get(key, _NONE)

    def remove(self, entity_id: str) -> None:
        for key in self._keys.pop(entity_id, ()):
            self._ids[key].discard(entity_id)


_NONE: frozenset[str] = frozenset()


def _names(entity: Entity) -> list[str]:
    """The names that stand for `entity` in any document (a country is found by its key alone)."""
    if is_country_key(entity.key):
        return []
    return lasting_names(entity)


def lasting_names(entity: Entity) -> list[str]:
    """The entity's name and aliases but those that stood for it only in their sentence ("Washington
    said": a capital acting for its country)."""
    contextual = {m.alias for m in entity.merges if m.rule in CONTEXTUAL_RULES}
    return [n for n in [entity.name, *entity.aliases] if n not in contextual]


def _forms(entity: Entity) -> set[str]:
    return {normalise_name(name) for name in _names(entity)}


def _shape(core: str, label: str) -> tuple[str, tuple[str, ...]]:
    """What two names must share to score in `_spelling_score`: compatible types, the same number of
    words and the same first letter in each."""
    return type_class(label), tuple(word[0] for word in core.split())


def _spelling_score(a: str, b: str) -> float:
    """Similarity of two names with the same number of words, each word alike, once the letters that
    transliterations vary on are folded (`spelling_form`); else 0."""
    a, b = spelling_form(a), spelling_form(b)
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or len(a) < 6 or a == b:
        return 0.0 if a != b else 100.0
    if any(fuzz.ratio(x, y) < SAME_WORD or x[0] != y[0] for x, y in zip(words_a, words_b, strict=True)):
        return 0.0
    return fuzz.ratio(a, b)


def _doc_view(canonical: Entity, mention_count: int) -> Entity:
    """The canonical entity as this document sees it: canonical id and names, this document's counts."""
    view = _copy_entity(canonical)
    view.mention_count = mention_count
    view.doc_count = 1
    return view


def _copy_entity(entity: Entity) -> Entity:
    """A copy sharing nothing mutable with `entity` (records hold only strings and numbers, so this
    equals a deep copy at a fraction of its cost: a well-known entity carries many aliases)."""
    twin = entity.copy()
    twin.aliases, twin.roles, twin.merges = list(entity.aliases), list(entity.roles), [m.copy() for m in entity.merges]
    return twin


def _copy_extraction(extraction: Extraction) -> Extraction:
    """A copy of `extraction` whose records can be changed without touching the caller's, but for its
    relations: `remap_relations` copies them, only those it keeps."""
    copied = extraction.copy()
    copied.document = extraction.document.copy()
    copied.entities = [_copy_entity(e) for e in extraction.entities]
    copied.mentions = [m.copy() for m in extraction.mentions]
    copied.events = [_copy_event(e) for e in extraction.events]
    return copied


def _copy_event(event: Event) -> Event:
    copied = event.copy()
    copied.participants = [p.copy() for p in event.participants]
    return copied
