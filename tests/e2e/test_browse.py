"""A user's first minutes, in a real browser: search, open, expand, read, follow a path.

Set UPDATE_DOCS=1 to also refresh the README screenshots in docs/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.browser import graph_frame, serve, settle, tap_node, wait_for_graph
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e
DOCS = Path(__file__).resolve().parents[2] / "docs"


def shot(page, name: str, docs_name: str | None = None) -> None:
    path = SCREENSHOTS / f"{name}.png"
    page.mouse.move(0, 0)  # no tooltip of the last button clicked over the picture
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    if docs_name and os.environ.get("UPDATE_DOCS"):
        shutil.copy(path, DOCS / docs_name)


def test_search_open_expand_read_and_follow_a_path(page, app_url):
    page.goto(app_url)
    search = page.get_by_placeholder(re.compile("a name, an alias"))
    search.fill("PMF")
    search.press("Enter")
    hit = page.get_by_role("button", name=re.compile("Popular Mobilization Forces"))
    hit.first.click()
    page.wait_for_url(re.compile(r"entity="))
    focus = re.search(r"entity=([0-9a-z]+)", page.url).group(1)
    first = wait_for_graph(page, at_least=2)
    settle(page)
    panel = page.get_by_role("heading", name=re.compile("Popular Mobilization Forces"))
    assert panel.is_visible()
    shot(page, "01_explore_pmf")

    # Select a neighbour in the graph, then expand it: its own neighbours join the view.
    ids = _node_ids(page)
    neighbour = next(i for i in ids if i != focus)
    tap_node(page, neighbour)
    page.get_by_role("button", name=re.compile("Remove")).wait_for()  # offered for a non-focus node only
    settle(page)
    page.get_by_role("button", name=re.compile("Expand")).click()
    settle(page)
    expanded = wait_for_graph(page, at_least=first + 1)
    assert expanded > first
    shot(page, "02_expanded", "explore.png")

    # The address bar now describes this view: opened afresh, it draws the same graph.
    page.wait_for_url(re.compile(rf"expand={neighbour}"))
    shared = page.context.new_page()
    shared.goto(page.url)
    assert wait_for_graph(shared, at_least=expanded) == expanded
    assert sorted(_node_ids(shared)) == sorted(_node_ids(page))
    shared.close()

    # Read the document behind the evidence.
    page.locator(".xp-src a").first.click()
    page.wait_for_url(re.compile(r"/document\?doc="))
    page.locator(".xp-reader .xp-mark").first.wait_for()
    assert page.locator(".xp-reader a.xp-mark").count() > 5
    settle(page)
    shot(page, "03_document", "document.png")

    # Open an entity from the text, then follow a path from it.
    page.goto(f"{app_url}/entity?entity={focus}")
    page.get_by_role("heading", name=re.compile("Popular Mobilization Forces")).wait_for()
    settle(page)
    shot(page, "04_entity", "entity.png")
    page.get_by_role("link", name="Find paths from here").click()
    page.wait_for_url(re.compile(r"/paths\?from="))
    to_box = page.get_by_placeholder(re.compile("a name, an alias")).nth(1)
    to_box.fill("Soleimani")
    to_box.press("Enter")
    page.get_by_role("button", name=re.compile("Qassem Soleimani")).first.click()
    page.get_by_text(re.compile(r"Path 1 · \d hops?")).wait_for()
    wait_for_graph(page, at_least=3)
    settle(page)
    shot(page, "05_paths", "paths.png")

    # The timeline: the seed's dated events on an axis, "October 7" (no year, no publication date) apart.
    page.goto(f"{app_url}/timeline")
    page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first.wait_for()
    page.get_by_text("Year not stated").wait_for()
    assert page.get_by_text("30 May 2021").is_visible()
    settle(page)
    shot(page, "06_timeline")  # docs/timeline.png shows two reports of one event: test_disagreements.py


def _node_ids(page) -> list[str]:
    return graph_frame(page).evaluate("() => document.getElementById('cy')._cyreg.cy.nodes().map(n => n.id())")


def test_a_store_that_is_not_one_is_refused_before_serving(tmp_path):
    """`explorer ui` checks the store first; the in-app banner is covered in tests/ui/test_pages.py."""
    bad = tmp_path / "not-a-store.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RuntimeError, match="not an explorer store"), serve(f"sqlite:///{bad}", timeout=20):
        pass
