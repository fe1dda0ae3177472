"""Hostile names in a real browser: entities and documents named with HTML, JavaScript, quotes, backticks,
Cypher and SQL are shown verbatim on every view, and nothing in them runs (no dialog, no injected element,
no request they would trigger, nothing fetched from outside)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Relation
from explorer.store.sqlite import SQLiteStore
from tests.e2e.browser import graph_frame, serve, settle, wait_for_graph
from tests.factories import mentions_of

pytestmark = pytest.mark.e2e

SCRIPT, IMG, QUOTES, CYPHER, SQL = "e-script", "e-img", "e-quotes", "e-cypher", "e-sql"
NAMES = {
    SCRIPT: "<script>alert(1)</script>",
    IMG: "<img src=x onerror=alert(1)>",
    QUOTES: "O'Brien \"Bob\" `tick` Ltd",
    CYPHER: "MATCH (n) DETACH DELETE n",
    SQL: "'; DROP TABLE entities; --",
}
ALIASES = {SCRIPT: ["<svg onload=alert(2)>"], QUOTES: ["[click](javascript:alert(3))"], SQL: ["$x^2$ **bold**"]}
TITLE = "<script>alert('title')</script> and <img src=x onerror=alert(4)>"
JOINER = "\u2060"
TYPES = {SCRIPT: "PERSON", IMG: "ORG", QUOTES: "ORG", CYPHER: "ORG", SQL: "GPE"}


def hostile_extraction() -> Extraction:
    first = f"{NAMES[SCRIPT]} attacked {NAMES[SQL]} on Monday, said {NAMES[QUOTES]}."
    second = f"{NAMES[IMG]} backed {NAMES[CYPHER]} and {NAMES[SCRIPT]} in {NAMES[SQL]}."
    document = Document.from_text(f"{TITLE}\n{first} {second}", source="<img src=x onerror=alert(5)>.txt")
    entities = [Entity(i, NAMES[i], TYPES[i], ALIASES.get(i, []), 1, 1, key=f"K:{i}") for i in NAMES]
    mentions = mentions_of(document, {name: entity_id for entity_id, name in NAMES.items()})
    relations = [
        Relation(SCRIPT, SQL, "ATTACKED", "<b>attack</b>", document.id, 1, first, 0.9),
        Relation(IMG, CYPHER, "BACKED_BY", "back `x`", document.id, 2, second, 0.8),
        Relation(SCRIPT, QUOTES, CO_MENTIONED, "", document.id, 1, first, 0.3),
        Relation(SCRIPT, IMG, CO_MENTIONED, "", document.id, 2, second, 0.3),
        Relation(IMG, SQL, CO_MENTIONED, "", document.id, 2, second, 0.3),
    ]
    return Extraction(document, entities, mentions, relations)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'graph.db'}"
    store = SQLiteStore.open(url)
    extraction = hostile_extraction()
    store.upsert_extraction(extraction)
    store.close()
    with serve(url) as base:
        yield base, extraction.document.id


class Watched:
    """A page whose dialogs, requests for the injected `src=x` and outside requests are all recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1440, "height": 900})
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, url: str) -> None:
        self.page.goto(url)
        settle(self.page)

    def text(self, selector: str = "body") -> str:
        """What a reader sees: without the invisible word joiners that keep Streamlit from turning " -- "
        into a dash (explorer/ui/markup.py)."""
        return self.page.locator(selector).first.inner_text().replace(JOINER, "")

    def wait_for_heading(self, text: str) -> None:
        self.wait_for_text(text, "h1, h2, h3, h4")

    def wait_for_text(self, text: str, selector: str = "body") -> None:
        self.page.wait_for_function(
            "([want, joiner, selector]) => [...document.querySelectorAll(selector)]"
            ".some(h => h.innerText.replaceAll(joiner, '').includes(want))",
            arg=[text, JOINER, selector],
        )

    def check_harmless(self) -> None:
        self.page.wait_for_timeout(500)  # give an injected handler time to fire
        assert self.dialogs == []
        for frame in self.page.frames:
            injected = frame.evaluate(
                """() => [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]')]
                           .map(e => e.outerHTML)
                    .concat([...document.scripts].filter(s => s.text.includes('alert(')).map(s => s.text))"""
            )
            assert injected == [], f"markup from data reached the DOM of {frame.url}: {injected}"
        outside = [u for u in self.requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
        assert outside == [], f"the app made outside requests: {outside}"
        assert not [u for u in self.requests if re.search(r"/x(\?|$)", u)], "an injected <img src=x> was loaded"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, hostile_app: tuple[str, str]) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.close()


def test_the_entity_page_shows_hostile_names_verbatim(watched, hostile_app):
    base, _ = hostile_app
    for entity_id in NAMES:
        watched.open(f"{base}/entity?entity={entity_id}")
        watched.wait_for_heading(NAMES[entity_id])
        for alias in ALIASES.get(entity_id, []):
            watched.wait_for_text(alias)  # the Names table
        watched.wait_for_text(TITLE)  # the document list
        shown = watched.text()
        assert NAMES[entity_id] in shown
        for alias in ALIASES.get(entity_id, []):
            assert alias in shown
        watched.check_harmless()
    assert TITLE in shown, "the document list names the document by its title, verbatim"


def test_the_document_reader_shows_the_text_verbatim(watched, hostile_app):
    base, doc_id = hostile_app
    watched.open(f"{base}/document?doc={doc_id}")
    watched.wait_for_heading(TITLE)
    watched.wait_for_text(NAMES[CYPHER], ".xp-reader")
    shown = watched.text()
    for name in NAMES.values():
        assert name in shown
    reader = watched.text(".xp-reader")
    assert reader.replace("\n", " ").split() == hostile_extraction().document.text.replace("\n", " ").split()
    assert watched.page.locator(".xp-reader .xp-mark").count() >= len(NAMES)
    watched.check_harmless()


def test_explore_draws_and_describes_hostile_names_verbatim(watched, hostile_app):
    base, _ = hostile_app
    watched.open(f"{base}/explore?entity={SCRIPT}")
    wait_for_graph(watched.page, at_least=3)
    watched.wait_for_heading(NAMES[SCRIPT])
    watched.wait_for_text(NAMES[SQL])
    labels = graph_frame(watched.page).evaluate(
        "() => document.getElementById('cy')._cyreg.cy.nodes().map(n => n.data('label'))"
    )
    assert {NAMES[SCRIPT], NAMES[SQL], NAMES[IMG], NAMES[QUOTES]} <= set(labels)
    shown = watched.text()
    assert NAMES[SCRIPT] in shown and NAMES[SQL] in shown  # the panel and its evidence
    watched.check_harmless()


def test_searching_a_hostile_name_finds_it_and_opens_it(watched, hostile_app):
    base, _ = hostile_app
    watched.open(f"{base}/entity")
    search = watched.page.get_by_placeholder(re.compile("a name, an alias"))
    search.fill("DROP TABLE")
    search.press("Enter")
    hit = watched.page.locator("button").filter(has_text="DROP TABLE").first
    assert f"{NAMES[SQL]} · GPE · 2 mentions" in hit.inner_text().replace(JOINER, "")
    hit.click()
    watched.page.wait_for_url(re.compile(rf"entity={SQL}"))
    watched.wait_for_heading(NAMES[SQL])
    watched.check_harmless()
