"""Reported speech: relations and events stated in someone else's voice keep their speaker; events keep
the figures they state and the kind of act they are."""

from __future__ import annotations

import pytest

from explorer.extract import extract
from explorer.extract.attribution import UNNAMED
from explorer.model import Document


def _speakers(nlp, text: str) -> list[tuple[str, str, str]]:
    x = extract(Document.from_text(text, published="2024-02-01"), nlp)
    names = {e.id: e.name for e in x.entities}
    return sorted(
        (names[r.source], r.type, r.speaker) for r in x.relations if r.type != "CO_MENTIONED"
    )


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Iraqi officials said the United States attacked Syria.", "Iraqi officials"),
        ("The Pentagon said that Russia attacked Ukraine.", "Pentagon"),
        ("According to the Red Cross, Russia attacked Ukraine.", "Red Cross"),
        ("Russia attacked Ukraine, according to witnesses in Kharkiv.", "witnesses in Kharkiv"),
        ("Local journalists claimed that Russia attacked Ukraine.", "Local journalists"),
    ],
)
def test_a_relation_in_reported_speech_keeps_its_speaker(nlp, text, speaker):
    said = [s for _, kind, s in _speakers(nlp, text) if kind == "ATTACKED"]
    assert said == [speaker]


def test_a_relation_in_the_documents_own_voice_has_no_speaker(nlp):
    said = _speakers(nlp, "Russia attacked Ukraine in 2022. The Pentagon condemned the attack.")
    assert ("Russia", "ATTACKED", "") in said


def test_the_speakers_own_statement_is_not_reported_speech(nlp):
    """In "X said Y attacked Z" the relation between Y and Z is X's claim; X's relations are not."""
    x = extract(Document.from_text("A spokesperson for NATO said the strike bore the hallmarks of Hamas."), nlp)
    names = {e.id: e.name for e in x.entities}
    for relation in x.relations:
        ends = {names[relation.source], names[relation.target]}
        assert not relation.speaker or "NATO" not in ends


def test_an_event_in_reported_speech_keeps_its_speaker_and_figures(nlp):
    x = extract(
        Document.from_text(
            "On 14 August 2022, a car bomb planted by al-Shabaab killed 19 people in Mogadishu, according to"
            " Somali police. Kenya deployed 3,000 troops to Somalia in March 2022."
        ),
        nlp,
    )
    by_date = {e.date: e for e in x.events}
    bombing, deployment = by_date["2022-08-14"], by_date["2022-03"]
    assert bombing.speaker == "Somali police" and deployment.speaker == ""
    assert [(f.quantity, f.value) for f in bombing.figures] == [("kill people", 19.0)]
    assert [(f.quantity, f.value) for f in deployment.figures] == [("deploy troop", 3000.0)]
    assert bombing.kind == "KILLED"


def test_numbers_that_no_act_counts_are_not_figures(nlp):
    x = extract(Document.from_text("The two governments signed an agreement in Nairobi on 12 March 2023."), nlp)
    (event,) = x.events
    assert event.figures == []


def test_an_events_kind_comes_from_the_act_it_names_with_its_ordinal(nlp):
    x = extract(
        Document.from_text(
            "Chile and Peru held the second round of talks in Lima on 20 October 2022. Chile and Peru"
            " embarked on negotiations in Santiago on 3 March 2021."
        ),
        nlp,
    )
    assert sorted(e.kind for e in x.events) == ["NEGOTIATED_WITH", "NEGOTIATED_WITH 2"]


def test_a_name_ending_in_an_organisation_kind_is_an_organisation(nlp):
    x = extract(
        Document.from_text("The Tigray People's Liberation Front attacked the Oromo Liberation Army near Nekemte."),
        nlp,
    )
    assert {e.name: e.type for e in x.entities}["Tigray People's Liberation Front"] == "ORG"


def test_a_claim_of_an_act_is_the_claimants_word_for_it(nlp):
    said = _speakers(nlp, "Hamas claimed responsibility for the attack on the Israeli army.")
    assert ("Hamas", "ATTACKED", "Hamas") in said


def test_hearsay_without_a_speaker_is_marked_as_unnamed(nlp):
    x = extract(Document.from_text("Russia allegedly attacked Ukraine from Belarus."), nlp)
    assert {r.speaker for r in x.relations if r.type == "ATTACKED"} == {UNNAMED}
