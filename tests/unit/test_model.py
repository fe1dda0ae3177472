"""The records survive a round trip through dicts (and so through JSON and worker processes)."""

from __future__ import annotations

import json

from explorer.curation.actions import CURATED_RULE
from explorer.interchange import from_interchange, to_interchange
from explorer.model import (
    CO_MENTIONED,
    MERGE_REASONS,
    Document,
    Entity,
    Extraction,
    Mention,
    MergeNote,
    Relation,
    normalise_text,
    remap_relations,
    stable_id,
)
from tests.factories import first_extraction, sample_extractions


def test_normalise_text_folds_spaces_and_line_ends():
    assert normalise_text("  A\r\nB  \t C \r\n\n") == "A\nB C"


def test_document_id_is_the_hash_of_its_normalised_text():
    assert Document.from_text("A  b\r\n").id == Document.from_text("A b").id == stable_id("A b")
    assert Document.from_text("Headline\nBody").title == "Headline"


def test_extraction_round_trips_through_json():
    extraction = first_extraction()
    again = Extraction.from_dict(json.loads(json.dumps(extraction.to_dict())))
    assert again == extraction


def test_interchange_round_trips_every_document():
    extractions = sample_extractions()
    corpus = json.loads(json.dumps(to_interchange(extractions)))
    assert {e["id"]: e["mentions"] for e in corpus["entities"]}["e-globex"] == 2
    rebuilt = {e.document.id: e for e in from_interchange(corpus)}
    for original in extractions:
        copy = rebuilt[original.document.id]
        assert copy.document == original.document
        assert copy.mentions == original.mentions
        assert copy.relations == original.relations
        assert copy.events == original.events
        assert {e.id for e in copy.entities} == {e.id for e in original.entities}


def test_absorb_folds_names_notes_roles_and_counts_into_the_entity():
    notes = [MergeNote("Acme", "abbreviation")]
    acme = Entity("a", "Acme Corporation", "ORG", ["Acme", "ACME"], 2, 1, ["buyer"], notes)
    other = Entity(
        "b", "Acme Corp", "PERSON", ["ACME", "Acme"], 3, 1, ["buyer", "seller"],
        [MergeNote("ACME", "acronym", 0.9), MergeNote("Acme", "alias")],
    )
    acme.absorb(other, rule="curated")
    assert (acme.id, acme.name, acme.type, acme.doc_count) == ("a", "Acme Corporation", "ORG", 1)
    assert acme.aliases == ["Acme", "ACME", "Acme Corp"]
    # A new name is noted with the rule given; a known alias keeps its note, or takes the other's if it had none.
    assert acme.merges == [
        MergeNote("Acme", "abbreviation"), MergeNote("Acme Corp", "curated"), MergeNote("ACME", "acronym", 0.9)
    ]
    assert (acme.roles, acme.mention_count) == (["buyer", "seller"], 5)


def test_rename_keeps_the_old_name_as_an_alias():
    jane = Entity("j", "Jane Doe", "PERSON", ["J. Doe", "Jane Q. Doe"], merges=[MergeNote("Jane Q. Doe", "alias")])
    jane.rename("Jane Q. Doe", rule="curated")
    assert (jane.name, jane.aliases) == ("Jane Q. Doe", ["J. Doe", "Jane Doe"])
    assert jane.merges == [MergeNote("Jane Doe", "curated")]


def test_merge_reasons_read_as_words_on_the_entity_page():
    assert MergeNote("Facebook", "known-as").reason == 'given as another name of it ("also known as")'
    assert MergeNote("Acme Corp", CURATED_RULE).reason == "set by an analyst (curation)"
    assert all("-" not in MergeNote("x", rule).reason for rule in MERGE_REASONS)
    assert MergeNote("x", "some-new-rule").reason == "some new rule"  # never a raw rule name
    assert MergeNote("x", "").reason == "the same name"


def test_remap_relations_drops_self_loops_orders_co_mentions_and_keeps_each_assertion_once():
    relations = [
        Relation("b", "a", "MET_WITH", "meet", "d", 0, "B met A."),
        Relation("c", "a", CO_MENTIONED, "", "d", 0, "C and A."),
        Relation("b", "a", "MET_WITH", "meet", "d", 0, "B met A again."),
        Relation("x", "b", "LEADS", "lead", "d", 1, "X leads B."),
    ]
    remapped = remap_relations(relations, {"c": "z", "x": "b"})
    assert [(r.source, r.target, r.type, r.evidence) for r in remapped] == [
        ("b", "a", "MET_WITH", "B met A."),
        ("a", "z", CO_MENTIONED, "C and A."),
    ]
    assert relations[1].source == "c"  # the input is left as it was


def test_copy_is_a_shallow_copy_whose_fields_can_be_set_apart():
    mention = Mention("e1", "d", 0, 0, 4, "Acme")
    twin = mention.copy()
    twin.entity = "e2"
    assert (type(twin), twin.text, mention.entity) == (Mention, "Acme", "e1")
    entity = Entity("e1", "Acme", "ORG", aliases=["ACME"])
    assert entity.copy() == entity and entity.copy().aliases is entity.aliases  # lists shared, as replace() shares them
