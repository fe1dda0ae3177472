"""The Explore graph in a real browser: expanding, by double-click or by the side panel's button, leaves every
node inside the canvas, apart from the others, and no label boxed in red; the component's panel never opens."""

from __future__ import annotations

import re

import pytest

from explorer.store import open_store
from tests.e2e.browser import graph_frame, settle, wait_for_graph

pytestmark = pytest.mark.e2e

# Every node's box, in the canvas's own pixels, and what the component shows besides.
LAYOUT = """() => {
    const cy = document.getElementById('cy')._cyreg.cy;
    return {
        width: cy.width(), height: cy.height(),
        boxes: cy.nodes().map(n => { const b = n.renderedBoundingBox({includeLabels: false});
                                     return {id: n.id(), x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2}; }),
        highlighted: cy.elements('.highlight').length,
        selected: cy.$(':selected').length,
        panel: document.getElementById('infopanel').getAttribute('data-expanded'),
    };
}"""


@pytest.fixture(scope="module")
def focus(seed_store: str) -> str:
    store = open_store(seed_store)
    found = store.search("PMF")[0].id
    store.close()
    return found


def _layout(page) -> dict:
    return graph_frame(page).evaluate(LAYOUT)


def _fitted_and_apart(drawn: dict) -> None:
    width, height, boxes = drawn["width"], drawn["height"], drawn["boxes"]
    outside = [b["id"] for b in boxes if b["x1"] < 0 or b["y1"] < 0 or b["x2"] > width or b["y2"] > height]
    assert not outside, f"{len(outside)} of {len(boxes)} nodes outside the {width}×{height} canvas"
    centres = [((b["x1"] + b["x2"]) / 2, (b["y1"] + b["y2"]) / 2) for b in boxes]
    stacked = [
        (i, j)
        for i in range(len(centres))
        for j in range(i + 1, len(centres))
        if abs(centres[i][0] - centres[j][0]) < 2 and abs(centres[i][1] - centres[j][1]) < 2
    ]
    assert not stacked, f"{len(stacked)} pairs of nodes drawn on top of each other"
    assert drawn["highlighted"] == 0 and drawn["selected"] == 0 and drawn["panel"] != "true"


def _wait_for_layout(page) -> None:
    """Until no node moves between two looks (a layout may still be animating)."""
    before = None
    for _ in range(40):
        now = _layout(page)["boxes"]
        if now == before:
            return
        before = now
        page.wait_for_timeout(150)


def _double_click(page, node_id: str) -> None:
    frame = page.locator("iframe[title*='st_link_analysis']").first.bounding_box()
    x, y = graph_frame(page).evaluate(
        "id => { const p = document.getElementById('cy')._cyreg.cy.$id(id).renderedPosition(); return [p.x, p.y]; }",
        node_id,
    )
    page.mouse.dblclick(frame["x"] + x, frame["y"] + y)


def test_double_click_expand_leaves_a_fitted_readable_graph(page, app_url, focus):
    page.goto(f"{app_url}/?entity={focus}")
    first = wait_for_graph(page, at_least=2)
    settle(page)
    _wait_for_layout(page)
    neighbour = next(b["id"] for b in _layout(page)["boxes"] if b["id"] != focus)
    _double_click(page, neighbour)
    page.wait_for_url(re.compile(rf"expand={neighbour}"))
    expanded = wait_for_graph(page, at_least=first + 1)
    settle(page)
    _wait_for_layout(page)
    assert expanded > first
    _fitted_and_apart(_layout(page))
    # the side panel shows the expanded node's evidence with the focus
    page.get_by_role("button", name=re.compile("Remove")).wait_for()


def test_expand_button_leaves_a_fitted_readable_graph(page, app_url, focus):
    page.goto(f"{app_url}/?entity={focus}")
    first = wait_for_graph(page, at_least=2)
    settle(page)
    _wait_for_layout(page)
    neighbour = next(b["id"] for b in _layout(page)["boxes"] if b["id"] != focus)
    graph_frame(page).evaluate(f"() => document.getElementById('cy')._cyreg.cy.$id({neighbour!r}).emit('tap') && true")
    page.get_by_role("button", name=re.compile("Remove")).wait_for()
    settle(page)
    page.get_by_role("button", name=re.compile("Expand")).click()
    wait_for_graph(page, at_least=first + 1)
    settle(page)
    _wait_for_layout(page)
    _fitted_and_apart(_layout(page))
