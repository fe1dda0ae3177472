"""A server over the ingested seed, and a browser. Without a browser the tests are skipped, except in CI where
they fail; an app that will not start fails them everywhere (a broken app must never pass as "skipped")."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import chromium, ingest, serve, why_no_browser

SCREENSHOTS = Path(__file__).parent / "screenshots"


def no_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"end-to-end tests cannot run in CI: {reason}")
    print(f"skipping end-to-end tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'graph.db'}"
    ingest(url, "seeds")
    return url


@pytest.fixture(scope="session")
def app_url(seed_store: str) -> Iterator[str]:
    with serve(seed_store) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = why_no_browser()
    if reason:
        no_browser(reason)
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, app_url: str) -> Iterator[Any]:
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    outside: list[str] = []
    context.on(
        "request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else outside.append(r.url)
    )
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()
    assert not outside, f"the app made outside requests: {outside}"
