"""Capitals decided mention by mention: the country when the capital acts, the city when it is a place."""

from __future__ import annotations

from explorer.extract import capital_mentions, extract
from explorer.extract.token_table import token_table
from explorer.model import Document


def _entity(extraction, name):
    return next(e for e in extraction.entities if e.name == name)


def _names(extraction) -> set[str]:
    return {e.name for e in extraction.entities}


def test_an_acting_capital_is_its_country(nlp):
    x = extract(Document.from_text(
        "Ottawa designated the group a terrorist entity. Nairobi had been negotiating with Ottawa for months, "
        "and Nairobi's response came on Monday."
    ), nlp)
    assert {"Canada", "Kenya"} <= _names(x)
    assert not {"Ottawa", "Nairobi"} & _names(x)
    assert "Ottawa" in _entity(x, "Canada").aliases


def test_a_capital_as_a_place_stays_the_city_in_its_country(nlp):
    x = extract(Document.from_text(
        "Two rockets landed near Nairobi airport on Sunday. Kenya hosted the talks in Nairobi."
    ), nlp)
    city, kenya = _entity(x, "Nairobi"), _entity(x, "Kenya")
    assert city.type == "GPE" and "Nairobi" not in kenya.aliases
    [located] = [r for r in x.relations if r.type == "LOCATED_IN" and r.source == city.id and r.target == kenya.id]
    assert located.evidence == "Kenya hosted the talks in Nairobi."


def test_a_capital_is_not_placed_in_a_country_no_sentence_names_with_it(nlp):
    x = extract(Document.from_text("Kenya protested. Talks resumed in Nairobi on Monday."), nlp)
    city = _entity(x, "Nairobi")
    assert not [r for r in x.relations if r.type == "LOCATED_IN" and r.source == city.id]


def test_a_capital_handed_something_is_its_country(nlp):
    x = extract(Document.from_text("Kenya said the militia handed the hostages over to Nairobi on Friday."), nlp)
    assert "Nairobi" not in _names(x) and "Nairobi" in _entity(x, "Kenya").aliases


def test_one_article_can_have_both(nlp):
    x = extract(Document.from_text(
        "Ministers met in Lima on Tuesday. Lima said it would recall its ambassador from Peru's neighbour."
    ), nlp)
    assert "Lima" in _entity(x, "Peru").aliases
    assert _entity(x, "Lima").mention_count == 1


def test_a_dateline_capital_is_the_city_named_as_usual(nlp):
    x = extract(Document.from_text(
        "Ministers agree on new border deal\nNAIROBI, Kenya — Kenya and Uganda signed a border deal on Friday."
    ), nlp)
    city = _entity(x, "Nairobi")
    assert "NAIROBI" in city.aliases and "NAIROBI" not in _names(x)


def test_line_breaks_found_in_the_text_are_the_tokens_holding_one(nlp):
    doc = nlp("TEHRAN, Iran —\n\nThe talks ended.\nBAGHDAD, Jan. 27 — More talks.  \n \nEnd\n")
    table = token_table(doc)
    assert capital_mentions._line_breaks(table) == [t.i for t in doc if "\n" in t.text_with_ws]
