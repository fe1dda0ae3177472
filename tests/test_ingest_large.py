"""A long document through ingest: streamed chunk by chunk into one transaction, stored whole or not at all."""

from __future__ import annotations

import pytest

from explorer.extract import chunks
from explorer.ingest import ingest_documents
from explorer.model import Document
from explorer.store.sqlite import SQLiteStore

PEOPLE = ["Anna Berg", "Tomas Lind", "Rosa Vik"]
ORGS = ["Northwind Holdings", "Kestrel Bank"]


def _long_text(paragraphs: int = 30) -> str:
    return "\n\n".join(
        f"{PEOPLE[n % 3]}, the chief executive of {ORGS[n % 2]}, met {PEOPLE[(n + 1) % 3]} in London on "
        f"Monday. The talks lasted several hours and nothing else was agreed."
        for n in range(paragraphs)
    )


@pytest.fixture
def store(tmp_path):
    opened = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    yield opened
    opened.close()


def test_a_long_document_is_streamed_into_the_store_as_one_document(store, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1000)
    long = Document.from_text(_long_text(), source="long.txt")
    short = Document.from_text("Anna Berg met Rosa Vik in Oslo.", source="short.txt")
    written = []  # (document, written in parts?)
    write_document = store.write_document

    def spy(document, since, make):
        def made(changes):
            records = make(changes)
            written.append((document.id, not records.whole))
            return records

        return write_document(document, since, made)

    monkeypatch.setattr(store, "write_document", spy)

    report = ingest_documents([long, short], store, workers=1)

    assert (report.new, report.failed, report.problems) == (2, 0, [])
    assert written == [(long.id, True), (short.id, False)]
    stored = store.extraction(long.id)
    assert stored.document.text == long.text
    assert all(long.text[m.start : m.end] == m.text for m in stored.mentions)
    names = {e.name: e for e in stored.entities}
    assert {"Anna Berg", "Tomas Lind", "Rosa Vik", "Northwind Holdings", "Kestrel Bank"} <= set(names)
    berg = store.entity(names["Anna Berg"].id)
    assert berg.doc_count == 2  # the long document once (however many chunks name her), the short one once
    assert berg.mention_count == sum(1 for m in store.mentions_in(long.id) if m.entity == berg.id) + 1
    assert store.stats()["documents"] == 2


def test_a_long_document_failing_half_way_leaves_the_store_as_it_was(store, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1000)
    long = Document.from_text(_long_text(), source="long.txt")
    short = Document.from_text("Anna Berg met Rosa Vik in Oslo.", source="short.txt")
    real = chunks.build_extraction
    calls = []

    def dies_on_the_third_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise MemoryError("out of memory")
        return real(*args, **kwargs)

    monkeypatch.setattr(chunks, "build_extraction", dies_on_the_third_chunk)
    report = ingest_documents([long, short], store, workers=1)

    assert (report.new, report.failed) == (1, 1)
    assert report.problems == ["long.txt: not stored (MemoryError: out of memory)"]
    assert not store.has_document(long.id) and store.has_document(short.id)
    assert store.stats()["documents"] == 1
    assert store.mentions_in(long.id) == []

    monkeypatch.setattr(chunks, "build_extraction", real)
    assert ingest_documents([long, short], store, workers=1).new == 1  # the rerun finishes the job
    assert store.has_document(long.id)
