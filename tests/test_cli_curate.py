"""The curation and export commands end to end on a small store: results, exit codes, one-line errors."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from explorer.cli import app
from explorer.store.sqlite import SQLiteStore
from tests.factories import ACME, GLOBEX, HOOLI, JANE, PARIS, sample_extractions

runner = CliRunner()


@pytest.fixture
def store_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    store = SQLiteStore.open(url)
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    store.close()
    return url


def run(url: str, *args: str):
    return runner.invoke(app, [*args, "--store", url])


def test_merge_history_undo(store_url):
    merged = run(store_url, "merge", ACME, GLOBEX, "--name", "Acme Globex", "--reason", "one firm")
    assert merged.exit_code == 0, merged.output
    assert "merged Globex into Acme Corporation (named Acme Globex)" in merged.output
    found = json.loads(run(store_url, "search", "Globex", "--json").stdout)
    assert found[0]["id"] == ACME and found[0]["name"] == "Acme Globex"
    (entry,) = json.loads(run(store_url, "history", "--json").stdout)
    assert (entry["kind"], entry["reason"], entry["payload"]["judgement"]) == ("merge", "one firm", "positive")
    undone = run(store_url, "undo")
    assert undone.exit_code == 0 and "undone #1" in undone.output
    assert json.loads(run(store_url, "history", "--json").stdout) == []
    nothing = run(store_url, "undo")
    assert nothing.exit_code == 1 and "nothing to undo" in nothing.output


def test_split_rename_retype_delete_reject(store_url):
    split = run(store_url, "split", GLOBEX, "--alias", "Globex Inc", "--json")
    assert split.exit_code == 0, split.output
    new_id = json.loads(split.stdout)["payload"]["new"]["id"]
    assert run(store_url, "rename", JANE, "Jane Q. Doe").exit_code == 0
    assert run(store_url, "retype", PARIS, "loc").exit_code == 0
    relations = json.loads(run(store_url, "relations", HOOLI, "--json").stdout)
    sued = next(r["id"] for r in relations if r["type"] == "SUED")
    assert run(store_url, "reject", sued, "-r", "not a lawsuit").exit_code == 0
    assert run(store_url, "delete", new_id).exit_code == 0
    kinds = [a["kind"] for a in json.loads(run(store_url, "history", "--json").stdout)]
    assert kinds == ["split", "rename", "retype", "reject_relation", "delete"]
    assert "rejected SUED sue" in run(store_url, "history").output


@pytest.mark.parametrize(
    "args",
    [
        ("merge", ACME, "nope"),
        ("merge", ACME),
        ("split", ACME, "--alias", "Nope"),
        ("rename", "nope", "X"),
        ("retype", ACME, "SPACESHIP"),
        ("delete", "nope"),
        ("reject", "nope"),
        ("relations", "nope"),
    ],
)
def test_bad_arguments_exit_1_with_one_line(store_url, args):
    result = run(store_url, *args)
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 2  # rich may wrap one long line


def test_a_broken_store_exits_2(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    result = runner.invoke(app, ["merge", ACME, GLOBEX, "--store", f"sqlite:///{bad}"])
    assert result.exit_code == 2 and "error:" in result.output


def test_curation_export_import_and_candidates(store_url, tmp_path):
    assert run(store_url, "distinct", ACME, HOOLI).exit_code == 0
    assert run(store_url, "merge", GLOBEX, ACME).exit_code == 0
    log = tmp_path / "log.json"
    assert run(store_url, "curation", "export", str(log)).exit_code == 0
    assert [a["kind"] for a in json.loads(log.read_text())["actions"]] == ["judge", "merge"]

    other = f"sqlite:///{tmp_path / 'other.db'}"
    store = SQLiteStore.open(other)
    for extraction in sample_extractions():
        store.upsert_extraction(extraction)
    store.close()
    imported = run(other, "curation", "import", str(log))
    assert imported.exit_code == 0 and "1 actions applied, 1 recorded" in imported.output
    assert json.loads(run(other, "search", "Acme", "--json").stdout)[0]["id"] == GLOBEX
    (tmp_path / "junk.json").write_text("{}")
    assert run(other, "curation", "import", str(tmp_path / "junk.json")).exit_code == 1
    assert isinstance(json.loads(run(other, "candidates", "--json").stdout), list)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_export_writes_every_format(store_url, tmp_path, fmt):
    out = tmp_path / ("csv" if fmt == "csv" else f"graph.{fmt}")
    result = run(store_url, "export", "--format", fmt, str(out))
    assert result.exit_code == 0, result.output
    assert "6 entities, 8 relations" in result.output
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_edges() == 8
    if fmt == "csv":
        assert sorted(p.name for p in out.iterdir()) == ["nodes.csv", "relationships.csv"]
    assert run(store_url, "export", "--format", "pdf", str(out)).exit_code == 1


def test_export_command_names_an_unknown_format_as_given(tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    SQLiteStore.open(url).close()
    result = CliRunner().invoke(app, ["export", "--format", "PDF", str(tmp_path / "out"), "--store", url])
    assert result.exit_code == 1
    assert "unknown format 'PDF': use one of graphml, gexf, json, csv" in result.output
    assert not (tmp_path / "out").exists()
