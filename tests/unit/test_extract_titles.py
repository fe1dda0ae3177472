"""explorer_titles: title words are a person's role, never an entity of their own."""

from __future__ import annotations

from explorer.extract import extract
from explorer.model import Document


def _names(extraction) -> set[str]:
    return {e.name for e in extraction.entities}


def _entity(extraction, name):
    return next(e for e in extraction.entities if e.name == name)


def test_title_words_tagged_as_names_are_no_entities(nlp):
    x = extract(Document.from_text(
        "Supreme Leader Ayatollah Hassan Moradi warned Jordan on Friday. "
        "Defense Secretary Karen Holt said the commission would report in June."
    ), nlp)
    names = _names(x)
    assert not names & {"Supreme", "Supreme Leader", "Defense", "Defense Secretary", "Ayatollah"}
    assert "Supreme Leader Ayatollah" in _entity(x, "Hassan Moradi").roles
    assert "Defense Secretary" in _entity(x, "Karen Holt").roles


def test_a_portfolio_before_a_name_is_no_part_of_it(nlp):
    x = extract(Document.from_text(
        "Minister for the Middle East Oliver Granger visited Amman. "
        "Secretary of State Laura Whitfield flew to Cairo."
    ), nlp)
    assert _entity(x, "Oliver Granger").roles == ["Minister for the Middle East"]
    assert _entity(x, "Laura Whitfield").roles == ["Secretary of State"]
    assert not {n for n in _names(x) if "Middle East" in n or n == "State"}


def test_a_common_noun_opening_a_sentence_is_no_person(nlp):
    x = extract(Document.from_text("Turnout was low in the northern provinces, the electoral board said."), nlp)
    assert "Turnout" not in _names(x)


def test_a_surname_opening_a_sentence_stays_a_person(nlp):
    x = extract(Document.from_text("Senator Paul Bush left the chamber. Bush said the vote was rigged."), nlp)
    assert "Bush" in _entity(x, "Paul Bush").aliases


def test_a_title_with_its_country_gives_the_role_there(nlp):
    x = extract(Document.from_text("Iraqi Foreign Minister Karim Jassim met the Jordanian envoy in Amman."), nlp)
    person, iraq = _entity(x, "Karim Jassim"), _entity(x, "Iraq")
    assert any(
        r.type == "HOLDS_ROLE" and r.source == person.id and r.target == iraq.id and r.label == "Foreign Minister"
        for r in x.relations
    )
