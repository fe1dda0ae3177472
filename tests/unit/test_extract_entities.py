"""Entity mentions: NER kept types, cleaned spans, headings, news tokenisation, within-document grouping."""

from __future__ import annotations

from explorer.extract import extract
from explorer.model import Document


def _names(extraction) -> dict[str, str]:
    return {e.name: e.type for e in extraction.entities}


def test_kept_types_only_and_spans_cleaned(nlp):
    doc = Document.from_text("On Monday, the European Union's envoy met 3,000 farmers in France.")
    x = extract(doc, nlp)
    assert _names(x) == {"European Union": "ORG", "France": "GPE"}
    spans = {doc.text[m.start : m.end] for m in x.mentions}
    assert spans == {"European Union", "France"}


def test_hyphenated_modifiers_keep_the_named_part(nlp):
    doc = Document.from_text("The U.S.-led force and Iran-backed groups clashed with Germany.")
    names = _names(extract(doc, nlp))
    assert {"United States", "Iran", "Germany"} <= set(names)


def test_country_names_and_demonyms_are_one_entity(nlp):
    doc = Document.from_text(
        "The United States said on Monday it would act. U.S. officials and American diplomats agreed."
    )
    x = extract(doc, nlp)
    us = [e for e in x.entities if e.key == "GPE:country:US"]
    assert len(us) == 1
    assert {"U.S.", "American"} <= set(us[0].aliases)
    assert {m.rule for m in us[0].merges} >= {"country-name", "demonym"}


def test_capital_as_actor_is_the_country_but_a_place_stays_the_city(nlp):
    doc = Document.from_text("Paris said it would send aid. The talks were held in Paris last week.")
    x = extract(doc, nlp)
    france = next(e for e in x.entities if e.key == "GPE:country:FR")
    city = next(e for e in x.entities if e.key == "PLACE:paris")
    assert france.mention_count == 1 and city.mention_count == 1


def test_headline_keeps_only_names_the_body_vouches_for(nlp):
    doc = Document.from_text(
        "Germany And Poland Sign Border Accord In Warsaw Ceremony\n"
        "Germany and Poland signed a border accord on Tuesday."
    )
    names = _names(extract(doc, nlp))
    assert set(names) == {"Germany", "Poland"}


def test_mentions_point_at_local_entities_with_offsets(nlp):
    doc = Document.from_text("Angela Merkel visited Madrid. Merkel then flew home.")
    x = extract(doc, nlp)
    ids = {e.id for e in x.entities}
    assert all(m.entity in ids for m in x.mentions)
    assert all(doc.text[m.start : m.end] == m.text for m in x.mentions)
    assert all(e.id.startswith("L") and e.doc_count == 1 for e in x.entities)


def test_a_headline_the_parser_would_cut_is_one_sentence(nlp):
    doc = Document.from_text(
        "Volkswagen Recalls 2 Million Cars Over Software Flaws\n"
        "Volkswagen said on Wednesday it would recall cars in Germany."
    )
    x = extract(doc, nlp)
    assert _names(x) == {"Volkswagen": "ORG", "Germany": "GPE"}
    assert {m.sentence for m in x.mentions} == {0, 1}


def test_a_recurring_capitalised_word_the_model_missed_is_a_name(nlp):
    x = extract(Document.from_text(
        "Aircraft struck Qa’esh positions near the river. Officials said Qa’esh had lost ground, and "
        "Members of the panel agreed that Members would meet again."
    ), nlp)
    texts = [m.text for m in x.mentions]
    assert texts.count("Qa’esh") == 2
    assert "Members" not in texts  # an English word, capitalised or not


def test_a_capitalised_unknown_word_written_once_is_left_alone(nlp):
    x = extract(Document.from_text("Aircraft struck Qa’esh positions near the river on Monday."), nlp)
    assert "Qa’esh" not in [m.text for m in x.mentions]
