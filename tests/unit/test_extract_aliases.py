"""Within one document: abbreviations, short names, titles as roles, nominal anaphora."""

from __future__ import annotations

from explorer.extract import extract
from explorer.extract.linking import LocalMention
from explorer.model import Document
from explorer.names import fits, is_acronym_of, looks_like_acronym


def _entity(extraction, name):
    return next(e for e in extraction.entities if e.name == name)


def test_acronym_shapes():
    assert looks_like_acronym("NATO") and looks_like_acronym("U.N.") and looks_like_acronym("IS")
    assert not looks_like_acronym("Nato") and not looks_like_acronym("A")
    assert fits("ISIS", "Islamic State") and not fits("ABC", "Islamic State")
    assert is_acronym_of("FBI", "Federal Bureau of Investigation")
    assert not is_acronym_of("FBI", "Federal Reserve")


def test_defined_abbreviation_is_the_long_name(nlp):
    doc = Document.from_text(
        "The World Trade Organization (WTO) met in Geneva. Delegates said the WTO would rule in May."
    )
    x = extract(doc, nlp)
    wto = _entity(x, "World Trade Organization")
    assert "WTO" in wto.aliases and wto.mention_count == 3
    assert any(m.alias == "WTO" and m.rule == "abbreviation" for m in wto.merges)


def test_surname_joins_the_full_name_and_title_becomes_a_role(nlp):
    doc = Document.from_text(
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin. "
        "Scholz said the talks were useful, and Macron agreed."
    )
    x = extract(doc, nlp)
    scholz = _entity(x, "Olaf Scholz")
    assert "Scholz" in scholz.aliases and "Chancellor" in scholz.roles
    assert "Macron" in _entity(x, "Emmanuel Macron").aliases


def test_shared_word_is_not_a_short_name(nlp):
    doc = Document.from_text(
        "Former Prime Minister Adel Abdul Mahdi resigned. Militia leader Abu Mahdi al-Muhandis was killed."
    )
    x = extract(doc, nlp)
    people = {e.name for e in x.entities if e.type == "PERSON"}
    assert {"Adel Abdul Mahdi", "Abu Mahdi al-Muhandis"} <= people


def test_the_group_points_to_the_only_compatible_name(nlp):
    doc = Document.from_text(
        "A militia known as the Northern Front attacked a convoy near Mosul. The group said it would continue."
    )
    x = extract(doc, nlp)
    front = _entity(x, "Northern Front")
    anaphors = [m for m in x.mentions if m.text == "The group"]
    assert anaphors and anaphors[0].entity == front.id
    assert "The group" not in front.aliases


def test_the_company_is_not_the_subject_of_its_own_clause(nlp):
    doc = Document.from_text(
        "The Department of Justice sued Acme Pharmaceuticals in 2021, accusing the drugmaker of fraud."
    )
    x = extract(doc, nlp)
    anaphor = next(m for m in x.mentions if m.text == "the drugmaker")
    assert anaphor.entity == _entity(x, "Acme Pharmaceuticals").id


def test_the_government_of_a_named_place_is_no_anaphor(nlp):
    doc = Document.from_text(
        "The Northern Front attacked a convoy near Mosul. Donors urged the government of Iraq to respond."
    )
    x = extract(doc, nlp)
    assert not [m for m in x.mentions if m.text == "the government"]


def test_the_group_stays_unlinked_when_two_groups_are_near(nlp):
    doc = Document.from_text(
        "The Northern Front and the Southern League clashed on Monday. The group later withdrew."
    )
    x = extract(doc, nlp)
    assert not [m for m in x.mentions if m.text == "The group"]


def test_known_as_gives_two_names_of_one_thing(nlp):
    doc = Document.from_text(
        "Meta Platforms, formerly known as Facebook, reported profits on Monday. Facebook shares rose."
    )
    x = extract(doc, nlp)
    (meta,) = x.entities
    assert meta.name == "Meta Platforms" and meta.aliases == ["Facebook"] and meta.mention_count == 3
    assert meta.merges[0].rule == "known-as"


def test_a_mentions_text_follows_its_span(nlp):
    doc = nlp("Talks in Mosul\u200e resumed.")
    mention = LocalMention(span=doc[2:3], label="GPE", sentence=0)
    assert (mention.text, mention.written_name) == ("Mosul", "Mosul")
    mention.span = doc[2:4]
    assert (mention.text, mention.written_name) == (doc[2:4].text, "Mosul")
    mention.span = doc[0:3]
    assert (mention.text, mention.written_name) == ("Talks in Mosul", "Talks in Mosul")
