"""Regression tests for curation fixes found in review."""

from __future__ import annotations

import copy
import json

from typer.testing import CliRunner

from explorer import curate
from explorer.cli import app
from explorer.export import store_graph
from explorer.store.sqlite import SQLiteStore
from tests.contract import conftest as contract
from tests.factories import ACME, GLOBEX, JANE, PARIS, first_extraction, sample_extractions

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


def test_replaying_the_log_leaves_the_extraction_it_was_given_untouched(tmp_path):
    """apply_curation shares rows with its input (no deep copy), so no transform may change one in place."""
    reference = SQLiteStore.open(f"sqlite:///{tmp_path / 'reference.db'}")
    for extraction in sample_extractions():
        reference.upsert_extraction(extraction)
    acquired = next(r.id for r in reference.relations_between(ACME, GLOBEX) if r.type == "ACQUIRED")
    curate.reject(reference, acquired)
    curate.split(reference, ACME, ["Acme"], name="Acme Ltd")
    curate.rename(reference, JANE, "Jane Doe (CEO)")
    curate.retype(reference, PARIS, "LOC")
    curate.merge(reference, [ACME, GLOBEX], name="Acme Globex")
    curate.delete(reference, PARIS)
    rules = curate.curation_rules(reference.curation_log())
    reference.close()
    given = first_extraction()
    untouched = copy.deepcopy(given)

    curated = curate.apply_curation(given, rules)

    assert given == untouched
    assert {e.name for e in curated.entities} == {"Acme Globex", "Jane Doe (CEO)"}


def test_the_store_export_has_each_assertion_once_with_its_document_title(loaded):
    titles = {d.id: d.title for d in loaded.documents()}
    relations = [r for doc in titles for r in loaded.relations_in(doc)]

    edges = store_graph(loaded).edges(keys=True, data=True)

    assert sorted(key for _, _, key, _ in edges) == sorted(r.id for r in relations)
    assert all(data["doc_title"] == titles[data["doc"]] and data["doc_title"] for *_, data in edges)


def test_export_command_names_an_unknown_format_as_given(tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    SQLiteStore.open(url).close()
    result = CliRunner().invoke(app, ["export", "--format", "PDF", str(tmp_path / "out"), "--store", url])
    assert result.exit_code == 1
    assert "unknown format 'PDF': use one of graphml, gexf, json, csv" in result.output
    assert not (tmp_path / "out").exists()
