"""The Explore view's state and handlers, as plain functions (no Streamlit)."""

from __future__ import annotations

from explorer.model import Edge
from explorer.store.sqlite import SQLiteStore
from explorer.ui.graph import elements, fresh_event, layout
from explorer.ui.view import Filters, apply_event, expand, node_ids, open_view, remove, view_subgraph, visible_edges
from tests.ui.conftest import BAGHDAD, EVIL, IRAN, PMF, SUDANI, SYRIA, fill, news_extractions


def store(tmp_path):
    return SQLiteStore.open(fill(tmp_path / "g.db", news_extractions()))


def test_expand_adds_neighbours_and_selects(tmp_path):
    s = store(tmp_path)
    view = open_view(PMF)
    assert BAGHDAD not in node_ids(s, view, Filters())
    grown = expand(view, SUDANI)
    assert grown.selected == SUDANI and grown.version == view.version + 1
    assert {BAGHDAD, EVIL} <= set(node_ids(s, grown, Filters()))
    assert expand(grown, SUDANI).expanded == [SUDANI]  # expanding twice adds nothing


def test_remove_hides_nodes_but_never_the_focus(tmp_path):
    s = store(tmp_path)
    view = remove(expand(open_view(PMF), SUDANI), [SUDANI, PMF])
    ids = node_ids(s, view, Filters())
    assert PMF in ids and SUDANI not in ids
    assert view.selected == PMF and view.expanded == []


def test_apply_event_dispatches_component_events():
    view = open_view(PMF)
    assert apply_event(view, {"action": "clicked_node", "data": {"target_id": IRAN}}).selected == IRAN
    assert apply_event(view, {"action": "expand", "data": {"node_ids": [IRAN]}}).expanded == [IRAN]
    assert apply_event(view, {"action": "remove", "data": {"node_ids": [IRAN]}}).removed == {IRAN}
    assert apply_event(view, {"action": "something else"}) == view


def test_fresh_event_ignores_repeats(monkeypatch):
    import streamlit as st

    state: dict = {}
    monkeypatch.setattr(st, "session_state", state)
    event = {"action": "expand", "data": {"node_ids": ["a"]}, "timestamp": 5}
    assert fresh_event(event, "seen") == event
    assert fresh_event(event, "seen") is None
    assert fresh_event({**event, "timestamp": 6}, "seen") is not None
    assert fresh_event(None, "seen") is None


def test_max_nodes_caps_by_weight(tmp_path):
    s = store(tmp_path)
    assert node_ids(s, open_view(PMF), Filters(max_nodes=2)) == [PMF, IRAN]  # Iran: two statements


def test_visible_edges_hide_co_mentions_under_typed_relations():
    edges = [Edge("a", "b", "CO_MENTIONED", 3), Edge("a", "b", "ATTACKED", 1), Edge("a", "c", "CO_MENTIONED", 1)]
    assert [e.type for e in visible_edges(edges, Filters())] == ["ATTACKED", "CO_MENTIONED"]
    assert visible_edges(edges, Filters(co_mentions=False)) == [edges[1]]
    assert visible_edges(edges, Filters(min_weight=2)) == [edges[0]]


def test_filtered_view_drops_unlinked_nodes(tmp_path):
    graph = view_subgraph(store(tmp_path), open_view(PMF), Filters(relation_types=("ATTACKED",), co_mentions=False))
    assert {n.id for n in graph.nodes} == {PMF, SYRIA}


def test_elements_escape_panel_fields_and_big_views_get_positions(tmp_path):
    graph = view_subgraph(store(tmp_path), open_view(SUDANI), Filters())
    data = {n["data"]["id"]: n["data"] for n in elements(graph)["nodes"]}
    assert data[EVIL]["label"] == "<script>alert(1)</script>"
    assert all("<" not in str(v) for d in data.values() for k, v in d.items() if k != "label")
    options, positions = layout(graph, "v1")
    assert options["name"] == "fcose" and positions is None
    graph.nodes = graph.nodes * 80  # the same few nodes, many times: only the count matters here
    options, positions = layout(graph, "v1")
    assert options["name"] == "preset" and positions and set(positions) == {n.id for n in graph.nodes}
