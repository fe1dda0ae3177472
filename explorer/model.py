"""The one vocabulary of explorer: documents, mentions, entities, relations, events.

Everything that moves between reading, extraction, resolution, the stores and the UI is one of these
records. They are plain dataclasses with `to_dict()` / `from_dict()` so they cross process and machine
boundaries (worker processes, `explorer extract --json`, `explorer load`) unchanged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Self

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")
CO_MENTIONED = "CO_MENTIONED"

# The controlled vocabulary of typed relations. Anything else extracted from a verb keeps the verb lemma
# as its label under RELATED_TO, so relationship names in a graph database never come from input text.
RELATION_TYPES = (
    "LEADS",
    "MEMBER_OF",
    "PART_OF",
    "BACKED_BY",
    "ATTACKED",
    "KILLED",
    "NEGOTIATED_WITH",
    "SUPPORTS",
    "OPPOSES",
    "HOLDS_ROLE",
    "LOCATED_IN",
    "PRESENT_IN",
    "FOUNDED",
    "ACQUIRED",
    "CLAIMED",
    "MET_WITH",
    "ACCUSED",
    "SUED",
    "EMPLOYED_BY",
    "ALLIED_WITH",
    "DEFEATED",
    "RELATED_TO",
    CO_MENTIONED,
)


def normalise_text(text: str) -> str:
    """Text as it is hashed: NFC, unified line ends, runs of blank space folded, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return text.strip()


def stable_id(*parts: str, length: int = 16) -> str:
    """A short id derived from content, stable across runs and machines."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Record:
    """Dict round-trip shared by every record."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in known})

    def copy(self) -> Self:
        """A shallow copy (lists shared, as with `dataclasses.replace`), without calling `__init__` again:
        several times cheaper, which counts for the thousands of mentions and relations of a document."""
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        return twin


@dataclass
class Document(Record):
    """One article. `id` is the hash of its normalised text, so the same article read twice is one."""

    id: str
    title: str
    text: str
    source: str = ""
    published: str | None = None  # ISO date (YYYY-MM-DD) when the article states one
    outlet: str = ""  # the publisher's name ("Reuters", "The Tigris Post") when known

    @classmethod
    def from_text(
        cls, text: str, title: str = "", source: str = "", published: str | None = None, outlet: str = ""
    ) -> Document:
        text = normalise_text(text)
        first_line = text.split("\n", 1)[0].strip()
        return cls(
            id=stable_id(text),
            title=(title or first_line)[:300],
            text=text,
            source=source,
            published=published,
            outlet=outlet,
        )


@dataclass
class Mention(Record):
    """One occurrence of an entity in a document: character span and sentence index."""

    entity: str
    doc: str
    sentence: int
    start: int
    end: int
    text: str

    @property
    def key(self) -> tuple[str, str, int, int, int, str]:
        """What tells one stored mention from another: every field."""
        return (self.entity, self.doc, self.sentence, self.start, self.end, self.text)


@dataclass
class MergeNote(Record):
    """Why a surface form was made an alias of an entity: the rule that fired and its score."""

    alias: str
    rule: str
    score: float = 1.0

    @property
    def reason(self) -> str:
        """The rule in words, as an analyst reads it ("its acronym"), or the rule's name if it has none."""
        return MERGE_REASONS.get(self.rule, self.rule.replace("-", " ") or "the same name")


# Every rule that makes a name an alias (extract/linking.py, resolve.py, curation), in words.
MERGE_REASONS = {
    "same-name": "the same name",
    "same-key": "the same name",
    "alias": "a known alias",
    "abbreviation": "defined as its abbreviation in the text",
    "acronym": "its acronym",
    "short-name": "a shorter form of the name in the same article",
    "known-as": "given as another name of it (\"also known as\")",
    "surname": "the surname alone",
    "anaphor": "a phrase referring back to it",
    "fuzzy": "another spelling",
    "demonym": "the people or adjective of the place",
    "country-name": "another name of the country",
    "capital-as-actor": "the capital standing for the government",
    "curated": "set by an analyst (curation)",
}


@dataclass
class Entity(Record):
    """A real-world thing. `id` stays the same across re-ingest (derived from its canonical key)."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mention_count: int = 0
    doc_count: int = 0
    roles: list[str] = field(default_factory=list)
    merges: list[MergeNote] = field(default_factory=list)
    key: str = (
        ""  # canonical key used by resolution (e.g. "GPE:country:US", "PERSON:jane doe")
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        entity = super().from_dict(data)
        entity.merges = [m if isinstance(m, MergeNote) else MergeNote.from_dict(m) for m in entity.merges]
        return entity

    def absorb(self, other: Entity, rule: str = "", score: float = 1.0) -> None:
        """Fold `other` into this entity, as FollowTheMoney's `EntityProxy.merge` does: each of its names
        (name first, then aliases) not yet one of these becomes an alias, with the note `other` has for it,
        else a note of `rule` when one is given; an alias here without a note takes `other`'s. Roles are
        joined and mention counts summed; id, name, type, key and document count stay these."""
        notes: dict[str, MergeNote] = {}
        for note in other.merges:
            notes.setdefault(note.alias, note)
        noted = {note.alias for note in self.merges}
        for name in [other.name, *other.aliases]:
            if name == self.name:
                continue
            if name not in self.aliases:
                self.aliases.append(name)
            elif name in noted or name not in notes:
                continue
            note = notes.get(name) or (MergeNote(name, rule, score) if rule else None)
            if note is not None:
                self.merges.append(replace(note))
                noted.add(name)
        for role in other.roles:
            if role not in self.roles:
                self.roles.append(role)
        self.mention_count += other.mention_count

    def rename(self, name: str, rule: str = "") -> None:
        """Give the entity a new name; the old one becomes an alias (noted with `rule` when given)."""
        if name == self.name:
            return
        old = Entity(self.id, self.name, self.type)
        self.aliases = [a for a in self.aliases if a != name]
        self.merges = [n for n in self.merges if n.alias != name]
        self.name = name
        self.absorb(old, rule=rule)


@dataclass
class Relation(Record):
    """One assertion: `source` did `type` to `target`, stated by `evidence` in `doc`."""

    source: str
    target: str
    type: str
    label: str
    doc: str
    sentence: int
    evidence: str
    confidence: float = 0.5
    speaker: str = ""  # who the document reports as saying it ("the Pentagon"); empty: the document's own voice

    @property
    def id(self) -> str:
        return stable_id(self.source, self.target, self.type, self.label, self.doc, str(self.sentence))


def remap_relations(relations: list[Relation], mapping: dict[str, str]) -> list[Relation]:
    """Copies of `relations` with their ends renamed by `mapping`, in the form stores hold them: no
    self-loops (two names of one thing), co-mention ends in id order, each assertion once (the first)."""
    kept: dict[tuple[str, str, str, str, str, int], Relation] = {}
    for relation in relations:
        source = mapping.get(relation.source, relation.source)
        target = mapping.get(relation.target, relation.target)
        if source == target:
            continue
        if relation.type == CO_MENTIONED and target < source:
            source, target = target, source
        key = (source, target, relation.type, relation.label, relation.doc, relation.sentence)
        if key not in kept:
            kept[key] = renamed = relation.copy()
            renamed.source, renamed.target = source, target
    return list(kept.values())


@dataclass
class Participant(Record):
    entity: str
    role: str = "participant"


@dataclass
class Figure(Record):
    """A number an event states: `quantity` says what is counted ("killed people", "troops", "money"),
    `value` the number, `text` how it was written ("at least 12")."""

    quantity: str
    value: float
    text: str


@dataclass
class Event(Record):
    """Something that happened at a stated time, with who took part and the sentence that says so."""

    id: str
    label: str
    date: str | None  # normalised: YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD (day and month, no year stated)
    precision: str  # "day", "month", "year", "day-month", "unknown"
    doc: str
    sentence: int
    evidence: str
    participants: list[Participant] = field(default_factory=list)
    date_text: str = ""
    # What of `date` came from the publication date, not the text: "" (nothing), "year" ("October 7"), "date"
    # (all of it: "on Saturday", "yesterday", "last month").
    date_inferred: str = ""
    speaker: str = ""  # who the document reports as saying it; empty: the document's own voice
    figures: list[Figure] = field(default_factory=list)
    kind: str = ""  # the act as a relation type, with its ordinal when stated ("NEGOTIATED_WITH 1"); "" unknown

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        event = super().from_dict(data)
        event.participants = [
            p if isinstance(p, Participant) else Participant.from_dict(p) for p in event.participants
        ]
        event.figures = [f if isinstance(f, Figure) else Figure.from_dict(f) for f in event.figures]
        return event


def timeline_order(event: Event) -> tuple[bool, bool, str, str, int]:
    """Sort key for a timeline: dated events by date, then those without a year ("--10-07"), then undated."""
    return (event.date is None, (event.date or "").startswith("--"), event.date or "", event.doc, event.sentence)


@dataclass
class Extraction(Record):
    """Everything found in one document. Entity ids are local until `resolve` makes them canonical."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            document=Document.from_dict(data["document"]),
            entities=[Entity.from_dict(e) for e in data.get("entities", [])],
            mentions=[Mention.from_dict(m) for m in data.get("mentions", [])],
            relations=[Relation.from_dict(r) for r in data.get("relations", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
        )


@dataclass
class Edge(Record):
    """Relations between two entities aggregated for display: weight is the number of assertions."""

    source: str
    target: str
    type: str
    weight: int = 1
    labels: list[str] = field(default_factory=list)


@dataclass
class Subgraph(Record):
    """A piece of the graph to draw: entities and the aggregated edges between them."""

    nodes: list[Entity] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


@dataclass
class CurationAction(Record):
    """One analyst decision, appended to the store's curation log and replayed on re-ingest.

    `kind` is one of merge, split, rename, retype, delete, reject_relation; `payload` holds its arguments.
    """

    kind: str
    payload: dict[str, Any]
    reason: str = ""
    at: str = ""
    seq: int = 0

    @property
    def user(self) -> str:
        """Who took the action: kept in the payload, which every store keeps as written."""
        return str(self.payload.get("user") or "")
