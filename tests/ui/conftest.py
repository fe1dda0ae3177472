"""Stores for the app tests: the shared sample plus a small news-like world (and a hostile name)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from explorer.model import (
    CO_MENTIONED,
    Document,
    Entity,
    Event,
    Extraction,
    MergeNote,
    Participant,
    Relation,
)
from explorer.store.sqlite import SQLiteStore
from tests.factories import mentions_of, sample_extractions

APP = Path(__file__).resolve().parents[2] / "explorer" / "ui" / "app.py"
PMF, IRAN, SUDANI, BAGHDAD, SYRIA, EVIL = "e-pmf", "e-iran", "e-sudani", "e-baghdad", "e-syria", "e-evil"
EVIL_NAME = "<script>alert(1)</script>"
EVIL_ALIAS = "<svg onload=alert(2)>"


def news_extractions() -> list[Extraction]:
    doc = Document.from_text(
        "Iran-backed PMF strikes in Syria\n"
        "The Popular Mobilization Forces (PMF) are backed by Iran, Prime Minister Mohammed Shia al-Sudani "
        "said in Baghdad on 28 January 2024. The PMF attacked positions in Syria.",
        source="tests/pmf.txt",
        published="2024-01-29",
    )
    first = doc.text.split("\n")[1].split(" The PMF attacked")[0]
    second = "The PMF attacked positions in Syria."
    entities = [
        Entity(PMF, "Popular Mobilization Forces", "ORG", ["PMF"], 3, 1, [], [MergeNote("PMF", "abbreviation")]),
        Entity(IRAN, "Iran", "GPE", [], 2, 1),
        Entity(SUDANI, "Mohammed Shia al-Sudani", "PERSON", [], 1, 1, ["Prime Minister"]),
        Entity(BAGHDAD, "Baghdad", "GPE", [], 1, 1),
        Entity(SYRIA, "Syria", "GPE", [], 2, 1),
    ]
    mentions = mentions_of(
        doc,
        {
            "Popular Mobilization Forces": PMF,
            "PMF strikes": PMF,
            "Iran": IRAN,
            "Mohammed Shia al-Sudani": SUDANI,
            "Baghdad": BAGHDAD,
            "Syria": SYRIA,
        },
    )
    relations = [
        Relation(PMF, IRAN, "BACKED_BY", "back", doc.id, 1, first, 0.9),
        Relation(PMF, SYRIA, "ATTACKED", "attack", doc.id, 2, second, 0.8),
        Relation(PMF, IRAN, CO_MENTIONED, "", doc.id, 1, first, 0.3),
        Relation(PMF, SUDANI, CO_MENTIONED, "", doc.id, 1, first, 0.3),
        Relation(SUDANI, BAGHDAD, CO_MENTIONED, "", doc.id, 1, first, 0.3),
        Relation(IRAN, SUDANI, CO_MENTIONED, "", doc.id, 1, first, 0.3),
    ]
    events = [
        Event(
            "ev-pmf",
            "Sudani says PMF backed by Iran",
            "2024-01-28",
            "day",
            doc.id,
            1,
            first,
            [Participant(SUDANI, "speaker"), Participant(PMF, "subject")],
            "28 January 2024",
        ),
    ]
    hostile = Document.from_text(
        f"{EVIL_NAME} meets Sudani\nThe group {EVIL_NAME} met Mohammed Shia al-Sudani in Baghdad.",
        source="tests/evil.txt",
    )
    evil_sentence = f"The group {EVIL_NAME} met Mohammed Shia al-Sudani in Baghdad."
    return [
        Extraction(doc, entities, mentions, relations, events),
        Extraction(
            hostile,
            [
                Entity(EVIL, EVIL_NAME, "ORG", [EVIL_ALIAS], 2, 1),
                Entity(SUDANI, "Mohammed Shia al-Sudani", "PERSON", [], 1, 1),
                Entity(BAGHDAD, "Baghdad", "GPE", [], 1, 1),
            ],
            mentions_of(hostile, {EVIL_NAME: EVIL, "Mohammed Shia al-Sudani": SUDANI, "Baghdad": BAGHDAD}),
            [
                Relation(EVIL, SUDANI, "MET_WITH", "meet", hostile.id, 1, evil_sentence, 0.8),
                Relation(EVIL, BAGHDAD, CO_MENTIONED, "", hostile.id, 1, evil_sentence, 0.3),
            ],
        ),
    ]


def fill(path: Path, extractions: list[Extraction]) -> str:
    store = SQLiteStore(path)
    for extraction in extractions:
        store.upsert_extraction(extraction)
    store.close()
    return f"sqlite:///{path}"


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = fill(tmp_path / "graph.db", sample_extractions() + news_extractions())
    monkeypatch.setenv("EXPLORER_STORE", url)
    return url


@pytest.fixture
def empty_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = fill(tmp_path / "empty.db", [])
    monkeypatch.setenv("EXPLORER_STORE", url)
    return url


def _page_script(name: str) -> None:
    from explorer.ui.shell import run_page
    from explorer.ui.views import PAGES

    run_page(next(p for p in PAGES if p.name == name))


def open_page(name: str, timeout: float = 30, **params: str) -> AppTest:
    """An AppTest of one page, with query parameters, already run once (on the store in EXPLORER_STORE)."""
    at = AppTest.from_function(_page_script, args=(name,), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture
def page(store_url: str) -> Callable[..., AppTest]:
    """open_page on the shared sample and the news world."""
    return open_page


def app_test(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def sent_graph(at: AppTest) -> dict[str, Any]:
    """The elements the last run sent to the graph component."""
    components = at.get("component_instance")
    assert components, "no graph component on the page"
    return json.loads(components[0].proto.json_args)


def all_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown) + "\n".join(str(c.value) for c in at.caption)
