"""One document's Extraction, assembled from what the pipeline's components wrote on its Doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.linking import LocalEntity, LocalMention
from explorer.model import Document, Entity, Event, Extraction, Mention, Relation


def parse(nlp: Language, documents: Iterable[Document], batch_size: int | None = None) -> Iterator[Doc]:
    """Run the pipeline over `documents`, each Doc knowing its record (id, publication date)."""
    yield from nlp.pipe((_unparsed(nlp, d) for d in documents), batch_size=batch_size)


def _unparsed(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.document = document
    return doc


def build_extraction(document: Document, doc: Doc) -> Extraction:
    """The Extraction of `document` from its `doc`, run through the pipeline (which may have filled in the
    document's date and outlet from its dateline). The components' records are then cleared from `doc`:
    they point back at it (a mention holds its Span), so kept there they would keep the Doc and all of
    them for the garbage collector to find, instead of going as soon as the Doc does."""
    if doc._.document is not None and doc._.document.id == document.id:
        document = doc._.document
    entities: list[LocalEntity] = doc._.entities
    relations: list[Relation] = doc._.relations
    events: list[Event] = doc._.events
    _share_evidence([*relations, *events])
    extraction = Extraction(
        document=document,
        entities=[_entity(e) for e in entities],
        mentions=[_mention(m, e, document.id) for e in entities for m in e.mentions],
        relations=relations,
        events=events,
    )
    doc.user_data.clear()
    return extraction


def _share_evidence(records: list[Relation | Event]) -> None:
    """One string per evidence sentence: a sentence states many relations, and every copy costs memory
    and pickling between processes."""
    shared: dict[str, str] = {}
    for record in records:
        record.evidence = shared.setdefault(record.evidence, record.evidence)


def _entity(local: LocalEntity) -> Entity:
    return Entity(
        id=local.id,
        name=local.name,
        type=local.type,
        aliases=local.aliases,
        mention_count=len(local.mentions),
        doc_count=1,
        roles=list(local.roles),
        merges=list(local.merges),
        key=local.key,
    )


def _mention(mention: LocalMention, entity: LocalEntity, doc_id: str) -> Mention:
    span = mention.span
    return Mention(
        entity=entity.id, doc=doc_id, sentence=mention.sentence,
        start=span.start_char, end=span.end_char, text=mention.text,
    )
