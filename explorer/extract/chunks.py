"""Long documents: cut at paragraph boundaries, parsed chunk by chunk, joined into one Extraction
(`extract_long`) or streamed as one part per chunk (`extract_parts`, which ingest stores in one transaction).

spaCy refuses texts over `nlp.max_length` (a million characters), and one parse of a 20 MB text would
hold millions of tokens at once. So a long text is cut below `CHUNK_CHARS`, at a blank line if there is
one, else at a line break, a sentence end or a space; the chunks are parsed one after another, and each
chunk's records are shifted to the whole text's character offsets and sentence numbers before its parse
is dropped. Local entities with one key are one entity across chunks (keys are how a document's mentions
are grouped), so memory holds one chunk's parse plus the records found so far.

What a chunk cannot see stays unlinked: a surname or an abbreviation whose full form is only in an
earlier chunk keeps its own key (cross-document resolution still sees both names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.dateline import with_dateline
from explorer.extract.document import build_extraction, parse
from explorer.model import Document, Entity, Event, Extraction, Mention, MergeNote, Relation, stable_id

# A parse's working memory grows with its length (measured on 1 MB of news text: peak 585 MB with
# 100k-character chunks, 315 MB with 25k, at the same speed); 25k characters still hold a long article.
CHUNK_CHARS = 25_000

# Where a chunk may end, best first: after a blank line, a line break, a sentence, a space.
_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)]?\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive chunks covering `text`, each at most `limit` characters."""
    limit = limit or CHUNK_CHARS
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        yield start, end
        start = end
    if start < len(text) or not text:
        yield start, len(text)


def _cut(text: str, start: int, stop: int) -> int:
    """The best place to end a chunk within text[start:stop]: after the last break of the best kind
    found in its second half (a cut too early would make many tiny chunks); else at `stop`."""
    half = start + (stop - start) // 2
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(text, half, stop)]
        if ends:
            return ends[-1]
    return stop


def is_long(text: str, limit: int | None = None) -> bool:
    """Whether `text` is parsed in chunks."""
    return len(text) > (limit or CHUNK_CHARS)


def extract_long(document: Document, nlp: Language, limit: int | None = None) -> Extraction:
    """The Extraction of a long `document`, parsed chunk by chunk (see the module's docstring)."""
    document = with_dateline(document)
    joined = _Joined(document)
    for part, offset, sentences, name_tokens in _chunk_extractions(document, nlp, limit):
        joined.add(part, offset, sentences, name_tokens)
    return joined.extraction()


def extract_parts(document: Document, nlp: Language, limit: int | None = None) -> Iterator[Extraction]:
    """The Extraction of a long `document` as one part per chunk, made only when asked for, so memory
    holds one chunk's records instead of the whole text's. Parts are in the whole text's offsets and
    sentence numbers; local entity ids carry the chunk number ("C3:L0"), so they are unique across parts.
    The same name in two chunks is two local entities, which resolution makes one canonical entity. The
    document should already have its dateline's date and outlet (`dateline.with_dateline`): every part
    carries it as it is given."""
    before = 0  # sentences in the chunks before this one
    for number, (part, offset, sentences, _) in enumerate(_chunk_extractions(document, nlp, limit)):
        ids = {entity.id: f"C{number}:{entity.id}" for entity in part.entities}
        shift = _Shift(ids, offset, before, document.id)
        yield Extraction(
            document,
            [replace(e, id=ids[e.id]) for e in part.entities],
            [shift.mention(m) for m in part.mentions],
            [shift.relation(r) for r in part.relations],
            [shift.event(e) for e in part.events],
        )
        before += sentences


def _chunk_extractions(
    document: Document, nlp: Language, limit: int | None
) -> Iterator[tuple[Extraction, int, int, list[int]]]:
    """(chunk extraction in the chunk's own terms, its offset, its sentences, tokens of each entity name)."""
    text = document.text
    spans = list(split_text(text, limit))
    # batch_size=1: nlp.pipe would otherwise hold a whole batch of parsed chunks at once.
    chunks = [replace(document, text=text[start:end]) for start, end in spans]
    for (start, _), chunk, doc in zip(spans, chunks, parse(nlp, chunks, batch_size=1), strict=True):
        part = build_extraction(chunk, doc)
        yield part, start, _sentences(doc), [len(nlp.make_doc(e.name)) for e in part.entities]


def _sentences(doc: Doc) -> int:
    """Sentences in a chunk, for numbering the next chunk's. The blank lines a chunk ends with may be
    parsed as a sentence of their own, which in the whole text would belong to the next: not counted."""
    count = 0
    for number, sentence in enumerate(doc.sents, start=1):
        if not all(token.is_space for token in sentence):
            count = number
    return count


@dataclass
class _Entity:
    """One entity across chunks: the chunk entities that share its key, and their mentions."""

    id: str
    parts: list[tuple[Entity, int]] = field(default_factory=list)  # (chunk entity, tokens in its name)
    mentions: list[Mention] = field(default_factory=list)


class _Joined:
    """Chunk extractions folded into one, shifted to the whole text's offsets and sentence numbers."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.entities: dict[str, _Entity] = {}  # by key, in order of first mention
        self.relations: list[Relation] = []
        self.events: list[Event] = []
        self.sentences = 0  # sentences in the chunks added so far

    def add(self, part: Extraction, offset: int, sentences: int, name_tokens: list[int]) -> None:
        """Fold in the extraction of the chunk that starts at character `offset`."""
        joined: dict[str, _Entity] = {}  # chunk entity id → entity across chunks
        for entity, tokens in zip(part.entities, name_tokens, strict=True):
            if entity.key not in self.entities:
                self.entities[entity.key] = _Entity(id=f"L{len(self.entities)}")
            joined[entity.id] = self.entities[entity.key]
            joined[entity.id].parts.append((entity, tokens))
        shift = _Shift({local: entity.id for local, entity in joined.items()}, offset, self.sentences, self.document.id)
        for m in part.mentions:
            joined[m.entity].mentions.append(shift.mention(m))
        self.relations.extend(shift.relation(r) for r in part.relations)
        self.events.extend(shift.event(e) for e in part.events)
        self.sentences += sentences

    def extraction(self) -> Extraction:
        entities = [_entity(joined.id, key, joined.parts) for key, joined in self.entities.items()]
        mentions = [m for joined in self.entities.values() for m in joined.mentions]
        return Extraction(self.document, entities, mentions, self.relations, self.events)


@dataclass(frozen=True)
class _Shift:
    """A chunk's records moved into the whole text: entity ids renamed by `ids`, character offsets and
    sentence numbers shifted by the chunk's start and the sentences before it."""

    ids: dict[str, str]
    offset: int
    sentences: int
    doc_id: str

    def mention(self, m: Mention) -> Mention:
        return replace(m, entity=self.ids[m.entity], sentence=m.sentence + self.sentences,
                       start=m.start + self.offset, end=m.end + self.offset)

    def relation(self, r: Relation) -> Relation:
        return replace(r, source=self.ids[r.source], target=self.ids[r.target], sentence=r.sentence + self.sentences)

    def event(self, event: Event) -> Event:
        """`event` in the whole text; its id stays unique (a chunk's id derives from chunk offsets)."""
        sentence = event.sentence + self.sentences
        return replace(
            event, id=stable_id(self.doc_id, str(sentence), event.date_text, event.id), sentence=sentence,
            participants=[replace(p, entity=self.ids[p.entity]) for p in event.participants],
        )


def _entity(entity_id: str, key: str, found: list[tuple[Entity, int]]) -> Entity:
    """One entity from its chunk entities, named as one parse would name it: the fullest name, the
    first written among equals; the type most of its mentions had. Its other names are aliases with the
    first note a chunk gave them, else noted as the same name."""
    parts = [entity for entity, _ in found]
    name = parts[max(range(len(found)), key=lambda i: (found[i][1], -i))].name
    votes: dict[str, int] = {}
    for entity in parts:
        votes[entity.type] = votes.get(entity.type, 0) + entity.mention_count
    joined = Entity(entity_id, name, max(votes, key=lambda t: (votes[t], t == parts[0].type)), doc_count=1, key=key)
    for entity in parts:
        joined.absorb(entity)
    notes = {note.alias: note for note in joined.merges}
    joined.merges = [notes.get(alias) or MergeNote(alias=alias, rule="same-name") for alias in joined.aliases]
    return joined
