"""Two reports that date the same first round of talks differently, in a real browser: the Disagreements
page lists the date disagreement with both sentences, and the Timeline shows the event once with both sources.

Set UPDATE_DOCS=1 to also refresh docs/disagreements.png and docs/timeline.png.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import ingest, serve, settle
from tests.e2e.test_browse import shot

pytestmark = pytest.mark.e2e
REPORT = "tests/data/claims/first_round_january.txt"  # as a user would type it in the project folder


@pytest.fixture(scope="module")
def two_reports_url(tmp_path_factory: pytest.TempPathFactory):
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-claims') / 'graph.db'}"
    ingest(url, "seeds", REPORT)
    with serve(url) as base:
        yield base


@pytest.fixture
def claims_page(browser, two_reports_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened, two_reports_url
    context.close()


def test_the_disagreements_page_shows_both_dates_of_the_first_round(claims_page):
    page, base = claims_page
    page.goto(base)
    page.get_by_role("link", name="Disagreements").first.click()
    page.wait_for_url(f"{base}/disagreements")
    page.locator("span.xp-rel", has_text="Dates differ").first.wait_for()  # the item, not the kind filter
    assert page.get_by_text("1 of 1 disagreement").is_visible()
    for date in ("2021-05-30", "2024-01-27"):
        assert page.get_by_text(date, exact=True).first.is_visible()
    assert page.get_by_text("according to Iraq's foreign ministry").first.is_visible()
    settle(page)
    shot(page, "07_disagreements", "disagreements.png")

    page.goto(f"{base}/timeline")
    page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first.wait_for()
    note = page.get_by_text("The sources disagree on the date")
    note.wait_for()
    assert "30 May 2021" in note.inner_text() and "27 January 2024" in note.inner_text()
    assert page.get_by_text("2 sources").first.is_visible()
    note.evaluate("element => element.scrollIntoView({block: 'center'})")
    settle(page)
    shot(page, "08_timeline_two_reports", "timeline.png")
