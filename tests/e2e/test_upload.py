"""Uploading articles in the browser: the job ingests them outside the server and the page says what it
stored, problems included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer.store.sqlite import SQLiteStore
from tests.e2e.browser import serve, settle
from tests.factories import sample_extractions


@pytest.fixture
def empty_app(tmp_path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    SQLiteStore.open(url).close()
    with serve(url) as base:
        yield base, url


def test_an_upload_is_ingested_and_reported(browser, empty_app, tmp_path):
    base, url = empty_app
    (tmp_path / "a.txt").write_text("Acme Corp hired Jane Smith in Boston on Monday.\n", encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text("[" * 3000 + "\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(base)
        settle(page)
        page.locator("input[type=file]").set_input_files([str(tmp_path / "a.txt"), str(tmp_path / "deep.jsonl")])
        page.get_by_role("button", name="Ingest 2 files").click()
        page.get_by_text("1 new, 0 unchanged, 1 failed documents").wait_for()
        assert page.get_by_text("deep.jsonl: malformed JSON (nested too deeply)").is_visible()
    finally:
        context.close()
    store = SQLiteStore.open(url)
    assert [d.source for d in store.documents()] == ["upload/a.txt"]
    store.close()


def test_the_add_articles_page_gives_an_upload_its_outlet_and_fresh_counts(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    store = SQLiteStore.open(url)
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    store.close()
    (tmp_path / "wire.txt").write_text(
        "Arrests in Basra\nBAGHDAD, Jan. 27, 2024 (Reuters) — Iraqi forces arrested eight men in Basra.\n",
        encoding="utf-8",
    )
    with serve(url) as base:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{base}/add")
            settle(page)
            documents = page.locator("[data-testid=stMetric]", has_text="Documents")
            assert "2" in documents.inner_text()
            page.locator("input[type=file]").set_input_files([str(tmp_path / "wire.txt")])
            page.get_by_role("textbox", name="Outlet").fill("The Upload Post")
            page.get_by_role("textbox", name="Outlet").press("Enter")
            page.get_by_role("button", name="Ingest 1 file").click()
            page.get_by_text("1 new, 0 unchanged, 0 failed documents").wait_for()
            assert documents.inner_text().split()[-1] == "3"  # counted after the upload
        finally:
            context.close()
    store = SQLiteStore.open(url)
    wire = next(d for d in store.documents() if d.source == "upload/wire.txt")
    store.close()
    assert (wire.published, wire.outlet) == ("2024-01-27", "The Upload Post")
