"""The GraphStore contract, the same from every backend: writing documents, entities and search, documents
and events, the curation log. Neighbourhoods, relations and paths are in test_graph_contract.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from explorer.model import CurationAction, Document, Entity, Extraction, Mention, Relation, stable_id
from explorer.names import country_key
from tests.factories import (
    ACME,
    FRANCE,
    GLOBEX,
    HOOLI,
    JANE,
    PARIS,
    first_extraction,
    sample_extractions,
    second_extraction,
)


def test_an_empty_store_counts_nothing(store):
    assert {k: store.stats()[k] for k in ("documents", "entities", "relations")} == {
        "documents": 0,
        "entities": 0,
        "relations": 0,
    }
    assert store.search("anything") == []
    assert store.entity("nope") is None


def test_upsert_counts_documents_entities_relations(loaded):
    stats = loaded.stats()
    assert (stats["documents"], stats["entities"], stats["relations"], stats["events"]) == (2, 6, 8, 2)
    assert stats["mentions"] == 7


def test_the_same_document_twice_changes_nothing(loaded):
    before = loaded.stats()
    assert loaded.upsert_extraction(first_extraction()) is False
    assert loaded.stats() == before
    assert loaded.entity(GLOBEX).mention_count == 2


def test_a_document_that_fails_half_way_leaves_nothing(store):
    broken = second_extraction()
    broken.relations[0] = replace(broken.relations[0], evidence=object())  # no backend can store this
    with pytest.raises(Exception):  # noqa: B017  (each backend raises its own driver error)
        store.upsert_extraction(broken)
    assert not store.has_document(broken.document.id)
    assert store.stats()["entities"] == 0 and store.stats()["relations"] == 0
    assert store.upsert_extraction(second_extraction()) is True
    assert store.stats()["relations"] == 3


def test_entity_keeps_aliases_roles_merge_reasons_and_counts(loaded):
    acme = loaded.entity(ACME)
    assert (acme.name, acme.type, acme.aliases) == ("Acme Corporation", "ORG", ["Acme"])
    assert [(m.alias, m.rule) for m in acme.merges] == [("Acme", "abbreviation")]
    assert loaded.entity(JANE).roles == ["chief executive"]
    globex = loaded.entity(GLOBEX)
    assert (globex.mention_count, globex.doc_count, globex.aliases) == (2, 2, ["Globex Inc"])


def test_a_renamed_entity_keeps_its_old_name_as_an_alias(loaded):
    doc = Document.from_text("Globex Corporation hired staff.", source="tests/rename.txt")
    renamed = Entity(GLOBEX, "Globex Corporation", "ORG", [], 1, 1, ["employer"], [], "ORG:globex")
    loaded.upsert_extraction(Extraction(doc, [renamed], [Mention(GLOBEX, doc.id, 0, 0, 18, "Globex Corporation")]))
    globex = loaded.entity(GLOBEX)
    assert (globex.name, globex.aliases, globex.roles) == ("Globex Corporation", ["Globex", "Globex Inc"], ["employer"])
    assert (globex.mention_count, globex.doc_count) == (3, 3)
    assert [e.id for e in loaded.search("globex corp")][:1] == [GLOBEX]


def test_a_type_outside_the_vocabulary_is_kept_as_data(store):
    doc = Document.from_text("Acme praised Globex.", source="tests/praise.txt")
    entities = [Entity(ACME, "Acme", "ORG"), Entity(GLOBEX, "Globex", "ORG")]
    odd = "PRAISED`]->() DETACH DELETE n //"
    store.upsert_extraction(Extraction(doc, entities, [], [Relation(ACME, GLOBEX, odd, "praise", doc.id, 0, doc.text)]))
    assert [r.type for r in store.relations_between(ACME, GLOBEX)] == [odd]
    assert [(e.type, e.weight) for e in store.neighbourhood(ACME).edges] == [(odd, 1)]
    assert store.stats()["entities"] == 2


def test_entities_returns_in_the_order_asked_and_skips_unknown(loaded):
    assert [e.id for e in loaded.entities([JANE, "missing", ACME])] == [JANE, ACME]
    assert {e.id for e in loaded.iter_entities()} == {ACME, GLOBEX, JANE, PARIS, FRANCE, HOOLI}


def test_search_by_prefix_alias_and_typo(loaded):
    assert [e.id for e in loaded.search("Acme Corp")][:1] == [ACME]
    assert [e.id for e in loaded.search("glob")][:1] == [GLOBEX]
    assert [e.id for e in loaded.search("Globex Inc")][:1] == [GLOBEX]
    assert [e.id for e in loaded.search("Hoolli")][:1] == [HOOLI]
    assert [e.id for e in loaded.search("Jane", types=["ORG"])] == []


def test_search_ignores_accents_and_case(loaded):
    assert [e.id for e in loaded.search("PÀRIS")][:1] == [PARIS]
    assert [e.id for e in loaded.search("jane d")][:1] == [JANE]
    assert [e.id for e in loaded.search("Globex", types=["ORG"], limit=1)] == [GLOBEX]


def test_search_ignores_zero_width_and_bidi_characters_in_the_query(loaded):
    assert [e.id for e in loaded.search("Glo\u200cbex")][:1] == [GLOBEX]
    assert [e.id for e in loaded.search("\u202eAcme\u200b Corp\ufeff")][:1] == [ACME]


def test_search_finds_a_country_by_its_standard_short_and_official_forms(store):
    doc = Document.from_text("Britain said so.")
    britain = Entity(stable_id(country_key("GB")), "United Kingdom", "GPE", ["Britain"], 1, 1, key=country_key("GB"))
    other = Entity("e-uk-energy", "UKE Energy", "ORG", [], 1, 1, key="ORG:uke energy")
    mentions = [Mention(britain.id, doc.id, 0, 0, 7, "Britain")]
    store.upsert_extraction(Extraction(doc, [britain, other], mentions, [], []))
    for query in ("UK", "U.K.", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"):
        assert [e.id for e in store.search(query)][:1] == [britain.id], query
    assert store.search("USA") == []


def test_search_treats_query_syntax_as_text(loaded):
    for query in ['"', "a' OR 1=1 --", "NEAR(", "*", "`MATCH (n) DETACH DELETE n`"]:
        assert loaded.search(query) == [], query
    found = {q: [e.id for e in loaded.search(q)] for q in ["Hooli NOT Hooli", "Paris' --", "{acme)", 'Globex"']}
    assert found == {"Hooli NOT Hooli": [HOOLI], "Paris' --": [PARIS], "{acme)": [ACME], 'Globex"': [GLOBEX]}
    assert loaded.stats()["entities"] == 6


def test_documents_text_and_mention_spans(loaded):
    first = first_extraction().document
    assert {d.id for d in loaded.documents()} == {e.document.id for e in sample_extractions()}
    assert [d.id for d in loaded.documents_for(PARIS)] == [first.id]
    stored = loaded.document(first.id)
    assert (stored.text, stored.title, stored.published) == (first.text, first.title, "2024-03-04")
    for mention in loaded.mentions_in(first.id):
        assert stored.text[mention.start : mention.end] == mention.text
    assert len(loaded.relations_in(first.id)) == 5
    assert loaded.document("missing") is None


def test_a_documents_outlet_and_the_inferred_part_of_its_event_dates_are_kept(store):
    extraction = first_extraction()
    extraction.document.outlet = "The Paris Ledger"
    extraction.events[0] = replace(extraction.events[0], date_inferred="year")
    store.upsert_extraction(extraction)
    doc_id = extraction.document.id
    assert store.document(doc_id).outlet == "The Paris Ledger"
    assert [d.outlet for d in store.documents()] == ["The Paris Ledger"]
    assert [d.outlet for d in store.documents_for(PARIS)] == ["The Paris Ledger"]
    assert [e.date_inferred for e in store.timeline()] == ["year"]
    assert store.extraction(doc_id).document.outlet == "The Paris Ledger"


def test_document_counts_are_the_entities_mentioned_and_the_typed_relations(loaded):
    first, second = (e for e in sample_extractions())
    expected = {
        e.document.id: (len({m.entity for m in e.mentions}), sum(r.type != "CO_MENTIONED" for r in e.relations))
        for e in (first, second)
    }
    assert loaded.document_counts() == expected
    assert expected[first.document.id] == (4, 2)


def _by_start(mentions: list[Mention]) -> list[tuple]:
    return sorted((m.entity, m.doc, m.sentence, m.start, m.end, m.text) for m in mentions)


def test_extraction_gives_a_stored_document_back_whole(loaded):
    original = first_extraction()
    stored = loaded.extraction(original.document.id)
    assert stored.document == original.document
    assert _by_start(stored.mentions) == _by_start(original.mentions)
    assert sorted(r.id for r in stored.relations) == sorted(r.id for r in original.relations)
    assert {r.id: r for r in stored.relations} == {r.id: r for r in original.relations}
    assert [(e.id, e.date, e.precision, e.participants) for e in stored.events] == [
        (e.id, e.date, e.precision, e.participants) for e in original.events
    ]
    assert [e.id for e in stored.entities] == sorted([ACME, GLOBEX, JANE, PARIS])
    assert stored.entities == loaded.entities(sorted([ACME, GLOBEX, JANE, PARIS]))
    assert loaded.extraction("missing") is None


def test_extraction_carries_entities_as_they_are_now(loaded):
    stored = loaded.extraction(first_extraction().document.id)
    globex = next(e for e in stored.entities if e.id == GLOBEX)
    assert (globex.aliases, globex.mention_count, globex.doc_count) == (["Globex Inc"], 2, 2)


def test_orders_match_across_backends(loaded):
    assert [e.id for e in loaded.top_entities(3)] == [GLOBEX, ACME, FRANCE]  # ties by name
    first, second = first_extraction().document, second_extraction().document
    assert [d.id for d in loaded.documents()] == [second.id, first.id]
    assert [d.id for d in loaded.documents_for(GLOBEX)] == [first.id, second.id]  # dated first, undated last
    assert [m.start for m in loaded.mentions_in(first.id)] == sorted(m.start for m in loaded.mentions_in(first.id))
    assert [(r.sentence, r.type) for r in loaded.relations_in(first.id)] == sorted(
        (r.sentence, r.type) for r in loaded.relations_in(first.id)
    )


def test_timeline_is_ordered_and_filtered(loaded):
    events = loaded.timeline()
    assert [e.id for e in events] == ["ev-acq", "ev-suit"]
    assert {(p.entity, p.role) for p in events[0].participants} == {(ACME, "agent"), (GLOBEX, "patient")}
    assert [e.id for e in loaded.timeline(HOOLI)] == ["ev-suit"]
    assert events[1].precision == "month"


def test_events_without_a_year_come_after_dated_ones_and_undated_last(store):
    extraction = second_extraction()
    undated = replace(extraction.events[0], id="ev-undated", date=None, precision="unknown")
    no_year = replace(extraction.events[0], id="ev-no-year", date="--01-02", precision="day-month")
    extraction.events += [undated, no_year]
    store.upsert_extraction(extraction)
    assert [e.id for e in store.timeline()] == ["ev-suit", "ev-no-year", "ev-undated"]


def test_curation_log_appends_and_pops_in_order(store):
    first = store.append_curation(CurationAction("rename", {"entity": ACME, "name": "ACME"}, "typo"))
    second = store.append_curation(CurationAction("delete", {"entity": PARIS}))
    assert first.seq < second.seq and first.at
    assert [(a.kind, a.payload) for a in store.curation_log()] == [
        ("rename", {"entity": ACME, "name": "ACME"}),
        ("delete", {"entity": PARIS}),
    ]
    assert store.pop_curation().kind == "delete"
    assert [a.kind for a in store.curation_log()] == ["rename"]


def test_curation_sequence_numbers_are_never_reused(store):
    store.append_curation(CurationAction("rename", {"entity": ACME, "name": "A"}))
    second = store.append_curation(CurationAction("rename", {"entity": ACME, "name": "B"}))
    store.pop_curation()
    third = store.append_curation(CurationAction("rename", {"entity": ACME, "name": "C"}, at="2024-01-01T00:00:00"))
    assert third.seq > second.seq
    assert (third.at, store.curation_log()[-1].at) == ("2024-01-01T00:00:00", "2024-01-01T00:00:00")
    assert store.pop_curation().payload == {"entity": ACME, "name": "C"}
    assert store.pop_curation().payload == {"entity": ACME, "name": "A"}
    assert store.pop_curation() is None
