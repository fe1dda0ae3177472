"""Regression tests for curation fixes found in review."""

from __future__ import annotations

import json

from explorer import curate
from tests.contract import conftest as contract
from tests.factories import ACME, GLOBEX

store, loaded = contract.store, contract.loaded  # the contract fixtures: each test runs on every backend


def test_importing_a_merge_already_applied_changes_nothing(loaded, monkeypatch):
    """The same merge under another time is recorded, not applied again: no rows rewritten, no undo rows."""
    curate.merge(loaded, [ACME, GLOBEX])
    log = json.loads(curate.export_log(loaded))
    log["actions"][0]["at"] = "2000-01-01T00:00:00+00:00"
    rewrites = []
    monkeypatch.setattr(loaded, "replace_slice", lambda *rows: rewrites.append(rows))

    assert curate.import_log(loaded, json.dumps(log)) == (0, 1)
    assert rewrites == []
    assert [("undo" in a.payload) for a in loaded.curation_log()] == [True, False]
