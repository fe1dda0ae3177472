"""Resolver: canonical ids from keys, merges across documents, relations remapped."""

from __future__ import annotations

from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Mention, Relation, stable_id
from explorer.resolve import Resolver


def _extraction(doc_id: str, entities: list[Entity], relations: list[Relation] = ()) -> Extraction:
    document = Document(id=doc_id, title=doc_id, text="x")
    mentions = [Mention(entity=e.id, doc=doc_id, sentence=0, start=0, end=1, text=e.name) for e in entities]
    return Extraction(document=document, entities=entities, mentions=mentions, relations=list(relations))


def test_ids_derive_from_keys_and_same_key_merges_across_documents():
    resolver = Resolver()
    a = resolver.resolve(_extraction("d1", [Entity("L0", "United States", "GPE", key="GPE:country:US")]))
    b = resolver.resolve(
        _extraction("d2", [Entity("L0", "United States", "GPE", aliases=["U.S."], key="GPE:country:US")])
    )
    assert a.entities[0].id == b.entities[0].id == stable_id("GPE:country:US")
    assert b.mentions[0].entity == stable_id("GPE:country:US")
    (known,) = resolver.entities()
    assert known.doc_count == 2 and "U.S." in known.aliases


def test_seeded_from_known_entities():
    seed = Entity(id="abc", name="Acme Corp", type="ORG", key="ORG:acme corp")
    resolver = Resolver([seed])
    out = resolver.resolve(_extraction("d1", [Entity("L0", "Acme Corp", "ORG", key="ORG:acme corp")]))
    assert out.entities[0].id == "abc"


def test_self_loops_after_merge_are_dropped():
    resolver = Resolver()
    ents = [
        Entity("L0", "United States", "GPE", key="GPE:country:US"),
        Entity("L1", "America", "GPE", key="GPE:country:US"),
    ]
    rel = Relation("L0", "L1", CO_MENTIONED, "", "d1", 0, "x")
    out = resolver.resolve(_extraction("d1", ents, [rel]))
    assert out.relations == []
    assert len(out.entities) == 1
