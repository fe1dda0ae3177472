"""explorer_groups: a coalition or alliance named by description is one organisation, keyed by its leader."""

from __future__ import annotations

from explorer.extract import extract
from explorer.model import Document
from explorer.resolve import Resolver


def _described(extraction):
    return [e for e in extraction.entities if "coalition" in e.name or "alliance" in e.name]


def test_a_led_coalition_is_one_entity_led_by_its_leader(nlp):
    x = extract(Document.from_text(
        "The French-led coalition launched air strikes on Monday. Officials said the coalition would stay "
        "until spring.\nCoalition forces also trained local troops, and the coalition's commander praised them."
    ), nlp)
    [coalition] = _described(x)
    france = next(e for e in x.entities if e.name == "France")
    assert coalition.name == "French-led coalition" and coalition.type == "ORG"
    assert coalition.mention_count >= 3
    assert any(r.type == "LEADS" and r.source == france.id and r.target == coalition.id for r in x.relations)


def test_the_same_leader_gives_the_same_key_across_documents(nlp):
    a = extract(Document.from_text("The Canada-led alliance met in Oslo."), nlp)
    b = extract(Document.from_text("Diplomats said the Canadian-led alliance would expand."), nlp)
    assert [e.key for e in _described(a)] == [e.key for e in _described(b)] != []


def test_the_described_group_is_one_entity_across_documents(nlp):
    resolver = Resolver()
    a = resolver.resolve(extract(Document.from_text("The Canada-led alliance met in Oslo on Monday."), nlp))
    b = resolver.resolve(extract(Document.from_text("Ottawa said the Canadian-led alliance would grow."), nlp))
    assert [e.id for e in _described(a)] == [e.id for e in _described(b)] != []
    assert [e.name for e in resolver.entities() if "alliance" in e.name] == ["Canada-led alliance"]


def test_an_indefinite_or_membered_coalition_is_another_group(nlp):
    x = extract(Document.from_text(
        "The Japan-led coalition struck the port. A coalition of local militias answered, and "
        "the coalition of tribal groups joined it."
    ), nlp)
    [coalition] = _described(x)
    texts = [m.text for m in x.mentions if m.entity == coalition.id]
    assert texts == ["coalition"]


def test_a_coalition_against_an_adversary_without_a_leader(nlp):
    x = extract(Document.from_text("The coalition against Boko Haram met in Abuja on Monday."), nlp)
    assert [e.name for e in _described(x)] == ["coalition against Boko Haram"]


def test_a_coalition_by_its_adversary_joins_the_led_one_of_the_document(nlp):
    x = extract(Document.from_text(
        "The Japan-led coalition struck the port on Monday.\n"
        "Later, the international coalition against Boko Haram said it had lost no aircraft."
    ), nlp)
    [coalition] = _described(x)
    assert coalition.name == "Japan-led coalition" and "coalition against Boko Haram" in coalition.aliases


def test_a_bare_coalition_without_a_description_is_nothing(nlp):
    x = extract(Document.from_text("Officials said the coalition would meet in Abuja."), nlp)
    assert _described(x) == []


def test_a_capitalised_group_noun_inside_a_sentence_names_the_group(nlp):
    x = extract(Document.from_text(
        "Britain and other Coalition forces struck targets near the border, the Coalition said."
    ), nlp)
    [coalition] = [e for e in x.entities if e.name == "Coalition"]
    assert coalition.type == "ORG"
    assert [m.text for m in x.mentions if m.entity == coalition.id] == ["Coalition", "Coalition"]


def test_a_capitalised_group_noun_is_the_group_the_document_describes(nlp):
    x = extract(Document.from_text(
        "The Japan-led coalition struck the port on Monday, and the Coalition said it would continue."
    ), nlp)
    [coalition] = _described(x)
    assert "Coalition" in [m.text for m in x.mentions if m.entity == coalition.id]
