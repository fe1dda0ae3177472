"""Claims in the app: the Disagreements page, one event with its sources on the Timeline, an entity's
disagreements on its page, speakers beside evidence, and Explore's "Said by" filter."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from explorer.model import Document, Entity, Event, Extraction, Figure, Participant, Relation
from explorer.ui.markup import esc
from explorer.ui.view import OWN_VOICE
from tests.ui.conftest import all_text, app_test, fill, open_page, sent_graph
from tests.ui.test_escaping import markdown_texts


def _text(at) -> str:
    return html.unescape(all_text(at))

CHILE, PERU, LIMA, FRONT, ARMY = "e-chile", "e-peru", "e-lima", "e-front", "e-army"
TALKS_1 = "Chile and Peru held talks in Lima on 4 June 2022, killing time, officials said."
TALKS_2 = "Chile and Peru held talks in Lima on 9 September 2022."
ALLIED = "The Front allied with the Army, rebel commanders said."
ATTACKED = "The Front attacked the Army."


HOSTILE_NAME, HOSTILE_SPEAKER = ":red[Front] <b>x</b>", "**rebel** :material/home: commanders"


def _entities(front: str = "Liberation Front") -> list[Entity]:
    return [
        Entity(CHILE, "Chile", "GPE", key="GPE:country:CL"),
        Entity(PERU, "Peru", "GPE", key="GPE:country:PE"),
        Entity(LIMA, "Lima", "GPE", key="PLACE:lima"),
        Entity(FRONT, front, "ORG"),
        Entity(ARMY, "Liberation Army", "ORG"),
    ]


def _talks(doc: Document, key: str, date: str, sentence: str, killed: float, speaker: str = "") -> Event:
    return Event(
        f"ev-{key}", "hold talk", date, "day", doc.id, 1, sentence,
        [Participant(CHILE, "agent"), Participant(PERU, "agent"), Participant(LIMA)], date,
        speaker=speaker, figures=[Figure("kill people", killed, str(int(killed)))], kind="NEGOTIATED_WITH",
    )


def _extractions(front: str = "Liberation Front", speaker: str = "rebel commanders") -> list[Extraction]:
    first = Document.from_text(f"Talks open\n{TALKS_1} {ALLIED}", source="Andean Monitor", published="2022-06-06")
    second = Document.from_text(f"Talks resume\n{TALKS_2} {ATTACKED}", source="Pacific Wire", published="2022-09-10")
    return [
        Extraction(
            first, _entities(front), [],
            [Relation(FRONT, ARMY, "ALLIED_WITH", "ally", first.id, 2, ALLIED, 0.8, speaker=speaker)],
            [_talks(first, "a", "2022-06-04", TALKS_1, 12, speaker="officials")],
        ),
        Extraction(
            second, _entities(front), [],
            [Relation(FRONT, ARMY, "ATTACKED", "attack", second.id, 2, ATTACKED, 0.8)],
            [_talks(second, "b", "2022-09-09", TALKS_2, 19)],
        ),
    ]


@pytest.fixture
def claims_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = fill(tmp_path / "claims.db", _extractions())
    monkeypatch.setenv("EXPLORER_STORE", url)
    return url


@pytest.mark.parametrize(("name", "params"), [("disagreements", {}), ("entity", {"entity": FRONT}), ("timeline", {})])
def test_names_and_speakers_reach_markdown_escaped(tmp_path, monkeypatch, name, params):
    monkeypatch.setenv("EXPLORER_STORE", fill(tmp_path / "hostile.db", _extractions(HOSTILE_NAME, HOSTILE_SPEAKER)))
    at = open_page(name, **params)
    texts = [text for _, text in markdown_texts(at)]
    assert not at.exception
    assert not [t for t in texts for raw in (HOSTILE_NAME, HOSTILE_SPEAKER) if raw in t]
    if name != "timeline":  # the timeline's events do not involve the Front
        assert any(esc(HOSTILE_NAME) in t for t in texts) and any(esc(HOSTILE_SPEAKER) in t for t in texts)


def test_the_disagreements_page_lists_each_side_with_its_source(claims_url):
    at = open_page("disagreements")
    text = _text(at)
    assert "3 of 3 disagreements" in text
    for said in ("Dates differ", "Figures differ", "Opposite relations", "2022-06-04", "2022-09-09", "12", "19"):
        assert said in text
    for sentence in (TALKS_1, TALKS_2, ALLIED, ATTACKED):
        assert sentence.split(" ")[-2] in text
    assert "Andean Monitor" in text and "Pacific Wire" in text and "2022-09-10" in text
    assert "according to rebel commanders" in text and "according to officials" in text
    assert not at.exception


def test_the_disagreements_page_filters_by_kind(claims_url):
    at = open_page("disagreements")
    at.pills(key="disagreement_kinds").set_value(["relation"]).run()
    text = _text(at)
    assert "1 of 3 disagreements" in text and "Opposite relations" in text and "Dates differ" not in text


def test_an_empty_store_has_no_disagreements(empty_url):
    at = open_page("disagreements")
    assert not at.exception


def test_the_timeline_shows_one_event_with_both_sources_and_the_date_disagreement(claims_url):
    at = open_page("timeline")
    text = _text(at)
    assert text.count("hold talk") == 1 and "2 sources" in text
    assert "The sources disagree on the date: 4 June 2022 (Talks open) · 9 September 2022 (Talks resume)" in text
    assert "according to officials" in text


def test_the_entity_page_lists_the_entitys_disagreements(claims_url):
    at = open_page("entity", entity=FRONT)
    text = _text(at)
    assert "Disagreements" in text and "Opposite relations" in text and "Dates differ" not in text
    assert "according to rebel commanders" in text  # the speaker beside the relation's evidence


def _edge_types(at) -> set[str]:
    return {e["data"]["type"] for e in sent_graph(at)["elements"]["edges"]}


def test_explore_shows_what_one_voice_says(claims_url):
    at = app_test(entity=FRONT)
    assert {"ALLIED_WITH", "ATTACKED"} <= _edge_types(at)
    assert "rebel commanders" in at.selectbox(key="f_voice").options
    at.selectbox(key="f_voice").set_value(OWN_VOICE).run()
    assert "ALLIED_WITH" not in _edge_types(at) and "ATTACKED" in _edge_types(at)
    assert at.query_params["voice"] == OWN_VOICE
    at.selectbox(key="f_voice").set_value("rebel commanders").run()
    assert _edge_types(at) == {"ALLIED_WITH"}
    assert "(according to rebel commanders)" in _text(at)
    assert "Liberation Front" in _text(at) and "The Front attacked the Army." not in _text(at)  # evidence too
