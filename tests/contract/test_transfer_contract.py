"""Copying and loading graphs: what one backend holds, the other holds after `copy_store`, both ways, and
curation copied with it stays undoable in the store it was copied to."""

from __future__ import annotations

import json

import pytest

from explorer import curate
from explorer.interchange import to_interchange
from explorer.model import CurationAction
from explorer.store.base import GraphStore
from explorer.store.sqlite import SQLiteStore
from explorer.transfer import TransferError, copy_store, load_extractions
from tests.contract.test_curation_contract import dump
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
    [("[1, 2]", "expected a JSON object"), ('{"x": 1}', "no 'documents'"), ("{not json\n", "not JSON")],
)
def test_load_refuses_what_is_not_corpus_json(store, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(TransferError, match=message):
        load_extractions(path, store)
    assert store.stats()["documents"] == 0


def _dangling_corpus() -> dict:
    """Corpus JSON whose records name what it does not hold: an entity, a document, a span past the text."""
    corpus = to_interchange(sample_extractions())
    first = corpus["documents"][0]
    corpus["entities"] = [e for e in corpus["entities"] if e["id"] != PARIS]  # still mentioned and related
    beyond = {"start": len(first["text"]) - 2, "end": len(first["text"]) + 40}
    corpus["mentions"].append({**corpus["mentions"][0], **beyond})
    corpus["relations"].append({**corpus["relations"][0], "doc": "no-such-document"})
    return corpus


def test_load_refuses_a_file_that_names_what_it_does_not_hold(store, tmp_path):
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(_dangling_corpus()))
    with pytest.raises(TransferError) as raised:
        load_extractions(path, store)
    problems = raised.value.problems
    paris = [p for p in problems if "names entity 'e-paris', which the file does not hold" in p]
    assert len(paris) == 2  # its mention and its co-mention
    assert sum("outside its text" in p for p in problems) == 1
    assert sum("names document 'no-such-document'" in p for p in problems) == 1
    assert len(problems) == 4 and all(p.startswith(f"{path}: ") and "\n" not in p for p in problems)
    assert store.stats()["documents"] == 0 and store.stats()["mentions"] == 0


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


def _merge_and_copy(source: GraphStore, target: GraphStore) -> dict:
    """Merge Globex into Acme in `source`, copy it to `target`; what `source` showed before the merge."""
    before = dump(source)
    curate.merge(source, [ACME, GLOBEX], name="Globex")
    copy_store(source, target)
    return before


def test_a_merge_copied_out_of_sqlite_is_undone_in_each_backend(store, sqlite_store):
    for extraction in sample_extractions():
        sqlite_store.upsert_extraction(extraction)
    before = _merge_and_copy(sqlite_store, store)
    assert curate.undo(store) is not None
    assert store.entity(GLOBEX) is not None
    assert dump(store) == before


def test_a_merge_copied_into_sqlite_is_undone_there(loaded, sqlite_store):
    before = _merge_and_copy(loaded, sqlite_store)
    assert curate.undo(sqlite_store) is not None
    assert sqlite_store.entity(GLOBEX) is not None
    assert dump(sqlite_store) == before


def test_copying_undo_rows_twice_appends_nothing(loaded, sqlite_store):
    _merge_and_copy(loaded, sqlite_store)
    log = sqlite_store.curation_log()
    assert copy_store(loaded, sqlite_store).curation == 0
    assert sqlite_store.curation_log() == log
