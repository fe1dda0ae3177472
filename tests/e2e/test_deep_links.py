"""Every page opens straight from its URL in a new session: no "Page not found", the right view."""

from __future__ import annotations

import pytest

from explorer.store import open_store
from tests.e2e.browser import settle


@pytest.fixture(scope="module")
def ids(seed_store: str) -> dict[str, str]:
    store = open_store(seed_store)
    found = {"doc": store.documents()[0].id, "entity": store.search("PMF")[0].id}
    store.close()
    return found


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stMainBlockContainer]")
    settle(page)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/document?doc={doc}", "Bilateral Dialogue"),
        ("/?doc={doc}", "Bilateral Dialogue"),
        ("/entity?entity={entity}", "Popular Mobilization Forces"),
        ("/?entity={entity}", "Popular Mobilization Forces"),
        ("/timeline", "Timeline"),
        ("/overview", "PageRank"),
    ],
)
def test_a_deep_link_opens_its_view(page, app_url, ids, path, expected):
    _open(page, app_url + path.format(**ids))
    page.get_by_text(expected).first.wait_for(timeout=15_000)
    assert page.get_by_text("Page not found").count() == 0
