"""upsert_parts: a document given as parts (a long text, chunk by chunk) is stored in one transaction,
exactly as the same content joined and stored with one upsert_extraction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer.model import CO_MENTIONED, Document, Entity, Event, Extraction, Mention, MergeNote, Participant, Relation
from explorer.store.base import GraphStore, join_parts

SENTENCES = ["Acme will buy Globex.", "Acme Corporation, the buyer, hired Jane Doe.", "Acme said Globex agreed."]


def _parts(tag: str) -> tuple[Document, list[Extraction]]:
    """One document as three parts; entity ids carry `tag`, so two copies can live in one store."""
    doc = Document.from_text(f"{tag} report. " + " ".join(SENTENCES), source=f"tests/{tag}.txt")
    acme, globex, jane = f"{tag}-acme", f"{tag}-globex", f"{tag}-jane"

    def mention(entity: str, sentence: int, text: str) -> Mention:
        start = doc.text.index(SENTENCES[sentence - 1]) + SENTENCES[sentence - 1].index(text)
        return Mention(entity, doc.id, sentence, start, start + len(text), text)

    def relation(source: str, target: str, type_: str, label: str, sentence: int) -> Relation:
        return Relation(source, target, type_, label, doc.id, sentence, SENTENCES[sentence - 1], 0.8)

    first = Extraction(
        doc,
        [
            Entity(acme, "Acme", "ORG", [], 1, 1, [], [], "ORG:acme"),
            Entity(globex, "Globex", "ORG", [], 1, 1, [], [], "ORG:globex"),
        ],
        [mention(acme, 1, "Acme"), mention(globex, 1, "Globex")],
        [relation(acme, globex, "ACQUIRED", "buy", 1), relation(acme, globex, CO_MENTIONED, "", 1)],
        [
            Event(
                f"{tag}-ev1",
                "Acme buy Globex",
                "2024",
                "year",
                doc.id,
                1,
                SENTENCES[0],
                [Participant(acme, "agent"), Participant(globex, "patient")],
                "2024",
            )
        ],
    )
    acme_corporation = Entity(
        acme, "Acme Corporation", "ORG", ["Acme"], 1, 1, ["buyer"], [MergeNote("Acme", "abbreviation", 1.0)], "ORG:acme"
    )
    second = Extraction(
        doc,
        [acme_corporation, Entity(jane, "Jane Doe", "PERSON", [], 1, 1, ["hire"], [], "PERSON:jane doe")],
        [mention(acme, 2, "Acme Corporation"), mention(jane, 2, "Jane Doe")],
        [relation(acme, jane, "EMPLOYED_BY", "hired", 2), relation(acme, jane, CO_MENTIONED, "", 2)],
        [],
    )
    third = Extraction(
        doc,
        [
            Entity(acme, "Acme", "ORG", [], 1, 1, [], [], "ORG:acme"),
            Entity(globex, "Globex", "ORG", ["Globex Inc"], 1, 1, [], [], "ORG:globex"),
        ],
        [mention(acme, 3, "Acme"), mention(globex, 3, "Globex")],
        [
            relation(acme, globex, "ACQUIRED", "agreed", 3),
            relation(acme, globex, CO_MENTIONED, "", 3),
            relation(acme, globex, CO_MENTIONED, "", 1),  # stated in an earlier part too: stored once
        ],
        [
            Event(
                f"{tag}-ev3",
                "Globex agree",
                "2024-05",
                "month",
                doc.id,
                3,
                SENTENCES[2],
                [Participant(globex, "agent")],
                "May 2024",
            )
        ],
    )
    return doc, [first, second, third]


def _snapshot(store: GraphStore, tag: str) -> dict:
    """What the store holds about one copy, with the tag taken out of every id."""
    doc, parts = _parts(tag)
    ids = sorted({e.id for p in parts for e in p.entities})
    stored = store.extraction(doc.id)
    untag = lambda value: value.replace(tag, "TAG")  # noqa: E731
    return {
        "entities": [
            (
                untag(e.id),
                e.name,
                e.type,
                sorted(e.aliases),
                e.mention_count,
                e.doc_count,
                sorted(e.roles),
                sorted((m.alias, m.rule) for m in e.merges),
            )
            for e in store.entities(ids)
        ],
        "mentions": sorted((untag(m.entity), m.sentence, m.start, m.end, m.text) for m in stored.mentions),
        "relations": sorted((untag(r.source), untag(r.target), r.type, r.label, r.sentence) for r in stored.relations),
        "events": sorted(
            (untag(e.id), e.label, e.date, sorted(untag(p.entity) for p in e.participants)) for e in stored.events
        ),
        "edges": sorted(
            (untag(e.source), untag(e.target), e.type, e.weight, e.labels) for e in store.subgraph(ids).edges
        ),
    }


def test_parts_are_stored_as_the_same_content_in_one_upsert(store):
    doc, parts = _parts("parts")
    assert store.upsert_parts(doc, iter(parts)) is True
    whole_doc, whole_parts = _parts("whole")
    assert store.upsert_extraction(join_parts(whole_doc, whole_parts)) is True

    snapshot = _snapshot(store, "parts")
    assert snapshot == _snapshot(store, "whole")
    acme = {e[0]: e for e in snapshot["entities"]}["TAG-acme"]
    assert acme[:7] == ("TAG-acme", "Acme", "ORG", ["Acme Corporation"], 3, 1, ["buyer"])  # the last part's name
    assert ("TAG-acme", "TAG-globex", "ACQUIRED", 2, ["buy", "agreed"]) in snapshot["edges"]
    assert ("TAG-acme", "TAG-globex", CO_MENTIONED, 2, []) in snapshot["edges"]
    assert len(snapshot["mentions"]) == 6 and len(snapshot["relations"]) == 6 and len(snapshot["events"]) == 2
    assert store.upsert_parts(doc, iter(parts)) is False
    assert _snapshot(store, "parts") == snapshot


def test_a_failure_in_the_middle_of_the_parts_leaves_the_store_unchanged(store):
    doc, parts = _parts("broken")

    def failing() -> Iterator[Extraction]:
        yield parts[0]
        yield parts[1]
        raise RuntimeError("the parser died")

    with pytest.raises(RuntimeError, match="the parser died"):
        store.upsert_parts(doc, failing())
    assert not store.has_document(doc.id)
    assert {k: store.stats()[k] for k in ("documents", "entities", "relations", "mentions", "events")} == dict.fromkeys(
        ("documents", "entities", "relations", "mentions", "events"), 0
    )
    assert store.upsert_parts(doc, iter(parts)) is True
    assert store.stats()["mentions"] == 6
