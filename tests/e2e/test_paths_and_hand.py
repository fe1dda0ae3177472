"""In a real browser, over a small world of its own: paths come best evidenced first (a chain of typed relations
before two co-mentions through a hub), and a relation added by hand shows in the graph and its evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Relation
from explorer.store.sqlite import SQLiteStore
from tests.e2e.browser import graph_frame, serve, settle, wait_for_graph

pytestmark = pytest.mark.e2e
NAMES = {
    "a": "Alder Group",
    "b": "Birch Holdings",
    "c": "Cedar Union",
    "t": "Teak Council",
    "h": "Hubland",
    **{f"x{n}": f"Crowd {n}" for n in range(5)},
}


def world() -> Extraction:
    doc = Document.from_text(" ".join(f"{n} was there." for n in NAMES.values()), source="tests/world.txt")
    entities = [Entity(i, name, "GPE" if i == "h" else "ORG", key=f"ORG:{i}") for i, name in NAMES.items()]
    stated = [("a", "b", "MET_WITH"), ("b", "c", "ALLIED_WITH"), ("c", "t", "SUPPORTS")]
    stated += [("h", o, CO_MENTIONED) for o in ["a", "t", "x0", "x1", "x2", "x3", "x4"]]
    relations = [Relation(s, t, kind, "", doc.id, n, doc.text, 0.7) for n, (s, t, kind) in enumerate(stated)]
    return Extraction(doc, entities, [], relations)


@pytest.fixture(scope="module")
def small_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('world') / 'graph.db'}"
    store = SQLiteStore.open(url)
    store.upsert_extraction(world())
    store.close()
    with serve(url) as base:
        yield base


def test_paths_come_best_evidenced_first(page, small_app):
    page.goto(f"{small_app}/paths?from=a&to=t")
    first = page.get_by_text(re.compile(r"Path 1 · \d hops?"))
    first.wait_for()
    assert "Alder Group → Birch Holdings → Cedar Union → Teak Council" in first.inner_text()
    page.get_by_text(re.compile(r"Path 2 · 2 hops: Alder Group → Hubland → Teak Council")).wait_for()
    page.get_by_text("Typed relations only").click()
    page.get_by_text(re.compile(r"Path 2 ·")).wait_for(state="detached")  # the hub's path was co-mentions only
    settle(page)
    assert page.get_by_text(re.compile(r"Path \d ·")).all_inner_texts() == [
        "Path 1 · 3 hops: Alder Group → Birch Holdings → Cedar Union → Teak Council"
    ]


def test_a_relation_added_by_hand_shows_in_the_graph_and_its_evidence(page, small_app):
    page.goto(f"{small_app}/curate?entity=a")
    page.get_by_role("tab", name="Add by hand").click()
    page.get_by_label("To", exact=True).fill("Teak")
    page.get_by_label("To", exact=True).press("Enter")
    settle(page)
    page.get_by_label(re.compile("Note .its evidence")).fill("Board minutes seen by our reporter, 2 June.")
    page.get_by_label(re.compile("Note .its evidence")).press("Control+Enter")
    settle(page)
    page.get_by_role("button", name=re.compile("Add the relation")).click()
    page.get_by_text(re.compile("Done: added by hand")).wait_for()

    page.goto(f"{small_app}/?entity=a&sel=t")
    wait_for_graph(page, at_least=2)
    settle(page)
    hand = graph_frame(page).evaluate(
        "() => document.getElementById('cy')._cyreg.cy.edges('.hand').map(e => [e.source().id(), e.target().id()])"
    )
    assert hand == [["a", "t"]]
    page.get_by_text("✎ by hand").first.wait_for()
    assert page.get_by_text("Board minutes seen by our reporter").first.is_visible()
