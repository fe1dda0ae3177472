"""Relations between the entities of one document: typed ones from the parse, and co-mentions."""

from __future__ import annotations

from itertools import combinations

from spacy.tokens import Doc

from explorer.extract.linking import LocalEntity
from explorer.model import CO_MENTIONED, Relation

CO_MENTION_CONFIDENCE = 0.3


def co_mentions(doc: Doc, doc_id: str, entities: list[LocalEntity]) -> list[Relation]:
    """One CO_MENTIONED relation per unordered pair of entities per sentence, ordered by id."""
    sents = list(doc.sents)
    in_sentence: dict[int, set[str]] = {}
    for entity in entities:
        for mention in entity.mentions:
            in_sentence.setdefault(mention.sentence, set()).add(entity.id)
    relations = []
    for index in sorted(in_sentence):
        ids = sorted(in_sentence[index])
        evidence = sents[index].text.strip()
        for a, b in combinations(ids, 2):
            relations.append(
                Relation(
                    source=a, target=b, type=CO_MENTIONED, label="", doc=doc_id, sentence=index,
                    evidence=evidence, confidence=CO_MENTION_CONFIDENCE,
                )
            )
    return relations

