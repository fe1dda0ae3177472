"""The spaCy pipeline for the extraction tests, loaded once for the whole run."""

from __future__ import annotations

import pytest

from explorer.extract import load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()
