"""How many store reads a page's helpers make: batch reads instead of one query per item."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

import pytest

from explorer.store.sqlite import SQLiteStore
from explorer.ui import search
from explorer.ui.evidence import EvidenceWriter
from tests.factories import sample_extractions
from tests.ui.conftest import news_extractions


class CountingStore:
    """A store that counts the calls made to it by name, and keeps the ids `entities` was asked for."""

    def __init__(self, store: Any) -> None:
        self.store, self.calls, self.asked = store, Counter(), []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.store, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attribute(*args, **kwargs)

        return counted

    def entities(self, ids: Any) -> Any:
        ids = list(ids)
        self.calls["entities"] += 1
        self.asked += ids
        return self.store.entities(ids)


def counting_store(tmp_path: Path) -> CountingStore:
    store = SQLiteStore(tmp_path / "graph.db")
    for extraction in sample_extractions() + news_extractions():
        store.upsert_extraction(extraction)
    return CountingStore(store)


def fake_streamlit(monkeypatch: pytest.MonkeyPatch, page: Any) -> MagicMock:
    """Enough of `st` to run a page's render without a browser: widgets are mocks, columns and tabs are `st`.
    It replaces `st` in the page's module and in the search box's."""
    st = MagicMock()
    st.query_params, st.session_state = {}, {}
    st.columns.side_effect = lambda spec, **_: [st] * (spec if isinstance(spec, int) else len(spec))
    st.tabs.side_effect = lambda labels, **options: [st] * len(labels)
    st.file_uploader.return_value = None
    st.text_input.return_value = ""  # a text box holds text
    for module in (page, search):
        monkeypatch.setattr(module, "st", st)
    return st


def test_evidence_blocks_read_entities_once(tmp_path):
    store = counting_store(tmp_path)
    relations = [r for e in news_extractions() for r in e.relations]
    html = EvidenceWriter(store).relations(relations)
    assert html.count("class='xp-evidence'") == 3
    assert store.calls["entities"] == 1


def test_explore_profile_reads_no_entity_on_screen(tmp_path, monkeypatch):
    from explorer.ui.view import GraphView
    from explorer.ui.views import explore
    from tests.ui.conftest import IRAN, PMF

    store = counting_store(tmp_path)
    fake_streamlit(monkeypatch, explore)
    on_screen = store.store.entities([PMF, IRAN])
    explore.profile(store, GraphView(focus=PMF, selected=IRAN), on_screen)
    assert store.calls["entity"] == 0


def test_curate_page_reads_the_log_once(tmp_path, monkeypatch):
    from explorer.ui.views import curate

    store = counting_store(tmp_path)
    st = fake_streamlit(monkeypatch, curate)
    curate.render(store)  # computes the candidates, which reads the log too
    store.calls.clear()
    curate.render(store)
    assert store.calls["curation_log"] == 1
    export = st.download_button.call_args.args[1]
    assert callable(export) and '"actions": []' in export()


def test_entity_page_reads_each_entity_once(tmp_path, monkeypatch):
    from explorer.ui.views import entity
    from tests.ui.conftest import PMF

    store = counting_store(tmp_path)
    st = fake_streamlit(monkeypatch, entity)
    st.query_params["entity"] = PMF
    entity.render(store)
    assert store.asked and len(store.asked) == len(set(store.asked))


def test_timeline_reads_participants_once(tmp_path, monkeypatch):
    from explorer.ui.views import timeline

    store = counting_store(tmp_path)
    fake_streamlit(monkeypatch, timeline)
    timeline.render(store)
    assert store.calls["entities"] == 1


def test_document_relations_read_their_ends_once(tmp_path, monkeypatch):
    from explorer.ui.views import document

    store = counting_store(tmp_path)
    fake_streamlit(monkeypatch, document)
    doc = next(d for d in store.store.documents() if d.source == "tests/pmf.txt")
    document.relations(store, doc)
    assert store.calls["entities"] == 1


def test_paths_read_each_hop_once(tmp_path, monkeypatch):
    from explorer.ui.views import paths
    from tests.ui.conftest import EVIL, PMF

    store = counting_store(tmp_path)
    st = fake_streamlit(monkeypatch, paths)
    st.query_params.update({"from": EVIL, "to": PMF})
    st.slider.return_value = 4
    st.toggle.return_value = False
    monkeypatch.setattr(paths.graph_ui, "draw", MagicMock())
    paths.render(store)
    found = store.store.paths(EVIL, PMF, k=paths.MAX_PATHS, max_length=4)
    hops = {pair for path in found for pair in zip(path, path[1:], strict=False)}
    assert sum(len(path) - 1 for path in found) > len(hops)  # the paths share a hop
    assert store.calls["relations_between"] == len(hops)


def test_spring_positions_are_computed_once_per_graph():
    from explorer.model import Edge, Entity, Subgraph
    from explorer.ui import graph

    nodes = [Entity(f"e{i}", f"E{i}", "ORG", [], 1, 1) for i in range(200)]
    edges = [Edge(f"e{i}", f"e{(i * 7) % 200}", "MET_WITH", 1, []) for i in range(200)]
    view = Subgraph(nodes=nodes, edges=edges)
    first = graph.spring_positions(view)
    hits = graph._spring_positions.cache_info().hits
    again = graph.spring_positions(view)
    assert again == first and again is not first and graph._spring_positions.cache_info().hits == hits + 1
