"""Uploading articles in the browser: the job ingests them outside the server and the page says what it
stored, problems included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer.store.sqlite import SQLiteStore
from tests.e2e.browser import serve, settle


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
