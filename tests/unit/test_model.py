"""The records survive a round trip through dicts (and so through JSON and worker processes)."""

from __future__ import annotations

import json

from explorer.interchange import from_interchange, to_interchange
from explorer.model import Document, Extraction, normalise_text, stable_id
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
