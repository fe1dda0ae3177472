"""The Explore view's URL: what is written, what is read back, and what a bad link falls back to."""

from __future__ import annotations

from explorer.ui.permalink import filters_from_params, to_params, view_from_params
from explorer.ui.view import Filters, GraphView, expand, open_view, remove


def test_a_fresh_view_with_default_filters_adds_nothing_to_the_url():
    assert to_params(open_view("a"), Filters()) == {}


def test_filters_and_view_survive_the_round_trip():
    filters = Filters(("PERSON", "ORG"), ("ATTACKED",), co_mentions=False, min_weight=3, depth=2, max_nodes=120)
    view = remove(expand(expand(open_view("a"), "b"), "c"), ["d", "e"])
    params = to_params(view, filters)
    assert params == {
        "types": "PERSON,ORG",
        "rels": "ATTACKED",
        "co": "0",
        "min": "3",
        "depth": "2",
        "max": "120",
        "expand": "b,c",
        "hide": "d,e",
        "sel": "c",
    }
    assert filters_from_params(params) == filters
    back = view_from_params("a", params)
    assert (back.focus, back.expanded, back.removed, back.selected) == ("a", ["b", "c"], {"d", "e"}, "c")
    assert back.version > 0  # an expanded view is laid out afresh


def test_bad_values_fall_back_to_the_defaults():
    params = {"types": "PERSON,<script>", "rels": "CO_MENTIONED,NOPE", "min": "99", "depth": "3", "max": "25"}
    assert filters_from_params(params) == Filters(entity_types=("PERSON",))


def test_the_focus_can_be_neither_hidden_nor_expanded_twice():
    view = view_from_params("a", {"expand": "a,b,b,", "hide": "a,c"})
    assert view.expanded == ["b"] and view.removed == {"c"} and view.selected == "a"


def test_selection_of_the_focus_is_not_written():
    view = GraphView(focus="a", selected="a")
    assert "sel" not in to_params(view, Filters())


def test_confidence_and_dates_survive_the_round_trip_and_bad_ones_fall_back():
    filters = Filters(min_confidence=0.65, since="2024-01-01", until="2024-03-31")
    params = to_params(open_view("a"), filters)
    assert params == {"conf": "0.65", "since": "2024-01-01", "until": "2024-03-31"}
    assert filters_from_params(params) == filters
    bad = filters_from_params({"conf": "7", "since": "last tuesday", "until": "2024-13-01"})
    assert (bad.min_confidence, bad.since, bad.until) == (0.0, "", "")
