"""Store fixes found in review: filters applied before a hub's neighbours are capped, and curation copied
between backends stays undoable."""

from __future__ import annotations

import pytest

from explorer import curate
from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Mention, Relation
from explorer.store.base import GraphStore
from explorer.store.sqlite import SQLiteStore
from explorer.transfer import copy_store
from tests.contract.test_curation_contract import dump
from tests.factories import ACME, GLOBEX, sample_extractions

HUB, TYPED = "e-hub", "e-typed"
CROWD = [f"e-crowd{n}" for n in range(4)]


def _hub_document(heavy_type: str) -> Extraction:
    """A hub with four heavy `heavy_type` edges (three assertions each) and one light ACQUIRED edge."""
    doc = Document.from_text(f"Hub story {heavy_type}\nThe hub met everyone.", source="tests/hub.txt")
    ids = [HUB, TYPED, *CROWD]
    entities = [Entity(i, i.removeprefix("e-").title(), "ORG", key=f"ORG:{i}") for i in ids]
    mentions = [Mention(i, doc.id, 0, 0, 3, "Hub") for i in ids]
    relations = [
        Relation(HUB, other, heavy_type, "", doc.id, sentence, "The hub met everyone.", 0.3)
        for other in CROWD
        for sentence in range(3)
    ]
    relations.append(Relation(HUB, TYPED, "ACQUIRED", "acquire", doc.id, 1, "The hub met everyone.", 0.9))
    return Extraction(doc, entities, mentions, relations)


@pytest.fixture
def small_fan_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every backend counts at most two edges per direction and node."""
    from explorer.store import neighbourhood

    monkeypatch.setattr(neighbourhood, "FAN_OUT", 2)


def test_hidden_co_mentions_leave_room_for_typed_neighbours(store: GraphStore, small_fan_out: None) -> None:
    store.upsert_extraction(_hub_document(CO_MENTIONED))
    graph = store.neighbourhood(HUB, include_co_mentions=False)
    assert {n.id for n in graph.nodes} == {HUB, TYPED}


def test_chosen_relation_types_leave_room_for_their_neighbours(store: GraphStore, small_fan_out: None) -> None:
    store.upsert_extraction(_hub_document("MET_WITH"))
    graph = store.neighbourhood(HUB, relation_types=["ACQUIRED"])
    assert {n.id for n in graph.nodes} == {HUB, TYPED}


@pytest.fixture
def sqlite_store(tmp_path):
    opened = SQLiteStore.open(f"sqlite:///{tmp_path / 'other.db'}")
    yield opened
    opened.close()


def _merge_and_copy(source: GraphStore, target: GraphStore) -> dict:
    """Merge Globex into Acme in `source`, copy it to `target`; what `source` showed before the merge."""
    before = dump(source)
    curate.merge(source, [ACME, GLOBEX], name="Globex")
    copy_store(source, target)
    return before


def test_a_merge_copied_out_of_sqlite_is_undone_in_each_backend(store, sqlite_store):
    for extraction in sample_extractions():
        sqlite_store.upsert_extraction(extraction)
    before = _merge_and_copy(sqlite_store, store)
    assert curate.undo(store) is not None
    assert store.entity(GLOBEX) is not None
    assert dump(store) == before


def test_a_merge_copied_into_sqlite_is_undone_there(loaded, sqlite_store):
    before = _merge_and_copy(loaded, sqlite_store)
    assert curate.undo(sqlite_store) is not None
    assert sqlite_store.entity(GLOBEX) is not None
    assert dump(sqlite_store) == before


def test_copying_undo_rows_twice_appends_nothing(loaded, sqlite_store):
    _merge_and_copy(loaded, sqlite_store)
    log = sqlite_store.curation_log()
    assert copy_store(loaded, sqlite_store).curation == 0
    assert sqlite_store.curation_log() == log
