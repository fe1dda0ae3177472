"""Explore page: search → select → profile, deep links, filters, and graph events."""

from __future__ import annotations

import html
from datetime import date

from explorer.ui.view import READABLE_AT_DEPTH_TWO
from explorer.ui.views.explore import GRAPH_KEY
from tests.ui.conftest import IRAN, PMF, SUDANI, SYRIA, all_text, app_test, sent_graph


def node_ids(at) -> set[str]:
    return {n["data"]["id"] for n in sent_graph(at)["elements"]["nodes"]}


def edge_types(at) -> set[str]:
    return {e["data"]["type"] for e in sent_graph(at)["elements"]["edges"]}


def test_search_select_profile(store_url):
    at = app_test()
    at.text_input(key="explore_search_query").input("PMF").run()
    hits = [b for b in at.button if "Popular Mobilization Forces" in b.label]
    assert hits and "ORG" in hits[0].label and "mention" in hits[0].label and "PMF" in hits[0].label
    hits[0].click().run()
    assert at.query_params["entity"] == PMF
    assert {PMF, IRAN, SYRIA, SUDANI} <= node_ids(at)
    assert "Popular Mobilization Forces" in all_text(at)
    assert "backed by" in all_text(at)  # evidence sentence in the side panel
    assert not at.exception and not at.error


def test_search_is_typo_tolerant(store_url):
    at = app_test()
    at.text_input(key="explore_search_query").input("Popular Mobilisaton").run()
    assert any("Popular Mobilization Forces" in b.label for b in at.button)


def test_a_search_finding_nothing_says_so_and_suggests_the_nearest_names(store_url):
    at = app_test()
    at.text_input(key="explore_search_query").input("Xopular Zobilisation").run()
    captions = [c.value for c in at.caption if "No entity matches" in c.value]
    assert captions and "Nearest names: " in captions[0] and "Popular Mobilization Forces" in captions[0]
    assert not at.exception and not at.error


def test_deep_link_opens_the_entity(store_url):
    at = app_test(entity=PMF)
    assert PMF in node_ids(at)
    assert "Popular Mobilization Forces" in all_text(at)


def test_unknown_deep_link_warns(store_url):
    at = app_test(entity="nope")
    assert any("No entity" in w.value for w in at.warning)
    assert not at.get("component_instance")


def test_filters_change_what_is_sent(store_url):
    at = app_test(entity=PMF)
    assert "CO_MENTIONED" in edge_types(at)
    at.toggle(key="f_co_mentions").set_value(False).run()
    assert "CO_MENTIONED" not in edge_types(at)
    assert SUDANI not in node_ids(at)  # only co-mentioned with the PMF
    at.multiselect(key="f_relation_types").set_value(["ATTACKED"]).run()
    assert node_ids(at) == {PMF, SYRIA} and edge_types(at) == {"ATTACKED"}
    at.toggle(key="f_co_mentions").set_value(True).run()
    at.multiselect(key="f_relation_types").set_value([]).run()
    at.multiselect(key="f_entity_types").set_value(["PERSON"]).run()
    assert node_ids(at) == {PMF, SUDANI}
    at.multiselect(key="f_entity_types").set_value([]).run()
    at.slider(key="f_min_weight").set_value(2).run()
    assert node_ids(at) == {PMF}
    at.slider(key="f_min_weight").set_value(1).run()
    at.radio(key="f_depth").set_value(2).run()
    assert "e-baghdad" in node_ids(at)  # two hops: PMF → Sudani → Baghdad
    at.slider(key="f_max_nodes").set_value(10).run()
    assert len(node_ids(at)) <= 10


def test_click_expand_remove_events(store_url):
    at = app_test(entity=PMF)
    at.session_state[GRAPH_KEY] = {"action": "clicked_node", "data": {"target_id": IRAN}, "timestamp": 1}
    at.run()
    text = all_text(at)
    assert "Iran" in text and "With" in text and "are backed by" in text
    assert "e-baghdad" not in node_ids(at)
    at.session_state[GRAPH_KEY] = {"action": "expand", "data": {"node_ids": [SUDANI]}, "timestamp": 2}
    at.run()
    assert {"e-baghdad", "e-evil"} <= node_ids(at)
    at.session_state[GRAPH_KEY] = {"action": "remove", "data": {"node_ids": ["e-baghdad"]}, "timestamp": 3}
    at.run()
    assert "e-baghdad" not in node_ids(at)
    # The component repeats its last event on every rerun: the same timestamp must not apply twice.
    at.run()
    assert "e-baghdad" not in node_ids(at)


def test_profile_buttons_expand_and_focus(store_url):
    at = app_test(entity=SUDANI)
    at.button(key="explore_expand").click().run()
    assert "e-evil" in node_ids(at)
    at.session_state[GRAPH_KEY] = {"action": "clicked_node", "data": {"target_id": PMF}, "timestamp": 9}
    at.run()
    at.button(key="explore_focus").click().run()
    assert at.query_params["entity"] == PMF


def test_hostile_names_are_escaped(store_url):
    at = app_test(entity="e-evil")
    rendered = "\n".join(str(m.value) for m in at.markdown)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    nodes = {n["data"]["id"]: n["data"] for n in sent_graph(at)["elements"]["nodes"]}
    assert nodes["e-evil"]["label"] == "<script>alert(1)</script>"  # drawn on canvas as text


def test_no_focus_offers_suggestions(store_url):
    at = app_test()
    assert any("Globex" in b.label or "Acme" in b.label for b in at.button)
    assert not at.get("component_instance")


def test_url_presets_filters(store_url):
    at = app_test(entity=PMF, max="20", depth="2")
    assert at.slider(key="f_max_nodes").value == 20 and at.radio(key="f_depth").value == 2
    assert "e-baghdad" in node_ids(at)


def test_the_view_on_screen_can_be_downloaded(store_url):
    at = app_test(entity=PMF)
    (menu,) = [block for block in at.get("popover") if block.proto.popover.label == "Export"]
    assert menu.get("download_button")
    (button,) = at.get("download_button")
    assert "Download view" in str(button.proto)
    assert at.selectbox(key="explore_export_format").options[0].startswith("GraphML")


def test_the_url_follows_filters_and_view_and_reopens_them(store_url):
    at = app_test(entity=SUDANI)
    at.radio(key="f_depth").set_value(2).run()
    at.toggle(key="f_co_mentions").set_value(False).run()
    at.toggle(key="f_co_mentions").set_value(True).run()
    at.session_state[GRAPH_KEY] = {"action": "expand", "data": {"node_ids": [PMF]}, "timestamp": 1}
    at.run()
    at.session_state[GRAPH_KEY] = {"action": "remove", "data": {"node_ids": ["e-evil"]}, "timestamp": 2}
    at.run()
    params = {key: at.query_params[key] for key in at.query_params}
    assert params == {"entity": SUDANI, "depth": "2", "expand": PMF, "hide": "e-evil", "sel": PMF}
    shared = app_test(**params)  # a new session opening the same address
    assert shared.radio(key="f_depth").value == 2
    assert node_ids(shared) == node_ids(at) and "e-evil" not in node_ids(shared)
    assert "With" in all_text(shared)  # the side panel shows the selected node's evidence with the focus


def test_reset_view_forgets_expansions_in_the_url_too(store_url):
    at = app_test(entity=SUDANI, expand=PMF, hide=IRAN)
    assert IRAN not in node_ids(at)
    at.button(key="explore_reset").click().run()
    assert "expand" not in at.query_params and "hide" not in at.query_params
    assert IRAN in node_ids(at)


def test_labels_stay_drawn_at_the_zoom_a_few_dozen_nodes_need(store_url):
    """The component hides any label under 10 px on screen; names and relation types must outlive that."""
    styles = sent_graph(app_test(entity=PMF))["style"]
    edge_rules = [s["style"] for s in styles if s["selector"].startswith("edge[")]
    node_rules = [s["style"] for s in styles if s["selector"] == "node"]
    assert edge_rules and all(rule["min-zoomed-font-size"] <= 6 for rule in edge_rules)
    assert all(rule["label"] == "data(label)" for rule in edge_rules if "line-style" not in rule)
    assert node_rules and node_rules[0]["min-zoomed-font-size"] <= 6


def test_the_filter_menu_says_what_is_filtered(store_url):
    at = app_test(entity=PMF)
    label = lambda: next(b.proto.popover for b in at.get("popover") if b.proto.popover.label.startswith("Filters"))  # noqa: E731
    assert label().label == "Filters"
    at.toggle(key="f_co_mentions").set_value(False).run()
    at.radio(key="f_depth").set_value(2).run()
    assert label().label == "Filters · 2" and label().help == "no co-mentions, depth 2"
    assert "(no co-mentions, depth 2)" in html.unescape(all_text(at))


def test_the_component_panel_never_opens_and_the_app_marks_focus_and_selection(store_url):
    """The component's info panel opens on a selection and covers a quarter of the canvas: nothing is selectable,
    and the side panel's node is marked by the app."""
    at = app_test(entity=PMF)
    at.session_state[GRAPH_KEY] = {"action": "clicked_node", "data": {"target_id": IRAN}, "timestamp": 1}
    at.run()
    elements = sent_graph(at)["elements"]
    nodes = elements["nodes"]
    assert all(e["selectable"] is False for e in [*nodes, *elements["edges"]])
    assert all(set(n["data"]) == {"id", "label", "type"} for n in nodes)
    assert [n["data"]["id"] for n in nodes if "focus" in n["classes"]] == [PMF]
    assert [n["data"]["id"] for n in nodes if "picked" in n["classes"]] == [IRAN]
    assert all(n["style"]["width"] >= 16 for n in nodes)


def test_double_click_expands_and_lays_out_afresh(store_url):
    at = app_test(entity=PMF)
    before = sent_graph(at)["layout"]
    assert all(e["name"] != "expand" for e in sent_graph(at)["events"])  # the component's own expand is off
    assert SUDANI in node_ids(at) and "e-baghdad" not in node_ids(at)
    at.session_state[GRAPH_KEY] = {"action": "expand_node", "data": {"target_id": SUDANI}, "timestamp": 1}
    at.run()
    after = sent_graph(at)["layout"]
    assert "e-baghdad" in node_ids(at) and at.query_params["expand"] == SUDANI
    assert after["fit"] is True and after["view"] != before["view"]  # a fresh layout, fitted to the canvas


def test_edges_are_captioned_in_words_with_their_direction(store_url):
    edges = {e["data"]["type"]: e["data"]["label"] for e in sent_graph(app_test(entity=PMF))["elements"]["edges"]}
    assert edges["BACKED_BY"] == "backed by →" and edges["ATTACKED"] == "attacked →"
    legend = all_text(app_test(entity=PMF))
    assert "attacked →" in legend and "ATTACKED" not in legend


def test_depth_two_shows_fewer_stronger_nodes(store_url):
    at = app_test(entity=PMF, depth="2", max="300")
    assert len(node_ids(at)) <= READABLE_AT_DEPTH_TWO


def test_confidence_filter_keeps_only_confident_statements(store_url):
    at = app_test(entity=PMF)
    assert {"ATTACKED", "BACKED_BY"} <= edge_types(at)
    assert "attacked positions in" in all_text(at)  # confidence 0.8
    at.slider(key="f_min_confidence").set_value(0.85).run()
    assert edge_types(at) == {"BACKED_BY"} and node_ids(at) == {PMF, IRAN}
    assert at.query_params["conf"] == "0.85"
    assert "attacked positions in" not in all_text(at)  # nor in the side panel's evidence


def test_date_range_keeps_only_what_documents_in_it_say(store_url):
    at = app_test(entity=PMF)
    assert SYRIA in node_ids(at)
    at.date_input(key="f_dates").set_value((date(2024, 2, 1), date(2024, 3, 4))).run()
    assert node_ids(at) == {PMF}  # the one document about the PMF was published on 29 January 2024
    assert at.query_params["since"] == "2024-02-01"
    at.date_input(key="f_dates").set_value((date(2024, 1, 29), date(2024, 1, 31))).run()
    assert SYRIA in node_ids(at)


def test_a_shared_date_range_outside_the_corpus_is_clamped(store_url):
    at = app_test(entity=PMF, since="2001-01-01", until="2099-12-31")
    assert not at.exception
    assert at.date_input(key="f_dates").value == (date(2024, 1, 29), date(2024, 3, 4))
    assert SYRIA in node_ids(at)
