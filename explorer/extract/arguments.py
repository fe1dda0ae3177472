"""Which entity a token stands for: a name, or a noun phrase that points at one.

"French forces" act for France; "a French airstrike … that killed" has France as
agent; "a group of militias known as X" and "X, a coalition of …" stand for X. Each step away from a
name lowers the confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

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
    """Token index → (entity id, label), for every mention of a document."""

    def __init__(self, spans: list[tuple[int, int, str, str]]) -> None:
        self.entity_of: dict[int, str] = {}
        self.label_of: dict[str, str] = {}
        self.span_of: dict[int, tuple[int, int]] = {}
        for start, end, entity, label in spans:
            self.label_of[entity] = label
            for i in range(start, end):
                self.entity_of[i] = entity
                self.span_of[i] = (start, end)

    def at(self, token: Token) -> str | None:
        return self.entity_of.get(token.i)

    def refers_to_all(self, token: Token) -> list[Ref]:
        """Like `refers_to`, plus entities coordinated with the one found ("Russian and Chinese influence")."""
        ref = self.refers_to(token)
        if ref is None:
            return []
        refs = [ref]
        if not self.at(token):
            for child in [*token.children, *of_objects(token)]:
                if self.at(child) == ref.entity:
                    refs.extend(Ref(self.at(c), ref.confidence) for c in child.conjuncts if self.at(c))
        return refs

    def refers_to(self, token: Token, depth: int = 0) -> Ref | None:
        """The entity `token` stands for, if any."""
        if depth > _MAX_DEPTH:
            return None
        entity = self.at(token)
        if entity is not None:
            return Ref(entity, 1.0)
        for step in (self._relative, self._named_as, self._apposed, self._collective, self._acting_for,
                     self._agent_of_event, self._aspect_of, self._affiliated, self._place_of):
            ref = step(token, depth)
            if ref is not None:
                return ref
        return None

    # --- the steps, most direct first ----------------------------------------------------------------
    def _relative(self, token: Token, depth: int) -> Ref | None:
        """"the airstrike that killed": the relative pronoun stands for the noun it hangs on."""
        if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
            return self.refers_to(token.head.head, depth + 1)
        return None

    def _named_as(self, token: Token, depth: int) -> Ref | None:
        """"militias known as X", "a party called X"."""
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in _NAMING_VERBS:
                for grandchild in child.children:
                    if grandchild.dep_ == "oprd" and self.at(grandchild):
                        return Ref(self.at(grandchild), 0.9)
                    if grandchild.dep_ == "prep" and grandchild.lower_ == "as":
                        for obj in grandchild.children:
                            if obj.dep_ == "pobj" and self.at(obj):
                                return Ref(self.at(obj), 0.9)
        return None

    def _apposed(self, token: Token, depth: int) -> Ref | None:
        """"X, a coalition of …": an apposition stands for the name it describes."""
        if token.dep_ == "appos" and self.at(token.head) and self._fits(token, self.at(token.head)):
            return Ref(self.at(token.head), 0.8)
        previous = _before_apposition(token)
        if previous is not None and self.at(previous) and self._fits(token, self.at(previous)):
            return Ref(self.at(previous), 0.7)
        return None

    def _collective(self, token: Token, depth: int) -> Ref | None:
        """"a group of militias known as X" (down), "a coalition of Russia-backed groups" (up)."""
        if token.lemma_.lower() in COLLECTIVE_NOUNS:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj" and not self.at(obj):
                            ref = self._named_as(obj, depth + 1)
                            if ref is not None:
                                return ref
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in COLLECTIVE_NOUNS:
            whole = head.head
            return self._named_as(whole, depth + 1) or self._apposed(whole, depth + 1)
        return None

    def _acting_for(self, token: Token, depth: int) -> Ref | None:
        """"French forces", "Kenyan officials", "Germany's army", "the foreign ministers of Egypt":
        people acting for an entity."""
        if token.lower_ not in ACTOR_NOUNS and token.lemma_.lower() not in ACTOR_NOUNS:
            return None
        ref = self._modifier_entity(token, 0.7)
        if ref is None:
            of = next((o for o in of_objects(token) if self.at(o)), None)
            ref = Ref(self.at(of), 0.7) if of is not None else None
        return ref

    def _aspect_of(self, token: Token, depth: int) -> Ref | None:
        """"Russian influence", "Ukraine's sovereignty": what an entity exerts stands for it, weakly."""
        if token.lemma_.lower() not in ASPECT_NOUNS and token.lower_ not in ASPECT_NOUNS:
            return None
        return self._modifier_entity(token, 0.5)

    def _agent_of_event(self, token: Token, depth: int) -> Ref | None:
        """"a French airstrike", "Moscow's support": the agent of an act named by a noun."""
        if token.lemma_.lower() not in EVENT_NOUN_TYPES and token.lower_ not in EVENT_NOUN_TYPES:
            return None
        ref = self._modifier_entity(token, 0.7)
        if ref is None:
            ref = self.hyphen_agent(token)
        return ref

    def _affiliated(self, token: Token, depth: int) -> Ref | None:
        """"targets affiliated with X", "fighters linked to X": things or people tied to a group stand
        for it, weakly."""
        for child in token.children:
            if child.dep_ in ("acl", "amod") and child.lemma_.lower() in _AFFILIATING:
                for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ in ("with", "to")):
                    named = next((o for o in prep.children if o.dep_ == "pobj" and self.at(o)), None)
                    if named is not None:
                        return Ref(self.at(named), 0.6)
        return None

    def _place_of(self, token: Token, depth: int) -> Ref | None:
        """"the city of X", "the province of X": the place named."""
        if token.lemma_.lower() not in PLACE_NOUNS:
            return None
        named = next((o for o in of_objects(token) if self.label_of.get(self.at(o)) in ("GPE", "LOC", "FAC")), None)
        return Ref(self.at(named), 0.9) if named is not None else None

    def _modifier_entity(self, token: Token, confidence: float) -> Ref | None:
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss") and child.i < token.i and self.at(child):
                entity = self.at(child)
                if self.label_of.get(entity) in ("GPE", "ORG", "NORP", "PERSON"):
                    return Ref(entity, confidence)
        return None

    def hyphen_agent(self, token: Token) -> Ref | None:
        """"a NATO-led mission": the entity before "-led"/"-backed" modifying `token`."""
        for child in token.children:
            if child.dep_ in ("amod", "compound") and child.lower_ in ("led", "backed", "sponsored"):
                named = hyphen_entity(self, child)
                if named:
                    return Ref(named, 0.7)
        return None

    def _fits(self, noun: Token, entity: str) -> bool:
        """An apposition fits a name of a compatible kind: groups for organisations, roles for people."""
        label = self.label_of.get(entity)
        if noun.lemma_.lower() in COLLECTIVE_NOUNS:
            return label in ("ORG", "NORP")
        return label == "PERSON" and noun.pos_ == "NOUN"


def of_objects(token: Token) -> list[Token]:
    """The objects of "of" after `token` ("the ministers of Egypt" → Egypt)."""
    return [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]


def hyphen_entity(index: EntityIndex, participle: Token) -> str | None:
    """The entity written right before "-led" / "-backed" (the "Russia" in "Russia-backed")."""
    doc = participle.doc
    if participle.i >= 2 and doc[participle.i - 1].text == "-":
        return index.at(doc[participle.i - 2])
    return None


def _before_apposition(token: Token) -> Token | None:
    """The last token before ", a N" (skipping a bracketed abbreviation), if `token` opens an apposition."""
    doc = token.doc
    i = token.i - 1
    while i >= 0 and doc[i].dep_ in ("det", "amod", "compound", "advmod") and doc[i].pos_ != "PROPN":
        i -= 1
    if i < 0 or doc[i].text != ",":
        return None
    i -= 1
    if i >= 0 and doc[i].text == ")":
        while i >= 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    return doc[i] if i >= 0 else None
