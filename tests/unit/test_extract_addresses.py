"""Addresses ("Concord, Mass."): what lies in the address is placed in its first place only."""

from __future__ import annotations

from explorer.extract import extract
from explorer.extract.addresses import address_pairs, without_outer_places
from explorer.model import Document, Relation


def _located(extraction) -> set[tuple[str, str]]:
    names = {e.id: e.name for e in extraction.entities}
    return {(names[r.source], names[r.target]) for r in extraction.relations if r.type == "LOCATED_IN"}


def test_a_person_born_in_an_address_is_placed_in_its_town_not_also_its_state(nlp):
    x = extract(Document.from_text("In 1817, the writer Henry David Thoreau was born in Concord, Mass."), nlp)
    located = _located(x)
    assert ("Henry David Thoreau", "Concord") in located
    assert ("Henry David Thoreau", "Mass") not in located


def test_a_list_of_places_is_no_address(nlp):
    doc = nlp("The envoy lived in Egypt, Jordan and Lebanon.")
    assert address_pairs(doc._.entities) == set()


def _relation(source: str, target: str, sentence: int = 0, type_: str = "LOCATED_IN") -> Relation:
    return Relation(source=source, target=target, type=type_, label="", doc="d", sentence=sentence, evidence="")


def test_only_the_outer_place_of_a_relation_to_the_inner_one_is_dropped():
    relations = [
        _relation("person", "town"),
        _relation("person", "state"),
        _relation("town", "state"),  # the address itself stays
        _relation("other", "state"),  # nothing places "other" in the town: kept
        _relation("person", "state", sentence=1),  # another sentence
        _relation("person", "state", type_="MEMBER_OF"),
    ]
    kept = without_outer_places(relations, {(0, "town", "state")})
    assert kept == [relations[0], *relations[2:]]
