"""explorer_collectives: "the people of Chile", "the Venezuelan opposition", "the Moreno regime" are actors
of their own, keyed by their owner; "the Kenyan government" is Kenya acting."""

from __future__ import annotations

import pytest

from explorer.extract import extract
from explorer.model import Document
from explorer.resolve import Resolver


def _entity(extraction, text):
    mention = next(m for m in extraction.mentions if m.text == text)
    return next(e for e in extraction.entities if e.id == mention.entity)


@pytest.mark.parametrize(
    ("text", "phrase", "key"),
    [
        ("Aid reached the people of Chile within a week.", "people of Chile", "ORG:people of GPE:country:CL"),
        ("Officials said the Venezuelan opposition would boycott the vote.", "Venezuelan opposition",
         "ORG:opposition of GPE:country:VE"),
    ],
)
def test_a_country_s_collective_is_an_organisation_keyed_by_the_country(nlp, text, phrase, key):
    entity = _entity(extract(Document.from_text(text), nlp), phrase)
    assert (entity.type, entity.key) == ("ORG", key)


def test_a_regime_named_after_a_person_is_not_the_person(nlp):
    x = extract(Document.from_text(
        "President Luis Moreno spoke on Monday. Critics of the Moreno regime were arrested, and Moreno's brutal "
        "regime denied it."
    ), nlp)
    regime = _entity(x, "Moreno regime")
    assert regime.type == "ORG" and regime.key == "ORG:regime of PERSON:luis moreno"
    assert _entity(x, "Moreno's brutal regime").id == regime.id
    assert _entity(x, "Luis Moreno").type == "PERSON"


def test_two_ways_of_writing_a_people_are_one_entity_across_documents(nlp):
    resolver = Resolver()
    a = resolver.resolve(extract(Document.from_text("Aid reached the people of Chile within a week."), nlp))
    b = resolver.resolve(extract(Document.from_text("Diplomats said the Chilean people had voted."), nlp))
    assert _entity(a, "people of Chile").id == _entity(b, "Chilean people").id


def test_a_government_is_its_country_acting_and_its_people_are_not(nlp):
    x = extract(Document.from_text(
        "The Kenyan government praised the Kenyan people, and Kenyan troops serving in Somalia."
    ), nlp)
    kenya = _entity(x, "Kenyan government")
    assert (kenya.key, kenya.type, kenya.name) == ("GPE:country:KE", "GPE", "Kenya")
    assert any(m.text == "Kenyan" and m.entity == kenya.id for m in x.mentions)  # "Kenyan troops" act for it
    assert _entity(x, "Kenyan people").id != kenya.id
