"""Which entity a token stands for: a name, or a noun phrase that points at one.

"French forces" act for France; "a French airstrike … that killed" has France as
agent; "a group of militias known as X" and "X, a coalition of …" stand for X. Each step away from a
name lowers the confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.extract.token_table import TokenTable
from explorer.extract.vocabulary import (
    ACTOR_NOUNS,
    ASPECT_NOUNS,
    COLLECTIVE_NOUNS,
    EVENT_NOUN_TYPES,
    NAMING_VERBS,
    PLACE_NOUNS,
)

_RELATIVE = {"that", "which", "who", "whom"}
# Participles that tie a thing to the group it belongs to: "targets affiliated with X", "fighters loyal to X".
_AFFILIATING = {"affiliate", "link", "tie", "connect", "associate", "belong", "loyal"}
_NAMING_VERBS = NAMING_VERBS | {"brand"}  # "a group of militias branded X"
_MAX_DEPTH = 4


@dataclass(frozen=True)
class Ref:
    entity: str
    confidence: float


class EntityIndex:
    """Token position → (entity id, label), for every mention of a document; the rules ask it by position
    over the document's `TokenTable`."""

    def __init__(self, spans: list[tuple[int, int, str, str]], tokens: TokenTable) -> None:
        self.tokens = tokens
        self.entity_of: dict[int, str] = {}
        self.label_of: dict[str, str] = {}
        self.span_of: dict[int, tuple[int, int]] = {}
        self._steps = (self._relative, self._named_as, self._apposed, self._collective, self._acting_for,
                       self._agent_of_event, self._aspect_of, self._affiliated, self._place_of)
        for start, end, entity, label in spans:
            self.label_of[entity] = label
            for i in range(start, end):
                self.entity_of[i] = entity
                self.span_of[i] = (start, end)

    def at(self, i: int) -> str | None:
        return self.entity_of.get(i)

    def refers_to_all(self, i: int) -> list[Ref]:
        """Like `refers_to`, plus entities coordinated with the one found ("Russian and Chinese influence")."""
        ref = self.refers_to(i)
        if ref is None:
            return []
        refs = [ref]
        if not self.at(i):
            for child in [*self.tokens.children[i], *of_objects(self.tokens, i)]:
                if self.at(child) == ref.entity:
                    refs.extend(Ref(self.at(c), ref.confidence) for c in self.tokens.conjuncts(child) if self.at(c))
        return refs

    def refers_to(self, i: int, depth: int = 0) -> Ref | None:
        """The entity token `i` stands for, if any."""
        if depth > _MAX_DEPTH:
            return None
        entity = self.entity_of.get(i)
        if entity is not None:
            return Ref(entity, 1.0)
        for step in self._steps:
            ref = step(i, depth)
            if ref is not None:
                return ref
        return None

    # --- the steps, most direct first ----------------------------------------------------------------
    def _relative(self, i: int, depth: int) -> Ref | None:
        """"the airstrike that killed": the relative pronoun stands for the noun it hangs on."""
        t = self.tokens
        if t.lower[i] in _RELATIVE and t.dep[t.head[i]] == "relcl":
            return self.refers_to(t.head[t.head[i]], depth + 1)
        return None

    def _named_as(self, i: int, depth: int) -> Ref | None:
        """"militias known as X", "a party called X"."""
        t = self.tokens
        for child in t.children[i]:
            if t.dep[child] == "acl" and t.lemma[child] in _NAMING_VERBS:
                for grandchild in t.children[child]:
                    if t.dep[grandchild] == "oprd" and self.at(grandchild):
                        return Ref(self.at(grandchild), 0.9)
                    if t.dep[grandchild] == "prep" and t.lower[grandchild] == "as":
                        for obj in t.children[grandchild]:
                            if t.dep[obj] == "pobj" and self.at(obj):
                                return Ref(self.at(obj), 0.9)
        return None

    def _apposed(self, i: int, depth: int) -> Ref | None:
        """"X, a coalition of …": an apposition stands for the name it describes."""
        t = self.tokens
        if t.dep[i] == "appos" and self.at(t.head[i]) and self._fits(i, self.at(t.head[i])):
            return Ref(self.at(t.head[i]), 0.8)
        previous = _before_apposition(t, i)
        if previous is not None and self.at(previous) and self._fits(i, self.at(previous)):
            return Ref(self.at(previous), 0.7)
        return None

    def _collective(self, i: int, depth: int) -> Ref | None:
        """"a group of militias known as X" (down), "a coalition of Russia-backed groups" (up)."""
        t = self.tokens
        if t.lemma_lower[i] in COLLECTIVE_NOUNS:
            for child in t.children[i]:
                if t.dep[child] == "prep" and t.lower[child] == "of":
                    for obj in t.children[child]:
                        if t.dep[obj] == "pobj" and not self.at(obj):
                            ref = self._named_as(obj, depth + 1)
                            if ref is not None:
                                return ref
        head = t.head[i]
        if t.dep[i] == "pobj" and t.lower[head] == "of" and t.lemma_lower[t.head[head]] in COLLECTIVE_NOUNS:
            whole = t.head[head]
            return self._named_as(whole, depth + 1) or self._apposed(whole, depth + 1)
        return None

    def _acting_for(self, i: int, depth: int) -> Ref | None:
        """"French forces", "Kenyan officials", "Germany's army", "the foreign ministers of Egypt":
        people acting for an entity."""
        t = self.tokens
        if t.lower[i] not in ACTOR_NOUNS and t.lemma_lower[i] not in ACTOR_NOUNS:
            return None
        ref = self._modifier_entity(i, 0.7)
        if ref is None:
            of = next((o for o in of_objects(t, i) if self.at(o)), None)
            ref = Ref(self.at(of), 0.7) if of is not None else None
        return ref

    def _aspect_of(self, i: int, depth: int) -> Ref | None:
        """"Russian influence", "Ukraine's sovereignty": what an entity exerts stands for it, weakly."""
        if self.tokens.lemma_lower[i] not in ASPECT_NOUNS and self.tokens.lower[i] not in ASPECT_NOUNS:
            return None
        return self._modifier_entity(i, 0.5)

    def _agent_of_event(self, i: int, depth: int) -> Ref | None:
        """"a French airstrike", "Moscow's support": the agent of an act named by a noun."""
        if self.tokens.lemma_lower[i] not in EVENT_NOUN_TYPES and self.tokens.lower[i] not in EVENT_NOUN_TYPES:
            return None
        ref = self._modifier_entity(i, 0.7)
        if ref is None:
            ref = self.hyphen_agent(i)
        return ref

    def _affiliated(self, i: int, depth: int) -> Ref | None:
        """"targets affiliated with X", "fighters linked to X": things or people tied to a group stand
        for it, weakly."""
        t = self.tokens
        for child in t.children[i]:
            if t.dep[child] in ("acl", "amod") and t.lemma_lower[child] in _AFFILIATING:
                for prep in (c for c in t.children[child] if t.dep[c] == "prep" and t.lower[c] in ("with", "to")):
                    named = next((o for o in t.children[prep] if t.dep[o] == "pobj" and self.at(o)), None)
                    if named is not None:
                        return Ref(self.at(named), 0.6)
        return None

    def _place_of(self, i: int, depth: int) -> Ref | None:
        """"the city of X", "the province of X": the place named."""
        if self.tokens.lemma_lower[i] not in PLACE_NOUNS:
            return None
        named = next(
            (o for o in of_objects(self.tokens, i) if self.label_of.get(self.at(o)) in ("GPE", "LOC", "FAC")), None
        )
        return Ref(self.at(named), 0.9) if named is not None else None

    def _modifier_entity(self, i: int, confidence: float) -> Ref | None:
        t = self.tokens
        for child in t.children[i]:
            if t.dep[child] in ("compound", "amod", "nmod", "poss") and child < i and self.at(child):
                entity = self.at(child)
                if self.label_of.get(entity) in ("GPE", "ORG", "NORP", "PERSON"):
                    return Ref(entity, confidence)
        return None

    def hyphen_agent(self, i: int) -> Ref | None:
        """"a NATO-led mission": the entity before "-led"/"-backed" modifying token `i`."""
        t = self.tokens
        for child in t.children[i]:
            if t.dep[child] in ("amod", "compound") and t.lower[child] in ("led", "backed", "sponsored"):
                named = hyphen_entity(self, child)
                if named:
                    return Ref(named, 0.7)
        return None

    def _fits(self, noun: int, entity: str) -> bool:
        """An apposition fits a name of a compatible kind: groups for organisations, roles for people."""
        label = self.label_of.get(entity)
        if self.tokens.lemma_lower[noun] in COLLECTIVE_NOUNS:
            return label in ("ORG", "NORP")
        return label == "PERSON" and self.tokens.pos[noun] == "NOUN"


def of_objects(tokens: TokenTable, i: int) -> list[int]:
    """The objects of "of" after token `i` ("the ministers of Egypt" → Egypt)."""
    return [o for c in tokens.children[i] if tokens.dep[c] == "prep" and tokens.lower[c] == "of"
            for o in tokens.children[c] if tokens.dep[o] == "pobj"]


def hyphen_entity(index: EntityIndex, participle: int) -> str | None:
    """The entity written right before "-led" / "-backed" (the "Russia" in "Russia-backed")."""
    if participle >= 2 and index.tokens.text[participle - 1] == "-":
        return index.at(participle - 2)
    return None


def _before_apposition(tokens: TokenTable, i: int) -> int | None:
    """The last token before ", a N" (skipping a bracketed abbreviation), if token `i` opens an apposition."""
    i -= 1
    while i >= 0 and tokens.dep[i] in ("det", "amod", "compound", "advmod") and tokens.pos[i] != "PROPN":
        i -= 1
    if i < 0 or tokens.text[i] != ",":
        return None
    i -= 1
    if i >= 0 and tokens.text[i] == ")":
        while i >= 0 and tokens.text[i] != "(":
            i -= 1
        i -= 1
    return i if i >= 0 else None
