"""Within one document: which mentions are the same thing. Produces local entities ("L0", "L1", …).

Each mention gets a key; mentions with one key are one entity. Keys come from world knowledge (a
country under any of its names or demonyms, a capital acting for its government), then from the
rules in `aliases` (abbreviations, short names, nominal anaphora), else from the normalised name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span

from explorer import knowledge
from explorer.extract.names import normalise_name
from explorer.model import MergeNote

# Dependency roles in which a capital city acts ("Washington said", "Tehran's support", "by Moscow").
_ACTOR_DEPS = {"nsubj", "nsubjpass", "poss"}

PLACE_TYPES = ("GPE", "LOC", "FAC")


def type_family(label: str) -> str:
    """Types the model confuses for one thing share a family: places, and groups of people."""
    if label in PLACE_TYPES:
        return "PLACE"
    return label


@dataclass
class LocalMention:
    span: Span
    label: str
    sentence: int
    key: str = ""
    rule: str = ""
    score: float = 1.0
    anaphor: bool = False  # "the group": points to an entity but is not one of its names


@dataclass
class LocalEntity:
    id: str
    key: str
    name: str
    type: str
    mentions: list[LocalMention] = field(default_factory=list)
    merges: list[MergeNote] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        seen: list[str] = []
        for m in self.mentions:
            if not m.anaphor and m.span.text != self.name and m.span.text not in seen:
                seen.append(m.span.text)
        return seen


def world_key(span: Span, label: str) -> tuple[str, str] | None:
    """(key, rule) when world knowledge names what `span` refers to: a country, its people, its capital."""
    text = span.text
    if label in ("GPE", "LOC", "ORG", "NORP"):
        code = knowledge.country_code(text)
        if code:
            return country_key(code), "country-name"
    if label in ("NORP", "GPE", "ORG"):
        code = knowledge.demonym_country(text)
        if code:
            return country_key(code), "demonym"
    if label == "GPE" and (span.root.dep_ in _ACTOR_DEPS or _is_agent(span)):
        code = knowledge.capital_country(text)
        if code:
            return country_key(code), "capital-as-actor"
    return None


def _is_agent(span: Span) -> bool:
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent"


def country_key(code: str) -> str:
    return f"GPE:country:{code}"


def name_key(name: str, label: str) -> str:
    return f"{type_family(label)}:{normalise_name(name)}"


def group(mentions: list[LocalMention]) -> list[LocalEntity]:
    """Local entities from keyed mentions, in order of first mention."""
    by_key: dict[str, LocalEntity] = {}
    for mention in mentions:
        entity = by_key.get(mention.key)
        if entity is None:
            entity = LocalEntity(id=f"L{len(by_key)}", key=mention.key, name="", type="")
            by_key[mention.key] = entity
        entity.mentions.append(mention)
    for entity in by_key.values():
        _name_and_type(entity)
    return list(by_key.values())


def _name_and_type(entity: LocalEntity) -> None:
    named = [m for m in entity.mentions if not m.anaphor]
    if entity.key.startswith("GPE:country:"):
        country = knowledge.country(entity.key.rsplit(":", 1)[1])
        entity.name = country.name if country else named[0].span.text
        entity.type = "GPE"
    else:
        # The fullest written form names the entity; ties go to the first written.
        entity.name = max(named, key=lambda m: (len(m.span), -m.span.start)).span.text
        votes = Counter(m.label for m in named)
        entity.type = max(votes, key=lambda label: (votes[label], label == named[0].label))
    notes: dict[str, MergeNote] = {}
    for m in named:
        if m.span.text != entity.name and m.span.text not in notes:
            notes[m.span.text] = MergeNote(alias=m.span.text, rule=m.rule or "same-name", score=m.score)
    entity.merges = list(notes.values())
