"""Assemble one document's Extraction from its parse: mentions → local entities → relations, events."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.entities import find_mentions, sentence_index
from explorer.extract.events import find_events
from explorer.extract.linking import LocalEntity, LocalMention, group, name_key, world_key
from explorer.extract.relations import co_mentions
from explorer.model import Document, Entity, Extraction, Mention


def build_extraction(document: Document, doc: Doc, nlp: Language) -> Extraction:
    """The Extraction of `document` from its parsed `doc`."""
    sent_of = sentence_index(doc)
    mentions = []
    for span in find_mentions(doc, nlp.make_doc):
        mention = LocalMention(span=span, label=span.label_, sentence=sent_of[span.start])
        known = world_key(span, span.label_)
        if known:
            mention.key, mention.rule = known
        else:
            mention.key = name_key(span.text, span.label_)
        mentions.append(mention)
    local = group(mentions)
    return Extraction(
        document=document,
        entities=[_entity(e) for e in local],
        mentions=[_mention(m, e, document.id) for e in local for m in e.mentions],
        relations=co_mentions(doc, document.id, local),
        events=find_events(doc, document, local),
    )


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
