"""The documents list in a real browser: listed with dates and outlets, sorted, filtered by an entity, a title
opening the reader."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.browser import serve, settle
from tests.factories import first_extraction, second_extraction
from tests.ui.conftest import fill, news_extractions

pytestmark = pytest.mark.e2e
ACME, GLOBEX, PMF = "Acme Corporation buys Globex", "Globex sues Hooli", "Iran-backed PMF strikes in Syria"


@pytest.fixture
def documents_app(tmp_path) -> Iterator[str]:
    acme = first_extraction()
    acme.document.outlet = "Paris Ledger"
    url = fill(tmp_path / "graph.db", [acme, second_extraction(), *news_extractions()])
    with serve(url) as base:
        yield base


def listed_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("table.xp-doc-list tr.xp-doc-row td:first-child").all_inner_texts()]


def wait_for_titles(page, expected: list[str]) -> None:
    page.wait_for_function(
        "expected => JSON.stringify([...document.querySelectorAll('table.xp-doc-list tr.xp-doc-row"
        " td:first-child')].map(c => c.innerText.trim()).slice(0, expected.length)) === JSON.stringify(expected)",
        arg=expected,
    )


def test_the_documents_list_sorts_filters_and_opens_the_reader(browser, documents_app):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{documents_app}/document")
        page.locator("table.xp-doc-list").wait_for()
        settle(page)
        titles = listed_titles(page)
        assert len(titles) == 4 and {ACME, GLOBEX, PMF} <= set(titles)
        acme_row = page.locator("tr.xp-doc-row", has_text=ACME)
        assert "4 Mar 2024" in acme_row.inner_text() and "Paris Ledger" in acme_row.inner_text()
        wait_for_titles(page, [ACME, PMF])  # newest first

        page.locator("[data-testid=stSelectbox]", has_text="Sort by").click()
        page.get_by_role("option", name="Oldest first").click()
        wait_for_titles(page, [PMF, ACME])

        search = page.get_by_placeholder(re.compile("a name, an alias"))
        search.fill("Paris")
        search.press("Enter")
        page.get_by_role("button", name=re.compile("^Paris")).first.click()
        page.wait_for_url(re.compile(r"mentions="))
        wait_for_titles(page, [ACME])
        settle(page)
        assert listed_titles(page) == [ACME]

        page.get_by_role("link", name=ACME).click()
        page.wait_for_url(re.compile(r"doc="))
        page.get_by_role("heading", name=ACME).wait_for()
        assert page.get_by_text("Paris Ledger").first.is_visible()
    finally:
        context.close()
