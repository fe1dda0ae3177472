"""explorer_collectives: "the Kenyan government", "the people of Chile", "the Moreno regime" are actors of
their own, keyed by their owner, not the owner itself."""

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
        ("The Kenyan government rejected the plan on Monday.", "Kenyan government", "ORG:government of GPE:country:KE"),
        ("Aid reached the people of Chile within a week.", "people of Chile", "ORG:people of GPE:country:CL"),
        ("Officials said the Venezuelan opposition would boycott the vote.", "Venezuelan opposition",
         "ORG:opposition of GPE:country:VE"),
        ("Peruvian security forces arrested four men.", "Peruvian security forces", "ORG:forces of GPE:country:PE"),
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


def test_two_ways_of_writing_a_government_are_one_entity_across_documents(nlp):
    resolver = Resolver()
    a = resolver.resolve(extract(Document.from_text("The government of Kenya signed the deal."), nlp))
    b = resolver.resolve(extract(Document.from_text("Diplomats said the Kenyan government had signed."), nlp))
    assert _entity(a, "government of Kenya").id == _entity(b, "Kenyan government").id


def test_a_government_is_not_its_forces_nor_the_country(nlp):
    x = extract(Document.from_text("The Kenyan government praised Kenyan troops serving in Somalia and Kenya."), nlp)
    ids = {_entity(x, t).id for t in ("Kenyan government", "Kenyan troops", "Kenya")}
    assert len(ids) == 3
