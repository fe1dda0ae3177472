"""Several readers while an ingest writes (SQLite WAL): readers never see half a document, and an open write
does not keep a reader waiting. How long a read takes meanwhile is a figure of bench/concurrency.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from bench.concurrency import read_while_writing
from bench.synthetic import graph_extractions
from explorer.model import Extraction
from explorer.store.sqlite import SQLiteStore

READERS = 4


def test_readers_see_only_whole_documents(tmp_path):
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    extractions = list(graph_extractions(entities=1000, relations=4000, per_document=40))
    seen = read_while_writing(url, extractions, READERS)
    assert seen.half_written == []
    assert len(seen.passes_ms) == READERS  # every reader finished
    store = SQLiteStore.open(url)
    assert store.stats()["documents"] == len(extractions)
    store.close()


def test_a_reader_is_not_kept_waiting_by_an_open_write(tmp_path):
    """The reader runs while the writer's transaction is open (between two parts of one document): it
    answers, from the store as it was before the document."""
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    first, second = list(graph_extractions(entities=50, relations=80, per_document=40))
    writer, reader = SQLiteStore.open(url), SQLiteStore.open(url)
    writer.upsert_extraction(first)
    seen: list[tuple] = []

    def read() -> None:
        seen.append((reader.has_document(second.document.id), reader.stats()["relations"]))

    def parts() -> Iterator[Extraction]:
        yield second  # written inside the open transaction
        during = threading.Thread(target=read)
        during.start()
        during.join(timeout=60)  # a reader blocked by the writer would still be waiting here
        assert not during.is_alive(), "the reader waited for the open write"

    assert writer.upsert_parts(second.document, parts())
    assert seen == [(False, len(first.relations))]
    assert (reader.has_document(second.document.id), reader.stats()["relations"]) == (
        True,
        len(first.relations) + len(second.relations),
    )
    writer.close()
    reader.close()
