"""Assemble one document's Extraction from its parse: mentions → local entities → relations, events."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.abbreviations import find_definitions
from explorer.extract.anaphora import find_anaphors
from explorer.extract.entities import find_mentions, sentence_index
from explorer.extract.events import find_events
from explorer.extract.linking import LocalEntity, LocalMention, assign_keys, group
from explorer.extract.relations import co_mentions, typed_relations
from explorer.extract.roles import role_before
from explorer.model import Document, Entity, Event, Extraction, Mention, Relation


def build_extraction(document: Document, doc: Doc, nlp: Language) -> Extraction:
    """The Extraction of `document` from its parsed `doc`."""
    sent_of = sentence_index(doc)
    definitions = find_definitions(doc)
    spans = find_mentions(doc, nlp.make_doc, {short: long.label_ for short, long in definitions.items()})
    mentions = [LocalMention(span=s, label=s.label_, sentence=sent_of[s.start]) for s in spans]
    assign_keys(mentions, definitions)
    mentions.extend(find_anaphors(doc, mentions, sent_of))
    mentions.sort(key=lambda m: m.span.start)
    local = group(mentions)
    _add_roles(doc, local)
    relations = typed_relations(doc, document.id, local) + co_mentions(doc, document.id, local)
    events = find_events(doc, document, local)
    _share_evidence([*relations, *events])
    return Extraction(
        document=document,
        entities=[_entity(e) for e in local],
        mentions=[_mention(m, e, document.id) for e in local for m in e.mentions],
        relations=relations,
        events=events,
    )


def _share_evidence(records: list[Relation | Event]) -> None:
    """One string per evidence sentence: a sentence states many relations, and every copy costs memory
    and pickling between processes."""
    shared: dict[str, str] = {}
    for record in records:
        record.evidence = shared.setdefault(record.evidence, record.evidence)


def _add_roles(doc: Doc, entities: list[LocalEntity]) -> None:
    """Roles written before each personal name become the person's roles."""
    taken = {t for e in entities for m in e.mentions for t in range(m.span.start, m.span.end)}
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            role, _ = role_before(doc, mention.span, taken)
            if role and role not in entity.roles:
                entity.roles.append(role)


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
        start=span.start_char, end=span.end_char, text=span.text,
    )
