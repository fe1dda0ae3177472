"""Copying and loading graphs: what one backend holds, the other holds after `copy_store`, both ways."""

from __future__ import annotations

import json

import pytest

from explorer.interchange import to_interchange
from explorer.model import CurationAction
from explorer.store.sqlite import SQLiteStore
from explorer.transfer import TransferError, copy_store, load_extractions
from tests.factories import ACME, GLOBEX, PARIS, sample_extractions


def snapshot(store) -> dict:
    """Everything a user can read from a store, in a backend-neutral order."""
    documents = sorted(store.documents(), key=lambda d: d.id)
    return {
        "stats": store.stats(),
        "entities": sorted((e.to_dict() for e in store.iter_entities()), key=lambda e: e["id"]),
        "documents": [store.document(d.id).to_dict() for d in documents],
        "order": [d.id for d in store.documents()],
        "mentions": {d.id: [m.to_dict() for m in store.mentions_in(d.id)] for d in documents},
        "relations": {d.id: sorted(r.id for r in store.relations_in(d.id)) for d in documents},
        "edges": sorted(repr(e) for e in store.subgraph([e.id for e in store.iter_entities()]).edges),
        "timeline": [e.to_dict() for e in store.timeline()],
        "curation": [(a.kind, a.payload, a.reason, a.at) for a in store.curation_log()],
    }


@pytest.fixture
def sqlite_store(tmp_path):
    opened = SQLiteStore.open(f"sqlite:///{tmp_path / 'other.db'}")
    yield opened
    opened.close()


def _curate(store) -> None:
    store.append_curation(CurationAction("rename", {"entity": ACME, "name": "ACME"}, "typo", "2024-01-02T00:00:00"))
    store.append_curation(CurationAction("delete", {"entity": PARIS}, "", "2024-01-03T00:00:00"))


def test_copy_out_of_each_backend(loaded, sqlite_store):
    _curate(loaded)
    seen = []
    report = copy_store(loaded, sqlite_store, progress=lambda done, total: seen.append((done, total)))
    assert (report.written, report.skipped, report.curation, report.warnings) == (2, 0, 2, [])
    assert seen == [(1, 2), (2, 2)]
    assert snapshot(sqlite_store) == snapshot(loaded)


def test_copy_into_each_backend(store, sqlite_store):
    for extraction in sample_extractions():
        sqlite_store.upsert_extraction(extraction)
    _curate(sqlite_store)
    copy_store(sqlite_store, store)
    assert snapshot(store) == snapshot(sqlite_store)
    assert store.entity(GLOBEX).aliases == ["Globex Inc"]


def test_copy_twice_changes_nothing(loaded, sqlite_store):
    _curate(loaded)
    copy_store(loaded, sqlite_store)
    before = snapshot(sqlite_store)
    report = copy_store(loaded, sqlite_store)
    assert (report.written, report.skipped, report.curation) == (0, 2, 0)
    assert snapshot(sqlite_store) == before


def test_load_corpus_json_and_json_lines(store, sqlite_store, tmp_path):
    corpus = to_interchange(sample_extractions())
    whole = tmp_path / "corpus.json"
    whole.write_text(json.dumps(corpus))
    assert load_extractions(whole, store).written == 2
    for extraction in sample_extractions():
        sqlite_store.upsert_extraction(extraction)
    assert snapshot(store)["stats"] == snapshot(sqlite_store)["stats"]
    # loading resolves against the target store, so ids are the resolver's; spans and names are kept
    assert _spans(store) == _spans(sqlite_store)
    lines = tmp_path / "more.jsonl"
    lines.write_text("\n".join(json.dumps(e.to_dict()) for e in sample_extractions()) + "\n")
    assert (load_extractions(lines, store).written, load_extractions(lines, store).skipped) == (0, 2)


def _spans(store) -> set[tuple[str, int, int, str, str]]:
    return {
        (m.doc, m.start, m.end, m.text, store.entity(m.entity).name)
        for d in store.documents()
        for m in store.mentions_in(d.id)
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"x": 1}', "no 'documents'"),
        ("{not json\n", "not JSON"),
        ('{"documents": []}\n' + "[" * 3000 + "]" * 3000, r"bad.json:2: not JSON \(nested too deeply\)"),
    ],
)
def test_load_refuses_what_is_not_corpus_json(store, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(TransferError, match=message):
        load_extractions(path, store)
    assert store.stats()["documents"] == 0


def test_cli_load_then_copy(store, tmp_path, monkeypatch, request):
    from typer.testing import CliRunner

    from explorer.cli import app

    if not store.url.startswith("sqlite"):
        for name, value in request.getfixturevalue("bolt_server").env().items():
            monkeypatch.setenv(name, value)
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps(to_interchange(sample_extractions())))
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", str(corpus), "--store", store.url])
    assert (loaded.exit_code, loaded.stdout.strip()) == (0, "2 documents written, 0 already there")
    copy_to = f"sqlite:///{tmp_path / 'copy.db'}"
    copied = runner.invoke(app, ["copy", "--from", store.url, "--to", copy_to])
    assert (copied.exit_code, copied.stdout.strip()) == (0, "2 documents written, 0 already there")
    target = SQLiteStore.open(copy_to)
    assert snapshot(target) == snapshot(store)
    target.close()
    refused = runner.invoke(app, ["copy", "--from", store.url, "--to", "bolt://127.0.0.1:1"])
    assert refused.exit_code == 2 and "cannot reach Neo4j at bolt://127.0.0.1:1" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
